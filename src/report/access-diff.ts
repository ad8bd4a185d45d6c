/*
 * What a change does to access (issue 18): two evaluations of the one read path (analyze.ts), base and head,
 * compared principal by principal and table by table — the columns gained and lost, the row filters changed, the
 * tables newly seen or no longer seen, the metadata-only entries gained and lost — with each column's
 * confidentiality (the matrix's source: the effective `confidentiality` LF-tag), and what blocks the change
 * (`--fail-on sensitive,widening`). Pure: the command (src/diff/command.ts) reads the assemblies and the request
 * files; the formats are in format-diff.ts. docs/data-mart.md#diff has the contract.
 *
 * A principal's view of a table is a set of cells: per row filter (null: every row) the columns it sees. A cell
 * (column, rows) of head is new unless base shows the column in every row or under the very same filter text:
 * a filter added to a column seen in every row narrows (no gain), a filter removed or changed may widen (a gain:
 * the evaluator does not compare predicates, D77).
 */
import type { AccessReport, MetadataEntry } from './analyze';
import type { AccessEntry } from './lf-evaluator';
import type { Visibility } from './visibility';

/** What `--fail-on` can name. */
export const FAIL_ON = ['sensitive', 'widening'] as const;
export type FailOn = typeof FAIL_ON[number];

/** One evaluated assembly, as the diff reads it. */
export interface DiffSide {
  readonly report: AccessReport;
  readonly visibility: Visibility;
  /** Database name (lower case) -> the data product it holds: `productDatabases` of products.ts (what the contracts and the catalog name). */
  readonly products: Map<string, string>;
}

/** A request file under review (docs/data-mart.md#requests): what it asks for. */
export interface ReviewedRequest {
  /** Where it was read (as given, or relative to the requests directory). */
  readonly file: string;
  readonly consumer: string;
  readonly product: string;
  readonly clearance: string;
  /** The request's last day (`YYYY-MM-DD`), if it has one. */
  readonly expires?: string;
}

export interface DiffOptions {
  /** What blocks the change. Default: none (the command's default is `sensitive`, D76). */
  readonly failOn?: readonly FailOn[];
  /** The requests being reviewed: a gain they cover is not a widening. */
  readonly requests?: readonly ReviewedRequest[];
}

/** A column and its confidentiality (null when untagged). */
export interface DiffColumn {
  readonly name: string;
  readonly confidentiality: string | null;
}

/** The rows a principal sees a table's columns in: one slice per row filter (null: every row). */
export interface RowSlice {
  readonly rowFilter: string | null;
  readonly columns: string[];
}

/** What a principal has of a table: nothing, its metadata only (DESCRIBE), or data (SELECT on some columns). */
export type TableAccess = 'none' | 'metadata' | 'data';

export interface TableChange {
  readonly database: string;
  readonly table: string;
  /** The data product the database holds, when the templates say (head's, else base's). */
  readonly product: string | null;
  readonly before: TableAccess;
  readonly after: TableAccess;
  /** Columns seen (as data) in head and in no row of base. */
  readonly columnsGained: DiffColumn[];
  /** Columns seen (as data) in base and in no row of head. */
  readonly columnsLost: DiffColumn[];
  /**
   * The slices before and after when rows are involved: the row filters of a table seen on both sides differ (a
   * filter added, removed or changed), or a table is gained or lost under a row filter; else null. `widened`: the
   * columns seen before that are now seen in rows they were not seen in (a filter removed or changed).
   */
  readonly rows: { readonly before: RowSlice[]; readonly after: RowSlice[]; readonly widened: DiffColumn[] } | null;
  /**
   * Column names newly visible as metadata only (the principal can DESCRIBE the table, so sees the column's name and
   * type, but cannot SELECT it) — visible in no way before — and those no longer visible in any way. Compared per
   * (principal, table) whatever the data access; a column that moves between data and metadata only is a data gain
   * or loss (`columnsGained`/`columnsLost`), not a metadata change: its name was and stays visible. Never blocking.
   */
  readonly metadataGained: string[];
  readonly metadataLost: string[];
  /** The columns whose new cells (gained, or seen in rows not seen before) are not covered by a reviewed request. */
  readonly uncovered: DiffColumn[];
  /** The columns of the top confidentiality level with new cells. */
  readonly sensitive: DiffColumn[];
}

