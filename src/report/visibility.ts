/*
 * What the matrix view and the diagram show besides the access entries, read from the templates alone
 * (so it works on assemblies this library did not write):
 * - each column's confidentiality: the effective value of the `confidentiality` LF-tag (database, then
 *   table, then column, key by key), as Lake Formation matches it;
 * - each principal's clearance: the confidentiality values its LF-tag grants on tables allow (the
 *   TagValues of their `confidentiality` clause; a tag grant without that clause allows every level),
 *   shown as the highest level when the values are the lowest ones of the key's order, else listed;
 *   nothing when the principal holds no tag grant (grants by name);
 * - the order of the levels: the TagValues of the key's `AWS::LakeFormation::Tag`, lowest first (as
 *   `LfTagOntology` writes them); without a definition, the values in the order first seen.
 */
import { parseS3Uri } from './aws-index';
import type { DoctorContext } from './context';
import { normalizePrincipal } from './principals';
import { CONFIDENTIALITY_KEY } from './stack-metadata';
import { tableLocation } from './unverified';


export interface TableView {
  readonly catalog: string;
  readonly database: string;
  readonly name: string;
  /** Every column of the table (partition keys last), with its effective confidentiality, if tagged. */
  readonly columns: Array<{ readonly name: string; readonly confidentiality?: string }>;
  /** The account whose bucket holds the table's data, when the assembly defines the bucket. */
  readonly dataAccount?: string;
  /** The bucket of the table's location, when it is known. */
  readonly bucket?: string;
}

export interface PrincipalView {
  readonly account: string;
  readonly principal: string;
  readonly kind: 'account' | 'creator' | 'admin' | 'group' | 'principal';
  /** The confidentiality values its LF-tag grants allow, lowest first; undefined when it holds no tag grant. */
  readonly levels?: string[];
  /** `levels` in a word: the highest level when they are the lowest ones in order, else `a+b`. */
  readonly clearance?: string;
}

export interface Visibility {
  /** The confidentiality levels, lowest first. */
  readonly levels: string[];
  readonly tables: TableView[];
  /** By `<account>|<principal>` (as the access entries name them). */
  readonly principals: Map<string, PrincipalView>;
}

const READ = new Set(['SELECT', 'ALL', 'SUPER']);

export function principalKey(account: string, principal: string): string {
  return `${account}|${principal}`;
}

export function visibilityOf(ctx: DoctorContext): Visibility {
  const { facts } = ctx;
  const tagOf = (k: string) => (facts.tags.get(k) ?? []).find(t => t.key === CONFIDENTIALITY_KEY)?.value;
  const seen: string[] = [];
  const note = (v: string | undefined) => {
    if (v !== undefined && v !== '*' && !seen.includes(v)) seen.push(v);
  };
  const tables: TableView[] = facts.tables.map(t => {
    const inherited = tagOf(`${t.catalog}|table|${t.database}|${t.name}`) ?? tagOf(`${t.catalog}|db|${t.database}`);
    const columns = t.columns.map(c => ({ name: c, confidentiality: tagOf(`${t.catalog}|column|${t.database}|${t.name}|${c}`) ?? inherited }));
    columns.forEach(c => note(c.confidentiality));
    const location = tableLocation(ctx, t);
    const bucket = location === undefined ? undefined : parseS3Uri(location)?.bucket;
    const known = bucket === undefined || bucket.includes('${') ? undefined : bucket;
    const dataAccount = known === undefined ? undefined : ctx.aws.bucket(known)?.account;
    return { catalog: t.catalog, database: t.database, name: t.name, columns, bucket: known, dataAccount };
  });

  // What each principal's tag grants on tables allow of the confidentiality key ('*': every level).
  const allowed = new Map<string, Set<string>>();
  for (const g of facts.grants) {
    const policy = g.resource?.LFTagPolicy;
    if (!policy || String(policy.ResourceType).toUpperCase() !== 'TABLE') continue;
    if (!g.permissions.some(x => READ.has(x)) && !g.grantable.some(x => READ.has(x))) continue;
    const p = normalizePrincipal(g.principal, g.grantorAccount);
    const clause = (Array.isArray(policy.Expression) ? policy.Expression : []).find((e: any) => String(e?.TagKey ?? '').toLowerCase() === CONFIDENTIALITY_KEY);
    const values = clause === undefined ? ['*'] : (Array.isArray(clause.TagValues) ? clause.TagValues : []).map((v: any) => String(v).toLowerCase());
    const key = principalKey(p.account, p.principal);
    const set = allowed.get(key) ?? new Set<string>();
    allowed.set(key, set);
    for (const v of values) {
      set.add(v);
      note(v);
    }
  }

  const catalogs = [...new Set(facts.tables.map(t => t.catalog))].sort();
  const defined = catalogs.map(c => facts.tagDefinitions.get(`${c}|${CONFIDENTIALITY_KEY}`)).find(v => v !== undefined);
  const levels = [...(defined ?? []).map(v => v.toLowerCase()), ...seen.filter(v => !(defined ?? []).map(d => d.toLowerCase()).includes(v))];

  const creators = new Set(facts.tables.filter(t => t.creator).map(t => {
    const p = normalizePrincipal(t.creator!, t.catalog);
    return principalKey(p.account, p.principal);
  }));
  const principals = new Map<string, PrincipalView>();
  for (const a of ctx.lf.access) {
    const key = principalKey(a.account, a.principal);
    if (principals.has(key)) continue;
    const p = normalizePrincipal(a.principal, a.account);
    const kind: PrincipalView['kind'] = p.kind === 'account' ? 'account'
      : p.kind === 'group' ? 'group'
        : creators.has(key) ? 'creator'
          : (facts.settings.get(a.account)?.admins ?? []).includes(a.principal) ? 'admin' : 'principal';
    const set = allowed.get(key);
    // No confidentiality key anywhere in the assembly: no clearance to speak of.
    const mine = set === undefined || levels.length === 0 ? undefined : set.has('*') ? [...levels] : levels.filter(l => set.has(l));
    const clearance = mine === undefined ? undefined : clearanceOf(mine, levels);
    principals.set(key, { account: a.account, principal: a.principal, kind, levels: mine, clearance });
  }
  return { levels, tables, principals };
}

/** `private` for [public, private] of [public, private, sensitive]; `public+sensitive` when a level in between is left out. */
export function clearanceOf(values: string[], levels: string[]): string {
  if (values.length === 0) return 'none';
  const lowest = values.every((v, i) => levels[i] === v);
  return lowest ? values[values.length - 1] : values.join('+');
}
