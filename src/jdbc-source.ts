import * as path from 'path';
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DataProducer } from './data-producer';
import { JdbcEngine } from './jdbc-engine';
import { MedallionLayer } from './mesh';
import { glueArn } from './private/catalog';
import { throwValidationError } from './private/errors';
import { allowGlueJobLogsToUseKey, glueSecurityConfiguration, grantGlueJobLogs } from './private/glue-job';
import { dependOnRolePolicy } from './private/lake-formation';
import { suppressWildcards } from './private/nag';
import {
  checkColumnOf, checkColumns, checkProducer, checkSourceName, createBronzeTable, grantPrefixRead, grantPrefixWrite, SOURCE_PREFIXES,
  tagSourceRole,
} from './private/sources';
import { pascal } from './private/strings';
import { GLUE_NAME } from './private/table-formats';
import { checkName, duplicates, listOf } from './private/validation';
import { ColumnType, DataFormat, PartitionProjection } from './schema';
import { BronzeColumn } from './source-schema';

/** A table of the database that a `JdbcSource` copies into bronze. */
export interface JdbcTable {
  /** The table in the database, optionally schema-qualified: `claims`, `public.claims`. */
  readonly table: string;
  /**
   * The table's name in bronze: its prefix is `jdbc/<source>/<name>/` and its Glue table `<source>_<name>`.
   * @default - the table's unqualified name, lower-cased
   */
  readonly name?: string;
  /** The columns to copy, with their types in bronze (each value is cast to it). Other columns are not copied. */
  readonly columns: BronzeColumn[];
  /**
   * Copy incrementally by this column (a job bookmark key: only rows whose key is greater than the largest key
   * copied before are read, and appended). It must be one of `columns` and grow with every new row (an id or a
   * creation timestamp, not an update timestamp: updated rows are not copied again).
   * @default - a full copy each run (the day's partition is replaced)
   */
  readonly incrementalKey?: string;
}

/** Props of a `JdbcSource`. */
export interface JdbcSourceProps {
  /** The producer whose bronze layer receives the tables (a `DataProducer` of the same stack). */
  readonly producer: DataProducer;
  /** The source's name: a Glue name (at most 64), unique among the producer's sources. */
  readonly name: string;
  /** The database engine. */
  readonly engine: JdbcEngine;
  /** The JDBC URL of the database: `jdbc:<engine>://<host>[:<port>]/<database>` (the host may be a token, e.g. an RDS endpoint). */
  readonly jdbcUrl: string;
  /** The AWS Secrets Manager secret with the database credentials (JSON with `username` and `password`, as RDS writes it). */
  readonly secret: secretsmanager.ISecret;
  /** The VPC the database is reachable from; the Glue connection's network interfaces are created in its private subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * The private subnets to place the connection in (the first one is used; Glue connections have one subnet).
   * The subnets need a route to Amazon S3 (a gateway endpoint or a NAT gateway) and to the database.
   * @default - the VPC's private subnets with egress, else its isolated subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The security group of the connection's network interfaces. The source adds the rule Glue requires (all TCP
   * from the group itself); the database's security group must allow the engine's port from this group.
   */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The tables to copy. */
  readonly tables: JdbcTable[];
  /**
   * When the extraction job runs (a Glue scheduled trigger; cron expressions only).
   * @default - no schedule: the job runs when started (e.g. by a pipeline)
   */
  readonly schedule?: events.Schedule;
  /**
   * The number of G.1X workers of the extraction job (2 to 100).
   * @default 2
   */
  readonly workerCount?: number;
  /**
   * The extraction job's timeout.
   * @default Duration.hours(2)
   */
  readonly timeout?: Duration;
}

/** Marks a `JdbcSource` (`JdbcSource.isJdbcSource`): `instanceof` fails when two copies of the library are installed. */
const JDBC_SOURCE_MARKER = Symbol.for('cdk-data-mesh.JdbcSource');

