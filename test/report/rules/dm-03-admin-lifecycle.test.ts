import { check, OWNER, role, roleArn, settings, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-03-admin-lifecycle';

test('an admin role defined in another stack than the settings: a warning naming both', () => {
  const findings = check(rule, [
    stack(OWNER, { Settings: settings([roleArn(OWNER, 'admin')]) }, { stackName: 'Lake' }),
    stack(OWNER, { Admin: role('admin') }, { stackName: 'Roles' }),
  ]);
  expect(findings.map(f => [f.id, f.severity, f.stackName, f.logicalId])).toEqual([['DM-03', 'warning', 'Lake', 'Settings']]);
  expect(findings[0].message).toContain('is defined in stack Roles, not with these settings');
});

test('an admin role of the same stack, or one the assembly does not define: nothing', () => {
  expect(check(rule, [stack(OWNER, { Settings: settings([roleArn(OWNER, 'admin'), roleArn(OWNER, 'elsewhere')]), Admin: role('admin') })])).toEqual([]);
});
