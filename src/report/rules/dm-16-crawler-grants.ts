import { DoctorFinding, finding, Rule } from '../context';
import { crawlerGrants } from './support/crawlers';

/**
 * DM-16 (Glue "Configuring a crawler to use Lake Formation credentials"): the crawler role needs
 * CREATE_TABLE on the crawler's database and DATA_LOCATION_ACCESS on the registered location of each
 * target; without them every run fails with "Insufficient Lake Formation permission(s)".
 */
export const rule: Rule = {
  id: 'DM-16',
  name: 'crawler-grants',
  severity: 'error',
  description: "A crawler using Lake Formation credentials has CREATE_TABLE on its database and DATA_LOCATION_ACCESS on each target's registered location, granted in the assembly.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const { crawler: c, database, locations } of crawlerGrants(ctx)) {
      const missing: string[] = [];
      if (c.database !== undefined && database.length === 0) missing.push(`CREATE_TABLE on database ${c.database}`);
      for (const l of locations) if (l.grants.length === 0) missing.push(`DATA_LOCATION_ACCESS on ${l.path}`);
      if (missing.length === 0) continue;
      out.push(finding(this, c.resource,
        `crawler role ${c.roleArn} has no Lake Formation grant of ${missing.join(' or ')}: every run fails with "Insufficient Lake Formation permission(s)".`,
        `grant the role ${missing.join(' and ')} (AWS::LakeFormation::PrincipalPermissions) and make the crawler depend on the grants.`));
    }
    return out;
  },
};
