/*
 * Lake Formation's documented rules, evaluated over the facts of synthesized templates (see
 * docs/report.md for each rule and its source):
 * - tag inheritance database -> table -> column, a key set lower down overriding that key only;
 * - LF-tag expressions: keys ANDed, values ORed, case-insensitive; ResourceType TABLE grants the
 *   matching columns, DATABASE grants no data;
 * - named tables (and TableWildcard), TableWithColumns (ColumnNames, ColumnWildcard with exclusions),
 *   data-cells filters (columns, row filter or every row);
 * - ALL implies SELECT; data lake admins get no implicit SELECT (DM-27); a table's creator (the
 *   deploying CloudFormation role, when the manifest names it) holds every permission on it; tables of a
 *   database whose default permissions grant IAM_ALLOWED_PRINCIPALS are readable by that group;
 * - grant-option chains: an account that does not own a table passes on only what it holds with grant
 *   option (wider re-grants are capped, with a DM-22 warning), and only to principals of its own account;
 * - resource links: a grant on a resource link does not grant the target (LF-DG "Granting resource link
 *   permissions": "Granting permissions on a resource link doesn't grant permissions on the target (linked)
 *   database or table. You must grant permissions on the target separately."), so a SELECT naming a table
 *   through a database link, or a table link, reads nothing; DESCRIBE on a link is what lets a principal query
 *   through it (`via`);
 * - grants Lake Formation refuses at deploy time (the doctor's DM-19, DM-22 and DM-44 refusals, passed to `run`) give
 *   nothing (D45).
 * Each evaluation step uses maps keyed by catalog/database/table: the cost grows with the grants and the
 * columns they match, not with their product (scripts/bench-report.ts).
 */
import type { CatalogTable, LfGrant, MeshFacts, ResourceLink } from './facts';
import { IAM_ALLOWED_PRINCIPALS, normalizePrincipal, Principal } from './principals';

export interface AccessEntry {
  consumer: string | null;
  account: string;
  principal: string;
  database: string;
  via: string | null;
  table: string;
  columns: string[];
  rowFilter: string | null;
  effective: boolean;
  missing: string[];
  /** The table's data lies in a bucket the assembly does not define: its data path was not checked (`effective` is false). */
  unverified: boolean;
}

/**
 * A principal that can DESCRIBE a table (see its metadata: names, types, comments, parameters, tags) and shows columns
 * it cannot SELECT: discovery (D66). `columns` lists those metadata-only columns: every column for a principal with no
 * data access on the table, the columns its `access` entry does not list for a partial reader (the two lists are disjoint).
 */
export interface MetadataEntry {
  consumer: string | null;
  account: string;
  principal: string;
  database: string;
  table: string;
  /** The column names visible as metadata only (DESCRIBE on a table shows every column's name and type), less those it can SELECT. */
  columns: string[];
  /** The resource link the principal browses through, if any. */
  via: string | null;
}

/** The columns of a table a principal may DESCRIBE, and those of them it may pass on (grant option). */
interface DescribeHolding { columns: Set<string>; grantable: Set<string> }

/** Row filter ('' = every row) -> visible columns. Several slices express cell-level security exactly. */
type Slices = Map<string, Set<string>>;
const ALL_ROWS = '';

interface Holding { read: Slices; grantable: Slices }

interface Holder { readonly principal: Principal; readonly tables: Map<string, Holding> }

const READ = new Set(['SELECT', 'ALL', 'SUPER']);
const DESCRIBE = new Set(['DESCRIBE', 'ALL', 'SUPER']);

/** One table and its effective tags: database, overridden by table, overridden by column, key by key. */
class TableInfo {
  public readonly key: string;
  /** The table's effective tags (the database's, overridden by the table's). */
  private readonly tableTags: Map<string, string>;
  /** Column -> the keys set on that column. */
  private readonly columnTags = new Map<string, Map<string, string>>();

