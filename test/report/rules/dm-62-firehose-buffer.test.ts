import { check, OWNER, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-62-firehose-buffer';

const delivery = (hints: any, conversion = true) => [stack(OWNER, {
  Delivery: {
    Type: 'AWS::KinesisFirehose::DeliveryStream',
    Properties: {
      ExtendedS3DestinationConfiguration: {
        BucketARN: 'arn:aws:s3:::raw-data',
        RoleARN: 'arn:aws:iam::111122223333:role/d',
        BufferingHints: hints,
        ...(conversion ? { DataFormatConversionConfiguration: { Enabled: true } } : {}),
      },
    },
  },
})];

test('128 MiB and 300 s with conversion, 5 MiB without: nothing', () => {
  expect(check(rule, delivery({ SizeInMBs: 128, IntervalInSeconds: 300 }))).toEqual([]);
  expect(check(rule, delivery({ SizeInMBs: 5, IntervalInSeconds: 60 }, false))).toEqual([]);
});

test('5 MiB with conversion, 1000 seconds: an error each', () => {
  const findings = check(rule, delivery({ SizeInMBs: 5, IntervalInSeconds: 1000 }));
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-62', 'error', 'Delivery'], ['DM-62', 'error', 'Delivery']]);
  expect(findings.map(f => f.message).join(' ')).toMatch(/buffers 5 MiB; with record format conversion .* 64 to 128 MiB.*buffers 1000 seconds/);
});
