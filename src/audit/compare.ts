/*
 * Live against declared. Every item that differs is one finding (a hand grant, a removed tag, changed
 * settings, a missing link, ...), and what it means in columns is computed with the report's own
 * evaluator (`LfEvaluator`): the declared snapshot with only that one difference applied, evaluated, against
 * the declared snapshot evaluated (D55). Columns a principal gains are a leak, columns it loses an outage:
 * both are errors. The whole difference (live evaluated against declared evaluated) is `access`; any part
 * of it that no single finding explains (differences that only act together) is one more finding.
 */
import { Category, DeclaredExtras, GrantValue, Item, Snapshot, SettingsValue } from './snapshot';
import type { AccountState, UnreachableAccount } from './state';
import { LfEvaluator } from '../report/lf-evaluator';
import { normalizePrincipal } from '../report/principals';

export type Severity = 'error' | 'warning';
export type FindingKind = 'leak' | 'outage' | 'drift' | 'settings' | 'invitation' | 'unreachable' | 'incomplete';

/** What a change means for one principal on one table (one row filter). */
export interface ColumnChange {
  account: string;
  consumer: string | null;
  principal: string;
  catalog: string;
  database: string;
  table: string;
  rowFilter: string | null;
  /** Columns it reads live and no declaration gives it (a leak). */
  gained: string[];
  /** Columns a declaration gives it and it does not read live (an outage). */
  lost: string[];
}

export interface AuditFinding {
  /** e.g. `extra-grant`, `missing-tag`, `settings-changed`, `ram-invitation-pending` (docs/audit.md lists them). */
  id: string;
  severity: Severity;
  kind: FindingKind;
  /** The account whose state differs (a grant's grantor, a tag's catalog, an invitation's receiver). */
  account: string;
  message: string;
  /** The declared value and the live one (`null`: absent on that side). */
  declared: any;
  live: any;
  /** Where the declaration is (`<stack>/<logical id>`), when there is one. */
  source: string | null;
  /** What this change alone means in columns; `null` when not computed (past `maxImpacts`). */
  impact: ColumnChange[] | null;
}

export interface AuditAccount {
  account: string;
  role: string | null;
  domain: string | null;
  status: 'audited' | 'partial' | 'unreachable';
  readAt: string | null;
  message: string | null;
}

export interface AuditResult {
  accounts: AuditAccount[];
  findings: AuditFinding[];
  /** The whole difference in columns, per principal and table. */
  access: ColumnChange[];
  summary: { errors: number; warnings: number; leaks: number; outages: number };
}

export interface CompareOptions {
  /** At most this many findings get their own impact evaluated (each costs one evaluation). Default 200. */
  readonly maxImpacts?: number;
}

/** Which categories a failed read leaves unknown (they are taken as declared, and the account is `partial`). */
const OPERATION_CATEGORIES: Array<[RegExp, Category[]]> = [
  [/^lakeformation:ListPermissions/, ['grant']],
  [/^lakeformation:ListLFTags/, ['lf-tag']],
  [/^lakeformation:GetResourceLFTags/, ['tag']],
  [/^lakeformation:GetDataLakeSettings/, ['settings']],
  [/^lakeformation:ListResources/, ['location']],
  [/^lakeformation:ListDataCellsFilter/, ['filter']],
  [/^glue:GetDatabases/, ['database', 'link', 'table', 'tag']],
  [/^glue:GetTables/, ['table', 'link', 'tag']],
];

type Columns = Map<string, { change: Omit<ColumnChange, 'gained' | 'lost'>; columns: Set<string> }>;

/** Evaluates a snapshot with the report's evaluator: visible columns per principal, table and row filter. */
export function evaluateSnapshot(s: Snapshot): Columns {
  const lf = new LfEvaluator(s.toFacts());
  lf.run();
  const out: Columns = new Map();
  for (const entry of lf.access) {
    const meta = lf.entryMeta.get(entry)!;
    const catalog = meta.table.catalog;
    const key = `${meta.principal.key}|${catalog}|${entry.database}|${entry.table}|${entry.rowFilter ?? ''}`;
    const current = out.get(key);
    if (current) {entry.columns.forEach(c => current.columns.add(c));} else {
      out.set(key, {
        change: {
          account: entry.account,
          consumer: entry.consumer,
          principal: entry.principal,
          catalog,
          database: entry.database,
          table: entry.table,
          rowFilter: entry.rowFilter,
        },
        columns: new Set(entry.columns),
      });
    }
  }
  return out;
}

