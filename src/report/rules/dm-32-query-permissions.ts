import { DoctorFinding, finding, Rule, shortPrincipal } from '../context';
import type { MissingAction } from '../context';

const ALLOW_ALL = 'allow these actions in its policies: glue:GetDatabase/GetTable/GetPartitions on the catalog, database and table ARNs of the resource link and of ' +
  'its target, lakeformation:GetDataAccess on *, and athena:StartQueryExecution/GetQueryExecution/GetQueryResults on its workgroup with ' +
  's3:PutObject/GetObject on the output location and kms:GenerateDataKey/Decrypt on its key';

/**
 * The fix, from why each action is missing (carried as data by the report): the statement that denies it, the permissions
 * boundary that does not allow it, the bucket or key policy that lacks it, or (absent from every identity policy) the policies to add.
 */
function fixOf(missing: MissingAction[]): string {
  const byCause = new Map<string, Set<string>>();
  const add = (cause: string, action: string) => byCause.set(cause, (byCause.get(cause) ?? new Set<string>()).add(action));
  for (const { action, cause } of missing) {
    if (cause.kind === 'deny') add(`remove or narrow the Deny statement ${cause.by}, which denies`, action);
    else if (cause.kind === 'boundary') add(`allow in its ${cause.by}, which does not allow what its policies do,`, action);
    else if (cause.kind === 'resource-policy') add(`allow the principal in ${cause.by}`, action);
    else add('', action);
  }
  const parts = [...byCause].filter(([cause]) => cause !== '').map(([cause, actions]) => `${cause} ${[...actions].join(', ')}`);
  if (byCause.has('')) parts.push(parts.length === 0 ? ALLOW_ALL : `${ALLOW_ALL.replace('allow these actions', `allow ${[...byCause.get('')!].join(', ')}`)}`);
  return `${parts.join('; ')}.`;
}

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
      const known = gap.actions.filter(x => x.cause.kind !== 'unknown');
      for (const { text: m } of known) {
        const i = m.indexOf(' on ');
        const action = i < 0 ? m : m.slice(0, i);
        byAction.set(action, [...(byAction.get(action) ?? []), i < 0 ? '' : m.slice(i + 4)]);
      }
      const listed = [...byAction].map(([action, on]) => `${action} on ${on.join(', ')}`);
      out.push(finding(this, gap.identity,
        `${shortPrincipal(gap.identity.arn)} may read ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ` and ${tables.length - 3} more tables` : ''} through Lake Formation, but IAM does not allow: ${listed.join('; ')}. Its queries fail with AccessDenied.`,
        fixOf(known)));
    }
    return out;
  },
};
