/* Tagging-model helpers shared by the constructs (jsii has no exported functions or constants). */
import type { Confidentiality } from '../confidentiality';
import type { LfTagCondition } from '../lf-tag-condition';
import { ErrorScope, throwValidationError } from './errors';
import { listOf, NameRule } from './validation';
import { CONFIDENTIALITY_LEVELS } from '../report/stack-metadata';

/** The confidentiality levels, least restricted first. */
export const CONFIDENTIALITY_ORDER: readonly Confidentiality[] = CONFIDENTIALITY_LEVELS as readonly Confidentiality[];

/** The fix of a value that is not a level, unless the caller knows a better one. */
const USE_A_LEVEL = 'Use Confidentiality.PUBLIC, Confidentiality.PRIVATE or Confidentiality.SENSITIVE.';

/** Refuses a value that is not a confidentiality level: `<prop> '<value>' is not a confidentiality level (levels: ...). <fix>` */
export function checkConfidentiality(scope: ErrorScope, prop: string, level: Confidentiality, fix = USE_A_LEVEL): void {
  if (!CONFIDENTIALITY_ORDER.includes(level)) {
    throwValidationError(scope, `${prop} '${level}' is not a confidentiality level (levels: ${listOf(CONFIDENTIALITY_ORDER)}). ${fix}`);
  }
}

/** The rank of a level (0 = public), for comparisons. */
export function confidentialityRank(level: Confidentiality): number {
  return CONFIDENTIALITY_ORDER.indexOf(level);
}

/** Every level up to and including `ceiling`, least restricted first. */
export function confidentialityUpTo(ceiling: Confidentiality): Confidentiality[] {
  return CONFIDENTIALITY_ORDER.slice(0, confidentialityRank(ceiling) + 1);
}

/** The value of every consumer key. */
export const CONSUMER_VALUE = 'yes';

/** The consumer key name of a domain, `consumer_<domain>` (hyphens become underscores, like Glue names). */
export function consumerKeyName(domain: string): string {
  return `consumer_${domain.replace(/-/g, '_')}`;
}

/** The key of the producing line of business (values: the producer domains). */
export const PRODUCER_KEY = 'producer';

/** The confidentiality key (values: the levels); the report's contract module owns it. */
export { CONFIDENTIALITY_KEY } from '../report/stack-metadata';

/** The discovery key and value (`discoverable=yes`, D66) and the opt-out parameter; the report's discovery module owns them. */
export { DISCOVERABLE_PARAMETER, DISCOVERY_KEY, DISCOVERY_VALUE } from '../report/discovery';

/** `key=value` or `key IN (a, b)`. */
export function describeCondition(c: LfTagCondition): string {
  const values = c.values;
  return values.length === 1 ? `${c.keyName}=${values[0]}` : `${c.keyName} IN (${values.join(', ')})`;
}

/** The strictest of Lake Formation's documented rules: guide (<= 50), CloudFormation's character set, stored lower-case (DM-19). */
export const TAG_TEXT: NameRule = {
  description: 'lower-case letters, digits and _ . : / = + - @ %',
  pattern: /^[a-z0-9_.:/=+\-@%]+$/,
  minLength: 1,
  maxLength: 50,
  example: 'cost_center',
};
