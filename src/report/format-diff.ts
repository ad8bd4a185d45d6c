/*
 * The access diff's formats: Markdown for a pull-request comment (a summary line, what blocks, one table per
 * principal grouped by consumer and account; stable order, no timestamps) and the JSON contract of
 * docs/data-mart.md#diff (fields in contract order).
 */
import type { AccessDiff, DiffColumn, PrincipalChange, RowSlice, TableChange } from './access-diff';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The summary line, without markup: `No change in who sees what.` for an empty diff. */
export function diffSummaryLine(diff: AccessDiff): string {
  const s = diff.summary;
  if (diff.principals.length === 0) return 'No change in who sees what.';
  const parts: string[] = [];
  if (s.tablesGained > 0) parts.push(`${plural(s.tablesGained, 'table')} newly seen`);
  if (s.columnsGained > 0) parts.push(`${plural(s.columnsGained, 'column')} gained${s.sensitiveColumnsGained > 0 ? ` (${s.sensitiveColumnsGained} ${diff.sensitiveLevel})` : ''}`);
  else if (s.sensitiveColumnsGained > 0) parts.push(`${plural(s.sensitiveColumnsGained, `${diff.sensitiveLevel} column`)} seen in more rows`);
  if (s.tablesLost > 0) parts.push(`${plural(s.tablesLost, 'table')} no longer seen`);
  if (s.columnsLost > 0) parts.push(`${plural(s.columnsLost, 'column')} lost`);
  if (s.rowChanges > 0) parts.push(plural(s.rowChanges, 'row-filter change'));
  if (s.metadataChanges > 0) parts.push(plural(s.metadataChanges, 'metadata-only change'));
  return `${plural(s.principals, 'principal')} with a change: ${parts.join(', ')}.`;
}

/** One word for the change of a table. */
export function changeOf(t: TableChange): string {
  if (t.before === t.after) return t.before === 'data' ? 'changed' : 'metadata changed';
  if (t.after === 'data') return t.before === 'none' ? 'newly seen' : 'metadata only -> data';
  if (t.before === 'data') return t.after === 'none' ? 'no longer seen' : 'data -> metadata only';
  return t.after === 'metadata' ? 'metadata gained' : 'metadata lost';
}

function code(text: string): string {
  const t = text.replace(/\r?\n/g, ' ');
  return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}

/** A table cell: pipes escaped (GitHub's tables split on them, code spans included). */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function columnText(c: DiffColumn, sensitive: string | null): string {
  const level = c.confidentiality ?? 'unclassified';
  return sensitive !== null && c.confidentiality === sensitive ? `**${code(c.name)} (${level})**` : `${code(c.name)} (${level})`;
}

function rowsText(slices: RowSlice[]): string {
  if (slices.length === 0) return 'none';
  if (slices.length === 1) return slices[0].rowFilter === null ? 'every row' : code(slices[0].rowFilter);
  return slices.map(s => `${s.rowFilter === null ? 'every row' : code(s.rowFilter)}: ${s.columns.join(', ')}`).join('; ');
}

function principalTitle(p: PrincipalChange): string {
  if (p.principal === p.account) return `account ${code(p.account)} (what is shared with the account)`;
  return code(p.principal);
}

/** Markdown for a pull-request comment. */
export function formatDiffMarkdown(diff: AccessDiff): string {
  const out: string[] = ['## Access diff', '', `**${diffSummaryLine(diff)}**`];
  const failOn = diff.failOn.length > 0 ? `\`--fail-on ${diff.failOn.join(',')}\`` : 'no `--fail-on`';
  if (diff.blocking.length > 0) {
    out.push('', `**Blocking** (${failOn}):`, '');
    for (const b of diff.blocking) out.push(`- ${b.reason}: ${b.message.replace(/\r?\n/g, ' ')}`);
  } else if (diff.principals.length > 0) {
    out.push('', `Nothing blocks (${failOn}).`);
  }
  if (diff.requests.length > 0) {
    out.push('', `Requests reviewed: ${diff.requests.map(r => `${code(r.file)} (${r.consumer}, ${r.product}, up to ${r.clearance})`).join('; ')}.`);
  }
  let group: string | undefined;
  for (const p of diff.principals) {
    const g = `${p.consumer ?? '(no consumer)'}|${p.account}`;
    if (g !== group) {
      group = g;
      out.push('', `### ${p.consumer === null ? 'Account' : `Consumer ${p.consumer}, account`} ${p.account}`);
    }
    out.push('', `#### ${principalTitle(p)}`, '', '| table | change | columns gained | columns lost | rows |', '|---|---|---|---|---|');
    for (const t of p.tables) {
      const gained = [...t.columnsGained.map(c => columnText(c, diff.sensitiveLevel)), ...(t.metadataGained.length > 0 ? [`metadata: ${t.metadataGained.join(', ')}`] : [])];
      const lost = [...t.columnsLost.map(c => columnText(c, null)), ...(t.metadataLost.length > 0 ? [`metadata: ${t.metadataLost.join(', ')}`] : [])];
      const widened = t.rows !== null && t.rows.widened.length > 0 ? ` (more rows of ${t.rows.widened.map(c => columnText(c, diff.sensitiveLevel)).join(', ')})` : '';
      const rows = t.rows === null ? '' : `${t.before === 'data' && t.after === 'data' ? `${rowsText(t.rows.before)} -> ${rowsText(t.rows.after)}` : rowsText(t.before === 'data' ? t.rows.before : t.rows.after)}${widened}`;
      out.push(`| ${cell(code(`${t.database}.${t.table}`))} | ${changeOf(t)} | ${cell(gained.join(', '))} | ${cell(lost.join(', '))} | ${cell(rows)} |`);
    }
  }
  return out.join('\n');
}

/** The JSON contract (docs/data-mart.md#diff), fields in contract order. */
export function formatDiffJson(diff: AccessDiff): string {
  const col = (c: DiffColumn) => ({ name: c.name, confidentiality: c.confidentiality });
  const slice = (s: RowSlice) => ({ rowFilter: s.rowFilter, columns: [...s.columns] });
  const contract = {
    summary: { text: diffSummaryLine(diff), ...diff.summary },
    sensitiveLevel: diff.sensitiveLevel,
    failOn: [...diff.failOn],
    blocking: diff.blocking.map(b => ({
      reason: b.reason,
      consumer: b.consumer,
      account: b.account,
      principal: b.principal,
      database: b.database,
      table: b.table,
      columns: [...b.columns],
      message: b.message,
    })),
    requests: diff.requests.map(r => ({ file: r.file, consumer: r.consumer, product: r.product, clearance: r.clearance })),
    principals: diff.principals.map(p => ({
      consumer: p.consumer,
      account: p.account,
      principal: p.principal,
      tables: p.tables.map(t => ({
        database: t.database,
        table: t.table,
        product: t.product,
        change: changeOf(t),
        before: t.before,
        after: t.after,
        columnsGained: t.columnsGained.map(col),
        columnsLost: t.columnsLost.map(col),
        rows: t.rows === null ? null : { before: t.rows.before.map(slice), after: t.rows.after.map(slice), widened: t.rows.widened.map(col) },
        metadataGained: [...t.metadataGained],
        metadataLost: [...t.metadataLost],
        sensitive: t.sensitive.map(col),
        uncovered: t.uncovered.map(col),
      })),
    })),
  };
  return JSON.stringify(contract, undefined, 2);
}