/** Columns gained and lost between two evaluations, sorted by account, principal, table. */
export function diffColumns(before: Columns, after: Columns): ColumnChange[] {
  const out: ColumnChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    const gained = [...(a?.columns ?? [])].filter(c => !b?.columns.has(c)).sort();
    const lost = [...(b?.columns ?? [])].filter(c => !a?.columns.has(c)).sort();
    if (gained.length > 0 || lost.length > 0) out.push({ ...(a ?? b)!.change, gained, lost });
  }
  const order = (c: ColumnChange) => [c.account, c.principal, c.catalog, c.database, c.table, c.rowFilter ?? ''];
  return out.sort((x, y) => order(x).map((v, i) => cmp(v, order(y)[i])).find(r => r !== 0) ?? 0);
}

interface Pending {
  id: string;
  base: 'error' | 'warning' | 'by-impact';
  kind: FindingKind;
  account: string;
  message: string;
  declared: any;
  live: any;
  source: string | null;
  patch?: Array<{ id: string; item: Item | undefined }>;
  /** Impact the evaluator does not model (an added admin can read every column of its catalog), added to the patch's. */
  extraImpact?: ColumnChange[];
}

/**
 * What a data lake admin added live means: it can grant itself anything in its catalog, so it reads every column
 * of every table there (the evaluator gives admins no implicit SELECT, DM-27, so this is added to the finding).
 */
function adminImpact(declared: Snapshot, catalog: string, admin: string): ColumnChange[] {
  const principal = normalizePrincipal(admin, catalog);
  return [...declared.items.values()].filter(i => i.category === 'table' && i.account === catalog).map(i => {
    const t = i.fact as { catalog: string; database: string; name: string; columns: string[] };
    return {
      account: principal.account,
      consumer: null,
      principal: principal.principal,
      catalog: t.catalog,
      database: t.database,
      table: t.name,
      rowFilter: null,
      gained: [...t.columns].sort(),
      lost: [],
    };
  }).sort((a, b) => cmp(a.database, b.database) || cmp(a.table, b.table));
}

