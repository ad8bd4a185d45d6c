/* S3 -> EventBridge event patterns, shared by the batch sources and the pipelines (one definition of an S3 event). */
import type * as events from 'aws-cdk-lib/aws-events';

/** The pattern of S3 `Object Created` events of a bucket under a prefix (the bucket sends its events to EventBridge). */
export function objectCreatedPattern(bucketName: string, prefix: string): events.EventPattern {
  return { source: ['aws.s3'], detailType: ['Object Created'], detail: { bucket: { name: [bucketName] }, object: { key: [{ prefix }] } } };
}
