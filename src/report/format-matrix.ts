/*
 * The matrix view (`--format matrix`, the CLI's default): per table, its columns with their
 * confidentiality down the side, the principals that read it with their clearance across the top, and
 * `yes` / `-` in each cell. ASCII only (plain terminals, CI logs, any locale: no glyph whose width a
 * terminal guesses); no line longer than 120 characters (principals wrap into several column groups).
 */
import type { AccessReport, Topology } from './analyze';
import { findingLines, metadataLines, queryFails } from './format';
import type { AccessEntry } from './lf-evaluator';
import { principalKey, PrincipalView, TableView, Visibility } from './visibility';

export const MATRIX_WIDTH = 120;
const MAX_CELL = 12;
const MIN_CELL = 9;
const MAX_COLUMN_NAME = 40;

/** `text` cut to `width` characters, ending with `..` when cut. */
function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 2)}..`;
}

/** Words wrapped to lines of at most `width` characters, continuation lines indented (a word longer than a line is cut). */
export function wrap(text: string, width = MATRIX_WIDTH, indent = ''): string[] {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  let room = width;
  for (const word of text.slice(lead.length).split(' ').filter(w => w !== '')) {
    const w = cut(word, width - indent.length);
    if (line.trim() === '') {line += w;} else if (line.length + 1 + w.length <= room) {line += ` ${w}`;} else {
      lines.push(line);
      line = `${indent}${w}`;
    }
    room = width;
  }
  lines.push(line);
  return lines;
}

/** A name in at most two lines of `width`, split after a `-` or `_` when it is longer (the rest cut). */
function twoLines(name: string, width: number): [string, string] {
  if (name.length <= width) return [name, ''];
  const at = Math.max(name.lastIndexOf('-', width - 1), name.lastIndexOf('_', width - 1));
  const split = at > 0 ? at + 1 : width;
  return [name.slice(0, split), cut(name.slice(split), width)];
}

/** How an account is called in headers: the consumer or producer domain, `governance`, else its id. */
function accountLabels(report: AccessReport, topology: Topology): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of topology.accounts) out.set(a.account, a.domain ?? a.role ?? a.account);
  for (const e of report.access) if (e.consumer !== null && !out.has(e.account)) out.set(e.account, e.consumer);
  return out;
}

/** A principal's short name: `account`, `deployer`, or the role/user name without the mesh-domain or stack prefix and CDK's hash. */
export function shortName(p: PrincipalView, topology: Topology, domain?: string): string {
  if (p.kind === 'account') return 'account';
  if (p.kind === 'creator') return 'deployer';
  if (p.kind === 'group') return 'IAMAllowed';
  let name = /^arn:[^:]+:(?:iam|sts)::\d{12}:(?:role|user|assumed-role)\/(?:.*\/)?([^/]+)$/.exec(p.principal)?.[1] ?? p.principal;
  const stacks = topology.accounts.find(a => a.account === p.account)?.stacks ?? [];
  const stack = stacks.find(s => name.startsWith(`${s}-`));
  if (stack) name = name.slice(stack.length + 1).replace(/[0-9A-F]{8}$/, '');
  else if (domain && name.includes(`-${domain}-`)) name = name.slice(name.indexOf(`-${domain}-`) + domain.length + 2);
  return name || p.principal;
}

/** The entries of each table, keyed `<database>|<table>`, in report order. */
export function entriesByTable(report: AccessReport): Map<string, AccessEntry[]> {
  const byTable = new Map<string, AccessEntry[]>();
  for (const a of report.access) {
    const k = `${a.database}|${a.table}`;
    const list = byTable.get(k);
    if (list) list.push(a); else byTable.set(k, [a]);
  }
  return byTable;
}

interface Column {
  readonly key: string;
  readonly view: PrincipalView;
  /** Account label, name (two lines), clearance. */
  readonly header: [string, string, string, string];
  readonly entries: AccessEntry[];
}

/** The matrix view of a report; `width` is the longest line allowed (default 120). */
export function formatMatrix(report: AccessReport, topology: Topology, visibility: Visibility, width = MATRIX_WIDTH): string {
  const out: string[] = [];
  const labels = accountLabels(report, topology);
  const byTable = entriesByTable(report);
  const tables = new Map<string, TableView>();
  for (const t of visibility.tables) if (!tables.has(`${t.database}|${t.name}`)) tables.set(`${t.database}|${t.name}`, t);

  const filters: string[] = [];
  const marks = new Set<string>();
  const shown = new Map<string, { group: string; name: string; principal: string }>();
  const unread: string[] = [];
  for (const [k, t] of tables) if (!byTable.has(k)) unread.push(`${t.database}.${t.name}`);

  for (const [k, entries] of byTable) {
    const t = tables.get(k);
    const [database, table] = k.split('|');
    const columnNames = t ? t.columns.map(c => c.name) : [...new Set(entries.flatMap(e => e.columns))].sort();
    const conf = new Map((t?.columns ?? []).map(c => [c.name, c.confidentiality ?? '-']));
    // One matrix column per principal, in report order (account, principal).
    const columns = new Map<string, Column>();
    for (const e of entries) {
      const key = principalKey(e.account, e.principal);
      let c = columns.get(key);
      if (!c) {
        const view = visibility.principals.get(key) ?? { account: e.account, principal: e.principal, kind: 'principal' as const };
        const name = shortName(view, topology, e.consumer ?? labels.get(e.account));
        const group = labels.get(e.account) ?? e.account;
        c = { key, view, header: [group, ...twoLines(name, MAX_CELL), view.clearance ?? '-'], entries: [] };
        columns.set(key, c);
        if (!shown.has(key)) shown.set(key, { group, name, principal: e.principal });
      }
      c.entries.push(e);
    }

    const where = t?.dataAccount !== undefined && t.dataAccount !== t.catalog ? `, data in account ${t.dataAccount} (${labels.get(t.dataAccount) ?? t.dataAccount})` : '';
    out.push('', ...wrap(`${database}.${table}  (catalog ${t?.catalog ?? '?'}${where})`, width, '  '));
    if (entries.some(e => e.unverified)) {
      marks.add('?');
      out.push(...wrap(`  UNVERIFIED: its data is in bucket ${t?.bucket ?? '?'}, which no template of the assembly defines: the data path was not checked.`, width, '    '));
    }
    const nameWidth = Math.min(MAX_COLUMN_NAME, columnNames.reduce((m, c) => Math.max(m, c.length), 'column'.length));
    const confWidth = [...conf.values()].reduce((m, c) => Math.max(m, c.length), 'level'.length);
    const left = nameWidth + 2 + confWidth;
    const cols = [...columns.values()];
    const cell = Math.min(MAX_CELL, cols.reduce((m, c) => Math.max(m, ...c.header.map(h => h.length)), MIN_CELL));
    const perGroup = Math.max(1, Math.floor((width - left) / (cell + 2)));
    for (let g = 0; g < cols.length; g += perGroup) {
      const group = cols.slice(g, g + perGroup);
      const row = (l: string, cells: string[]) => `${l.padEnd(left)}${cells.map(c => `  ${cut(c, cell).padEnd(cell)}`).join('')}`.trimEnd();
      out.push(row('account:'.padStart(left), group.map(c => c.header[0])));
      out.push(row('principal:'.padStart(left), group.map(c => c.header[1])));
      if (group.some(c => c.header[2] !== '')) out.push(row('', group.map(c => c.header[2])));
      out.push(row('clearance:'.padStart(left), group.map(c => c.header[3])));
      out.push(`${'column'.padEnd(nameWidth)}  confidentiality`);
      out.push(row(`${'-'.repeat(nameWidth)}  ${'-'.repeat(confWidth)}`, group.map(() => '-'.repeat(cell))));
      for (const name of columnNames) {
        out.push(row(`${cut(name, nameWidth).padEnd(nameWidth)}  ${(conf.get(name) ?? '-').padEnd(confWidth)}`, group.map(c => cellOf(c.entries, name, filters, marks))));
      }
      if (g + perGroup < cols.length) out.push('');
    }
  }

  const head: string[] = ['Who sees which column of each table (from the templates, with Lake Formation\'s rules).'];
  const legend = [
    'yes = visible, - = not visible',
    ...(marks.has('!') ? ["yes! = Lake Formation grants it, but the principal's IAM policies do not let the query run (--format json: \"missing\")"] : []),
    ...(marks.has('?') ? ['yes? = unverified: the data path was not checked (the bucket is not in the assembly)'] : []),
    ...filters.map((f, i) => `rows${i + 1} = visible only in the rows where ${f}`),
  ];
  head.push(...wrap(`Legend: ${legend.join('; ')}.`, width, '  '));
  head.push(...wrap('principal "account" = the consumer account itself: what was shared with it (its data lake admin re-grants it to its roles); ' +
    'its clearance is the share\'s ceiling. "deployer" = the role CloudFormation creates the tables with (their creator).', width, '  '));
  head.push(...wrap(`clearance = the highest confidentiality its LF-tag grants allow (- = no grant by confidentiality tag: what it sees comes from named grants or from creating the table); levels, lowest first: ${visibility.levels.join(' < ') || 'none'}.`, width, '  '));
  if (report.access.length === 0) head.push('', 'No principal can read any column.');
  out.unshift(...head);
  if (unread.length > 0) out.push('', ...wrap(`No principal reads: ${unread.join(', ')}.`, width, '  '));
  if (shown.size > 0) {
    out.push('', 'principals:');
    for (const s of shown.values()) out.push(...wrap(`  ${s.group} ${s.name} = ${s.principal}`, width, '      '));
  }
  const failing = report.access.filter(queryFails).length;
  const unverified = report.access.filter(a => a.unverified).length;
  out.push('', `${report.access.length} entries, ${shown.size} principals, ${byTable.size} tables read` +
    `${failing > 0 ? `; ${failing} entries whose queries fail` : ''}${unverified > 0 ? `; ${unverified} entries unverified` : ''}.`);
  for (const l of metadataLines(report)) for (const w of wrap(l, width, '      ')) out.push(w);
  for (const l of findingLines(report)) for (const w of wrap(l, width, '      ')) out.push(w);
  return out.join('\n');
}

/** `yes`, `rowsN` (only through a row filter) or `-`, with `?` (unverified) or `!` (the query fails). */
function cellOf(entries: AccessEntry[], column: string, filters: string[], marks: Set<string>): string {
  let value = '-';
  let entry: AccessEntry | undefined;
  for (const e of entries) {
    if (!e.columns.includes(column)) continue;
    if (e.rowFilter === null) {
      value = 'yes';
      entry = e;
      break;
    }
    if (value === '-') {
      let i = filters.indexOf(e.rowFilter);
      if (i < 0) i = filters.push(e.rowFilter) - 1;
      value = `rows${i + 1}`;
      entry = e;
    }
  }
  if (entry === undefined) return value;
  if (queryFails(entry)) {
    marks.add('!');
    value += '!';
  }
  if (entry.unverified) {
    marks.add('?');
    value += '?';
  }
  return value;
}