/** Compares the live snapshot with the declared one; `states` for the RAM invitations and read errors. */
export function compareSnapshots(
  declared: Snapshot, live: Snapshot, extras: DeclaredExtras, states: AccountState[], unreachable: UnreachableAccount[], options: CompareOptions = {},
): AuditResult {
  const pending: Pending[] = [];
  const meshAccounts = new Set(declared.stacks.map(s => s.account));

  // Unreachable accounts, and what a failed read left unknown: taken as declared (no finding from them).
  const known = (account: string, category: Category) => !unknownCategories.get(account)?.has(category);
  const unknownCategories = new Map<string, Set<Category>>();
  for (const u of unreachable) {
    unknownCategories.set(u.account, new Set<Category>(['grant', 'tag', 'lf-tag', 'database', 'table', 'link', 'filter', 'settings', 'location']));
    pending.push({
      id: 'account-unreachable',
      base: 'error',
      kind: 'unreachable',
      account: u.account,
      declared: null,
      live: null,
      source: null,
      message: `${u.message}. Nothing of this account was audited (the other accounts were).`,
    });
  }
  for (const state of states) {
    if (state.errors.length === 0) continue;
    const set = unknownCategories.get(state.account) ?? new Set<Category>();
    for (const e of state.errors) for (const [re, cats] of OPERATION_CATEGORIES) if (re.test(e.operation)) cats.forEach(c => set.add(c));
    unknownCategories.set(state.account, set);
    pending.push({
      id: 'read-incomplete',
      base: 'error',
      kind: 'incomplete',
      account: state.account,
      declared: null,
      live: state.errors,
      source: null,
      message: `${state.errors.length} call${state.errors.length === 1 ? '' : 's'} failed after retries, so part of the account was not audited `
        + `(taken as declared: ${[...set].sort().join(', ') || 'RAM'}): ${state.errors.map(e => `${e.operation}: ${e.message}`).join('; ')}`,
    });
  }
  const unknown = (i: Item) => !known(i.account, i.category);
  const liveFull = live.with([...declared.items.values()].filter(unknown).map(i => ({ id: Snapshot.id(i.category, i.key), item: i })));
  for (const i of [...liveFull.items.values()]) {
    const id = Snapshot.id(i.category, i.key);
    if (unknown(i) && !declared.items.has(id)) liveFull.items.delete(id);
  }

  // Tables and databases that exist on one side only carry their tags and grants with them (one finding each).
  const absorbed = new Set<string>();
  const owned = (s: Snapshot, category: 'table' | 'database', key: string) => [...s.items.values()].filter(i => belongsTo(i, category, key));
  for (const category of ['database', 'table'] as const) {
    for (const id of new Set([...declared.items.keys(), ...liveFull.items.keys()])) {
      if (!id.startsWith(`${category}|`)) continue;
      const d = declared.items.get(id);
      const l = liveFull.items.get(id);
      if ((d === undefined) === (l === undefined)) continue;
      const item = (d ?? l)!;
      if (category === 'table' && absorbed.has(Snapshot.id('database', item.key.split('|').slice(0, 2).join('|')))) { absorbed.add(id); continue; }
      if (absorbed.has(id)) continue;
      absorbed.add(id);
      const deps = owned(d ? declared : liveFull, category, item.key);
      deps.forEach(x => absorbed.add(Snapshot.id(x.category, x.key)));
      const what = category === 'table' ? `table ${tableName(item.key)}` : `database ${dbName(item.key)}`;
      pending.push(d
        ? {
          id: `missing-${category}`,
          base: 'error',
          kind: 'outage',
          account: item.account,
          source: d.source,
          declared: d.value,
          live: null,
          message: `${what} is declared but does not exist in the live catalog${deps.length ? ` (with its ${deps.length} tags and grants)` : ''}`,
          patch: [d, ...deps].map(x => ({ id: Snapshot.id(x.category, x.key), item: undefined })),
        }
        : {
          id: `extra-${category}`,
          base: 'by-impact',
          kind: 'drift',
          account: item.account,
          source: null,
          declared: null,
          live: l!.value,
          message: `${what} exists in the live catalog but no template declares it${deps.length ? ` (with ${deps.length} tags and grants)` : ''}`,
          patch: [l!, ...deps].map(x => ({ id: Snapshot.id(x.category, x.key), item: x })),
        });
    }
  }

  for (const id of [...new Set([...declared.items.keys(), ...liveFull.items.keys()])].sort()) {
    if (absorbed.has(id)) continue;
    const d = declared.items.get(id);
    const l = liveFull.items.get(id);
    if (d && l && JSON.stringify(d.value) === JSON.stringify(l.value)) continue;
    const item = (d ?? l)!;
    pending.push(...itemFindings(item.category, d, l, extras, declared));
  }

  for (const state of states) pending.push(...ramFindings(state, meshAccounts));

  // What each finding means in columns, and the whole difference.
  const baseline = evaluateSnapshot(declared);
  const access = diffColumns(baseline, evaluateSnapshot(liveFull));
  const maxImpacts = options.maxImpacts ?? 200;
  let evaluated = 0;
  const explained = new Set<string>();
  const findings: AuditFinding[] = pending.map(p => {
    let impact: ColumnChange[] | null = [];
    if (p.patch) {
      if (evaluated < maxImpacts) {
        evaluated++;
        impact = impactOf(declared, baseline, p.patch);
        for (const c of impact) {
          c.gained.forEach(col => explained.add(changeKey(c, col, '+')));
          c.lost.forEach(col => explained.add(changeKey(c, col, '-')));
        }
      } else {
        impact = null;
      }
    }
    if (p.extraImpact?.length && impact !== null) impact = [...impact, ...p.extraImpact];
    const gains = impact?.some(c => c.gained.length > 0) ?? false;
    const losses = impact?.some(c => c.lost.length > 0) ?? false;
    const severity: Severity = p.base === 'error' || gains || losses || (impact === null && p.base === 'by-impact') ? 'error' : 'warning';
    const kind: FindingKind = gains ? 'leak' : losses ? 'outage' : p.kind;
    const message = p.message + impactText(impact);
    return { id: p.id, severity, kind, account: p.account, message, declared: p.declared, live: p.live, source: p.source, impact };
  });
  if (findings.every(f => f.impact !== null)) {
    const unexplained = access.map(c => ({
      ...c,
      gained: c.gained.filter(col => !explained.has(changeKey(c, col, '+'))),
      lost: c.lost.filter(col => !explained.has(changeKey(c, col, '-'))),
    })).filter(c => c.gained.length > 0 || c.lost.length > 0);
    if (unexplained.length > 0) {
      findings.push({
        id: 'access-changed',
        severity: 'error',
        kind: unexplained.some(c => c.gained.length > 0) ? 'leak' : 'outage',
        account: unexplained[0].catalog,
        message: 'differences that act only together change what principals read' + impactText(unexplained),
        declared: null,
        live: null,
        source: null,
        impact: unexplained,
      });
    }
  }
  findings.sort((a, b) => cmp(a.severity === 'error' ? '0' : '1', b.severity === 'error' ? '0' : '1') || cmp(a.account, b.account) || cmp(a.id, b.id) || cmp(a.message, b.message));

  const readAt = new Map(states.map(s => [s.account, s.readAt]));
  const all = new Set([...meshAccounts, ...states.map(s => s.account), ...unreachable.map(u => u.account)]);
  const accounts: AuditAccount[] = [...all].sort().map(account => {
    const stack = declared.stacks.find(s => s.account === account && s.role !== undefined) ?? declared.stacks.find(s => s.account === account);
    const u = unreachable.find(x => x.account === account);
    const state = states.find(s => s.account === account);
    return {
      account,
      role: stack?.role ?? null,
      domain: stack?.domain ?? null,
      status: u ? 'unreachable' : state && state.errors.length > 0 ? 'partial' : state ? 'audited' : 'unreachable',
      readAt: readAt.get(account) ?? null,
      message: u?.message ?? (state ? null : 'no live state for this account (offline: no file for it)'),
    };
  });
  const errors = findings.filter(f => f.severity === 'error').length;
  return {
    accounts,
    findings,
    access,
    summary: {
      errors,
      warnings: findings.length - errors,
      leaks: findings.filter(f => f.kind === 'leak').length,
      outages: findings.filter(f => f.kind === 'outage').length,
    },
  };
}

