import { DoctorFinding, finding, Rule } from '../context';
import { grants } from './support/common';

/**
 * DM-30: an account that receives grants from another account uses them through its own data lake
 * admins (they accept, link and re-grant the shared resources). Checked for receiving accounts with
 * stacks in the assembly: one of them writes DataLakeSettings with at least one admin.
 */
export const rule: Rule = {
  id: 'DM-30',
  name: 'consumer-admin',
  severity: 'error',
  description: 'An account that receives cross-account grants and has stacks in the assembly has DataLakeSettings with at least one admin.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const receivers = new Map<string, string>();
    for (const { g, principal } of grants(ctx)) {
      if (['account', 'iam'].includes(principal.kind) && principal.account !== g.grantorAccount && !receivers.has(principal.account)) {
        receivers.set(principal.account, `${g.stackName}/${g.logicalId}`);
      }
    }
    for (const [account, grant] of receivers) {
      const stack = ctx.stacks.find(s => s.account === account);
      if (!stack) continue;
      const admins = ctx.settingsOf(account).flatMap(s => (Array.isArray(s.props.Admins) ? s.props.Admins : []));
      if (admins.length > 0) continue;
      const first = Object.keys(stack.template?.Resources ?? {})[0] ?? '(stack)';
      out.push(finding(this, { stackName: stack.stackName, logicalId: first },
        `account ${account} receives Lake Formation grants (e.g. ${grant}) but no stack of the assembly makes anyone a data lake admin there: nobody can accept, link or re-grant the shared resources.`,
        `add AWS::LakeFormation::DataLakeSettings with Admins (the deploying role and an admin role) to a stack of account ${account}.`));
    }
    return out;
  },
};
