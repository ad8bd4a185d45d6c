import { DoctorFinding, finding, Rule } from '../context';
import { LocationPath, locationPaths, PathCheck } from '../data-path';

/** The problems of S3 checks of a data path, by cause and actions: `<cause> <actions>` -> the resources (displayed). */
function problems(p: LocationPath, checks: PathCheck[], into = new Map<string, string[]>()): Map<string, string[]> {
  const byDisplay = new Map<string, string[]>();
  const add = (cause: string, c: PathCheck) => {
    const k = `${cause}\u0000${c.display}`;
    byDisplay.set(k, [...(byDisplay.get(k) ?? []), c.action]);
  };
  const crossAccount = p.bucket !== undefined && p.bucket.account !== (p.identity?.account ?? p.registrar);
  for (const c of checks) {
    const v = c.verdict;
    if (v.ok) continue;
    if (v.deniedBy) {
      add(`${v.deniedBy} denies`, c);
      continue;
    }
    if (v.identity === 'none' && !p.serviceLinked) add(`the registration role's ${v.blockedBy ?? 'IAM policies'} do${v.blockedBy ? 'es' : ''} not allow`, c);
    if (crossAccount && v.resource === 'none') add(`the bucket policy of ${p.bucket!.policy?.source ?? `${p.bucket!.stackName}/${p.bucket!.logicalId} (none)`} does not allow the role`, c);
  }
  for (const [k, actions] of byDisplay) {
    const [cause, display] = k.split('\u0000');
    const key = `${cause} ${actions.join(', ')}`;
    const list = into.get(key);
    if (!list) into.set(key, [display]);
    else if (!list.includes(display)) list.push(display);
  }
  return into;
}

const text = (found: Map<string, string[]>) => [...found].map(([what, on]) => `${what} on ${on.join(', ')}`);

/**
 * DM-12 (LF-DG "Requirements for roles used to register locations", "Registering an Amazon S3 location
 * in another AWS account", "Underlying data access control"): Lake Formation vends credentials of the
 * registration role for the location of the table being queried, so the role needs s3:ListBucket on the
 * bucket (for the table's prefix) and s3:GetObject/PutObject/DeleteObject under the table's location — in its
 * IAM policies, and in the bucket policy when the bucket is in another account (the role by ARN, or the role's
 * account narrowed by aws:PrincipalArn). Judged per table location under the registration (a bucket policy
 * that allows the role on the tables' prefixes only is enough); a registration with no table of the assembly
 * under it is judged on the location as a whole.
 */
export const rule: Rule = {
  id: 'DM-12',
  name: 'location-bucket-access',
  severity: 'error',
  description: "For every table under a registered location (or the location itself when no table lies under it), the registration role's IAM policies and (across accounts) the bucket policy allow s3:ListBucket on the bucket for its prefix and s3:GetObject/PutObject/DeleteObject under its location.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const p of locationPaths(ctx)) {
      if (p.serviceLinked && p.bucket && p.bucket.account !== p.registrar) continue; // DM-09
      const cross = p.bucket !== undefined && p.bucket.account !== p.registrar;
      const where = (objects: string) => cross
        ? `both in the role's IAM policy and in the bucket policy of account ${p.bucket!.account} (Principal: the role ARN, or arn:…:iam::${p.registrar}:root with ArnEquals aws:PrincipalArn = the role)`
        : `in the role's IAM policy${objects}`;
      const boundary = p.identity?.boundary ? ` (and its permissions boundary ${p.identity.boundary.arn})` : '';
      if (p.tables.length === 0) {
        const found = problems(p, p.s3);
        if (found.size === 0) continue;
        out.push(finding(this, p.registration,
          `Lake Formation cannot use location ${p.resourceArn} through ${p.roleArn}: ${text(found).join('; ')}. Every query of the tables under it fails with AccessDenied.`,
          `allow s3:ListBucket on arn:…:s3:::${p.bucketName} and s3:GetObject, s3:PutObject, s3:DeleteObject on ${p.s3[1].display} ${where(boundary)}.`));
        continue;
      }
      const failing = p.tables.filter(t => t.s3.some(c => !c.verdict.ok && problems(p, [c]).size > 0));
      if (failing.length === 0) continue;
      const found = new Map<string, string[]>();
      failing.forEach(t => problems(p, t.s3, found));
      const names = failing.map(t => `${t.table.database}.${t.table.name}`);
      const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
      out.push(finding(this, p.registration,
        `Lake Formation cannot read ${failing.length} of the ${p.tables.length} table${p.tables.length > 1 ? 's' : ''} under location ${p.resourceArn} through ${p.roleArn} ` +
        `(it vends credentials for each table's own location): ${text(found).join('; ')}. Every query of ${failing.length > 1 ? 'these tables' : 'this table'} fails with AccessDenied: ${shown}.`,
        `allow s3:ListBucket on arn:…:s3:::${p.bucketName} (s3:prefix of each table's location) and s3:GetObject, s3:PutObject, s3:DeleteObject under each table's location ${where(boundary)}.`));
    }
    return out;
  },
};
