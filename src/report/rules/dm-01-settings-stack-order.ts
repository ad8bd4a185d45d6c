import { DoctorFinding, finding, Rule } from '../context';
import { ADMIN_ONLY_TYPES } from './support/common';

/**
 * DM-01 across stacks (issue 13: shards): a stack with grants, LF-tags, tag associations or data filters but no
 * DataLakeSettings of its own relies on the settings another stack of its account writes. CloudFormation orders
 * resources of different stacks only by stack dependencies, so it must be deployed after that stack (the first
 * deployment would otherwise run before its deploying role is a data lake admin).
 */
export const rule: Rule = {
  id: 'DM-01',
  name: 'settings-stack-order',
  severity: 'error',
  description: 'A stack with Lake Formation grants, LF-tags, associations or filters and no DataLakeSettings of its own is deployed after the stack that writes its account\'s settings.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const byStack = new Map<string, { first: { stackName: string; logicalId: string }; account: string; region: string }>();
    for (const r of ctx.ofType(...ADMIN_ONLY_TYPES)) {
      if (!byStack.has(r.stack.stackName)) {
        byStack.set(r.stack.stackName, {
          first: {
            stackName: r.stack.stackName,
            logicalId: r.logicalId,
          },
          account: r.stack.account,
          region: r.stack.region,
        });
      }
    }
    for (const [stackName, { first, account, region }] of byStack) {
      const settings = ctx.settingsOf(account, region);
      if (settings.length === 0 || settings.some(s => s.stack.stackName === stackName)) continue;
      if (settings.some(s => ctx.graph.stackDependsOn(stackName, s.stack.stackName))) continue;
      const owner = settings[0].stack.stackName;
      out.push(finding(this, first,
        `stack ${stackName} creates Lake Formation grants, LF-tags, associations or filters in account ${account} but writes no DataLakeSettings, and it is not ` +
        `deployed after stack ${owner}, which writes that account's settings: its first deployment may run before the deploying role is a data lake admin (AccessDeniedException).`,
        `make stack ${stackName} depend on stack ${owner} (stack.addDependency(${owner})).`));
    }
    return out;
  },
};