  constructor(public readonly table: CatalogTable, facts: MeshFacts) {
    this.key = tableKey(table.catalog, table.database, table.name);
    const pairs = (k: string) => (facts.tags.get(k) ?? []).map(t => [t.key, t.value] as [string, string]);
    this.tableTags = new Map([...pairs(`${table.catalog}|db|${table.database}`), ...pairs(`${table.catalog}|table|${table.database}|${table.name}`)]);
    for (const c of table.columns) {
      const list = facts.tags.get(`${table.catalog}|column|${table.database}|${table.name}|${c}`);
      if (list && list.length > 0) this.columnTags.set(c, new Map(list.map(t => [t.key, t.value] as [string, string])));
    }
  }

  public tag(column: string, key: string): string | undefined {
    return this.columnTags.get(column)?.get(key) ?? this.tableTags.get(key);
  }

  /**
   * The `key=value` pairs that can match a column of the table (for the catalog's tag index): the
   * table-level ones and every column's own. A superset is enough: candidates are checked column by column.
   */
  public tagPairs(): Set<string> {
    const pairs = new Set<string>();
    const add = (v: string, k: string) => pairs.add(`${k}\u0000${v}`).add(`${k}\u0000*`);
    this.tableTags.forEach(add);
    this.columnTags.forEach(m => m.forEach(add));
    return pairs;
  }
}

interface Clause { key: string; values: Set<string> }

/** A grant made by an account that does not own the table (a consumer's re-grant), per table it names. */
export interface Regrant {
  readonly grant: LfGrant;
  readonly principal: Principal;
  readonly table: CatalogTable;
  /** A re-grant to another account, an organization, or a principal of another account: Lake Formation refuses it. */
  readonly reshare: boolean;
  /** How the grant names the table: by LF-tag expression or by name (Table, TableWithColumns, DataCellsFilter). */
  readonly by: 'tag' | 'named';
  /** Whether the granting account holds SELECT on some columns of the table with grant option. */
  readonly held: boolean;
  /** The columns the grant names, those it keeps (held with grant option) and those Lake Formation drops. */
  readonly wanted: string[];
  readonly kept: string[];
  readonly dropped: string[];
  /** Lake Formation refuses the grant (a re-share, or one of the refusals passed to `run`: DM-19, DM-22, DM-44): it gives nothing. */
  readonly refused: boolean;
}

/** What the report entry stands for, beyond the contract's fields. */
export interface EntryMeta {
  readonly principal: Principal;
  readonly table: CatalogTable;
  /** The resource link the principal queries through, if any. */
  readonly link?: ResourceLink;
}

/** Lake Formation's evaluation of an assembly's facts: access entries, re-grants, and lookups for the doctor's rules. */
export class LfEvaluator {
  public access: AccessEntry[] = [];
  /** Principals that can DESCRIBE a table and SELECT none of its columns (discovery). */
  public metadata: MetadataEntry[] = [];
  public readonly regrants: Regrant[] = [];
  public readonly entryMeta = new Map<AccessEntry, EntryMeta>();
  private readonly tables = new Map<string, TableInfo>();
  private readonly tablesByDatabase = new Map<string, TableInfo[]>();
  private readonly tablesByCatalog = new Map<string, TableInfo[]>();
  private readonly tagIndex = new Map<string, Map<string, TableInfo[]>>();
  private readonly databaseLinks = new Map<string, ResourceLink>();
  private readonly tableLinks = new Map<string, ResourceLink>();
  private readonly filters = new Map<string, MeshFacts['filters'][number]>();
  private readonly tagPolicyCache = new Map<string, Map<string, Slices>>();
  private readonly holders = new Map<string, Holder>();
  /** principal key -> table key -> whether it holds DESCRIBE there with grant option (discovery). */
  /** principal key -> table key -> the columns it may DESCRIBE, and those it may pass on (grant option). */
  private readonly describeHolders = new Map<string, { principal: Principal; tables: Map<string, DescribeHolding> }>();
  /** principal key -> target `catalog|db` or `catalog|db|table` -> link. */
  private readonly via = new Map<string, Map<string, ResourceLink>>();
  private readonly consumerOf = new Map<string, string>();

