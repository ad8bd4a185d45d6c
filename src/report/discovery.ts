/*
 * Discovery (issue 18, D66): the LF-tag that marks a product database discoverable, and the Glue database parameter that
 * records a product's opt-out. The report's contract module for discovery: the constructs write these, the evaluator,
 * the doctor's DM-47/DM-48 and the product reader read them (no aws-cdk-lib here).
 */

/** The LF-tag key every discoverable product database carries (value `yes`); the ontology reserves it. */
export const DISCOVERY_KEY = 'discoverable';
/** The one value of the discovery key. */
export const DISCOVERY_VALUE = 'yes';
/** The Glue database parameter a product that opts out of discovery carries, with the value `false`. */
export const DISCOVERABLE_PARAMETER = 'cdk-data-mesh:discoverable';

/** Whether an LF-tag expression (CloudFormation's `Expression`: `[{ TagKey, TagValues }]`) is the discovery expression alone. */
export function isDiscoveryExpression(expression: unknown): boolean {
  if (!Array.isArray(expression) || expression.length !== 1) return false;
  const e = expression[0] as { TagKey?: unknown; TagValues?: unknown };
  return String(e?.TagKey ?? '').toLowerCase() === DISCOVERY_KEY && Array.isArray(e.TagValues) &&
    e.TagValues.length > 0 && e.TagValues.every(v => String(v).toLowerCase() === DISCOVERY_VALUE);
}

/** Whether an LF-tag expression names the discovery key at all (alone or with other conditions). */
export function namesDiscoveryKey(expression: unknown): boolean {
  return Array.isArray(expression) && expression.some(e => String((e as { TagKey?: unknown })?.TagKey ?? '').toLowerCase() === DISCOVERY_KEY);
}
