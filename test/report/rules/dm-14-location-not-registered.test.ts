import { check, database, getAtt, OWNER, registration, role, stack, table } from './support/templates';
import { rule } from '../../../src/report/rules/dm-14-location-not-registered';

const lake = (location: string) => stack(OWNER, {
  R: role('reg'),
  L: registration('arn:aws:s3:::lake/curated', getAtt('R')),
  Db: database(OWNER, 'sales', { CreateTableDefaultPermissions: [], LocationUri: 's3://lake/curated/' }),
  T: table(OWNER, 'sales', 't', ['c'], { StorageDescriptor: { Location: location } }),
});

test('a table outside every location registered in its account: a warning', () => {
  const findings = check(rule, [lake('s3://lake/raw/t/')]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-14', 'warning', 'T']]);
  expect(findings[0].message).toContain('table sales.t is located at s3://lake/raw/t/, which no location registered in account 111122223333 covers');
});

test('under a registered prefix (whole path segments): nothing; a sibling prefix that only starts alike is not covered', () => {
  expect(check(rule, [lake('s3://lake/curated/t/')])).toEqual([]);
  expect(check(rule, [lake('s3://lake/curated_old/t/')])).toHaveLength(1);
});