  constructor(public readonly facts: MeshFacts) {
    for (const t of facts.tables) {
      const info = new TableInfo(t, facts);
      this.tables.set(info.key, info);
      push(this.tablesByDatabase, `${t.catalog}|${t.database}`, info);
      push(this.tablesByCatalog, t.catalog, info);
    }
    for (const l of facts.links) {
      if (l.targetTable === undefined) this.databaseLinks.set(`${l.catalog}|${l.name}`, l);
      else this.tableLinks.set(tableKey(l.catalog, l.database ?? '', l.name), l);
    }
    for (const f of facts.filters) this.filters.set(`${tableKey(f.catalog, f.database, f.table)}|${f.name}`, f);
    for (const s of facts.stacks) if (s.role === 'consumer' && s.domain && !this.consumerOf.has(s.account)) this.consumerOf.set(s.account, s.domain);
  }

  /**
   * Evaluates every grant. `refused`: the grants Lake Formation refuses at deploy time (the doctor's DM-19, DM-22 and
   * DM-44 refusals, rules/support/regrants.ts `refusedGrants`): they give nothing, neither data nor a way through a link (D45).
   */
  public run(refused: ReadonlySet<LfGrant> = new Set()): AccessEntry[] {
    this.implicitGrants();
    const grants = [...this.facts.grants].sort((a, b) => compare(`${a.stackName}/${a.logicalId}`, `${b.stackName}/${b.logicalId}`));
    for (const g of grants) if (!refused.has(g)) this.linkAccess(g);

    // Grants by the table's owner account first: the grants of other accounts are capped by what they hold.
    const deferred: Array<{ g: LfGrant; p: Principal; key: string; slices: Slices; grantable: boolean }> = [];
    for (const g of grants) {
      const p = normalizePrincipal(g.principal, g.grantorAccount);
      const grantable = g.grantable.some(x => READ.has(x));
      if (!g.permissions.some(x => READ.has(x)) && !grantable) continue;
      for (const [key, slices] of this.select(g)) {
        if (this.tables.get(key)!.table.catalog !== g.grantorAccount) deferred.push({ g, p, key, slices, grantable });
        else if (!refused.has(g)) this.add(p, key, slices, grantable);
      }
    }
    for (const { g, p, key, slices, grantable } of deferred) {
      const table = this.tables.get(key)!.table;
      const by = g.resource?.LFTagPolicy ? 'tag' : 'named';
      const wanted = [...columnsOf(slices)].sort();
      if (p.kind === 'account' || p.kind === 'organization' || p.account !== g.grantorAccount) {
        this.regrants.push({ grant: g, principal: p, table, reshare: true, by, held: false, wanted, kept: [], dropped: wanted, refused: true });
        continue;
      }
      const held = this.holders.get(g.grantorAccount)?.tables.get(key)?.grantable ?? new Map<string, Set<string>>();
      const capped = intersect(slices, held);
      const kept = columnsOf(capped);
      this.regrants.push({
        grant: g,
        principal: p,
        table,
        reshare: false,
        by,
        held: held.size > 0,
        wanted,
        kept: [...kept].sort(),
        dropped: wanted.filter(c => !kept.has(c)),
        refused: refused.has(g),
      });
      if (!refused.has(g)) this.add(p, key, capped, grantable);
    }
    this.access = this.entries();
    this.describes(grants, refused);
    this.metadata = this.metadataEntries();
    return this.access;
  }

