/*
 * Issue 17: bad source inputs are synth-time errors naming the construct, the prop, the value and the fix.
 */
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  BatchSource, BatchSourceProps, ChangeDataCapture, ColumnType, DataFormat, DataProducer, JdbcEngine, JdbcSource, JdbcSourceProps, MeshDescription,
  StreamPartitioning, StreamSource, StreamSourceProps,
} from '../../src';
import { MeshValidationError } from '../../src/private/errors';

const mesh = new MeshDescription({
  name: 'bank',
  governance: { account: '111111111111', region: 'eu-west-1' },
  producers: [{ domain: 'insurance', account: '222222222222', products: ['claims'] }],
  consumers: [],
});

function producerStack(): { stack: Stack; lake: DataProducer } {
  const stack = new Stack(new App(), 'Insurance', { env: mesh.producerEnv('insurance') });
  return { stack, lake: new DataProducer(stack, 'Lake', { mesh, domain: 'insurance' }) };
}

/** The error `build` throws (a MeshValidationError), or fails. */
function errorOf(build: () => unknown): MeshValidationError {
  try {
    build();
  } catch (e) {
    expect(MeshValidationError.isMeshValidationError(e)).toBe(true);
    return e as MeshValidationError;
  }
  throw new Error('expected a MeshValidationError');
}

const columns = [{ name: 'trade_id', type: ColumnType.STRING }, { name: 'desk', type: ColumnType.STRING }, { name: 'tags', type: ColumnType.arrayOf(ColumnType.STRING) }];

describe('StreamSource', () => {
  const stream = (props: Partial<StreamSourceProps>) => {
    const { stack, lake } = producerStack();
    return () => new StreamSource(stack, 'Trades', { producer: lake, name: 'trades', columns, ...props });
  };

  test('a partition key not in the schema', () => {
    expect(errorOf(stream({ partitioning: StreamPartitioning.byFields(['book']) })).message).toBe(
      "StreamSource 'Trades': partitioning.fields[0] 'book' is not a column of source 'trades' (columns: trade_id, desk, tags). A partition key of a stream is " +
      'a field of its records: add it to columns, or fix its name.');
  });

  test('a complex partition key', () => {
    expect(errorOf(stream({ partitioning: StreamPartitioning.byFields(['tags']) })).message).toMatch(/^StreamSource 'Trades': partitioning\.fields\[0\] 'tags' has type 'array<string>'/);
  });

  test.each([
    [Size.mebibytes(32), "StreamSource 'Trades': bufferSize 32 MiB is out of Firehose's range: with record format conversion to Parquet the buffer is 64 to 128 MiB (whole MiB), e.g. bufferSize: Size.mebibytes(128)."],
    [Size.mebibytes(256), "StreamSource 'Trades': bufferSize 256 MiB is out of Firehose's range: with record format conversion to Parquet the buffer is 64 to 128 MiB (whole MiB), e.g. bufferSize: Size.mebibytes(128)."],
  ])('buffer size %s out of range', (bufferSize, message) => {
    expect(errorOf(stream({ bufferSize })).message).toBe(message);
  });

  test.each([[Duration.seconds(30)], [Duration.minutes(20)]])('buffer interval %s out of range', bufferInterval => {
    expect(errorOf(stream({ bufferInterval })).message).toMatch(/^StreamSource 'Trades': bufferInterval .* is out of range: Firehose buffers 60 to 900 seconds here \(whole seconds\), e\.g\. bufferInterval: Duration\.minutes\(5\)\.$/);
  });

  test('no columns; a column that is not a ColumnType', () => {
    expect(errorOf(stream({ columns: [] })).message).toMatch(/^StreamSource 'Trades': columns is empty\. Declare the columns/);
    expect(errorOf(stream({ columns: [{ name: 'x', type: 'string' as any }] })).message)
      .toBe("StreamSource 'Trades': columns[0].type of column 'x' is 'string', not a ColumnType. Use a ColumnType constant or factory, e.g. type: ColumnType.STRING.");
  });
});

