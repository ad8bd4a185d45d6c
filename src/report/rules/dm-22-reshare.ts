import { DoctorFinding, finding, Rule } from '../context';

/**
 * DM-22 (LF-DG "Granting permissions on a database or table shared with your account"): an account may
 * re-grant a resource shared with it only to principals of its own account; Lake Formation refuses a
 * re-grant to another account, an organization or another account's principal.
 */
export const rule: Rule = {
  id: 'DM-22',
  name: 'reshare',
  severity: 'error',
  description: 'A re-grant of a shared table (by an account that does not own it) names principals of the granting account only.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const seen = new Set<string>();
    for (const x of ctx.lf.regrants) {
      const g = x.grant;
      if (!x.reshare || seen.has(`${g.stackName}|${g.logicalId}`)) continue;
      seen.add(`${g.stackName}|${g.logicalId}`);
      out.push(finding(this, { stackName: g.stackName, logicalId: g.logicalId },
        `account ${g.grantorAccount} grants ${g.principal} SELECT on ${x.table.database}.${x.table.name} of account ${x.table.catalog}; an account can re-grant a resource shared with it only to principals of its own account. Share from the owner account ${x.table.catalog} instead.`));
    }
    return out;
  },
};
