/* Tagging-model helpers shared by the constructs (jsii has no exported functions or constants). */
import type { Confidentiality } from '../confidentiality';
import type { LfTagCondition } from '../lf-tag-condition';

/** The confidentiality levels, least restricted first. */
export const CONFIDENTIALITY_ORDER: readonly Confidentiality[] = ['public', 'private', 'sensitive'] as Confidentiality[];

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

/** The confidentiality key (values: the levels). */
export const CONFIDENTIALITY_KEY = 'confidentiality';

/** `key=value` or `key IN (a, b)`. */
export function describeCondition(c: LfTagCondition): string {
  const values = c.values;
  return values.length === 1 ? `${c.keyName}=${values[0]}` : `${c.keyName} IN (${values.join(', ')})`;
}