describe('JdbcSource', () => {
  const vpcOf = (stack: Stack, subnetType: ec2.SubnetType) => new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'a', subnetType }] });
  const jdbc = (props: Partial<JdbcSourceProps>, options: { publicOnly?: boolean } = {}) => {
    const { stack, lake } = producerStack();
    const vpc = vpcOf(stack, options.publicOnly ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_ISOLATED);
    return () => new JdbcSource(stack, 'ClaimsDb', {
      producer: lake,
      name: 'claims_db',
      engine: JdbcEngine.POSTGRESQL,
      jdbcUrl: 'jdbc:postgresql://db.internal:5432/claims',
      secret: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'claims-db'),
      vpc,
      securityGroup: new ec2.SecurityGroup(stack, 'Sg', { vpc }),
      tables: [{ table: 'public.claims', incrementalKey: 'claim_id', columns: [{ name: 'claim_id', type: ColumnType.BIGINT }] }],
      ...props,
    });
  };

  test.each([
    ['postgres://db.internal:5432/claims'],
    ['jdbc:postgresql:/db.internal/claims'],
    ['jdbc:postgresql://db.internal:5432'],
    ['jdbc:postgresql://db internal:5432/claims'],
  ])('a JDBC URL that is not one: %s', url => {
    expect(errorOf(jdbc({ jdbcUrl: url })).message).toBe(`JdbcSource 'ClaimsDb': jdbcUrl '${url}' is not a JDBC URL: write jdbc:postgresql://<host>[:<port>]/<database>, ` +
      "e.g. 'jdbc:postgresql://claims-db.internal.example:5432/claims'.");
  });

  test('a URL of another engine; a port out of range', () => {
    expect(errorOf(jdbc({ jdbcUrl: 'jdbc:mysql://db.internal:3306/claims' })).message).toBe("JdbcSource 'ClaimsDb': jdbcUrl 'jdbc:mysql://db.internal:3306/claims' is a " +
      "mysql URL but engine is postgresql. Use engine: JdbcEngine.MYSQL, or a URL like 'jdbc:postgresql://claims-db.internal.example:5432/claims'.");
    expect(errorOf(jdbc({ jdbcUrl: 'jdbc:postgresql://db.internal:99999/claims' })).message).toMatch(/has port 99999; a port is 1 to 65535/);
  });

  test('a URL with a token for the host is accepted (an RDS endpoint)', () => {
    const { stack, lake } = producerStack();
    const vpc = vpcOf(stack, ec2.SubnetType.PRIVATE_ISOLATED);
    const host = new ssm.StringParameter(stack, 'Host', { stringValue: 'db.internal' }).stringValue;
    expect(() => new JdbcSource(stack, 'ClaimsDb', {
      producer: lake,
      name: 'claims_db',
      engine: JdbcEngine.POSTGRESQL,
      jdbcUrl: `jdbc:postgresql://${host}:5432/claims`,
      secret: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'claims-db'),
      vpc,
      securityGroup: new ec2.SecurityGroup(stack, 'Sg', { vpc }),
      tables: [{ table: 'claims', columns: [{ name: 'claim_id', type: ColumnType.BIGINT }] }],
    })).not.toThrow();
  });

  test('a secret that is not a Secrets Manager secret', () => {
    const fix = "Credentials come from AWS Secrets Manager only: pass a secret, e.g. secretsmanager.Secret.fromSecretNameV2(this, 'ClaimsDb', 'claims-db') or an RDS instance's secret (db.secret).";
    expect(errorOf(jdbc({ secret: 'claims-db' as any })).message).toBe(`JdbcSource 'ClaimsDb': secret is the string 'claims-db', not a Secrets Manager secret. ${fix}`);
    const { stack } = producerStack();
    const parameter = ssm.StringParameter.fromStringParameterName(stack, 'P', 'claims-db-password');
    expect(errorOf(jdbc({ secret: parameter as any })).message).toMatch(/^JdbcSource 'ClaimsDb': secret is an SSM parameter \(.*\)\. Credentials come from AWS Secrets Manager only/);
    expect(errorOf(jdbc({ secret: { secretArn: 'arn:aws:ssm:eu-west-1:222222222222:parameter/claims', grantRead: () => undefined } as any })).message)
      .toBe('JdbcSource \'ClaimsDb\': secret has ARN \'arn:aws:ssm:eu-west-1:222222222222:parameter/claims\', which is not a Secrets Manager secret ARN ' +
        `(arn:<partition>:secretsmanager:<region>:<account>:secret:<name>). ${fix}`);
  });

  test('a VPC without private subnets', () => {
    expect(errorOf(jdbc({}, { publicOnly: true })).message).toBe("JdbcSource 'ClaimsDb': vpc 'Insurance/Vpc' has no private subnets (only 1 public). Glue's network " +
      'interfaces get no public IP address, so in a public subnet the job reaches neither the database nor S3. Add private subnets (with a NAT gateway or an ' +
      'S3 gateway endpoint) or pass a VPC that has them.');
  });

  test('a public subnet selected', () => {
    const { stack, lake } = producerStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 1,
      natGateways: 0,
      subnetConfiguration: [{ name: 'pub', subnetType: ec2.SubnetType.PUBLIC }, { name: 'priv', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    expect(errorOf(() => new JdbcSource(stack, 'ClaimsDb', {
      producer: lake,
      name: 'claims_db',
      engine: JdbcEngine.POSTGRESQL,
      jdbcUrl: 'jdbc:postgresql://db.internal/claims',
      secret: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'claims-db'),
      vpc,
      securityGroup: new ec2.SecurityGroup(stack, 'Sg', { vpc }),
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      tables: [{ table: 'claims', columns: [{ name: 'claim_id', type: ColumnType.BIGINT }] }],
    })).message).toMatch(/^JdbcSource 'ClaimsDb': vpcSubnets selects public subnet Insurance\/Vpc\/pubSubnet1; .* Select private subnets/);
  });

  test('no security group', () => {
    expect(errorOf(jdbc({ securityGroup: undefined as any })).message).toMatch(/^JdbcSource 'ClaimsDb': securityGroup is required/);
  });

  test('an incremental key not in the columns, or of a type that cannot be a bookmark', () => {
    expect(errorOf(jdbc({ tables: [{ table: 'public.claims', incrementalKey: 'id', columns: [{ name: 'claim_id', type: ColumnType.BIGINT }] }] })).message).toBe(
      "JdbcSource 'ClaimsDb': tables[0].incrementalKey 'id' is not a column of table 'public.claims' (columns: claim_id). The bookmark key must be one of the copied " +
      'columns: add it to columns, or fix its name.');
    expect(errorOf(jdbc({ tables: [{ table: 'public.claims', incrementalKey: 'ok', columns: [{ name: 'ok', type: ColumnType.BOOLEAN }] }] })).message)
      .toMatch(/tables\[0\]\.incrementalKey 'ok' of table 'public.claims' has type 'boolean'/);
  });

  test('a declared extraction_date column; two tables with one bronze name; a rate schedule', () => {
    expect(errorOf(jdbc({ tables: [{ table: 'claims', columns: [{ name: 'extraction_date', type: ColumnType.DATE }] }] })).message).toMatch(/declares 'extraction_date'/);
    const cols = [{ name: 'a', type: ColumnType.INT }];
    expect(errorOf(jdbc({ tables: [{ table: 'a.claims', columns: cols }, { table: 'b.claims', columns: cols }] })).message).toMatch(/to bronze name 'claims'; .* Set name on one of them\.$/);
    expect(errorOf(jdbc({ schedule: events.Schedule.rate(Duration.hours(1)) })).message).toMatch(/^JdbcSource 'ClaimsDb': schedule 'rate\(1 hour\)' is not a cron expression/);
  });
});