/**
 * The table a grant names by name (`catalog|database|table`), or undefined when it may reach several tables
 * (LF-tag expressions, wildcards, databases, a database resource link in the name).
 */
function namedTable(i: Item, links: Set<string>): string | undefined {
  if (i.category !== 'grant') return undefined;
  const r = (i.value as GrantValue).resource;
  const t = r.Table?.Name !== undefined ? { cat: r.Table.CatalogId, db: r.Table.DatabaseName, t: r.Table.Name }
    : r.TableWithColumns ? { cat: r.TableWithColumns.CatalogId, db: r.TableWithColumns.DatabaseName, t: r.TableWithColumns.Name }
      : r.DataCellsFilter ? filterNames(r.DataCellsFilter) : undefined;
  if (t === undefined || links.has(`${t.cat}||${t.db}`)) return undefined;
  return `${t.cat}|${t.db}|${t.t}`;
}

/** The tables an item's change can affect, or undefined: possibly any. */
function tablesOf(i: Item, links: Set<string>): string | undefined {
  switch (i.category) {
    case 'grant': return namedTable(i, links);
    case 'table': return i.key;
    case 'filter': return i.key.split('|').slice(0, 3).join('|');
    case 'tag': {
      const [cat, kind, db, table] = String(i.value.resource).split('|');
      return kind === 'db' ? undefined : `${cat}|${db}|${table}`;
    }
    default: return undefined;
  }
}

/**
 * What a patch alone means in columns. A change that can reach only tables named by name (a grant on a
 * table or its columns, a table's or a column's tag, a filter) is evaluated on those tables alone — Lake
 * Formation evaluates each table from its own grants, tags and filters, the LF-tag expressions and the
 * links, all kept — so one finding costs its tables' evaluation, not the mesh's; anything else, the whole mesh.
 */
function impactOf(declared: Snapshot, baseline: Columns, patch: Array<{ id: string; item: Item | undefined }>): ColumnChange[] {
  const links = new Set<string>();
  for (const i of declared.items.values()) if (i.category === 'link') links.add(i.key);
  for (const c of patch) if (c.item?.category === 'link') links.add(c.item.key);
  const scope = new Set<string>();
  for (const c of patch) {
    for (const i of [declared.items.get(c.id), c.item]) {
      if (i === undefined) continue;
      const t = tablesOf(i, links);
      if (t === undefined) return diffColumns(baseline, evaluateSnapshot(declared.with(patch)));
      scope.add(t);
    }
  }
  const keep = (i: Item) => {
    if (i.category === 'grant') {
      const t = namedTable(i, links);
      return t === undefined || scope.has(t);
    }
    if (i.category === 'table' || i.category === 'filter') return scope.has(tablesOf(i, links)!);
    if (i.category === 'tag') {
      const t = tablesOf(i, links);
      return t === undefined || scope.has(t);
    }
    return true;
  };
  const sub = new Snapshot(declared.stacks, declared.buckets);
  declared.items.forEach((i, k) => { if (keep(i)) sub.items.set(k, i); });
  const inScope = (c: ColumnChange) => scope.has(`${c.catalog}|${c.database}|${c.table}`);
  const before: Columns = new Map([...baseline].filter(([, v]) => inScope({ ...v.change, gained: [], lost: [] })));
  return diffColumns(before, evaluateSnapshot(sub.with(patch)));
}

function changeKey(c: ColumnChange, column: string, sign: string): string {
  return `${sign}${normalizePrincipal(c.principal, c.account).key}|${c.catalog}|${c.database}|${c.table}|${c.rowFilter ?? ''}|${column}`;
}

/** Whether an item belongs to a table or database (its tags, the grants that name it). */
function belongsTo(i: Item, category: 'table' | 'database', key: string): boolean {
  const [catalog, database, table] = key.split('|');
  if (i.category === 'tag') {
    const [cat, kind, db, t] = String(i.value.resource).split('|');
    if (cat !== catalog || db !== database) return false;
    return category === 'database' ? true : (kind === 'table' || kind === 'column') && t === table;
  }
  if (i.category === 'table' && category === 'database') return i.key.startsWith(`${catalog}|${database}|`);
  if (i.category === 'filter') return i.key.startsWith(category === 'database' ? `${catalog}|${database}|` : `${key}|`);
  if (i.category !== 'grant') return false;
  const r = (i.value as GrantValue).resource;
  const named = r.Database ? { cat: r.Database.CatalogId, db: r.Database.Name, t: undefined }
    : r.Table ? { cat: r.Table.CatalogId, db: r.Table.DatabaseName, t: r.Table.Name }
      : r.TableWithColumns ? { cat: r.TableWithColumns.CatalogId, db: r.TableWithColumns.DatabaseName, t: r.TableWithColumns.Name }
        : r.DataCellsFilter ? filterNames(r.DataCellsFilter) : undefined;
  if (!named || named.cat !== catalog || named.db !== database) return false;
  return category === 'database' ? true : named.t === table;
}

