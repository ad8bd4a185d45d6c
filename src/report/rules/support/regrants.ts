/*
 * What an account holds with grant option on resources of other catalogs (from the owner's grants to it),
 * and whether a re-grant by LF-tag expression is authorized (DM-22, LF-DG "Granting permissions on a
 * database or table shared with your account", "Managing LF-Tag value permissions").
 */
import { catalogOf, grants, GrantAt, lower, pushTo } from './common';
import { tagGrantProblems } from './tag-associations';
import type { DoctorContext } from '../../context';
import type { LfGrant } from '../../facts';
import { principalProblem } from '../../principals';

export interface Held {
  /** `catalog|db|table` -> permissions held with grant option. */
  readonly tables: Map<string, Set<string>>;
  /** `catalog|db` -> permissions held with grant option. */
  readonly databases: Map<string, Set<string>>;
}

const CACHE = new WeakMap<DoctorContext, Map<string, Held>>();

/** The permissions each account holds with grant option on other accounts' tables and databases. */
export function heldWithGrantOption(ctx: DoctorContext): Map<string, Held> {
  const cached = CACHE.get(ctx);
  if (cached) return cached;
  const out = new Map<string, Held>();
  const add = (m: Map<string, Set<string>>, k: string, perms: string[]) => {
    const s = m.get(k) ?? new Set<string>();
    perms.forEach(p => s.add(p));
    m.set(k, s);
  };
  for (const { g, principal } of grants(ctx)) {
    if (principal.kind !== 'account' || principal.account === g.grantorAccount || g.grantable.length === 0) continue;
    const held = out.get(principal.account) ?? { tables: new Map(), databases: new Map() };
    out.set(principal.account, held);
    for (const t of ctx.lf.tablesNamedBy(g)) if (t.catalog === g.grantorAccount) add(held.tables, `${t.catalog}|${t.database}|${t.name}`, g.grantable);
    const res = g.resource ?? {};
    if (res.Database) add(held.databases, `${catalogOf(res.Database.CatalogId, g.grantorAccount)}|${lower(res.Database.Name)}`, g.grantable);
    if (res.LFTagPolicy && String(res.LFTagPolicy.ResourceType).toUpperCase() === 'DATABASE') {
      const catalog = catalogOf(res.LFTagPolicy.CatalogId, g.grantorAccount);
      for (const db of ctx.facts.databases.filter(d => d.catalog === catalog)) {
        if (ctx.lf.databaseMatches(catalog, db.name, res.LFTagPolicy.Expression)) add(held.databases, `${catalog}|${db.name}`, g.grantable);
      }
    }
  }
  CACHE.set(ctx, out);
  return out;
}

const ACCOUNT_GRANTS = new WeakMap<DoctorContext, Map<string, GrantAt[]>>();

/** The grants to account principals, by `<grantor account>|<recipient account>` (indexed once, not filtered per re-grant). */
function accountGrants(ctx: DoctorContext): Map<string, GrantAt[]> {
  let out = ACCOUNT_GRANTS.get(ctx);
  if (!out) {
    out = new Map();
    for (const x of grants(ctx)) if (x.principal.kind === 'account') pushTo(out, `${x.g.grantorAccount}|${x.principal.account}`, x);
    ACCOUNT_GRANTS.set(ctx, out);
  }
  return out;
}

const DATABASES = new WeakMap<DoctorContext, Set<string>>();

/** Whether the assembly defines database `catalog|name` (indexed once). */
function definesDatabase(ctx: DoctorContext, catalog: string, name: string): boolean {
  let set = DATABASES.get(ctx);
  if (!set) {
    set = new Set(ctx.facts.databases.map(d => `${d.catalog}|${d.name}`));
    DATABASES.set(ctx, set);
  }
  return set.has(`${catalog}|${name}`);
}

/**
 * What Lake Formation refuses of a named re-grant (Database, Table, TableWithColumns, DataCellsFilter) of another
 * account's resources to a principal of the granting account: each resource (`database x of account y`,
 * `db.table of account y`) the granting account does not hold every permission of the grant on with grant option.
 * Empty when nothing is refused (or the grant is not such a re-grant).
 */
