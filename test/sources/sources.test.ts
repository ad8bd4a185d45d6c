/*
 * Issue 17: the three source kinds in the reference mesh (test/fixtures/sources-mesh.ts, the example of
 * docs/sources.md): their resources, their permissions checked with the library's IAM engine (src/report),
 * Lake Formation access to their bronze tables, cdk-nag, cfn-lint, the doctor and the logical IDs.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { analyzeStacks } from '../../src/report/analyze';
import { readAssembly } from '../../src/report/assembly';
import { AwsIndex, Identity } from '../../src/report/aws-index';
import { loadResources, ResolvedResource } from '../../src/report/resolver';
import { buildSourcesMesh, SourcesMesh } from '../fixtures/sources-mesh';
import { enginePython } from '../support/engines';
import { cfnResources, messages, suppressionsOf } from '../support/nag';

const BRONZE = 'bank-insurance-bronze-222222222222-eu-west-1';

describe('sources in the reference mesh', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sources-mesh-'));
  const app = new App({ outdir });
  const mesh: SourcesMesh = buildSourcesMesh(app);
  const insurance = mesh.producers.insurance.stack;
  const investments = mesh.producers.investments.stack;
  for (const stack of [insurance, investments]) Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true, reports: false }));
  app.synth();
  const ins = Template.fromStack(insurance);
  const inv = Template.fromStack(investments);
  const stacks = readAssembly(outdir);
  const resources = loadResources(stacks);
  const aws = new AwsIndex(resources);
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  /** The identity of the role whose construct path ends with `pathSuffix`. */
  const identityOf = (stack: Stack, pathSuffix: string): Identity => {
    const role = cfnResources(stack).find(r => r.cfnResourceType === 'AWS::IAM::Role' && r.node.path.endsWith(`${pathSuffix}/Resource`));
    if (!role) throw new Error(`no role ${pathSuffix}`);
    const logicalId = stack.getLogicalId(role);
    const res = resources.find(r => r.stack.stackName === stack.stackName && r.logicalId === logicalId) as ResolvedResource;
    const identity = aws.identity(String(res.resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] })));
    if (!identity) throw new Error(`no identity for ${pathSuffix}`);
    return identity;
  };
  const allows = (who: Identity, action: string, resource: string, context: Record<string, string[]> = {}) =>
    aws.check(who, action, resource, { context }).identity === 'allow';
  const viaS3 = { 'kms:viaservice': ['s3.eu-west-1.amazonaws.com'] };

  describe('batch: policyholder files', () => {
    test('a bronze table over landing/policyholders/ (CSV, header skipped) in the producer\'s bronze database, after the settings and the database', () => {
      const tables = ins.findResources('AWS::Glue::Table', { Properties: { TableInput: { Name: 'policyholders' } } });
      const [id, table] = Object.entries<any>(tables)[0];
      expect(table.Properties.DatabaseName).toBe('bank_insurance_bronze');
      expect(table.Properties.TableInput.StorageDescriptor.Location).toBe(`s3://${BRONZE}/landing/policyholders/`);
      expect(table.Properties.TableInput.Parameters['skip.header.line.count']).toBe('1');
      expect(table.Properties.TableInput.StorageDescriptor.Columns.map((c: any) => `${c.Name}:${c.Type}`))
        .toEqual(['policy_id:string', 'customer_name:string', 'birth_date:date', 'premium:decimal(12,2)']);
      expect(table.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^LakeBronzeDatabase/), expect.stringMatching(/LakeFormationSettings/)]));
      expect(id).toMatch(/^PolicyholderFilesTable/);
    });

    test('the bronze bucket sends its events to EventBridge; the event pattern matches files under the prefix', () => {
      ins.hasResourceProperties('AWS::S3::Bucket', { BucketName: BRONZE, NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } });
      expect(Stack.of(insurance).resolve(mesh.policyholders.objectCreatedEventPattern)).toEqual({
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [BRONZE] }, object: { key: [{ prefix: 'landing/policyholders/' }] } },
      });
      // No custom resource (aws-cdk-lib's bucket notifications are a Lambda function).
      expect(Object.keys(ins.findResources('Custom::S3BucketNotifications'))).toEqual([]);
    });

    test('the uploader role writes its prefix and nothing else (IAM engine)', () => {
      const uploader = identityOf(insurance, 'PolicyholderFiles/UploaderRole');
      const own = `arn:aws:s3:::${BRONZE}/landing/policyholders/2026/12/file.csv`;
      expect(allows(uploader, 's3:PutObject', own)).toBe(true);
      expect(allows(uploader, 's3:AbortMultipartUpload', own)).toBe(true);
      const bronzeKey = aws.keys.find(k => k.aliases.includes('alias/bank/insurance/bronze'))!.arn;
      expect(allows(uploader, 'kms:GenerateDataKey', bronzeKey, viaS3)).toBe(true);
      // Not through another service than S3.
      expect(allows(uploader, 'kms:GenerateDataKey', bronzeKey, { 'kms:viaservice': ['kinesis.eu-west-1.amazonaws.com'] })).toBe(false);
      const denied: Array<[string, string]> = [
        ['s3:GetObject', own],
        ['s3:DeleteObject', own],
        ['s3:ListBucket', `arn:aws:s3:::${BRONZE}`],
        ['s3:PutObject', `arn:aws:s3:::${BRONZE}/landing/other/file.csv`],
        ['s3:PutObject', `arn:aws:s3:::${BRONZE}/jdbc/claims_db/claims/x.parquet`],
        ['s3:PutObject', `arn:aws:s3:::${BRONZE}/landing/policyholders-x/file.csv`],
        ['s3:PutObject', 'arn:aws:s3:::bank-insurance-silver-222222222222-eu-west-1/landing/policyholders/f.csv'],
        ['s3:GetObject', 'arn:aws:s3:::bank-insurance-gold-222222222222-eu-west-1/claims/x.parquet'],
        ['glue:GetTable', 'arn:aws:glue:eu-west-1:222222222222:table/bank_insurance_bronze/policyholders'],
        ['lakeformation:GetDataAccess', '*'],
        ['kms:Decrypt', aws.keys.find(k => k.aliases.includes('alias/bank/insurance/silver'))!.arn],
      ];
      for (const [action, resource] of denied) {
        expect({ action, resource, allowed: allows(uploader, action, resource, viaS3) }).toEqual({ action, resource, allowed: false });
      }
      expect(uploader.statements.flatMap(s => s.actions ?? []).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:PutObject']);
    });

    test('SFTP: a public SFTP endpoint with service-managed users, each jailed to the landing prefix (logical home)', () => {
      ins.hasResourceProperties('AWS::Transfer::Server', {
        Protocols: ['SFTP'], IdentityProviderType: 'SERVICE_MANAGED', EndpointType: 'PUBLIC', Domain: 'S3', SecurityPolicyName: 'TransferSecurityPolicy-2024-01',
      });
      ins.hasResourceProperties('AWS::Transfer::User', {
        UserName: 'acme-partner',
        HomeDirectoryType: 'LOGICAL',
        HomeDirectoryMappings: [{ Entry: '/', Target: `/${BRONZE}/landing/policyholders` }],
        SshPublicKeys: [Match.stringLikeRegexp('^ssh-ed25519 ')],
      });
      const sftp = identityOf(insurance, 'PolicyholderFiles/SftpUserRole');
      expect(allows(sftp, 's3:PutObject', `arn:aws:s3:::${BRONZE}/landing/policyholders/a.csv`)).toBe(true);
      expect(allows(sftp, 's3:ListBucket', `arn:aws:s3:::${BRONZE}`, { 's3:prefix': ['landing/policyholders/'] })).toBe(true);
      expect(allows(sftp, 's3:ListBucket', `arn:aws:s3:::${BRONZE}`, { 's3:prefix': ['jdbc/'] })).toBe(false);
      expect(allows(sftp, 's3:GetObject', `arn:aws:s3:::${BRONZE}/landing/policyholders/a.csv`)).toBe(false);
      expect(allows(sftp, 's3:PutObject', `arn:aws:s3:::${BRONZE}/landing/a.csv`)).toBe(false);
    });
  });

  describe('RDBMS: the claims database (PostgreSQL)', () => {
    test('a Glue JDBC connection in a private subnet with the security group, credentials from Secrets Manager, SSL enforced', () => {
      ins.hasResourceProperties('AWS::Glue::Connection', {
        ConnectionInput: {
          Name: 'bank-insurance-source-claims-db',
          ConnectionType: 'JDBC',
          ConnectionProperties: {
            JDBC_CONNECTION_URL: 'jdbc:postgresql://claims-db.insurance.internal:5432/claims', SECRET_ID: 'insurance/claims-db', JDBC_ENFORCE_SSL: 'true',
          },
          PhysicalConnectionRequirements: { SubnetId: { Ref: Match.stringLikeRegexp('^ClaimsVpcdataSubnet1') }, SecurityGroupIdList: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ClaimsExtraction'), 'GroupId'] }] },
        },
      });
      expect(JSON.stringify(ins.findResources('AWS::Glue::Connection'))).not.toMatch(/PASSWORD|USERNAME/);
      // Glue's self-referencing rule on the connection's group.
      ins.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClaimsExtraction'), 'GroupId'] },
      });
    });

    test('an extraction job (Glue Spark 4.0, bookmarks on, one run at a time) with the script asset, the tables and the bronze target', () => {
      const job = Object.values<any>(ins.findResources('AWS::Glue::Job'))[0];
      expect(job.Properties.Name).toBe('bank-insurance-source-claims-db');
      expect(job.Properties.GlueVersion).toBe('4.0');
      expect(job.Properties.Connections).toEqual({ Connections: ['bank-insurance-source-claims-db'] });
      expect(job.Properties.ExecutionProperty).toEqual({ MaxConcurrentRuns: 1 });
      expect(job.Properties.SecurityConfiguration).toBe('bank-insurance-source-claims-db');
      const args = job.Properties.DefaultArguments;
      expect(args['--job-bookmark-option']).toBe('job-bookmark-enable');
      expect(args['--target']).toBe(`s3://${BRONZE}/jdbc/claims_db/`);
      expect(JSON.parse(args['--tables'])).toEqual([
        {
          table: 'public.claims',
          name: 'claims',
          mode: 'incremental',
          key: 'claim_id',
          columns: [
            { name: 'claim_id', type: 'bigint' }, { name: 'policy_id', type: 'string' }, { name: 'claim_date', type: 'date' },
            { name: 'amount', type: 'decimal(18,2)' }, { name: 'status', type: 'string' },
          ],
        },
        { table: 'public.claim_status_codes', name: 'status_codes', mode: 'full', columns: [{ name: 'code', type: 'string' }, { name: 'label', type: 'string' }] },
      ]);
      expect(JSON.stringify(job.Properties.Command.ScriptLocation)).toMatch(/\.py"/);
      ins.hasResourceProperties('AWS::Glue::SecurityConfiguration', {
        EncryptionConfiguration: {
          S3Encryptions: [{ S3EncryptionMode: 'SSE-KMS' }],
          CloudWatchEncryption: { CloudWatchEncryptionMode: 'SSE-KMS' },
          JobBookmarksEncryption: { JobBookmarksEncryptionMode: 'CSE-KMS' },
        },
      });
    });

    test('one bronze table per copied table, Parquet, partitioned by extraction_date (projected)', () => {
      const table = Object.values<any>(ins.findResources('AWS::Glue::Table', { Properties: { TableInput: { Name: 'claims_db_claims' } } }))[0];
      expect(table.Properties.TableInput.StorageDescriptor.Location).toBe(`s3://${BRONZE}/jdbc/claims_db/claims/`);
      expect(table.Properties.TableInput.PartitionKeys).toEqual([{ Name: 'extraction_date', Type: 'string' }]);
      expect(table.Properties.TableInput.Parameters).toMatchObject({ 'classification': 'parquet', 'projection.enabled': 'true', 'projection.extraction_date.type': 'date' });
      ins.hasResourceProperties('AWS::Glue::Table', { TableInput: { Name: 'claims_db_status_codes' } });
    });

    test('the job role writes its prefix, reads the secret, never silver or gold (IAM engine)', () => {
      const role = identityOf(insurance, 'ClaimsDatabase/Role');
      expect(allows(role, 's3:PutObject', `arn:aws:s3:::${BRONZE}/jdbc/claims_db/claims/extraction_date=2026-12-02/part-0.parquet`)).toBe(true);
      expect(allows(role, 's3:DeleteObject', `arn:aws:s3:::${BRONZE}/jdbc/claims_db/_temporary/0`)).toBe(true);
      expect(allows(role, 'secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:insurance/claims-db-AbCdEf')).toBe(true);
      expect(allows(role, 's3:PutObject', `arn:aws:s3:::${BRONZE}/landing/policyholders/x.csv`)).toBe(false);
      // GetBucketLocation has no s3:prefix key: allowed on its own, ListBucket only under the prefix.
      expect(allows(role, 's3:GetBucketLocation', `arn:aws:s3:::${BRONZE}`)).toBe(true);
      expect(allows(role, 's3:ListBucket', `arn:aws:s3:::${BRONZE}`, { 's3:prefix': ['jdbc/claims_db/claims/'] })).toBe(true);
      expect(allows(role, 's3:ListBucket', `arn:aws:s3:::${BRONZE}`, { 's3:prefix': ['landing/'] })).toBe(false);
      for (const layer of ['silver', 'gold']) {
        expect(allows(role, 's3:GetObject', `arn:aws:s3:::bank-insurance-${layer}-222222222222-eu-west-1/claims/x.parquet`)).toBe(false);
      }
    });
  });

  describe('change data capture of the claims database (DMS Serverless)', () => {
    test('a full load and CDC from PostgreSQL (credentials from the secret, SSL) to Parquet under cdc/claims_db/, encrypted with the bronze key', () => {
      ins.hasResourceProperties('AWS::DMS::Endpoint', {
        EndpointType: 'source',
        EngineName: 'postgres',
        DatabaseName: 'claims',
        SslMode: 'require',
        PostgreSqlSettings: { SecretsManagerSecretId: Match.anyValue(), SecretsManagerAccessRoleArn: Match.anyValue() },
      });
      ins.hasResourceProperties('AWS::DMS::Endpoint', {
        EndpointType: 'target',
        EngineName: 's3',
        S3Settings: { BucketName: BRONZE, BucketFolder: 'cdc/claims_db', DataFormat: 'parquet', EncryptionMode: 'SSE_KMS', TimestampColumnName: 'cdc_timestamp' },
      });
      const config = Object.values<any>(ins.findResources('AWS::DMS::ReplicationConfig'))[0].Properties;
      expect(config.ReplicationType).toBe('full-load-and-cdc');
      expect(config.TableMappings.rules).toEqual([{
        'rule-type': 'selection', 'rule-id': '1', 'rule-name': 'claims', 'object-locator': { 'schema-name': 'public', 'table-name': 'claims' }, 'rule-action': 'include',
      }]);
      expect(config.ComputeConfig.ReplicationSubnetGroupId).toEqual({ Ref: expect.stringMatching(/^ClaimsChangesSubnetGroup/) });
      const table = Object.values<any>(ins.findResources('AWS::Glue::Table', { Properties: { TableInput: { Name: 'claims_db_claims_changes' } } }))[0];
      expect(table.Properties.TableInput.StorageDescriptor.Location).toBe(`s3://${BRONZE}/cdc/claims_db/public/claims/`);
      expect(table.Properties.TableInput.StorageDescriptor.Columns.slice(0, 3).map((c: any) => c.Name)).toEqual(['op', 'cdc_timestamp', 'claim_id']);
    });

    test('DMS writes only cdc/claims_db/ (IAM engine)', () => {
      const role = identityOf(insurance, 'ClaimsChanges/TargetRole');
      expect(allows(role, 's3:PutObject', `arn:aws:s3:::${BRONZE}/cdc/claims_db/public/claims/LOAD00000001.parquet`)).toBe(true);
      expect(allows(role, 's3:PutObject', `arn:aws:s3:::${BRONZE}/jdbc/claims_db/claims/x.parquet`)).toBe(false);
      expect(allows(role, 's3:GetObject', `arn:aws:s3:::${BRONZE}/cdc/claims_db/public/claims/LOAD00000001.parquet`)).toBe(false);
    });
  });

  describe('streaming: trades', () => {
    test('a Kinesis stream encrypted with the bronze key, Firehose from it to stream/trades/ with Parquet conversion from the bronze table', () => {
      inv.hasResourceProperties('AWS::Kinesis::Stream', { StreamEncryption: { EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LakeBronzeKey'), 'Arn'] } } });
      const d = Object.values<any>(inv.findResources('AWS::KinesisFirehose::DeliveryStream'))[0].Properties;
      expect(d.DeliveryStreamType).toBe('KinesisStreamAsSource');
      const s3 = d.ExtendedS3DestinationConfiguration;
      expect(s3.Prefix).toBe('stream/trades/desk=!{partitionKeyFromQuery:desk}/');
      expect(s3.ErrorOutputPrefix).toBe('errors/stream/trades/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/');
      expect(s3.BufferingHints).toEqual({ SizeInMBs: 128, IntervalInSeconds: 300 });
      expect(s3.DataFormatConversionConfiguration.SchemaConfiguration).toMatchObject({ DatabaseName: 'bank_investments_bronze', TableName: 'trades', VersionId: 'LATEST' });
      expect(s3.DataFormatConversionConfiguration.OutputFormatConfiguration).toEqual({ Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } });
      expect(s3.DynamicPartitioningConfiguration.Enabled).toBe(true);
      expect(s3.ProcessingConfiguration.Processors[0].Parameters[0]).toEqual({ ParameterName: 'MetadataExtractionQuery', ParameterValue: '{desk: .desk}' });
      expect(s3.EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LakeBronzeKey/), 'Arn'] });
    });

    test('the bronze table: the partition field is a partition key, not a column', () => {
      const t = Object.values<any>(inv.findResources('AWS::Glue::Table', { Properties: { TableInput: { Name: 'trades' } } }))[0].Properties.TableInput;
      expect(t.PartitionKeys).toEqual([{ Name: 'desk', Type: 'string' }]);
      expect(t.StorageDescriptor.Columns.map((c: any) => c.Name)).toEqual(['trade_id', 'portfolio_id', 'isin', 'quantity', 'price', 'traded_at']);
    });

    test('the delivery role reads the schema (IAM and Lake Formation DESCRIBE, before the delivery stream) and writes only its prefixes', () => {
      const role = identityOf(investments, 'Trades/DeliveryRole');
      const table = 'arn:aws:glue:eu-west-1:333333333333:table/bank_investments_bronze/trades';
      for (const action of ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions']) expect(allows(role, action, table)).toBe(true);
      const bronze = 'bank-investments-bronze-333333333333-eu-west-1';
      expect(allows(role, 's3:PutObject', `arn:aws:s3:::${bronze}/stream/trades/desk=fx/x.parquet`)).toBe(true);
      expect(allows(role, 's3:PutObject', `arn:aws:s3:::${bronze}/errors/stream/trades/format-conversion-failed/x`)).toBe(true);
      expect(allows(role, 's3:PutObject', `arn:aws:s3:::${bronze}/landing/x`)).toBe(false);
      expect(allows(role, 's3:GetObject', 'arn:aws:s3:::bank-investments-silver-333333333333-eu-west-1/x')).toBe(false);
      const grants = Object.entries<any>(inv.findResources('AWS::LakeFormation::PrincipalPermissions'))
        .filter(([, g]) => g.Properties.Resource.Table?.Name === 'trades');
      expect(grants.map(([, g]) => g.Properties.Permissions)).toEqual([['DESCRIBE']]);
      const delivery = Object.values<any>(inv.findResources('AWS::KinesisFirehose::DeliveryStream'))[0];
      expect(delivery.DependsOn).toEqual(expect.arrayContaining([grants[0][0], expect.stringMatching(/^TradesDeliveryRoleDefaultPolicy/)]));
    });

    test('alarms on delivery failures, conversion failures and the iterator age', () => {
      inv.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/Firehose', MetricName: 'DeliveryToS3.Success', ComparisonOperator: 'LessThanThreshold', Threshold: 1 });
      inv.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/Firehose', MetricName: 'FailedConversion.Records', ComparisonOperator: 'GreaterThanThreshold', Threshold: 0 });
      inv.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/Kinesis', MetricName: 'GetRecords.IteratorAgeMilliseconds', Threshold: 3_600_000 });
    });
  });

  test('no source role can read silver or gold; every source role is tagged (the doctor\'s DM-58 finds them)', () => {
    const tagged = (t: Template) => Object.entries<any>(t.findResources('AWS::IAM::Role'))
      .filter(([, r]) => (r.Properties.Tags ?? []).some((x: any) => x.Key === 'cdk-data-mesh:source'))
      .map(([id, r]) => `${id.replace(/[0-9A-F]{8}$/, '')}=${r.Properties.Tags.find((x: any) => x.Key === 'cdk-data-mesh:source').Value}`);
    expect([...tagged(ins), ...tagged(inv)].sort()).toEqual([
      'ClaimsChangesSecretRole=cdc/claims_db', 'ClaimsChangesTargetRole=cdc/claims_db', 'ClaimsDatabaseRole=jdbc/claims_db', 'PolicyholderFilesSftpUserRole=batch/policyholders', 'PolicyholderFilesUploaderRole=batch/policyholders',
      'TradesDeliveryRole=stream/trades',
    ]);
    for (const [stack, ids] of [[insurance, ['ClaimsChanges/SecretRole', 'ClaimsChanges/TargetRole', 'ClaimsDatabase/Role', 'PolicyholderFiles/SftpUserRole', 'PolicyholderFiles/UploaderRole']], [investments, ['Trades/DeliveryRole']]] as const) {
      for (const id of ids) {
        const role = identityOf(stack, id);
        for (const layer of ['silver', 'gold']) {
          const bucket = `bank-${stack === insurance ? 'insurance-' : 'investments-'}${layer}-${stack.account}-eu-west-1`;
          expect({ id, layer, read: allows(role, 's3:GetObject', `arn:aws:s3:::${bucket}/any/x.parquet`) }).toEqual({ id, layer, read: false });
        }
      }
    }
  });

  test('the producer\'s Glue role reads the source tables through Lake Formation (the bronze grants cover every bronze table)', () => {
    const { report } = analyzeStacks(stacks);
    const glue = report.access.filter(a => /GlueRole/.test(a.principal) || a.principal.includes('GlueRole'));
    const tables = new Set(glue.filter(a => a.database.endsWith('_bronze')).map(a => `${a.database}.${a.table}`));
    expect([...tables].sort()).toEqual(expect.arrayContaining([
      'bank_insurance_bronze.claims_db_claims', 'bank_insurance_bronze.claims_db_status_codes', 'bank_insurance_bronze.policyholders', 'bank_investments_bronze.trades',
    ]));
  });

  test('the doctor finds nothing to report in the sources mesh', () => {
    const { diagnostics } = analyzeStacks(stacks);
    expect(diagnostics.filter(d => d.severity === 'error').map(d => d.message)).toEqual([]);
    expect(diagnostics.filter(d => /^DM-(58|59|60|61|62)$/.test(d.id)).map(d => d.message)).toEqual([]);
  });

  test.each([['insurance'], ['investments']])('cdk-nag AwsSolutions: nothing unsuppressed in the %s stack; every IAM5 suppression names its resource', domain => {
    const stack = mesh.producers[domain].stack;
    const isSource = (p: string) => /\/(PolicyholderFiles|ClaimsDatabase|ClaimsChanges|Trades)\//.test(p);
    const errors = messages(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).filter(m => isSource(m));
    const warnings = messages(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).filter(m => isSource(m));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    for (const r of cfnResources(stack).filter(x => isSource(`/${x.node.path}`))) {
      for (const s of suppressionsOf(r)) {
        expect(s.reason.length).toBeGreaterThanOrEqual(20);
        if (s.id === 'AwsSolutions-IAM5') for (const t of s.applies_to ?? []) expect(String(t)).toMatch(/^Resource::(\*|[^*?]+(\*|-\?{6}))$/);
      }
    }
  });

  test('cfn-lint: no error or warning in the insurance and investments templates', () => {
    const cfnLint = path.join(path.dirname(enginePython()), 'cfn-lint');
    const files = [insurance, investments].map(s => path.join(outdir, `${s.artifactId}.template.json`));
    const run = spawnSync(cfnLint, ['--regions', 'eu-west-1', '--format', 'parseable', '--', ...files], { encoding: 'utf8', timeout: 300_000 });
    const findings = run.stdout.split('\n').filter(l => /:(E|W)\d+:/.test(l));
    expect(findings).toEqual([]);
  });

  test('logical IDs of the sources (a rename replaces a table, a stream or a server)', () => {
    const ids = (stack: Stack, prefixes: RegExp) => Object.fromEntries(Object.entries<any>(Template.fromStack(stack).toJSON().Resources)
      .filter(([id]) => prefixes.test(id)).sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, r]) => [id, r.DeletionPolicy ? `${r.Type} (DeletionPolicy ${r.DeletionPolicy})` : r.Type]));
    expect({
      insurance: ids(insurance, /^(PolicyholderFiles|ClaimsDatabase|ClaimsChanges|ClaimsExtraction)/),
      investments: ids(investments, /^Trades/),
    }).toMatchSnapshot();
  });
});