/** The partition key of every extracted table: the UTC date of the run. */
const EXTRACTION_DATE_COLUMN = 'extraction_date';

const SCRIPT = path.join(__dirname, '..', 'glue-scripts', 'jdbc_extract.py');

/**
 * An RDBMS source: a Glue JDBC connection in the database's VPC (credentials from Secrets Manager only), and an
 * extraction job (Glue Spark) that copies chosen tables into the producer's bronze bucket as Parquet, partitioned
 * by extraction date, in full or incrementally by a key column with Glue job bookmarks; one Glue table per copied
 * table in the producer's bronze database. The job's role writes only its own bronze prefix (`jdbc/<name>/`).
 *
 * @exampleMetadata nofixture
 * @example
 * import { App, Stack } from 'aws-cdk-lib';
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
 * import { ColumnType, DataProducer, JdbcEngine, JdbcSource, MeshDescription } from 'cdk-data-mesh';
 *
 * declare const mesh: MeshDescription;
 * const insurance = new Stack(new App(), 'Insurance', { env: mesh.producerEnv('insurance') });
 * const lake = new DataProducer(insurance, 'Lake', { mesh, domain: 'insurance' });
 * const vpc = ec2.Vpc.fromLookup(insurance, 'Vpc', { vpcId: 'vpc-0123456789abcdef0' });
 * const securityGroup = new ec2.SecurityGroup(insurance, 'ClaimsExtraction', { vpc });
 * const secret = secretsmanager.Secret.fromSecretNameV2(insurance, 'ClaimsDbSecret', 'insurance/claims-db');
 * new JdbcSource(insurance, 'ClaimsDatabase', {
 *   producer: lake,
 *   name: 'claims_db',
 *   engine: JdbcEngine.POSTGRESQL,
 *   jdbcUrl: 'jdbc:postgresql://claims.internal.example:5432/claims',
 *   secret,
 *   vpc,
 *   securityGroup,
 *   tables: [{
 *     table: 'public.claims',
 *     incrementalKey: 'claim_id',
 *     columns: [
 *       { name: 'claim_id', type: ColumnType.BIGINT },
 *       { name: 'amount', type: ColumnType.decimal(18, 2) },
 *     ],
 *   }],
 * });
 */
export class JdbcSource extends Construct {
  /** The partition key of every extracted table: the UTC date of the run (`extraction_date=YYYY-MM-DD/`). */
  public static readonly EXTRACTION_DATE_COLUMN = EXTRACTION_DATE_COLUMN;

  /** Whether `x` is a `JdbcSource`, of this or any other copy of the library. */
  public static isJdbcSource(x: any): x is JdbcSource {
    return x !== null && typeof x === 'object' && JDBC_SOURCE_MARKER in x;
  }

  /** The source's name. */
  public readonly sourceName: string;
  /** The bronze prefix of the source's tables (`jdbc/<name>/`). */
  public readonly prefix: string;
  /** The names of the source's Glue tables in the producer's bronze database, in the order of `tables`. */
  public readonly tableNames: string[];
  /** The name of the Glue JDBC connection. */
  public readonly connectionName: string;
  /** The name of the extraction job (`<mesh>-<domain>-source-<name>`: the producer's pipelines may start it). */
  public readonly jobName: string;
  /** The role the extraction job runs as: its own bronze prefix, the secret, the connection; never silver or gold. */
  public readonly role: iam.IRole;
  /** The engine. */
  public readonly engine: JdbcEngine;
  /** The JDBC URL. */
  public readonly jdbcUrl: string;
  /** The credentials' secret. */
  public readonly secret: secretsmanager.ISecret;
  /** The subnet the connection's network interfaces are in. */
  public readonly subnet: ec2.ISubnet;
  /** The connection's security group. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** The producer. */
  public readonly producer: DataProducer;
  /** The VPC of the connection. */
  public readonly vpc: ec2.IVpc;
  /**
   * The copied tables (source table, bronze name, columns), for change data capture.
   * @internal
   */
  public readonly _tables: Array<{ table: string; name: string; columns: BronzeColumn[] }>;

