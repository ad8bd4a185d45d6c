import { dataPath, GOV } from './support/datapath';
import { check, CONSUMER, database, getAtt, grant, role, roleArn, stack, table } from './support/templates';
import { analyzeStacks } from '../../../src/report/analyze';
import { readAssembly } from '../../../src/report/assembly';
import { rule } from '../../../src/report/rules/dm-12-data-path-unchecked';
import { StackTemplate } from '../../../src/report/stack-template';
import { removeTmpDirs, synthBankMesh } from '../../support/assembly';

/** The governance side of dataPath(): a registration of gold/p and a table there that a consumer account reads. */
const withTable = (stacks: StackTemplate[]) => [
  ...stacks.map(s => (s.stackName !== 'Gov' ? s : stack(GOV, {
    ...s.template.Resources,
    Db: database(GOV, 'sales', { CreateTableDefaultPermissions: [], LocationUri: 's3://gold/p/' }),
    T: table(GOV, 'sales', 't', ['c'], { StorageDescriptor: { Location: 's3://gold/p/t/' } }),
    Share: grant(CONSUMER, { Table: { CatalogId: GOV, DatabaseName: 'sales', Name: 't' } }, ['SELECT']),
  }, { stackName: 'Gov' }))),
];

test('the bucket is defined in the assembly: nothing (the data path is checked by DM-12/DM-13)', () => {
  expect(check(rule, dataPath())).toEqual([]);
  expect(check(rule, withTable(dataPath()))).toEqual([]);
  const report = analyzeStacks(withTable(dataPath())).report;
  expect(report.access.map(a => [a.principal, a.effective, a.unverified])).toEqual([[CONSUMER, true, false]]);
});

test('the registered location\'s bucket is in no template (the producer stack is left out): a warning naming the bucket and the registration', () => {
  const findings = check(rule, dataPath().filter(s => s.stackName !== 'Prod'));
  expect(findings.map(f => [f.id, f.severity, f.stackName, f.logicalId])).toEqual([['DM-12', 'warning', 'Gov', 'Location']]);
  expect(findings[0].message).toBe(
    'Gov/Location: bucket gold is not defined in any template of the assembly (Gov/Location registers arn:aws:s3:::gold/p): ' +
    "its bucket policy, key and the registration role's access were not checked. Fix: synthesize the stack that defines the bucket " +
    "(the producer's) into the same assembly, e.g. every stack of the mesh in one app, and run the doctor on it; a bucket managed " +
    'outside CDK cannot be checked: verify its policy and key by hand (docs/report.md).');
});

test('a read table whose data is in such a bucket: one warning per bucket, and its entries are unverified, not effective', () => {
  const stacks = withTable(dataPath()).filter(s => s.stackName !== 'Prod');
  const findings = check(rule, stacks);
  expect(findings).toHaveLength(1);
  expect(findings[0].message).toContain('(Gov/Location registers arn:aws:s3:::gold/p; the data of table sales.t is in it)');
  expect(findings[0].message).toContain('so the report marks 1 access entry unverified instead of effective.');
  const report = analyzeStacks(stacks).report;
  expect(report.access.map(a => [a.principal, a.effective, a.unverified])).toEqual([[CONSUMER, false, true]]);
});

test('an unregistered table location in an undefined bucket counts too; a location not yet known (a token) does not', () => {
  const lake = (location: any) => [stack(GOV, {
    R: role('reader'),
    T: table(GOV, 'sales', 't', ['c'], { StorageDescriptor: { Location: location } }),
    G: grant(getAtt('R'), { Table: { CatalogId: GOV, DatabaseName: 'sales', Name: 't' } }, ['SELECT']),
  }, { stackName: 'Gov' })];
  expect(check(rule, lake('s3://elsewhere/t/')).map(f => [f.logicalId, f.message.split(':')[1]])).toEqual([['T', ' bucket elsewhere is not defined in any template of the assembly (the data of table sales.t is in it)']]);
  expect(check(rule, lake({ 'Fn::ImportValue': 'BucketUri' }))).toEqual([]);
  expect(analyzeStacks(lake('s3://elsewhere/t/')).report.access.map(a => [a.principal, a.unverified])).toEqual([[roleArn(GOV, 'reader'), true]]);
});

describe('the reference mesh', () => {
  let stacks: StackTemplate[];
  beforeAll(() => {
    stacks = readAssembly(synthBankMesh());
  }, 120_000);
  afterAll(removeTmpDirs);

  test('every stack present: no finding, every entry verified', () => {
    const { report } = analyzeStacks(stacks);
    expect(report.findings).toEqual([]);
    expect(report.access.filter(a => a.unverified)).toEqual([]);
  });

  test('the insurance producer stack removed: one warning, and the entries of its two products unverified', () => {
    const { report } = analyzeStacks(stacks.filter(s => s.stackName !== 'Producer-insurance'));
    expect(report.findings.map(f => [f.id, f.severity])).toEqual([['DM-12', 'warning']]);
    expect(report.findings[0].message).toMatch(/^Governance\/HubLocation\w+: bucket bank-insurance-gold-222222222222-eu-west-1 is not defined in any template of the assembly/);
    const unverified = new Set(report.access.filter(a => a.unverified).map(a => a.table));
    expect([...unverified].sort()).toEqual(['claims', 'policyholder_life_expectancy']);
    expect(report.access.filter(a => a.table === 'portfolios').every(a => a.effective && !a.unverified)).toBe(true);
    expect(report.access.filter(a => a.unverified).every(a => !a.effective)).toBe(true);
  });
});
