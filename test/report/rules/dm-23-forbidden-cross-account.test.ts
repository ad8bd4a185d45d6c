import { catalog, check, CONSUMER, grant, onTable, OWNER, roleArn } from './support/templates';
import { rule } from '../../../src/report/rules/dm-23-forbidden-cross-account';

test('ALTER, DROP or ALL to another account, data location access to a role of another account: errors', () => {
  const findings = check(rule, [catalog(OWNER, {
    Alter: grant(CONSUMER, onTable(OWNER, 'sales', 't'), ['SELECT', 'ALTER'], ['DROP']),
    All: grant(roleArn(CONSUMER, 'etl'), onTable(OWNER, 'sales', 'u'), ['ALL']),
    Location: grant(roleArn(CONSUMER, 'etl'), { DataLocation: { CatalogId: OWNER, ResourceArn: 'arn:aws:s3:::b' } }, ['DATA_LOCATION_ACCESS']),
  })]);
  expect(findings.map(f => [f.logicalId, /grants (\S+) \(account \d+\) (.*?) on /.exec(f.message)?.slice(1)])).toEqual([
    ['Alter', [CONSUMER, 'ALTER, DROP']],
    ['All', [roleArn(CONSUMER, 'etl'), 'ALL']],
    ['Location', [roleArn(CONSUMER, 'etl'), 'DATA_LOCATION_ACCESS']],
  ]);
});

test('SELECT/DESCRIBE with grant option to another account, ALTER to a role of the owner account: nothing', () => {
  expect(check(rule, [catalog(OWNER, {
    Share: grant(CONSUMER, onTable(OWNER, 'sales', 't'), ['SELECT', 'DESCRIBE'], ['SELECT', 'DESCRIBE']),
    Etl: grant(roleArn(OWNER, 'etl'), onTable(OWNER, 'sales', 't'), ['ALL']),
  })])).toEqual([]);
});
