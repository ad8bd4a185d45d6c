/*
 * Issue 17 review: the JDBC job's log groups (named by Glue after the security configuration and the role) and its
 * own key for logs and bookmarks, the stream grants' key condition, a MySQL source with change data capture, the
 * validation of imported subnets and stream retention, and the bronze bucket's notifications kept when EventBridge
 * is turned on.
 */
import { App, CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  ChangeDataCapture, ColumnType, DataProducer, JdbcEngine, JdbcSource, JdbcSourceProps, MeshDescription, StreamSource, StreamSourceProps,
} from '../../src';
import { MedallionLayer } from '../../src/mesh';
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

function errorOf(build: () => unknown): MeshValidationError {
  try {
    build();
  } catch (e) {
    expect(MeshValidationError.isMeshValidationError(e)).toBe(true);
    return e as MeshValidationError;
  }
  throw new Error('expected a MeshValidationError');
}

const claims = [{ name: 'claim_id', type: ColumnType.BIGINT }, { name: 'amount', type: ColumnType.decimal(18, 2) }];

function jdbcSource(stack: Stack, lake: DataProducer, props: Partial<JdbcSourceProps> = {}): JdbcSource {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'a', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  return new JdbcSource(stack, 'ClaimsDb', {
    producer: lake,
    name: 'claims_db',
    engine: JdbcEngine.POSTGRESQL,
    jdbcUrl: 'jdbc:postgresql://db.internal:5432/claims',
    secret: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'claims-db'),
    vpc,
    securityGroup: new ec2.SecurityGroup(stack, 'Sg', { vpc }),
    tables: [{ table: 'public.claims', incrementalKey: 'claim_id', columns: claims }],
    ...props,
  });
}

