import { DoctorFinding, finding, Rule } from '../context';
import { LocationPath, locationPaths, PathCheck } from '../data-path';

/** The problems of the S3 side of a data path, grouped by cause: `<cause> <actions> on <resource>`. */
function problems(p: LocationPath): string[] {
  const groups = new Map<string, string[]>();
  const add = (cause: string, c: PathCheck) => {
    const k = `${cause}\u0000${c.display}`;
    groups.set(k, [...(groups.get(k) ?? []), c.action]);
  };
  const crossAccount = p.bucket !== undefined && p.bucket.account !== (p.identity?.account ?? p.registrar);
  for (const c of p.s3) {
    const v = c.verdict;
    if (v.ok) continue;
    if (v.deniedBy) {
      add(`${v.deniedBy} denies`, c);
      continue;
    }
    if (v.identity === 'none' && !p.serviceLinked) add("the registration role's IAM policies do not allow", c);
    if (crossAccount && v.resource === 'none') add(`the bucket policy of ${p.bucket!.policy?.source ?? `${p.bucket!.stackName}/${p.bucket!.logicalId} (none)`} does not allow the role`, c);
  }
  return [...groups].map(([k, actions]) => {
    const [cause, display] = k.split('\u0000');
    return `${cause} ${actions.join(', ')} on ${display}`;
  });
}

/**
 * DM-12 (LF-DG "Requirements for roles used to register locations", "Registering an Amazon S3 location
 * in another AWS account"): Lake Formation vends credentials of the registration role, which needs
 * s3:ListBucket on the bucket and s3:GetObject/PutObject/DeleteObject under the location — in its IAM
 * policies, and in the bucket policy when the bucket is in another account (the role by ARN, or the
 * role's account narrowed by aws:PrincipalArn).
 */
export const rule: Rule = {
  id: 'DM-12',
  name: 'location-bucket-access',
  severity: 'error',
  description: "For every registered location, the registration role's IAM policies and (across accounts) the bucket policy allow s3:ListBucket on the bucket and s3:GetObject/PutObject/DeleteObject under the location.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const p of locationPaths(ctx)) {
      if (p.serviceLinked && p.bucket && p.bucket.account !== p.registrar) continue; // DM-09
      const found = problems(p);
      if (found.length === 0) continue;
      const cross = p.bucket !== undefined && p.bucket.account !== p.registrar;
      out.push(finding(this, p.registration,
        `Lake Formation cannot use location ${p.resourceArn} through ${p.roleArn}: ${found.join('; ')}. Every query of the tables under it fails with AccessDenied.`,
        cross
          ? `allow s3:ListBucket on arn:…:s3:::${p.bucketName} and s3:GetObject, s3:PutObject, s3:DeleteObject on ${p.s3[1].display} both in the role's IAM policy and in the bucket policy of account ${p.bucket!.account} (Principal: the role ARN, or arn:…:iam::${p.registrar}:root with ArnEquals aws:PrincipalArn = the role).`
          : `allow s3:ListBucket on arn:…:s3:::${p.bucketName} and s3:GetObject, s3:PutObject, s3:DeleteObject on ${p.s3[1].display} in the role's IAM policy.`));
    }
    return out;
  },
};
