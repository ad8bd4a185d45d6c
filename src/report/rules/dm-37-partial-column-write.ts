import { DoctorFinding, finding, Rule } from '../context';
import { catalogOf, expressionText, grants } from './support/common';

const WRITE = ['ALTER', 'INSERT', 'DELETE', 'DROP', 'ALL'];

/**
 * DM-37 (LF-DG "Lake Formation tag-based access control notes"): when an LF-tag expression matches only
 * some columns of a table, Lake Formation reduces ALTER/DROP/INSERT/DELETE to DESCRIBE and ALL to
 * SELECT+DESCRIBE on it: a role that writes a table needs an expression matching every column.
 */
export const rule: Rule = {
  id: 'DM-37',
  name: 'partial-column-write',
  severity: 'warning',
  description: 'A TABLE tag-expression grant with ALTER, INSERT, DELETE, DROP or ALL matches every column of each table it matches.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const { g, r } of grants(ctx)) {
      const policy = g.resource?.LFTagPolicy;
      const writes = [...new Set([...g.permissions, ...g.grantable].filter(p => WRITE.includes(p)))];
      if (!policy || String(policy.ResourceType).toUpperCase() !== 'TABLE' || writes.length === 0) continue;
      const partial = [...ctx.lf.columnsMatching(catalogOf(policy.CatalogId, g.grantorAccount), policy.Expression)]
        .filter(([t, cols]) => cols.length < t.columns.length).map(([t]) => `${t.database}.${t.name}`);
      if (partial.length === 0) continue;
      out.push(finding(this, r,
        `grants ${writes.join(', ')} by ${expressionText(policy.Expression)}, which matches only some columns of ${partial.join(', ')}: there Lake Formation reduces the write permissions to DESCRIBE (ALL to SELECT and DESCRIBE).`,
        'grant write permissions on whole tables (by name, or an expression every column matches).'));
    }
    return out;
  },
};