describe('ChangeDataCapture', () => {
  test('a table the source does not copy; subnets in one zone; a capacity DMS does not have', () => {
    const { stack, lake } = producerStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'a', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const source = new JdbcSource(stack, 'ClaimsDb', {
      producer: lake,
      name: 'claims_db',
      engine: JdbcEngine.POSTGRESQL,
      jdbcUrl: 'jdbc:postgresql://db.internal/claims',
      secret: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'claims-db'),
      vpc,
      securityGroup: new ec2.SecurityGroup(stack, 'Sg', { vpc }),
      tables: [{ table: 'public.claims', columns: [{ name: 'claim_id', type: ColumnType.BIGINT }] }],
    });
    expect(errorOf(() => new ChangeDataCapture(stack, 'A', { source, tables: ['policies'] })).message).toBe("ChangeDataCapture 'A': tables[0] 'policies' is not a " +
      "table of JDBC source 'claims_db' (its tables: claims). Use one of those, or add it to the source.");
    expect(errorOf(() => new ChangeDataCapture(stack, 'B', { source, maxCapacityUnits: 3 })).message).toMatch(/^ChangeDataCapture 'B': maxCapacityUnits 3 is not a DMS Serverless capacity/);
    expect(errorOf(() => new ChangeDataCapture(stack, 'C', { source })).message).toMatch(/^ChangeDataCapture 'C': vpcSubnets selects 1 subnets in 1 Availability Zones; a DMS subnet group needs private subnets in at least two zones/);
  });
});

