/*
 * What the three source kinds (BatchSource, JdbcSource, StreamSource) share, written once: the producer they
 * attach to, their names and bronze prefixes, their column declarations, their Glue table in the producer's
 * bronze database, and the IAM statements of their roles (bronze only: a source role never reads silver or
 * gold, DM-58).
 */
import { CfnResource, Stack, Tags } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { glueArn } from './catalog';
import { throwValidationError } from './errors';
import { GLUE_NAME, TABLE_FORMATS } from './table-formats';
import { checkName, duplicates, listOf } from './validation';
import type { DataProducer } from '../data-producer';
import { MedallionLayer } from '../mesh';
import { ColumnType, DataFormat, PartitionProjection } from '../schema';
import type { BronzeColumn } from '../source-schema';

/** The tag every source role carries: the doctor's DM-58 finds source roles by it (`<kind>/<source name>`). */
export const SOURCE_ROLE_TAG = 'cdk-data-mesh:source';

/** The bronze prefixes of a source (no leading `/`, each ending in `/`). */
export const SOURCE_PREFIXES = {
  /** Files delivered by a batch source. */
  batch: (source: string) => `landing/${source}/`,
  /** All tables extracted by a JDBC source. */
  jdbcSource: (source: string) => `jdbc/${source}/`,
  /** Tables extracted by a JDBC source, one prefix per table (under `jdbcSource`). */
  jdbc: (source: string, table: string) => `jdbc/${source}/${table}/`,
  /** Changes captured by DMS for a JDBC source. */
  cdc: (source: string) => `cdc/${source}/`,
  /** Records delivered by a stream source. */
  stream: (source: string) => `stream/${source}/`,
  /** Records Firehose could not convert or partition. */
  streamErrors: (source: string) => `errors/stream/${source}/`,
};

/** The producer a source attaches to: a `DataProducer` of this app, in the source's stack. */
export function checkProducer(scope: IConstruct, producer: DataProducer | undefined): DataProducer {
  const p = producer as (DataProducer & { _gateBronze?: unknown }) | undefined;
  if (!p || typeof p._gateBronze !== 'function') {
    throwValidationError(scope, 'producer is required: pass the DataProducer of this stack (a source creates its table in the producer\'s bronze database and ' +
      'its grants in the producer\'s Lake Formation chain, so DataProducer.fromDataProducerAttributes cannot be used here).');
  }
  if (Stack.of(scope) !== Stack.of(p)) {
    throwValidationError(scope, `is in stack '${Stack.of(scope).stackName}' but its producer '${p.domain}' is in stack '${Stack.of(p).stackName}'. Create the ` +
      'source in the producer\'s stack (its Lake Formation grants join that stack\'s chain, DM-24), e.g. new BatchSource(Stack.of(producer), ...).');
  }
  return p;
}

/** A source name: a Glue name, unique among the producer's sources. */
export function checkSourceName(scope: IConstruct, producer: DataProducer, name: string): string {
  checkName(scope, 'name', name, { ...GLUE_NAME, maxLength: 64, example: 'policyholders' });
  producer._claimSourceName('source', name, scope, 'name');
  return name;
}

/** Declared columns: at least one, Glue names, ColumnTypes, no duplicates. */
export function checkColumns(scope: IConstruct, prop: string, columns: BronzeColumn[] | undefined): BronzeColumn[] {
  if (!Array.isArray(columns) || columns.length === 0) {
    throwValidationError(scope, `${prop} is empty. Declare the columns of the source's records, e.g. ${prop}: [{ name: 'policy_id', type: ColumnType.STRING }]: ` +
      'the bronze table (and, for a stream, Firehose\'s conversion to Parquet) is made from them.');
  }
  columns.forEach((c, i) => {
    checkName(scope, `${prop}[${i}].name`, c?.name, GLUE_NAME);
    if (!ColumnType.isColumnType(c.type)) {
      throwValidationError(scope, `${prop}[${i}].type of column '${c.name}' is ${c.type === undefined ? 'missing' : `'${String(c.type)}', not a ColumnType`}. ` +
        'Use a ColumnType constant or factory, e.g. type: ColumnType.STRING.');
    }
  });
  const dup = duplicates(columns.map(c => c.name));
  if (dup.length > 0) {
    throwValidationError(scope, `${prop} declares column '${dup[0]}' twice. Rename or remove one.`);
  }
  return columns;
}

/** A column name that must be one of `columns` (a partition key, an incremental key). */
export function checkColumnOf(scope: IConstruct, prop: string, value: string, columns: BronzeColumn[], what: string, fix: string): BronzeColumn {
  const column = columns.find(c => c.name === value);
  if (!column) {
    throwValidationError(scope, `${prop} '${value}' is not a column of ${what} (columns: ${listOf(columns.map(c => c.name))}). ${fix}`);
  }
  return column;
}

export interface BronzeTableOptions {
  readonly name: string;
  /** The prop the name comes from, for messages. */
  readonly prop: string;
  readonly description: string;
  readonly columns: BronzeColumn[];
  readonly partitionKeys?: Array<{ name: string; type: ColumnType; projection?: PartitionProjection }>;
  readonly format: DataFormat;
  /** The table's prefix in the bronze bucket. */
  readonly prefix: string;
  /** Extra table parameters (e.g. `skip.header.line.count`). */
  readonly parameters?: Record<string, string>;
}

