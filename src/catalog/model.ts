/*
 * The catalog's data model (issue 18, the data mart's catalog page): per product its metadata, schema with each
 * column's confidentiality, quality rules, who sees which columns (the evaluator's access entries, and the
 * metadata-only entries when the report has them), the command that requests access, and the shares that
 * expire. Pure: built from what the report layer read; src/catalog/html.ts renders it.
 */
import type { ProductRecord, QualityRecord, ShareExpiry } from './source';
import type { AccessReport } from '../report/analyze';
import { daysBetween, EXPIRY_WARNING_DAYS } from '../report/expiry';
import type { MetadataEntry } from '../report/lf-evaluator';
import type { Visibility } from '../report/visibility';
import { principalKey } from '../report/visibility';

/** Days before an expiry from which the catalog (like the doctor, DM-52) flags a share as expiring soon. */
export { EXPIRY_WARNING_DAYS };

export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly confidentiality?: string;
  readonly comment?: string;
  /** A partition key. */
  readonly partition: boolean;
}

export interface CatalogTable {
  readonly name: string;
  readonly description?: string;
  readonly location?: string;
  readonly format?: string;
  readonly columns: CatalogColumn[];
}

/** One principal's view of one table of the product. */
export interface CatalogAccess {
  readonly consumer: string;
  readonly account: string;
  readonly principal: string;
  /** The consumer account itself (what the share gives it) or a principal of that account (a role). */
  readonly kind: 'account' | 'role';
  /** The principal's clearance (the report's matrix word: `private`, `public+sensitive`, ...), when it holds tag grants. */
  readonly clearance?: string;
  readonly table: string;
  /** The columns it can read (SELECT); for a metadata-only entry, the columns it can describe. */
  readonly columns: string[];
  /**
   * The columns it can describe but not read, for a principal that reads other columns of the table (the report's
   * metadata entry of a partial reader, D68): its row shows them as described rather than as a second row.
   */
  readonly described: string[];
  /** The table's columns it can neither read nor describe. */
  readonly hidden: string[];
  readonly rowFilter: string | null;
  /** DESCRIBE only: it sees the table's metadata, no data. */
  readonly metadataOnly: boolean;
  /** The resource link it reads through, if any. */
  readonly via: string | null;
}

/** How a consumer asks for more of the product. */
export interface CatalogRequest {
  readonly consumer: string;
  /** The highest level among the columns of the product it reads now (undefined: none). */
  readonly current?: string;
  /** A share already gives it the product (asking for more changes that share; a request would be a duplicate). */
  readonly shared: boolean;
  /** The clearance to ask for: its ceiling on other products (one per consumer), else the product's highest level below the top. */
  readonly clearance?: string;
  readonly command?: string;
  /** It is shared with by a tag expression (the expression and the share): a request is refused, the app's share changes. */
  readonly expression?: string;
}

export interface CatalogExpiry {
  readonly consumer: string;
  readonly products: string[];
  readonly expires: string;
  readonly requestFile?: string;
  /** Days from the catalog's date to the expiry (negative: expired). */
  readonly daysLeft: number;
  /** The synth dropped it (its grants are gone from the assembly; the access lasts until it is deployed). */
  readonly dropped: boolean;
  readonly state: 'expired' | 'soon' | 'later';
}

export interface CatalogProduct {
  readonly name: string;
  /** The product page's file name stem (safe in a path and a URL). */
  readonly slug: string;
  readonly producer: string;
  readonly governanceAccount: string;
  readonly database: string;
  readonly owner?: string;
  readonly team?: string;
  readonly description?: string;
  readonly supportContact?: string;
  readonly updateFrequency?: string;
  readonly freshness?: string;
  readonly retention?: string;
  readonly discoverable: boolean;
  /** The ODCS contract (its path in the site and its YAML), when it was exported. */
  readonly contract?: { readonly path: string; readonly text: string };
  readonly tables: CatalogTable[];
  readonly quality: QualityRecord[];
  /** The confidentiality levels of its columns, lowest first. */
  readonly levels: string[];
  readonly access: CatalogAccess[];
  readonly requests: CatalogRequest[];
  readonly expiring: CatalogExpiry[];
}

