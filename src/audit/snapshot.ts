/*
 * One mesh's Lake Formation state as comparable items, whether declared (the assembly's templates, read by
 * the report's own reader, resolver and fact extraction) or live (the accounts' API responses): grants
 * keyed by grantor, principal and canonical resource; tags keyed by resource and key; LF-tag keys,
 * databases, tables, resource links, data-cells filters, settings and registered locations. Two snapshots
 * are compared item by item (compare.ts), and each is turned back into the report's `MeshFacts` so that
 * the report's `LfEvaluator` says what either side gives in columns (D55).
 */
import type { AccountState } from './state';
import { columnsOf, defaultsOf, emptyFacts, filterOf } from '../report/facts';
import type { AccountSettings, CatalogDatabase, CatalogTable, CellsFilter, LfGrant, MeshFacts, ResourceLink, StackRole, TagValue } from '../report/facts';
import { normalizePrincipal } from '../report/principals';
import type { ResolvedResource } from '../report/resolver';

export type Category = 'grant' | 'tag' | 'lf-tag' | 'database' | 'table' | 'link' | 'filter' | 'settings' | 'location';

/** One comparable piece of state. `value` is what is compared (canonical JSON); `fact` what the evaluator reads. */
export interface Item {
  readonly category: Category;
  /** Unique within the category. */
  readonly key: string;
  /** The account the item lives in (the grantor of a grant, the catalog of a tag or table). */
  readonly account: string;
  /** Where it comes from: `<stack>/<logical id>` (declared) or `live <account>`. */
  readonly source: string;
  readonly value: any;
  readonly fact?: any;
}

/** The grant item's value: the permissions a principal holds on one resource (the union of the grants that name it). */
export interface GrantValue {
  readonly grantor: string;
  readonly principal: string;
  readonly resource: any;
  readonly permissions: string[];
  readonly grantable: string[];
}

export interface SettingsValue {
  readonly admins: string[];
  readonly createTableDefaults: string[] | null;
  readonly createDatabaseDefaults: string[] | null;
  readonly crossAccountVersion: string | null;
  /** `TrustedResourceOwners`, sorted (null: not declared, so not compared). */
  readonly trustedResourceOwners?: string[] | null;
  /** `AllowFullTableExternalDataAccess` (null: not declared, so not compared). */
  readonly allowFullTableExternalDataAccess?: boolean | null;
  /** `ReadOnlyAdmins` (live only: CloudFormation's DataLakeSettings has no such property, so nothing declares them). */
  readonly readOnlyAdmins?: string[] | null;
}

/** The settings fields besides admins and defaults (declared: from the template's DataLakeSettings; live: GetDataLakeSettings). */
export interface OtherSettings {
  readonly trustedResourceOwners: string[] | null;
  readonly allowFullTableExternalDataAccess: boolean | null;
  readonly readOnlyAdmins: string[] | null;
}

function otherSettings(p: any, live: boolean): OtherSettings {
  const owners = p?.TrustedResourceOwners;
  const full = p?.AllowFullTableExternalDataAccess;
  const readOnly = p?.ReadOnlyAdmins;
  return {
    trustedResourceOwners: Array.isArray(owners) ? owners.map(String).sort() : live ? [] : null,
    allowFullTableExternalDataAccess: full === undefined ? (live ? false : null) : full === true || String(full).toLowerCase() === 'true',
    readOnlyAdmins: Array.isArray(readOnly) ? readOnly.map((a: any) => String(a?.DataLakePrincipalIdentifier)).sort() : live ? [] : null,
  };
}

/** Items by `${category}|${key}`, plus what the evaluator needs besides them. */
export class Snapshot {
  public static id(category: Category, key: string): string {
    return `${category}|${key}`;
  }

  public readonly items = new Map<string, Item>();

  constructor(public readonly stacks: StackRole[], public readonly buckets: MeshFacts['buckets']) {}

  public get(category: Category, key: string): Item | undefined {
    return this.items.get(Snapshot.id(category, key));
  }

  public set(item: Item): void {
    this.items.set(Snapshot.id(item.category, item.key), item);
  }

