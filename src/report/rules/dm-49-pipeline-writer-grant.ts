import { DoctorFinding, finding, Rule } from '../context';
import { catalogOf, grants, lower } from './support/common';
import { pipelineJobs } from './support/pipelines';

/** What a writer of a table needs in Lake Formation (ALL covers them). */
const WRITE = ['ALTER', 'DELETE', 'INSERT'];

/**
 * DM-49: a pipeline job that writes a table through Lake Formation needs a full-table grant with ALTER, DELETE and
 * INSERT on it (by name, by table wildcard, or by a tag expression that matches every column, DM-37); without it the
 * job's writes fail with `Insufficient Lake Formation permission(s)` at run time.
 */
export const rule: Rule = {
  id: 'DM-49',
  name: 'pipeline-writer-grant',
  severity: 'error',
  description: "A pipeline job's role holds a full-table Lake Formation grant (ALTER, DELETE, INSERT or ALL) on every table it writes.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    const all = grants(ctx);
    for (const p of pipelineJobs(ctx)) {
      const account = p.job.stack.account;
      const mine = all.filter(x => x.principal.principal === p.roleArn);
      for (const w of p.meta.writes) {
        const covers = mine.some(({ g }) => {
          const perms = new Set(g.permissions);
          if (!perms.has('ALL') && !WRITE.every(x => perms.has(x))) return false;
          const t = g.resource?.Table;
          if (t && catalogOf(t.CatalogId, g.grantorAccount) === account && lower(t.DatabaseName) === lower(w.database)) {
            return t.TableWildcard !== undefined || lower(t.Name) === lower(w.table);
          }
          const policy = g.resource?.LFTagPolicy;
          if (policy && String(policy.ResourceType).toUpperCase() === 'TABLE') {
            return [...ctx.lf.columnsMatching(catalogOf(policy.CatalogId, g.grantorAccount), policy.Expression)]
              .some(([tbl, cols]) => tbl.database === lower(w.database) && tbl.name === lower(w.table) && cols.length === tbl.columns.length);
          }
          return false;
        });
        if (covers) continue;
        out.push(finding(this, p.job,
          `Glue job ${p.job.props.Name} of pipeline ${p.meta.product} writes table ${w.database}.${w.table}, but its role ${p.roleArn} holds no full-table ` +
          'Lake Formation grant with ALTER, DELETE and INSERT on it: its writes fail with "Insufficient Lake Formation permission(s)".',
          `grant the role ALTER, DELETE, DESCRIBE, INSERT (and SELECT) on table ${w.database}.${w.table} by name (DataPipeline does), not by columns or a partial tag match (DM-37).`));
      }
    }
    return out;
  },
};
