import { check, CONSUMER, OWNER, role, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-36-cross-environment-import';

const exporter = (account: string) => stack(account, { R: role('r') }, {
  stackName: `Exporter${account}`,
  template: { Resources: { R: role('r') }, Outputs: { Name: { Value: 'sales', Export: { Name: 'mesh-db' } } } },
});
const importer = stack(CONSUMER, { Db: { Type: 'AWS::Glue::Database', Properties: { CatalogId: CONSUMER, DatabaseInput: { Name: { 'Fn::ImportValue': 'mesh-db' } } } } });

test('importing an export that only another account has: an error', () => {
  const findings = check(rule, [exporter(OWNER), importer]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-36', 'error', 'Db']]);
  expect(findings[0].message).toContain('imports mesh-db, exported only in 111122223333/eu-west-1, not in 444455556666/eu-west-1');
});

test('an export of the same account and region, or one the assembly does not have: nothing', () => {
  expect(check(rule, [exporter(CONSUMER), importer])).toEqual([]);
  expect(check(rule, [importer])).toEqual([]);
});
