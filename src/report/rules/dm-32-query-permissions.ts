import { DoctorFinding, finding, Rule, shortPrincipal } from '../context';

/**
 * DM-32 (LF-DG "Lake Formation personas and IAM permissions reference"): Lake Formation grants decide
 * which columns a principal sees, but its IAM policies must also let it query: Glue reads on the catalog,
 * database and table (of the resource link and of its target), lakeformation:GetDataAccess, and Athena on
 * a workgroup of its account with the results bucket and key. Each entry of the report lists what is
 * missing; this finding sums them up per principal.
 */
export const rule: Rule = {
  id: 'DM-32',
  name: 'query-permissions',
  severity: 'error',
  description: 'Every IAM principal of the assembly that Lake Formation lets read a table has the IAM permissions a query needs (Glue reads, lakeformation:GetDataAccess, Athena, results bucket and key).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const gap of ctx.queryGaps) {
      if (gap.unknownOnly) continue;
      const tables = [...new Set(gap.entries.map(e => `${e.database}.${e.table}`))];
      // Grouped by action: `glue:GetTable on A, B; lakeformation:GetDataAccess on *`.
      const byAction = new Map<string, string[]>();
      for (const m of gap.missing.filter(x => !/: unknown \(/.test(x))) {
        const i = m.indexOf(' on ');
        const action = i < 0 ? m : m.slice(0, i);
        byAction.set(action, [...(byAction.get(action) ?? []), i < 0 ? '' : m.slice(i + 4)]);
      }
      const known = [...byAction].map(([action, on]) => `${action} on ${on.join(', ')}`);
      out.push(finding(this, gap.identity,
        `${shortPrincipal(gap.identity.arn)} may read ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ` and ${tables.length - 3} more tables` : ''} through Lake Formation, but its IAM policies do not allow: ${known.join('; ')}. Its queries fail with AccessDenied.`,
        'allow these actions in its policies: glue:GetDatabase/GetTable/GetPartitions on the catalog, database and table ARNs of the resource link and of its target, lakeformation:GetDataAccess on *, and athena:StartQueryExecution/GetQueryExecution/GetQueryResults on its workgroup with s3:PutObject/GetObject on the output location and kms:GenerateDataKey/Decrypt on its key.'));
    }
    return out;
  },
};
