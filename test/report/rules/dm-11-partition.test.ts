import { check, OWNER, ref, policy, role, stack, statement } from './support/templates';
import { rule } from '../../../src/report/rules/dm-11-partition';

test('an aws-partition ARN in a China stack: a warning', () => {
  const findings = check(rule, [stack(OWNER, { R: role('r'), P: policy([ref('R')], [statement('s3:GetObject', 'arn:aws:s3:::b/*')]) }, { region: 'cn-north-1' })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-11', 'warning', 'P']]);
  expect(findings[0].message).toContain('ARNs of partition aws in a stack of region cn-north-1 (partition aws-cn)');
});

test('ARNs built with AWS::Partition: nothing, in any region', () => {
  const p = policy([ref('R')], [statement('s3:GetObject', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b/*' })]);
  expect(check(rule, [stack(OWNER, { R: role('r'), P: p }, { region: 'cn-north-1' }), stack(OWNER, { R: role('r'), P: p }, { stackName: 'Eu' })])).toEqual([]);
});
