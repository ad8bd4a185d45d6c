/* Output formats of the access report. */
import type { AccessReport } from './evaluate';

/** JSON: the documented, stable contract `{ access: [...], findings: [...] }`. */
export function formatJson(report: AccessReport): string {
  return JSON.stringify(report, undefined, 2);
}

/** A terminal table: who sees which columns of which table. */
export function formatTable(report: AccessReport): string {
  const rows = report.access.map(a => [
    a.consumer ?? '-', a.account, shortPrincipal(a.principal), a.via ? `${a.database} (via link ${a.via})` : a.database, a.table,
    a.columns.join(', ') + (a.rowFilter ? `  [rows: ${a.rowFilter}]` : ''),
  ]);
  const header = ['consumer', 'account', 'principal', 'database', 'table', 'visible columns'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(header), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line)];
  if (report.findings.length > 0) {
    out.push('', 'findings:');
    for (const f of report.findings) out.push(`  ${f.severity.toUpperCase()} ${f.id}: ${f.message}`);
  }
  return out.join('\n');
}

/** Mermaid: accounts, databases and who reads them. */
export function formatMermaid(report: AccessReport): string {
  const lines = ['flowchart LR'];
  const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
  const seen = new Set<string>();
  for (const a of report.access) {
    const p = `p_${id(a.principal)}`;
    const d = `d_${id(a.database)}_${id(a.table)}`;
    if (!seen.has(p)) { lines.push(`  ${p}["${shortPrincipal(a.principal)} (${a.consumer ?? a.account})"]`); seen.add(p); }
    if (!seen.has(d)) { lines.push(`  ${d}[("${a.database}.${a.table}")]`); seen.add(d); }
    lines.push(`  ${d} -->|${a.columns.join(', ')}| ${p}`);
  }
  return lines.join('\n');
}

function shortPrincipal(p: string): string {
  const m = /^arn:[^:]+:iam::\d{12}:role\/(.+)$/.exec(p);
  return m ? `role/${m[1]}` : p;
}
