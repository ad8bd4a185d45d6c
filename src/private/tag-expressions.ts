/*
 * LF-tag expressions as plain data (key -> values), for the share registry and the consumer's re-grants
 * (issue 15, D42): what a tag-mode share grants the consumer account, which LF-tag values it may grant on
 * (DESCRIBE with grant option, DM-22), and whether a consumer's re-grant expression stays within both.
 */
import type { Confidentiality } from '../confidentiality';
import type { LfTagExpression } from '../lf-tag-expression';
import { CONFIDENTIALITY_KEY, CONFIDENTIALITY_ORDER, confidentialityUpTo, CONSUMER_VALUE, consumerKeyName } from './tags';

/** One condition of an expression: the key's value is one of `values`. */
export interface TagClause {
  readonly key: string;
  readonly values: string[];
}

/** Lake Formation's limit of keys in one LFTagPolicy expression (DM-19). */
export const MAX_EXPRESSION_KEYS = 5;

/** An expression's conditions as data: sorted by key, each key's values in the order its ontology declares them (the same expression, however written). */
export function clausesOf(expression: LfTagExpression): TagClause[] {
  return expression.conditions
    .map(c => ({ key: c.keyName, values: c.key.values.filter(v => c.values.includes(v)) }))
    .sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** An expression as messages show it, whatever was passed (JavaScript callers can pass anything). */
export function describeTagExpression(expression: LfTagExpression): string {
  return Array.isArray((expression as LfTagExpression | undefined)?.conditions) ? expression.toString() : String(expression);
}

/** `key=value AND key IN (a, b)`. */
export function describeClauses(clauses: TagClause[]): string {
  return clauses.map(c => c.values.length === 1 ? `${c.key}=${c.values[0]}` : `${c.key} IN (${c.values.join(', ')})`).join(' AND ');
}

/** Whether two clause lists are the same expression. */
export function sameClauses(a: TagClause[], b: TagClause[]): boolean {
  const norm = (x: TagClause[]) => JSON.stringify([...x].map(c => [c.key, [...c.values].sort()]).sort());
  return norm(a) === norm(b);
}

/** What a tag-mode share grants, besides `consumer_<domain>=yes`: its expression, or the confidentiality ceiling as one. */
export interface TagShare {
  readonly ceiling?: Confidentiality;
  readonly expression?: TagClause[];
}

/** The conditions a tag-mode share grants the consumer account on tables, besides the consumer key. */
export function shareClauses(share: TagShare): TagClause[] {
  return share.expression ?? [{ key: CONFIDENTIALITY_KEY, values: confidentialityUpTo(share.ceiling!) }];
}

/** The confidentiality levels a tag-mode share shows (every level when its expression does not name the key). */
export function shareLevels(share: TagShare): Confidentiality[] {
  const clause = shareClauses(share).find(c => c.key === CONFIDENTIALITY_KEY);
  return clause ? CONFIDENTIALITY_ORDER.filter(l => clause.values.includes(l)) : [...CONFIDENTIALITY_ORDER];
}

/**
 * The LF-tag values the consumer account may grant on (the share gives it DESCRIBE with grant option on each, DM-22):
 * the consumer key's value, every value of the share's expression, and the confidentiality levels the share shows
 * (all of them when the expression does not name confidentiality), so that roles can be narrowed by clearance.
 */
export function grantableValues(consumer: string, share: TagShare): Map<string, string[]> {
  const out = new Map<string, string[]>([[consumerKeyName(consumer), [CONSUMER_VALUE]]]);
  for (const c of shareClauses(share)) out.set(c.key, [...c.values]);
  out.set(CONFIDENTIALITY_KEY, shareLevels(share));
  return out;
}

/**
 * Why `wanted` (a consumer role's expression, besides the consumer key) is not one the consumer account can grant
 * from `share` (DM-22), or undefined when it is: it may name only values the account may grant on, and must keep
 * every condition of the share's expression (narrowed or not), else it would name columns the account does not hold.
 */
export function regrantProblem(consumer: string, share: TagShare, wanted: TagClause[]): { why: string; fix: string } | undefined {
  const grantable = grantableValues(consumer, share);
  for (const c of wanted) {
    const values = grantable.get(c.key);
    if (values === undefined) {
      return {
        why: `names key '${c.key}', but the share grants consumer '${consumer}' LF-tag permissions (DESCRIBE with grant option) on ` +
          `${[...grantable.keys()].join(', ')} only, so Lake Formation refuses a re-grant naming '${c.key}'`,
        fix: `Add a condition on '${c.key}' to the DataProductShare's tagExpression, or leave '${c.key}' out of this expression.`,
      };
    }
    const extra = c.values.filter(v => !values.includes(v));
    if (extra.length > 0) {
      return {
        why: `grants ${c.key} IN (${c.values.join(', ')}), but consumer '${consumer}' received ${c.key} IN (${values.join(', ')}) only: it cannot ` +
          `re-grant ${extra.join(', ')}`,
        fix: `Use values it received (e.g. ontology.key('${c.key}').value('${values[0]}')), or widen the DataProductShare.`,
      };
    }
  }
  for (const c of shareClauses(share)) {
    if (!wanted.some(w => w.key === c.key)) {
      return {
        why: `has no condition on '${c.key}', but consumer '${consumer}' received only the columns with ${describeClauses([c])}: the re-grant would name ` +
          'columns it does not hold, which Lake Formation leaves out',
        fix: `Add the share's condition (or a narrower one) on '${c.key}', e.g. ontology.key('${c.key}').anyOf([${c.values.map(v => `'${v}'`).join(', ')}]).`,
      };
    }
  }
  return undefined;
}
