/*
 * Lake Formation's documented rules, evaluated over the facts of synthesized templates: tag
 * inheritance database -> table -> column with overrides, expressions (keys ANDed, values ORed), named
 * tables/columns and column wildcards, data-cells filters, grant-option chains (an account passes on
 * only what it holds with grant option) and resource links. LF admins get no implicit SELECT (DM-27).
 */
import { CatalogTable, extractFacts, LfGrant, MeshFacts, readAssembly, StackTemplate, TagValue } from './template-model';

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
}

export interface Finding {
  id: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface AccessReport {
  access: AccessEntry[];
  findings: Finding[];
}

/** Columns of one table a principal holds SELECT on. */
interface Holding {
  columns: Set<string>;
  grantable: Set<string>;
  rowFilter: string | null;
}

const ACCOUNT_ID = /^\d{12}$/;

/** Evaluates a cloud assembly directory. */
export function evaluateAssembly(dir: string): AccessReport {
  return evaluateStacks(readAssembly(dir));
}

/** Evaluates already-loaded stacks. */
export function evaluateStacks(stacks: StackTemplate[]): AccessReport {
  return new Evaluator(extractFacts(stacks)).run();
}

class Evaluator {
  private readonly findings: Finding[] = [];
  constructor(private readonly facts: MeshFacts) {}

  public run(): AccessReport {
    const holdings = new Map<string, Map<string, Holding>>(); // principal -> tableKey -> holding
    const via = new Map<string, string>(); // principal|catalog|db -> link
    const accountOf = (principal: string) => ACCOUNT_ID.test(principal) ? principal : (/^arn:[^:]+:iam::(\d{12}):/.exec(principal)?.[1] ?? '');

    // Account-level (cross-account) grants first: re-grants are capped by them.
    const ordered = [...this.facts.grants].sort((a, b) => Number(!ACCOUNT_ID.test(a.principal)) - Number(!ACCOUNT_ID.test(b.principal)));
    for (const g of ordered) {
      const principalAccount = accountOf(g.principal);
      for (const link of this.linksNamed(g)) via.set(`${g.principal}|${link.targetCatalog}|${link.targetDatabase}`, link.name);
      const matched = this.columnsOf(g);
      if (matched.size === 0) continue;
      for (const [key, m] of matched) {
        const table = this.tableByKey(key)!;
        let columns = m.columns;
        // A grant made in an account that does not own the table passes on only what that account holds with grant option.
        if (table.catalog !== g.grantorAccount) {
          const held = holdings.get(g.grantorAccount)?.get(key);
          const allowed = held ? held.grantable : new Set<string>();
          columns = new Set([...columns].filter(c => allowed.has(c)));
          if (columns.size < m.columns.size && principalAccount === g.grantorAccount) {
            this.findings.push({
              id: 'DM-22',
              severity: 'warning',
              message: `${g.stackName}/${g.logicalId}: grant to ${g.principal} on ${table.database}.${table.name} names ` +
                `${[...m.columns].filter(c => !columns.has(c)).sort().join(', ')}, which account ${g.grantorAccount} does not hold with grant option; ` +
                `Lake Formation caps the grant to ${[...columns].sort().join(', ') || 'nothing'}.`,
            });
          }
          if (held?.rowFilter && !m.rowFilter) m.rowFilter = held.rowFilter;
        }
        if (columns.size === 0) continue;
        const byTable = holdings.get(g.principal) ?? new Map<string, Holding>();
        holdings.set(g.principal, byTable);
        const h = byTable.get(key) ?? { columns: new Set<string>(), grantable: new Set<string>(), rowFilter: null };
        columns.forEach(c => h.columns.add(c));
        if (m.grantable) columns.forEach(c => h.grantable.add(c));
        h.rowFilter = h.rowFilter ?? m.rowFilter;
        byTable.set(key, h);
      }
    }

    const access: AccessEntry[] = [];
    for (const [principal, byTable] of holdings) {
      const account = accountOf(principal);
      const consumer = this.facts.stacks.find(s => s.account === account && s.role === 'consumer')?.domain ?? null;
      for (const [key, h] of byTable) {
        const table = this.tableByKey(key)!;
        access.push({
          consumer,
          account,
          principal,
          database: table.database,
          via: via.get(`${principal}|${table.catalog}|${table.database}`) ?? null,
          table: table.name,
          columns: [...h.columns].sort(),
          rowFilter: h.rowFilter,
          effective: true,
          missing: [],
        });
      }
    }
    const order = (a: AccessEntry) => `${a.account}|${a.principal}|${a.database}|${a.table}`;
    access.sort((a, b) => order(a).localeCompare(order(b)));
    return { access, findings: this.findings };
  }

