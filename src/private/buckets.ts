/*
 * Secure bucket building blocks shared by the constructs: an access-logs bucket, and server access
 * logging delivered through a bucket policy for the S3 logging service (not the legacy
 * LogDeliveryWrite ACL), written explicitly so that it does not depend on the app's feature flags.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { suppressNag } from './nag';

/**
 * What every bucket of the mesh has (cdk-nag S2, S10; no ACLs): public access blocked, TLS only,
 * versioned, bucket-owner-enforced object ownership. Encryption, logging and lifecycle differ by bucket.
 */
export const SECURE_BUCKET_DEFAULTS: Pick<s3.BucketProps, 'blockPublicAccess' | 'enforceSSL' | 'versioned' | 'objectOwnership'> = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  versioned: true,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
};

export interface AccessLogsBucketOptions {
  readonly bucketName?: string;
  readonly retention: Duration;
  readonly removalPolicy: RemovalPolicy;
  readonly autoDeleteObjects?: boolean;
}

/** A bucket for server access logs: SSE-S3 (the only encryption log delivery supports), TLS-only, versioned, expiring. */
export function createAccessLogsBucket(scope: Construct, id: string, options: AccessLogsBucketOptions): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    bucketName: options.bucketName,
    encryption: s3.BucketEncryption.S3_MANAGED,
    ...SECURE_BUCKET_DEFAULTS,
    lifecycleRules: [{ expiration: options.retention, noncurrentVersionExpiration: Duration.days(30) }],
    removalPolicy: options.removalPolicy,
    autoDeleteObjects: options.autoDeleteObjects,
  });
  suppressNag(bucket, [{ id: 'AwsSolutions-S1', reason: 'This is the server access logs bucket of the other buckets; logging it into itself would loop.' }]);
  return bucket;
}

/** Sends `bucket`'s server access logs to `logs` under `prefix`. */
export function logAccessTo(bucket: s3.Bucket, logs: s3.Bucket, prefix: string, sid: string): void {
  (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
    destinationBucketName: logs.bucketName,
    logFilePrefix: prefix,
  };
  logs.addToResourcePolicy(new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [logs.arnForObjects(`${prefix}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': bucket.bucketArn },
      StringEquals: { 'aws:SourceAccount': Stack.of(bucket).account },
    },
  }));
}