  /** Merges a grant into the item of its key (Lake Formation holds one permission set per principal and resource). */
  public addGrant(g: GrantValue, source: string): void {
    const key = grantKey(g);
    const current = this.get('grant', key);
    const prev: GrantValue | undefined = current?.value;
    const value: GrantValue = {
      grantor: g.grantor,
      principal: g.principal,
      resource: g.resource,
      permissions: sortedUnion(prev?.permissions ?? [], g.permissions),
      grantable: sortedUnion(prev?.grantable ?? [], g.grantable),
    };
    this.set({ category: 'grant', key, account: g.grantor, source: current ? `${current.source}, ${source}` : source, value });
  }

  /** A copy with some items replaced (`undefined`: removed). */
  public with(changes: Array<{ id: string; item: Item | undefined }>): Snapshot {
    const copy = new Snapshot(this.stacks, this.buckets);
    this.items.forEach((v, k) => copy.items.set(k, v));
    for (const { id, item } of changes) {
      if (item === undefined) copy.items.delete(id); else copy.items.set(id, item);
    }
    return copy;
  }

  /** The report's facts for this snapshot: what `LfEvaluator` reads. */
  public toFacts(): MeshFacts {
    const facts = emptyFacts(this.stacks, this.buckets);
    for (const item of this.items.values()) {
      switch (item.category) {
        case 'grant': {
          const v: GrantValue = item.value;
          const grant: LfGrant = {
            grantorAccount: v.grantor,
            principal: v.principal,
            resource: v.resource,
            permissions: v.permissions,
            grantable: v.grantable,
            stackName: item.source,
            logicalId: item.key,
            legacy: false,
          };
          facts.grants.push(grant);
          break;
        }
        case 'tag': {
          const { resource, key, value } = item.value as { resource: string; key: string; value: string };
          const list = facts.tags.get(resource) ?? [];
          list.push({ key, value } as TagValue);
          facts.tags.set(resource, list);
          break;
        }
        case 'lf-tag': facts.tagDefinitions.set(item.key, item.value.values); break;
        case 'database': facts.databases.push(item.fact as CatalogDatabase); break;
        case 'table': facts.tables.push(item.fact as CatalogTable); break;
        case 'link': facts.links.push(item.fact as ResourceLink); break;
        case 'filter': facts.filters.push(item.fact as CellsFilter); break;
        case 'settings': facts.settings.set(item.key, item.fact as AccountSettings); break;
        default: break;
      }
    }
    return facts;
  }
}

const lower = (v: any) => String(v ?? '').toLowerCase();
const ACCOUNT_ID = /^\d{12}$/;

function sortedUnion(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

function sortedList(v: any): string[] {
  return Array.isArray(v) ? [...new Set(v.map(lower))].sort() : [];
}

/**
 * The canonical resource of a grant, in `PrincipalPermissions` shape with every catalog id set: names in
 * lower case, lists sorted; `TableWithColumns` with a `ColumnWildcard` that excludes nothing is the table
 * (Lake Formation lists SELECT on a table that way).
 */
export function canonicalResource(r: any, grantor: string): any {
  const cat = (v: any) => (v === undefined || v === null || v === '' ? grantor : String(v));
  if (r?.Catalog !== undefined) return { Catalog: { Id: cat(r.Catalog?.Id) } };
  if (r?.Database) return { Database: { CatalogId: cat(r.Database.CatalogId), Name: lower(r.Database.Name) } };
  if (r?.Table) {
    const t = r.Table;
    const base = { CatalogId: cat(t.CatalogId), DatabaseName: lower(t.DatabaseName) };
    return t.TableWildcard !== undefined && t.TableWildcard !== null || t.Name === undefined
      ? { Table: { ...base, TableWildcard: {} } }
      : { Table: { ...base, Name: lower(t.Name) } };
  }
  if (r?.TableWithColumns) {
    const t = r.TableWithColumns;
    const base = { CatalogId: cat(t.CatalogId), DatabaseName: lower(t.DatabaseName), Name: lower(t.Name) };
    if (Array.isArray(t.ColumnNames) && t.ColumnNames.length > 0) return { TableWithColumns: { ...base, ColumnNames: sortedList(t.ColumnNames) } };
    const excluded = sortedList(t.ColumnWildcard?.ExcludedColumnNames);
    if (t.ColumnWildcard !== undefined && excluded.length === 0) return { Table: base };
    return { TableWithColumns: { ...base, ColumnWildcard: { ExcludedColumnNames: excluded } } };
  }
  if (r?.DataCellsFilter) {
    const f = r.DataCellsFilter;
    const filter = { TableCatalogId: cat(f.TableCatalogId), DatabaseName: lower(f.DatabaseName), TableName: lower(f.TableName), Name: `${f.Name}` };
    return { DataCellsFilter: filter };
  }
  if (r?.DataLocation) return { DataLocation: { CatalogId: cat(r.DataLocation.CatalogId), ResourceArn: String(r.DataLocation.ResourceArn) } };
  if (r?.LFTag) return { LFTag: { CatalogId: cat(r.LFTag.CatalogId), TagKey: lower(r.LFTag.TagKey), TagValues: sortedList(r.LFTag.TagValues) } };
  if (r?.LFTagPolicy) {
    const p = r.LFTagPolicy;
    const policy: any = { CatalogId: cat(p.CatalogId), ResourceType: String(p.ResourceType ?? '').toUpperCase() };
    if (Array.isArray(p.Expression)) {
      policy.Expression = p.Expression.map((e: any) => ({ TagKey: lower(e?.TagKey), TagValues: sortedList(e?.TagValues) }))
        .sort((a: any, b: any) => compare(a.TagKey, b.TagKey));
    } else if (p.ExpressionName !== undefined) {
      policy.ExpressionName = String(p.ExpressionName);
    }
    return { LFTagPolicy: policy };
  }
  return sortKeys(r ?? {});
}

function sortKeys(v: any): any {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map(k => [k, sortKeys(v[k])]));
}

