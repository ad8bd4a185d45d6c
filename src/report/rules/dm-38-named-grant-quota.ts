import { finding, Rule } from '../context';
import { grants, pushTo } from './support/common';

/** The soft quota of cross-account grants on named resources (RAM resource shares), per account. */
export const NAMED_CROSS_ACCOUNT_QUOTA = 1600;

/** DM-38: named-resource cross-account grants are capped (1,600, soft); LF-tag expressions are not. */
export const rule: Rule = {
  id: 'DM-38',
  name: 'named-grant-quota',
  severity: 'warning',
  description: `An account makes at most ${NAMED_CROSS_ACCOUNT_QUOTA} cross-account grants on named resources.`,
  check(ctx) {
    const counts = new Map<string, typeof ctx.resources>();
    for (const { g, r, principal } of grants(ctx)) {
      const named = ['Database', 'Table', 'TableWithColumns', 'DataCellsFilter'].some(k => g.resource?.[k] !== undefined);
      if (!named || principal.account === g.grantorAccount || !['account', 'iam', 'organization'].includes(principal.kind)) continue;
      pushTo(counts, g.grantorAccount, r);
    }
    const over = [...counts].filter(([, list]) => list.length > NAMED_CROSS_ACCOUNT_QUOTA);
    return over.map(([account, list]) => finding(this, list[NAMED_CROSS_ACCOUNT_QUOTA],
      `account ${account} makes ${list.length} cross-account grants on named resources, over the soft quota of ${NAMED_CROSS_ACCOUNT_QUOTA}: the grants beyond it fail.`,
      'share by LF-tag expression (grants grow with consumers, not with tables), or request a quota increase.'));
  },
};