function filterNames(f: any): { cat: string; db: string; t: string } {
  return { cat: f.TableCatalogId, db: f.DatabaseName, t: f.TableName };
}

function tableName(key: string): string {
  const [catalog, db, table] = key.split('|');
  return `${db}.${table} (catalog ${catalog})`;
}

function dbName(key: string): string {
  const [catalog, db] = key.split('|');
  return `${db} (catalog ${catalog})`;
}

/** A canonical grant resource in words. */
export function describeResource(r: any): string {
  if (r.Catalog) return `the catalog ${r.Catalog.Id}`;
  if (r.Database) return `database ${r.Database.Name} (catalog ${r.Database.CatalogId})`;
  if (r.Table) return r.Table.TableWildcard ? `every table of ${r.Table.DatabaseName} (catalog ${r.Table.CatalogId})` : `table ${r.Table.DatabaseName}.${r.Table.Name} (catalog ${r.Table.CatalogId})`;
  if (r.TableWithColumns) {
    const t = r.TableWithColumns;
    const cols = t.ColumnNames ? `columns ${t.ColumnNames.join(', ')}` : `every column but ${t.ColumnWildcard.ExcludedColumnNames.join(', ')}`;
    return `${cols} of ${t.DatabaseName}.${t.Name} (catalog ${t.CatalogId})`;
  }
  if (r.DataCellsFilter) return `data filter ${r.DataCellsFilter.Name} of ${r.DataCellsFilter.DatabaseName}.${r.DataCellsFilter.TableName} (catalog ${r.DataCellsFilter.TableCatalogId})`;
  if (r.DataLocation) return `data location ${r.DataLocation.ResourceArn}`;
  if (r.LFTag) return `LF-tag ${r.LFTag.TagKey}=${r.LFTag.TagValues.join('|')} (catalog ${r.LFTag.CatalogId})`;
  if (r.LFTagPolicy) {
    const p = r.LFTagPolicy;
    const expr = p.Expression ? p.Expression.map((e: any) => `${e.TagKey}=${e.TagValues.join('|')}`).join(' AND ') : `expression ${p.ExpressionName}`;
    return `${p.ResourceType} tag policy ${expr} (catalog ${p.CatalogId})`;
  }
  return JSON.stringify(r);
}

function tagPlace(resource: string): string {
  const [catalog, kind, db, table, column] = resource.split('|');
  const name = kind === 'db' ? `database ${db}` : kind === 'table' ? `table ${db}.${table}` : `column ${db}.${table}.${column}`;
  return `${name} (catalog ${catalog})`;
}

