/*
 * Issue 14, defect 5a: the versioned layer buckets expire noncurrent versions and abort incomplete
 * multipart uploads (defaults 90 and 7 days), configurable on the DataProducer, validated.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { bankMesh } from '../examples/typescript/bank-mesh';
import { DataProducer, DataProducerProps } from '../src';
import { expectThrowsMessage } from './support/bad-input';

function layerBuckets(props: Partial<DataProducerProps> = {}): any[] {
  const stack = new Stack(new App(), 'Producer', { env: bankMesh.producerEnv('insurance') });
  new DataProducer(stack, 'Lake', { mesh: bankMesh, domain: 'insurance', ...props });
  const buckets = Object.values<any>(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
  const layers = ['bronze', 'silver', 'gold'].map(l => bankMesh.bucketName('insurance', l as any));
  return buckets.filter(b => layers.includes(b.Properties.BucketName));
}

test('by default every layer bucket expires noncurrent versions after 90 days and aborts incomplete uploads after 7', () => {
  const buckets = layerBuckets();
  expect(buckets).toHaveLength(3);
  for (const b of buckets) {
    expect(b.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(b.Properties.LifecycleConfiguration).toEqual({
      Rules: [{
        Id: 'NoncurrentVersionsAndIncompleteUploads',
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: 90 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      }],
    });
  }
});

test('both periods are configurable', () => {
  for (const b of layerBuckets({ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) })) {
    expect(b.Properties.LifecycleConfiguration.Rules[0]).toMatchObject({
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    });
  }
});

test.each([
  ['noncurrentVersionExpiration', Duration.hours(12), '12 hours', 1],
  ['noncurrentVersionExpiration', Duration.hours(36), '1 day 12 hours', 2],
  ['abortIncompleteMultipartUploadAfter', Duration.seconds(0), '0 seconds', 1],
])('%s %s is refused with a library error', (prop, value, shown, suggested) => {
  expectThrowsMessage(() => layerBuckets({ [prop]: value }),
    `DataProducer 'Lake': ${prop} is ${shown}, but S3 lifecycle rules count in whole days, at least 1. ` +
    `Use Duration.days(n) with a whole n >= 1, e.g. Duration.days(${suggested}).`);
});
