/*
 * The facts: what the resolved resources say about Lake Formation (tags, associations, databases,
 * tables, resource links, grants, data-cells filters, settings) and the mesh's stacks.
 */
import { loadResources, ResolvedResource, Resolver } from './resolver';
import { readStackMetadata } from './stack-metadata';
import type { StackTemplate } from './stack-template';

export interface TagValue { readonly key: string; readonly value: string }

/** A Lake Formation grant (`AWS::LakeFormation::PrincipalPermissions` or the legacy `Permissions`). */
export interface LfGrant {
  /** The account that makes the grant: the stack's account (its CloudFormation role is the caller). */
  readonly grantorAccount: string;
  /** The resolved principal: an IAM ARN, a 12-digit account id, `IAM_ALLOWED_PRINCIPALS`, ... */
  readonly principal: string;
  /** The resource in `PrincipalPermissions` shape (legacy shapes are mapped to it). */
  readonly resource: any;
  /** Upper-cased permissions. */
  readonly permissions: string[];
  readonly grantable: string[];
  readonly stackName: string;
  readonly logicalId: string;
  /** `AWS::LakeFormation::Permissions` (legacy) rather than `PrincipalPermissions`. */
  readonly legacy: boolean;
}

export interface CatalogTable {
  readonly catalog: string;
  /** Lower-case (Glue folds database and table names to lower case). */
  readonly database: string;
  readonly name: string;
  /** Lower-case column names, partition keys last. */
  readonly columns: string[];
  readonly stackName: string;
  readonly logicalId: string;
  /** The role that creates the table (Lake Formation's implicit table-creator permissions), if known. */
  readonly creator?: string;
  /** Whether the table has partition keys, and whether Athena's partition projection is enabled on it. */
  readonly partitioned: boolean;
  readonly projection: boolean;
  /** `StorageDescriptor.Location`, as written. */
  readonly location?: string;
}

export interface CatalogDatabase {
  readonly catalog: string;
  readonly name: string;
  readonly stackName: string;
  readonly logicalId: string;
  /** `DatabaseInput.LocationUri`, as written. */
  readonly location?: string;
  /** The database's `CreateTableDefaultPermissions` as principal -> permissions; undefined when the template omits it. */
  readonly createTableDefaults?: Array<{ principal: string; permissions: string[] }>;
  /** The role that creates the database (Lake Formation's implicit database-creator permissions), if known: as a table's. */
  readonly creator?: string;
}

/** A resource link: a database link (`table` undefined) or a table link. */
export interface ResourceLink {
  readonly catalog: string;
  /** The link's name (database links) or the table link's name. */
  readonly name: string;
  /** The database that holds a table link. */
  readonly database?: string;
  readonly targetCatalog: string;
  readonly targetDatabase: string;
  readonly targetTable?: string;
  readonly stackName: string;
  readonly logicalId: string;
}

export interface CellsFilter {
  readonly catalog: string;
  readonly database: string;
  readonly table: string;
  readonly name: string;
  /** The row filter expression; null for `AllRowsWildcard` (every row). */
  readonly rowFilter: string | null;
  /** Visible columns: a list, or every column but `excluded` (`ColumnWildcard`). */
  readonly columns?: string[];
  readonly excluded?: string[];
}

export interface StackRole {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** From the stack's `Metadata['cdk-data-mesh']` (governance, producer or consumer), if any. */
  readonly role?: string;
  readonly domain?: string;
}

export interface AccountSettings {
  readonly admins: string[];
  /** Undefined when no DataLakeSettings of the account says. */
  readonly createTableDefaults?: Array<{ principal: string; permissions: string[] }>;
}

/** Everything the evaluator needs, across all stacks of an assembly. */
export interface MeshFacts {
  readonly tables: CatalogTable[];
  readonly databases: CatalogDatabase[];
  readonly links: ResourceLink[];
  /** `${catalog}|db|${db}`, `${catalog}|table|${db}|${table}`, `${catalog}|column|${db}|${table}|${column}` -> tags (lower-case). */
  readonly tags: Map<string, TagValue[]>;
  /** `${catalog}|${key}` -> the values an `AWS::LakeFormation::Tag` defines. */
  readonly tagDefinitions: Map<string, string[]>;
  readonly grants: LfGrant[];
  readonly filters: CellsFilter[];
  /** Account -> its Lake Formation settings (admins, default permissions). */
  readonly settings: Map<string, AccountSettings>;
  readonly buckets: Array<{ account: string; name: string; stackName: string }>;
  readonly stacks: StackRole[];
}