/**
 * The source's Glue table in the producer's bronze database, after the producer's settings and the database.
 * The producer's Glue role reads it through the bronze grants on every table of that database (tableWildcard).
 */
export function createBronzeTable(scope: IConstruct, id: string, producer: DataProducer, options: BronzeTableOptions): glue.CfnTable {
  checkName(scope, options.prop, options.name, GLUE_NAME);
  producer._claimSourceName('bronze table', options.name, scope, options.prop);
  const fmt = TABLE_FORMATS[options.format];
  if (!fmt) throwValidationError(scope, `format '${options.format}' is not supported (supported: ${Object.keys(TABLE_FORMATS).join(', ')}).`);
  const keys = options.partitionKeys ?? [];
  const projection: Record<string, string> = {};
  const projected = keys.filter(k => k.projection);
  projected.forEach(k => Object.assign(projection, k.projection!._parameters(k.name)));
  const table = new glue.CfnTable(scope, id, {
    catalogId: Stack.of(scope).account,
    databaseName: producer.databaseName(MedallionLayer.BRONZE),
    tableInput: {
      name: options.name,
      description: options.description,
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        EXTERNAL: 'TRUE',
        classification: options.format,
        ...options.parameters,
        ...(projected.length > 0 && projected.length === keys.length ? { 'projection.enabled': 'true', ...projection } : {}),
      },
      partitionKeys: keys.length > 0 ? keys.map(k => ({ name: k.name, type: k.type.name })) : undefined,
      storageDescriptor: {
        location: `s3://${producer.mesh.bucketName(producer.domain, MedallionLayer.BRONZE)}/${options.prefix}`,
        inputFormat: fmt.input,
        outputFormat: fmt.output,
        serdeInfo: { serializationLibrary: fmt.serde, parameters: fmt.parameters },
        columns: options.columns.map(c => ({ name: c.name, type: c.type.name, comment: c.comment })),
      },
    },
  });
  producer._gateBronze(table);
  return table;
}

/** The ARN of a bronze table of the producer (for the Glue reads of a role). */
export function bronzeTableArn(producer: DataProducer, table: string): string {
  return glueArn(producer, 'table', `${producer.databaseName(MedallionLayer.BRONZE)}/${table}`);
}

/** The Glue reads of one bronze table's definition (catalog, database, table). */
export function grantTableDefinition(grantee: iam.IGrantable, producer: DataProducer, table: string, actions: string[]): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions,
    resourceArns: [glueArn(producer, 'catalog'), glueArn(producer, 'database', producer.databaseName(MedallionLayer.BRONZE)), bronzeTableArn(producer, table)],
  });
}

/**
 * Write access to objects under one bronze prefix and the bronze key (through S3 only): `s3:PutObject` and the
 * multipart actions, never a read or a list, never another layer. `kms:Decrypt` is what S3 needs to complete a
 * multipart upload under SSE-KMS; `kms:ViaService` keeps every key action to S3's use of it.
 */
export function grantPrefixWrite(grantee: iam.IGrantable, producer: DataProducer, prefix: string,
  options: { deleteObjects?: boolean } = {}): iam.Grant {
  const bucket = producer.bucket(MedallionLayer.BRONZE);
  const region = Stack.of(producer).region;
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:PutObject', ...(options.deleteObjects ? ['s3:DeleteObject'] : [])].sort(),
    resourceArns: [bucket.arnForObjects(`${prefix}*`)],
  }).combine(iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resourceArns: [producer.key(MedallionLayer.BRONZE).keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
  }));
}

/** Read and list access to objects under one bronze prefix (a source that reads back what it wrote: a Spark overwrite, SFTP's listing). */
export function grantPrefixRead(grantee: iam.IGrantable, producer: DataProducer, prefix: string, options: { objects?: boolean } = {}): iam.Grant {
  const bucket = producer.bucket(MedallionLayer.BRONZE);
  const region = Stack.of(producer).region;
  // s3:GetBucketLocation carries no s3:prefix key: under the ListBucket condition it would never be allowed.
  const list = iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:ListBucket'],
    resourceArns: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': [prefix, `${prefix}*`] } },
  }).combine(iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:GetBucketLocation'],
    resourceArns: [bucket.bucketArn],
  }));
  if (!options.objects) return list;
  return list.combine(iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:GetObject'],
    resourceArns: [bucket.arnForObjects(`${prefix}*`)],
  })).combine(iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt'],
    resourceArns: [producer.key(MedallionLayer.BRONZE).keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
  }));
}

/** Marks a role as a source role (DM-58 finds it by this tag). */
export function tagSourceRole(role: iam.IRole, kind: string, source: string): void {
  Tags.of(role).add(SOURCE_ROLE_TAG, `${kind}/${source}`);
}

/** A resource, if `construct` is one, or its default child. */
export function cfn(construct: IConstruct): CfnResource {
  return (CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild) as CfnResource;
}