/** `grantor|principal key|canonical resource` (the resource is already canonical). */
export function grantKey(g: Pick<GrantValue, 'grantor' | 'principal' | 'resource'>): string {
  return `${g.grantor}|${normalizePrincipal(g.principal, g.grantor).key}|${JSON.stringify(g.resource)}`;
}

/** A principal as the grant items hold it: `arn:…:root` as the account id, anything else as written. */
function principalOf(raw: string, grantor: string): string {
  return normalizePrincipal(raw, grantor).principal;
}

function defaultsKey(list: Array<{ principal: string; permissions: string[] }> | undefined): string[] | null {
  return list === undefined ? null : list.map(d => `${d.principal}:${[...d.permissions].sort().join(',')}`).sort();
}

export function tagResourceKey(catalog: string, database: string, table?: string, column?: string): string {
  if (table === undefined) return `${catalog}|db|${database}`;
  if (column === undefined) return `${catalog}|table|${database}|${table}`;
  return `${catalog}|column|${database}|${table}|${column}`;
}

function addTag(s: Snapshot, account: string, source: string, resource: string, key: string, value: string): void {
  s.set({ category: 'tag', key: `${resource}#${key}`, account, source, value: { resource, key, value } });
}

function tableItem(t: CatalogTable, source: string): Item {
  return { category: 'table', key: `${t.catalog}|${t.database}|${t.name}`, account: t.catalog, source, value: { columns: [...t.columns].sort() }, fact: t };
}

function databaseItem(d: CatalogDatabase, source: string): Item {
  return {
    category: 'database',
    key: `${d.catalog}|${d.name}`,
    account: d.catalog,
    source,
    value: { createTableDefaults: defaultsKey(d.createTableDefaults) },
    fact: d,
  };
}

function linkItem(l: ResourceLink, source: string): Item {
  const target = l.targetTable === undefined ? `${l.targetCatalog}.${l.targetDatabase}` : `${l.targetCatalog}.${l.targetDatabase}.${l.targetTable}`;
  return { category: 'link', key: `${l.catalog}|${l.database ?? ''}|${l.name}`, account: l.catalog, source, value: { target }, fact: l };
}

function filterItem(f: CellsFilter, source: string): Item {
  return {
    category: 'filter',
    key: `${f.catalog}|${f.database}|${f.table}|${f.name}`,
    account: f.catalog,
    source,
    value: {
      rowFilter: f.rowFilter,
      columns: f.columns && f.columns.length > 0 ? [...f.columns].sort() : null,
      excluded: f.excluded ? [...f.excluded].sort() : null,
    },
    fact: f,
  };
}

