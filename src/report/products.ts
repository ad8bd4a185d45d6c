/*
 * The read side of product metadata (issue 18): every data product of an assembly as the templates declare it — its
 * database's contract metadata (`cdk-data-mesh:*` parameters, product-metadata.ts), its tables with their columns,
 * partition keys and quality rules, and each column's confidentiality as Lake Formation sees it (the column's
 * `confidentiality` LF-tag, else the table's, else the database's). The contracts export and the catalog read this.
 */
import { DISCOVERY_KEY } from './discovery';
import { extractFacts, MeshFacts, TagValue } from './facts';
import { PRODUCT_PARAMETERS, TABLE_PARAMETERS } from './product-metadata';
import { loadResources, ResolvedResource } from './resolver';
import { CONFIDENTIALITY_KEY, readStackMetadata } from './stack-metadata';
import type { StackTemplate } from './stack-template';

export { PRODUCT_PARAMETERS, TABLE_PARAMETERS } from './product-metadata';

/** One data product of the governance catalog. */
export interface ProductRecord {
  /** The product name (the database name without the mesh prefix). */
  name: string;
  /** The producer domain. */
  producer: string;
  /** The governance account (the catalog that holds the database). */
  governanceAccount: string;
  /** The Glue database name (lower-case). */
  database: string;
  /** The mesh, from the stack's metadata (additive to the agreed interface). */
  mesh?: string;
  owner?: string;
  team?: string;
  description?: string;
  supportContact?: string;
  /** ISO 8601 durations as the database parameters hold them (`P1D`, `PT26H`). */
  updateFrequency?: string;
  freshness?: string;
  retention?: string;
  /** The contract's version, if declared (additive to the agreed interface). */
  contractVersion?: string;
  /** Whether consumers may discover the product (`cdk-data-mesh:discoverable` is not `false`). */
  discoverable: boolean;
  /** Custom LF-tags of the database, `key=value` (producer, confidentiality, the consumer keys and discovery left out: access decisions, not the contract). */
  tags?: string[];
  tables: ProductTableRecord[];
  quality: QualityRecord[];
}

export interface ProductPartitionKey {
  name: string;
  type: string;
  /** Additive: as for columns. */
  confidentiality?: string;
  comment?: string;
  /** Additive: the key's Athena partition projection settings (`type`, `range`, ... without the `projection.<key>.` prefix). */
  projection?: Record<string, string>;
}

export interface ProductColumn {
  name: string;
  type: string;
  confidentiality?: string;
  comment?: string;
}

/** One declared table of a product. */
export interface ProductTableRecord {
  name: string;
  description?: string;
  location?: string;
  /** The table's format (its `classification` parameter: parquet, json, csv, ...). */
  format?: string;
  partitionKeys: ProductPartitionKey[];
  columns: ProductColumn[];
}

/** One quality rule of a product's table (DQDL). */
export interface QualityRecord {
  table?: string;
  dqdl: string;
  description?: string;
}

const lower = (v: any) => String(v ?? '').toLowerCase();
const text = (v: any): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The product a Glue database holds: its name (the database name without the `<mesh>_` prefix), database, producer. */
export interface ProductDatabase {
  readonly name: string;
  /** The Glue database name (lower-case). */
  readonly database: string;
  readonly producer: string;
  /** The mesh, from the stack's metadata. */
  readonly mesh?: string;
}

/**
 * Whether a Glue database resource is a data product's, and which: the one place that says so (the contracts export,
 * the catalog, `request`/`codeowners` and `diff` all ask here). A product database carries `cdk-data-mesh:producer`
 * (every product database the library writes does) and is no resource link; the product is its name without the
 * `<mesh>_` prefix of its stack's mesh (hyphens as underscores), else the database name.
 */
export function productDatabaseOf(r: ResolvedResource): ProductDatabase | undefined {
  const input = r.props?.DatabaseInput ?? {};
  const producer = text(input.Parameters?.[PRODUCT_PARAMETERS.producer]);
  if (r.type !== 'AWS::Glue::Database' || input.TargetDatabase || producer === undefined || typeof input.Name !== 'string') return undefined;
  const database = lower(input.Name);
  const mesh = text(readStackMetadata(r.stack.template)?.mesh);
  const prefix = mesh ? `${lower(mesh).replace(/-/g, '_')}_` : undefined;
  const name = prefix && database.startsWith(prefix) ? database.slice(prefix.length) : database;
  return { name, database, producer, ...(mesh ? { mesh } : {}) };
}

/** Database name (lower-case) -> the data product it holds, for every product database of these stacks (readProducts' names). */
export function productDatabases(stacks: StackTemplate[], resources: ResolvedResource[] = loadResources(stacks)): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of resources) {
    const p = productDatabaseOf(r);
    if (p !== undefined && !out.has(p.database)) out.set(p.database, p.name);
  }
  return out;
}

