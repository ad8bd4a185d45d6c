import { finding, Rule } from '../context';
import { sharingAccounts, versions } from './support/sharing';

/** DM-06: settings of an account that shares across accounts and leave CROSS_ACCOUNT_VERSION to chance. */
export const rule: Rule = {
  id: 'DM-06',
  name: 'cross-account-version-unset',
  severity: 'warning',
  description: 'DataLakeSettings of an account that shares across accounts set Parameters.CROSS_ACCOUNT_VERSION explicitly.',
  check(ctx) {
    const sharing = sharingAccounts(ctx);
    return versions(ctx)
      .filter(v => v.version === undefined && sharing.has(v.settings.stack.account))
      .map(({ settings }) => finding(this, settings,
        `account ${settings.stack.account} shares across accounts but its settings do not set CROSS_ACCOUNT_VERSION: it keeps whatever the account has (1 on accounts that never changed it), which may not match the other accounts.`,
        'set Parameters: { CROSS_ACCOUNT_VERSION: "4" } (a string) in every account\'s settings.'));
  },
};