function itemFindings(category: Category, d: Item | undefined, l: Item | undefined, extras: DeclaredExtras, declared: Snapshot): Pending[] {
  const item = (d ?? l)!;
  const id = Snapshot.id(item.category, item.key);
  const common = { account: item.account, source: d?.source ?? null, declared: d?.value ?? null, live: l?.value ?? null };
  switch (category) {
    case 'grant': {
      const dv = d?.value as GrantValue | undefined;
      const lv = l?.value as GrantValue | undefined;
      const v = (dv ?? lv)!;
      const minus = (a: string[] = [], b: string[] = []) => a.filter(x => !b.includes(x));
      const extraPerms = minus(lv?.permissions, dv?.permissions);
      const extraGrantable = minus(lv?.grantable, dv?.grantable);
      const missingPerms = minus(dv?.permissions, lv?.permissions);
      const missingGrantable = minus(dv?.grantable, lv?.grantable);
      const words = (perms: string[], grantable: string[]) => [
        ...perms, ...grantable.map(x => `${x} with grant option`),
      ].join(', ');
      const what = `${v.principal} on ${describeResource(v.resource)} (granted in ${v.grantor})`;
      const out: Pending[] = [];
      const grantItem = (permissions: string[], grantable: string[]): Item | undefined => (permissions.length + grantable.length === 0 ? undefined
        : { ...item, value: { ...v, permissions: [...permissions].sort(), grantable: [...grantable].sort() } });
      if (extraPerms.length + extraGrantable.length > 0) {
        const union = grantItem([...new Set([...(dv?.permissions ?? []), ...extraPerms])],
          [...new Set([...(dv?.grantable ?? []), ...extraGrantable])]);
        out.push({
          ...common,
          id: 'extra-grant',
          base: 'by-impact',
          kind: 'drift',
          message: `live Lake Formation grants ${words(extraPerms, extraGrantable)} to ${what}, which no template declares`,
          patch: [{ id, item: union }],
        });
      }
      if (missingPerms.length + missingGrantable.length > 0) {
        const kept = grantItem((dv?.permissions ?? []).filter(x => !missingPerms.includes(x)),
          (dv?.grantable ?? []).filter(x => !missingGrantable.includes(x)));
        out.push({
          ...common,
          id: 'missing-grant',
          base: 'error',
          kind: 'outage',
          message: `the declared grant of ${words(missingPerms, missingGrantable)} to ${what} is not in live Lake Formation (${d!.source})`,
          patch: [{ id, item: kept }],
        });
      }
      return out;
    }
    case 'tag': {
      const place = tagPlace(item.value.resource);
      const key = item.value.key;
      if (d && !l) {
        return [{
          ...common,
          id: 'missing-tag',
          base: 'error',
          kind: 'outage',
          message: `${place} has no LF-tag ${key} live; the templates set ${key}=${d.value.value}`,
          patch: [{ id, item: undefined }],
        }];
      }
      if (!d && l) {
        return [{
          ...common,
          id: 'extra-tag',
          base: 'by-impact',
          kind: 'drift',
          message: `${place} carries LF-tag ${key}=${l.value.value} live, which no template sets`,
          patch: [{ id, item: l }],
        }];
      }
      return [{
        ...common,
        id: 'changed-tag',
        base: 'error',
        kind: 'drift',
        message: `${place} carries LF-tag ${key}=${l!.value.value} live; the templates set ${key}=${d!.value.value}`,
        patch: [{ id, item: l }],
      }];
    }
    case 'lf-tag': {
      const [catalog, key] = item.key.split('|');
      const dv: string[] = d?.value.values ?? [];
      const lv: string[] = l?.value.values ?? [];
      const missing = dv.filter(x => !lv.includes(x));
      const extra = lv.filter(x => !dv.includes(x));
      const out: Pending[] = [];
      if (!l) {
        out.push({ ...common, id: 'missing-lf-tag', base: 'error', kind: 'outage', message: `LF-tag ${key} (catalog ${catalog}) is declared but does not exist live`, patch: [{ id, item: undefined }] });
      } else if (missing.length > 0) {
        out.push({
          ...common,
          id: 'missing-lf-tag',
          base: 'error',
          kind: 'outage',
          message: `LF-tag ${key} (catalog ${catalog}) lacks the declared value${missing.length > 1 ? 's' : ''} ${missing.join(', ')} live`,
          patch: [{ id, item: l }],
        });
      }
      if (!d) {
        out.push({ ...common, id: 'extra-lf-tag', base: 'warning', kind: 'drift', message: `LF-tag ${key} (catalog ${catalog}) exists live but no template declares it` });
      } else if (extra.length > 0) {
        out.push({
          ...common,
          id: 'extra-lf-tag',
          base: 'warning',
          kind: 'drift',
          message: `LF-tag ${key} (catalog ${catalog}) has value${extra.length > 1 ? 's' : ''} ${extra.join(', ')} live that no template declares`,
        });
      }
      return out;
    }
    case 'settings': {
      const dv = d?.value as SettingsValue | undefined;
      const lv = l?.value as SettingsValue | undefined;
      if (!dv || !lv) {
        if (!lv) return [{ ...common, id: 'settings-changed', base: 'warning', kind: 'settings', message: 'the data lake settings could not be read live' }];
        return []; // no DataLakeSettings in the assembly for this account: nothing declared to compare with
      }
      const append = extras.mutationType.get(item.account) === 'APPEND';
      const changes: string[] = [];
      // Admins compared as the report's principals (an account id and its root ARN are one principal).
      const keyOf = (a: string) => normalizePrincipal(a, item.account).key;
      const declaredKeys = new Set(dv.admins.map(keyOf));
      const liveKeys = new Set(lv.admins.map(keyOf));
      const missingAdmins = dv.admins.filter(a => !liveKeys.has(keyOf(a)));
      const extraAdmins = append ? [] : lv.admins.filter(a => !declaredKeys.has(keyOf(a)));
      if (missingAdmins.length) changes.push(`data lake admin${missingAdmins.length > 1 ? 's' : ''} ${missingAdmins.join(', ')} removed`);
      if (extraAdmins.length) changes.push(`data lake admin${extraAdmins.length > 1 ? 's' : ''} ${extraAdmins.join(', ')} added`);
      const list = (v: string[] | null) => (v === null ? 'unset' : v.length === 0 ? '[]' : v.join('; '));
      if (dv.createTableDefaults !== null && JSON.stringify(dv.createTableDefaults) !== JSON.stringify(lv.createTableDefaults)) {
        changes.push(`CreateTableDefaultPermissions ${list(lv.createTableDefaults)} (declared ${list(dv.createTableDefaults)})`);
      }
      if (dv.createDatabaseDefaults !== null && JSON.stringify(dv.createDatabaseDefaults) !== JSON.stringify(lv.createDatabaseDefaults)) {
        changes.push(`CreateDatabaseDefaultPermissions ${list(lv.createDatabaseDefaults)} (declared ${list(dv.createDatabaseDefaults)})`);
      }
      if (dv.crossAccountVersion !== null && dv.crossAccountVersion !== lv.crossAccountVersion) {
        changes.push(`CROSS_ACCOUNT_VERSION ${lv.crossAccountVersion ?? 'unset'} (declared ${dv.crossAccountVersion})`);
      }
      const owners = dv.trustedResourceOwners ?? null;
      if (owners !== null && JSON.stringify(owners) !== JSON.stringify(lv.trustedResourceOwners ?? [])) {
        changes.push(`TrustedResourceOwners ${list(lv.trustedResourceOwners ?? [])} (declared ${list(owners)})`);
      }
      const full = dv.allowFullTableExternalDataAccess ?? null;
      if (full !== null && full !== (lv.allowFullTableExternalDataAccess ?? false)) {
        changes.push(`AllowFullTableExternalDataAccess ${lv.allowFullTableExternalDataAccess ?? false} (declared ${full})`);
      }
      const readOnly = dv.readOnlyAdmins ?? null;
      if (readOnly !== null && JSON.stringify(readOnly) !== JSON.stringify(lv.readOnlyAdmins ?? [])) {
        changes.push(`ReadOnlyAdmins ${list(lv.readOnlyAdmins ?? [])} (declared ${list(readOnly)})`);
      }
      if (changes.length === 0) return [];
      return [{
        ...common,
        id: 'settings-changed',
        base: 'warning',
        kind: 'settings',
        message: `data lake settings of ${item.account} changed: ${changes.join('; ')}`,
        patch: [{ id, item: l }],
        extraImpact: extraAdmins.flatMap(admin => adminImpact(declared, item.account, admin)),
      }];
    }
    case 'location': {
      const arn = item.key.slice(item.key.indexOf('|') + 1);
      if (d && !l) return [{ ...common, id: 'missing-location', base: 'error', kind: 'outage', message: `location ${arn} is declared registered but is not live (queries of its tables fail)` }];
      if (!d) return [{ ...common, id: 'extra-location', base: 'warning', kind: 'drift', message: `location ${arn} is registered live but no template registers it (role ${l!.value.roleArn})` }];
      return [{ ...common, id: 'changed-location', base: 'warning', kind: 'drift', message: `location ${arn} is registered live with role ${l!.value.roleArn}; the template names ${d.value.roleArn}` }];
    }
    default: {
      // database (defaults changed), table (columns changed), link, filter
      const name = category === 'link' ? `resource link ${item.key.split('|').filter(x => x !== '').slice(1).join('.')} (catalog ${item.account})`
        : category === 'filter' ? `data filter ${item.key.split('|')[3]} of ${item.key.split('|')[1]}.${item.key.split('|')[2]} (catalog ${item.account})`
          : category === 'table' ? `table ${tableName(item.key)}` : `database ${dbName(item.key)}`;
      if (d && !l) {
        return [{ ...common, id: `missing-${category}`, base: 'error', kind: 'outage', message: `${name} is declared but not live`, patch: [{ id, item: undefined }] }];
      }
      if (!d) return [{ ...common, id: `extra-${category}`, base: 'by-impact', kind: 'drift', message: `${name} exists live but no template declares it`, patch: [{ id, item: l }] }];
      const detail = category === 'link' ? `points to ${l!.value.target}, declared ${d.value.target}`
        : category === 'table' ? `has columns ${l!.value.columns.join(', ')}; declared ${d.value.columns.join(', ')}`
          : category === 'database' ? `has CreateTableDefaultPermissions ${JSON.stringify(l!.value.createTableDefaults)}; declared ${JSON.stringify(d.value.createTableDefaults)}`
            : `is ${JSON.stringify(l!.value)}; declared ${JSON.stringify(d.value)}`;
      const base = category === 'link' || category === 'filter' ? 'error' : 'by-impact';
      return [{ ...common, id: `changed-${category}`, base, kind: 'drift', message: `${name} ${detail}`, patch: [{ id, item: { ...l!, fact: l!.fact } }] }];
    }
  }
}

