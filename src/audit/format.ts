/* The audit's two outputs: JSON (the contract of docs/audit.md) and Markdown (per account, then columns per principal). */
import type { AuditResult, ColumnChange } from './compare';

/** `{"accounts":[...],"findings":[...],"access":[...],"summary":{...}}`, two-space indented. */
export function formatAuditJson(result: AuditResult): string {
  return JSON.stringify({ accounts: result.accounts, findings: result.findings, access: result.access, summary: result.summary }, undefined, 2);
}

const cell = (v: string) => v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function principalName(c: ColumnChange): string {
  const m = /^arn:[^:]+:iam::\d{12}:(role|user)\/(?:.*\/)?([^/]+)$/.exec(c.principal);
  return m ? `${m[1]}/${m[2]}` : c.principal;
}

export function formatAuditMarkdown(result: AuditResult): string {
  const { summary } = result;
  const lines: string[] = ['# Lake Formation audit: live against declared', ''];
  const audited = result.accounts.filter(a => a.status !== 'unreachable').length;
  lines.push(`${audited} of ${result.accounts.length} accounts audited; ${summary.errors} error${summary.errors === 1 ? '' : 's'} `
    + `(${summary.leaks} leak${summary.leaks === 1 ? '' : 's'}, ${summary.outages} outage${summary.outages === 1 ? '' : 's'}), `
    + `${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}.`, '');
  lines.push('| account | role | status | read at | errors | warnings |', '|---|---|---|---|---:|---:|');
  for (const a of result.accounts) {
    const mine = result.findings.filter(f => f.account === a.account);
    const errors = mine.filter(f => f.severity === 'error').length;
    const role = [a.role, a.domain].filter(x => x).join(' ') || '-';
    lines.push(`| ${a.account} | ${cell(role)} | ${a.status} | ${a.readAt ?? '-'} | ${errors} | ${mine.length - errors} |`);
  }
  for (const a of result.accounts) {
    const mine = result.findings.filter(f => f.account === a.account);
    lines.push('', `## ${a.account}${a.role ? ` (${[a.role, a.domain].filter(x => x).join(' ')})` : ''}`, '');
    if (a.message) lines.push(`${a.status === 'unreachable' ? '**Not audited:** ' : ''}${cell(a.message)}`, '');
    if (mine.length === 0) {
      lines.push(a.status === 'unreachable' ? 'No finding could be made.' : 'No finding: the live state is the declared one.');
      continue;
    }
    lines.push('| severity | finding | kind | what |', '|---|---|---|---|');
    for (const f of mine) lines.push(`| ${f.severity} | ${f.id} | ${f.kind} | ${cell(f.message)} |`);
  }
  lines.push('', '## What changed in columns, per principal', '');
  if (result.access.length === 0) {
    lines.push(result.accounts.some(a => a.status !== 'audited')
      ? 'In what was audited, every principal reads exactly the columns the templates give it.'
      : 'Every principal reads exactly the columns the templates give it.');
  } else {
    lines.push('| account | principal | table | rows | reads and should not (leak) | should read and does not (outage) |', '|---|---|---|---|---|---|');
    for (const c of result.access) {
      lines.push(`| ${c.account} | ${cell(principalName(c))} | ${c.database}.${c.table} (catalog ${c.catalog}) | ${cell(c.rowFilter ?? 'all')} `
        + `| ${c.gained.join(', ') || '-'} | ${c.lost.join(', ') || '-'} |`);
    }
  }
  return lines.join('\n');
}