  /**
   * DESCRIBE holdings (discovery, D66): what each principal may see the metadata of. Named tables (TableWildcard
   * included) give DESCRIBE on the whole table: its columns' names and types. Tag policies of ResourceType TABLE give
   * it on the columns that match the expression (the discovery expression matches every column of a discoverable
   * product; a share's expression only the columns it shares). Grants of an account that does not own the table pass
   * on only what it holds with grant option, to its own principals, as for SELECT.
   */
  private describes(grants: LfGrant[], refused: ReadonlySet<LfGrant>): void {
    const deferred: Array<{ g: LfGrant; p: Principal; key: string; columns: Set<string>; grantable: boolean }> = [];
    for (const g of grants) {
      if (refused.has(g)) continue;
      const grantable = g.grantable.some(x => DESCRIBE.has(x));
      if (!g.permissions.some(x => DESCRIBE.has(x)) && !grantable) continue;
      const p = normalizePrincipal(g.principal, g.grantorAccount);
      for (const [key, columns] of this.describedTables(g)) {
        if (this.tables.get(key)!.table.catalog !== g.grantorAccount) deferred.push({ g, p, key, columns, grantable });
        else this.addDescribe(p, key, columns, grantable);
      }
    }
    for (const { g, p, key, columns, grantable } of deferred) {
      if (p.kind === 'account' || p.kind === 'organization' || p.account !== g.grantorAccount) continue;
      const held = this.describeHolders.get(g.grantorAccount)?.tables.get(key)?.grantable;
      const kept = new Set([...columns].filter(c => held?.has(c)));
      if (kept.size > 0) this.addDescribe(p, key, kept, grantable);
    }
  }

  /** The tables a grant gives DESCRIBE on (whatever its permissions), with the columns it shows of each. */
  private describedTables(g: LfGrant): Array<[string, Set<string>]> {
    const r = g.resource ?? {};
    if (r.LFTagPolicy) {
      if (String(r.LFTagPolicy.ResourceType).toUpperCase() !== 'TABLE') return [];
      return [...this.tagPolicy(catalogOf(r.LFTagPolicy.CatalogId, g), r.LFTagPolicy.Expression)].map(([key, slices]) => [key, columnsOf(slices)]);
    }
    if (r.Table) {
      const wildcard = r.Table.TableWildcard !== undefined && r.Table.TableWildcard !== null;
      return this.namedTables(catalogOf(r.Table.CatalogId, g), r.Table.DatabaseName, wildcard ? undefined : r.Table.Name)
        .map(i => [i.key, new Set(i.table.columns)]);
    }
    return [];
  }

  private addDescribe(p: Principal, key: string, columns: Set<string>, grantable: boolean): void {
    let holder = this.describeHolders.get(p.key);
    if (!holder) {
      holder = { principal: p, tables: new Map() };
      this.describeHolders.set(p.key, holder);
    }
    let held = holder.tables.get(key);
    if (!held) {
      held = { columns: new Set(), grantable: new Set() };
      holder.tables.set(key, held);
    }
    columns.forEach(c => held!.columns.add(c));
    if (grantable) columns.forEach(c => held!.grantable.add(c));
  }

  /**
   * Principals that may DESCRIBE a table, with the columns they see as metadata only: every column of the table but
   * those they can SELECT (a partial reader sees the names and types of the columns hidden from it: reported, not hidden).
   */
  private metadataEntries(): MetadataEntry[] {
    const out: MetadataEntry[] = [];
    for (const { principal: p, tables } of this.describeHolders.values()) {
      const via = p.kind === 'account' ? undefined : this.via.get(p.key);
      for (const [key, described] of tables) {
        const read = this.holders.get(p.key)?.tables.get(key)?.read;
        const readable = read ? columnsOf(read) : new Set<string>();
        const t = this.tables.get(key)!.table;
        const metadataOnly = t.columns.filter(c => described.columns.has(c) && !readable.has(c));
        if (metadataOnly.length === 0) continue;
        const link = via?.get(key) ?? via?.get(`${t.catalog}|${t.database}`);
        out.push({
          consumer: this.consumerOf.get(p.account) ?? null,
          account: p.account,
          principal: p.principal,
          database: t.database,
          table: t.name,
          columns: metadataOnly.sort(),
          via: link ? linkName(link) : null,
        });
      }
    }
    const order = (a: MetadataEntry) => [a.account, a.principal, a.database, a.table];
    return out.sort((a, b) => order(a).map((x, i) => compare(x, order(b)[i])).find(c => c !== 0) ?? 0);
  }

