import { alias, bucket, check, key, OWNER, role, stack, statement } from './support/templates';
import { rule } from '../../../src/report/rules/dm-58-source-reads-curated';

const tags = [{ Key: 'cdk-data-mesh:source', Value: 'batch/policyholders' }];
const lake = (statements: any[], extra: any = { Tags: tags }) => [stack(OWNER, {
  BronzeKey: key(OWNER),
  BronzeAlias: alias('alias/bank/insurance/bronze', 'BronzeKey'),
  SilverKey: key(OWNER),
  SilverAlias: alias('alias/bank/insurance/silver', 'SilverKey'),
  Bronze: bucket('raw-data', { 'Fn::GetAtt': ['BronzeKey', 'Arn'] }),
  Silver: bucket('clean-data', { 'Fn::GetAtt': ['SilverKey', 'Arn'] }),
  Uploader: role('uploader', statements, extra),
})];

test('a source role writing its bronze prefix only: nothing', () => {
  expect(check(rule, lake([statement('s3:PutObject', 'arn:aws:s3:::raw-data/landing/policyholders/*')]))).toEqual([]);
});

test('a source role that can read the silver bucket (found by its key alias): an error naming the role, the layer and the bucket', () => {
  const findings = check(rule, lake([statement(['s3:PutObject', 's3:GetObject'], ['arn:aws:s3:::raw-data/*', 'arn:aws:s3:::clean-data/*'])]));
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-58', 'error', 'Uploader']]);
  expect(findings[0].message).toContain('source role (cdk-data-mesh:source=batch/policyholders) can read objects of the silver bucket clean-data');
});

test('the same policy on an untagged role (a pipeline role) is not a source role: nothing', () => {
  expect(check(rule, lake([statement('s3:GetObject', 'arn:aws:s3:::clean-data/*')], {}))).toEqual([]);
});