function settingsItem(
  account: string, source: string, settings: AccountSettings, createDatabaseDefaults: string[] | null, version: string | null, other: OtherSettings,
): Item {
  const value: SettingsValue = {
    admins: [...new Set(settings.admins)].sort(),
    createTableDefaults: defaultsKey(settings.createTableDefaults),
    createDatabaseDefaults,
    crossAccountVersion: version,
    ...other,
  };
  return { category: 'settings', key: account, account, source, value, fact: settings };
}

/** What the declared side knows that `MeshFacts` does not carry: settings details and registered locations. */
export interface DeclaredExtras {
  /** Account -> MutationType of its DataLakeSettings (APPEND: admins set elsewhere are expected). */
  readonly mutationType: Map<string, string>;
}

/**
 * The declared snapshot: the report's facts of the assembly, plus settings details and locations read from its
 * resources. `refused`: the grants Lake Formation refuses (the report's `refusedGrants`, D45), left out: they give
 * nothing and never exist live.
 */
export function declaredSnapshot(
  facts: MeshFacts, resources: ResolvedResource[], refused: ReadonlySet<LfGrant> = new Set(),
): { snapshot: Snapshot; extras: DeclaredExtras } {
  const s = new Snapshot(facts.stacks, facts.buckets);
  const mutationType = new Map<string, string>();
  for (const g of facts.grants) {
    if (refused.has(g)) continue;
    const principal = principalOf(g.principal, g.grantorAccount);
    const resource = canonicalResource(g.resource, g.grantorAccount);
    s.addGrant({ grantor: g.grantorAccount, principal, resource, permissions: g.permissions, grantable: g.grantable }, `${g.stackName}/${g.logicalId}`);
  }
  for (const [resource, tags] of facts.tags) {
    const account = resource.split('|')[0];
    for (const t of tags) addTag(s, account, 'template', resource, t.key, t.value);
  }
  for (const [key, values] of facts.tagDefinitions) {
    s.set({ category: 'lf-tag', key, account: key.split('|')[0], source: 'template', value: { values: [...values].sort() } });
  }
  facts.databases.forEach(d => s.set(databaseItem(d, `${d.stackName}/${d.logicalId}`)));
  facts.tables.forEach(t => s.set(tableItem(t, `${t.stackName}/${t.logicalId}`)));
  facts.links.forEach(l => s.set(linkItem(l, `${l.stackName}/${l.logicalId}`)));
  facts.filters.forEach(f => s.set(filterItem(f, 'template')));
  const dbDefaults = new Map<string, string[] | null>();
  const versions = new Map<string, string | null>();
  const others = new Map<string, OtherSettings>();
  const locationSource = new Map<string, string>();
  for (const { stack, logicalId, type, props } of resources) {
    if (type === 'AWS::LakeFormation::DataLakeSettings') {
      const dbDefault = props.CreateDatabaseDefaultPermissions;
      if (dbDefault !== undefined) dbDefaults.set(stack.account, defaultsKey(defaultsOf(dbDefault)));
      const v = props.Parameters?.CROSS_ACCOUNT_VERSION;
      if (v !== undefined) versions.set(stack.account, String(v));
      if (props.MutationType !== undefined) mutationType.set(stack.account, String(props.MutationType).toUpperCase());
      others.set(stack.account, otherSettings(props, false));
    } else if (type === 'AWS::LakeFormation::Resource') {
      const arn = String(props.ResourceArn);
      const key = `${stack.account}|${arn}`;
      locationSource.set(key, `${stack.stackName}/${logicalId}`);
      s.set({
        category: 'location',
        key,
        account: stack.account,
        source: `${stack.stackName}/${logicalId}`,
        value: { roleArn: locationRole(props.RoleArn) },
      });
    }
  }
  for (const [account, settings] of facts.settings) {
    s.set(settingsItem(account, 'template', settings, dbDefaults.get(account) ?? null, versions.get(account) ?? null,
      others.get(account) ?? otherSettings(undefined, false)));
  }
  return { snapshot: s, extras: { mutationType } };
}

/**
 * The live snapshot of the accounts read. Lake Formation's own implicit grants are left out where the
 * declared side models them implicitly too: a table creator's permissions on its tables (the declared
 * creator is kept on the live table), and `IAM_ALLOWED_PRINCIPALS` on tables whose database defaults give
 * it. A grant an account lists to itself on another catalog's resource is the receiving side of the
 * owner's grant, which the owner lists.
 */