/** The data products of these stacks (Glue databases carrying `cdk-data-mesh:producer`), sorted by name. */
export function readProducts(stacks: StackTemplate[], resources: ResolvedResource[] = loadResources(stacks),
  facts: MeshFacts = extractFacts(stacks, resources)): ProductRecord[] {
  const products: ProductRecord[] = [];
  const tables = resources.filter(r => r.type === 'AWS::Glue::Table' && !r.props.TableInput?.TargetTable);
  for (const r of resources) {
    if (r.type !== 'AWS::Glue::Database') continue;
    const product = productDatabaseOf(r);
    if (product === undefined) continue;
    const { name, database, producer, mesh } = product;
    const input = r.props.DatabaseInput ?? {};
    const params = input.Parameters ?? {};
    const catalog = String(r.props.CatalogId ?? r.stack.account);
    const owner = text(params[PRODUCT_PARAMETERS.owner]);
    const dbTags = facts.tags.get(`${catalog}|db|${database}`) ?? [];
    const record: ProductRecord = {
      name,
      producer,
      governanceAccount: catalog,
      database,
      ...(mesh ? { mesh } : {}),
      ...(owner ? { owner } : {}),
      ...optional('team', params[PRODUCT_PARAMETERS.team]),
      ...optional('description', descriptionOf(text(input.Description), owner, name, producer)),
      ...optional('supportContact', params[PRODUCT_PARAMETERS.supportContact]),
      ...optional('updateFrequency', params[PRODUCT_PARAMETERS.updateFrequency]),
      ...optional('freshness', params[PRODUCT_PARAMETERS.freshness]),
      ...optional('retention', params[PRODUCT_PARAMETERS.retention]),
      ...optional('contractVersion', params[PRODUCT_PARAMETERS.contractVersion]),
      discoverable: lower(params[PRODUCT_PARAMETERS.discoverable]) !== 'false',
      tags: dbTags.filter(t => t.key !== CONFIDENTIALITY_KEY && t.key !== 'producer' && t.key !== DISCOVERY_KEY && !t.key.startsWith('consumer_')).map(t => `${t.key}=${t.value}`).sort(),
      tables: [],
      quality: [],
    };
    for (const t of tables) {
      if (lower(t.props.DatabaseName) !== database || String(t.props.CatalogId ?? t.stack.account) !== catalog) continue;
      const ti = t.props.TableInput ?? {};
      const tableName = lower(ti.Name);
      const tableParams = ti.Parameters ?? {};
      const tableTags = facts.tags.get(`${catalog}|table|${database}|${tableName}`) ?? [];
      const levelOf = (column: string) => confidentialityOf(facts.tags.get(`${catalog}|column|${database}|${tableName}|${lower(column)}`), tableTags, dbTags);
      const column = (c: any): ProductColumn => ({
        name: String(c?.Name),
        type: String(c?.Type),
        ...optional('confidentiality', levelOf(String(c?.Name))),
        ...optional('comment', c?.Comment),
      });
      record.tables.push({
        name: tableName,
        ...optional('description', ti.Description),
        ...optional('location', ti.StorageDescriptor?.Location),
        ...optional('format', tableParams.classification),
        partitionKeys: (Array.isArray(ti.PartitionKeys) ? ti.PartitionKeys : []).map((k: any) => {
          const projection = projectionOf(tableParams, String(k?.Name));
          return { ...column(k), ...(projection ? { projection } : {}) };
        }),
        columns: (Array.isArray(ti.StorageDescriptor?.Columns) ? ti.StorageDescriptor.Columns : []).map(column),
      });
      for (const dqdl of qualityOf(tableParams[TABLE_PARAMETERS.quality])) record.quality.push({ table: tableName, dqdl });
    }
    record.tables.sort((a, b) => compare(a.name, b.name));
    products.push(record);
  }
  return products.sort((a, b) => compare(a.name, b.name) || compare(a.governanceAccount, b.governanceAccount));
}

/** The user's description: the Glue description without the ` Owner: <owner>` the construct appends, and not its default text. */
function descriptionOf(description: string | undefined, owner: string | undefined, name: string, producer: string): string | undefined {
  if (description === undefined || description === `Data product ${name} of ${producer}`) return undefined;
  if (owner !== undefined) {
    if (description === `Owner: ${owner}`) return undefined;
    if (description.endsWith(` Owner: ${owner}`)) return description.slice(0, -` Owner: ${owner}`.length);
  }
  return description;
}

function confidentialityOf(...levels: Array<TagValue[] | undefined>): string | undefined {
  for (const tags of levels) {
    const t = tags?.find(x => x.key === CONFIDENTIALITY_KEY);
    if (t) return t.value;
  }
  return undefined;
}

function projectionOf(params: Record<string, any>, key: string): Record<string, string> | undefined {
  const prefix = `projection.${key}.`;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = String(v);
  return Object.keys(out).length > 0 ? out : undefined;
}

function qualityOf(value: any): string[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function optional<K extends string>(key: K, value: any): { [k in K]?: string } {
  return (typeof value === 'string' && value !== '' ? { [key]: value } : {}) as { [k in K]?: string };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
