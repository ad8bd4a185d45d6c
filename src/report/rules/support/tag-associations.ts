/* The resources and LF-tags of AWS::LakeFormation::TagAssociation resources, resolved. */
import { catalogOf, lower } from './common';
import type { DoctorContext } from '../../context';
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

/** The LF-tags the assembly defines (AWS::LakeFormation::Tag): `catalog|key` -> resource and values. */
export function tagDefinitions(ctx: DoctorContext): Map<string, { r: ResolvedResource; values: string[] }> {
  const out = new Map<string, { r: ResolvedResource; values: string[] }>();
  for (const r of ctx.ofType('AWS::LakeFormation::Tag')) {
    out.set(`${catalogOf(r.props.CatalogId, r.stack.account)}|${lower(r.props.TagKey)}`, { r, values: (Array.isArray(r.props.TagValues) ? r.props.TagValues : []).map(lower) });
  }
  return out;
}
