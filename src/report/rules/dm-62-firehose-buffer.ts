import { DoctorFinding, finding, Rule } from '../context';

/**
 * DM-62 (Firehose developer guide, "Configure buffering hints"): with record format conversion or dynamic partitioning
 * a delivery stream buffers at least 64 MiB (CreateDeliveryStream fails below); buffer sizes are at most 128 MiB and
 * intervals 0 to 900 seconds. CloudFormation accepts other values in the template; the call fails at deployment.
 */
export const rule: Rule = {
  id: 'DM-62',
  name: 'firehose-buffer',
  severity: 'error',
  description: 'A Firehose S3 destination buffers 64 to 128 MiB when it converts records or partitions dynamically (1 to 128 otherwise), and 0 to 900 seconds.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const r of ctx.ofType('AWS::KinesisFirehose::DeliveryStream')) {
      const s3 = r.props.ExtendedS3DestinationConfiguration;
      if (!s3) continue;
      const on = (c: any) => c !== undefined && c.Enabled !== false && c.Enabled !== 'false';
      const needs64 = on(s3.DataFormatConversionConfiguration) || on(s3.DynamicPartitioningConfiguration);
      const size = s3.BufferingHints?.SizeInMBs === undefined ? undefined : Number(s3.BufferingHints.SizeInMBs);
      const interval = s3.BufferingHints?.IntervalInSeconds === undefined ? undefined : Number(s3.BufferingHints.IntervalInSeconds);
      const min = needs64 ? 64 : 1;
      if (size !== undefined && (size < min || size > 128)) {
        out.push(finding(this, r, `buffers ${size} MiB; ${needs64 ? 'with record format conversion or dynamic partitioning ' : ''}Firehose takes ${min} to 128 MiB: the deployment fails.`,
          `set BufferingHints.SizeInMBs between ${min} and 128.`));
      }
      if (interval !== undefined && (interval < 0 || interval > 900)) {
        out.push(finding(this, r, `buffers ${interval} seconds; Firehose takes 0 to 900: the deployment fails.`, 'set BufferingHints.IntervalInSeconds between 0 and 900.'));
      }
    }
    return out;
  },
};