/**
 * Pending, expired or rejected RAM invitations to this account from a mesh account (or for a Lake Formation share), and failed
 * shares it owns. An expired or rejected invitation whose share was re-sent and accepted later, or is ACTIVE in this account, is not reported.
 */
function ramFindings(state: AccountState, meshAccounts: Set<string>): Pending[] {
  const out: Pending[] = [];
  const received = state.resourceShareInvitations.resourceShareInvitations
    .filter(inv => inv.receiverAccountId === undefined || String(inv.receiverAccountId) === state.account); // not the ones this account sent
  const shareOf = (x: any) => String(x?.resourceShareArn ?? x?.resourceShareName ?? x?.name ?? '');
  const activeShares = new Set(state.resourceShares.resourceShares
    .filter(sh => String(sh.owningAccountId ?? state.account) !== state.account && String(sh.status ?? '').toUpperCase() === 'ACTIVE').map(shareOf));
  for (const inv of received) {
    const status = String(inv.status ?? '').toUpperCase();
    if (status !== 'PENDING' && status !== 'EXPIRED' && status !== 'REJECTED') continue;
    if (status !== 'PENDING') {
      // Re-sent and accepted since, or the share is ACTIVE here: the old invitation RAM still lists is history, not drift.
      const share = shareOf(inv);
      if (activeShares.has(share)) continue;
      const at = timeOf(inv.invitationTimestamp);
      if (received.some(o => o !== inv && shareOf(o) === share && String(o.status ?? '').toUpperCase() === 'ACCEPTED' && timeOf(o.invitationTimestamp) > at)) continue;
    }
    const sender = String(inv.senderAccountId ?? 'unknown');
    if (!meshAccounts.has(sender) && !String(inv.resourceShareName ?? '').startsWith('LakeFormation')) continue;
    out.push({
      id: `ram-invitation-${status.toLowerCase()}`,
      base: 'error',
      kind: status === 'REJECTED' ? 'outage' : 'invitation',
      account: state.account,
      source: null,
      declared: null,
      live: {
        resourceShareInvitationArn: inv.resourceShareInvitationArn ?? null,
        resourceShareName: inv.resourceShareName ?? null,
        senderAccountId: sender,
        status,
      },
      message: `the RAM invitation ${inv.resourceShareInvitationArn ?? '(no ARN)'} to share ${inv.resourceShareName ?? '(unnamed)'} from ${sender} is ${status}: `
        + (status === 'PENDING' ? 'nothing it shares is visible in this account until it is accepted (DM-29)'
          : status === 'REJECTED' ? 'nothing it shares is visible in this account; the grant in the sender account must be revoked and made again '
            + 'to send a new invitation, and this account must accept it (DM-29)'
            : 'it can no longer be accepted; the grant in the sender account must be revoked and made again to send a new one (DM-29)'),
    });
  }
  for (const share of state.resourceShares.resourceShares) {
    if (String(share.owningAccountId ?? state.account) !== state.account) continue;
    if (String(share.status ?? '').toUpperCase() !== 'FAILED') continue;
    out.push({
      id: 'ram-share-failed',
      base: 'error',
      kind: 'invitation',
      account: state.account,
      source: null,
      declared: null,
      live: {
        resourceShareArn: share.resourceShareArn ?? null,
        name: share.name ?? null,
        status: share.status,
        statusMessage: share.statusMessage ?? null,
      },
      message: `the RAM resource share ${share.name ?? share.resourceShareArn} is FAILED${share.statusMessage ? `: ${share.statusMessage}` : ''}`,
    });
  }
  return out;
}

