import { dataPath, GOV, goodRoleStatements, KMS, PROD } from './support/datapath';
import { bucket, check, forRole, messages } from './support/templates';
import { rule } from '../../../src/report/rules/dm-13-location-key-access';

test('key policy for the registration role (root narrowed by aws:PrincipalArn) and IAM on key/* with the kms:ResourceAliases condition: no finding', () => {
  expect(check(rule, dataPath())).toEqual([]);
});

test('the key policy does not allow the role: an error naming the key policy', () => {
  expect(messages(check(rule, dataPath({ keyStatements: [] })))).toEqual([
    `Gov/Location: Lake Formation cannot decrypt location arn:aws:s3:::gold/p through arn:aws:iam::${GOV}:role/reg: bucket gold encrypts with key ` +
    `arn:aws:kms:eu-west-1:${PROD}:key/\${Key} (Prod/Key); the key policy of Prod/Key does not allow the role or its account kms:Decrypt, kms:GenerateDataKey, kms:Encrypt. ` +
    'Every query of the tables under it fails. Fix: allow kms:Decrypt, kms:GenerateDataKey and kms:Encrypt (and kms:DescribeKey, kms:ReEncrypt*) to the role in the key policy ' +
    `(Principal: the role ARN, or arn:…:iam::${GOV}:root with ArnEquals aws:PrincipalArn = the role) and in the role's IAM policy.`,
  ]);
});

test("the role's IAM statement names another alias: an error naming the key's alias", () => {
  const roleStatements = goodRoleStatements().map(s => (s.Condition ? { ...s, Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/silver' } } } : s));
  expect(check(rule, dataPath({ roleStatements }))[0].message).toContain(
    `the registration role's IAM policies do not allow, on the key (or on arn:…:kms:<region>:${PROD}:key/* with ForAnyValue:StringEquals kms:ResourceAliases alias/gold), kms:Decrypt, kms:GenerateDataKey, kms:Encrypt`);
});

test('the key policy may name the role ARN directly; a key policy with only the producer root is not enough across accounts', () => {
  const direct = [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${GOV}:role/reg` }, Action: KMS, Resource: '*' }];
  expect(check(rule, dataPath({ keyStatements: direct }))).toEqual([]);
  const otherRole = [{ ...forRole(GOV, 'reg', KMS, '*'), Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${GOV}:role/x` } } }];
  expect(check(rule, dataPath({ keyStatements: otherRole }))).toHaveLength(1);
});

test('the AWS managed key aws/s3 on another account\'s bucket: an error', () => {
  expect(check(rule, dataPath({ bucket: bucket('gold', '') }))[0].message).toContain('encrypts with the AWS managed key aws/s3, whose key policy cannot be changed');
});
