import { check, database, databaseLink, OWNER, CONSUMER, settings, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-04-database-defaults';

const iap = [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }];

test('a database that omits CreateTableDefaultPermissions, or grants IAM_ALLOWED_PRINCIPALS: errors', () => {
  const findings = check(rule, [stack(OWNER, { Omits: database(OWNER, 'a', {}), Opens: database(OWNER, 'b', { CreateTableDefaultPermissions: iap }) })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-04', 'error', 'Omits'], ['DM-04', 'error', 'Opens']]);
  expect(findings[1].message).toContain('database b gives IAM_ALLOWED_PRINCIPALS every new table');
});

test('[] on the database, or omitted after settings of the stack that set []; resource links: nothing', () => {
  expect(check(rule, [stack(OWNER, {
    S: settings([]),
    Closed: database(OWNER, 'a'),
    AfterSettings: database(OWNER, 'b', {}, ['S']),
  }), stack(CONSUMER, { Link: databaseLink(CONSUMER, 'l', OWNER, 'a') })])).toEqual([]);
});
