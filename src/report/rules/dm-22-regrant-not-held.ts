import { DoctorFinding, finding, Rule } from '../context';
import { describeResource, grants } from './support/common';
import { namedRegrantRefusals } from './support/regrants';

/**
 * DM-22: an account grants permissions on a table or database of another account (by name, or through
 * its resource link) only if it holds them with grant option; Lake Formation refuses a re-grant of a
 * resource the account was never granted with grant option. (A re-grant naming more columns than it holds
 * is capped instead: see regrant-capped.)
 */
export const rule: Rule = {
  id: 'DM-22',
  name: 'regrant-not-held',
  severity: 'error',
  description: 'A named re-grant (Database, Table, TableWithColumns, DataCellsFilter) on another account\'s resource is backed by a grant of those permissions with grant option to the granting account.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const at of grants(ctx)) {
      const refused = namedRegrantRefusals(ctx, at);
      if (refused.length === 0) continue;
      const { g, r } = at;
      const wanted = [...new Set([...g.permissions, ...g.grantable])];
      out.push(finding(this, r,
        `account ${g.grantorAccount} grants ${g.principal} ${wanted.join(', ')} on ${describeResource(g.resource ?? {}, g.grantorAccount)} (${refused.join(', ')}), which it was never granted with grant option: Lake Formation refuses the grant (AccessDeniedException).`,
        `have the owner account grant account ${g.grantorAccount} ${wanted.join(', ')} with grant option on it (by name or by an LF-tag expression), or remove this grant.`));
    }
    return out;
  },
};
