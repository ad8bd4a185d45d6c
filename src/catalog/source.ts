/*
 * What the catalog reads besides the access report: the products (their metadata, schema, quality rules) and
 * the shares that expire. Until the product reader (src/report/products.ts) and the expiry reader
 * (src/report/expiry.ts) are in this branch, a reader of what templates already hold: the governance
 * account's Glue databases (Description, `cdk-data-mesh:producer` and `cdk-data-mesh:owner` Parameters) and
 * tables (columns with their comments, partition keys), and no expiry.
 */
import { loadResources } from '../report/resolver';
import { readStackMetadata } from '../report/stack-metadata';
import type { StackTemplate } from '../report/stack-template';

/** The agreed shape of src/report/products.ts (issue 18, interface 1). */
export interface ProductRecord {
  name: string;
  producer: string;
  governanceAccount: string;
  database: string;
  owner?: string;
  team?: string;
  description?: string;
  supportContact?: string;
  updateFrequency?: string;
  freshness?: string;
  retention?: string;
  discoverable: boolean;
  tables: ProductTableRecord[];
  quality: QualityRecord[];
}

export interface ProductTableRecord {
  name: string;
  description?: string;
  location?: string;
  format?: string;
  partitionKeys: Array<{ name: string; type: string }>;
  columns: Array<{ name: string; type: string; confidentiality?: string; comment?: string }>;
}

export interface QualityRecord { table?: string; dqdl: string; description?: string }

/** A share with an expiry (issue 18, interface 4). */
export interface ShareExpiry { consumer: string; products: string[]; expires: string; requestFile?: string }

/** Which readers the catalog had: the page says what it could not show. */
export interface SourceNotes {
  /** The product reader of src/report/products.ts (owner, freshness, quality, ...) was available. */
  readonly productReader: boolean;
  /** The expiry reader of src/report/expiry.ts was available. */
  readonly expiryReader: boolean;
}

export const SOURCE_NOTES: SourceNotes = { productReader: false, expiryReader: false };

const PARAM = 'cdk-data-mesh:';

/** The products of the governance account's Glue databases that carry `cdk-data-mesh:producer`, sorted by name. */
export function catalogProducts(stacks: StackTemplate[]): ProductRecord[] {
  const resources = loadResources(stacks);
  const products = new Map<string, ProductRecord>();
  const meshOf = (stack: StackTemplate) => readStackMetadata(stack.template)?.mesh;
  for (const r of resources) {
    if (r.type !== 'AWS::Glue::Database') continue;
    const input = r.props.DatabaseInput ?? {};
    const params = input.Parameters ?? {};
    const producer = params[`${PARAM}producer`];
    if (typeof producer !== 'string' || typeof input.Name !== 'string') continue;
    const database = String(input.Name).toLowerCase();
    const mesh = meshOf(r.stack);
    const name = mesh !== undefined && database.startsWith(`${mesh}_`) ? database.slice(mesh.length + 1) : database;
    const owner = typeof params[`${PARAM}owner`] === 'string' ? params[`${PARAM}owner`] : undefined;
    const description = typeof input.Description === 'string' ? input.Description : undefined;
    products.set(database, {
      name,
      producer,
      governanceAccount: String(r.props.CatalogId ?? r.stack.account),
      database,
      owner,
      description,
      discoverable: true,
      tables: [],
      quality: [],
    });
  }
  for (const r of resources) {
    if (r.type !== 'AWS::Glue::Table') continue;
    const product = products.get(String(r.props.DatabaseName ?? '').toLowerCase());
    const input = r.props.TableInput;
    if (product === undefined || typeof input?.Name !== 'string') continue;
    const sd = input.StorageDescriptor ?? {};
    const col = (c: any) => ({ name: String(c.Name).toLowerCase(), type: String(c.Type ?? ''), ...(typeof c.Comment === 'string' ? { comment: c.Comment } : {}) });
    const partitionKeys = (input.PartitionKeys ?? []).map((k: any) => ({ name: String(k.Name).toLowerCase(), type: String(k.Type ?? '') }));
    product.tables.push({
      name: String(input.Name).toLowerCase(),
      ...(typeof input.Description === 'string' ? { description: input.Description } : {}),
      ...(typeof sd.Location === 'string' ? { location: sd.Location } : {}),
      ...(typeof input.Parameters?.classification === 'string' ? { format: input.Parameters.classification } : {}),
      partitionKeys,
      columns: [...(sd.Columns ?? []).map(col), ...(input.PartitionKeys ?? []).map(col)],
    });
  }
  for (const p of products.values()) p.tables.sort((a, b) => compare(a.name, b.name));
  return [...products.values()].sort((a, b) => compare(a.name, b.name));
}

/** The shares that expire (none until the expiry reader is merged). */
export function catalogExpiries(_stacks: StackTemplate[]): ShareExpiry[] {
  return [];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
