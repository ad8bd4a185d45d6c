/* Output formats of the access report: the JSON contract, a terminal table and a Mermaid diagram. */
import type { AccessReport, Finding, Topology } from './analyze';
import type { AccessEntry } from './lf-evaluator';

/** JSON: the documented, stable contract `{ access: [...], findings: [...] }` with its fields in contract order. */
export function formatJson(report: AccessReport): string {
  const contract = {
    access: report.access.map((a: AccessEntry) => ({
      consumer: a.consumer,
      account: a.account,
      principal: a.principal,
      database: a.database,
      via: a.via,
      table: a.table,
      columns: [...a.columns],
      rowFilter: a.rowFilter,
      effective: a.effective,
      missing: [...a.missing],
    })),
    findings: report.findings.map((f: Finding) => ({ id: f.id, severity: f.severity, message: f.message })),
  };
  return JSON.stringify(contract, undefined, 2);
}

/** A terminal table: who sees which columns of which table, then the findings. */
export function formatTable(report: AccessReport): string {
  const out: string[] = [];
  if (report.access.length === 0) {
    out.push('No principal can read any column.');
  } else {
    const withRows = report.access.some(a => a.rowFilter !== null);
    const withQuery = report.access.some(a => !a.effective);
    const header = ['consumer', 'account', 'principal', 'database', 'via link', 'table', ...(withRows ? ['rows'] : []), ...(withQuery ? ['query'] : []), 'visible columns'];
    const rows = report.access.map(a => [
      a.consumer ?? '-', a.account, shortPrincipal(a.principal), a.database, a.via ?? '-', a.table,
      ...(withRows ? [a.rowFilter ?? 'all'] : []),
      ...(withQuery ? [a.effective ? 'ok' : `fails (${a.missing.length} missing)`] : []),
      a.columns.join(', '),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
    out.push(line(header), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line));
    const principals = new Set(report.access.map(a => `${a.account}|${a.principal}`)).size;
    const failing = report.access.filter(a => !a.effective).length;
    out.push('', `${report.access.length} entries, ${principals} principals${failing > 0 ? `; ${failing} entries whose queries fail (IAM: see --format json, "missing")` : ''}.`);
  }
  if (report.findings.length > 0) {
    const errors = report.findings.filter(f => f.severity === 'error').length;
    out.push('', `findings (${errors} error${errors === 1 ? '' : 's'}, ${report.findings.length - errors} warning${report.findings.length - errors === 1 ? '' : 's'}):`);
    for (const f of report.findings) out.push(`  ${f.severity.toUpperCase()} ${f.id}: ${f.message}`);
  }
  return out.join('\n');
}

/**
 * Mermaid `flowchart LR`: one subgraph per account with its buckets, databases, tables, resource links
 * and principals; thick edges for the account-level shares (owner account -> consumer account); an
 * edge from each table to each principal that reads it, labelled with the columns.
 */
export function formatMermaid(report: AccessReport, topology?: Topology): string {
  // Short sequential ids (safe in Mermaid: letters and digits only, never a keyword such as `end`).
  const ids = new Map<string, string>();
  const counters = new Map<string, number>();
  const id = (kind: string, key: string) => {
    const k = `${kind}|${key}`;
    let v = ids.get(k);
    if (v === undefined) {
      if (kind === 'acct' && /^[A-Za-z0-9-]+$/.test(key)) {
        v = `acct_${key.replace(/-/g, '_')}`;
      } else {
        const n = (counters.get(kind) ?? 0) + 1;
        counters.set(kind, n);
        v = `${kind}${n}`;
      }
      ids.set(k, v);
    }
    return v;
  };
  const esc = (s: string) => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  const q = (s: string) => `"${esc(s)}"`;

  const edges: string[] = [];
  interface Group { title: string; nodes: Map<string, string> }
  const groups = new Map<string, Group>();
  const group = (account: string) => {
    let g = groups.get(account);
    if (!g) {
      g = { title: account, nodes: new Map() };
      groups.set(account, g);
    }
    return g;
  };
  const node = (account: string, nodeId: string, text: string) => {
    group(account).nodes.set(nodeId, text);
    return nodeId;
  };
  const tableNode = (catalog: string, database: string, table: string) => {
    const db = node(catalog, id('db', `${catalog}_${database}`), `${id('db', `${catalog}_${database}`)}[(${q(database)})]`);
    const key = `${catalog}_${database}_${table}`;
    const fresh = !ids.has(`tbl|${key}`);
    const t = node(catalog, id('tbl', key), `${id('tbl', key)}[${q(`${database}.${table}`)}]`);
    if (fresh) edges.push(`  ${db} -.- ${t}`);
    return t;
  };
  for (const a of topology?.accounts ?? []) {
    group(a.account).title = [a.role, a.domain, a.account].filter(x => x !== undefined).join(' ');
  }
  for (const b of topology?.buckets ?? []) node(b.account, id('bkt', `${b.account}_${b.name}`), `${id('bkt', `${b.account}_${b.name}`)}{{${q(`bucket ${b.name}`)}}}`);
  for (const d of topology?.databases ?? []) node(d.catalog, id('db', `${d.catalog}_${d.name}`), `${id('db', `${d.catalog}_${d.name}`)}[(${q(d.name)})]`);
  for (const t of topology?.tables ?? []) tableNode(t.catalog, t.database, t.name);
  for (const l of topology?.links ?? []) {
    const name = l.database === undefined ? l.name : `${l.database}.${l.name}`;
    const ln = node(l.catalog, id('lnk', `${l.catalog}_${name}`), `${id('lnk', `${l.catalog}_${name}`)}[[${q(`link ${name}`)}]]`);
    const target = l.targetTable === undefined
      ? node(l.targetCatalog, id('db', `${l.targetCatalog}_${l.targetDatabase}`), `${id('db', `${l.targetCatalog}_${l.targetDatabase}`)}[(${q(l.targetDatabase)})]`)
      : tableNode(l.targetCatalog, l.targetDatabase, l.targetTable);
    edges.push(`  ${ln} -.->|"resource link"| ${target}`);
  }

  // Account-level shares, one edge per owner -> consumer account, listing the tables.
  const shares = new Map<string, string[]>();
  const catalogOf = new Map<string, string>();
  for (const t of topology?.tables ?? []) catalogOf.set(`${t.database}|${t.name}`, t.catalog);
  for (const a of report.access) {
    const catalog = catalogOf.get(`${a.database}|${a.table}`) ?? a.account;
    const rows = a.rowFilter === null ? '' : `; rows: ${a.rowFilter}`;
    if (a.principal === a.account) {
      group(a.account);
      group(catalog);
      const k = `${catalog}|${a.account}`;
      shares.set(k, [...(shares.get(k) ?? []), `${a.database}.${a.table}: ${a.columns.length} columns${rows}`]);
      continue;
    }
    const t = tableNode(catalog, a.database, a.table);
    const p = node(a.account, id('prn', `${a.account}_${a.principal}`), `${id('prn', `${a.account}_${a.principal}`)}([${q(shortPrincipal(a.principal))}])`);
    const via = a.via ? `via ${a.via}: ` : '';
    edges.push(`  ${t} -->|${q(`${via}${a.columns.join(', ')}${rows}`)}| ${p}`);
  }
  for (const [k, tables] of shares) {
    const [owner, consumer] = k.split('|');
    edges.push(`  ${id('acct', owner)} ==>|"${['share', ...tables].map(esc).join('<br/>')}"| ${id('acct', consumer)}`);
  }

  const lines = ['flowchart LR'];
  for (const [account, g] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    lines.push(`  subgraph ${id('acct', account)}[${q(g.title)}]`, '    direction TB');
    for (const text of g.nodes.values()) lines.push(`    ${text}`);
    lines.push('  end');
  }
  lines.push(...edges);
  return lines.join('\n');
}

function shortPrincipal(p: string): string {
  const m = /^arn:[^:]+:iam::\d{12}:role\/(.+)$/.exec(p);
  return m ? `role/${m[1]}` : p;
}
