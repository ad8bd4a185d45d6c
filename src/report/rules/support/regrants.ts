/*
 * What an account holds with grant option on resources of other catalogs (from the owner's grants to it),
 * and whether a re-grant by LF-tag expression is authorized (DM-22, LF-DG "Granting permissions on a
 * database or table shared with your account", "Managing LF-Tag value permissions").
 */
import { catalogOf, grants, GrantAt, lower } from './common';
import type { DoctorContext } from '../../context';
import type { LfGrant } from '../../facts';

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
  const toMe = grants(ctx).filter((x: GrantAt) => x.g.grantorAccount === catalog && x.principal.kind === 'account' && x.principal.account === g.grantorAccount);
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