  /** The tables a grant names (through database links), whatever its permissions; tag policies: the tables with a matching column. */
  public tablesNamedBy(g: LfGrant): CatalogTable[] {
    const r = g.resource ?? {};
    if (r.LFTagPolicy) {
      if (String(r.LFTagPolicy.ResourceType).toUpperCase() !== 'TABLE') return [];
      return [...this.tagPolicy(catalogOf(r.LFTagPolicy.CatalogId, g), r.LFTagPolicy.Expression).keys()].map(k => this.tables.get(k)!.table);
    }
    const infos: TableInfo[] = [];
    if (r.Table) {
      const wildcard = r.Table.TableWildcard !== undefined && r.Table.TableWildcard !== null;
      infos.push(...this.namedTables(catalogOf(r.Table.CatalogId, g), r.Table.DatabaseName, wildcard ? undefined : r.Table.Name));
    } else if (r.TableWithColumns) {
      infos.push(...this.namedTables(catalogOf(r.TableWithColumns.CatalogId, g), r.TableWithColumns.DatabaseName, r.TableWithColumns.Name));
    } else if (r.DataCellsFilter) {
      const f = r.DataCellsFilter;
      const info = this.tables.get(tableKey(String(f.TableCatalogId ?? g.grantorAccount), lower(f.DatabaseName), lower(f.TableName)));
      if (info) infos.push(info);
    }
    return infos.map(i => i.table);
  }

  /** The columns of each table whose effective tags match an expression (keys ANDed, values ORed). */
  public columnsMatching(catalog: string, expression: any): Map<CatalogTable, string[]> {
    const out = new Map<CatalogTable, string[]>();
    for (const [key, slices] of this.tagPolicy(catalog, expression)) out.set(this.tables.get(key)!.table, [...columnsOf(slices)].sort());
    return out;
  }

  /** Whether a database's own tags match an expression (an LFTagPolicy with ResourceType DATABASE). */
  public databaseMatches(catalog: string, database: string, expression: any): boolean {
    const tags = new Map((this.facts.tags.get(`${catalog}|db|${lower(database)}`) ?? []).map(t => [t.key, t.value] as [string, string]));
    const clauses = clausesOf(expression);
    return clauses.length > 0 && clauses.every(cl => {
      const v = tags.get(cl.key);
      return v !== undefined && (cl.values.has(v) || cl.values.has('*'));
    });
  }

  /** The database link or table link named `catalog.database(.name)`, if any. */
  public link(catalog: string, database: string, name?: string): ResourceLink | undefined {
    return name === undefined ? this.databaseLinks.get(`${catalog}|${lower(database)}`) : this.tableLinks.get(tableKey(catalog, lower(database), lower(name)));
  }

  /** The tables of `catalog.database` in the assembly. */
  public tablesOf(catalog: string, database: string): CatalogTable[] {
    return (this.tablesByDatabase.get(`${catalog}|${lower(database)}`) ?? []).map(i => i.table);
  }

  /** The table `catalog.database.name`, if the assembly defines it. */
  public table(catalog: string, database: string, name: string): CatalogTable | undefined {
    return this.tables.get(tableKey(catalog, lower(database), lower(name)))?.table;
  }

  /** Implicit holdings: a table's creator, and IAM_ALLOWED_PRINCIPALS where default permissions grant it. */
  private implicitGrants(): void {
    const databases = new Map(this.facts.databases.map(d => [`${d.catalog}|${d.name}`, d]));
    for (const info of this.tables.values()) {
      const t = info.table;
      const every: Slices = new Map([[ALL_ROWS, new Set(t.columns)]]);
      if (t.creator) this.add(normalizePrincipal(t.creator, t.catalog), info.key, every, true);
      const db = databases.get(`${t.catalog}|${t.database}`);
      const defaults = db === undefined ? undefined : db.createTableDefaults ?? this.facts.settings.get(t.catalog)?.createTableDefaults;
      for (const d of defaults ?? []) {
        if (d.principal === IAM_ALLOWED_PRINCIPALS && d.permissions.some(x => READ.has(x))) {
          this.add(normalizePrincipal(IAM_ALLOWED_PRINCIPALS, t.catalog), info.key, every, false);
        }
      }
    }
  }