export interface PrincipalChange {
  readonly consumer: string | null;
  readonly account: string;
  readonly principal: string;
  readonly tables: TableChange[];
}

export interface BlockingChange {
  readonly reason: FailOn;
  readonly consumer: string | null;
  readonly account: string;
  readonly principal: string;
  readonly database: string;
  readonly table: string;
  readonly columns: string[];
  readonly message: string;
}

export interface DiffSummary {
  /** Principals with a change. */
  readonly principals: number;
  /** (principal, table) pairs newly seen as data, and no longer seen as data. */
  readonly tablesGained: number;
  readonly tablesLost: number;
  /** (principal, table, column) triples gained and lost as data. */
  readonly columnsGained: number;
  readonly columnsLost: number;
  /** Of the columns gained (or seen in new rows), those of the top confidentiality level. */
  readonly sensitiveColumnsGained: number;
  /** (principal, table) pairs whose row filters changed. */
  readonly rowChanges: number;
  /** (principal, table) pairs whose metadata-only columns changed (`metadataGained`/`metadataLost`), or that moved between none and metadata only. */
  readonly metadataChanges: number;
}

export interface AccessDiff {
  readonly summary: DiffSummary;
  /** The top confidentiality level (head's order; base's when head has none), null without a confidentiality key. */
  readonly sensitiveLevel: string | null;
  readonly failOn: FailOn[];
  readonly requests: ReviewedRequest[];
  readonly blocking: BlockingChange[];
  readonly principals: PrincipalChange[];
}

interface View {
  consumer: string | null;
  account: string;
  principal: string;
  /** table key -> slices (data) */
  data: Map<string, { database: string; table: string; slices: Map<string | null, Set<string>> }>;
  /** table key -> metadata-visible column names */
  metadata: Map<string, { database: string; table: string; columns: Set<string> }>;
}

function views(report: AccessReport): Map<string, View> {
  const out = new Map<string, View>();
  const viewOf = (e: { consumer: string | null; account: string; principal: string }) => {
    const key = `${e.account}|${e.principal}`;
    let v = out.get(key);
    if (!v) {
      v = { consumer: e.consumer, account: e.account, principal: e.principal, data: new Map(), metadata: new Map() };
      out.set(key, v);
    }
    if (v.consumer === null && e.consumer !== null) v.consumer = e.consumer;
    return v;
  };
  for (const e of report.access as AccessEntry[]) {
    const v = viewOf(e);
    const tk = `${e.database}|${e.table}`;
    const t = v.data.get(tk) ?? { database: e.database, table: e.table, slices: new Map<string | null, Set<string>>() };
    v.data.set(tk, t);
    const cols = t.slices.get(e.rowFilter) ?? new Set<string>();
    e.columns.forEach(c => cols.add(c));
    t.slices.set(e.rowFilter, cols);
  }
  for (const m of report.metadata as MetadataEntry[]) {
    const v = viewOf(m);
    const tk = `${m.database}|${m.table}`;
    const t = v.metadata.get(tk) ?? { database: m.database, table: m.table, columns: new Set<string>() };
    v.metadata.set(tk, t);
    m.columns.forEach(c => t.columns.add(c));
  }
  return out;
}