describe('BatchSource', () => {
  const batch = (props: Partial<BatchSourceProps>) => {
    const { stack, lake } = producerStack();
    return () => new BatchSource(stack, 'Policyholders', { producer: lake, name: 'policyholders', columns: [{ name: 'policy_id', type: ColumnType.STRING }], ...props });
  };

  test('an SSH key that is not one; a bad user name; no users', () => {
    expect(errorOf(batch({ sftp: { users: [{ userName: 'acme', sshPublicKeys: ['-----BEGIN RSA PRIVATE KEY-----'] }] } })).message).toMatch(
      /^BatchSource 'Policyholders': sftp\.users\[0\]\.sshPublicKeys\[0\] of user 'acme' is not an SSH public key in OpenSSH format \('-----BEGIN RSA PRIVATE KEY-----'\)/);
    expect(errorOf(batch({ sftp: { users: [{ userName: '-x', sshPublicKeys: ['ssh-ed25519 AAAA'] }] } })).message).toMatch(/sftp\.users\[0\]\.userName '-x' is invalid/);
    expect(errorOf(batch({ sftp: { users: [] } })).message).toMatch(/^BatchSource 'Policyholders': sftp\.users is empty/);
  });

  test('an uploader of another account', () => {
    const { stack, lake } = producerStack();
    const source = new BatchSource(stack, 'Files', { producer: lake, name: 'files', columns: [{ name: 'a', type: ColumnType.STRING }] });
    expect(errorOf(() => source.grantUpload(new iam.AccountPrincipal('999999999999'))).message).toMatch(
      /^BatchSource 'Files': grantUpload\(grantee\) refused: the grantee is in account 999999999999, not in the producer account 222222222222/);
  });

  test('header lines with a format that has none', () => {
    expect(errorOf(batch({ format: DataFormat.JSON, headerLines: 1 })).message).toBe("BatchSource 'Policyholders': headerLines is 1 but format is 'json'; header " +
      'lines exist only in CSV files. Remove headerLines, or use DataFormat.CSV.');
  });

  test('two sources of one producer with one name; a source in another stack than its producer', () => {
    const { stack, lake } = producerStack();
    const cols = [{ name: 'a', type: ColumnType.STRING }];
    new BatchSource(stack, 'A', { producer: lake, name: 'files', columns: cols });
    expect(errorOf(() => new BatchSource(stack, 'B', { producer: lake, name: 'files', columns: cols })).message).toBe(
      "BatchSource 'B': name 'files' is already the source name of BatchSource 'A' in producer 'insurance'; each source of a producer has a name of its own " +
      '(its prefix and its table in bank_insurance_bronze derive from it). Rename one of them.');
    const other = new Stack(stack.node.root as App, 'Other', { env: mesh.producerEnv('insurance') });
    expect(errorOf(() => new BatchSource(other, 'C', { producer: lake, name: 'more', columns: cols })).message).toMatch(
      /^BatchSource 'C': is in stack 'Other' but its producer 'insurance' is in stack 'Insurance'\. Create the source in the producer's stack/);
  });
});

describe('BatchSource.fromBatchSourceAttributes', () => {
  test('the same prefix, table and event pattern as the source itself; a name or domain that is not one is refused', () => {
    const { stack, lake } = producerStack();
    const source = new BatchSource(stack, 'Files', { producer: lake, name: 'policyholders', columns: [{ name: 'a', type: ColumnType.STRING }] });
    const pipelineStack = new Stack(stack.node.root as App, 'Pipeline', { env: mesh.producerEnv('insurance') });
    const imported = BatchSource.fromBatchSourceAttributes(pipelineStack, 'Files', { mesh, domain: 'insurance', name: 'policyholders' });
    expect([imported.prefix, imported.tableName]).toEqual([source.prefix, source.tableName]);
    expect(pipelineStack.resolve(imported.objectCreatedEventPattern)).toEqual(stack.resolve(source.objectCreatedEventPattern));
    const rule = imported.onObjectCreated('Start');
    expect(Stack.of(rule)).toBe(pipelineStack);
    expect(errorOf(() => BatchSource.fromBatchSourceAttributes(pipelineStack, 'X', { mesh, domain: 'bi', name: 'files' })).message)
      .toMatch(/^BatchSource 'X': domain 'bi' is not a producer domain of the mesh/);
    expect(errorOf(() => BatchSource.fromBatchSourceAttributes(pipelineStack, 'Y', { mesh, domain: 'insurance', name: 'Bad-Name' })).message)
      .toMatch(/^BatchSource 'Y': name 'Bad-Name' is invalid/);
  });
});
