import {
  App, CfnElement, CfnResource, CliCredentialsStackSynthesizer, DefaultStackSynthesizer, Fn, RemovalPolicy, Stack,
} from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { bankMesh, buildBankMesh } from '../examples/typescript/bank-mesh';
import { DataProducer, DataProducerProps, LayerKeyArns, MedallionLayer, MeshDescription, SettingsMutation } from '../src';
import { FORBIDDEN_CROSS_ACCOUNT, LakeFormationGrants, LakeFormationSettings } from '../src/private/lake-formation';

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

type Json = any;
const LAYERS = [MedallionLayer.BRONZE, MedallionLayer.SILVER, MedallionLayer.GOLD];
const PRODUCER = '222222222222';
const GOVERNANCE = '111111111111';

/** The reference mesh, as the demo builds it; the insurance producer is the subject of most tests. */
function reference() {
  const app = new App();
  const bank = buildBankMesh(app);
  const { stack, lake } = bank.producers.insurance;
  return { app, bank, stack, lake, template: Template.fromStack(stack), json: Template.fromStack(stack).toJSON() as Json };
}

/** A fresh app with one insurance producer stack built with `props`. */
function producer(props: Partial<DataProducerProps> = {}, mesh: MeshDescription = bankMesh) {
  const app = new App();
  const stack = new Stack(app, 'Insurance', { env: mesh.producerEnv('insurance') });
  const lake = new DataProducer(stack, 'Lake', { mesh, domain: 'insurance', ...props });
  return { app, stack, lake };
}

function synth(stack: Stack): Json {
  return Template.fromStack(stack).toJSON();
}

function logicalId(c: IConstruct): string {
  const el = (c instanceof CfnElement ? c : c.node.defaultChild) as CfnElement;
  return Stack.of(c).getLogicalId(el);
}

const getAtt = (c: IConstruct) => ({ 'Fn::GetAtt': [logicalId(c), 'Arn'] });
const objectsOf = (c: IConstruct, suffix = '/*') => ({ 'Fn::Join': ['', [getAtt(c), suffix]] });
const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const REGISTRATION_ROLE = partitionArn(`:iam::${GOVERNANCE}:role/bank-lf-registration-insurance`);
/** The governance account, narrowed to the registration role by aws:PrincipalArn (works before the role exists). */
const GOVERNANCE_ROOT = partitionArn(`:iam::${GOVERNANCE}:root`);
const ONLY_REGISTRATION_ROLE = { ArnEquals: { 'aws:PrincipalArn': REGISTRATION_ROLE } };

function resourcesOfType(json: Json, type: string): Array<[string, Json]> {
  return Object.entries<Json>(json.Resources).filter(([, r]) => r.Type === type);
}

const asArray = (v: unknown) => (Array.isArray(v) ? v : [v]);
const normalize = (s: Json) => ({ ...s, Action: asArray(s.Action), Resource: asArray(s.Resource) });

/** The statements of the default policy attached to `role` (normalized: Action and Resource are arrays). */
function statementsOf(json: Json, role: IConstruct): Json[] {
  const id = logicalId(role);
  const policies = resourcesOfType(json, 'AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: Json) => r.Ref === id));
  expect(policies).toHaveLength(1);
  return policies[0][1].Properties.PolicyDocument.Statement.map(normalize);
}

/** Every action of every IAM (identity) policy of the template. */
function iamActions(json: Json): string[] {
  return resourcesOfType(json, 'AWS::IAM::Policy')
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
    .flatMap((s: Json) => asArray(s.Action));
}

function grantsOf(json: Json): Array<[string, Json]> {
  return resourcesOfType(json, 'AWS::LakeFormation::PrincipalPermissions');
}

const dependsOn = (r: Json): string[] => r.DependsOn ?? [];

// The exact action lists of the three storage access levels (written out, not computed).
const BUCKET_READ = ['s3:GetBucketLocation', 's3:ListBucket'];
const BUCKET_WRITE = ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'];
const OBJECTS_READ = ['s3:GetObject', 's3:GetObjectVersion'];
const OBJECTS_WRITE = ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:ListMultipartUploadParts', 's3:PutObject'];
const OBJECTS_READWRITE = ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:GetObjectVersion', 's3:ListMultipartUploadParts', 's3:PutObject'];
const KEY_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];

type Access = 'read' | 'write' | 'readwrite';
const ACCESS: Record<Access, { bucket: string[]; objects: string[]; key: string[] }> = {
  read: { bucket: BUCKET_READ, objects: OBJECTS_READ, key: KEY_READ },
  write: { bucket: BUCKET_WRITE, objects: OBJECTS_WRITE, key: KEY_WRITE },
  readwrite: { bucket: BUCKET_WRITE, objects: OBJECTS_READWRITE, key: KEY_WRITE },
};

/** The two statements a storage grant on one layer writes: bucket + objects, then the layer's key. */
function storage(lake: DataProducer, layer: MedallionLayer, access: Access): Json[] {
  const a = ACCESS[access];
  const bucket = lake.bucket(layer);
  return [
    { Action: [...a.bucket, ...a.objects], Effect: 'Allow', Resource: [getAtt(bucket), objectsOf(bucket)] },
    { Action: a.key, Effect: 'Allow', Resource: [getAtt(lake.key(layer))] },
  ];
}

const GLUE_READ = ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetPartition', 'glue:GetPartitions', 'glue:GetTable', 'glue:GetTables'];
const GLUE_WRITE = ['glue:BatchCreatePartition', 'glue:BatchDeletePartition', 'glue:CreatePartition', 'glue:CreateTable',
  'glue:DeletePartition', 'glue:DeleteTable', 'glue:UpdatePartition', 'glue:UpdateTable'];
const GLUE_RESOURCES = [
  partitionArn(`:glue:eu-west-1:${PRODUCER}:catalog`),
  partitionArn(`:glue:eu-west-1:${PRODUCER}:database/bank_insurance_bronze`),
  partitionArn(`:glue:eu-west-1:${PRODUCER}:table/bank_insurance_bronze/*`),
  partitionArn(`:glue:eu-west-1:${PRODUCER}:database/bank_insurance_silver`),
  partitionArn(`:glue:eu-west-1:${PRODUCER}:table/bank_insurance_silver/*`),
  partitionArn(`:glue:eu-west-1:${PRODUCER}:database/bank_insurance_gold`),
  partitionArn(`:glue:eu-west-1:${PRODUCER}:table/bank_insurance_gold/*`),
];
function catalog(write: boolean): Json[] {
  return [
    { Action: [...GLUE_READ, ...(write ? GLUE_WRITE : [])], Effect: 'Allow', Resource: GLUE_RESOURCES },
    { Action: ['lakeformation:GetDataAccess'], Effect: 'Allow', Resource: ['*'] },
  ];
}

const LF_ADMIN_ACTIONS = [
  'lakeformation:BatchGrantPermissions', 'lakeformation:BatchRevokePermissions', 'lakeformation:DescribeResource',
  'lakeformation:GetDataLakeSettings', 'lakeformation:GetEffectivePermissionsForPath', 'lakeformation:GetLFTag',
  'lakeformation:GetResourceLFTags', 'lakeformation:GrantPermissions', 'lakeformation:ListLFTags', 'lakeformation:ListPermissions',
  'lakeformation:ListResources', 'lakeformation:RevokePermissions', 'lakeformation:SearchDatabasesByLFTags',
  'lakeformation:SearchTablesByLFTags',
];

const CFN_EXEC_ROLE = { 'Fn::Sub': `arn:\${AWS::Partition}:iam::${PRODUCER}:role/cdk-hnb659fds-cfn-exec-role-${PRODUCER}-eu-west-1` };

/** Every 12-digit account id that occurs in a value. */
function accountsIn(value: unknown): string[] {
  return [...new Set(JSON.stringify(value).match(/\d{12}/g) ?? [])];
}

function tryMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

/** A grant registry on a bare producer-account stack, for the internal LakeFormationGrants tests. */
function grantRegistry() {
  const app = new App();
  const stack = new Stack(app, 'Registry', { env: { account: PRODUCER, region: 'eu-west-1' } });
  const settings = LakeFormationSettings.of(stack, { requester: 'Test', crossAccountVersion: 4 });
  return { stack, settings, grants: LakeFormationGrants.of(stack, settings) };
}

// ---------------------------------------------------------------------------------------------------
// Storage: buckets, keys, aliases, bucket and key policies
// ---------------------------------------------------------------------------------------------------

