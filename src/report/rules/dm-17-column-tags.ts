import { DoctorFinding, finding, Rule } from '../context';
import { associations } from './support/tag-associations';

/**
 * DM-17: column-level LF-tags need the table declared (a data contract) with those columns: Lake Formation
 * cannot tag a column the table does not have.
 */
export const rule: Rule = {
  id: 'DM-17',
  name: 'column-tags',
  severity: 'error',
  description: 'A TableWithColumns tag association names columns that its table (declared in the assembly) has.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const a of associations(ctx)) {
      if (a.kind !== 'TableWithColumns' || a.database === undefined || a.table === undefined) continue;
      const table = ctx.lf.table(a.catalog, a.database, a.table);
      if (!table) continue; // declared outside the assembly: nothing to compare with
      const unknown = (a.columns ?? []).filter(c => !table.columns.includes(c));
      if (unknown.length === 0) continue;
      out.push(finding(this, a.r,
        `tags column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}, which ${a.database}.${a.table} (${table.stackName}/${table.logicalId}) does not have: Lake Formation fails with EntityNotFoundException.`,
        `tag existing columns only (${table.columns.join(', ')}), or add the columns to the table.`));
    }
    return out;
  },
};