  /** DESCRIBE on a resource link (in the principal's own account) lets the principal query through it. */
  private linkAccess(g: LfGrant): void {
    const p = normalizePrincipal(g.principal, g.grantorAccount);
    if (!g.permissions.some(x => DESCRIBE.has(x)) || p.kind === 'account') return;
    const r = g.resource;
    let link: ResourceLink | undefined;
    if (r.Database) {link = this.databaseLinks.get(`${catalogOf(r.Database.CatalogId, g)}|${lower(r.Database.Name)}`);} else if (r.Table && r.Table.Name !== undefined) {
      link = this.tableLinks.get(tableKey(catalogOf(r.Table.CatalogId, g), lower(r.Table.DatabaseName), lower(r.Table.Name)));
    }
    if (!link || link.catalog !== p.account) return;
    const target = link.targetTable === undefined
      ? `${link.targetCatalog}|${link.targetDatabase}`
      : tableKey(link.targetCatalog, link.targetDatabase, link.targetTable);
    const byTarget = this.via.get(p.key) ?? new Map<string, ResourceLink>();
    this.via.set(p.key, byTarget);
    const current = byTarget.get(target);
    if (current === undefined || compare(linkName(link), linkName(current)) < 0) byTarget.set(target, link);
  }

  /** The columns (and rows) a SELECT grant names, per table. */
  private select(g: LfGrant): Map<string, Slices> {
    const out = new Map<string, Slices>();
    const r = g.resource ?? {};
    const add = (info: TableInfo, cols: Iterable<string>, rowFilter: string | null = null) => {
      const set = new Set(cols);
      if (set.size === 0) return;
      const slices = out.get(info.key) ?? new Map<string, Set<string>>();
      out.set(info.key, slices);
      const k = rowFilter ?? ALL_ROWS;
      const current = slices.get(k);
      if (current) set.forEach(c => current.add(c)); else slices.set(k, set);
    };
    if (r.LFTagPolicy) {
      // ResourceType DATABASE grants database permissions (DESCRIBE, CREATE_TABLE, ...): no data.
      if (String(r.LFTagPolicy.ResourceType).toUpperCase() !== 'TABLE') return out;
      return this.tagPolicy(catalogOf(r.LFTagPolicy.CatalogId, g), r.LFTagPolicy.Expression);
    }
    if (r.Table) {
      const wildcard = r.Table.TableWildcard !== undefined && r.Table.TableWildcard !== null;
      const named = this.namedTables(catalogOf(r.Table.CatalogId, g), r.Table.DatabaseName, wildcard ? undefined : r.Table.Name);
      for (const info of named) add(info, info.table.columns);
    } else if (r.TableWithColumns) {
      const tw = r.TableWithColumns;
      for (const info of this.namedTables(catalogOf(tw.CatalogId, g), tw.DatabaseName, tw.Name)) {
        add(info, pickColumns(info.table.columns, tw.ColumnNames, tw.ColumnWildcard ? (tw.ColumnWildcard.ExcludedColumnNames ?? []) : undefined));
      }
    } else if (r.DataCellsFilter) {
      // Data filters are defined on the table itself (not on resource links) and named by its catalog.
      const f = r.DataCellsFilter;
      const key = tableKey(String(f.TableCatalogId ?? g.grantorAccount), lower(f.DatabaseName), lower(f.TableName));
      const filter = this.filters.get(`${key}|${f.Name}`);
      const info = this.tables.get(key);
      if (filter && info) add(info, pickColumns(info.table.columns, filter.columns, filter.excluded), filter.rowFilter);
    }
    return out;
  }

