/*
 * What every encrypted Glue job of the library shares, written once: its security configuration (S3, CloudWatch
 * Logs and job bookmarks encrypted with KMS) and the CloudWatch log groups Glue writes for a job that runs with
 * that configuration, with the role's permissions on exactly those groups.
 *
 * Glue names the log groups of a job with a security configuration itself (AWS Glue developer guide, "Security
 * configuration with continuous logging" and "Encrypting data written by AWS Glue"):
 *   - /aws-glue/jobs/<security configuration>-role/<role name>/output and .../error (driver and executor output);
 *   - /aws-glue/jobs/logs-v2-<security configuration> (continuous logging).
 * A job without one writes to /aws-glue/jobs/output, /error and /logs-v2, which no job of the library does.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';

/** The keys of a Glue security configuration: `data` for the job's S3 output, `logs` for its CloudWatch logs and job bookmarks. */
export interface GlueJobKeys {
  readonly data: kms.IKey;
  readonly logs: kms.IKey;
}

/** A Glue security configuration named `name`: S3 output SSE-KMS with `keys.data`, CloudWatch logs and bookmarks with `keys.logs` (cdk-nag GL1, GL3). */
export function glueSecurityConfiguration(scope: Construct, id: string, name: string, keys: GlueJobKeys): glue.CfnSecurityConfiguration {
  return new glue.CfnSecurityConfiguration(scope, id, {
    name,
    encryptionConfiguration: {
      s3Encryptions: [{ s3EncryptionMode: 'SSE-KMS', kmsKeyArn: keys.data.keyArn }],
      cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS', kmsKeyArn: keys.logs.keyArn },
      jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: keys.logs.keyArn },
    },
  });
}

/** The names of the log groups Glue writes for a job of `role` with security configuration `securityConfiguration`. */
export function glueJobLogGroupNames(securityConfiguration: string, role: iam.IRole): string[] {
  return [
    `/aws-glue/jobs/${securityConfiguration}-role/${role.roleName}/output`,
    `/aws-glue/jobs/${securityConfiguration}-role/${role.roleName}/error`,
    `/aws-glue/jobs/logs-v2-${securityConfiguration}`,
  ];
}

/** The ARNs of those log groups (the value of `kms:EncryptionContext:aws:logs:arn` when CloudWatch Logs uses the key for them). */
export function glueJobLogGroupArns(scope: IConstruct, securityConfiguration: string, role: iam.IRole): string[] {
  return glueJobLogGroupNames(securityConfiguration, role)
    .map(name => Stack.of(scope).formatArn({ service: 'logs', resource: 'log-group', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
}

/**
 * Lets `role` create and write the log groups of its job with `securityConfiguration` (and associate the
 * configuration's key with them): the groups themselves and their streams (`<group>:*`), nothing else.
 * Returns the stream wildcards (for the caller's cdk-nag IAM5 reason).
 */
export function grantGlueJobLogs(role: iam.IRole, securityConfiguration: string, sid?: string): string[] {
  const groups = glueJobLogGroupArns(role, securityConfiguration, role);
  const streams = groups.map(g => `${g}:*`);
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid,
    actions: ['logs:AssociateKmsKey', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [...groups, ...streams],
  }));
  return streams;
}

/**
 * Lets CloudWatch Logs use `key` for the log groups of `role`'s job with `securityConfiguration` only
 * (`kms:EncryptionContext:aws:logs:arn` names each group).
 */
export function allowGlueJobLogsToUseKey(key: kms.IKey, securityConfiguration: string, role: iam.IRole, sid: string): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal(`logs.${Stack.of(key).region}.amazonaws.com`)],
    actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
    resources: ['*'],
    conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': glueJobLogGroupArns(key, securityConfiguration, role) } },
  }));
}
