import { DoctorFinding, finding, Rule } from '../context';

/**
 * DM-40: DataLakeSettings are one per account and region. Two REPLACE settings overwrite each other
 * (the last one deployed wins, admins of the other disappear); one stack shares one settings resource.
 */
export const rule: Rule = {
  id: 'DM-40',
  name: 'duplicate-settings',
  severity: 'error',
  description: 'At most one DataLakeSettings with MutationType REPLACE per account and region, and one DataLakeSettings per stack.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const replace = new Map<string, string>();
    const perStack = new Map<string, string>();
    for (const s of ctx.ofType('AWS::LakeFormation::DataLakeSettings')) {
      const here = `${s.stack.stackName}/${s.logicalId}`;
      const inStack = perStack.get(s.stack.stackName);
      if (inStack) {
        out.push(finding(this, s, `a second DataLakeSettings in the stack (first: ${inStack}): they overwrite each other.`, 'keep one DataLakeSettings per stack and share it.'));
      } else {
        perStack.set(s.stack.stackName, here);
      }
      if (String(s.props.MutationType ?? 'REPLACE').toUpperCase() === 'APPEND') continue;
      const key = `${s.stack.account}|${s.stack.region}`;
      const prev = replace.get(key);
      if (prev && prev.split('/')[0] !== s.stack.stackName) {
        out.push(finding(this, s,
          `a second REPLACE DataLakeSettings for account ${s.stack.account} in ${s.stack.region} (first: ${prev}): whichever deploys last replaces the other's admins and defaults.`,
          'let one stack own the account\'s settings with REPLACE, and use MutationType APPEND elsewhere.'));
      } else if (!prev) {
        replace.set(key, here);
      }
    }
    return out;
  },
};
