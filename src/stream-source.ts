import { ArnFormat, Duration, RemovalPolicy, Size, SizeRoundingBehavior, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { DataProducer } from './data-producer';
import { MedallionLayer } from './mesh';
import { throwValidationError } from './private/errors';
import { dependOnRolePolicy } from './private/lake-formation';
import { suppressNag, suppressWildcards } from './private/nag';
import {
  checkColumnOf, checkColumns, checkProducer, checkSourceName, createBronzeTable, grantPrefixRead, grantPrefixWrite, grantTableDefinition,
  SOURCE_PREFIXES, tagSourceRole,
} from './private/sources';
import { duplicates } from './private/validation';
import { ColumnType, DataFormat, PartitionProjection } from './schema';
import { BronzeColumn } from './source-schema';

/** The partition key of a stream source partitioned by arrival date. */
const ARRIVAL_DATE_COLUMN = 'arrival_date';

/** Firehose's range of buffer sizes with record format conversion (MiB) and of buffer intervals (seconds) used here. */
const BUFFER_SIZE_MIB = { min: 64, max: 128 };
const BUFFER_INTERVAL_S = { min: 60, max: 900 };

/**
 * How a stream source's files are partitioned in bronze.
 *
 * @exampleMetadata nofixture
 * @example
 * import { StreamPartitioning } from 'cdk-data-mesh';
 *
 * const byDate = StreamPartitioning.byArrivalDate();
 * const byDesk = StreamPartitioning.byFields(['desk']);
 */
export class StreamPartitioning {
  /** By the UTC date Firehose received the records: `arrival_date=YYYY-MM-DD/` (Athena projects the partitions). */
  public static byArrivalDate(): StreamPartitioning {
    return new StreamPartitioning([]);
  }

  /**
   * Dynamic partitioning by fields of the records (`desk=fx/`): each must be a column of the source. The fields
   * become the table's partition keys (Athena needs them registered, e.g. by a crawler or `MSCK REPAIR TABLE`).
   */
  public static byFields(fields: string[]): StreamPartitioning {
    return new StreamPartitioning(Array.isArray(fields) ? [...fields] : fields);
  }

  /** The partition fields; empty for arrival-date partitioning. */
  public readonly fields: string[];

  private constructor(fields: string[]) {
    this.fields = fields;
  }
}

/** Props of a `StreamSource`. */
export interface StreamSourceProps {
  /** The producer whose bronze layer receives the records (a `DataProducer` of the same stack). */
  readonly producer: DataProducer;
  /** The source's name: a Glue name (at most 64), unique among the producer's sources; the prefix is `stream/<name>/` and the bronze table `<name>`. */
  readonly name: string;
  /** The fields of the records (JSON objects), with their types: Firehose converts each record to a Parquet row of these columns. */
  readonly columns: BronzeColumn[];
  /**
   * How the files are partitioned.
   * @default StreamPartitioning.byArrivalDate()
   */
  readonly partitioning?: StreamPartitioning;
  /**
   * Firehose's buffer size: files are written when this much has arrived (64 to 128 MiB with record format conversion).
   * @default Size.mebibytes(128)
   */
  readonly bufferSize?: Size;
  /**
   * Firehose's buffer interval: files are written at least this often (60 to 900 seconds).
   * @default Duration.minutes(5)
   */
  readonly bufferInterval?: Duration;
  /**
   * The number of shards of the Kinesis stream.
   * @default - on-demand capacity
   */
  readonly shardCount?: number;
  /**
   * How long the Kinesis stream keeps records (1 to 365 days, in hours).
   * @default Duration.hours(24)
   */
  readonly retentionPeriod?: Duration;
  /**
   * The iterator age (how far Firehose lags behind the stream) above which `iteratorAgeAlarm` fires: at least
   * 1 minute, and less than `retentionPeriod`.
   * @default Duration.hours(1)
   */
  readonly maxIteratorAge?: Duration;
}

/**
 * A streaming source: a Kinesis data stream encrypted with the producer's bronze key, and an Amazon Data Firehose
 * delivery stream that converts the records to Parquet from the source's Glue table (in the producer's bronze
 * database) and writes them under `stream/<name>/`, partitioned by arrival date or by fields of the records, with
 * failed records under `errors/stream/<name>/`; CloudWatch alarms on delivery failures and the stream's iterator age.
 *
 * @exampleMetadata nofixture
 * @example
 * import { App, Stack } from 'aws-cdk-lib';
 * import { ColumnType, DataProducer, MeshDescription, StreamPartitioning, StreamSource } from 'cdk-data-mesh';
 *
 * declare const mesh: MeshDescription;
 * const investments = new Stack(new App(), 'Investments', { env: mesh.producerEnv('investments') });
 * const lake = new DataProducer(investments, 'Lake', { mesh, domain: 'investments' });
 * new StreamSource(investments, 'Trades', {
 *   producer: lake,
 *   name: 'trades',
 *   columns: [
 *     { name: 'trade_id', type: ColumnType.STRING },
 *     { name: 'desk', type: ColumnType.STRING },
 *     { name: 'notional', type: ColumnType.decimal(18, 2) },
 *   ],
 *   partitioning: StreamPartitioning.byFields(['desk']),
 * });
 */
export class StreamSource extends Construct {
  /** The partition key of a stream source partitioned by arrival date (`arrival_date=YYYY-MM-DD/`). */
  public static readonly ARRIVAL_DATE_COLUMN = ARRIVAL_DATE_COLUMN;

  /** The source's name. */
  public readonly sourceName: string;
  /** The bronze prefix of the delivered files (`stream/<name>/`). */
  public readonly prefix: string;
  /** The bronze prefix of the records Firehose could not convert or partition (`errors/stream/<name>/`). */
  public readonly errorPrefix: string;
  /** The name of the source's table in the producer's bronze database. */
  public readonly tableName: string;
  /** The Kinesis data stream producers put records to. */
  public readonly stream: kinesis.IStream;
  /** The Firehose delivery stream's name. */
  public readonly deliveryStreamName: string;
  /** The Firehose delivery stream's ARN. */
  public readonly deliveryStreamArn: string;
  /** The role Firehose delivers as: reads the stream and the table's schema, writes its own bronze prefixes; never silver or gold. */
  public readonly deliveryRole: iam.IRole;
  /** Fires when deliveries to S3 fail (`DeliveryToS3.Success` below 1). Add actions to it. */
  public readonly deliveryFailureAlarm: cloudwatch.Alarm;
  /** Fires when records fail conversion to Parquet (`FailedConversion.Records` above 0). Add actions to it. */
  public readonly conversionFailureAlarm: cloudwatch.Alarm;
  /** Fires when Firehose lags behind the stream (`GetRecords.IteratorAgeMilliseconds` above `maxIteratorAge`). Add actions to it. */
  public readonly iteratorAgeAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StreamSourceProps) {
    super(scope, id);
    const producer = checkProducer(this, props.producer);
    this.sourceName = checkSourceName(this, producer, props.name);
    const columns = checkColumns(this, 'columns', props.columns);
    const partitioning = props.partitioning ?? StreamPartitioning.byArrivalDate();
    if (!(partitioning instanceof StreamPartitioning) && !Array.isArray((partitioning as Partial<StreamPartitioning>)?.fields)) {
      throwValidationError(this, 'partitioning is not a StreamPartitioning: use StreamPartitioning.byArrivalDate() or StreamPartitioning.byFields([\'desk\']).');
    }
    const fields = partitioning.fields;
    if (!Array.isArray(fields)) {
      throwValidationError(this, 'partitioning.fields is not a list: use StreamPartitioning.byFields([\'desk\']).');
    }
    const dupFields = duplicates(fields);
    if (dupFields.length > 0) throwValidationError(this, `partitioning names field '${dupFields[0]}' twice. Name each partition field once.`);
    if (fields.length > 5) {
      throwValidationError(this, `partitioning has ${fields.length} fields; use at most 5 (each multiplies the number of small files Firehose writes).`);
    }
    const keyColumns = fields.map((f, i) => {
      const c = checkColumnOf(this, `partitioning.fields[${i}]`, f, columns, `source '${this.sourceName}'`,
        'A partition key of a stream is a field of its records: add it to columns, or fix its name.');
      if (c.type._complex) {
        throwValidationError(this, `partitioning.fields[${i}] '${f}' has type '${c.type.name}'; a partition key is a primitive field (its value becomes a ` +
          'key=value/ prefix). Partition by a primitive field.');
      }
      return c;
    });
    if (columns.some(c => c.name === ARRIVAL_DATE_COLUMN) && fields.length === 0) {
      throwValidationError(this, `columns declares '${ARRIVAL_DATE_COLUMN}', the partition key of arrival-date partitioning. Rename the field, or partition byFields.`);
    }
    const size = props.bufferSize ?? Size.mebibytes(128);
    const sizeMiB = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Number.isInteger(sizeMiB) || sizeMiB < BUFFER_SIZE_MIB.min || sizeMiB > BUFFER_SIZE_MIB.max) {
      throwValidationError(this, `bufferSize ${size.toMebibytes({ rounding: SizeRoundingBehavior.NONE })} MiB is out of Firehose's range: with record format conversion to Parquet ` +
        `the buffer is ${BUFFER_SIZE_MIB.min} to ${BUFFER_SIZE_MIB.max} MiB (whole MiB), e.g. bufferSize: Size.mebibytes(128).`);
    }
    const interval = props.bufferInterval ?? Duration.minutes(5);
    const intervalS = interval.toSeconds({ integral: false });
    if (!Number.isInteger(intervalS) || intervalS < BUFFER_INTERVAL_S.min || intervalS > BUFFER_INTERVAL_S.max) {
      throwValidationError(this, `bufferInterval ${interval.toHumanString()} is out of range: Firehose buffers ${BUFFER_INTERVAL_S.min} to ${BUFFER_INTERVAL_S.max} ` +
        'seconds here (whole seconds), e.g. bufferInterval: Duration.minutes(5).');
    }
    if (props.shardCount !== undefined && (!Number.isInteger(props.shardCount) || props.shardCount < 1)) {
      throwValidationError(this, `shardCount ${props.shardCount} is invalid: give a whole number of shards, at least 1, or omit it for on-demand capacity.`);
    }
    const retention = props.retentionPeriod ?? Duration.hours(24);
    if (!retention.isUnresolved()) {
      const hours = retention.toHours({ integral: false });
      if (!Number.isInteger(hours) || hours < 24 || hours > 8760) {
        throwValidationError(this, `retentionPeriod ${retention.toHumanString()} is out of range: a Kinesis stream keeps records 24 to 8760 hours (1 to 365 days), ` +
          'in whole hours, e.g. retentionPeriod: Duration.days(7).');
      }
    }
    const maxIteratorAge = props.maxIteratorAge ?? Duration.hours(1);
    if (!maxIteratorAge.isUnresolved() && !retention.isUnresolved()) {
      const ms = maxIteratorAge.toMilliseconds();
      if (ms < 60_000 || ms >= retention.toMilliseconds()) {
        throwValidationError(this, `maxIteratorAge ${maxIteratorAge.toHumanString()} is out of range: the alarm needs at least 1 minute, and less than the ` +
          `stream's retentionPeriod (${retention.toHumanString()}; records older than that are lost before it fires), e.g. maxIteratorAge: Duration.hours(1).`);
      }
    }

    const mesh = producer.mesh;
    const stack = Stack.of(this);
    const bucket = producer.bucket(MedallionLayer.BRONZE);
    const key = producer.key(MedallionLayer.BRONZE);
    this.prefix = SOURCE_PREFIXES.stream(this.sourceName);
    this.errorPrefix = SOURCE_PREFIXES.streamErrors(this.sourceName);
    this.tableName = this.sourceName;

    const partitionKeys = fields.length === 0
      ? [{ name: ARRIVAL_DATE_COLUMN, type: ColumnType.STRING, projection: PartitionProjection.date({ range: 'NOW-10YEARS,NOW', format: 'yyyy-MM-dd' }) }]
      : keyColumns.map(c => ({ name: c.name, type: c.type }));
    const table = createBronzeTable(this, 'Table', producer, {
      name: this.tableName,
      prop: 'name',
      description: `Records of stream source '${this.sourceName}', converted to Parquet by Firehose`,
      // Partition keys are columns of their own in Glue: Firehose writes their values in the prefix, not in the files.
      columns: columns.filter(c => !fields.includes(c.name)),
      partitionKeys,
      format: DataFormat.PARQUET,
      prefix: this.prefix,
    });

    this.stream = new kinesis.Stream(this, 'Stream', {
      encryption: kinesis.StreamEncryption.KMS,
      encryptionKey: key,
      streamMode: props.shardCount === undefined ? kinesis.StreamMode.ON_DEMAND : kinesis.StreamMode.PROVISIONED,
      shardCount: props.shardCount,
      retentionPeriod: props.retentionPeriod,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    suppressNag(this.stream, [{
      id: 'AwsSolutions-KDS3',
      reason: 'The stream is encrypted with the producer\'s bronze key on purpose: every layer of the mesh has its own customer managed key, so that key ' +
        'policies and the doctor decide who reads raw data (the aws/kinesis key would let any principal of the account with kinesis:GetRecords decrypt).',
    }]);
    const logGroup = new logs.LogGroup(this, 'DeliveryLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const logStream = new logs.LogStream(this, 'DeliveryLogStream', { logGroup, removalPolicy: RemovalPolicy.RETAIN });

    const role = new iam.Role(this, 'DeliveryRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': stack.account } }),
      description: `cdk-data-mesh ${mesh.name}/${producer.domain}: Firehose delivery of stream source '${this.sourceName}' (writes ${this.prefix} of bronze only)`,
    });
    tagSourceRole(role, 'stream', this.sourceName);
    this.deliveryRole = role;
    this.grantStream(role, ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'],
      ['kms:Decrypt']);
    grantPrefixWrite(role, producer, this.prefix);
    grantPrefixWrite(role, producer, this.errorPrefix);
    grantPrefixRead(role, producer, this.prefix);
    // The schema of the conversion (DM-60): the table's definition in IAM, DESCRIBE in Lake Formation.
    grantTableDefinition(role, producer, this.tableName, ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions']);
    const lakeFormationGrant = producer._grantBronzeTable(role.roleArn, table, this.tableName, ['DESCRIBE']);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'DeliveryLogs',
      actions: ['logs:PutLogEvents'],
      resources: [stack.formatArn({
        service: 'logs', resource: 'log-group', resourceName: `${logGroup.logGroupName}:log-stream:${logStream.logStreamName}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
    }));

    const dynamic = fields.length > 0;
    const prefix = dynamic
      ? `${this.prefix}${fields.map(f => `${f}=!{partitionKeyFromQuery:${f}}`).join('/')}/`
      : `${this.prefix}${ARRIVAL_DATE_COLUMN}=!{timestamp:yyyy-MM-dd}/`;
    const delivery = new firehose.CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: { kinesisStreamArn: this.stream.streamArn, roleArn: role.roleArn },
      extendedS3DestinationConfiguration: {
        bucketArn: bucket.bucketArn,
        roleArn: role.roleArn,
        prefix,
        errorOutputPrefix: `${this.errorPrefix}!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/`,
        bufferingHints: { sizeInMBs: sizeMiB, intervalInSeconds: intervalS },
        // Parquet compresses its pages itself (SNAPPY); Firehose's own compression must be off with format conversion.
        compressionFormat: 'UNCOMPRESSED',
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: key.keyArn } },
        cloudWatchLoggingOptions: { enabled: true, logGroupName: logGroup.logGroupName, logStreamName: logStream.logStreamName },
        dataFormatConversionConfiguration: {
          enabled: true,
          inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
          outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
          schemaConfiguration: {
            catalogId: stack.account,
            databaseName: producer.databaseName(MedallionLayer.BRONZE),
            tableName: this.tableName,
            region: stack.region,
            roleArn: role.roleArn,
            versionId: 'LATEST',
          },
        },
        ...(dynamic ? {
          dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
          processingConfiguration: {
            enabled: true,
            processors: [{
              type: 'MetadataExtraction',
              parameters: [
                { parameterName: 'MetadataExtractionQuery', parameterValue: `{${fields.map(f => `${f}: .${f}`).join(', ')}}` },
                { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
              ],
            }],
          },
        } : {}),
      },
    });
    dependOnRolePolicy(delivery, role);
    // The conversion reads the schema as the role, through Lake Formation: the grant first (DM-60).
    delivery.addDependency(lakeFormationGrant);
    delivery.addDependency(table);
    this.deliveryStreamName = delivery.ref;
    this.deliveryStreamArn = delivery.attrArn;
    suppressNag(delivery, [{
      id: 'AwsSolutions-KDF1',
      reason: 'A delivery stream whose source is a Kinesis data stream cannot have server-side encryption of its own: the records are encrypted at rest ' +
        'in the stream and in S3, both with the producer\'s bronze key.',
    }]);
    suppressWildcards(role, [
      { resource: bucket.arnForObjects(`${this.prefix}*`), reason: `Firehose writes files under ${this.prefix}, named by Firehose at delivery time; the wildcard covers that prefix only.` },
      { resource: bucket.arnForObjects(`${this.errorPrefix}*`), reason: `Firehose writes failed records under ${this.errorPrefix}; the wildcard covers that prefix only.` },
    ]);

    const dims = { DeliveryStreamName: delivery.ref };
    this.deliveryFailureAlarm = new cloudwatch.Alarm(this, 'DeliveryFailureAlarm', {
      alarmDescription: `Firehose delivery of stream source '${this.sourceName}' to s3://${mesh.bucketName(producer.domain, MedallionLayer.BRONZE)}/${this.prefix} fails`,
      metric: new cloudwatch.Metric({ namespace: 'AWS/Firehose', metricName: 'DeliveryToS3.Success', dimensionsMap: dims, statistic: 'Minimum', period: Duration.minutes(5) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.conversionFailureAlarm = new cloudwatch.Alarm(this, 'ConversionFailureAlarm', {
      alarmDescription: `Records of stream source '${this.sourceName}' fail conversion to Parquet (they land under ${this.errorPrefix})`,
      metric: new cloudwatch.Metric({ namespace: 'AWS/Firehose', metricName: 'FailedConversion.Records', dimensionsMap: dims, statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.iteratorAgeAlarm = new cloudwatch.Alarm(this, 'IteratorAgeAlarm', {
      alarmDescription: `Firehose lags more than ${maxIteratorAge.toHumanString()} behind the stream of stream source '${this.sourceName}'`,
      metric: this.stream.metricGetRecordsIteratorAgeMilliseconds({ statistic: 'Maximum', period: Duration.minutes(5) }),
      threshold: maxIteratorAge.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Grants `grantee` the right to put records to the stream (and the bronze key to encrypt them, through Kinesis only). */
  public grantPutRecords(grantee: iam.IGrantable): iam.Grant {
    return this.grantStream(grantee, ['kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'], ['kms:GenerateDataKey']);
  }

  /**
   * Kinesis actions on the stream, and the bronze key's actions only as Kinesis uses them (`kms:ViaService`):
   * the key encrypts every layer's raw data, so no caller uses it directly (Stream.grantRead/grantWrite would).
   */
  private grantStream(grantee: iam.IGrantable, actions: string[], keyActions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.stream.streamArn] }).combine(iam.Grant.addToPrincipal({
      grantee,
      actions: keyActions,
      resourceArns: [this.stream.encryptionKey!.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `kinesis.${Stack.of(this).region}.amazonaws.com` } },
    }));
  }
}
