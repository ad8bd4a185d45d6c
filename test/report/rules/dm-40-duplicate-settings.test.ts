import { check, OWNER, settings, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-40-duplicate-settings';

test('two REPLACE settings for one account and region, and two settings in one stack: errors', () => {
  const findings = check(rule, [
    stack(OWNER, { A: settings([]) }, { stackName: 'One' }),
    stack(OWNER, { B: settings([]), C: settings([], { MutationType: 'APPEND' }) }, { stackName: 'Two' }),
  ]);
  expect(findings.map(f => [f.id, f.severity, f.stackName, f.logicalId])).toEqual([['DM-40', 'error', 'Two', 'B'], ['DM-40', 'error', 'Two', 'C']]);
  expect(findings[0].message).toContain('a second REPLACE DataLakeSettings for account 111122223333 in eu-west-1 (first: One/A)');
  expect(findings[1].message).toContain('a second DataLakeSettings in the stack (first: Two/B)');
});

test('one REPLACE and APPEND elsewhere, or other regions: nothing', () => {
  expect(check(rule, [
    stack(OWNER, { A: settings([]) }, { stackName: 'One' }),
    stack(OWNER, { B: settings([], { MutationType: 'APPEND' }) }, { stackName: 'Two' }),
    stack(OWNER, { C: settings([]) }, { stackName: 'Three', region: 'us-east-1' }),
  ])).toEqual([]);
});
