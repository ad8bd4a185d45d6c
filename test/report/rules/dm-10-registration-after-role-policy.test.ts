import { check, getAtt, OWNER, policy, ref, registration, role, stack, statement } from './support/templates';
import { rule } from '../../../src/report/rules/dm-10-registration-after-role-policy';

const resources = (dependsOn?: string[]) => ({
  Reg: role('reg'),
  RegPolicy: policy([ref('Reg')], [statement('s3:*', 'arn:aws:s3:::b/*')]),
  Location: registration('arn:aws:s3:::b', getAtt('Reg'), {}, dependsOn),
});

test('a registration not ordered after the policy of its role in the same stack: a warning', () => {
  const findings = check(rule, [stack(OWNER, resources())]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId, f.fix])).toEqual([['DM-10', 'warning', 'Location', 'add DependsOn: ["RegPolicy"] to Location.']]);
});

test('DependsOn the policy: nothing', () => {
  expect(check(rule, [stack(OWNER, resources(['RegPolicy']))])).toEqual([]);
});