  /** Columns of the catalog's tables whose effective tags match an expression (cached per expression). */
  private tagPolicy(catalog: string, expression: any): Map<string, Slices> {
    const clauses = clausesOf(expression);
    const cacheKey = `${catalog}|${clauses.map(c => `${c.key}=${[...c.values].sort().join(',')}`).sort().join('&')}`;
    const cached = this.tagPolicyCache.get(cacheKey);
    if (cached) return cached;
    const out = new Map<string, Slices>();
    if (clauses.length > 0) {
      const index = this.catalogTagIndex(catalog);
      // Candidates: the tables carrying one of the first clause's values somewhere.
      const candidates = new Set<TableInfo>();
      const first = clauses[0];
      for (const v of first.values.has('*') ? ['*'] : first.values) (index.get(`${first.key}\u0000${v}`) ?? []).forEach(t => candidates.add(t));
      for (const info of candidates) {
        const cols = info.table.columns.filter(c => clauses.every(cl => {
          const v = info.tag(c, cl.key);
          return v !== undefined && (cl.values.has(v) || cl.values.has('*'));
        }));
        if (cols.length > 0) out.set(info.key, new Map([[ALL_ROWS, new Set(cols)]]));
      }
    }
    this.tagPolicyCache.set(cacheKey, out);
    return out;
  }

  private catalogTagIndex(catalog: string): Map<string, TableInfo[]> {
    let index = this.tagIndex.get(catalog);
    if (!index) {
      index = new Map();
      for (const info of this.tablesByCatalog.get(catalog) ?? []) for (const pair of info.tagPairs()) push(index, pair, info);
      this.tagIndex.set(catalog, index);
    }
    return index;
  }

  /**
   * Tables named by catalog/database(/name). A name through a resource link (a table of a database link, or a table
   * link) names no table: a grant on a link does not grant its target (LF-DG "Granting resource link permissions").
   */
  private namedTables(catalog: string, database: any, name?: any): TableInfo[] {
    const db = lower(database);
    if (this.throughLink(catalog, db, name)) return [];
    if (name === undefined) return this.tablesByDatabase.get(`${catalog}|${db}`) ?? [];
    const info = this.tables.get(tableKey(catalog, db, lower(name)));
    return info ? [info] : [];
  }

  /** The link a table name (or `TableWildcard`, `name` undefined) goes through: its database link, or the table link itself. */
  public throughLink(catalog: string, database: any, name?: any): ResourceLink | undefined {
    const db = lower(database);
    return this.databaseLinks.get(`${catalog}|${db}`) ?? (name === undefined ? undefined : this.tableLinks.get(tableKey(catalog, db, lower(name))));
  }

  private add(p: Principal, key: string, slices: Slices, grantable: boolean): void {
    if (slices.size === 0) return;
    let holder = this.holders.get(p.key);
    if (!holder) {
      holder = { principal: p, tables: new Map() };
      this.holders.set(p.key, holder);
    }
    const h = holder.tables.get(key) ?? { read: new Map(), grantable: new Map() };
    holder.tables.set(key, h);
    merge(h.read, slices);
    if (grantable) merge(h.grantable, slices);
  }

  private entries(): AccessEntry[] {
    const access: AccessEntry[] = [];
    // Data lake admins have implicit DESCRIBE on every resource of their catalog, resource links included.
    const adminLinks = new Map<string, ResourceLink>();
    for (const l of [...this.facts.links].sort((a, b) => compare(b.name, a.name))) {
      const target = l.targetTable === undefined ? `${l.targetCatalog}|${l.targetDatabase}` : tableKey(l.targetCatalog, l.targetDatabase, l.targetTable);
      adminLinks.set(`${l.catalog}|${target}`, l);
    }
    for (const { principal: p, tables } of this.holders.values()) {
      const via = this.via.get(p.key);
      const admin = p.kind === 'iam' && (this.facts.settings.get(p.account)?.admins ?? []).includes(p.principal);
      for (const [key, h] of tables) {
        const t = this.tables.get(key)!.table;
        const dbKey = `${t.catalog}|${t.database}`;
        const link = p.kind === 'account' ? undefined
          : via?.get(key) ?? via?.get(dbKey) ?? (admin ? adminLinks.get(`${p.account}|${key}`) ?? adminLinks.get(`${p.account}|${dbKey}`) : undefined);
        for (const { columns, rowFilter } of rowSlices(h.read)) {
          const entry: AccessEntry = {
            consumer: this.consumerOf.get(p.account) ?? null,
            account: p.account,
            principal: p.principal,
            database: t.database,
            via: link ? linkName(link) : null,
            table: t.name,
            columns,
            rowFilter,
            effective: true,
            missing: [],
            unverified: false,
          };
          access.push(entry);
          this.entryMeta.set(entry, { principal: p, table: t, link });
        }
      }
    }
    const order = (a: AccessEntry) => [a.account, a.principal, a.database, a.table];
    return access.sort((a, b) => order(a).map((x, i) => compare(x, order(b)[i])).find(c => c !== 0) ?? 0);
  }
}

