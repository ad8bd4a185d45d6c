import { GOLD_BUCKET, goldWrite, pipelineJob } from './support/pipelines';
import { check, OWNER, role, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-50-pipeline-output-location';

const registration = (bucket: string) => ({
  Type: 'AWS::LakeFormation::Resource',
  Properties: { ResourceArn: `arn:aws:s3:::${bucket}`, UseServiceLinkedRole: false, RoleArn: 'arn:aws:iam::111122223333:role/location' },
});

test('a pipeline job writing outside every registered location of its account: an error naming the URI', () => {
  const findings = check(rule, [stack(OWNER, {
    Gold: registration(GOLD_BUCKET),
    Writer: role('writer'),
    Job: pipelineJob({ 'Fn::GetAtt': ['Writer', 'Arn'] }, [goldWrite], { '--output_path': 's3://scratch-bucket/orders/' }),
  })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-50', 'error', 'Job']]);
  expect(findings[0].what).toMatch(/^Glue job mesh-sales-orders-publish of pipeline orders writes s3:\/\/scratch-bucket\/orders\/, which no location registered in account 111122223333 covers/);
});

test('outputs under a registered location: nothing', () => {
  expect(check(rule, [stack(OWNER, {
    Gold: registration(GOLD_BUCKET),
    Writer: role('writer'),
    Job: pipelineJob({ 'Fn::GetAtt': ['Writer', 'Arn'] }, [goldWrite], { '--output_path': `s3://${GOLD_BUCKET}/orders/orders/` }),
  })])).toEqual([]);
});