/** The template's value of a log group ARN of the stack (Fn::Join of the partition and the name parts). */
const logGroupArn = (first: string, ...rest: unknown[]) =>
  ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:eu-west-1:222222222222:log-group:${first}`, ...rest]] });

describe('JdbcSource: the log groups Glue writes with the security configuration', () => {
  const { stack, lake } = producerStack();
  const source = jdbcSource(stack, lake);
  const template = Template.fromStack(stack);
  const role = stack.resolve((source.role.node.defaultChild as iam.CfnRole).logicalId);
  const sc = 'bank-insurance-source-claims-db';
  // Glue: /aws-glue/jobs/<security configuration>-role/<role name>/output|error, and /aws-glue/jobs/logs-v2-<security configuration>.
  const output = logGroupArn(`/aws-glue/jobs/${sc}-role/`, { Ref: role }, '/output');
  const error = logGroupArn(`/aws-glue/jobs/${sc}-role/`, { Ref: role }, '/error');

  const statements = () => Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(p => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap(p => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>);

  test('the role writes exactly those groups and their streams', () => {
    const logs = statements().find(s => s.Sid === 'Logs')!;
    expect(logs.Action).toEqual(['logs:AssociateKmsKey', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']);
    const resources = JSON.stringify(logs.Resource);
    for (const group of [output, error]) {
      expect(logs.Resource).toContainEqual(group);
    }
    expect(resources).toContain(`/aws-glue/jobs/logs-v2-${sc}`);
    expect(resources).toContain(`/aws-glue/jobs/logs-v2-${sc}:*`);
    // Not the old prefix of the job name (where Glue writes nothing for an encrypted job), nothing under /aws-glue/ at large.
    expect(resources).not.toMatch(/log-group:\/aws-glue\/jobs\/bank-insurance-source-claims-db\*/);
    expect(resources).not.toMatch(/log-group:\/aws-glue\/\*/);
    expect(logs.Resource).toHaveLength(6);
    expect(logs.Resource).toContainEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:eu-west-1:222222222222:log-group:/aws-glue/jobs/logs-v2-${sc}`]] });
  });

  test('CloudWatch Logs may use the source\'s own key for those groups only; the bronze key is not used for logs or bookmarks', () => {
    const keys = template.findResources('AWS::KMS::Key');
    const own = Object.entries(keys).find(([, k]) => /JDBC source 'claims_db'/.test(k.Properties.Description))!;
    expect(own).toBeDefined();
    expect(own[1].DeletionPolicy).toBe('Retain');
    const logsStatement = (own[1].Properties.KeyPolicy.Statement as Array<Record<string, any>>).find(s => s.Sid === 'GlueJobLogs')!;
    expect(logsStatement.Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
    const context = logsStatement.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn'];
    expect(context).toContainEqual(output);
    expect(context).toContainEqual(error);
    expect(JSON.stringify(context)).toContain(`/aws-glue/jobs/logs-v2-${sc}"`);
    expect(context).toHaveLength(3);
    template.hasResourceProperties('AWS::Glue::SecurityConfiguration', {
      Name: sc,
      EncryptionConfiguration: {
        CloudWatchEncryption: { CloudWatchEncryptionMode: 'SSE-KMS', KmsKeyArn: { 'Fn::GetAtt': [own[0], 'Arn'] } },
        JobBookmarksEncryption: { JobBookmarksEncryptionMode: 'CSE-KMS', KmsKeyArn: { 'Fn::GetAtt': [own[0], 'Arn'] } },
        S3Encryptions: [{ S3EncryptionMode: 'SSE-KMS', KmsKeyArn: stack.resolve(lake.key(MedallionLayer.BRONZE).keyArn) }],
      },
    });
    const bookmarks = statements().find(s => s.Sid === 'BookmarkEncryption')!;
    expect(bookmarks.Resource).toEqual({ 'Fn::GetAtt': [own[0], 'Arn'] });
    // Every use of the bronze key by the job role goes through S3.
    const bronze = stack.resolve(lake.key(MedallionLayer.BRONZE).keyArn);
    for (const s of statements().filter(st => JSON.stringify(st.Resource) === JSON.stringify(bronze))) {
      expect(s.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
    }
    // And the bronze key policy names no Glue log group.
    const bronzeKey = keys[stack.getLogicalId(lake.key(MedallionLayer.BRONZE).node.defaultChild as CfnElement)];
    expect(bronzeKey).toBeDefined();
    expect(JSON.stringify(bronzeKey.Properties.KeyPolicy)).not.toContain('aws-glue');
  });

  test('GetBucketLocation is allowed without the s3:prefix condition of ListBucket', () => {
    const bucket = stack.resolve(lake.bucket(MedallionLayer.BRONZE).bucketArn);
    const location = statements().find(s => s.Action === 's3:GetBucketLocation')!;
    expect(location).toEqual({ Action: 's3:GetBucketLocation', Effect: 'Allow', Resource: bucket });
    const list = statements().find(s => s.Action === 's3:ListBucket')!;
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': ['jdbc/claims_db/', 'jdbc/claims_db/*'] } });
  });

  test('JdbcSource.isJdbcSource: a marker, not instanceof', () => {
    expect(JdbcSource.isJdbcSource(source)).toBe(true);
    expect(JdbcSource.isJdbcSource({ ...source })).toBe(false);
    // An object of another copy of the library carries the same global symbol.
    const copy = Object.create(null);
    Object.defineProperty(copy, Symbol.for('cdk-data-mesh.JdbcSource'), { value: true });
    expect(JdbcSource.isJdbcSource(copy)).toBe(true);
    expect(JdbcSource.isJdbcSource(undefined)).toBe(false);
  });
});

describe('a MySQL source with change data capture', () => {
  const { stack, lake } = producerStack();
  const source = jdbcSource(stack, lake, {
    engine: JdbcEngine.MYSQL,
    jdbcUrl: 'jdbc:mysql://claims.internal:3306/claims',
    tables: [{ table: 'claims', columns: claims }, { table: 'archive.claims', name: 'old_claims', columns: claims }],
  });
  new ChangeDataCapture(stack, 'ClaimsChanges', { source });
  const template = Template.fromStack(stack);

  test('the connection and the job take the MySQL URL and engine', () => {
    template.hasResourceProperties('AWS::Glue::Connection', {
      ConnectionInput: Match.objectLike({
        ConnectionType: 'JDBC',
        ConnectionProperties: Match.objectLike({ JDBC_CONNECTION_URL: 'jdbc:mysql://claims.internal:3306/claims', JDBC_ENFORCE_SSL: 'true' }),
      }),
    });
    template.hasResourceProperties('AWS::Glue::Job', { DefaultArguments: Match.objectLike({ '--engine': 'mysql' }) });
  });

  test('DMS reads MySQL with mySqlSettings (the secret), and an unqualified table is in the URL\'s database', () => {
    const endpoints = template.findResources('AWS::DMS::Endpoint', { Properties: { EndpointType: 'source' } });
    const endpoint = Object.values(endpoints)[0].Properties;
    expect(endpoint.EngineName).toBe('mysql');
    expect(endpoint.MySqlSettings).toBeDefined();
    expect(endpoint.MySqlSettings.SecretsManagerSecretId).toBeDefined();
    expect(endpoint.PostgreSqlSettings).toBeUndefined();
    const config = Object.values(template.findResources('AWS::DMS::ReplicationConfig'))[0].Properties;
    const rules = (typeof config.TableMappings === 'string' ? JSON.parse(config.TableMappings) : config.TableMappings).rules;
    const selections = rules.filter((r: any) => r['rule-type'] === 'selection').map((r: any) => r['object-locator']);
    expect(selections).toEqual(expect.arrayContaining([
      expect.objectContaining({ 'schema-name': 'claims', 'table-name': 'claims' }),
      expect.objectContaining({ 'schema-name': 'archive', 'table-name': 'claims' }),
    ]));
  });
});

describe('bad input', () => {
  test('an imported subnet without an availability zone', () => {
    const { stack, lake } = producerStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-1'] });
    expect(errorOf(() => new JdbcSource(stack, 'ClaimsDb', {
      producer: lake,
      name: 'claims_db',
      engine: JdbcEngine.POSTGRESQL,
      jdbcUrl: 'jdbc:postgresql://db.internal:5432/claims',
      secret: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'claims-db'),
      vpc,
      vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'Imported', 'subnet-2')] },
      securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-1'),
      tables: [{ table: 'public.claims', columns: claims }],
    })).message).toMatch(/^JdbcSource 'ClaimsDb': vpcSubnets selects subnet subnet-2 \(Insurance\/Imported\), which is imported without an availability zone; .*fromSubnetAttributes/);
  });

  const stream = (props: Partial<StreamSourceProps>) => {
    const { stack, lake } = producerStack();
    return () => new StreamSource(stack, 'Trades', { producer: lake, name: 'trades', columns: [{ name: 'trade_id', type: ColumnType.STRING }], ...props });
  };
  test.each([[Duration.hours(12)], [Duration.days(400)], [Duration.minutes(24 * 60 + 30)]])('a stream retention out of Kinesis\'s range: %s', retentionPeriod => {
    expect(errorOf(stream({ retentionPeriod })).message).toBe(`StreamSource 'Trades': retentionPeriod ${retentionPeriod.toHumanString()} is out of range: a Kinesis stream keeps ` +
      'records 24 to 8760 hours (1 to 365 days), in whole hours, e.g. retentionPeriod: Duration.days(7).');
  });
  test.each([[Duration.seconds(30)], [Duration.hours(24)]])('maxIteratorAge out of range: %s', maxIteratorAge => {
    expect(errorOf(stream({ maxIteratorAge })).message).toMatch(/^StreamSource 'Trades': maxIteratorAge .* is out of range: the alarm needs at least 1 minute, and less than the stream's retentionPeriod \(1 day;/);
  });
  test('retention and iterator age in range synthesize', () => {
    expect(() => stream({ retentionPeriod: Duration.days(365), maxIteratorAge: Duration.hours(25) })()).not.toThrow();
  });
});

describe('StreamSource grants: Kinesis actions, the bronze key through Kinesis only', () => {
  const { stack, lake } = producerStack();
  const source = new StreamSource(stack, 'Trades', { producer: lake, name: 'trades', columns: [{ name: 'trade_id', type: ColumnType.STRING }] });
  const producer = new iam.Role(stack, 'Producer', { assumedBy: new iam.AccountRootPrincipal() });
  source.grantPutRecords(producer);
  const template = Template.fromStack(stack);
  const bronze = stack.resolve(lake.key(MedallionLayer.BRONZE).keyArn);
  const stream = stack.resolve(source.stream.streamArn);
  const statementsOf = (roleId: string) => Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(p => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(p => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>);

  test('grantPutRecords', () => {
    const statements = statementsOf(stack.resolve((producer.node.defaultChild as iam.CfnRole).logicalId));
    expect(statements).toEqual([
      { Action: ['kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'], Effect: 'Allow', Resource: stream },
      { Action: 'kms:GenerateDataKey', Effect: 'Allow', Resource: bronze, Condition: { StringEquals: { 'kms:ViaService': 'kinesis.eu-west-1.amazonaws.com' } } },
    ]);
  });

  test('the delivery role reads the stream; every key action on the bronze key has a kms:ViaService condition', () => {
    const statements = statementsOf(stack.resolve((source.deliveryRole.node.defaultChild as iam.CfnRole).logicalId));
    expect(statements).toContainEqual({
      Action: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'],
      Effect: 'Allow',
      Resource: stream,
    });
    expect(statements).toContainEqual({ Action: 'kms:Decrypt', Effect: 'Allow', Resource: bronze, Condition: { StringEquals: { 'kms:ViaService': 'kinesis.eu-west-1.amazonaws.com' } } });
    const onKey = statements.filter(s => JSON.stringify(s.Resource) === JSON.stringify(bronze));
    expect(onKey.length).toBeGreaterThan(0);
    for (const s of onKey) expect(Object.keys(s.Condition?.StringEquals ?? {})).toEqual(['kms:ViaService']);
    expect(JSON.stringify(statements)).not.toMatch(/kms:ReEncrypt|kms:Encrypt"/);
  });
});

describe('DataProducer._enableBronzeEventBridge', () => {
  test('keeps the bucket\'s other notifications', () => {
    const { stack, lake } = producerStack();
    const bucket = lake.bucket(MedallionLayer.BRONZE).node.defaultChild as s3.CfnBucket;
    bucket.notificationConfiguration = { topicConfigurations: [{ event: 's3:ObjectCreated:*', topic: 'arn:aws:sns:eu-west-1:222222222222:t' }] };
    lake._enableBronzeEventBridge();
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: {
        EventBridgeConfiguration: { EventBridgeEnabled: true },
        TopicConfigurations: [{ Event: 's3:ObjectCreated:*', Topic: 'arn:aws:sns:eu-west-1:222222222222:t' }],
      },
    });
  });
});