describe('DataProducer storage', () => {
  const { lake, template, json } = reference();

  test('three medallion buckets: SSE-KMS with their own rotated key, bucket key, versioning, Block Public Access, logging to the logs bucket', () => {
    for (const layer of LAYERS) {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: `bank-insurance-${layer}-${PRODUCER}-eu-west-1`,
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(lake.key(layer)) },
          }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(lake.accessLogsBucket) }, LogFilePrefix: `${layer}/` },
      });
    }
    template.resourceCountIs('AWS::S3::Bucket', 4);
  });

  test('one customer-managed key per layer, rotation on, aliased alias/<mesh>/<domain>/<layer>', () => {
    template.resourceCountIs('AWS::KMS::Key', 3);
    template.resourceCountIs('AWS::KMS::Alias', 3);
    for (const layer of LAYERS) {
      expect(json.Resources[logicalId(lake.key(layer))].Properties.EnableKeyRotation).toBe(true);
      template.hasResourceProperties('AWS::KMS::Alias', {
        AliasName: `alias/bank/insurance/${layer}`,
        TargetKeyId: getAtt(lake.key(layer)),
      });
    }
  });

  test('the access logs bucket: SSE-S3 (the only encryption log delivery supports), versioned, BPA, expiring logs', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: `bank-insurance-logs-${PRODUCER}-eu-west-1`,
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }] },
    });
  });

  test('every bucket is TLS-only: Deny s3:* when aws:SecureTransport is false, on the bucket and its objects', () => {
    const buckets = [...LAYERS.map(l => lake.bucket(l)), lake.accessLogsBucket];
    for (const bucket of buckets) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Resource: [getAtt(bucket), objectsOf(bucket)],
          }]),
        },
      });
    }
  });

  test('the logs bucket policy lets only logging.s3.amazonaws.com write each layer\'s prefix, conditioned on SourceArn and SourceAccount', () => {
    const [, policy] = resourcesOfType(json, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === logicalId(lake.accessLogsBucket))!;
    const allows = policy.Properties.PolicyDocument.Statement.filter((s: Json) => s.Effect === 'Allow');
    expect(allows).toEqual(LAYERS.map(layer => ({
      Sid: `S3ServerAccessLogs${layer.charAt(0).toUpperCase()}${layer.slice(1)}`,
      Action: 's3:PutObject',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Resource: objectsOf(lake.accessLogsBucket, `/${layer}/*`),
      Condition: {
        ArnLike: { 'aws:SourceArn': getAtt(lake.bucket(layer)) },
        StringEquals: { 'aws:SourceAccount': PRODUCER },
      },
    })));
  });

  test('gold bucket policy: the governance registration role (exact derived ARN) may list the bucket and get/put/delete its objects (gold/*: the bucket is the one registered location of the producer, D39)', () => {
    const gold = lake.bucket(MedallionLayer.GOLD);
    const [, policy] = resourcesOfType(json, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === logicalId(gold))!;
    const allows = policy.Properties.PolicyDocument.Statement.filter((s: Json) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Sid: 'GovernanceRegistrationList',
        Action: ['s3:GetBucketLocation', 's3:ListBucket'],
        Condition: ONLY_REGISTRATION_ROLE,
        Effect: 'Allow',
        Principal: { AWS: GOVERNANCE_ROOT },
        Resource: getAtt(gold),
      },
      {
        Sid: 'GovernanceRegistrationObjects',
        Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        Condition: ONLY_REGISTRATION_ROLE,
        Effect: 'Allow',
        Principal: { AWS: GOVERNANCE_ROOT },
        Resource: objectsOf(gold, '/*'),
      },
    ]);
    // Nothing else: one TLS deny plus the two statements.
    expect(policy.Properties.PolicyDocument.Statement).toHaveLength(3);
  });

  test('gold key policy: the account root, plus the registration role with exactly the DM-13 actions', () => {
    const statements = json.Resources[logicalId(lake.key(MedallionLayer.GOLD))].Properties.KeyPolicy.Statement;
    expect(statements).toEqual([
      { Action: 'kms:*', Effect: 'Allow', Principal: { AWS: partitionArn(`:iam::${PRODUCER}:root`) }, Resource: '*' },
      {
        Sid: 'GovernanceRegistrationKeyUse',
        Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        Condition: ONLY_REGISTRATION_ROLE,
        Effect: 'Allow',
        Principal: { AWS: GOVERNANCE_ROOT },
        Resource: '*',
      },
    ]);
  });

  test('NEGATIVE: no bronze/silver bucket policy or key policy names another account, or allows anyone', () => {
    for (const layer of [MedallionLayer.BRONZE, MedallionLayer.SILVER]) {
      const bucket = lake.bucket(layer);
      const [, policy] = resourcesOfType(json, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === logicalId(bucket))!;
      expect(accountsIn(policy)).toEqual([]);
      expect(policy.Properties.PolicyDocument.Statement.filter((s: Json) => s.Effect !== 'Deny')).toEqual([]);
      const key = json.Resources[logicalId(lake.key(layer))];
      expect(accountsIn(key)).toEqual([PRODUCER]);
      expect(key.Properties.KeyPolicy.Statement).toHaveLength(1);
    }
  });

  test('NEGATIVE: only the gold bucket and gold key name the governance account', () => {
    const named = Object.entries<Json>(json.Resources)
      .filter(([, r]) => ['AWS::S3::BucketPolicy', 'AWS::KMS::Key'].includes(r.Type) && accountsIn(r).includes(GOVERNANCE))
      .map(([id]) => id);
    expect(named.sort()).toEqual([logicalId(lake.goldBucket.policy!), logicalId(lake.key(MedallionLayer.GOLD))].sort());
  });

  test('buckets and keys are RETAINED by default (DeletionPolicy and UpdateReplacePolicy)', () => {
    for (const [, r] of [...resourcesOfType(json, 'AWS::S3::Bucket'), ...resourcesOfType(json, 'AWS::KMS::Key')]) {
      expect(r.DeletionPolicy).toBe('Retain');
      expect(r.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('removalPolicy DESTROY is the only way to get Delete (buckets, keys and layer databases)', () => {
    const { stack } = producer({ removalPolicy: RemovalPolicy.DESTROY });
    const destroyed = synth(stack);
    const data = [...resourcesOfType(destroyed, 'AWS::S3::Bucket'), ...resourcesOfType(destroyed, 'AWS::KMS::Key'),
      ...resourcesOfType(destroyed, 'AWS::Glue::Database')];
    expect(data).toHaveLength(10);
    for (const [, r] of data) {
      expect(r.DeletionPolicy).toBe('Delete');
      expect(r.UpdateReplacePolicy).toBe('Delete');
    }
  });

  test('the layer Glue databases follow removalPolicy: RETAIN by default, like the buckets and keys', () => {
    const dbs = resourcesOfType(json, 'AWS::Glue::Database');
    expect(dbs).toHaveLength(3);
    for (const [, db] of dbs) {
      expect(db.DeletionPolicy).toBe('Retain');
      expect(db.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('autoDeleteObjects without removalPolicy DESTROY is an error', () => {
    expect(tryMessage(() => producer({ autoDeleteObjects: true }))).toBe(
      "DataProducer 'Lake': autoDeleteObjects is true but removalPolicy is not RemovalPolicy.DESTROY. Emptying buckets only makes sense " +
      'when they are destroyed: set removalPolicy: RemovalPolicy.DESTROY too (demos only), or drop autoDeleteObjects.');
  });
});

// ---------------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------------

describe('DataProducer roles', () => {
  const { lake, json } = reference();

  test('trust: admin and engineer are assumable from the producer account; Step Functions only for the producer account ' +
    '(aws:SourceAccount, confused deputy); Glue (which sends no aws:SourceAccount) and Lake Formation as plain service principals', () => {
    const trust = (role: iam.IRole) => json.Resources[logicalId(role)].Properties.AssumeRolePolicyDocument.Statement;
    const account = [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: partitionArn(`:iam::${PRODUCER}:root`) } }];
    const service = (s: string) => [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: s } }];
    const sameAccount = (s: string) => [{ ...service(s)[0], Condition: { StringEquals: { 'aws:SourceAccount': PRODUCER } } }];
    expect(trust(lake.adminRole)).toEqual(account);
    expect(trust(lake.dataEngineerRole)).toEqual(account);
    expect(trust(lake.glueRole)).toEqual(service('glue.amazonaws.com'));
    expect(trust(lake.stepFunctionsRole)).toEqual(sameAccount('states.amazonaws.com'));
    expect(trust(lake.locationRole)).toEqual(service('lakeformation.amazonaws.com'));
  });

  test('rolePrincipal replaces the account root in the admin and engineer trust policies', () => {
    const { stack, lake: l } = producer({ rolePrincipal: new iam.ArnPrincipal(`arn:aws:iam::${PRODUCER}:role/sso-data-team`) });
    const t = synth(stack);
    for (const role of [l.adminRole, l.dataEngineerRole]) {
      expect(t.Resources[logicalId(role)].Properties.AssumeRolePolicyDocument.Statement[0].Principal)
        .toEqual({ AWS: `arn:aws:iam::${PRODUCER}:role/sso-data-team` });
    }
  });

  test('admin: reads every layer, reads the catalog, and administers Lake Formation — nothing else', () => {
    expect(statementsOf(json, lake.adminRole)).toEqual([
      ...storage(lake, MedallionLayer.BRONZE, 'read'),
      ...storage(lake, MedallionLayer.SILVER, 'read'),
      ...storage(lake, MedallionLayer.GOLD, 'read'),
      ...catalog(false),
      { Sid: 'LakeFormationAdministration', Action: LF_ADMIN_ACTIONS, Effect: 'Allow', Resource: ['*'] },
    ]);
  });

  test('data engineer: read/write bronze and silver, write-only gold, catalog read/write, GetDataAccess — nothing else', () => {
    expect(statementsOf(json, lake.dataEngineerRole)).toEqual([
      ...storage(lake, MedallionLayer.BRONZE, 'readwrite'),
      ...storage(lake, MedallionLayer.SILVER, 'readwrite'),
      ...storage(lake, MedallionLayer.GOLD, 'write'),
      ...catalog(true),
    ]);
  });

  test('Glue role: read bronze, read/write silver, write gold, catalog read/write, GetDataAccess and its own log groups', () => {
    expect(statementsOf(json, lake.glueRole)).toEqual([
      ...storage(lake, MedallionLayer.BRONZE, 'read'),
      ...storage(lake, MedallionLayer.SILVER, 'readwrite'),
      ...storage(lake, MedallionLayer.GOLD, 'write'),
      ...catalog(true),
      {
        Sid: 'GlueLogs',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: [partitionArn(`:logs:eu-west-1:${PRODUCER}:log-group:/aws-glue/*`)],
      },
    ]);
  });

  test('Step Functions role: runs only the producer\'s Glue jobs and crawlers (bank-insurance-*)', () => {
    expect(statementsOf(json, lake.stepFunctionsRole)).toEqual([
      {
        Sid: 'RunProducerGlueJobs',
        Action: ['glue:BatchStopJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:StartJobRun'],
        Effect: 'Allow',
        Resource: [partitionArn(`:glue:eu-west-1:${PRODUCER}:job/bank-insurance-*`)],
      },
      {
        Sid: 'RunProducerCrawlers',
        Action: ['glue:GetCrawler', 'glue:StartCrawler'],
        Effect: 'Allow',
        Resource: [partitionArn(`:glue:eu-west-1:${PRODUCER}:crawler/bank-insurance-*`)],
      },
    ]);
  });

  test('location role: read/write on the three layers and their keys, nothing else', () => {
    expect(statementsOf(json, lake.locationRole)).toEqual([
      ...storage(lake, MedallionLayer.BRONZE, 'readwrite'),
      ...storage(lake, MedallionLayer.SILVER, 'readwrite'),
      ...storage(lake, MedallionLayer.GOLD, 'readwrite'),
    ]);
  });

  test('NEGATIVE: no IAM policy the construct writes has a wildcard action (no *, s3:*, kms:*, nor Get*-style patterns)', () => {
    const actions = iamActions(json);
    expect(actions.length).toBeGreaterThan(50);
    expect(actions.filter(a => a.includes('*'))).toEqual([]);
  });

  test('NEGATIVE: the data engineer has no key-administration action', () => {
    const kms = statementsOf(json, lake.dataEngineerRole).flatMap(s => s.Action).filter((a: string) => a.startsWith('kms:'));
    expect([...new Set(kms)].sort()).toEqual(KEY_WRITE);
    const admin = /^kms:(Create|Put|Delete|Disable|Enable|Schedule|Cancel|Update|Tag|Untag|Revoke|Retire|Import|Replicate|Rotate|ConnectCustomKeyStore)/;
    expect(kms.filter((a: string) => admin.test(a) || a === 'kms:*')).toEqual([]);
  });

  test('NEGATIVE: the data engineer cannot read gold (write-only: no s3:GetObject, GetObjectVersion or LF SELECT)', () => {
    const gold = getAtt(lake.bucket(MedallionLayer.GOLD));
    const onGold = statementsOf(json, lake.dataEngineerRole).filter(s => JSON.stringify(s.Resource).includes(JSON.stringify(gold)));
    expect(onGold).toHaveLength(1);
    expect(onGold[0].Action.filter((a: string) => a.startsWith('s3:GetObject'))).toEqual([]);
    const goldTables = grantsOf(json).filter(([, g]) =>
      g.Properties.Principal.DataLakePrincipalIdentifier['Fn::GetAtt']?.[0] === logicalId(lake.dataEngineerRole) &&
      g.Properties.Resource.Table?.DatabaseName === 'bank_insurance_gold');
    expect(goldTables).toHaveLength(1);
    expect(goldTables[0][1].Properties.Permissions).not.toContain('SELECT');
  });

  test('NEGATIVE: a producer\'s engineer cannot reach another producer\'s buckets, keys or catalog', () => {
    const bank = buildBankMesh(new App());
    for (const [domain, other, otherAccount] of [['insurance', 'investments', '333333333333'], ['investments', 'insurance', PRODUCER]]) {
      const { stack, lake: l } = bank.producers[domain];
      const statements = statementsOf(synth(stack), l.dataEngineerRole);
      const text = JSON.stringify(statements);
      expect(text).not.toContain(other);
      expect(text).not.toContain(otherAccount);
      // Every S3/KMS resource is a resource of the engineer's own stack.
      const own = new Set([...LAYERS.map(x => logicalId(l.bucket(x))), ...LAYERS.map(x => logicalId(l.key(x)))]);
      for (const s of statements.filter(x => /^(s3|kms):/.test(x.Action[0]))) {
        for (const r of s.Resource) expect(own.has(JSON.stringify(r).match(/"Fn::GetAtt":\["([^"]+)"/)![1])).toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Lake Formation: settings, registrations, databases, grants
// ---------------------------------------------------------------------------------------------------

describe('DataProducer Lake Formation', () => {
  const { lake, template, json } = reference();
  const [settingsId, settings] = resourcesOfType(json, 'AWS::LakeFormation::DataLakeSettings')[0];

  test('settings: admins are the CDK cfn-exec role (Fn::Sub with ${AWS::Partition}) and the admin role; REPLACE; no default permissions; version "4"', () => {
    template.resourceCountIs('AWS::LakeFormation::DataLakeSettings', 1);
    expect(settings.Properties).toEqual({
      Admins: [
        { DataLakePrincipalIdentifier: CFN_EXEC_ROLE },
        { DataLakePrincipalIdentifier: getAtt(lake.adminRole) },
      ],
      CreateDatabaseDefaultPermissions: [],
      CreateTableDefaultPermissions: [],
      MutationType: 'REPLACE',
      Parameters: { CROSS_ACCOUNT_VERSION: '4' },
    });
  });

  test('settingsMutation APPEND writes APPEND and a synth warning that names the trade-off', () => {
    const { stack: s } = producer({ settingsMutation: SettingsMutation.APPEND });
    Template.fromStack(s).hasResourceProperties('AWS::LakeFormation::DataLakeSettings', { MutationType: 'APPEND' });
    Annotations.fromStack(s).hasWarning('*', Match.stringLikeRegexp('MutationType APPEND \\(DM-02\\).*cloudformation-coverage-roadmap#2197'));
  });

  test('the mesh\'s crossAccountVersion 5 is written as the string "5"', () => {
    const mesh5 = MeshDescription.fromJson(JSON.stringify({ ...JSON.parse(bankMesh.toJson()), crossAccountVersion: 5 }));
    const { stack: s } = producer({}, mesh5);
    Template.fromStack(s).hasResourceProperties('AWS::LakeFormation::DataLakeSettings', { Parameters: { CROSS_ACCOUNT_VERSION: '5' } });
  });

  test('deploymentRoleArn replaces the synthesizer\'s execution role as admin', () => {
    const role = `arn:aws:iam::${PRODUCER}:role/pipeline-deployer`;
    const { stack: s, lake: l } = producer({ deploymentRoleArn: role });
    Template.fromStack(s).hasResourceProperties('AWS::LakeFormation::DataLakeSettings', {
      Admins: [{ DataLakePrincipalIdentifier: role }, { DataLakePrincipalIdentifier: getAtt(l.adminRole) }],
    });
  });

  test('additionalAdmins: existing roles of the producer account become Lake Formation admins, after the deployer and the admin role', () => {
    const app = new App();
    const stack = new Stack(app, 'Insurance', { env: bankMesh.producerEnv('insurance') });
    const sso = iam.Role.fromRoleArn(stack, 'Sso', `arn:aws:iam::${PRODUCER}:role/AWSReservedSSO_DataAdmins_0123456789abcdef`);
    const local = new iam.Role(stack, 'Ops', { assumedBy: new iam.AccountRootPrincipal() });
    const l = new DataProducer(stack, 'Lake', { mesh: bankMesh, domain: 'insurance', additionalAdmins: [sso, local, sso] });
    const withAdmins = synth(stack);
    expect(resourcesOfType(withAdmins, 'AWS::LakeFormation::DataLakeSettings')[0][1].Properties.Admins).toEqual([
      { DataLakePrincipalIdentifier: CFN_EXEC_ROLE },
      { DataLakePrincipalIdentifier: getAtt(l.adminRole) },
      { DataLakePrincipalIdentifier: `arn:aws:iam::${PRODUCER}:role/AWSReservedSSO_DataAdmins_0123456789abcdef` },
      { DataLakePrincipalIdentifier: getAtt(local) },
    ]);
    // Admins only: the library grants them no data permissions.
    expect(grantsOf(withAdmins)).toHaveLength(grantsOf(synth(producer().stack)).length);
  });

  test('a non-default synthesizer needs deploymentRoleArn: error without it, accepted with it', () => {
    const build = (deploymentRoleArn?: string) => {
      const app = new App();
      const s = new Stack(app, 'Cli', { env: bankMesh.producerEnv('insurance'), synthesizer: new CliCredentialsStackSynthesizer() });
      new DataProducer(s, 'Lake', { mesh: bankMesh, domain: 'insurance', deploymentRoleArn });
      return s;
    };
    expect(tryMessage(() => build())).toBe("DataProducer 'Lake': stack 'Cli' uses CliCredentialsStackSynthesizer, so the library cannot tell " +
      'which role deploys it. Pass deploymentRoleArn (the role CloudFormation runs as): it must be a Lake Formation admin to create grants (DM-01).');
    const s = build(`arn:aws:iam::${PRODUCER}:role/deployer`);
    Template.fromStack(s).hasResourceProperties('AWS::LakeFormation::DataLakeSettings', {
      Admins: Match.arrayWith([{ DataLakePrincipalIdentifier: `arn:aws:iam::${PRODUCER}:role/deployer` }]),
    });
  });

  test('registrations: each layer bucket with the location role, no service-linked role, no hybrid mode, after the role policy and the settings', () => {
    const registrations = resourcesOfType(json, 'AWS::LakeFormation::Resource');
    expect(registrations).toHaveLength(3);
    for (const layer of LAYERS) {
      const r = json.Resources[logicalId(lake._location(layer))];
      expect(r.Properties).toEqual({
        ResourceArn: getAtt(lake.bucket(layer)),
        RoleArn: getAtt(lake.locationRole),
        UseServiceLinkedRole: false,
        HybridAccessEnabled: false,
      });
      expect(dependsOn(r)).toEqual(expect.arrayContaining([logicalId(lake.locationRole.node.findChild('DefaultPolicy')), settingsId]));
    }
  });

  test('public API: databaseName(layer) and locationArn(layer) are plain strings (no L1 types); buckets and roles are interfaces', () => {
    for (const layer of LAYERS) {
      expect(lake.databaseName(layer)).toBe(`bank_insurance_${layer}`);
      expect(json.Resources[logicalId(lake._database(layer))].Properties.DatabaseInput.Name).toBe(lake.databaseName(layer));
      expect(Stack.of(lake).resolve(lake.locationArn(layer))).toEqual(getAtt(lake.bucket(layer)));
      expect(json.Resources[logicalId(lake._location(layer))].Properties.ResourceArn).toEqual(Stack.of(lake).resolve(lake.locationArn(layer)));
    }
    expect(Object.getOwnPropertyNames(DataProducer.prototype)).not.toContain('database');
    expect(Object.getOwnPropertyNames(DataProducer.prototype)).not.toContain('location');
  });

  test('layer databases: producer catalog, location in the layer bucket, CreateTableDefaultPermissions [], after the settings', () => {
    expect(resourcesOfType(json, 'AWS::Glue::Database')).toHaveLength(3);
    for (const layer of LAYERS) {
      const db = json.Resources[logicalId(lake._database(layer))];
      expect(db.Properties).toEqual({
        CatalogId: PRODUCER,
        DatabaseInput: {
          Name: `bank_insurance_${layer}`,
          Description: `bank/insurance ${layer} layer`,
          LocationUri: `s3://bank-insurance-${layer}-${PRODUCER}-eu-west-1/`,
          CreateTableDefaultPermissions: [],
        },
      });
      expect(dependsOn(db)).toContain(settingsId);
    }
  });

  describe('grants', () => {
    const grants = grantsOf(json);
    const principalOf = (g: Json) => g.Properties.Principal.DataLakePrincipalIdentifier['Fn::GetAtt'][0];
    const describe_ = (g: Json) => {
      const r = g.Properties.Resource;
      if (r.Database) return `database ${r.Database.Name}`;
      if (r.Table) return `tables ${r.Table.DatabaseName}.*`;
      return `location ${r.DataLocation.ResourceArn['Fn::GetAtt'][0]}`;
    };

    test('exactly the engineer\'s and the Glue role\'s permissions on every layer database, its tables and its location, and the admin\'s reads', () => {
      const engineer = logicalId(lake.dataEngineerRole);
      const glue = logicalId(lake.glueRole);
      const admin = logicalId(lake.adminRole);
      const actual = grants.map(([, g]) => [principalOf(g), describe_(g), g.Properties.Permissions.join(',')]);
      const loc = (l: MedallionLayer) => `location ${logicalId(lake.bucket(l))}`;
      const db = 'ALTER,CREATE_TABLE,DESCRIBE';
      expect(actual).toEqual([
        [engineer, 'database bank_insurance_bronze', db],
        [engineer, 'tables bank_insurance_bronze.*', 'ALTER,DELETE,DESCRIBE,INSERT,SELECT'],
        [engineer, loc(MedallionLayer.BRONZE), 'DATA_LOCATION_ACCESS'],
        [engineer, 'database bank_insurance_silver', db],
        [engineer, 'tables bank_insurance_silver.*', 'ALTER,DELETE,DESCRIBE,INSERT,SELECT'],
        [engineer, loc(MedallionLayer.SILVER), 'DATA_LOCATION_ACCESS'],
        [engineer, 'database bank_insurance_gold', db],
        [engineer, 'tables bank_insurance_gold.*', 'ALTER,DELETE,DESCRIBE,INSERT'],
        [engineer, loc(MedallionLayer.GOLD), 'DATA_LOCATION_ACCESS'],
        // Glue reads bronze: its crawlers may create and alter tables, never insert or delete data.
        [glue, 'database bank_insurance_bronze', db],
        [glue, 'tables bank_insurance_bronze.*', 'ALTER,DESCRIBE,SELECT'],
        [glue, loc(MedallionLayer.BRONZE), 'DATA_LOCATION_ACCESS'],
        [glue, 'database bank_insurance_silver', db],
        [glue, 'tables bank_insurance_silver.*', 'ALTER,DELETE,DESCRIBE,INSERT,SELECT'],
        [glue, loc(MedallionLayer.SILVER), 'DATA_LOCATION_ACCESS'],
        [glue, 'database bank_insurance_gold', db],
        [glue, 'tables bank_insurance_gold.*', 'ALTER,DELETE,DESCRIBE,INSERT'],
        [glue, loc(MedallionLayer.GOLD), 'DATA_LOCATION_ACCESS'],
        // DM-27: the admin reads every layer; as an admin it needs no data-location grant.
        [admin, 'database bank_insurance_bronze', 'DESCRIBE'],
        [admin, 'tables bank_insurance_bronze.*', 'DESCRIBE,SELECT'],
        [admin, 'database bank_insurance_silver', 'DESCRIBE'],
        [admin, 'tables bank_insurance_silver.*', 'DESCRIBE,SELECT'],
        [admin, 'database bank_insurance_gold', 'DESCRIBE'],
        [admin, 'tables bank_insurance_gold.*', 'DESCRIBE,SELECT'],
      ]);
    });

    test('every grant: catalog = producer account, no grant option, CatalogId of the named resource = producer account', () => {
      for (const [, g] of grants) {
        expect(g.Properties.Catalog).toBe(PRODUCER);
        expect(g.Properties.PermissionsWithGrantOption).toEqual([]);
        const [resource] = Object.values<Json>(g.Properties.Resource);
        expect(resource.CatalogId).toBe(PRODUCER);
      }
    });
  });

  test('grantDataEngineering on the construct\'s own engineer role changes nothing: same grants, same statements', () => {
    const before = synth(producer().stack);
    const { stack: s, lake: l } = producer();
    l.grantDataEngineering(l.dataEngineerRole);
    const after = synth(s);
    expect(grantsOf(after)).toEqual(grantsOf(before));
    expect(statementsOf(after, l.dataEngineerRole)).toEqual(statementsOf(before, l.dataEngineerRole));
  });
});

// ---------------------------------------------------------------------------------------------------
// grantXxx on a user's own principals, and imported producers
// ---------------------------------------------------------------------------------------------------

describe('grants on the user\'s own principals', () => {
  function withUserRole() {
    const { stack, lake } = producer();
    const role = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    return { stack, lake, role };
  }

  test('grantRead / grantWrite / grantReadWrite write exactly the layer\'s storage statements and return a Grant', () => {
    for (const [method, access] of [['grantRead', 'read'], ['grantWrite', 'write'], ['grantReadWrite', 'readwrite']] as const) {
      const { stack, lake, role } = withUserRole();
      const grant = lake[method](role, MedallionLayer.SILVER);
      expect(grant.success).toBe(true);
      expect(statementsOf(synth(stack), role)).toEqual(storage(lake, MedallionLayer.SILVER, access));
    }
  });

  test('grantDataEngineering: the engineer\'s IAM statements, and the engineer\'s Lake Formation grants for the user\'s role', () => {
    const before = grantsOf(synth(withUserRole().stack)).length;
    const { stack, lake, role } = withUserRole();
    expect(lake.grantDataEngineering(role).success).toBe(true);
    const json = synth(stack);
    expect(statementsOf(json, role)).toEqual([
      ...storage(lake, MedallionLayer.BRONZE, 'readwrite'),
      ...storage(lake, MedallionLayer.SILVER, 'readwrite'),
      ...storage(lake, MedallionLayer.GOLD, 'write'),
      ...catalog(true),
    ]);
    const mine = grantsOf(json).filter(([, g]) => g.Properties.Principal.DataLakePrincipalIdentifier['Fn::GetAtt']?.[0] === logicalId(role));
    expect(grantsOf(json)).toHaveLength(before + 9);
    expect(mine.map(([, g]) => g.Properties.Permissions.join(','))).toEqual([
      'ALTER,CREATE_TABLE,DESCRIBE', 'ALTER,DELETE,DESCRIBE,INSERT,SELECT', 'DATA_LOCATION_ACCESS',
      'ALTER,CREATE_TABLE,DESCRIBE', 'ALTER,DELETE,DESCRIBE,INSERT,SELECT', 'DATA_LOCATION_ACCESS',
      'ALTER,CREATE_TABLE,DESCRIBE', 'ALTER,DELETE,DESCRIBE,INSERT', 'DATA_LOCATION_ACCESS',
    ]);
  });

  test('a grantee in another account is refused on every layer and by grantDataEngineering; nothing is written', () => {
    const { stack, lake } = producer();
    const consumer = new Stack(stack.node.root as App, 'Ml', { env: bankMesh.consumerEnv('ml') });
    const reader = new iam.Role(consumer, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    const before = synth(stack);
    const prefix = "DataProducer 'Lake': ";
    const tail = ' refused: the grantee is in account 555555555555, not in the producer account 222222222222.';
    for (const layer of LAYERS) {
      for (const method of ['grantRead', 'grantWrite', 'grantReadWrite'] as const) {
        expect(tryMessage(() => lake[method](reader, layer))).toMatch(new RegExp(`^${prefix}${method}\\(grantee, '${layer}'\\)${tail.replace(/\./g, '\\.')}`));
      }
    }
    expect(tryMessage(() => lake.grantDataEngineering(reader))).toMatch(new RegExp(`^${prefix}grantDataEngineering\\(grantee\\)${tail.replace(/\./g, '\\.')}`));
    expect(resourcesOfType(synth(consumer), 'AWS::IAM::Policy')).toEqual([]);
    expect(synth(stack)).toEqual(before);
    // Another stack of the producer account is fine.
    const sibling = new Stack(stack.node.root as App, 'Jobs', { env: bankMesh.producerEnv('insurance') });
    expect(lake.grantRead(new iam.Role(sibling, 'Job', { assumedBy: new iam.AccountRootPrincipal() }), MedallionLayer.SILVER).success).toBe(true);
  });

  test('grantDataEngineering twice on the same role: the Lake Formation grants are merged, not duplicated', () => {
    const once = withUserRole();
    once.lake.grantDataEngineering(once.role);
    const twice = withUserRole();
    twice.lake.grantDataEngineering(twice.role);
    twice.lake.grantDataEngineering(twice.role);
    expect(grantsOf(synth(twice.stack))).toEqual(grantsOf(synth(once.stack)));
  });
});

describe('fromDataProducerAttributes', () => {
  /** A stack of another app in the producer's own account (e.g. the team's pipelines), with a role of its own. */
  function pipelineStack() {
    const app = new App();
    const stack = new Stack(app, 'Pipelines', { env: bankMesh.producerEnv('insurance') });
    const role = new iam.Role(stack, 'Job', { assumedBy: new iam.AccountRootPrincipal() });
    return { stack, role };
  }
  const goldBucketArn = partitionArn(':s3:::bank-insurance-gold-222222222222-eu-west-1');
  const goldObjectsArn = partitionArn(':s3:::bank-insurance-gold-222222222222-eu-west-1/*');
  const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
  const keyArnOf = (account = PRODUCER, region = 'eu-west-1') => `arn:aws:kms:${region}:${account}:key/${KEY_ID}`;

  test('without keyArns: the bucket by its derived name, the key as key/* in the producer account conditioned on the derived alias', () => {
    const { stack, role } = pipelineStack();
    const producerRef = DataProducer.fromDataProducerAttributes(stack, 'Insurance', { mesh: bankMesh, domain: 'insurance' });
    expect(producerRef.domain).toBe('insurance');
    producerRef.grantRead(role, MedallionLayer.GOLD);
    expect(statementsOf(synth(stack), role)).toEqual([
      { Action: [...BUCKET_READ, ...OBJECTS_READ], Effect: 'Allow', Resource: [goldBucketArn, goldObjectsArn] },
      {
        Action: KEY_READ,
        Effect: 'Allow',
        Resource: [partitionArn(`:kms:eu-west-1:${PRODUCER}:key/*`)],
        Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/bank/insurance/gold' } },
      },
    ]);
  });

  test('with keyArns: the exact key ARN and no condition', () => {
    const { stack, role } = pipelineStack();
    const keyArn = keyArnOf();
    const producerRef = DataProducer.fromDataProducerAttributes(stack, 'Insurance', { mesh: bankMesh, domain: 'insurance', keyArns: { gold: keyArn } });
    producerRef.grantReadWrite(role, MedallionLayer.GOLD);
    expect(statementsOf(synth(stack), role)).toEqual([
      { Action: [...BUCKET_WRITE, ...OBJECTS_READWRITE], Effect: 'Allow', Resource: [goldBucketArn, goldObjectsArn] },
      { Action: KEY_WRITE, Effect: 'Allow', Resource: [keyArn] },
    ]);
  });

  test('a grantee in another account is refused on every layer, gold included: gold is shared through Lake Formation, not bucket grants', () => {
    const app = new App();
    const consumer = new Stack(app, 'Consumer', { env: bankMesh.consumerEnv('ml') });
    const reader = new iam.Role(consumer, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    const producerRef = DataProducer.fromDataProducerAttributes(consumer, 'Insurance', { mesh: bankMesh, domain: 'insurance' });
    const refused = (call: string) => `DataProducer 'Insurance': ${call} refused: the grantee is in account 555555555555, not in the producer ` +
      'account 222222222222. Bronze and silver are never reachable from another account, and gold data products reach other accounts only ' +
      'through Lake Formation: register the product with GovernanceHub.addDataProduct and share it with a DataProductShare. ' +
      'Grant a principal of account 222222222222 instead.';
    for (const layer of LAYERS) {
      expect(tryMessage(() => producerRef.grantRead(reader, layer))).toBe(refused(`grantRead(grantee, '${layer}')`));
      expect(tryMessage(() => producerRef.grantWrite(reader, layer))).toBe(refused(`grantWrite(grantee, '${layer}')`));
      expect(tryMessage(() => producerRef.grantReadWrite(reader, layer))).toBe(refused(`grantReadWrite(grantee, '${layer}')`));
    }
    expect(tryMessage(() => producerRef.grantDataEngineering(reader))).toBe(refused('grantDataEngineering(grantee)'));
    // A principal given by account or ARN counts too.
    expect(tryMessage(() => producerRef.grantRead(new iam.AccountPrincipal('555555555555'), MedallionLayer.GOLD)))
      .toBe(refused("grantRead(grantee, 'gold')"));
    expect(resourcesOfType(synth(consumer), 'AWS::IAM::Policy')).toEqual([]);
  });

  test('key(layer): the key of keyArns; without it an error that names the fix', () => {
    const { stack } = pipelineStack();
    const withKey = DataProducer.fromDataProducerAttributes(stack, 'WithKey', { mesh: bankMesh, domain: 'insurance', keyArns: { silver: keyArnOf() } });
    expect(withKey.key(MedallionLayer.SILVER).keyArn).toBe(keyArnOf());
    expect(withKey.key(MedallionLayer.SILVER)).toBe(withKey.key(MedallionLayer.SILVER));
    expect(tryMessage(() => withKey.key(MedallionLayer.GOLD))).toBe("DataProducer 'WithKey': key('gold') needs keyArns.gold: an imported " +
      `producer knows its gold key only by ARN. Pass keyArns: { gold: '${keyArnOf()}' } to fromDataProducerAttributes, or use ` +
      "grantRead/grantWrite/grantReadWrite, which reach the key through its alias 'alias/bank/insurance/gold'.");
  });

  test('grantDataEngineering on an imported producer: the engineer\'s IAM statements only (the producer stack makes the Lake Formation grants)', () => {
    const { stack, role } = pipelineStack();
    const producerRef = DataProducer.fromDataProducerAttributes(stack, 'Insurance', { mesh: bankMesh, domain: 'insurance' });
    expect(producerRef.grantDataEngineering(role).success).toBe(true);
    const json = synth(stack);
    const bucketArn = (l: MedallionLayer) => partitionArn(`:s3:::bank-insurance-${l}-222222222222-eu-west-1`);
    const objectsArn = (l: MedallionLayer) => partitionArn(`:s3:::bank-insurance-${l}-222222222222-eu-west-1/*`);
    const key = (l: MedallionLayer, actions: string[]) => ({
      Action: actions,
      Effect: 'Allow',
      Resource: [partitionArn(`:kms:eu-west-1:${PRODUCER}:key/*`)],
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': `alias/bank/insurance/${l}` } },
    });
    expect(statementsOf(json, role)).toEqual([
      { Action: [...BUCKET_WRITE, ...OBJECTS_READWRITE], Effect: 'Allow', Resource: [bucketArn(MedallionLayer.BRONZE), objectsArn(MedallionLayer.BRONZE)] },
      key(MedallionLayer.BRONZE, KEY_WRITE),
      { Action: [...BUCKET_WRITE, ...OBJECTS_READWRITE], Effect: 'Allow', Resource: [bucketArn(MedallionLayer.SILVER), objectsArn(MedallionLayer.SILVER)] },
      key(MedallionLayer.SILVER, KEY_WRITE),
      { Action: [...BUCKET_WRITE, ...OBJECTS_WRITE], Effect: 'Allow', Resource: [bucketArn(MedallionLayer.GOLD), objectsArn(MedallionLayer.GOLD)] },
      key(MedallionLayer.GOLD, KEY_WRITE),
      ...catalog(true),
    ]);
    expect(grantsOf(json)).toEqual([]);
  });

  test('keyArns must be key ARNs (not aliases) of the producer account in the mesh region; tokens are accepted as they are', () => {
    const message = (layer: string, value: string, why: string) => `DataProducer 'P': keyArns.${layer} '${value}' ${why}. Pass the ARN of the ` +
      `producer's ${layer} key, e.g. keyArns: { ${layer}: '${keyArnOf()}' }, or omit keyArns.${layer} (grants then use key/* in account ` +
      `222222222222, conditioned on the alias 'alias/bank/insurance/${layer}').`;
    const attempt = (keyArns: LayerKeyArns) => tryMessage(() =>
      DataProducer.fromDataProducerAttributes(pipelineStack().stack, 'P', { mesh: bankMesh, domain: 'insurance', keyArns }));
    const alias = `arn:aws:kms:eu-west-1:${PRODUCER}:alias/bank/insurance/gold`;
    expect(attempt({ gold: alias })).toBe(message('gold', alias, 'is an alias ARN; IAM grants need the key ARN (key/<key id>), not an alias'));
    expect(attempt({ bronze: keyArnOf(GOVERNANCE) })).toBe(message('bronze', keyArnOf(GOVERNANCE),
      "is a key of account 111111111111, not of the producer 'insurance' (account 222222222222)"));
    expect(attempt({ silver: keyArnOf(PRODUCER, 'us-east-1') })).toBe(message('silver', keyArnOf(PRODUCER, 'us-east-1'),
      "is a key in region us-east-1, not in the mesh's region eu-west-1"));
    expect(attempt({ gold: KEY_ID })).toBe(message('gold', KEY_ID, 'is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>)'));
    const s3Arn = 'arn:aws:s3:::bank-insurance-gold-222222222222-eu-west-1';
    expect(attempt({ gold: s3Arn })).toBe(message('gold', s3Arn, 'is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>)'));
    // Valid: a key ARN in another partition's syntax, a multi-Region key, a token.
    expect(attempt({ gold: `arn:aws-us-gov:kms:eu-west-1:${PRODUCER}:key/mrk-1234abcd12ab34cd56ef1234567890ab` })).toBe('(no error)');
    expect(attempt({ gold: Fn.importValue('GoldKeyArn') })).toBe('(no error)');
  });

  test('keyArns with an unknown layer, or an unknown domain, is an error', () => {
    const { stack } = pipelineStack();
    expect(tryMessage(() => DataProducer.fromDataProducerAttributes(stack, 'P',
      { mesh: bankMesh, domain: 'insurance', keyArns: { platinum: 'x' } as unknown as LayerKeyArns })))
      .toBe("DataProducer 'P': keyArns has key 'platinum'; the layers are bronze, silver, gold.");
    expect(tryMessage(() => DataProducer.fromDataProducerAttributes(stack, 'Q', { mesh: bankMesh, domain: 'retail' })))
      .toBe("MeshDescription 'bank': 'retail' is not a producer domain of the mesh (producers: insurance, investments). " +
        "Use one of those, or add 'retail' to producers in the mesh description.");
  });
});

// ---------------------------------------------------------------------------------------------------
// The internal grant registry
// ---------------------------------------------------------------------------------------------------

describe('LakeFormationGrants (internal registry)', () => {
  test('a second grant to the same principal and resource merges permissions, grant options and dependencies into one resource', () => {
    const { stack, grants } = grantRegistry();
    const a = new CfnResource(stack, 'A', { type: 'AWS::Glue::Database' });
    const b = new CfnResource(stack, 'B', { type: 'AWS::Glue::Database' });
    const principal = `arn:aws:iam::${PRODUCER}:role/analyst`;
    const resource = { database: { catalogId: PRODUCER, name: 'db' } };
    const first = grants.grant({ requester: 'T', principal, resource, permissions: ['DESCRIBE'], dependsOn: [a] });
    const second = grants.grant({ requester: 'T', principal, resource, permissions: ['SELECT', 'DESCRIBE'], permissionsWithGrantOption: ['DESCRIBE'], dependsOn: [b] });
    expect(second).toBe(first);
    const json = synth(stack);
    const all = grantsOf(json);
    expect(all).toHaveLength(1);
    expect(all[0][1].Properties.Permissions).toEqual(['DESCRIBE', 'SELECT']);
    expect(all[0][1].Properties.PermissionsWithGrantOption).toEqual(['DESCRIBE']);
    expect(dependsOn(all[0][1])).toEqual(expect.arrayContaining(['A', 'B']));
  });

  test('a different resource or principal is a different grant', () => {
    const { stack, grants } = grantRegistry();
    const principal = `arn:aws:iam::${PRODUCER}:role/analyst`;
    grants.grant({ requester: 'T', principal, resource: { database: { catalogId: PRODUCER, name: 'a' } }, permissions: ['DESCRIBE'] });
    grants.grant({ requester: 'T', principal, resource: { database: { catalogId: PRODUCER, name: 'b' } }, permissions: ['DESCRIBE'] });
    grants.grant({ requester: 'T', principal: `${principal}2`, resource: { database: { catalogId: PRODUCER, name: 'a' } }, permissions: ['DESCRIBE'] });
    expect(grantsOf(synth(stack))).toHaveLength(3);
  });

  test('cross-account DESCRIBE/SELECT are allowed; ALL to the stack\'s own account is allowed', () => {
    const { stack, grants } = grantRegistry();
    const resource = { database: { catalogId: PRODUCER, name: 'db' } };
    grants.grant({ requester: 'T', principal: GOVERNANCE, resource, permissions: ['DESCRIBE', 'SELECT'], permissionsWithGrantOption: ['DESCRIBE'] });
    grants.grant({ requester: 'T', principal: `arn:aws:iam::${PRODUCER}:role/owner`, resource, permissions: ['ALL'] });
    expect(grantsOf(synth(stack))).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------------
// One test per pitfall the producer handles. Each fails if the fix is removed.
// ---------------------------------------------------------------------------------------------------

describe('pitfalls', () => {
  test('DM-01 the CDK execution role is a Lake Formation admin, and registrations, databases and every grant are created after the settings', () => {
    const { lake, json } = reference();
    const [settingsId, settings] = resourcesOfType(json, 'AWS::LakeFormation::DataLakeSettings')[0];
    expect(settings.Properties.Admins).toContainEqual({ DataLakePrincipalIdentifier: CFN_EXEC_ROLE });
    const gated = [
      ...resourcesOfType(json, 'AWS::LakeFormation::Resource'),
      ...resourcesOfType(json, 'AWS::Glue::Database'),
      ...grantsOf(json),
    ];
    expect(gated).toHaveLength(3 + 3 + 24);
    for (const [, r] of gated) expect(dependsOn(r)).toContain(settingsId);
    void lake;
  });

  test('DM-02 REPLACE is the default; APPEND is a deliberate choice that warns at synth time; REPLACE does not warn', () => {
    const replace = producer();
    expect(synth(replace.stack).Resources[resourcesOfType(synth(replace.stack), 'AWS::LakeFormation::DataLakeSettings')[0][0]].Properties.MutationType)
      .toBe('REPLACE');
    expect(Annotations.fromStack(replace.stack).findWarning('*', Match.stringLikeRegexp('MutationType APPEND'))).toHaveLength(0);
    const append = producer({ settingsMutation: SettingsMutation.APPEND });
    Template.fromStack(append.stack).hasResourceProperties('AWS::LakeFormation::DataLakeSettings', { MutationType: 'APPEND' });
    Annotations.fromStack(append.stack).hasWarning('/Insurance/DataMeshLakeFormationSettings',
      Match.stringLikeRegexp("DataProducer 'Lake': Lake Formation settings use MutationType APPEND \\(DM-02\\)"));
  });

  test('DM-03 admins live with the stack (the admin role by Fn::GetAtt, never a name) and the execution role follows the synthesizer', () => {
    const app = new App();
    const stack = new Stack(app, 'Custom', {
      env: bankMesh.producerEnv('insurance'),
      synthesizer: new DefaultStackSynthesizer({ qualifier: 'mesh01' }),
    });
    const lake = new DataProducer(stack, 'Lake', { mesh: bankMesh, domain: 'insurance' });
    const json = synth(stack);
    const admins = resourcesOfType(json, 'AWS::LakeFormation::DataLakeSettings')[0][1].Properties.Admins;
    expect(admins).toEqual([
      { DataLakePrincipalIdentifier: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::${PRODUCER}:role/cdk-mesh01-cfn-exec-role-${PRODUCER}-eu-west-1` } },
      { DataLakePrincipalIdentifier: getAtt(lake.adminRole) },
    ]);
    // The admin role has a generated name: replacing it updates the admin list in the same deployment.
    expect(json.Resources[logicalId(lake.adminRole)].Properties.RoleName).toBeUndefined();
  });

  test('DM-04 no IAMAllowedPrincipals defaults: [] in the settings and CreateTableDefaultPermissions [] on every layer database', () => {
    const { json } = reference();
    const settings = resourcesOfType(json, 'AWS::LakeFormation::DataLakeSettings')[0][1].Properties;
    expect(settings.CreateDatabaseDefaultPermissions).toEqual([]);
    expect(settings.CreateTableDefaultPermissions).toEqual([]);
    const dbs = resourcesOfType(json, 'AWS::Glue::Database');
    expect(dbs).toHaveLength(3);
    for (const [, db] of dbs) expect(db.Properties.DatabaseInput.CreateTableDefaultPermissions).toEqual([]);
  });

  test('DM-06 CROSS_ACCOUNT_VERSION is a string, the same in every producer stack, and follows the mesh', () => {
    const { bank } = reference();
    for (const { stack } of Object.values(bank.producers)) {
      Template.fromStack(stack).hasResourceProperties('AWS::LakeFormation::DataLakeSettings', { Parameters: { CROSS_ACCOUNT_VERSION: '4' } });
    }
    const mesh3 = MeshDescription.fromJson(JSON.stringify({ ...JSON.parse(bankMesh.toJson()), crossAccountVersion: 3 }));
    const { stack } = producer({}, mesh3);
    Template.fromStack(stack).hasResourceProperties('AWS::LakeFormation::DataLakeSettings', { Parameters: { CROSS_ACCOUNT_VERSION: '3' } });
    // A second construct of the same stack cannot ask for another version.
    expect(tryMessage(() => LakeFormationSettings.of(stack, { requester: 'Other', crossAccountVersion: 4 })))
      .toMatch(/^Other: CROSS_ACCOUNT_VERSION 4 conflicts with 3 requested by DataProducer 'Lake' in the same stack \(DM-06\)/);
  });

  test('DM-09 every registration uses the custom location role (trusted by Lake Formation), never the service-linked role', () => {
    const { lake, json } = reference();
    for (const [, r] of resourcesOfType(json, 'AWS::LakeFormation::Resource')) {
      expect(r.Properties.UseServiceLinkedRole).toBe(false);
      expect(r.Properties.RoleArn).toEqual(getAtt(lake.locationRole));
    }
    expect(json.Resources[logicalId(lake.locationRole)].Properties.AssumeRolePolicyDocument.Statement[0].Principal)
      .toEqual({ Service: 'lakeformation.amazonaws.com' });
  });

  test('DM-10 each registration is created after its role (GetAtt) and the role\'s IAM policy (DependsOn, no redundant role dependency: cfn-lint W3005)', () => {
    const { lake, json } = reference();
    const policyId = logicalId(lake.locationRole.node.findChild('DefaultPolicy'));
    for (const layer of LAYERS) {
      const registration = json.Resources[logicalId(lake._location(layer))];
      expect(dependsOn(registration)).toContain(policyId);
      expect(dependsOn(registration)).not.toContain(logicalId(lake.locationRole));
      expect(registration.Properties.RoleArn).toEqual(getAtt(lake.locationRole));
    }
  });

  test('DM-11 no hard-coded arn:aws: anywhere in the producer templates (or an imported producer\'s grants): ARNs use AWS::Partition', () => {
    const { bank } = reference();
    for (const { stack } of Object.values(bank.producers)) {
      const text = JSON.stringify(synth(stack));
      expect(text).not.toMatch(/arn:aws[a-z-]*:/);
      expect(text).toContain('"Ref":"AWS::Partition"');
    }
    const app = new App();
    const other = new Stack(app, 'Other', { env: bankMesh.producerEnv('insurance') });
    const role = new iam.Role(other, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    DataProducer.fromDataProducerAttributes(other, 'Insurance', { mesh: bankMesh, domain: 'insurance' }).grantDataEngineering(role);
    expect(JSON.stringify(synth(other))).not.toMatch(/arn:aws[a-z-]*:/);
  });

  test('DM-12 the registration role reaches gold only: list on the bucket, the objects of gold (gold/*); bronze/silver have no Allow', () => {
    const { lake, json } = reference();
    const allowsByBucket = Object.fromEntries(LAYERS.map(layer => {
      const [, p] = resourcesOfType(json, 'AWS::S3::BucketPolicy').find(([, x]) => x.Properties.Bucket.Ref === logicalId(lake.bucket(layer)))!;
      return [layer, p.Properties.PolicyDocument.Statement.filter((s: Json) => s.Effect === 'Allow')];
    }));
    expect(allowsByBucket.bronze).toEqual([]);
    expect(allowsByBucket.silver).toEqual([]);
    const gold = allowsByBucket.gold;
    expect(gold.map((s: Json) => s.Principal.AWS)).toEqual([GOVERNANCE_ROOT, GOVERNANCE_ROOT]);
    expect(gold.map((s: Json) => s.Condition)).toEqual([ONLY_REGISTRATION_ROLE, ONLY_REGISTRATION_ROLE]);
    expect(gold[0].Resource).toEqual(getAtt(lake.goldBucket));
    expect(gold[1].Resource).toEqual(objectsOf(lake.goldBucket, '/*'));
  });

  test('DM-13 the gold key carries the derived alias and a key-policy statement for the registration role; bronze/silver keys do not', () => {
    const { lake, template, json } = reference();
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: bankMesh.keyAliasName('insurance', MedallionLayer.GOLD),
      TargetKeyId: getAtt(lake.key(MedallionLayer.GOLD)),
    });
    const statementsFor = (layer: MedallionLayer) => json.Resources[logicalId(lake.key(layer))].Properties.KeyPolicy.Statement
      .filter((s: Json) => JSON.stringify(s.Condition) === JSON.stringify(ONLY_REGISTRATION_ROLE));
    expect(statementsFor(MedallionLayer.GOLD)).toEqual([{
      Sid: 'GovernanceRegistrationKeyUse',
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Condition: ONLY_REGISTRATION_ROLE,
      Effect: 'Allow',
      Principal: { AWS: GOVERNANCE_ROOT },
      Resource: '*',
    }]);
    expect(statementsFor(MedallionLayer.BRONZE)).toEqual([]);
    expect(statementsFor(MedallionLayer.SILVER)).toEqual([]);
  });

  describe('DM-23 the grant registry refuses ALL/DROP/SUPER/ALTER/DATA_LOCATION_ACCESS to another account', () => {
    const resource = { database: { catalogId: PRODUCER, name: 'db' } };
    const message = (perm: string) => `T: refusing to grant ${perm} to account ${GOVERNANCE} (DM-23): the mesh never gives another account ` +
      'ALL, DROP, SUPER, ALTER or data-location access. Share with DESCRIBE/SELECT instead.';

    test.each(FORBIDDEN_CROSS_ACCOUNT)('DM-23 refuses %s (as permission or grant option) to an account id, a literal ARN and partition-aware ARNs', (perm) => {
      expect(FORBIDDEN_CROSS_ACCOUNT).toEqual(['ALL', 'DROP', 'SUPER', 'ALTER', 'DATA_LOCATION_ACCESS']);
      const { stack, grants } = grantRegistry();
      const principals = [
        GOVERNANCE,
        `arn:aws:iam::${GOVERNANCE}:role/x`,
        stack.formatArn({ service: 'iam', region: '', account: GOVERNANCE, resource: 'role', resourceName: 'x' }),
        Fn.sub(`arn:\${AWS::Partition}:iam::${GOVERNANCE}:role/x`),
      ];
      for (const principal of principals) {
        expect(tryMessage(() => grants.grant({ requester: 'T', principal, resource, permissions: ['DESCRIBE', perm] }))).toBe(message(perm));
        expect(tryMessage(() => grants.grant({ requester: 'T', principal, resource, permissions: ['DESCRIBE'], permissionsWithGrantOption: [perm] })))
          .toBe(message(perm));
      }
      expect(grantsOf(synth(stack))).toHaveLength(0);
    });
  });

  test('DM-24 the grants form one DependsOn chain: each depends on exactly the previous grant', () => {
    const { json } = reference();
    const grants = grantsOf(json);
    const ids = new Set(grants.map(([id]) => id));
    const previous = new Map(grants.map(([id, g]) => [id, dependsOn(g).filter(d => ids.has(d))]));
    const heads = [...previous].filter(([, p]) => p.length === 0).map(([id]) => id);
    expect(heads).toHaveLength(1);
    for (const [, p] of previous) expect(p.length).toBeLessThanOrEqual(1);
    // Walk the chain from its tail: it visits every grant once.
    const next = new Map<string, string>();
    for (const [id, p] of previous) {
      if (p.length === 1) {
        expect(next.has(p[0])).toBe(false);
        next.set(p[0], id);
      }
    }
    const chain = [heads[0]];
    while (next.has(chain[chain.length - 1])) chain.push(next.get(chain[chain.length - 1])!);
    expect(chain.sort()).toEqual([...ids].sort());
  });

  test('DM-25 one PrincipalPermissions per principal + resource: a second grant merges its permissions', () => {
    const { stack, grants } = grantRegistry();
    const principal = `arn:aws:iam::${PRODUCER}:role/engineer`;
    const resource = { table: { catalogId: PRODUCER, databaseName: 'db', tableWildcard: {} } };
    grants.grant({ requester: 'T', principal, resource, permissions: ['SELECT'] });
    grants.grant({ requester: 'T', principal, resource, permissions: ['INSERT', 'SELECT'] });
    const all = grantsOf(synth(stack));
    expect(all).toHaveLength(1);
    expect(all[0][1].Properties.Permissions).toEqual(['INSERT', 'SELECT']);
    // Through the construct: granting data engineering to the engineer role again adds no resource.
    const count = grantsOf(synth(producer().stack)).length;
    const { stack: s, lake } = producer();
    lake.grantDataEngineering(lake.dataEngineerRole);
    expect(grantsOf(synth(s))).toHaveLength(count);
  });

  test('DM-27 the producer admin (an LF admin: no implicit SELECT) gets DESCRIBE on each layer database and DESCRIBE+SELECT on its tables', () => {
    const { lake, json } = reference();
    const admin = grantsOf(json).filter(([, g]) => g.Properties.Principal.DataLakePrincipalIdentifier['Fn::GetAtt']?.[0] === logicalId(lake.adminRole));
    const granted = admin.map(([, g]) => [g.Properties.Resource, g.Properties.Permissions, g.Properties.PermissionsWithGrantOption]);
    expect(granted).toEqual(LAYERS.flatMap(l => [
      [{ Database: { CatalogId: PRODUCER, Name: `bank_insurance_${l}` } }, ['DESCRIBE'], []],
      [{ Table: { CatalogId: PRODUCER, DatabaseName: `bank_insurance_${l}`, TableWildcard: {} } }, ['DESCRIBE', 'SELECT'], []],
    ]));
    // Each after the database it names (DM-28) and the settings that make the deployer an admin (DM-01).
    for (const [i, [, g]] of admin.entries()) expect(dependsOn(g)).toContain(logicalId(lake._database(LAYERS[Math.floor(i / 2)])));
    // The admin role is still a Lake Formation admin, and its IAM policy still reads every layer.
    expect(resourcesOfType(json, 'AWS::LakeFormation::DataLakeSettings')[0][1].Properties.Admins)
      .toContainEqual({ DataLakePrincipalIdentifier: getAtt(lake.adminRole) });
  });

  test('DM-28 each grant depends on the database or registration it names', () => {
    const { lake, json } = reference();
    const dbIds = Object.fromEntries(LAYERS.map(l => [`bank_insurance_${l}`, logicalId(lake._database(l))]));
    const locIds = Object.fromEntries(LAYERS.map(l => [logicalId(lake.bucket(l)), logicalId(lake._location(l))]));
    for (const [, g] of grantsOf(json)) {
      const r = g.Properties.Resource;
      const named = r.Database ? dbIds[r.Database.Name] : r.Table ? dbIds[r.Table.DatabaseName] : locIds[r.DataLocation.ResourceArn['Fn::GetAtt'][0]];
      expect(named).toBeDefined();
      expect(dependsOn(g)).toContain(named);
    }
  });

  test('DM-35 Lake Formation-only mode: HybridAccessEnabled false on every registration', () => {
    const { json } = reference();
    const registrations = resourcesOfType(json, 'AWS::LakeFormation::Resource');
    expect(registrations).toHaveLength(3);
    for (const [, r] of registrations) expect(r.Properties.HybridAccessEnabled).toBe(false);
  });

  test('DM-36 names are derived from the mesh, never passed between stacks; the producer must be in its own environment', () => {
    const { bank } = reference();
    for (const [domain, { stack }] of Object.entries(bank.producers)) {
      const json = synth(stack);
      const text = JSON.stringify(json);
      expect(text).not.toContain('Fn::ImportValue');
      expect(JSON.stringify(json.Outputs ?? {})).not.toContain('Export');
      expect(text).toContain(`"arn:",{"Ref":"AWS::Partition"},":iam::${GOVERNANCE}:role/${bankMesh.registrationRoleName(domain)}"`);
      for (const layer of LAYERS) expect(text).toContain(`"BucketName":"${bankMesh.bucketName(domain, layer)}"`);
    }
    const app = new App();
    expect(tryMessage(() => new DataProducer(new Stack(app, 'Agnostic'), 'Lake', { mesh: bankMesh, domain: 'insurance' }))).toBe(
      "DataProducer 'Lake': stack 'Agnostic' is environment-agnostic, but the producer 'insurance' lives in account 222222222222, " +
      "region eu-west-1. Create the stack with { env: mesh.producerEnv('insurance') }.");
    expect(tryMessage(() => new DataProducer(new Stack(app, 'Wrong', { env: bankMesh.producerEnv('investments') }), 'Lake',
      { mesh: bankMesh, domain: 'insurance' }))).toBe(
      "DataProducer 'Lake': stack 'Wrong' is in account 333333333333, region eu-west-1, but the mesh description places the producer " +
      "'insurance' in account 222222222222, region eu-west-1. Create the stack with { env: mesh.producerEnv('insurance') }.");
  });

  test('DM-40 one DataLakeSettings per stack, shared; a second REPLACE stack for the same account and region is an error', () => {
    const { stack, lake } = producer();
    const shared = LakeFormationSettings.of(stack, { requester: 'Consumer side', crossAccountVersion: 4, deploymentRoleArn: `arn:aws:iam::${PRODUCER}:role/extra` });
    const json = synth(stack);
    expect(resourcesOfType(json, 'AWS::LakeFormation::DataLakeSettings')).toHaveLength(1);
    expect(logicalId(shared.resource)).toBe(resourcesOfType(json, 'AWS::LakeFormation::DataLakeSettings')[0][0]);
    expect(resourcesOfType(json, 'AWS::LakeFormation::DataLakeSettings')[0][1].Properties.Admins).toEqual([
      { DataLakePrincipalIdentifier: CFN_EXEC_ROLE },
      { DataLakePrincipalIdentifier: getAtt(lake.adminRole) },
      { DataLakePrincipalIdentifier: `arn:aws:iam::${PRODUCER}:role/extra` },
    ]);

    const app = new App();
    new DataProducer(new Stack(app, 'First', { env: bankMesh.producerEnv('insurance') }), 'Lake', { mesh: bankMesh, domain: 'insurance' });
    expect(tryMessage(() => new DataProducer(new Stack(app, 'Second', { env: bankMesh.producerEnv('insurance') }), 'Lake',
      { mesh: bankMesh, domain: 'insurance' }))).toBe(
      "DataProducer 'Lake': stack 'Second' writes the Lake Formation settings of account 222222222222 in eu-west-1 with REPLACE, but stack " +
      "'First' already does (DM-40): the second deployment would wipe the first one's admins. Put both constructs in one stack, or set " +
      'settingsMutation: SettingsMutation.APPEND on all but one of them.');
    // APPEND in the second stack is the documented way out.
    const third = new Stack(app, 'Third', { env: bankMesh.producerEnv('insurance') });
    new DataProducer(third, 'Lake', { mesh: bankMesh, domain: 'insurance', settingsMutation: SettingsMutation.APPEND });
    Template.fromStack(third).hasResourceProperties('AWS::LakeFormation::DataLakeSettings', { MutationType: 'APPEND' });
  });

  test('DM-41 only current Lambda runtimes: with autoDeleteObjects the aws-cdk-lib provider runs nodejs22.x or newer', () => {
    const { stack } = producer({ removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
    const functions = resourcesOfType(synth(stack), 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const [, fn] of functions) {
      const m = /^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime);
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(22);
    }
  });
});
