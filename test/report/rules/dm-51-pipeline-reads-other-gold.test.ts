import { GOLD_BUCKET, goldWrite, pipelineJob } from './support/pipelines';
import { check, OWNER, role, roleArn, stack, statement } from './support/templates';
import { rule } from '../../../src/report/rules/dm-51-pipeline-reads-other-gold';

const job = pipelineJob({ 'Fn::GetAtt': ['Writer', 'Arn'] }, [goldWrite]);

test('a pipeline job role that can read the whole gold bucket: a warning (it reads other products\' gold)', () => {
  const findings = check(rule, [stack(OWNER, {
    Writer: role('writer', [statement('s3:GetObject', `arn:aws:s3:::${GOLD_BUCKET}/*`)]),
    Job: job,
  })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-51', 'warning', 'Job']]);
  expect(findings[0].what).toMatch(new RegExp(`^the role ${roleArn(OWNER, 'writer').replace(/[/.]/g, '\\$&')} of Glue job mesh-sales-orders-publish \\(pipeline orders\\) can read objects of gold bucket`));
});

test('a role that reads only its own product\'s gold prefix (or no gold): nothing', () => {
  expect(check(rule, [stack(OWNER, {
    Writer: role('writer', [statement(['s3:GetObject', 's3:PutObject'], `arn:aws:s3:::${GOLD_BUCKET}/orders/*`)]),
    Job: job,
  })])).toEqual([]);
});
