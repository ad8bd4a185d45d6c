import { Stack } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { JdbcSource } from './jdbc-source';
import { MedallionLayer } from './mesh';
import { throwValidationError } from './private/errors';
import { dependOnRolePolicy } from './private/lake-formation';
import { suppressWildcards } from './private/nag';
import { createBronzeTable, grantPrefixRead, grantPrefixWrite, SOURCE_PREFIXES, tagSourceRole } from './private/sources';
import { pascal } from './private/strings';
import { duplicates, listOf } from './private/validation';
import { ColumnType, DataFormat } from './schema';

/** Props of a `ChangeDataCapture`. */
export interface ChangeDataCaptureProps {
  /** The JDBC source whose database changes are captured (its engine, URL, secret, VPC and security group are reused). */
  readonly source: JdbcSource;
  /**
   * The bronze names of the source's tables to capture (`JdbcTable.name`).
   * @default - every table of the source
   */
  readonly tables?: string[];
  /**
   * The subnets of the DMS Serverless replication: private subnets in at least two Availability Zones.
   * @default - the source VPC's private subnets with egress, else its isolated subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The most DMS capacity units (DCUs) the replication scales to: 1, 2, 4, 8, 16, 32, 64, 128, 192, 256 or 384.
   * @default 16
   */
  readonly maxCapacityUnits?: number;
}

const DCU = [1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384];

/**
 * Change data capture of a `JdbcSource`'s tables with AWS DMS Serverless: a full load, then every insert, update and
 * delete, as Parquet under `cdc/<source>/<schema>/<table>/` of the producer's bronze bucket (encrypted with the bronze
 * key), one bronze table `<source>_<name>_changes` per table with DMS's `op` (I, U, D) and `cdc_timestamp` columns
 * first. The database must have logical replication on (PostgreSQL `rds.logical_replication`/`wal_level=logical`;
 * MySQL `binlog_format=ROW`), and the account the `dms-vpc-role` DMS needs for subnet groups (docs/sources.md).
 *
 * @exampleMetadata nofixture
 * @example
 * import { ChangeDataCapture, JdbcSource } from 'cdk-data-mesh';
 *
 * declare const claimsDb: JdbcSource;
 * new ChangeDataCapture(claimsDb, 'Changes', { source: claimsDb, tables: ['claims'] });
 */
export class ChangeDataCapture extends Construct {
  /** The bronze prefix of the captured changes (`cdc/<source>/`). */
  public readonly prefix: string;
  /** The names of the change tables in the producer's bronze database, in the order of `tables`. */
  public readonly tableNames: string[];
  /** The role DMS writes to bronze as: its own prefix only. */
  public readonly targetRole: iam.IRole;
  /** The role DMS reads the database's secret as. */
  public readonly secretRole: iam.IRole;

