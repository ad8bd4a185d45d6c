import { DoctorFinding, finding, Rule } from '../context';
import { sharingAccounts, versions } from './support/sharing';

/**
 * DM-06: `Parameters: { CROSS_ACCOUNT_VERSION: "4" }`. Version 3+ shares through RAM (needed to share
 * with organizations or directly with IAM principals; 4 adds hybrid mode). A grantor on a lower version
 * than its recipient gets InvalidInputException when it shares by tag, so every account of the mesh sets
 * the same version, and accounts that share set at least 3.
 */
export const rule: Rule = {
  id: 'DM-06',
  name: 'cross-account-version',
  severity: 'error',
  description: 'Every DataLakeSettings of the assembly sets the same CROSS_ACCOUNT_VERSION, at least 3 in accounts that share across accounts.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const all = versions(ctx).filter(v => v.version !== undefined && !v.version.includes('${'));
    const highest = all.map(v => Number(v.version)).filter(n => Number.isFinite(n)).reduce((a, b) => Math.max(a, b), 0);
    const sharing = sharingAccounts(ctx);
    for (const { settings, version } of all) {
      const n = Number(version);
      const others = [...new Set(all.filter(v => v.version !== version).map(v => `${v.settings.stack.account} (${v.version})`))];
      if (sharing.has(settings.stack.account) && n < 3) {
        out.push(finding(this, settings,
          `CROSS_ACCOUNT_VERSION ${version} in account ${settings.stack.account}, which shares across accounts: versions below 3 cannot share through RAM (with organizations or IAM principals of other accounts) and a tag-based share with an account on 3+ fails with InvalidInputException.`,
          `set Parameters: { CROSS_ACCOUNT_VERSION: "${Math.max(highest, 4)}" } in every account's settings.`));
      } else if (others.length > 0 && n < highest) {
        out.push(finding(this, settings,
          `CROSS_ACCOUNT_VERSION ${version} in account ${settings.stack.account}, but ${others.join(', ')} elsewhere in the assembly: a grantor on a lower version than its recipient gets InvalidInputException.`,
          `set the same version everywhere: Parameters: { CROSS_ACCOUNT_VERSION: "${highest}" }.`));
      }
    }
    return out;
  },
};
