import { DoctorFinding, finding, Rule } from '../context';
import { locationPaths } from '../data-path';

/**
 * DM-09 (LF-DG "Requirements for roles used to register locations"): a location in another account, or
 * one encrypted with the AWS managed key aws/s3, must be registered with a user-defined role; the
 * service-linked role cannot reach them.
 */
export const rule: Rule = {
  id: 'DM-09',
  name: 'service-linked-role',
  severity: 'error',
  description: 'A location registered with UseServiceLinkedRole: true is in a bucket of the same account and not encrypted with the AWS managed key aws/s3.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const p of locationPaths(ctx)) {
      if (!p.serviceLinked || !p.bucket) continue;
      if (p.bucket.account !== p.registrar) {
        out.push(finding(this, p.registration,
          `registers ${p.resourceArn} of bucket ${p.bucketName} (account ${p.bucket.account}, ${p.bucket.stackName}/${p.bucket.logicalId}) with the service-linked role, which cannot access another account's bucket: Lake Formation cannot vend credentials for it.`,
          'register with a custom role (UseServiceLinkedRole: false, RoleArn: a role trusted by lakeformation.amazonaws.com) that the bucket and key policies allow.'));
      } else if (p.awsManagedKey) {
        out.push(finding(this, p.registration,
          `registers ${p.resourceArn} with the service-linked role, but bucket ${p.bucketName} encrypts with the AWS managed key aws/s3, which requires a user-defined registration role.`,
          'register with a custom role, or encrypt the bucket with a customer managed key whose key policy allows the registration role.'));
      }
    }
    return out;
  },
};