  constructor(scope: Construct, id: string, props: JdbcSourceProps) {
    super(scope, id);
    Object.defineProperty(this, JDBC_SOURCE_MARKER, { value: true });
    const producer = checkProducer(this, props.producer);
    this.producer = producer;
    this.sourceName = checkSourceName(this, producer, props.name);
    if (!JdbcEngine.isJdbcEngine(props.engine)) {
      throwValidationError(this, `engine ${props.engine === undefined ? 'is required' : `'${String(props.engine)}' is not a JdbcEngine`}: use JdbcEngine.POSTGRESQL ` +
        'or JdbcEngine.MYSQL.');
    }
    this.engine = props.engine;
    this.jdbcUrl = checkJdbcUrl(this, props.engine, props.jdbcUrl);
    this.secret = checkSecret(this, props.secret);
    const { subnet, securityGroup } = this.checkNetwork(props);
    this.subnet = subnet;
    this.securityGroup = securityGroup;
    const workerCount = props.workerCount ?? 2;
    if (!Number.isInteger(workerCount) || workerCount < 2 || workerCount > 100) {
      throwValidationError(this, `workerCount ${workerCount} is invalid: a Glue Spark job has 2 to 100 workers here, e.g. workerCount: 2.`);
    }
    const timeout = props.timeout ?? Duration.hours(2);
    if (!timeout.isUnresolved() && (timeout.toMinutes({ integral: false }) < 1 || !Number.isInteger(timeout.toMinutes({ integral: false })))) {
      throwValidationError(this, `timeout ${timeout.toHumanString()} is invalid: Glue counts job timeouts in whole minutes, at least 1, e.g. Duration.hours(2).`);
    }
    const schedule = props.schedule?.expressionString;
    if (schedule !== undefined && !schedule.startsWith('cron(')) {
      throwValidationError(this, `schedule '${schedule}' is not a cron expression; Glue scheduled triggers take cron expressions only. ` +
        "Use events.Schedule.cron({ hour: '2', minute: '0' }) or events.Schedule.expression('cron(0 2 * * ? *)').");
    }

    const mesh = producer.mesh;
    const stack = Stack.of(this);
    this.prefix = SOURCE_PREFIXES.jdbcSource(this.sourceName);
    const bucketName = mesh.bucketName(producer.domain, MedallionLayer.BRONZE);
    const specs = this.checkTables(props.tables);
    this._tables = specs.map(s => ({ table: s.table, name: s.name, columns: s.columns }));
    this.vpc = props.vpc;
    this.tableNames = specs.map(s => `${this.sourceName}_${s.name}`);
    specs.forEach((s, i) => createBronzeTable(this, `Table${pascal(s.name)}`, producer, {
      name: this.tableNames[i],
      prop: `tables[${i}].name`,
      description: `Table ${s.table} of JDBC source '${this.sourceName}', extracted ${s.mode === 'full' ? 'in full' : `incrementally by ${s.key}`} by extraction date`,
      columns: s.columns,
      partitionKeys: [{
        name: EXTRACTION_DATE_COLUMN,
        type: ColumnType.STRING,
        projection: PartitionProjection.date({ range: 'NOW-10YEARS,NOW', format: 'yyyy-MM-dd' }),
      }],
      format: DataFormat.PARQUET,
      prefix: SOURCE_PREFIXES.jdbc(this.sourceName, s.name),
    }));

    const baseName = `${mesh.name}-${producer.domain}-source-${this.sourceName.replace(/_/g, '-')}`;
    this.connectionName = baseName;
    this.jobName = baseName;

    // Glue requires a self-referencing rule: the job's workers talk to each other through the same group.
    securityGroup.addIngressRule(securityGroup, ec2.Port.allTcp(), `Glue JDBC connection ${baseName}: workers of the extraction job (self-referencing rule Glue requires)`);
    const connection = new glue.CfnConnection(this, 'Connection', {
      catalogId: stack.account,
      connectionInput: {
        name: this.connectionName,
        description: `JDBC source '${this.sourceName}' of ${mesh.name}/${producer.domain}`,
        connectionType: 'JDBC',
        connectionProperties: {
          JDBC_CONNECTION_URL: this.jdbcUrl,
          SECRET_ID: this.secret.secretName,
          JDBC_ENFORCE_SSL: 'true',
        },
        physicalConnectionRequirements: {
          subnetId: subnet.subnetId,
          availabilityZone: availabilityZoneOf(subnet),
          securityGroupIdList: [securityGroup.securityGroupId],
        },
      },
    });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: `cdk-data-mesh ${mesh.name}/${producer.domain}: extraction job of JDBC source '${this.sourceName}' (writes ${this.prefix} of bronze only)`,
    });
    tagSourceRole(role, 'jdbc', this.sourceName);
    this.role = role;
    // Spark writes through a _temporary directory and renames: it lists, reads and deletes what it writes, in its own prefix only.
    grantPrefixWrite(role, producer, this.prefix, { deleteObjects: true });
    grantPrefixRead(role, producer, this.prefix, { objects: true });
    this.secret.grantRead(role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'Connection',
      actions: ['glue:GetConnection'],
      resources: [glueArn(this, 'catalog'), glueArn(this, 'connection', this.connectionName)],
    }));
    // Glue creates the job's network interfaces in the subnet; EC2 has no resource-level scope for these Describe actions.
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'NetworkInterfacesDescribe',
      actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeRouteTables', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets',
        'ec2:DescribeVpcAttribute', 'ec2:DescribeVpcEndpoints'],
      resources: ['*'],
    }));
    const eni = stack.formatArn({ service: 'ec2', resource: 'network-interface', resourceName: '*' });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'NetworkInterfaces',
      actions: ['ec2:CreateNetworkInterface', 'ec2:CreateTags', 'ec2:DeleteNetworkInterface', 'ec2:DeleteTags'],
      resources: [
        eni,
        stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: subnet.subnetId }),
        stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: securityGroup.securityGroupId }),
      ],
    }));
    const script = new s3assets.Asset(this, 'Script', { path: SCRIPT });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'Script',
      actions: ['s3:GetObject'],
      resources: [script.bucket.arnForObjects(script.s3ObjectKey)],
    }));

    // Job output with the bronze key (through S3 only); logs and bookmarks with a key of the source's own, which
    // CloudWatch Logs may use for the job's own log groups only (cdk-nag GL1, GL3).
    const logsKey = new kms.Key(this, 'Key', {
      description: `cdk-data-mesh ${mesh.name}/${producer.domain}: CloudWatch logs and job bookmarks of JDBC source '${this.sourceName}'`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const securityConfiguration = glueSecurityConfiguration(this, 'SecurityConfiguration', baseName,
      { data: producer.key(MedallionLayer.BRONZE), logs: logsKey });
    const logStreams = grantGlueJobLogs(role, baseName, 'Logs');
    allowGlueJobLogsToUseKey(logsKey, baseName, role, 'GlueJobLogs');
    // Job bookmarks are encrypted client-side (CSE-KMS): the role uses the source's own key directly, not through S3.
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'BookmarkEncryption',
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [logsKey.keyArn],
    }));

    const job = new glue.CfnJob(this, 'Job', {
      name: this.jobName,
      description: `Copies ${listOf(specs.map(s => s.table))} of JDBC source '${this.sourceName}' into s3://${bucketName}/${this.prefix}`,
      role: role.roleArn,
      command: { name: 'glueetl', pythonVersion: '3', scriptLocation: script.s3ObjectUrl },
      glueVersion: '4.0',
      workerType: 'G.1X',
      numberOfWorkers: workerCount,
      timeout: timeout.toMinutes(),
      // Bookmarks need runs one after the other.
      executionProperty: { maxConcurrentRuns: 1 },
      connections: { connections: [this.connectionName] },
      securityConfiguration: baseName,
      defaultArguments: {
        '--job-language': 'python',
        '--job-bookmark-option': 'job-bookmark-enable',
        '--enable-metrics': 'true',
        '--enable-continuous-cloudwatch-log': 'true',
        '--engine': this.engine.name,
        '--connection_name': this.connectionName,
        '--tables': JSON.stringify(specs.map(s => ({
          table: s.table, name: s.name, mode: s.mode, key: s.key, columns: s.columns.map(c => ({ name: c.name, type: c.type.name })),
        }))),
        '--target': `s3://${bucketName}/${this.prefix}`,
      },
    });
    job.addDependency(connection);
    job.addDependency(securityConfiguration);
    dependOnRolePolicy(job, role);
    if (schedule !== undefined) {
      const trigger = new glue.CfnTrigger(this, 'Schedule', {
        type: 'SCHEDULED',
        schedule,
        startOnCreation: true,
        actions: [{ jobName: this.jobName }],
      });
      trigger.addDependency(job);
    }

    const objects = producer.bucket(MedallionLayer.BRONZE).arnForObjects(`${this.prefix}*`);
    suppressWildcards(role, [
      { resource: objects, reason: `The extraction job writes (through Spark's _temporary directory: list, read, rename, delete) Parquet files under its own prefix ${this.prefix}, named by Spark at run time; the wildcard covers that prefix only.` },
      { resource: '*', reason: 'ec2:Describe* (network interfaces, route tables, security groups, subnets, VPC attributes and endpoints) support no resource-level permissions; Glue calls them to place the connection\'s network interfaces.' },
      { resource: eni, reason: 'Glue creates and deletes the network interfaces of the job\'s workers at run time; their ids are not known before.' },
      ...logStreams.map(resource => ({ resource, reason: 'Glue names the log streams of a job run at run time (by the run id); the wildcard covers the streams of one of the job\'s own log groups.' })),
      { resource: `${this.secret.secretArn}-??????`, reason: 'Secrets Manager appends six random characters to a secret\'s ARN; the wildcard covers only that suffix.' },
    ]);
  }

  /** Grants `grantee` the right to start and watch the extraction job (e.g. a pipeline's role). */
  public grantStartJob(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:BatchStopJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:StartJobRun'],
      resourceArns: [glueArn(this, 'job', this.jobName)],
    });
  }

  /** The subnet and security group of the connection, checked: private subnets only, a security group given. */
  private checkNetwork(props: JdbcSourceProps): { subnet: ec2.ISubnet; securityGroup: ec2.ISecurityGroup } {
    const vpc = props.vpc;
    if (!vpc || typeof (vpc as Partial<ec2.IVpc>).selectSubnets !== 'function') {
      throwValidationError(this, 'vpc is required: pass the VPC the database is reachable from (ec2.Vpc, or ec2.Vpc.fromLookup for an existing one).');
    }
    const privateSubnets = [...vpc.privateSubnets, ...vpc.isolatedSubnets];
    if (privateSubnets.length === 0) {
      throwValidationError(this, `vpc '${vpc.node.path}' has no private subnets (only ${vpc.publicSubnets.length} public). Glue's network interfaces get no public ` +
        'IP address, so in a public subnet the job reaches neither the database nor S3. Add private subnets (with a NAT gateway or an S3 gateway endpoint) ' +
        'or pass a VPC that has them.');
    }
    const defaultType = vpc.privateSubnets.length > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
    const selection = props.vpcSubnets ?? { subnetType: defaultType };
    const subnets = vpc.selectSubnets(selection).subnets;
    if (subnets.length === 0) {
      throwValidationError(this, `vpcSubnets selects no subnet of vpc '${vpc.node.path}'. Select one of its private subnets, or omit vpcSubnets.`);
    }
    const publicIds = new Set(vpc.publicSubnets.map(s => s.subnetId));
    const pub = subnets.find(s => publicIds.has(s.subnetId));
    if (pub) {
      throwValidationError(this, `vpcSubnets selects public subnet ${pub.node.path}; Glue's network interfaces get no public IP address, so there the job reaches ` +
        'neither the database nor S3. Select private subnets, e.g. vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, or omit vpcSubnets.');
    }
    const sg = props.securityGroup;
    if (!sg || typeof (sg as Partial<ec2.ISecurityGroup>).securityGroupId !== 'string') {
      throwValidationError(this, 'securityGroup is required: the security group of the connection\'s network interfaces (the database\'s group must allow the ' +
        'engine\'s port from it), e.g. new ec2.SecurityGroup(this, \'Extraction\', { vpc }).');
    }
    const subnet = subnets[0];
    if (!(subnet.node.defaultChild instanceof ec2.CfnSubnet) && !hasAvailabilityZone(subnet)) {
      throwValidationError(this, `vpcSubnets selects subnet ${subnet.subnetId} (${subnet.node.path}), which is imported without an availability zone; a Glue ` +
        'connection names its subnet\'s zone. Import it with its zone, e.g. ec2.Subnet.fromSubnetAttributes(this, \'Subnet\', { subnetId, availabilityZone: ' +
        '\'eu-west-1a\' }), or give the VPC\'s availabilityZones in ec2.Vpc.fromVpcAttributes.');
    }
    return { subnet, securityGroup: sg };
  }

  private checkTables(tables: JdbcTable[]): Array<{ table: string; name: string; mode: 'full' | 'incremental'; key?: string; columns: BronzeColumn[] }> {
    if (!Array.isArray(tables) || tables.length === 0) {
      throwValidationError(this, "tables is empty. Name the tables to copy, e.g. tables: [{ table: 'public.claims', columns: [...] }].");
    }
    const specs = tables.map((t, i) => {
      if (typeof t?.table !== 'string' || !/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/.test(t.table)) {
        throwValidationError(this, `tables[${i}].table '${t?.table}' is not a table name: give the table, optionally schema-qualified, e.g. 'public.claims'.`);
      }
      const name = t.name ?? t.table.split('.').pop()!.toLowerCase();
      checkName(this, `tables[${i}].name`, name, { ...GLUE_NAME, example: 'claims' });
      const columns = checkColumns(this, `tables[${i}].columns`, t.columns);
      if (columns.some(c => c.name === EXTRACTION_DATE_COLUMN)) {
        throwValidationError(this, `tables[${i}].columns of table '${t.table}' declares '${EXTRACTION_DATE_COLUMN}', the partition key every extracted table gets ` +
          '(the UTC date of the run). Rename the column in bronze, or leave it out.');
      }
      if (t.incrementalKey !== undefined) {
        const key = checkColumnOf(this, `tables[${i}].incrementalKey`, t.incrementalKey, columns, `table '${t.table}'`,
          'The bookmark key must be one of the copied columns: add it to columns, or fix its name.');
        if (key.type._complex || ['boolean', 'binary', 'double', 'float'].includes(key.type.name)) {
          throwValidationError(this, `tables[${i}].incrementalKey '${key.name}' of table '${t.table}' has type '${key.type.name}'; a bookmark key must be an integer, ` +
            'a decimal, a string, a date or a timestamp that grows with every new row (e.g. an id). Pick such a column.');
        }
      }
      return { table: t.table, name, mode: t.incrementalKey === undefined ? 'full' as const : 'incremental' as const, key: t.incrementalKey, columns };
    });
    const dup = duplicates(specs.map(s => s.name));
    if (dup.length > 0) {
      throwValidationError(this, `tables copies two tables to bronze name '${dup[0]}'; each needs a name of its own (prefix jdbc/${this.sourceName}/<name>/). Set name on one of them.`);
    }
    return specs;
  }
}

