import { DoctorFinding, finding, Rule } from '../context';
import { ADMIN_ONLY_TYPES } from './support/common';

/**
 * DM-01: a stack that creates grants, LF-tags or associations in an account for which the assembly
 * writes no DataLakeSettings relies on its deploying role being a data lake admin already.
 */
export const rule: Rule = {
  id: 'DM-01',
  name: 'no-settings',
  severity: 'warning',
  description: 'An account where the assembly creates grants, LF-tags or associations has DataLakeSettings in the assembly (otherwise its deploying role must already be a data lake admin).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const seen = new Set<string>();
    for (const r of ctx.ofType(...ADMIN_ONLY_TYPES)) {
      if (seen.has(r.stack.stackName) || ctx.settingsOf(r.stack.account).length > 0) continue;
      seen.add(r.stack.stackName);
      out.push(finding(this, r,
        `no DataLakeSettings of account ${r.stack.account} in the assembly: stack ${r.stack.stackName} creates Lake Formation grants, LF-tags or associations, which only a data lake admin can.`,
        'make the deploying role a data lake admin before deploying, or add AWS::LakeFormation::DataLakeSettings listing it in Admins (and depend on them).'));
    }
    return out;
  },
};