  /** Resource links a Database grant names (DESCRIBE on a link lets the principal query through it). */
  private linksNamed(g: LfGrant) {
    const db = g.resource.Database;
    if (!db) return [];
    return this.facts.links.filter(l => l.catalog === String(db.CatalogId) && l.name === db.Name);
  }

  /** The SELECT columns a grant names, per table. */
  private columnsOf(g: LfGrant): Map<string, { columns: Set<string>; grantable: boolean; rowFilter: string | null }> {
    const out = new Map<string, { columns: Set<string>; grantable: boolean; rowFilter: string | null }>();
    const select = g.permissions.includes('SELECT') || g.permissions.includes('ALL');
    if (!select) return out;
    const grantable = g.grantable.includes('SELECT') || g.grantable.includes('ALL');
    const add = (t: CatalogTable, cols: string[], rowFilter: string | null = null) => {
      if (cols.length === 0) return;
      const key = tableKey(t);
      const e = out.get(key) ?? { columns: new Set<string>(), grantable, rowFilter };
      cols.forEach(c => e.columns.add(c));
      out.set(key, e);
    };
    const r = g.resource;
    if (r.LFTagPolicy && r.LFTagPolicy.ResourceType === 'TABLE') {
      const catalog = String(r.LFTagPolicy.CatalogId ?? g.grantorAccount);
      const expr: Array<{ TagKey: string; TagValues: string[] }> = r.LFTagPolicy.Expression ?? [];
      for (const t of this.facts.tables.filter(x => x.catalog === catalog)) {
        add(t, t.columns.filter(c => matches(this.columnTags(t, c), expr)));
      }
    } else if (r.Table) {
      const name = r.Table.TableWildcard ? undefined : r.Table.Name;
      for (const t of this.namedTables(r.Table.CatalogId ?? g.grantorAccount, r.Table.DatabaseName, name)) add(t, t.columns);
    } else if (r.TableWithColumns) {
      const tw = r.TableWithColumns;
      for (const t of this.namedTables(tw.CatalogId ?? g.grantorAccount, tw.DatabaseName, tw.Name)) {
        const cols = tw.ColumnNames ?? t.columns.filter(c => !(tw.ColumnWildcard?.ExcludedColumnNames ?? []).includes(c));
        add(t, t.columns.filter(c => cols.includes(c)));
      }
    } else if (r.DataCellsFilter) {
      const f = r.DataCellsFilter;
      const filter = this.facts.filters.find(x =>
        x.catalog === String(f.TableCatalogId) && x.database === f.DatabaseName && x.table === f.TableName && x.name === f.Name);
      for (const t of this.namedTables(f.TableCatalogId, f.DatabaseName, f.TableName)) {
        const cols = filter?.columns ?? t.columns.filter(c => !(filter?.excluded ?? []).includes(c));
        add(t, filter ? t.columns.filter(c => cols.includes(c)) : [], filter?.rowFilter ?? null);
      }
    }
    return out;
  }

  /** Tables named by catalog/database(/name), following a resource link to its target. */
  private namedTables(catalog: any, database: string, name?: string): CatalogTable[] {
    const link = this.facts.links.find(l => l.catalog === String(catalog) && l.name === database);
    const [cat, db] = link ? [link.targetCatalog, link.targetDatabase] : [String(catalog), database];
    return this.facts.tables.filter(t => t.catalog === cat && t.database === db && (name === undefined || t.name === name));
  }

  /** Effective tags of a column: database, overridden by table, overridden by column. */
  private columnTags(t: CatalogTable, column: string): Map<string, string> {
    const tags = new Map<string, string>();
    const apply = (list?: TagValue[]) => (list ?? []).forEach(v => tags.set(v.key, v.value));
    apply(this.facts.tags.get(`${t.catalog}|db|${t.database}`));
    apply(this.facts.tags.get(`${t.catalog}|table|${t.database}|${t.name}`));
    apply(this.facts.tags.get(`${t.catalog}|column|${t.database}|${t.name}|${column}`));
    return tags;
  }

  private tableByKey(key: string): CatalogTable | undefined {
    return this.facts.tables.find(t => tableKey(t) === key);
  }
}

function tableKey(t: CatalogTable): string {
  return `${t.catalog}|${t.database}|${t.name}`;
}

/** Keys ANDed, values ORed. */
function matches(tags: Map<string, string>, expression: Array<{ TagKey: string; TagValues: string[] }>): boolean {
  return expression.every(e => {
    const v = tags.get(String(e.TagKey).toLowerCase());
    return v !== undefined && (e.TagValues.includes('*') || e.TagValues.map(x => String(x).toLowerCase()).includes(v));
  });
}
