/*
 * An Athena workspace shared by the governance hub and the consumers: an access-logs bucket, a KMS key
 * with rotation, an encrypted, expiring results bucket logged to the former, and an enforced workgroup
 * writing SSE-KMS results under `results/`. Construct ids are fixed (logical IDs are part of the API).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createAccessLogsBucket, logAccessTo, SECURE_BUCKET_DEFAULTS } from './buckets';

/** The Athena actions a principal needs to run queries in one workgroup. */
export const ATHENA_QUERY_ACTIONS = ['athena:BatchGetQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults',
  'athena:GetWorkGroup', 'athena:ListQueryExecutions', 'athena:StartQueryExecution', 'athena:StopQueryExecution'];

export interface QueryWorkspaceOptions {
  readonly workGroupId: string;
  readonly workGroupName: string;
  readonly workGroupDescription: string;
  readonly keyDescription: string;
  readonly resultsRetention: Duration;
  readonly removalPolicy: RemovalPolicy;
}

export interface QueryWorkspace {
  readonly accessLogsBucket: s3.Bucket;
  readonly resultsKey: kms.Key;
  readonly resultsBucket: s3.Bucket;
  readonly workGroup: athena.CfnWorkGroup;
}

export function createQueryWorkspace(scope: Construct, options: QueryWorkspaceOptions): QueryWorkspace {
  const { removalPolicy } = options;
  const accessLogsBucket = createAccessLogsBucket(scope, 'AccessLogsBucket', { retention: Duration.days(365), removalPolicy });
  const resultsKey = new kms.Key(scope, 'QueryResultsKey', { description: options.keyDescription, enableKeyRotation: true, removalPolicy });
  const resultsBucket = new s3.Bucket(scope, 'QueryResultsBucket', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: resultsKey,
    bucketKeyEnabled: true,
    ...SECURE_BUCKET_DEFAULTS,
    lifecycleRules: [{ expiration: options.resultsRetention, noncurrentVersionExpiration: Duration.days(1) }],
    removalPolicy,
  });
  logAccessTo(resultsBucket, accessLogsBucket, 'query-results/', 'S3ServerAccessLogsQueryResults');
  const workGroup = new athena.CfnWorkGroup(scope, options.workGroupId, {
    name: options.workGroupName,
    description: options.workGroupDescription,
    recursiveDeleteOption: false,
    workGroupConfiguration: {
      enforceWorkGroupConfiguration: true,
      publishCloudWatchMetricsEnabled: true,
      resultConfiguration: {
        outputLocation: resultsBucket.s3UrlForObject('results/'),
        encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: resultsKey.keyArn },
      },
    },
  });
  return { accessLogsBucket, resultsKey, resultsBucket, workGroup };
}