  constructor(scope: Construct, id: string, props: ChangeDataCaptureProps) {
    super(scope, id);
    const source = props.source;
    if (!JdbcSource.isJdbcSource(source)) {
      throwValidationError(this, 'source is required: the JdbcSource whose database changes are captured.');
    }
    const producer = source.producer;
    if (Stack.of(this) !== Stack.of(producer)) {
      throwValidationError(this, `is in stack '${Stack.of(this).stackName}' but its source is in stack '${Stack.of(producer).stackName}'. Create it in the source's stack.`);
    }
    const known = source._tables.map(t => t.name);
    const names = props.tables ?? known;
    if (!Array.isArray(names) || names.length === 0) {
      throwValidationError(this, `tables is empty. Name the tables to capture (bronze names of source '${source.sourceName}': ${listOf(known)}), or omit tables for all.`);
    }
    names.forEach((n, i) => {
      if (!known.includes(n)) {
        throwValidationError(this, `tables[${i}] '${n}' is not a table of JDBC source '${source.sourceName}' (its tables: ${listOf(known)}). Use one of those, or add it to the source.`);
      }
    });
    const dup = duplicates(names);
    if (dup.length > 0) throwValidationError(this, `tables names '${dup[0]}' twice. Name each table once.`);
    const dcu = props.maxCapacityUnits ?? 16;
    if (!DCU.includes(dcu)) {
      throwValidationError(this, `maxCapacityUnits ${dcu} is not a DMS Serverless capacity: use one of ${DCU.join(', ')}, e.g. maxCapacityUnits: 16.`);
    }
    const vpc = source.vpc;
    const defaultType = vpc.privateSubnets.length > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
    const subnets = vpc.selectSubnets(props.vpcSubnets ?? { subnetType: defaultType }).subnets;
    const publicIds = new Set(vpc.publicSubnets.map(s => s.subnetId));
    if (subnets.some(s => publicIds.has(s.subnetId)) || new Set(subnets.map(s => s.availabilityZone)).size < 2) {
      throwValidationError(this, `vpcSubnets selects ${subnets.length} subnets in ${new Set(subnets.map(s => s.availabilityZone)).size} Availability Zones` +
        `${subnets.some(s => publicIds.has(s.subnetId)) ? ', some public' : ''}; a DMS subnet group needs private subnets in at least two zones. ` +
        'Select such subnets, or give the VPC private subnets in two zones.');
    }

    const stack = Stack.of(this);
    const mesh = producer.mesh;
    const bucketName = mesh.bucketName(producer.domain, MedallionLayer.BRONZE);
    this.prefix = SOURCE_PREFIXES.cdc(source.sourceName);
    const engine = source.engine;
    const url = /^jdbc:[a-z0-9]+:\/\/[^/]+\/([^?]+)/.exec(source.jdbcUrl);
    const databaseName = url ? url[1] : undefined;
    const tables = names.map(n => source._tables.find(t => t.name === n)!);
    const schemaOf = (table: string) => (table.includes('.') ? table.split('.')[0] : engine.name === 'mysql' ? databaseName ?? '' : 'public');
    const baseOf = (table: string) => table.split('.').pop()!;
    this.tableNames = tables.map(t => `${source.sourceName}_${t.name}_changes`);
    tables.forEach((t, i) => createBronzeTable(this, `Table${pascal(t.name)}`, producer, {
      name: this.tableNames[i],
      prop: `tables[${i}]`,
      description: `Changes of ${t.table} (JDBC source '${source.sourceName}'), captured by AWS DMS: op is I, U or D`,
      columns: [{ name: 'op', type: ColumnType.STRING }, { name: 'cdc_timestamp', type: ColumnType.STRING }, ...t.columns],
      format: DataFormat.PARQUET,
      prefix: `${this.prefix}${schemaOf(t.table)}/${baseOf(t.table)}/`,
    }));

    const dmsPrincipal = new iam.ServicePrincipal(`dms.${stack.region}.amazonaws.com`).withConditions({ StringEquals: { 'aws:SourceAccount': stack.account } });
    const secretRole = new iam.Role(this, 'SecretRole', {
      assumedBy: dmsPrincipal,
      description: `cdk-data-mesh ${mesh.name}/${producer.domain}: DMS reads the credentials of JDBC source '${source.sourceName}'`,
    });
    tagSourceRole(secretRole, 'cdc', source.sourceName);
    source.secret.grantRead(secretRole);
    this.secretRole = secretRole;
    const targetRole = new iam.Role(this, 'TargetRole', {
      assumedBy: new iam.ServicePrincipal('dms.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': stack.account } }),
      description: `cdk-data-mesh ${mesh.name}/${producer.domain}: DMS writes the changes of JDBC source '${source.sourceName}' (${this.prefix} of bronze only)`,
    });
    tagSourceRole(targetRole, 'cdc', source.sourceName);
    grantPrefixWrite(targetRole, producer, this.prefix, { deleteObjects: true });
    grantPrefixRead(targetRole, producer, this.prefix);
    targetRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ObjectTags',
      actions: ['s3:PutObjectTagging'],
      resources: [producer.bucket(MedallionLayer.BRONZE).arnForObjects(`${this.prefix}*`)],
    }));
    this.targetRole = targetRole;

    const subnetGroup = new dms.CfnReplicationSubnetGroup(this, 'SubnetGroup', {
      replicationSubnetGroupDescription: `cdk-data-mesh ${mesh.name}/${producer.domain}: change data capture of '${source.sourceName}'`,
      subnetIds: subnets.map(s => s.subnetId),
    });
    const settings = { secretsManagerSecretId: source.secret.secretArn, secretsManagerAccessRoleArn: secretRole.roleArn };
    const sourceEndpoint = new dms.CfnEndpoint(this, 'SourceEndpoint', {
      endpointType: 'source',
      engineName: engine.dmsEngineName,
      databaseName,
      sslMode: 'require',
      ...(engine.name === 'mysql' ? { mySqlSettings: settings } : { postgreSqlSettings: settings }),
    });
    dependOnRolePolicy(sourceEndpoint, secretRole);
    const key = producer.key(MedallionLayer.BRONZE);
    const targetEndpoint = new dms.CfnEndpoint(this, 'TargetEndpoint', {
      endpointType: 'target',
      engineName: 's3',
      s3Settings: {
        bucketName,
        bucketFolder: this.prefix.replace(/\/$/, ''),
        serviceAccessRoleArn: targetRole.roleArn,
        dataFormat: 'parquet',
        parquetVersion: 'parquet-2-0',
        encryptionMode: 'SSE_KMS',
        serverSideEncryptionKmsKeyId: key.keyArn,
        includeOpForFullLoad: true,
        timestampColumnName: 'cdc_timestamp',
      },
    });
    dependOnRolePolicy(targetEndpoint, targetRole);
    new dms.CfnReplicationConfig(this, 'Replication', {
      replicationConfigIdentifier: `${mesh.name}-${producer.domain}-cdc-${source.sourceName.replace(/_/g, '-')}`,
      replicationType: 'full-load-and-cdc',
      sourceEndpointArn: sourceEndpoint.ref,
      targetEndpointArn: targetEndpoint.ref,
      computeConfig: {
        maxCapacityUnits: dcu,
        replicationSubnetGroupId: subnetGroup.ref,
        vpcSecurityGroupIds: [source.securityGroup.securityGroupId],
      },
      tableMappings: {
        rules: tables.map((t, i) => ({
          'rule-type': 'selection',
          'rule-id': String(i + 1),
          'rule-name': t.name,
          'object-locator': { 'schema-name': schemaOf(t.table), 'table-name': baseOf(t.table) },
          'rule-action': 'include',
        })),
      },
    });
    suppressWildcards(targetRole, [{
      resource: producer.bucket(MedallionLayer.BRONZE).arnForObjects(`${this.prefix}*`),
      reason: `DMS writes (and replaces) Parquet files under ${this.prefix}, named by DMS at run time; the wildcard covers that prefix only.`,
    }]);
    suppressWildcards(secretRole, [{
      resource: `${source.secret.secretArn}-??????`,
      reason: 'Secrets Manager appends six random characters to a secret\'s ARN; the wildcard covers only that suffix (DMS reads the credentials).',
    }]);
  }
}
