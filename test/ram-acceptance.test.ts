/*
 * Issue 14, defects 2, 3 and 5b on the consumer's template: the acceptance's ServiceTimeout is minutes,
 * its role accepts only Lake Formation shares of the governance account (as tightly as RAM's condition
 * keys allow), and the provider's log group is encrypted with a key the stack owns, retained.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ofType as ofTypeIn, Resources } from './support/template';
import { buildBankMesh } from '../examples/typescript/bank-mesh';

const GOV = '111111111111';
const bank = buildBankMesh(new App());
const stack = bank.consumers.bi.stack;
const template = Template.fromStack(stack);
const resources: Resources = template.toJSON().Resources;
const ofType = (type: string) => ofTypeIn(resources, type);

test('CloudFormation waits at most 11 minutes for the acceptance (the function\'s 10 and one), not its default hour', () => {
  const [[, acceptance]] = ofType('Custom::RamInvitationAcceptance');
  const [[, fn]] = ofType('AWS::Lambda::Function');
  expect(acceptance.Properties.ServiceTimeout).toBe('660');
  expect(fn.Properties.Timeout).toBe(600);
});

test('the acceptance names the databases it may accept shares of: with discovery (D66), every product database of the mesh', () => {
  const [[, acceptance]] = ofType('Custom::RamInvitationAcceptance');
  // Lake Formation shares the discoverable databases through AWS RAM too (version 3+), possibly in one share with the linked ones.
  expect(acceptance.Properties.DatabaseNames).toEqual(['bank_claims', 'bank_life_expectancy', 'bank_portfolios']);
});

test('ram:AcceptResourceShareInvitation only for invitations of the governance account to shares named LakeFormation-*', () => {
  const accept = ofType('AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => [s.Action].flat().includes('ram:AcceptResourceShareInvitation'));
  expect(accept).toHaveLength(1);
  expect(accept[0].Condition).toEqual({
    StringEquals: { 'ram:ShareOwnerAccountId': GOV },
    StringLikeIfExists: { 'ram:ResourceShareName': 'LakeFormation-*' },
  });
});

describe('the provider\'s log group (5b)', () => {
  const [[logGroupId, logGroup]] = ofType('AWS::Logs::LogGroup');
  const keyId = logGroup.Properties.KmsKeyId['Fn::GetAtt'][0];
  const key = resources[keyId];

  test('is encrypted with a customer managed key of the stack, with rotation; both retained', () => {
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect([key.DeletionPolicy, key.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    expect([logGroup.DeletionPolicy, logGroup.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    expect(logGroup.Properties.LogGroupName).toBe('/cdk-data-mesh/Consumer-bi/ram-invitations');
    expect(logGroup.DependsOn).toBeUndefined(); // the key (with its policy) comes first through KmsKeyId (cfn-lint W3005)
    const [[, fn]] = ofType('AWS::Lambda::Function');
    expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
  });

  test('the key lets CloudWatch Logs use it for that one log group only (kms:EncryptionContext:aws:logs:arn)', () => {
    const forLogs = key.Properties.KeyPolicy.Statement.filter((s: any) => s.Principal?.Service !== undefined);
    expect(forLogs).toEqual([{
      Sid: 'CloudWatchLogsOfTheProvider',
      Effect: 'Allow',
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
      Resource: '*',
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:444444444444:log-group:/cdk-data-mesh/Consumer-bi/ram-invitations']],
          },
        },
      },
    }]);
  });
});
