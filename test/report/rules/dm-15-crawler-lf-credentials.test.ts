import { crawlerStack } from './support/crawler';
import { check } from './support/templates';
import { rule } from '../../../src/report/rules/dm-15-crawler-lf-credentials';

test('a crawler over registered data with Lake Formation credentials, GetDataAccess and one bucket: nothing', () => {
  expect(check(rule, crawlerStack())).toEqual([]);
});

test('without UseLakeFormationCredentials: an error', () => {
  const findings = check(rule, crawlerStack({ crawler: { LakeFormationConfiguration: undefined } }));
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-15', 'error', 'Crawler']]);
  expect(findings[0].fix).toContain('UseLakeFormationCredentials: true');
});

test('a role without lakeformation:GetDataAccess, two buckets, a location registered only in another account without AccountId: one error each', () => {
  expect(check(rule, crawlerStack({ roleStatements: [{ Effect: 'Allow', Action: 'glue:*', Resource: '*' }] }))[0].message).toContain('does not allow lakeformation:GetDataAccess');
  expect(check(rule, crawlerStack({ crawler: { Targets: { S3Targets: [{ Path: 's3://data/p/' }, { Path: 's3://other/x/' }] } } }))[0].message)
    .toContain('targets 2 buckets (data, other)');
  const foreign = check(rule, crawlerStack({ registrationAccount: '777788889999' }));
  expect(foreign.map(f => f.fix)).toEqual(['set LakeFormationConfiguration.AccountId: "777788889999".']);
  expect(check(rule, crawlerStack({ registrationAccount: '777788889999', crawler: { LakeFormationConfiguration: { UseLakeFormationCredentials: true, AccountId: '777788889999' } } }))).toEqual([]);
});