const lower = (v: any) => String(v ?? '').toLowerCase();

/** An empty `MeshFacts` (the audit's snapshots fill one too). */
export function emptyFacts(stacks: MeshFacts['stacks'] = [], buckets: MeshFacts['buckets'] = []): MeshFacts {
  return {
    tables: [],
    databases: [],
    links: [],
    tags: new Map(),
    tagDefinitions: new Map(),
    grants: [],
    filters: [],
    settings: new Map(),
    buckets,
    stacks,
  };
}

/** Lower-case column names of a Glue `TableInput` (or a `GetTables` table): columns, then partition keys, distinct. */
export function columnsOf(table: any): string[] {
  return [...new Set([...(table?.StorageDescriptor?.Columns ?? []), ...(table?.PartitionKeys ?? [])].map((c: any) => lower(c?.Name)))];
}

/** A data-cells filter of a template (`AWS::LakeFormation::DataCellsFilter` props) or of `ListDataCellsFilter` (the same field names). */
export function filterOf(p: any, defaultCatalog: string): CellsFilter {
  return {
    catalog: String(p?.TableCatalogId ?? defaultCatalog),
    database: lower(p?.DatabaseName),
    table: lower(p?.TableName),
    name: String(p?.Name),
    rowFilter: typeof p?.RowFilter?.FilterExpression === 'string' ? p.RowFilter.FilterExpression : null,
    // an empty ColumnNames beside a ColumnWildcard is the wildcard (ListDataCellsFilter answers both); alone, no column
    columns: Array.isArray(p?.ColumnNames) && (p.ColumnNames.length > 0 || !p.ColumnWildcard) ? p.ColumnNames.map(lower) : undefined,
    excluded: p?.ColumnWildcard ? (p.ColumnWildcard.ExcludedColumnNames ?? []).map(lower) : undefined,
  };
}

/** Default permissions (`CreateTableDefaultPermissions`, ...) as principal -> permissions (upper case); undefined when absent. */
export function defaultsOf(list: any): Array<{ principal: string; permissions: string[] }> | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((e: any) => ({
    principal: String(e?.Principal?.DataLakePrincipalIdentifier ?? ''),
    permissions: (Array.isArray(e?.Permissions) ? e.Permissions : []).map((x: any) => String(x).toUpperCase()),
  }));
}

/** Maps the legacy `AWS::LakeFormation::Permissions` resource to the `PrincipalPermissions` shape. */
function legacyResource(r: any): any {
  const out: any = {};
  if (r?.DatabaseResource) out.Database = r.DatabaseResource;
  if (r?.TableResource) out.Table = r.TableResource;
  if (r?.TableWithColumnsResource) out.TableWithColumns = r.TableWithColumnsResource;
  if (r?.DataLocationResource) out.DataLocation = r.DataLocationResource;
  return out;
}

