/* Helpers shared by the doctor's rules: the grants with their resources, and how to name LF resources. */
import type { DoctorContext } from '../../context';
import type { LfGrant } from '../../facts';
import { normalizePrincipal, Principal } from '../../principals';
import type { ResolvedResource } from '../../resolver';

export const GRANT_TYPES = ['AWS::LakeFormation::PrincipalPermissions', 'AWS::LakeFormation::Permissions'];

/** Resources whose creation needs the deploying role to be a data lake admin (DM-01). */
export const ADMIN_ONLY_TYPES = [...GRANT_TYPES, 'AWS::LakeFormation::TagAssociation', 'AWS::LakeFormation::Tag', 'AWS::LakeFormation::DataCellsFilter'];

export interface GrantAt {
  readonly g: LfGrant;
  readonly r: ResolvedResource;
  readonly principal: Principal;
}

const CACHE = new WeakMap<DoctorContext, GrantAt[]>();

/** Every Lake Formation grant of the assembly with its resource and normalized principal. */
export function grants(ctx: DoctorContext): GrantAt[] {
  let list = CACHE.get(ctx);
  if (!list) {
    list = ctx.facts.grants.flatMap(g => {
      const r = ctx.resource(g.stackName, g.logicalId);
      return r ? [{ g, r, principal: normalizePrincipal(g.principal, g.grantorAccount) }] : [];
    });
    CACHE.set(ctx, list);
  }
  return list;
}

export const lower = (v: any) => String(v ?? '').toLowerCase();

/** The catalog a resource names (its CatalogId, or the account of the stack that names it). */
export function catalogOf(v: any, account: string): string {
  return v === undefined || v === null ? account : String(v);
}

/** A Lake Formation resource (PrincipalPermissions shape) in words, for messages. */
export function describeResource(res: any, account: string): string {
  if (!res || typeof res !== 'object') return 'an unknown resource';
  if (res.Database) return `database ${res.Database.Name} of catalog ${catalogOf(res.Database.CatalogId, account)}`;
  if (res.Table) {
    const name = res.Table.Name ?? (res.Table.TableWildcard !== undefined ? '*' : '?');
    return `table ${res.Table.DatabaseName}.${name} of catalog ${catalogOf(res.Table.CatalogId, account)}`;
  }
  if (res.TableWithColumns) {
    const t = res.TableWithColumns;
    return `columns of ${t.DatabaseName}.${t.Name} of catalog ${catalogOf(t.CatalogId, account)}`;
  }
  if (res.DataCellsFilter) {
    const f = res.DataCellsFilter;
    return `data filter ${f.Name} on ${f.DatabaseName}.${f.TableName} of catalog ${catalogOf(f.TableCatalogId, account)}`;
  }
  if (res.LFTagPolicy) return `${String(res.LFTagPolicy.ResourceType).toUpperCase()} tag expression ${expressionText(res.LFTagPolicy.Expression)} of catalog ${catalogOf(res.LFTagPolicy.CatalogId, account)}`;
  if (res.LFTag) return `LF-tag ${res.LFTag.TagKey}=${(res.LFTag.TagValues ?? []).join('|')} of catalog ${catalogOf(res.LFTag.CatalogId, account)}`;
  if (res.DataLocation) return `data location ${res.DataLocation.ResourceArn}`;
  if (res.Catalog) return 'the catalog';
  return 'an unknown resource';
}

/** `key=v1|v2 AND key2=v3` */
export function expressionText(expression: any): string {
  return (Array.isArray(expression) ? expression : []).map((e: any) => `${e?.TagKey}=${(e?.TagValues ?? []).join('|')}`).join(' AND ');
}

/** The Lake Formation permissions a grant gives (upper case), with its grant option. */
export function permissionsOf(g: LfGrant): string[] {
  return [...new Set([...g.permissions, ...g.grantable])];
}

/** `<stack>/<logicalId>` of a resolved resource. */
export function path(r: ResolvedResource): string {
  return `${r.stack.stackName}/${r.logicalId}`;
}

/** Appends to the list of `key` (in place: rules group thousands of resources, a copy per append would be quadratic). */
export function pushTo<K, V>(m: Map<K, V[]>, key: K, value: V): void {
  const list = m.get(key);
  if (list) list.push(value); else m.set(key, [value]);
}
