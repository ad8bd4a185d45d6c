import { ACCOUNT_ID, DoctorFinding, finding, Rule } from '../context';
import type { ResolvedResource } from '../resolver';
import { catalogOf, grants, lower } from './support/common';

/**
 * DM-31: every CatalogId is the 12-digit id of the account that owns the catalog object: a stack creates
 * databases, tables, LF-tags and filters in its own account's catalog, and a grant or association names a
 * database where the assembly defines it.
 */
export const rule: Rule = {
  id: 'DM-31',
  name: 'catalog-ids',
  severity: 'error',
  description: "Catalog ids are 12-digit account ids; databases, tables, LF-tags and filters are created in their stack's own catalog; grants, associations and links name databases in the catalog that holds them.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    // Environment-agnostic stacks resolve AWS::AccountId to `unknown-account`: unknown, not wrong.
    const unknown = (v: any) => v === undefined || String(v).includes('${') || String(v) === 'unknown-account';
    const bad = (r: ResolvedResource, prop: string, v: any) => {
      if (unknown(v)) return false;
      if (ACCOUNT_ID.test(String(v))) return false;
      out.push(finding(this, r, `${prop} is "${v}", not a 12-digit account id: Lake Formation and Glue reject it.`, `use the owner account's id (e.g. "${r.stack.account}").`));
      return true;
    };
    const own = (r: ResolvedResource, prop: string, v: any) => {
      if (unknown(v) || bad(r, prop, v) || String(v) === r.stack.account || r.stack.account === 'unknown-account') return;
      out.push(finding(this, r, `${prop} is ${v}, but the stack deploys to account ${r.stack.account}: a stack creates catalog objects only in its own account's catalog.`,
        `use ${r.stack.account}, or create the object from a stack of account ${v}.`));
    };
    for (const r of ctx.ofType('AWS::Glue::Database', 'AWS::Glue::Table', 'AWS::LakeFormation::Tag')) own(r, 'CatalogId', r.props.CatalogId);
    for (const r of ctx.ofType('AWS::LakeFormation::DataCellsFilter')) own(r, 'TableCatalogId', r.props.TableCatalogId);
    for (const r of ctx.ofType('AWS::LakeFormation::PrincipalPermissions')) own(r, 'Catalog', r.props.Catalog);
    for (const r of ctx.ofType('AWS::Glue::Crawler')) bad(r, 'LakeFormationConfiguration.AccountId', r.props.LakeFormationConfiguration?.AccountId);
    // Databases (and database links) by catalog, to check the catalog a reference names.
    const where = new Map<string, Set<string>>();
    for (const d of ctx.facts.databases) where.set(d.name, new Set([...(where.get(d.name) ?? []), d.catalog]));
    for (const l of ctx.facts.links) if (l.targetTable === undefined) where.set(l.name, new Set([...(where.get(l.name) ?? []), l.catalog]));
    const names = (r: ResolvedResource, prop: string, catalog: any, database: any) => {
      if (catalog !== undefined && bad(r, prop, catalog)) return;
      const c = catalogOf(catalog, r.stack.account);
      const db = lower(database);
      const owners = where.get(db);
      if (!owners || owners.has(c) || unknown(c) || db.includes('${')) return;
      out.push(finding(this, r, `${prop} ${c} holds no database ${db}; the assembly defines it in catalog ${[...owners].join(', ')}.`,
        `set ${prop} to the owner's account id (${[...owners][0]}).`));
    };
    for (const { g, r } of grants(ctx)) {
      const res = g.resource ?? {};
      if (res.Database) names(r, 'Resource.Database.CatalogId', res.Database.CatalogId, res.Database.Name);
      if (res.Table) names(r, 'Resource.Table.CatalogId', res.Table.CatalogId, res.Table.DatabaseName);
      if (res.TableWithColumns) names(r, 'Resource.TableWithColumns.CatalogId', res.TableWithColumns.CatalogId, res.TableWithColumns.DatabaseName);
      if (res.DataCellsFilter) bad(r, 'Resource.DataCellsFilter.TableCatalogId', res.DataCellsFilter.TableCatalogId);
      if (res.LFTagPolicy) bad(r, 'Resource.LFTagPolicy.CatalogId', res.LFTagPolicy.CatalogId);
      if (res.LFTag) bad(r, 'Resource.LFTag.CatalogId', res.LFTag.CatalogId);
    }
    for (const r of ctx.ofType('AWS::LakeFormation::TagAssociation')) {
      const res = r.props.Resource ?? {};
      if (res.Database) names(r, 'Resource.Database.CatalogId', res.Database.CatalogId, res.Database.Name);
      if (res.Table) names(r, 'Resource.Table.CatalogId', res.Table.CatalogId, res.Table.DatabaseName);
      if (res.TableWithColumns) names(r, 'Resource.TableWithColumns.CatalogId', res.TableWithColumns.CatalogId, res.TableWithColumns.DatabaseName);
      for (const t of Array.isArray(r.props.LFTags) ? r.props.LFTags : []) bad(r, 'LFTags.CatalogId', t?.CatalogId);
    }
    for (const r of ctx.ofType('AWS::Glue::Database')) {
      const t = r.props.DatabaseInput?.TargetDatabase;
      if (t) names(r, 'DatabaseInput.TargetDatabase.CatalogId', t.CatalogId, t.DatabaseName);
    }
    for (const r of ctx.ofType('AWS::Glue::Table')) {
      const t = r.props.TableInput?.TargetTable;
      if (t) names(r, 'TableInput.TargetTable.CatalogId', t.CatalogId, t.DatabaseName);
    }
    return out;
  },
};