/** `<database link>` or `<database>.<table link>`. */
export function linkName(l: ResourceLink): string {
  return l.database === undefined ? l.name : `${l.database}.${l.name}`;
}

function clausesOf(expression: any): Clause[] {
  return (Array.isArray(expression) ? expression : []).map((e: any) => ({
    key: lower(e?.TagKey),
    values: new Set<string>((Array.isArray(e?.TagValues) ? e.TagValues : []).map(lower)),
  }));
}

/** Output slices: every-row columns first, then filtered columns not already visible in every row. */
function rowSlices(read: Slices): Array<{ columns: string[]; rowFilter: string | null }> {
  const all = read.get(ALL_ROWS) ?? new Set<string>();
  const out: Array<{ columns: string[]; rowFilter: string | null }> = [];
  if (all.size > 0) out.push({ columns: [...all].sort(), rowFilter: null });
  const byColumns = new Map<string, string[]>();
  for (const [filter, cols] of read) {
    if (filter === ALL_ROWS) continue;
    const rest = [...cols].filter(c => !all.has(c)).sort();
    if (rest.length > 0) push(byColumns, rest.join('\u0000'), filter);
  }
  for (const [cols, filters] of [...byColumns].sort((a, b) => compare(a[0], b[0]))) {
    const distinct = [...new Set(filters)].sort();
    out.push({ columns: cols.split('\u0000'), rowFilter: distinct.length === 1 ? distinct[0] : distinct.map(f => `(${f})`).join(' OR ') });
  }
  return out;
}

/** Cells visible under both: column sets intersected, row filters ANDed. */
function intersect(a: Slices, b: Slices): Slices {
  const out: Slices = new Map();
  for (const [fa, ca] of a) {
    for (const [fb, cb] of b) {
      const cols = [...ca].filter(c => cb.has(c));
      if (cols.length === 0) continue;
      const f = fa === ALL_ROWS ? fb : fb === ALL_ROWS || fb === fa ? fa : `(${fa}) AND (${fb})`;
      const current = out.get(f);
      if (current) cols.forEach(c => current.add(c)); else out.set(f, new Set(cols));
    }
  }
  return out;
}

function merge(into: Slices, from: Slices): void {
  for (const [f, cols] of from) {
    const current = into.get(f);
    if (current) cols.forEach(c => current.add(c)); else into.set(f, new Set(cols));
  }
}

function columnsOf(s: Slices): Set<string> {
  const out = new Set<string>();
  s.forEach(cols => cols.forEach(c => out.add(c)));
  return out;
}

/** ColumnNames (case-insensitive), or every column but the excluded ones (ColumnWildcard); neither names nothing. */
function pickColumns(columns: string[], names?: any, excluded?: any): string[] {
  if (Array.isArray(names)) {
    const wanted = new Set(names.map(lower));
    return columns.filter(c => wanted.has(c));
  }
  if (Array.isArray(excluded)) {
    const out = new Set(excluded.map(lower));
    return columns.filter(c => !out.has(c));
  }
  return [];
}


function tableKey(catalog: string, database: string, name: string): string {
  return `${catalog}|${database}|${name}`;
}

function catalogOf(v: any, g: LfGrant): string {
  return v === undefined || v === null ? g.grantorAccount : String(v);
}

function lower(v: any): string {
  return String(v ?? '').toLowerCase();
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v); else m.set(k, [v]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