/** Extracts the Lake Formation facts of every stack (from `resources` when already loaded). */
export function extractFacts(stacks: StackTemplate[], resources: ResolvedResource[] = loadResources(stacks)): MeshFacts {
  const facts = emptyFacts();
  const addTags = (key: string, tags: TagValue[]) => {
    const current = facts.tags.get(key) ?? [];
    for (const t of tags) {
      const i = current.findIndex(c => c.key === t.key);
      if (i >= 0) current[i] = t; else current.push(t);
    }
    facts.tags.set(key, current);
  };
  const creators = new Map<StackTemplate, string | undefined>();
  for (const stack of stacks) {
    const meta = readStackMetadata(stack.template);
    facts.stacks.push({ stackName: stack.stackName, account: stack.account, region: stack.region, role: meta?.role, domain: meta?.domain });
    creators.set(stack, stack.deploymentRoleArn === undefined ? undefined : String(new Resolver(stack).resolve({ 'Fn::Sub': stack.deploymentRoleArn })));
  }
  for (const { stack, logicalId, type, props: p, resolver: r } of resources) {
    const creator = creators.get(stack);
    const res = { Type: type };
    const catalogOr = (v: any) => String(v ?? stack.account);
    switch (res.Type) {
      case 'AWS::Glue::Database': {
        const input = p.DatabaseInput ?? {};
        const catalog = catalogOr(p.CatalogId);
        if (input.TargetDatabase) {
          const target = input.TargetDatabase;
          facts.links.push({
            catalog,
            name: lower(input.Name),
            targetCatalog: catalogOr(target.CatalogId),
            targetDatabase: lower(target.DatabaseName),
            stackName: stack.stackName,
            logicalId,
          });
        } else {
          facts.databases.push({
            catalog,
            name: lower(input.Name),
            stackName: stack.stackName,
            logicalId,
            location: typeof input.LocationUri === 'string' ? input.LocationUri : undefined,
            createTableDefaults: defaultsOf(input.CreateTableDefaultPermissions),
            creator,
          });
        }
        break;
      }
      case 'AWS::Glue::Table': {
        const input = p.TableInput ?? {};
        const catalog = catalogOr(p.CatalogId);
        if (input.TargetTable) {
          const t = input.TargetTable;
          facts.links.push({
            catalog,
            database: lower(p.DatabaseName),
            name: lower(input.Name),
            targetCatalog: catalogOr(t.CatalogId),
            targetDatabase: lower(t.DatabaseName),
            targetTable: lower(t.Name),
            stackName: stack.stackName,
            logicalId,
          });
          break;
        }
        facts.tables.push({
          catalog,
          database: lower(p.DatabaseName),
          name: lower(input.Name),
          columns: columnsOf(input),
          stackName: stack.stackName,
          logicalId,
          creator,
          partitioned: Array.isArray(input.PartitionKeys) && input.PartitionKeys.length > 0,
          projection: String(input.Parameters?.['projection.enabled'] ?? '').toLowerCase() === 'true',
          location: typeof input.StorageDescriptor?.Location === 'string' ? input.StorageDescriptor.Location : undefined,
        });
        break;
      }
      case 'AWS::LakeFormation::Tag':
        facts.tagDefinitions.set(`${catalogOr(p.CatalogId)}|${lower(p.TagKey)}`, (p.TagValues ?? []).map(lower));
        break;
      case 'AWS::LakeFormation::TagAssociation': {
        // A resource holds one value per key (DM-19): the first value is the one Lake Formation would keep.
        const tags: TagValue[] = (p.LFTags ?? []).map((t: any) => ({ key: lower(t?.TagKey), value: lower(t?.TagValues?.[0]) }));
        const target = p.Resource ?? {};
        if (target.Database) addTags(`${catalogOr(target.Database.CatalogId)}|db|${lower(target.Database.Name)}`, tags);
        if (target.Table && target.Table.Name !== undefined) {
          addTags(`${catalogOr(target.Table.CatalogId)}|table|${lower(target.Table.DatabaseName)}|${lower(target.Table.Name)}`, tags);
        }
        if (target.TableWithColumns) {
          const t = target.TableWithColumns;
          for (const c of t.ColumnNames ?? []) addTags(`${catalogOr(t.CatalogId)}|column|${lower(t.DatabaseName)}|${lower(t.Name)}|${lower(c)}`, tags);
        }
        break;
      }
      case 'AWS::LakeFormation::PrincipalPermissions':
      case 'AWS::LakeFormation::Permissions': {
        const legacy = res.Type === 'AWS::LakeFormation::Permissions';
        const principal = legacy ? p.DataLakePrincipal?.DataLakePrincipalIdentifier : p.Principal?.DataLakePrincipalIdentifier;
        facts.grants.push({
          grantorAccount: stack.account,
          principal: String(principal ?? '${unresolved}'),
          resource: legacy ? legacyResource(p.Resource) : (p.Resource ?? {}),
          permissions: (p.Permissions ?? []).map((x: any) => String(x).toUpperCase()),
          grantable: (p.PermissionsWithGrantOption ?? []).map((x: any) => String(x).toUpperCase()),
          stackName: stack.stackName,
          logicalId,
          legacy,
        });
        break;
      }
      case 'AWS::LakeFormation::DataCellsFilter':
        facts.filters.push(filterOf(p, stack.account));
        break;
      case 'AWS::LakeFormation::DataLakeSettings': {
        const admins = (p.Admins ?? []).map((a: any) => String(a?.DataLakePrincipalIdentifier));
        const prev = facts.settings.get(stack.account);
        const defaults = defaultsOf(p.CreateTableDefaultPermissions);
        facts.settings.set(stack.account, {
          admins: [...(prev?.admins ?? []), ...admins],
          createTableDefaults: defaults ?? prev?.createTableDefaults,
        });
        break;
      }
      case 'AWS::S3::Bucket':
        facts.buckets.push({ account: stack.account, name: String(r.resolve({ Ref: logicalId })), stackName: stack.stackName });
        break;
      default: break;
    }
  }
  return facts;
}