export function namedRegrantRefusals(ctx: DoctorContext, at: GrantAt): string[] {
  const { g, principal } = at;
  const res = g.resource ?? {};
  if (res.LFTagPolicy || res.LFTag || res.DataLocation || res.Catalog) return [];
  if (principal.account !== g.grantorAccount || !['iam', 'group'].includes(principal.kind)) return []; // re-shares: dm-22-reshare
  const wanted = [...new Set([...g.permissions, ...g.grantable])];
  const held = heldWithGrantOption(ctx).get(g.grantorAccount);
  const refused: string[] = [];
  if (res.Database) {
    const catalog = catalogOf(res.Database.CatalogId, g.grantorAccount);
    const name = lower(res.Database.Name);
    if (catalog !== g.grantorAccount && definesDatabase(ctx, catalog, name) && !covers(held?.databases.get(`${catalog}|${name}`), wanted)) {
      refused.push(`database ${name} of account ${catalog}`);
    }
  } else {
    for (const t of ctx.lf.tablesNamedBy(g)) {
      if (t.catalog === g.grantorAccount) continue;
      if (!covers(held?.tables.get(`${t.catalog}|${t.database}|${t.name}`), wanted)) refused.push(`${t.database}.${t.name} of account ${t.catalog}`);
    }
  }
  return refused;
}

/**
 * The grants Lake Formation refuses at deploy time: named re-grants of resources not held with grant option (DM-22
 * `regrant-not-held`), re-grants by an LF-tag expression the account may not grant (DM-22 `tag-regrant-not-grantable`),
 * grants by an LF-tag expression of undefined keys or values (DM-19 `tag-values`), grants to a principal that is no
 * Lake Formation principal (DM-44 `principal-not-arn`). They give nothing: the
 * evaluator leaves them out of the access entries (D45).
 */
export function refusedGrants(ctx: DoctorContext): Set<LfGrant> {
  const out = new Set<LfGrant>();
  for (const at of grants(ctx)) {
    if (principalProblem(at.g.principal) === 'invalid') out.add(at.g); // DM-44 principal-not-arn
    else if (tagGrantProblems(ctx, at.g).length > 0) out.add(at.g); // DM-19 tag-values
    else if (at.g.resource?.LFTagPolicy ? !tagRegrantAuthorized(ctx, at.g) : namedRegrantRefusals(ctx, at).length > 0) out.add(at.g);
  }
  return out;
}

/** Whether `held` covers every permission in `wanted` (ALL covers everything). */
export function covers(held: Set<string> | undefined, wanted: string[]): boolean {
  return held !== undefined && (held.has('ALL') || wanted.every(p => held.has(p)));
}

const normalized = (expression: any) => (Array.isArray(expression) ? expression : [])
  .map((e: any) => `${lower(e?.TagKey)}=${(Array.isArray(e?.TagValues) ? e.TagValues : []).map(lower).sort().join(',')}`).sort().join('&');

/**
 * Whether an account may grant by this LF-tag expression on another account's catalog: it holds the
 * identical expression with grant option (for every permission it grants), or DESCRIBE/ASSOCIATE with
 * grant option on every key and value of the expression.
 */
export function tagRegrantAuthorized(ctx: DoctorContext, g: LfGrant): boolean {
  const policy = g.resource?.LFTagPolicy;
  if (!policy) return true;
  const catalog = catalogOf(policy.CatalogId, g.grantorAccount);
  if (catalog === g.grantorAccount) return true;
  const toMe = accountGrants(ctx).get(`${catalog}|${g.grantorAccount}`) ?? [];
  const wanted = [...new Set([...g.permissions, ...g.grantable])];
  const identical = toMe.some(x => x.g.resource?.LFTagPolicy
    && catalogOf(x.g.resource.LFTagPolicy.CatalogId, catalog) === catalog
    && String(x.g.resource.LFTagPolicy.ResourceType).toUpperCase() === String(policy.ResourceType).toUpperCase()
    && normalized(x.g.resource.LFTagPolicy.Expression) === normalized(policy.Expression)
    && covers(new Set(x.g.grantable), wanted));
  if (identical) return true;
  const expr = Array.isArray(policy.Expression) ? policy.Expression : [];
  const values = (e: any): string[] => (Array.isArray(e?.TagValues) ? e.TagValues : []).map(lower);
  return expr.length > 0 && expr.every((e: any) => values(e).every((v: string) => toMe.some(x => x.g.resource?.LFTag
    && lower(x.g.resource.LFTag.TagKey) === lower(e.TagKey)
    && (x.g.resource.LFTag.TagValues ?? []).map(lower).some((hv: string) => hv === v || hv === '*')
    && x.g.grantable.some(p => ['DESCRIBE', 'ASSOCIATE', 'ALL'].includes(p)))));
}