/** A JDBC URL of the engine: `jdbc:<engine>://<host>[:<port>]/<database>[?...]`; tokens (e.g. an RDS endpoint) stand for a host or port. */
function checkJdbcUrl(scope: Construct, engine: JdbcEngine, url: string): string {
  const example = `${engine.urlPrefix}claims-db.internal.example:${engine.defaultPort}/claims`;
  if (typeof url !== 'string' || url.length === 0) {
    throwValidationError(scope, `jdbcUrl is required: the JDBC URL of the database, e.g. '${example}'.`);
  }
  const literal = Token.isUnresolved(url) ? url.replace(/\$\{Token\[[^\]]+\]\}/g, 'token') : url;
  const m = /^jdbc:([a-z0-9]+):\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(?::(\d{1,5}|token))?\/([A-Za-z0-9_$-]+|token)(\?[^\s]*)?$/.exec(literal);
  if (!m) {
    throwValidationError(scope, `jdbcUrl '${url}' is not a JDBC URL: write ${engine.urlPrefix}<host>[:<port>]/<database>, e.g. '${example}'.`);
  }
  if (m[1] !== engine.name) {
    throwValidationError(scope, `jdbcUrl '${url}' is a ${m[1]} URL but engine is ${engine.name}. Use engine: JdbcEngine.${m[1] === 'mysql' ? 'MYSQL' : 'POSTGRESQL'}, ` +
      `or a URL like '${example}'.`);
  }
  if (m[3] !== undefined && m[3] !== 'token' && (Number(m[3]) < 1 || Number(m[3]) > 65535)) {
    throwValidationError(scope, `jdbcUrl '${url}' has port ${m[3]}; a port is 1 to 65535, e.g. '${example}'.`);
  }
  return url;
}

