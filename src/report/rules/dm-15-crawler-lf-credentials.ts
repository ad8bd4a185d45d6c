import { DoctorFinding, finding, Rule } from '../context';
import { crawlers } from './support/crawlers';

/**
 * DM-15 (Glue "Configuring a crawler to use Lake Formation credentials"): a crawler over registered
 * data sets LakeFormationConfiguration.UseLakeFormationCredentials (and AccountId when the location is
 * registered in another account), its role allows lakeformation:GetDataAccess, and its S3 targets are in
 * one bucket.
 */
export const rule: Rule = {
  id: 'DM-15',
  name: 'crawler-lf-credentials',
  severity: 'error',
  description: 'A crawler over Lake Formation-registered data uses Lake Formation credentials (AccountId for another account\'s registration), its role allows lakeformation:GetDataAccess, and it targets one bucket.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const c of crawlers(ctx)) {
      const registered = [...c.registrations.values()].flat();
      if (registered.length === 0) continue;
      const r = c.resource;
      if (!c.useLfCredentials) {
        out.push(finding(this, r,
          `crawler targets ${c.paths.join(', ')}, registered with Lake Formation, with its role's own IAM credentials: it reads nothing it is not given in S3 and KMS directly (across accounts: in the bucket and key policies too).`,
          'set LakeFormationConfiguration: { UseLakeFormationCredentials: true } and grant the role DATA_LOCATION_ACCESS and CREATE_TABLE (DM-16).'));
        continue;
      }
      // A path registered in the crawler's own account is crawled in-account; otherwise AccountId names the registering account.
      const foreignOnly = [...c.registrations.values()].filter(regs => regs.length > 0 && !regs.some(x => x.account === r.stack.account));
      const foreign = [...new Set(foreignOnly.flat().map(x => x.account))];
      if (foreign.length > 0 && !foreign.includes(c.accountId ?? '')) {
        out.push(finding(this, r,
          `crawler targets a location registered in account ${foreign.join(', ')} but LakeFormationConfiguration.AccountId is ${c.accountId ?? 'not set'}: cross-account crawls with Lake Formation credentials need it.`,
          `set LakeFormationConfiguration.AccountId: "${foreign[0]}".`));
      }
      if (c.buckets.length > 1) {
        out.push(finding(this, r,
          `crawler with Lake Formation credentials targets ${c.buckets.length} buckets (${c.buckets.join(', ')}): use one crawler per bucket (several prefixes of one bucket are fine).`,
          'split it into one crawler per bucket.'));
      }
      if (c.identity) {
        const v = ctx.aws.check(c.identity, 'lakeformation:GetDataAccess', '*', {}, 'DM-15');
        if (!v.ok && v.identity !== 'unknown') {
          out.push(finding(this, r,
            `crawler role ${c.roleArn} (${c.identity.stackName}/${c.identity.logicalId}) ${v.deniedBy ? `is denied lakeformation:GetDataAccess by ${v.deniedBy}` : 'does not allow lakeformation:GetDataAccess'}: the crawler fails with "not authorized to perform: lakeformation:GetDataAccess".`,
            'allow lakeformation:GetDataAccess (Resource "*") in the crawler role\'s policy.'));
        }
      }
    }
    return out;
  },
};
