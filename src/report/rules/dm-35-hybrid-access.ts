import { DoctorFinding, finding, Rule } from '../context';
import { versions } from './support/sharing';

/** DM-35: hybrid access mode (HybridAccessEnabled) needs CROSS_ACCOUNT_VERSION 4 in the registering account. */
export const rule: Rule = {
  id: 'DM-35',
  name: 'hybrid-access',
  severity: 'error',
  description: 'A location registered in hybrid access mode is in an account whose settings set CROSS_ACCOUNT_VERSION 4 or more.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const all = versions(ctx);
    for (const r of ctx.ofType('AWS::LakeFormation::Resource')) {
      if (!(r.props.HybridAccessEnabled === true || String(r.props.HybridAccessEnabled).toLowerCase() === 'true')) continue;
      const mine = all.filter(v => v.settings.stack.account === r.stack.account && v.version !== undefined && !v.version.includes('${'));
      const low = mine.filter(v => Number(v.version) < 4);
      if (low.length === 0) continue;
      out.push(finding(this, r,
        `registers ${r.props.ResourceArn} in hybrid access mode, but account ${r.stack.account} sets CROSS_ACCOUNT_VERSION ${low.map(v => v.version).join(', ')} (${low.map(v => `${v.settings.stack.stackName}/${v.settings.logicalId}`).join(', ')}): hybrid mode needs version 4.`,
        'set Parameters: { CROSS_ACCOUNT_VERSION: "4" }, or register in Lake Formation mode (HybridAccessEnabled: false), the default this library uses.'));
    }
    return out;
  },
};