/** An invitation's time in ms (REST-JSON sends epoch seconds, the AWS CLI prints ISO strings); 0 when absent. */
function timeOf(t: any): number {
  if (typeof t === 'number') return t * 1000;
  const ms = Date.parse(String(t ?? ''));
  return Number.isNaN(ms) ? 0 : ms;
}

function shortPrincipal(p: string): string {
  const m = /^arn:[^:]+:iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/.exec(p);
  return m ? `${m[1]}:${m[2]}/${m[3]}` : p;
}

/** ` — <principal> now reads a, b of db.t; <principal> no longer reads c of db.t` */
function impactText(impact: ColumnChange[] | null): string {
  if (impact === null) return ' — impact not computed (more findings than --max-impacts)';
  if (impact.length === 0) return '';
  const parts = impact.slice(0, 6).map(c => {
    const where = `${c.database}.${c.table}${c.rowFilter ? ` (rows where ${c.rowFilter})` : ''}`;
    return [
      c.gained.length ? `${shortPrincipal(c.principal)} now reads ${c.gained.join(', ')} of ${where}` : '',
      c.lost.length ? `${shortPrincipal(c.principal)} no longer reads ${c.lost.join(', ')} of ${where}` : '',
    ].filter(x => x).join('; ');
  });
  return ` — ${parts.join('; ')}${impact.length > 6 ? `; and ${impact.length - 6} more (see the JSON)` : ''}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
