/* Output formats of the access report: the JSON contract and a terminal table (the matrix and the diagram: format-matrix.ts, format-mermaid.ts). */
import type { AccessReport, Finding } from './analyze';
import type { AccessEntry, MetadataEntry } from './lf-evaluator';

/** JSON: the documented, stable contract `{ access: [...], findings: [...], metadata: [...] }` with its fields in contract order. */
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
      unverified: a.unverified,
    })),
    findings: report.findings.map((f: Finding) => ({ id: f.id, severity: f.severity, message: f.message })),
    metadata: report.metadata.map((m: MetadataEntry) => ({
      consumer: m.consumer,
      account: m.account,
      principal: m.principal,
      database: m.database,
      table: m.table,
      columns: [...m.columns],
      via: m.via,
    })),
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
      ...(withQuery ? [queryCell(a)] : []),
      a.columns.join(', '),
    ]);
    // A loop, not Math.max(...rows): one argument per row overflows the call stack on large reports.
    const widths = header.map((h, i) => rows.reduce((m, r) => Math.max(m, r[i].length), h.length));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
    out.push(line(header), widths.map(w => '-'.repeat(w)).join('  '));
    for (const r of rows) out.push(line(r));
    const principals = new Set(report.access.map(a => `${a.account}|${a.principal}`)).size;
    const failing = report.access.filter(queryFails).length;
    const unverified = report.access.filter(a => a.unverified).length;
    out.push('', `${report.access.length} entries, ${principals} principals${failing > 0 ? `; ${failing} entries whose queries fail (IAM: see --format json, "missing")` : ''}` +
      `${unverified > 0 ? `; ${unverified} entries unverified (their data's bucket is not in the assembly)` : ''}.`);
  }
  for (const l of metadataLines(report)) out.push(l);
  for (const l of findingLines(report)) out.push(l);
  return out.join('\n');
}

/** Whether the entry's query fails on its IAM side (an unverified entry with nothing missing does not). */
export function queryFails(a: AccessEntry): boolean {
  return !a.effective && (!a.unverified || a.missing.length > 0);
}

function queryCell(a: AccessEntry): string {
  const fails = queryFails(a) ? `fails (${a.missing.length} missing)` : '';
  if (a.unverified) return fails ? `${fails}, unverified` : 'unverified';
  return fails || 'ok';
}

/**
 * The metadata-only block of the text formats (nothing when there is no entry): per principal, the tables whose metadata it
 * sees (DESCRIBE: names, types, comments, tags) beyond what it reads (D66). A table it reads some columns of is followed by
 * the columns it sees the metadata of only, e.g. `life.policyholder_life_expectancy [life_expectancy]`. A block of its own,
 * after the access lines, so that the lines of principals with data access stay as they were.
 */
export function metadataLines(report: AccessReport, indent = '  '): string[] {
  const entries = report.metadata;
  if (entries.length === 0) return [];
  const byPrincipal = new Map<string, MetadataEntry[]>();
  for (const m of entries) {
    const k = `${m.account}|${m.principal}`;
    const list = byPrincipal.get(k);
    if (list) list.push(m); else byPrincipal.set(k, [m]);
  }
  const reads = new Set(report.access.map(a => `${a.account}|${a.principal}|${a.database}|${a.table}`));
  const out = ['', `metadata only (DESCRIBE, no data: ${entries.length} entries, ${byPrincipal.size} principals):`];
  for (const list of byPrincipal.values()) {
    const m = list[0];
    const tables = list.map(e => `${e.database}.${e.table}${reads.has(`${e.account}|${e.principal}|${e.database}|${e.table}`) ? ` [${e.columns.join(', ')}]` : ''}` +
      `${e.via ? ` (via ${e.via})` : ''}`).join(', ');
    out.push(`${indent}${m.consumer ?? '-'} ${m.account} ${shortPrincipal(m.principal)}: ${tables}`);
  }
  return out;
}

/** The findings block of the text formats (nothing when there is no finding). */
export function findingLines(report: AccessReport): string[] {
  if (report.findings.length === 0) return [];
  const errors = report.findings.filter(f => f.severity === 'error').length;
  return [
    '', `findings (${errors} error${errors === 1 ? '' : 's'}, ${report.findings.length - errors} warning${report.findings.length - errors === 1 ? '' : 's'}):`,
    ...report.findings.map(f => `  ${f.severity.toUpperCase()} ${f.id}: ${f.message}`),
  ];
}

function shortPrincipal(p: string): string {
  const m = /^arn:[^:]+:iam::\d{12}:role\/(.+)$/.exec(p);
  return m ? `role/${m[1]}` : p;
}
