import { check, OWNER, settings, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-04-settings-defaults';

const iap = [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }];

test('IAM_ALLOWED_PRINCIPALS default permissions in the settings: one error per property', () => {
  const findings = check(rule, [stack(OWNER, { S: settings([], { CreateDatabaseDefaultPermissions: iap, CreateTableDefaultPermissions: iap }) })]);
  expect(findings.map(f => [f.id, f.severity, f.fix])).toEqual([
    ['DM-04', 'error', 'set CreateDatabaseDefaultPermissions: [].'],
    ['DM-04', 'error', 'set CreateTableDefaultPermissions: [].'],
  ]);
  expect(findings[1].message).toContain('grants IAM_ALLOWED_PRINCIPALS ALL on every new table');
});

test('empty default permissions: nothing', () => {
  expect(check(rule, [stack(OWNER, { S: settings([]) })])).toEqual([]);
});