export interface CatalogModel {
  readonly mesh?: string;
  /** The catalog's date (YYYY-MM-DD): expiries are counted from it. */
  readonly today: string;
  /** Every confidentiality level, lowest first. */
  readonly levels: string[];
  /** Every consumer domain of the mesh, sorted. */
  readonly consumers: string[];
  readonly products: CatalogProduct[];
  /** Every share with an expiry, soonest first. */
  readonly expiring: CatalogExpiry[];
  /** What the catalog could not show, in a sentence each. */
  readonly notes: string[];
}

export interface CatalogInput {
  readonly mesh?: string;
  readonly today: string;
  readonly products: ProductRecord[];
  readonly report: AccessReport;
  readonly visibility: Visibility;
  readonly consumers: string[];
  /** Consumer -> the confidentiality ceiling of its tag shares (the clearance of its account), when it has one. */
  readonly ceilings?: Map<string, string>;
  /** Consumer -> the tag expression it is shared by (and by which share), when it is: no request command for it. */
  readonly expressions?: Map<string, string>;
  readonly expiries: ShareExpiry[];
  /** Product name -> its exported contract: the path in the site and the YAML. */
  readonly contracts?: Map<string, { path: string; text: string }>;
  readonly notes?: string[];
}

export function buildCatalogModel(input: CatalogInput): CatalogModel {
  const { report, visibility } = input;
  const levels = [...visibility.levels];
  const rank = (level: string | undefined) => (level === undefined ? -1 : levels.indexOf(level));
  const expiring = input.expiries
    .map(e => expiryOf(e, input.today))
    .sort((a, b) => compare(a.expires, b.expires) || compare(a.consumer, b.consumer));
  const metadata: MetadataEntry[] = report.metadata;
  const slugs = new Set<string>();

  const products = input.products.map((p): CatalogProduct => {
    const views = visibility.tables.filter(t => t.database === p.database && t.catalog === p.governanceAccount);
    const tables: CatalogTable[] = p.tables.map(t => {
      const view = views.find(v => v.name === t.name);
      const partitions = new Set(t.partitionKeys.map(k => k.name));
      const columns = t.columns.map(c => ({
        name: c.name,
        type: c.type,
        ...optional('confidentiality', c.confidentiality ?? view?.columns.find(v => v.name === c.name)?.confidentiality),
        ...optional('comment', c.comment),
        partition: partitions.has(c.name),
      }));
      // A partition key the reader lists apart from the columns is a column too.
      for (const k of t.partitionKeys) {
        if (!columns.some(c => c.name === k.name)) {
          columns.push({ name: k.name, type: k.type, ...optional('confidentiality', view?.columns.find(v => v.name === k.name)?.confidentiality), partition: true });
        }
      }
      return { name: t.name, ...optional('description', t.description), ...optional('location', t.location), ...optional('format', t.format), columns };
    });
    const columnsOf = (table: string) => tables.find(t => t.name === table)?.columns.map(c => c.name) ?? [];
    const productLevels = levels.filter(l => tables.some(t => t.columns.some(c => c.confidentiality === l)));

    // The evaluator's access entries (SELECT) and the metadata-only ones (DESCRIBE), of this product's tables. A partial
    // reader's metadata entry (the columns it can describe but not read, D68) joins its access row as `described`.
    const key = (a: { account: string; principal: string; table: string }) => `${a.account}\u0000${a.principal}\u0000${a.table}`;
    const ours = metadata.filter(m => m.consumer !== null && m.database === p.database);
    const describedBy = new Map(ours.map(m => [key(m), m.columns]));
    const data = report.access.filter(a => a.consumer !== null && a.database === p.database);
    const readers = new Set(data.map(key));
    const entry = (a: { consumer: string | null; account: string; principal: string; table: string; columns: string[]; via: string | null },
      metadataOnly: boolean, rowFilter: string | null): CatalogAccess => {
      const all = columnsOf(a.table);
      const described = metadataOnly ? [] : [...(describedBy.get(key(a)) ?? [])].filter(c => !a.columns.includes(c)).sort();
      return {
        consumer: a.consumer!,
        account: a.account,
        principal: a.principal,
        kind: a.principal === a.account ? 'account' : 'role',
        ...optional('clearance', metadataOnly ? undefined : visibility.principals.get(principalKey(a.account, a.principal))?.clearance),
        table: a.table,
        columns: [...a.columns].sort(),
        described,
        hidden: all.filter(c => !a.columns.includes(c) && !described.includes(c)).sort(),
        rowFilter,
        metadataOnly,
        via: a.via,
      };
    };
    const access: CatalogAccess[] = [
      ...data.map(a => entry(a, false, a.rowFilter)),
      ...ours.filter(m => !readers.has(key(m))).map(m => entry(m, true, null)),
    ];
    access.sort((a, b) => compare(a.consumer, b.consumer) || compare(a.kind, b.kind) || compare(a.principal, b.principal)
      || compare(a.table, b.table) || Number(a.metadataOnly) - Number(b.metadataOnly));

    const top = levels.length > 1 ? levels[levels.length - 1] : undefined;
    const highest = productLevels[productLevels.length - 1];
    const requests = [...input.consumers].sort().map((consumer): CatalogRequest => {
      const mine = access.filter(a => a.consumer === consumer && !a.metadataOnly);
      // What the consumer reads now (its roles read at most what its account reads).
      const current = mine.flatMap(a => tables.find(t => t.name === a.table)?.columns.filter(c => a.columns.includes(c.name)) ?? [])
        .reduce<string | undefined>((m, c) => (rank(c.confidentiality) > rank(m) ? c.confidentiality : m), undefined);
      // A share already gives it the product: more is a change of that share, not a request (a duplicate is refused).
      if (mine.length > 0) return { consumer, ...optional('current', current), shared: true };
      // Shared with by a tag expression: a request (a share by ceiling) is refused (requests.ts); the app's share changes.
      const expression = input.expressions?.get(consumer);
      if (expression !== undefined) return { consumer, shared: false, expression };
      // One ceiling per consumer across its tag shares: its current one; else the product's highest level below the top.
      const ceiling = input.ceilings?.get(consumer);
      const clearance = ceiling ?? [...productLevels].reverse().find(l => l !== top) ?? highest;
      return {
        consumer,
        shared: false,
        ...optional('clearance', clearance),
        ...optional('command', clearance === undefined ? undefined : requestCommand(consumer, p.name, clearance, clearance === top)),
      };
    });

    return {
      name: p.name,
      slug: uniqueSlug(p.name, slugs),
      producer: p.producer,
      governanceAccount: p.governanceAccount,
      database: p.database,
      ...optional('owner', p.owner),
      ...optional('team', p.team),
      ...optional('description', p.description),
      ...optional('supportContact', p.supportContact),
      ...optional('updateFrequency', p.updateFrequency),
      ...optional('freshness', p.freshness),
      ...optional('retention', p.retention),
      discoverable: p.discoverable,
      ...optional('contract', input.contracts?.get(p.name)),
      tables,
      quality: [...p.quality],
      levels: productLevels,
      access,
      requests,
      expiring: expiring.filter(e => e.products.includes(p.name)),
    };
  });
  return {
    ...optional('mesh', input.mesh),
    today: input.today,
    levels,
    consumers: [...input.consumers].sort(),
    products,
    expiring,
    notes: [...(input.notes ?? [])],
  };
}

