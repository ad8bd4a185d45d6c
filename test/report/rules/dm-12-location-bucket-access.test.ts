import { dataPath, GOV, goodBucketStatements, goodRoleStatements, OBJECTS } from './support/datapath';
import { check, forRole, messages, root, statement } from './support/templates';
import { rule } from '../../../src/report/rules/dm-12-location-bucket-access';

test('role, bucket policy (account root narrowed by aws:PrincipalArn), TLS-only deny: Lake Formation can use the location', () => {
  expect(check(rule, dataPath())).toEqual([]);
});

test('the bucket policy may name the role itself, or match it with ArnLike', () => {
  const direct = [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${GOV}:role/reg` }, Action: ['s3:ListBucket', ...OBJECTS], Resource: ['arn:aws:s3:::gold', 'arn:aws:s3:::gold/*'] },
  ];
  expect(check(rule, dataPath({ bucketStatements: direct }))).toEqual([]);
  const like = [{ ...forRole(GOV, 'reg', ['s3:ListBucket', ...OBJECTS], ['arn:aws:s3:::gold', 'arn:aws:s3:::gold/p/*']), Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${GOV}:role/re*` } } }];
  expect(check(rule, dataPath({ bucketStatements: like }))).toEqual([]);
  const equals = [{ ...like[0], Condition: { StringEquals: { 'aws:PrincipalArn': `arn:aws:iam::${GOV}:role/reg` } } }];
  expect(check(rule, dataPath({ bucketStatements: equals }))).toEqual([]);
});

test('the bucket policy lacks the object statement: an error naming the bucket policy and the actions', () => {
  const findings = check(rule, dataPath({ bucketStatements: goodBucketStatements().slice(0, 2) }));
  expect(messages(findings)).toEqual([
    `Gov/Location: Lake Formation cannot use location arn:aws:s3:::gold/p through arn:aws:iam::${GOV}:role/reg: the bucket policy of Prod/GoldPolicy does not allow the role ` +
    's3:GetObject, s3:PutObject, s3:DeleteObject on arn:aws:s3:::gold/p/*. Every query of the tables under it fails with AccessDenied. ' +
    `Fix: allow s3:ListBucket on arn:…:s3:::gold and s3:GetObject, s3:PutObject, s3:DeleteObject on arn:aws:s3:::gold/p/* both in the role's IAM policy and in the bucket policy of account 777788889999 (Principal: the role ARN, or arn:…:iam::${GOV}:root with ArnEquals aws:PrincipalArn = the role).`,
  ]);
});

test('aws:PrincipalArn names another role, or the root of another account: an error', () => {
  const other = goodBucketStatements().map(s => (s.Condition?.ArnEquals ? { ...s, Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${GOV}:role/someone-else` } } } : s));
  expect(check(rule, dataPath({ bucketStatements: other }))[0].message).toContain('does not allow the role s3:ListBucket on arn:aws:s3:::gold;');
  const wrongAccount = goodBucketStatements().map(s => (s.Condition?.ArnEquals ? { ...s, Principal: { AWS: root('999999999999') } } : s));
  expect(check(rule, dataPath({ bucketStatements: wrongAccount }))).toHaveLength(1);
});

test('the registration role\'s IAM policy lacks ListBucket, or a Deny statement matches: errors saying which', () => {
  expect(check(rule, dataPath({ roleStatements: goodRoleStatements().slice(1) }))[0].message)
    .toContain("the registration role's IAM policies do not allow s3:ListBucket on arn:aws:s3:::gold. Every query");
  const deny = { Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::gold/*', Sid: 'NoDeletes' };
  expect(check(rule, dataPath({ bucketStatements: [...goodBucketStatements(), deny] }))[0].message)
    .toContain('Prod/GoldPolicy (NoDeletes) denies s3:DeleteObject on arn:aws:s3:::gold/p/*');
});

test('a role statement narrowed by a condition the doctor cannot evaluate is assumed to hold (no finding here; recorded for DM-32 assumed-conditions)', () => {
  const roleStatements = [statement(['s3:ListBucket', ...OBJECTS], ['arn:aws:s3:::gold', 'arn:aws:s3:::gold/*'], { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })];
  expect(check(rule, dataPath({ roleStatements: [...roleStatements, ...goodRoleStatements().slice(2)] }))).toEqual([]);
});
