/*
 * The replacement model of test/support/cfn-update.ts (issue 14, defect 4): create-only properties
 * from the CloudFormation resource schemas, handler rules, references to replaced resources, renamed
 * logical IDs. The *-update tests and the upgrade-safety checks rely on each of these.
 */
import { plan, statefulHarm } from './support/cfn-update';
import { replacementModel } from './support/replacement-model';
import { Resources } from './support/template';

const kinds = (v1: Resources, v2: Resources) => plan(v1, v2).changes.map(c => `${c.kind} ${c.id}${c.because ? ` ${c.because.join(',')}` : ''}`);
const table = (name: string, columns: string[]) => ({
  Type: 'AWS::Glue::Table',
  Properties: { CatalogId: '1', DatabaseName: 'db', TableInput: { Name: name, StorageDescriptor: { Columns: columns.map(c => ({ Name: c, Type: 'string' })) } } },
});

test('Lake Formation grants, tag associations and data-cells filters: every property is create-only (their schemas)', () => {
  const model = replacementModel();
  expect(Object.keys(model['AWS::LakeFormation::TagAssociation']).sort()).toEqual(['LFTags', 'Resource']);
  expect(Object.keys(model['AWS::LakeFormation::PrincipalPermissions']).sort()).toEqual(['Catalog', 'Permissions', 'PermissionsWithGrantOption', 'Principal', 'Resource']);
  expect(Object.keys(model['AWS::LakeFormation::DataCellsFilter'])).toEqual(expect.arrayContaining(['Name', 'TableName', 'RowFilter', 'ColumnWildcard']));
});

test('a Glue table is replaced when TableInput.Name changes (nested create-only), updated in place when its columns change', () => {
  const v1 = { T: table('a', ['x']) };
  expect(kinds(v1, { T: table('a', ['x', 'y']) })).toEqual(['update T']);
  expect(kinds(v1, { T: table('b', ['x']) })).toEqual(['replace T /TableInput/Name']);
});

test('KMS keys: MultiRegion fails the update, KeySpec replaces the key, a description is updated in place (handler rules)', () => {
  const key = (p: object) => ({ K: { Type: 'AWS::KMS::Key', Properties: { Description: 'd', ...p } } });
  expect(kinds(key({}), key({ MultiRegion: true }))).toEqual(['reject K /MultiRegion']);
  expect(kinds(key({}), key({ KeySpec: 'RSA_2048' }))).toEqual(['replace K /KeySpec']);
  expect(kinds(key({}), key({ Description: 'e' }))).toEqual(['update K']);
  expect(statefulHarm(key({}), key({ MultiRegion: true }))).toEqual(['update rejected: K (AWS::KMS::Key) because /MultiRegion changed']);
});

test('a replacement propagates to create-only properties that name the replaced resource, not to others', () => {
  const v1: Resources = {
    T: table('a', ['x']),
    Tag: { Type: 'AWS::LakeFormation::TagAssociation', Properties: { Resource: { Table: { Name: { Ref: 'T' } } }, LFTags: [] } },
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    B: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } } } },
  };
  const v2 = { ...v1, T: table('b', ['x']), Key: { Type: 'AWS::KMS::Key', Properties: { KeySpec: 'RSA_2048' } } };
  expect(kinds(v1, v2).sort()).toEqual(['replace Key /KeySpec', 'replace T /TableInput/Name', 'replace Tag /Resource', 'update B']);
});

test('a renamed logical ID is a create and a delete; a changed type is rejected; both harm a stateful resource', () => {
  const bucket = { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: {} };
  const p = plan({ Old: bucket }, { New: bucket });
  expect(p.changes).toEqual([{ id: 'New', kind: 'create' }]);
  expect(p.retained).toEqual(['Old']);
  expect(statefulHarm({ Old: bucket }, { New: bucket })).toEqual([
    'removed: Old (AWS::S3::Bucket), orphaned by Retain; new logical ID New of the same type (a renamed construct?)',
  ]);
  expect(kinds({ X: bucket }, { X: { Type: 'AWS::KMS::Key', Properties: {} } })).toEqual(['reject X Type']);
});

test('object key order and absent-vs-undefined are no change', () => {
  const a = { B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'n', Tags: [{ Key: 'k', Value: 'v' }] } } };
  const b = { B: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Value: 'v', Key: 'k' }], BucketName: 'n', X: undefined } } };
  expect(plan(a, b).changes).toEqual([]);
});