/** A Secrets Manager secret (not a string, not an SSM parameter). */
function checkSecret(scope: Construct, secret: secretsmanager.ISecret): secretsmanager.ISecret {
  const fix = 'Credentials come from AWS Secrets Manager only: pass a secret, e.g. secretsmanager.Secret.fromSecretNameV2(this, \'ClaimsDb\', \'claims-db\') or ' +
    'an RDS instance\'s secret (db.secret).';
  if (secret === undefined || secret === null) throwValidationError(scope, `secret is required. ${fix}`);
  const s = secret as Partial<secretsmanager.ISecret> & { parameterArn?: string };
  if (typeof secret === 'string') throwValidationError(scope, `secret is the string '${String(secret)}', not a Secrets Manager secret. ${fix}`);
  if (typeof s.secretArn !== 'string' || typeof s.grantRead !== 'function') {
    const what = typeof s.parameterArn === 'string' ? `an SSM parameter (${s.parameterArn})` : 'not a Secrets Manager secret';
    throwValidationError(scope, `secret is ${what}. ${fix}`);
  }
  if (!Token.isUnresolved(s.secretArn) && !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(s.secretArn)) {
    throwValidationError(scope, `secret has ARN '${s.secretArn}', which is not a Secrets Manager secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>). ${fix}`);
  }
  return secret;
}

/** Whether an imported subnet knows its zone (ec2.Subnet.fromSubnetId's subnets throw when asked). */
function hasAvailabilityZone(subnet: ec2.ISubnet): boolean {
  try {
    const az = subnet.availabilityZone;
    return typeof az === 'string' && az.length > 0;
  } catch {
    return false;
  }
}

/** A subnet's zone: Fn::GetAtt of a subnet of this app (no zone name written in the template, cfn-lint W3010), else the imported subnet's. */
function availabilityZoneOf(subnet: ec2.ISubnet): string {
  const cfnSubnet = subnet.node.defaultChild;
  return cfnSubnet instanceof ec2.CfnSubnet ? cfnSubnet.attrAvailabilityZone : subnet.availabilityZone;
}