export function liveSnapshot(states: AccountState[], declared: Snapshot): Snapshot {
  const s = new Snapshot(declared.stacks, declared.buckets);
  const creators = new Map<string, string | undefined>();
  for (const item of declared.items.values()) if (item.category === 'table') creators.set(item.key, (item.fact as CatalogTable).creator);
  const dbCreators = new Map<string, string | undefined>();
  for (const item of declared.items.values()) if (item.category === 'database') dbCreators.set(item.key, (item.fact as CatalogDatabase).creator);
  // CROSS_ACCOUNT_VERSION >= 4: a receiving account lists copies of the grants another account made to its principals on
  // that account's resources. The owner's listing is the grant; a copy in a receiver is dropped when the owner was read and lists it.
  const ownerListed = new Set<string>();
  for (const state of states) {
    for (const p of state.listPermissions.PrincipalResourcePermissions) {
      const resource = canonicalResource(p?.Resource, state.account);
      if (resourceCatalog(resource) !== state.account) continue;
      ownerListed.add(`${state.account}|${principalOf(String(p?.Principal?.DataLakePrincipalIdentifier ?? ''), state.account)}|${JSON.stringify(resource)}`);
    }
  }
  for (const state of states) {
    const account = state.account;
    const source = `live ${account}`;
    const dbDefaults = new Map<string, Array<{ principal: string; permissions: string[] }> | undefined>();
    for (const db of state.glueDatabases.DatabaseList) {
      const catalog = String(db.CatalogId ?? account);
      const name = lower(db.Name);
      if (db.TargetDatabase) {
        s.set(linkItem({
          catalog,
          name,
          targetCatalog: String(db.TargetDatabase.CatalogId ?? catalog),
          targetDatabase: lower(db.TargetDatabase.DatabaseName),
          stackName: source,
          logicalId: name,
        }, source));
        continue;
      }
      const defaults = defaultsOf(db.CreateTableDefaultPermissions);
      dbDefaults.set(`${catalog}|${name}`, defaults);
      s.set(databaseItem({
        catalog, name, stackName: source, logicalId: name, location: typeof db.LocationUri === 'string' ? db.LocationUri : undefined, createTableDefaults: defaults,
      }, source));
    }
    for (const t of state.glueTables.TableList) {
      const catalog = String(t.CatalogId ?? account);
      const database = lower(t.DatabaseName);
      const name = lower(t.Name);
      if (t.TargetTable) {
        s.set(linkItem({
          catalog,
          database,
          name,
          targetCatalog: String(t.TargetTable.CatalogId ?? catalog),
          targetDatabase: lower(t.TargetTable.DatabaseName),
          targetTable: lower(t.TargetTable.Name),
          stackName: source,
          logicalId: `${database}.${name}`,
        }, source));
        continue;
      }
      const key = `${catalog}|${database}|${name}`;
      s.set(tableItem({
        catalog,
        database,
        name,
        columns: columnsOf(t),
        stackName: source,
        logicalId: `${database}.${name}`,
        creator: creators.get(key),
        partitioned: Array.isArray(t.PartitionKeys) && t.PartitionKeys.length > 0,
        projection: lower(t.Parameters?.['projection.enabled']) === 'true',
        location: typeof t.StorageDescriptor?.Location === 'string' ? t.StorageDescriptor.Location : undefined,
      }, source));
    }
    for (const tag of state.listLfTags.LFTags) {
      const key = `${String(tag.CatalogId ?? account)}|${lower(tag.TagKey)}`;
      s.set({ category: 'lf-tag', key, account, source, value: { values: sortedList(tag.TagValues) } });
    }
    for (const r of state.resourceLfTags) {
      const res = r.Resource ?? {};
      const assign = (resource: string, pairs: any[] | undefined) => {
        for (const p of pairs ?? []) addTag(s, account, source, resource, lower(p?.TagKey), lower(p?.TagValues?.[0]));
      };
      if (res.Database) {
        assign(tagResourceKey(String(res.Database.CatalogId ?? account), lower(res.Database.Name)), r.LFTagOnDatabase);
      } else {
        const t = res.Table ?? res.TableWithColumns;
        if (!t) continue;
        const catalog = String(t.CatalogId ?? account);
        if (res.Table) assign(tagResourceKey(catalog, lower(t.DatabaseName), lower(t.Name)), r.LFTagsOnTable);
        for (const c of r.LFTagsOnColumns ?? []) assign(tagResourceKey(catalog, lower(t.DatabaseName), lower(t.Name), lower(c?.Name)), c?.LFTags);
      }
    }
    for (const f of state.listDataCellsFilter.DataCellsFilters) {
      s.set(filterItem(filterOf(f, account), source));
    }
    const settings = state.dataLakeSettings.DataLakeSettings;
    if (settings) {
      const admins = (settings.DataLakeAdmins ?? []).map((a: any) => String(a?.DataLakePrincipalIdentifier));
      s.set(settingsItem(account, source, { admins, createTableDefaults: defaultsOf(settings.CreateTableDefaultPermissions) },
        defaultsKey(defaultsOf(settings.CreateDatabaseDefaultPermissions)) ?? null,
        settings.Parameters?.CROSS_ACCOUNT_VERSION === undefined ? null : String(settings.Parameters.CROSS_ACCOUNT_VERSION),
        otherSettings(settings, true)));
    }
    for (const r of state.listResources.ResourceInfoList) {
      s.set({ category: 'location', key: `${account}|${String(r.ResourceArn)}`, account, source, value: { roleArn: locationRole(r.RoleArn) } });
    }
    for (const p of state.listPermissions.PrincipalResourcePermissions) {
      const raw = String(p?.Principal?.DataLakePrincipalIdentifier ?? '');
      const principal = principalOf(raw, account);
      const resource = canonicalResource(p?.Resource, account);
      const permissions = (p?.Permissions ?? []).map((x: any) => String(x).toUpperCase());
      const grantable = (p?.PermissionsWithGrantOption ?? []).map((x: any) => String(x).toUpperCase());
      const catalog = resourceCatalog(resource);
      if (ACCOUNT_ID.test(principal) && principal === account && catalog !== undefined && catalog !== account) continue; // received: the owner lists it
      const table = resource.Table ?? resource.TableWithColumns;
      if (table?.Name !== undefined && creators.get(`${table.CatalogId}|${table.DatabaseName}|${table.Name}`) === raw) continue; // the creator's, implicit
      const db = resource.Database;
      if (db?.Name !== undefined && dbCreators.get(`${db.CatalogId}|${db.Name}`) === raw) continue; // the database creator's, implicit
      if (catalog !== undefined && catalog !== account && ownerListed.has(`${catalog}|${principal}|${JSON.stringify(resource)}`)) continue; // a copy
      if (raw === 'IAM_ALLOWED_PRINCIPALS' && table?.Name !== undefined) {
        const defaults = dbDefaults.get(`${table.CatalogId}|${table.DatabaseName}`);
        if (defaults?.some(d => d.principal === raw && permissions.every((x: string) => d.permissions.includes(x) || d.permissions.includes('ALL')))) continue;
      }
      s.addGrant({ grantor: account, principal, resource, permissions, grantable }, source);
    }
  }
  return s;
}

/**
 * The role of a registered location: `service-linked` for none (UseServiceLinkedRole) and for Lake Formation's
 * service-linked role, which ListResources answers by ARN (any partition and account), else the role ARN.
 */
export function locationRole(roleArn: unknown): string {
  if (roleArn === undefined || roleArn === null) return 'service-linked';
  const arn = String(roleArn);
  return /^arn:[^:]+:iam::\d{12}:role\/aws-service-role\/lakeformation\.amazonaws\.com\/AWSServiceRoleForLakeFormationDataAccess$/.test(arn)
    ? 'service-linked' : arn;
}

/** The catalog a canonical resource lives in. */
export function resourceCatalog(r: any): string | undefined {
  const inner = r.Database ?? r.Table ?? r.TableWithColumns ?? r.DataLocation ?? r.LFTag ?? r.LFTagPolicy;
  if (inner) return inner.CatalogId;
  if (r.DataCellsFilter) return r.DataCellsFilter.TableCatalogId;
  if (r.Catalog) return r.Catalog.Id;
  return undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
