import { check, OWNER, roleArn, settings, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-02-append-settings';

test('APPEND settings: a warning that defaults set before are not cleared', () => {
  const findings = check(rule, [stack(OWNER, { Settings: settings([roleArn(OWNER, 'a')], { MutationType: 'APPEND' }) })]);
  expect(findings.map(f => [f.id, f.severity])).toEqual([['DM-02', 'warning']]);
  expect(findings[0].message).toContain('cloudformation-coverage-roadmap#2197');
});

test('REPLACE (explicit or default) settings: nothing', () => {
  expect(check(rule, [stack(OWNER, { A: settings([], { MutationType: 'REPLACE' }) }), stack(OWNER, { B: settings([]) }, { stackName: 'B' })])).toEqual([]);
});
