import { DoctorFinding, finding, Rule } from '../context';
import { LocationPath, locationPaths, PathCheck } from '../data-path';

/** The problems of the KMS side of a data path, grouped by cause. */
function problems(p: LocationPath): string[] {
  const groups = new Map<string, string[]>();
  const add = (cause: string, c: PathCheck) => groups.set(cause, [...(groups.get(cause) ?? []), c.action]);
  const keyPolicy = p.key!.policy.source;
  for (const c of p.kms) {
    const v = c.verdict;
    if (v.ok) continue;
    if (v.deniedBy) {
      add(`${v.deniedBy} denies`, c);
      continue;
    }
    if (v.resource === 'none') add(`the key policy of ${keyPolicy} does not allow ${p.serviceLinked ? 'the service-linked role' : 'the role or its account'}`, c);
    else if (v.resource === 'account' && p.serviceLinked) add(`the key policy of ${keyPolicy} allows only the account (the service-linked role's own policy has no KMS permissions, so the key policy must name it):`, c);
    if (v.identity === 'none' && !p.serviceLinked) {
      const aliases = p.key!.aliases.length > 0 ? ` (or on arn:…:kms:<region>:${p.key!.account}:key/* with ForAnyValue:StringEquals kms:ResourceAliases ${p.key!.aliases.join(', ')})` : '';
      add(`the registration role's IAM policies do not allow, on the key${aliases},`, c);
    }
  }
  return [...groups].map(([cause, actions]) => `${cause} ${actions.join(', ')}`);
}

/**
 * DM-13 (LF-DG "Registering an encrypted Amazon S3 location", "... across AWS accounts"): a bucket
 * encrypted with a customer managed key needs both sides for the registration role — the key policy
 * (the role, or its account narrowed by aws:PrincipalArn) and the role's IAM policy (which may name
 * `key/*` of the key's account with a `kms:ResourceAliases` condition on the key's alias, since the key
 * id is unknown to the registering stack). Objects encrypted with the AWS managed key aws/s3 cannot be
 * read by another account.
 */
export const rule: Rule = {
  id: 'DM-13',
  name: 'location-key-access',
  severity: 'error',
  description: "For every registered location whose bucket encrypts with KMS, the key policy and the registration role's IAM policies allow kms:Decrypt, kms:GenerateDataKey and kms:Encrypt on the key; no AWS managed key aws/s3 across accounts.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const p of locationPaths(ctx)) {
      if (!p.bucket || (p.serviceLinked && p.bucket.account !== p.registrar)) continue; // DM-09
      const role = p.identity?.account ?? p.registrar;
      if (p.awsManagedKey && p.bucket.account !== role) {
        out.push(finding(this, p.registration,
          `bucket ${p.bucketName} (${p.bucket.stackName}/${p.bucket.logicalId}) encrypts with the AWS managed key aws/s3, whose key policy cannot be changed: the registration role ${p.roleArn} of account ${role} cannot decrypt its objects.`,
          'encrypt the bucket with a customer managed key whose key policy allows the registration role.'));
        continue;
      }
      if (!p.key) continue;
      const found = problems(p);
      if (found.length === 0) continue;
      out.push(finding(this, p.registration,
        `Lake Formation cannot decrypt location ${p.resourceArn} through ${p.roleArn}: bucket ${p.bucketName} encrypts with key ${p.key.arn} (${p.key.stackName}/${p.key.logicalId}); ${found.join('; ')}. Every query of the tables under it fails.`,
        `allow kms:Decrypt, kms:GenerateDataKey and kms:Encrypt (and kms:DescribeKey, kms:ReEncrypt*) to ${p.serviceLinked ? 'the service-linked role in the key policy' : `the role in the key policy (Principal: the role ARN, or arn:…:iam::${role}:root with ArnEquals aws:PrincipalArn = the role) and in the role's IAM policy`}.`));
    }
    return out;
  },
};
