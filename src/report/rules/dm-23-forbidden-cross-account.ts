import { DoctorFinding, finding, Rule } from '../context';
import { describeResource, grants } from './support/common';

const FORBIDDEN = ['ALL', 'SUPER', 'DROP', 'ALTER', 'DATA_LOCATION_ACCESS'];

/**
 * DM-23: a mesh never grants another account ALL, SUPER, DROP, ALTER or data-location access (Lake
 * Formation would accept some of them: the recipient could then drop or change the owner's tables).
 */
export const rule: Rule = {
  id: 'DM-23',
  name: 'forbidden-cross-account',
  severity: 'error',
  description: 'No grant gives another account (or its principals, or an organization) ALL, SUPER, DROP, ALTER or DATA_LOCATION_ACCESS.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const { g, r, principal } of grants(ctx)) {
      if (!['account', 'iam', 'organization'].includes(principal.kind) || principal.account === g.grantorAccount) continue;
      const bad = [...new Set([...g.permissions, ...g.grantable].filter(p => FORBIDDEN.includes(p)))];
      if (g.resource?.DataLocation && !bad.includes('DATA_LOCATION_ACCESS')) bad.push('data location access');
      if (bad.length === 0) continue;
      out.push(finding(this, r,
        `grants ${principal.principal} (account ${principal.account}) ${bad.join(', ')} on ${describeResource(g.resource, g.grantorAccount)}: another account could then change or drop the owner's resources, or register its data.`,
        'share SELECT and DESCRIBE (with grant option) only; keep ALTER, DROP, ALL and data-location access in the owner account.'));
    }
    return out;
  },
};