/** The command a consumer runs to request the product (the `request` command, issue 18 item 4). */
export function requestCommand(consumer: string, product: string, clearance: string, sensitive: boolean = false): string {
  return `npx cdk-data-mesh request --consumer ${shellWord(consumer)} --product ${shellWord(product)} --clearance ${shellWord(clearance)}`
    + `${sensitive ? ' --sensitive' : ''} --reason "…"`;
}

/** A word as a POSIX shell reads it back: as is when it is plain, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_.:/@=+-]+$/.test(word) ? word : `'${word.replace(/'/g, '\'\\\'\'')}'`;
}

function expiryOf(e: ShareExpiry, today: string): CatalogExpiry {
  const daysLeft = daysBetween(today, e.expires);
  const dropped = e.dropped === true;
  const state = daysLeft < 0 || dropped ? 'expired' : daysLeft <= EXPIRY_WARNING_DAYS ? 'soon' : 'later';
  return { consumer: e.consumer, products: [...e.products].sort(), expires: e.expires, ...optional('requestFile', e.requestFile), daysLeft, dropped, state };
}

/** A file-name stem for a product: lower-case letters, digits, `_` and `-`; made unique. */
function uniqueSlug(name: string, taken: Set<string>): string {
  const base = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'product';
  let slug = base;
  for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
  taken.add(slug);
  return slug;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
