/* The resources and LF-tags of AWS::LakeFormation::TagAssociation resources, resolved. */
import { catalogOf, lower } from './common';
import type { DoctorContext } from '../../context';
import type { LfGrant } from '../../facts';
import type { ResolvedResource } from '../../resolver';

export interface AssociationInfo {
  readonly r: ResolvedResource;
  /** The catalog of the tagged resource. */
  readonly catalog: string;
  readonly kind: 'Catalog' | 'Database' | 'Table' | 'TableWithColumns' | 'none';
  readonly database?: string;
  readonly table?: string;
  readonly columns?: string[];
  readonly tags: Array<{ catalog: string; key: string; values: string[] }>;
}

export function associations(ctx: DoctorContext): AssociationInfo[] {
  return ctx.ofType('AWS::LakeFormation::TagAssociation').map(r => {
    const acct = r.stack.account;
    const res = r.props.Resource ?? {};
    const tags = (Array.isArray(r.props.LFTags) ? r.props.LFTags : []).map((t: any) => ({
      catalog: catalogOf(t?.CatalogId, acct),
      key: lower(t?.TagKey),
      values: (Array.isArray(t?.TagValues) ? t.TagValues : []).map(lower),
    }));
    if (res.TableWithColumns) {
      const t = res.TableWithColumns;
      return { r, catalog: catalogOf(t.CatalogId, acct), kind: 'TableWithColumns' as const, database: lower(t.DatabaseName), table: lower(t.Name), columns: (t.ColumnNames ?? []).map(lower), tags };
    }
    if (res.Table) return { r, catalog: catalogOf(res.Table.CatalogId, acct), kind: 'Table' as const, database: lower(res.Table.DatabaseName), table: res.Table.Name === undefined ? undefined : lower(res.Table.Name), tags };
    if (res.Database) return { r, catalog: catalogOf(res.Database.CatalogId, acct), kind: 'Database' as const, database: lower(res.Database.Name), tags };
    if (res.Catalog) return { r, catalog: catalogOf(res.Catalog.Id ?? res.Catalog.CatalogId, acct), kind: 'Catalog' as const, tags };
    return { r, catalog: acct, kind: 'none' as const, tags };
  });
}

const DEFINITIONS = new WeakMap<DoctorContext, Map<string, { r: ResolvedResource; values: string[] }>>();

/** The LF-tags the assembly defines (AWS::LakeFormation::Tag): `catalog|key` -> resource and values (computed once per context). */
export function tagDefinitions(ctx: DoctorContext): Map<string, { r: ResolvedResource; values: string[] }> {
  const cached = DEFINITIONS.get(ctx);
  if (cached) return cached;
  const out = new Map<string, { r: ResolvedResource; values: string[] }>();
  for (const r of ctx.ofType('AWS::LakeFormation::Tag')) {
    out.set(`${catalogOf(r.props.CatalogId, r.stack.account)}|${lower(r.props.TagKey)}`, { r, values: (Array.isArray(r.props.TagValues) ? r.props.TagValues : []).map(lower) });
  }
  DEFINITIONS.set(ctx, out);
  return out;
}

/** The most clauses an LFTagPolicy expression may have (DESIGN DM-19: ≤ 5 items in PrincipalPermissions' Expression). */
export const MAX_CLAUSES = 5;

const DEFINED_CATALOGS = new WeakMap<DoctorContext, Set<string>>();

/**
 * Why `values` of LF-tag `key` are not defined in `catalog` (DM-19), or undefined when they are — or when the
 * catalog's LF-tags are defined outside the assembly (nothing can be said then).
 */
export function undefinedTagValues(ctx: DoctorContext, catalog: string, key: string, values: string[]): string | undefined {
  const defs = tagDefinitions(ctx);
  let catalogs = DEFINED_CATALOGS.get(ctx);
  if (!catalogs) {
    catalogs = new Set([...defs.keys()].map(k => k.split('|')[0]));
    DEFINED_CATALOGS.set(ctx, catalogs);
  }
  if (!catalogs.has(catalog)) return undefined;
  const def = defs.get(`${catalog}|${key}`);
  if (!def) return `LF-tag ${key} is not defined in catalog ${catalog}`;
  const bad = values.filter(v => v !== '*' && !def.values.includes(v));
  return bad.length > 0 ? `${bad.join(', ')} ${bad.length > 1 ? 'are not values' : 'is not a value'} of LF-tag ${key} (${def.values.join(', ')}; ${def.r.stack.stackName}/${def.r.logicalId})` : undefined;
}

/**
 * Why Lake Formation refuses a grant by LF-tag expression or on an LF-tag (DM-19): keys or values the catalog does
 * not define, more than 5 clauses, an empty expression. Empty when it takes it.
 */
export function tagGrantProblems(ctx: DoctorContext, g: LfGrant): string[] {
  const res = g.resource ?? {};
  if (res.LFTagPolicy) {
    const catalog = catalogOf(res.LFTagPolicy.CatalogId, g.grantorAccount);
    const expr = Array.isArray(res.LFTagPolicy.Expression) ? res.LFTagPolicy.Expression : [];
    const problems = expr.map((e: any) => undefinedTagValues(ctx, catalog, lower(e?.TagKey), (e?.TagValues ?? []).map(lower)))
      .filter((x: any): x is string => x !== undefined);
    if (expr.length > MAX_CLAUSES) problems.push(`the expression has ${expr.length} clauses (at most ${MAX_CLAUSES})`);
    if (expr.length === 0) problems.push('the expression is empty');
    return problems;
  }
  if (res.LFTag) {
    const catalog = catalogOf(res.LFTag.CatalogId, g.grantorAccount);
    const u = undefinedTagValues(ctx, catalog, lower(res.LFTag.TagKey), (res.LFTag.TagValues ?? []).map(lower));
    return u ? [u] : [];
  }
  return [];
}
