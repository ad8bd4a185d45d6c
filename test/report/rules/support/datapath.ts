/*
 * A governance account (GOV) that registers prefix `p/` of bucket `gold` of a producer account (PROD),
 * encrypted with the producer's key aliased `alias/gold`: every policy as Lake Formation needs it, so
 * tests can break one side at a time.
 */
import { alias, bucket, bucketPolicy, forRole, getAtt, key, ref, registration, role, stack, statement } from './templates';
import type { StackTemplate } from '../../../../src/report/stack-template';

export const GOV = '111122223333';
export const PROD = '777788889999';
export const OBJECTS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
export const KMS = ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt'];

export interface DataPathOptions {
  readonly roleStatements?: any[];
  readonly bucketStatements?: any[];
  readonly keyStatements?: any[];
  readonly registration?: any;
  readonly bucket?: any;
}

export const goodRoleStatements = () => [
  statement('s3:ListBucket', 'arn:aws:s3:::gold'),
  statement(OBJECTS, 'arn:aws:s3:::gold/p/*'),
  statement(KMS, `arn:aws:kms:eu-west-1:${PROD}:key/*`, { Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/gold' } } }),
];
export const goodBucketStatements = (): any[] => [
  { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: ['arn:aws:s3:::gold', 'arn:aws:s3:::gold/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  forRole(GOV, 'reg', 's3:ListBucket', 'arn:aws:s3:::gold'),
  forRole(GOV, 'reg', OBJECTS, 'arn:aws:s3:::gold/p/*'),
];
export const goodKeyStatements = () => [forRole(GOV, 'reg', [...KMS, 'kms:DescribeKey'], '*')];

export function dataPath(o: DataPathOptions = {}): StackTemplate[] {
  return [
    stack(GOV, {
      Reg: role('reg', o.roleStatements ?? goodRoleStatements()),
      Location: registration('arn:aws:s3:::gold/p', getAtt('Reg'), {}, []),
      ...(o.registration ? { Location: o.registration } : {}),
    }, { stackName: 'Gov' }),
    stack(PROD, {
      Key: key(PROD, o.keyStatements ?? goodKeyStatements()),
      Alias: alias('alias/gold', 'Key'),
      Gold: o.bucket ?? bucket('gold', getAtt('Key')),
      GoldPolicy: bucketPolicy(ref('Gold'), o.bucketStatements ?? goodBucketStatements()),
    }, { stackName: 'Prod' }),
  ];
}
