import { DoctorFinding, finding, Rule } from '../context';
import { partitionOf } from '../resolver';

const TYPES = [
  'AWS::LakeFormation::Resource', 'AWS::LakeFormation::PrincipalPermissions', 'AWS::LakeFormation::Permissions', 'AWS::LakeFormation::DataLakeSettings',
  'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::S3::BucketPolicy', 'AWS::KMS::Key', 'AWS::Glue::Crawler',
];

/** DM-11: ARNs written for another partition (`arn:aws:` in a China or GovCloud stack) name nothing there. */
export const rule: Rule = {
  id: 'DM-11',
  name: 'partition',
  severity: 'warning',
  description: "ARNs in Lake Formation, IAM, S3, KMS and Glue resources use the stack's partition (built with AWS::Partition, not concatenated).",
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const r of ctx.ofType(...TYPES)) {
      const partition = partitionOf(r.stack.region);
      const wrong = [...new Set([...JSON.stringify(r.props).matchAll(/"arn:([a-z-]+):/g)].map(m => m[1]))].filter(p => p !== partition);
      if (r.stack.region === 'unknown-region' || wrong.length === 0) continue;
      out.push(finding(this, r,
        `ARNs of partition ${wrong.join(', ')} in a stack of region ${r.stack.region} (partition ${partition}): they name nothing there.`,
        'build ARNs with Stack.formatArn / Arn.format or ${AWS::Partition}.'));
    }
    return out;
  },
};
