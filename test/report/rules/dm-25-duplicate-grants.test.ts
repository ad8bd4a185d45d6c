import { catalog, check, grant, onTable, OWNER, roleArn } from './support/templates';
import { rule } from '../../../src/report/rules/dm-25-duplicate-grants';

test('the same principal and resource twice (names compared case-insensitively, CatalogId defaulted): an error on the second', () => {
  const findings = check(rule, [catalog(OWNER, {
    A: grant(roleArn(OWNER, 'r'), onTable(OWNER, 'sales', 't'), ['SELECT']),
    B: grant(roleArn(OWNER, 'r'), { Table: { DatabaseName: 'SALES', Name: 'T' } }, ['DESCRIBE']),
  })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId, f.fix])).toEqual([['DM-25', 'error', 'B', 'merge the permissions into S111122223333/A and remove B.']]);
});

test('another principal or another resource: nothing', () => {
  expect(check(rule, [catalog(OWNER, {
    A: grant(roleArn(OWNER, 'r'), onTable(OWNER, 'sales', 't'), ['SELECT']),
    B: grant(roleArn(OWNER, 's'), onTable(OWNER, 'sales', 't'), ['SELECT']),
    C: grant(roleArn(OWNER, 'r'), onTable(OWNER, 'sales', 'u'), ['SELECT']),
  })])).toEqual([]);
});