function confidentialityMap(vis: Visibility): Map<string, Map<string, string | null>> {
  const out = new Map<string, Map<string, string | null>>();
  for (const t of vis.tables) {
    const key = `${t.database.toLowerCase()}|${t.name.toLowerCase()}`;
    if (out.has(key)) continue;
    out.set(key, new Map(t.columns.map(c => [c.name.toLowerCase(), c.confidentiality ?? null])));
  }
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function slicesOf(slices: Map<string | null, Set<string>> | undefined): RowSlice[] {
  if (!slices) return [];
  return [...slices].map(([rowFilter, cols]) => ({ rowFilter, columns: [...cols].sort(cmp) }))
    .sort((a, b) => (a.rowFilter === null ? -1 : b.rowFilter === null ? 1 : cmp(a.rowFilter, b.rowFilter)));
}

/** Whether some slice has a row filter. */
function filtered(slices: RowSlice[]): boolean {
  return slices.some(s => s.rowFilter !== null);
}

/** Compares two evaluations. Stable: principals by consumer (named ones first), account, principal; tables by database and table. */
export function diffAccess(base: DiffSide, head: DiffSide, options: DiffOptions = {}): AccessDiff {
  const failOn = FAIL_ON.filter(f => (options.failOn ?? []).includes(f));
  const requests = [...(options.requests ?? [])];
  const levels = head.visibility.levels.length > 0 ? head.visibility.levels : base.visibility.levels;
  const sensitiveLevel = levels.length > 0 ? levels[levels.length - 1] : null;
  const headConf = confidentialityMap(head.visibility);
  const baseConf = confidentialityMap(base.visibility);
  const column = (conf: Map<string, Map<string, string | null>>, tk: string, name: string): DiffColumn =>
    ({ name, confidentiality: conf.get(tk)?.get(name.toLowerCase()) ?? null });
  const productOf = (database: string) => head.products.get(database.toLowerCase()) ?? base.products.get(database.toLowerCase()) ?? null;
  /** Whether a reviewed request covers a new cell of this column for this principal. */
  const covered = (consumer: string | null, product: string | null, c: DiffColumn) => {
    if (consumer === null || product === null || c.confidentiality === null) return false;
    const level = levels.indexOf(c.confidentiality);
    return level >= 0 && requests.some(r => r.consumer === consumer && r.product === product && levels.indexOf(r.clearance) >= level);
  };

  const b = views(base.report);
  const h = views(head.report);
  const principals: PrincipalChange[] = [];
  for (const key of new Set([...b.keys(), ...h.keys()])) {
    const bv = b.get(key);
    const hv = h.get(key);
    const who = hv ?? bv!;
    const consumer = hv?.consumer ?? bv?.consumer ?? null;
    const tableKeys = new Set([bv, hv].flatMap(v => (v ? [...v.data.keys(), ...v.metadata.keys()] : [])));
    const tables: TableChange[] = [];
    for (const tk of tableKeys) {
      const bd = bv?.data.get(tk);
      const hd = hv?.data.get(tk);
      const bm = bv?.metadata.get(tk);
      const hm = hv?.metadata.get(tk);
      const { database, table } = hd ?? bd ?? hm ?? bm!;
      const before: TableAccess = bd ? 'data' : bm ? 'metadata' : 'none';
      const after: TableAccess = hd ? 'data' : hm ? 'metadata' : 'none';
      const bAll = new Set([...(bd?.slices.values() ?? [])].flatMap(s => [...s]));
      const hAll = new Set([...(hd?.slices.values() ?? [])].flatMap(s => [...s]));
      const columnsGained = [...hAll].filter(c => !bAll.has(c)).sort(cmp).map(c => column(headConf, tk, c));
      const columnsLost = [...bAll].filter(c => !hAll.has(c)).sort(cmp).map(c => column(baseConf, tk, c));
      // New cells: a column of a head slice that base shows neither in every row nor under the same filter.
      const fresh = new Set<string>();
      for (const [filter, cols] of hd?.slices ?? []) {
        for (const c of cols) if (!(bd?.slices.get(null)?.has(c) || bd?.slices.get(filter)?.has(c))) fresh.add(c);
      }
      const beforeSlices = slicesOf(bd?.slices);
      const afterSlices = slicesOf(hd?.slices);
      // The rows changed: the filters differ, or a column seen on both sides is seen under other filters.
      const filtersOf = (slices: Map<string | null, Set<string>> | undefined, c: string) =>
        JSON.stringify([...(slices ?? [])].filter(([, cols]) => cols.has(c)).map(([f]) => f ?? '').sort(cmp));
      const rowsChanged = before === 'data' && after === 'data' && (
        JSON.stringify(beforeSlices.map(x => x.rowFilter)) !== JSON.stringify(afterSlices.map(x => x.rowFilter))
        || [...bAll].some(c => hAll.has(c) && filtersOf(bd?.slices, c) !== filtersOf(hd?.slices, c)));
      const widened = rowsChanged ? [...fresh].filter(c => bAll.has(c)).sort(cmp).map(c => column(headConf, tk, c)) : [];
      // Metadata only, always compared: a column visible (as metadata or data) on one side only.
      const metadataGained = [...(hm?.columns ?? [])].filter(c => !bm?.columns.has(c) && !bAll.has(c)).sort(cmp);
      const metadataLost = [...(bm?.columns ?? [])].filter(c => !hm?.columns.has(c) && !hAll.has(c)).sort(cmp);
      const metadataChanged = metadataGained.length > 0 || metadataLost.length > 0;
      if (columnsGained.length === 0 && columnsLost.length === 0 && !rowsChanged && !metadataChanged && before === after) continue;
      const product = productOf(database);
      const freshColumns = [...fresh].sort(cmp).map(c => column(headConf, tk, c));
      tables.push({
        database,
        table,
        product,
        before,
        after,
        columnsGained,
        columnsLost,
        rows: rowsChanged || filtered(beforeSlices) !== filtered(afterSlices) ? { before: beforeSlices, after: afterSlices, widened } : null,
        metadataGained,
        metadataLost,
        uncovered: freshColumns.filter(c => !covered(consumer, product, c)),
        sensitive: sensitiveLevel === null ? [] : freshColumns.filter(c => c.confidentiality === sensitiveLevel),
      });
    }
    if (tables.length === 0) continue;
    tables.sort((x, y) => cmp(x.database, y.database) || cmp(x.table, y.table));
    principals.push({ consumer, account: who.account, principal: who.principal, tables });
  }
  principals.sort((x, y) => (x.consumer === null ? 1 : 0) - (y.consumer === null ? 1 : 0)
    || cmp(x.consumer ?? '', y.consumer ?? '') || cmp(x.account, y.account) || cmp(x.principal, y.principal));

  const blocking: BlockingChange[] = [];
  for (const p of principals) {
    for (const t of p.tables) {
      const where = `${t.database}.${t.table}`;
      const whom = `${p.consumer ? `${p.consumer} ` : ''}${p.principal === p.account ? `account ${p.account}` : p.principal}`;
      if (failOn.includes('sensitive') && t.sensitive.length > 0) {
        blocking.push({
          reason: 'sensitive',
          consumer: p.consumer,
          account: p.account,
          principal: p.principal,
          database: t.database,
          table: t.table,
          columns: t.sensitive.map(c => c.name),
          message: `${whom} gains ${sensitiveLevel} column${t.sensitive.length > 1 ? 's' : ''} ${t.sensitive.map(c => c.name).join(', ')} of ${where}`,
        });
      }
      if (failOn.includes('widening') && t.uncovered.length > 0) {
        const why = p.consumer === null ? 'no request covers a principal outside the consumer accounts'
          : t.product === null ? `${where} is not a data product a request can name`
            : requests.some(r => r.consumer === p.consumer && r.product === t.product)
              ? `above the clearance of the reviewed request for ${p.consumer} on ${t.product}`
              : `no reviewed request of ${p.consumer} for ${t.product}`;
        blocking.push({
          reason: 'widening',
          consumer: p.consumer,
          account: p.account,
          principal: p.principal,
          database: t.database,
          table: t.table,
          columns: t.uncovered.map(c => c.name),
          message: `${whom} gains ${t.uncovered.map(c => `${c.name} (${c.confidentiality ?? 'unclassified'})`).join(', ')} of ${where}: ${why}`,
        });
      }
    }
  }

  const all = principals.flatMap(p => p.tables);
  const summary: DiffSummary = {
    principals: principals.length,
    tablesGained: all.filter(t => t.before !== 'data' && t.after === 'data').length,
    tablesLost: all.filter(t => t.before === 'data' && t.after !== 'data').length,
    columnsGained: all.reduce((n, t) => n + t.columnsGained.length, 0),
    columnsLost: all.reduce((n, t) => n + t.columnsLost.length, 0),
    sensitiveColumnsGained: all.reduce((n, t) => n + t.sensitive.length, 0),
    rowChanges: all.filter(t => t.rows !== null && t.before === 'data' && t.after === 'data').length,
    metadataChanges: all.filter(t => t.metadataGained.length > 0 || t.metadataLost.length > 0 || (t.before !== 'data' && t.after !== 'data')).length,
  };
  return { summary, sensitiveLevel, failOn, requests, blocking, principals };
}

/** Whether the diff says nothing: no principal gains or loses anything. */
export function isEmptyDiff(diff: AccessDiff): boolean {
  return diff.principals.length === 0;
}
