/*
 * DataConsumer, asserted on the consumer templates of the reference mesh (bi: analyst, public; ml:
 * data-scientist, up to private, SageMaker; exec: executive, up to sensitive): Lake Formation settings,
 * the RAM acceptance custom resource, resource links, re-grants by clearance, the Athena workgroup and
 * the roles' IAM policies; then the named-tables and cells-filter modes on a small mesh, and one
 * `DM-xx` test per pitfall the consumer owns. The governance side is in test/data-product-share.test.ts.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { bankMesh, bankRoles, buildBankMesh } from '../examples/typescript/bank-mesh';
import {
  ColumnType, Confidentiality, DataConsumer, DataProducer, DataProductShare, GovernanceHub, LfTagOntology, MeshAccessReport, MeshDescription,
  SettingsMutation,
} from '../src';
import { dependencyNames, resourcesOfAll, stackOfIds } from './support/shards-b';
import { idOf, ofType, only, render, Res, Resources, resourcesOf } from './support/template';


const GOV = '111111111111';
const REGION = 'eu-west-1';
const ACCOUNTS: Record<string, string> = { bi: '444444444444', ml: '555555555555', exec: '666666666666' };
const PRINCIPAL_PERMISSIONS = 'AWS::LakeFormation::PrincipalPermissions';
const LEVELS = ['public', 'private', 'sensitive'];

/** The reference mesh's shares: ceiling and products per consumer (DESIGN.md). */
const RECEIVED: Record<string, { ceiling: string; products: string[] }> = {
  bi: { ceiling: 'public', products: ['claims', 'portfolios'] },
  ml: { ceiling: 'private', products: ['life_expectancy'] },
  exec: { ceiling: 'sensitive', products: ['life_expectancy', 'claims', 'portfolios'] },
};
/** The producer of each reference product: a consumer's links of a producer's products live in its shard `<consumer stack>-<producer>` (issue 13). */
const PRODUCER: Record<string, string> = { life_expectancy: 'insurance', claims: 'insurance', portfolios: 'investments' };

const asList = <T>(v: T | T[]): T[] => Array.isArray(v) ? v : [v];
/** JSON with object keys sorted (array order kept). */
function stable(v: any): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map(k => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
const canonical = (items: any[]) => items.map(stable).sort().map(x => JSON.parse(x));
const roleIdByName = (resources: Resources, name: string) => ofType(resources, 'AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === name)![0];
/** The grants to any of `principals` (a role of the consumer stack is `GetAtt` there and its partition-aware ARN in a shard, `inShard`). */
const grantsOf = (resources: Resources, ...principals: any[]) =>
  ofType(resources, PRINCIPAL_PERMISSIONS)
    .filter(([, g]) => principals.some(p => stable(g.Properties.Principal.DataLakePrincipalIdentifier) === stable(p)));
/** How a consumer shard names a role of the consumer stack (issue 13): its ARN, partition-aware, no cross-stack reference. */
const inShard = (arn: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, arn.replace(/^arn:aws/, '')]] });
const roleArn = (domain: string, name: string) => `arn:aws:iam::${ACCOUNTS[domain]}:role/${name}`;
/** The statements of the IAM policies attached to the role with logical ID `roleId` (Action/Resource as rendered arrays). */
function statementsOf(resources: Resources, roleId: string) {
  return ofType(resources, 'AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[])
    .map(s => ({ Action: asList<string>(s.Action), Resource: asList(s.Resource).map(render), ...(s.Condition ? { Condition: s.Condition } : {}) }));
}

/** The statements of one policy resource (Action/Resource as rendered arrays). */
const documentStatements = (policy: Res) =>
  (policy.Properties.PolicyDocument.Statement as any[]).map(s => ({ Action: asList<string>(s.Action), Resource: asList(s.Resource).map(render) }));

/**
 * The re-grants a consumer role with `levels` gets on the reference shares (DM-30): DESCRIBE on each link (in the shards, to
 * `linkPrincipal`), the tag policies (in the consumer stack, to `principal`).
 */
function expectedRegrants(domain: string, principal: any, levels: string[], linkPrincipal: any = principal) {
  const account = ACCOUNTS[domain];
  const key = `consumer_${domain}`;
  const grant = (resource: any, permissions: string[], to: any = principal) => ({
    Catalog: account,
    Principal: { DataLakePrincipalIdentifier: to },
    Resource: resource,
    Permissions: permissions,
    PermissionsWithGrantOption: [],
  });
  return canonical([
    ...RECEIVED[domain].products.map(p => grant({ Database: { CatalogId: account, Name: `bank_${p}` } }, ['DESCRIBE'], linkPrincipal)),
    grant({ LFTagPolicy: { CatalogId: GOV, ResourceType: 'DATABASE', Expression: [{ TagKey: key, TagValues: ['yes'] }] } }, ['DESCRIBE']),
    grant({
      LFTagPolicy: {
        CatalogId: GOV, ResourceType: 'TABLE', Expression: [{ TagKey: key, TagValues: ['yes'] }, { TagKey: 'confidentiality', TagValues: levels }],
      },
    }, ['DESCRIBE', 'SELECT']),
    // Discovery (D66): DESCRIBE on what carries discoverable=yes, DATABASE and TABLE, in the consumer stack (test/discovery.test.ts).
    ...['DATABASE', 'TABLE'].map(type => grant({
      LFTagPolicy: { CatalogId: GOV, ResourceType: type, Expression: [{ TagKey: 'discoverable', TagValues: ['yes'] }] },
    }, ['DESCRIBE'])),
    // ... and DESCRIBE on each value of confidentiality and producer, so that the role sees those tags on what it browses.
    ...DISCOVERY_TAG_VALUES.map(([tagKey, value]) => grant({ LFTag: { CatalogId: GOV, TagKey: tagKey, TagValues: [value] } }, ['DESCRIBE'])),
  ]);
}

/** The LF-tag values every consumer role may DESCRIBE with discovery (D66): confidentiality and producer. */
const DISCOVERY_TAG_VALUES = [...['public', 'private', 'sensitive'].map(v => ['confidentiality', v]), ...['insurance', 'investments'].map(v => ['producer', v])];
const isDiscoveryTagGrant = (g: any) => g.Properties.Resource.LFTag !== undefined
  && ['confidentiality', 'producer'].includes(g.Properties.Resource.LFTag.TagKey) && g.Properties.PermissionsWithGrantOption.length === 0;

const upTo = (level: string) => LEVELS.slice(0, LEVELS.indexOf(level) + 1);
const min = (a: string, b: string) => LEVELS.indexOf(a) <= LEVELS.indexOf(b) ? a : b;

// The reference mesh, built once.
const bank = buildBankMesh(new App());

describe.each(Object.keys(RECEIVED))('reference consumer %s', domain => {
  const account = ACCOUNTS[domain];
  const { stack, consumer } = bank.consumers[domain];
  const res = resourcesOf(stack);
  // The consumer stack and its shards (one per producer it receives from): the links and their DESCRIBE grants are in the shards.
  const all = resourcesOfAll(consumer.stacks);
  const holder = stackOfIds(consumer.stacks);
  const [settingsId, settings] = only(res, 'AWS::LakeFormation::DataLakeSettings');
  const [acceptanceId, acceptance] = only(res, 'Custom::RamInvitationAcceptance');
  const [providerId, provider] = only(res, 'AWS::Lambda::Function');
  const links = ofType(all, 'AWS::Glue::Database');
  const { role, clearance, sageMaker } = bankRoles[domain];
  const roleId = roleIdByName(res, `bank-${domain}-${role}`);
  const rolePrincipal = { 'Fn::GetAtt': [roleId, 'Arn'] };
  const linkPrincipal = inShard(roleArn(domain, `bank-${domain}-${role}`));
  const regrants = grantsOf(all, rolePrincipal, linkPrincipal);

  test('settings: admins are the CDK execution role and the consumer admin; REPLACE; no IAMAllowedPrincipals defaults; CROSS_ACCOUNT_VERSION "4" ' +
    '(DM-02, DM-04, DM-06, DM-30)', () => {
    expect(settings.Properties).toEqual({
      Admins: [
        { DataLakePrincipalIdentifier: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${REGION}` } },
        { DataLakePrincipalIdentifier: { 'Fn::GetAtt': [idOf(consumer.adminRole), 'Arn'] } },
      ],
      MutationType: 'REPLACE',
      CreateDatabaseDefaultPermissions: [],
      CreateTableDefaultPermissions: [],
      Parameters: { CROSS_ACCOUNT_VERSION: '4' },
    });
  });

  test('RAM acceptance (DM-29): a Custom::RamInvitationAcceptance of the governance account\'s invitations, served by the stack\'s one provider', () => {
    expect(acceptance.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [providerId, 'Arn'] },
      SenderAccountId: GOV,
      MaxWaitSeconds: '300',
      Nonce: expect.stringMatching(/^[0-9a-f]{16}$/),
      // issue 14: only shares of these databases are accepted; CloudFormation waits minutes, not its default hour
      // Discovery (D66): every product database of the mesh, since Lake Formation shares the discoverable ones through AWS RAM too.
      DatabaseNames: bankMesh.products.map(p => `bank_${p}`).sort(),
      ServiceTimeout: '660',
    });
    expect(provider.Properties).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler', Timeout: 600 });
  });

  test('the provider\'s role may accept only resource-share invitations of the governance account (ARN and ram:ShareOwnerAccountId), ' +
    'and otherwise only read RAM and write to its own log group: no managed policy (no AWSLambdaBasicExecutionRole)', () => {
    const providerRoleId = provider.Properties.Role['Fn::GetAtt'][0];
    const statements = statementsOf(res, providerRoleId);
    expect(statements.filter(s => s.Action.includes('ram:AcceptResourceShareInvitation'))).toEqual([{
      Action: ['ram:AcceptResourceShareInvitation', 'ram:ListPendingInvitationResources'],
      Resource: [`arn:aws:ram:${REGION}:${GOV}:resource-share-invitation/*`],
      // issue 14: the share's owner (the invitation's condition key); its name, where RAM supplies it, Lake Formation's (IfExists: never denies for an absent key)
      Condition: { StringEquals: { 'ram:ShareOwnerAccountId': GOV }, StringLikeIfExists: { 'ram:ResourceShareName': 'LakeFormation-*' } },
    }]);
    expect(statements.flatMap(s => s.Action).sort()).toEqual([
      'logs:CreateLogStream', 'logs:PutLogEvents', 'ram:AcceptResourceShareInvitation', 'ram:GetResourceShareInvitations', 'ram:GetResourceShares',
      'ram:ListPendingInvitationResources',
    ]);
    const logGroupId = only(res, 'AWS::Logs::LogGroup')[0];
    expect(statements.filter(s => s.Action[0].startsWith('logs:'))).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`<${logGroupId}.Arn>`] },
    ]);
    expect(provider.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
    expect(res[providerRoleId].Properties).toEqual({
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
        Version: '2012-10-17',
      },
    });
  });

  test('the provider function waits for its role\'s policy and not for the role it references (cfn-lint W3005)', () => {
    const providerRoleId = provider.Properties.Role['Fn::GetAtt'][0];
    const policyId = ofType(res, 'AWS::IAM::Policy').find(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === providerRoleId))![0];
    expect(provider.DependsOn).toEqual([policyId]);
  });

  test(`resource links (DM-30): one per shared database (${RECEIVED[domain].products.join(', ')}) in catalog ${account}, targeting the governance catalog; ` +
    'each in the consumer\'s shard of its producer, which deploys after the consumer stack (its acceptance and settings)', () => {
    expect(canonical(links.map(([, l]) => l.Properties))).toEqual(canonical(RECEIVED[domain].products.map(p => ({
      CatalogId: account, DatabaseInput: { Name: `bank_${p}`, TargetDatabase: { CatalogId: GOV, DatabaseName: `bank_${p}` } },
    }))));
    // issue 13: consumer.stacks = [consumer stack, one shard per producer it receives from], named <consumer stack>-<producer>.
    const producers = [...new Set(RECEIVED[domain].products.map(p => PRODUCER[p]))].sort();
    expect(consumer.stacks.map(s => s.stackName)).toEqual([stack.stackName, ...producers.map(p => `${stack.stackName}-${p}`)]);
    expect(ofType(res, 'AWS::Glue::Database')).toEqual([]);
    for (const [id, l] of links) {
      // The link of product p is in shard <consumer>-<producer of p>; the acceptance and settings are ordered by the stack dependency, not DependsOn.
      expect({ id, shard: holder[id].stackName }).toEqual({ id, shard: `${stack.stackName}-${PRODUCER[l.Properties.DatabaseInput.Name.replace(/^bank_/, '')]}` });
      expect(holder[id].dependencies).toContain(stack);
      expect([holder[acceptanceId], holder[settingsId]]).toEqual([stack, stack]);
    }
    expect(consumer.resourceLinks).toEqual(Object.fromEntries(RECEIVED[domain].products.map(p => [p, `bank_${p}`])));
  });

  test(`re-grants to ${role} (clearance ${clearance}, share up to ${RECEIVED[domain].ceiling}): DESCRIBE on each link, DESCRIBE on ` +
    `consumer_${domain}=yes databases, DESCRIBE/SELECT on consumer_${domain}=yes AND confidentiality IN (${upTo(min(clearance, RECEIVED[domain].ceiling)).join(', ')}); ` +
    'no grant option; no other grant in the stack', () => {
    const levels = upTo(min(clearance, RECEIVED[domain].ceiling));
    expect(canonical(regrants.map(([, g]) => g.Properties))).toEqual(expectedRegrants(domain, rolePrincipal, levels, linkPrincipal));
    expect(ofType(all, PRINCIPAL_PERMISSIONS)).toHaveLength(regrants.length);
    // issue 13: the tag-expression re-grants stay in the consumer stack, the DESCRIBE grants on the links go to the links' shards.
    for (const [id, g] of regrants) {
      expect({ id, inConsumerStack: holder[id] === stack }).toEqual({ id, inConsumerStack: !g.Properties.Resource.Database });
    }
  });

  test('every re-grant waits for what it needs: a link DESCRIBE for its link (same shard; the shard deploys after the settings\' stack), ' +
    'a tag policy for the settings and the acceptance', () => {
    const linkId = (name: string) => links.find(([, l]) => l.Properties.DatabaseInput.Name === name)![0];
    expect(regrants.filter(([, g]) => g.Properties.Resource.Database)).toHaveLength(RECEIVED[domain].products.length);
    for (const [id, g] of regrants) {
      const r = g.Properties.Resource;
      if (r.Database) {
        const link = linkId(r.Database.Name);
        expect({ id, deps: g.DependsOn, shard: holder[id] }).toEqual({ id, deps: expect.arrayContaining([link]), shard: holder[link] });
        expect(holder[id].dependencies).toContain(stack);
      } else {
        expect({ id, deps: g.DependsOn }).toEqual({ id, deps: expect.arrayContaining([settingsId, acceptanceId]) });
      }
    }
  });

  test('Athena workgroup bank-<domain>: enforced, SSE_KMS results with the consumer key in an encrypted, expiring, private, TLS-only bucket', () => {
    const [, wg] = only(res, 'AWS::Athena::WorkGroup');
    const bucketId = idOf(consumer.queryResultsBucket);
    expect(wg.Properties.Name).toBe(`bank-${domain}`);
    expect(consumer.workGroupName).toBe(`bank-${domain}`);
    expect(wg.Properties.WorkGroupConfiguration).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } },
    });
    expect(render(wg.Properties.WorkGroupConfiguration.ResultConfiguration.OutputLocation)).toBe(`s3://<${bucketId}>/results/`);
    const keyId = wg.Properties.WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration.KmsKey['Fn::GetAtt'][0];
    expect(res[keyId].Properties.EnableKeyRotation).toBe(true);
    const bucket = res[bucketId].Properties;
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(bucket.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' })]);
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    expect(res[bucketId].DeletionPolicy).toBe('Retain');
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test(`the ${role} role is trusted by ${sageMaker ? 'sagemaker.amazonaws.com' : `account ${account}`}`, () => {
    const principal = res[roleId].Properties.AssumeRolePolicyDocument.Statement[0].Principal;
    expect(sageMaker ? principal : render(principal.AWS)).toEqual(sageMaker ? { Service: 'sagemaker.amazonaws.com' } : `arn:aws:iam::${account}:root`);
  });

  test('DM-32: the role\'s IAM policy (LF data analyst persona): glue reads (BatchGetPartition included) on both catalogs\' databases and tables ' +
    'of the shared products, GetDataAccess and the LF-tag reads (no resource-level permissions) with athena:ListWorkGroups, Athena on its ' +
    'workgroup and AwsDataCatalog only, the results bucket and key: every statement with its exact resources', () => {
    const glue = (acct: string, rest: string) => `arn:aws:glue:${REGION}:${acct}:${rest}`;
    const bucket = `<${idOf(consumer.queryResultsBucket)}.Arn>`;
    const statements = statementsOf(res, roleId).filter(s => !s.Action[0].startsWith('logs:'));
    expect(statements).toEqual([
      {
        Action: ['glue:BatchGetPartition', 'glue:GetDatabase', 'glue:GetDatabases', 'glue:GetPartition', 'glue:GetPartitions', 'glue:GetTable',
          'glue:GetTables', 'glue:SearchTables'],
        // The mesh's databases and links by derived name pattern (docs/decisions.md D37): constant in size, whatever is shared.
        Resource: [glue(account, 'catalog'), glue(GOV, 'catalog'),
          glue(account, 'database/bank_*'), glue(account, 'table/bank_*/*'), glue(GOV, 'database/bank_*'), glue(GOV, 'table/bank_*/*')],
      },
      {
        Action: ['athena:ListWorkGroups', 'lakeformation:GetDataAccess', 'lakeformation:GetLFTag', 'lakeformation:GetResourceLFTags',
          'lakeformation:ListLFTags', 'lakeformation:SearchDatabasesByLFTags', 'lakeformation:SearchTablesByLFTags'],
        Resource: ['*'],
      },
      {
        Action: ['athena:BatchGetQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:GetWorkGroup',
          'athena:ListQueryExecutions', 'athena:StartQueryExecution', 'athena:StopQueryExecution'],
        Resource: [`arn:aws:athena:${REGION}:${account}:workgroup/bank-${domain}`],
      },
      { Action: ['athena:GetDataCatalog'], Resource: [`arn:aws:athena:${REGION}:${account}:datacatalog/AwsDataCatalog`] },
      { Action: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:PutObject'], Resource: [bucket, `${bucket}/results/*`] },
      { Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [`<${idOf(consumer.node.findChild('QueryResultsKey'))}.Arn>`] },
    ]);
    // Only the actions without resource-level permissions are on "*".
    expect(statements.filter(s => s.Resource.includes('*')).map(s => s.Action.filter(a => !a.startsWith('lakeformation:')))).toEqual([['athena:ListWorkGroups']]);
    const logs = statementsOf(res, roleId).filter(s => s.Action[0].startsWith('logs:'));
    expect(logs).toEqual(sageMaker
      ? [{ Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`arn:aws:logs:${REGION}:${account}:log-group:/aws/sagemaker/*`] }]
      : []);
  });
});

describe('the reference access matrix', () => {
  const app = new App();
  const mesh = buildBankMesh(app);
  const report = MeshAccessReport.fromAssemblyDirectory(app.synth().directory);
  const LE = ['bank_life_expectancy', 'policyholder_life_expectancy'] as const;
  const role = (domain: string) => `arn:aws:iam::${ACCOUNTS[domain]}:role/bank-${domain}-${bankRoles[domain].role}`;

  test('ml\'s data scientist never gets life_expectancy (sensitive): it sees policy_id, customer_name, age', () => {
    expect(report.columnsFor(role('ml'), ...LE)).toEqual(['age', 'customer_name', 'policy_id']);
    expect(report.columnsFor('ml', ...LE)).not.toContain('life_expectancy');
    expect(report.canRead('ml', ...LE, 'life_expectancy')).toBe(false);
  });

  test('... and the template says why: its TABLE expression stops at private, and the column is tagged sensitive', () => {
    const res = resourcesOf(mesh.consumers.ml.stack);
    const roleId = roleIdByName(res, 'bank-ml-data-scientist');
    const table = grantsOf(res, { 'Fn::GetAtt': [roleId, 'Arn'] }).find(([, g]) => g.Properties.Resource.LFTagPolicy?.ResourceType === 'TABLE')!;
    expect(table[1].Properties.Resource.LFTagPolicy.Expression).toEqual([
      { TagKey: 'consumer_ml', TagValues: ['yes'] }, { TagKey: 'confidentiality', TagValues: ['public', 'private'] },
    ]);
    const gov = resourcesOfAll(mesh.governance.hub.stacks);
    const columnTag = ofType(gov, 'AWS::LakeFormation::TagAssociation')
      .find(([, a]) => a.Properties.Resource.TableWithColumns?.ColumnNames.includes('life_expectancy'))!;
    expect(columnTag[1].Properties.LFTags).toEqual([{ CatalogId: GOV, TagKey: 'confidentiality', TagValues: ['sensitive'] }]);
    // The ml account itself holds nothing above private either.
    const mlTable = ofType(gov, PRINCIPAL_PERMISSIONS).find(([, g]) => g.Properties.Principal.DataLakePrincipalIdentifier === ACCOUNTS.ml &&
      g.Properties.Resource.LFTagPolicy?.ResourceType === 'TABLE' && g.Properties.Resource.LFTagPolicy.Expression[0].TagKey === 'consumer_ml')!;
    expect(mlTable[1].Properties.Resource.LFTagPolicy.Expression[1].TagValues).toEqual(['public', 'private']);
  });

  test('exec\'s executive sees every column of the three products; bi\'s analyst only the public ones of claims and portfolios', () => {
    expect(report.columnsFor(role('exec'), ...LE)).toEqual(['age', 'customer_name', 'life_expectancy', 'policy_id']);
    expect(report.columnsFor(role('exec'), 'bank_portfolios', 'portfolios')).toContain('risk_score');
    expect(report.columnsFor(role('bi'), 'bank_claims', 'claims')).toEqual(['amount', 'claim_date', 'claim_id', 'ingest_date', 'policy_id', 'status']);
    expect(report.columnsFor(role('bi'), 'bank_portfolios', 'portfolios')).toEqual(['asset_class', 'market_value', 'portfolio_id']);
    expect(report.columnsFor(role('bi'), ...LE)).toEqual([]);
    expect(report.columnsFor(role('ml'), 'bank_claims', 'claims')).toEqual([]);
  });
});

describe('roles and existing principals', () => {
  test('clearance is capped by the share\'s ceiling: a sensitive-cleared role in ml (shared up to private) gets confidentiality IN (public, private)', () => {
    const mesh = buildBankMesh(new App());
    const auditor = mesh.consumers.ml.consumer.addRole('auditor', { clearance: Confidentiality.SENSITIVE });
    const res = resourcesOfAll(mesh.consumers.ml.consumer.stacks);
    const shardPrincipal = inShard(roleArn('ml', 'bank-ml-auditor'));
    expect(canonical(grantsOf(res, { 'Fn::GetAtt': [idOf(auditor), 'Arn'] }, shardPrincipal).map(([, g]) => g.Properties)))
      .toEqual(expectedRegrants('ml', { 'Fn::GetAtt': [idOf(auditor), 'Arn'] }, ['public', 'private'], shardPrincipal));
    expect(res[idOf(auditor)].Properties.RoleName).toBe('bank-ml-auditor');
  });

  test('grantQuery on an IAM Identity Center (SSO) role: the Lake Formation re-grants to its ARN, no policy on the protected role (IAM would refuse it: ' +
    'UnmodifiableEntity) but an unattached customer managed policy <mesh>-<domain>-query-<clearance> with the query statements, a warning, ' +
    'and a grant whose statements are those of that policy', () => {
    const mesh = buildBankMesh(new App());
    const { stack, consumer } = mesh.consumers.exec;
    const arn = `arn:aws:iam::${ACCOUNTS.exec}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Board_0123456789abcdef`;
    const sso = iam.Role.fromRoleArn(stack, 'Board', arn);
    const grant = consumer.grantQuery(sso, Confidentiality.PRIVATE);
    const res = resourcesOf(stack);
    // The link DESCRIBE grants (in the shards) name the same role: its ARN as given, path included (literal or partition-aware).
    const links = grantsOf(resourcesOfAll(consumer.stacks.slice(1)), arn, inShard(arn));
    expect(links).toHaveLength(3);
    const linkPrincipal = links[0][1].Properties.Principal.DataLakePrincipalIdentifier;
    expect(canonical(grantsOf(resourcesOfAll(consumer.stacks), arn, linkPrincipal).map(([, g]) => g.Properties)))
      .toEqual(expectedRegrants('exec', arn, ['public', 'private'], linkPrincipal));
    // Nothing is attached to the SSO role: no inline policy, no managed policy naming it.
    expect(JSON.stringify(ofType(res, 'AWS::IAM::Policy').map(([, p]) => p.Properties.Roles))).not.toContain('AWSReservedSSO_Board');
    const [, policy] = only(res, 'AWS::IAM::ManagedPolicy');
    expect(policy.Properties).toMatchObject({ ManagedPolicyName: 'bank-exec-query-private' });
    expect([policy.Properties.Roles, policy.Properties.Users, policy.Properties.Groups]).toEqual([undefined, undefined, undefined]);
    // The same statements an ordinary role gets.
    const own = statementsOf(res, roleIdByName(res, 'bank-exec-executive')).filter(x => !x.Action[0].startsWith('logs:'));
    expect(documentStatements(policy)).toEqual(own);
    expect(grant.success).toBe(true);
    expect(grant.principalStatements.map(x => stable(Stack.of(stack).resolve(x.toStatementJson()))))
      .toEqual((policy.Properties.PolicyDocument.Statement as any[]).map(stable));
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('IAM Identity Center'));
    expect(warnings.map(w => String(w.entry.data).replace(/ \[ack: .*\]$/, ''))).toEqual([
      "DataConsumer 'Consumer': grantQuery('AWSReservedSSO_Board_0123456789abcdef', private): IAM Identity Center roles cannot take a policy " +
      "(UnmodifiableEntity), so the query statements are in the customer managed policy 'bank-exec-query-private' of account 666666666666. " +
      "Reference it from the role's permission set as a customer managed policy (same name, path /); the Lake Formation grants to the role are made here.",
    ]);
  });

  test('an SSO role told by its name alone (AWSReservedSSO_*, no path in the ARN) is handled the same; two such roles of one clearance share one policy', () => {
    const mesh = buildBankMesh(new App());
    const { stack, consumer } = mesh.consumers.exec;
    for (const name of ['AWSReservedSSO_Board_1', 'AWSReservedSSO_Audit_2']) {
      consumer.grantQuery(iam.Role.fromRoleArn(stack, name, `arn:aws:iam::${ACCOUNTS.exec}:role/${name}`), Confidentiality.PUBLIC);
    }
    const res = resourcesOf(stack);
    expect(ofType(res, 'AWS::IAM::ManagedPolicy').map(([, p]) => p.Properties.ManagedPolicyName)).toEqual(['bank-exec-query-public']);
    // The second role's identical statements render once.
    expect(only(res, 'AWS::IAM::ManagedPolicy')[1].Properties.PolicyDocument.Statement).toHaveLength(6);
    expect(JSON.stringify(ofType(res, 'AWS::IAM::Policy').map(([, p]) => p.Properties.Roles))).not.toContain('AWSReservedSSO_');
  });

  test('grantQuery on an ordinary existing role still attaches the query statements to it and returns their grant', () => {
    const mesh = buildBankMesh(new App());
    const { stack, consumer } = mesh.consumers.exec;
    const arn = `arn:aws:iam::${ACCOUNTS.exec}:role/reporting`;
    const grant = consumer.grantQuery(iam.Role.fromRoleArn(stack, 'Reporting', arn), Confidentiality.PUBLIC);
    const res = resourcesOf(stack);
    const policy = ofType(res, 'AWS::IAM::Policy').find(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify(['reporting']));
    expect(policy).toBeDefined();
    const actions = (policy![1].Properties.PolicyDocument.Statement as any[]).flatMap(x => asList(x.Action));
    expect(actions).toEqual(expect.arrayContaining(['lakeformation:GetDataAccess', 'athena:StartQueryExecution', 'glue:GetTable', 's3:PutObject', 'kms:GenerateDataKey']));
    expect(grant.success).toBe(true);
    expect(grant.principalStatements.length).toBeGreaterThan(0);
    expect(ofType(res, 'AWS::IAM::ManagedPolicy')).toEqual([]);
  });

  test('the consumer admin (a Lake Formation admin) can administer: LF permission and LF-tag actions and RAM reads on * (no resource-level ' +
    'permissions), glue reads on the consumer catalog and on the shared databases of the governance catalog; never PutDataLakeSettings or writes', () => {
    const res = resourcesOf(bank.consumers.bi.stack);
    const statements = statementsOf(res, idOf(bank.consumers.bi.consumer.adminRole));
    const glue = (acct: string, rest: string) => `arn:aws:glue:${REGION}:${acct}:${rest}`;
    expect(statements).toEqual([
      {
        Action: ['lakeformation:BatchGrantPermissions', 'lakeformation:BatchRevokePermissions', 'lakeformation:DescribeResource',
          'lakeformation:GetDataCellsFilter', 'lakeformation:GetDataLakeSettings', 'lakeformation:GetEffectivePermissionsForPath', 'lakeformation:GetLFTag',
          'lakeformation:GetResourceLFTags', 'lakeformation:GrantPermissions', 'lakeformation:ListDataCellsFilter', 'lakeformation:ListLFTags',
          'lakeformation:ListPermissions', 'lakeformation:ListResources', 'lakeformation:RevokePermissions', 'lakeformation:SearchDatabasesByLFTags',
          'lakeformation:SearchTablesByLFTags', 'ram:GetResourceShareInvitations', 'ram:GetResourceShares'],
        Resource: ['*'],
      },
      {
        Action: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetPartitions', 'glue:GetTable', 'glue:GetTables', 'glue:SearchTables'],
        Resource: [glue(ACCOUNTS.bi, 'catalog'), glue(ACCOUNTS.bi, 'database/*'), glue(ACCOUNTS.bi, 'table/*'), glue(GOV, 'catalog'),
          glue(GOV, 'database/bank_*'), glue(GOV, 'table/bank_*/*')],
      },
    ]);
    expect(res[idOf(bank.consumers.bi.consumer.adminRole)].Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('the API: adminRole is an IRole, the buckets IBuckets, resourceLinks frozen', () => {
    const { consumer } = bank.consumers.bi;
    expect(Object.isFrozen(consumer.resourceLinks)).toBe(true);
    expect(() => { (consumer.resourceLinks as Record<string, string>).extra = 'x'; }).toThrow(TypeError);
    const role: iam.IRole = consumer.adminRole;
    expect(role.roleArn).toBeDefined();
    expect([consumer.queryResultsBucket.bucketArn, consumer.accessLogsBucket.bucketArn].every(Boolean)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// A small mesh for the named-tables and cells-filter modes.

function smallMesh(declare: (m: { stack: Stack; hub: GovernanceHub; claims: any }) => void) {
  const app = new App();
  const stack = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
  const hub = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology: new LfTagOntology(stack, 'Tags', { mesh: bankMesh }) });
  const claims = hub.addDataProduct('claims', {
    tables: [{
      name: 'claims',
      columns: [
        { name: 'claim_id', type: ColumnType.STRING },
        { name: 'region', type: ColumnType.STRING },
        { name: 'claimant_name', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE },
        { name: 'diagnosis', type: ColumnType.STRING, confidentiality: Confidentiality.SENSITIVE },
      ],
    }],
  });
  declare({ stack, hub, claims });
  return { app, stack, hub, claims };
}
/** A bi consumer with three roles (public, private, sensitive) over what the governance stack declared. */
function biConsumer(app: App) {
  const stack = new Stack(app, 'Bi', { env: bankMesh.consumerEnv('bi') });
  const consumer = new DataConsumer(stack, 'Consumer', { mesh: bankMesh, domain: 'bi' });
  const roles = Object.fromEntries(LEVELS.map(l => [l, consumer.addRole(`reader-${l}`, { clearance: l as Confidentiality })]));
  // The consumer stack and its shards (the link and its DESCRIBE grants, the named re-grants are in the shard of claims' producer).
  const res = resourcesOfAll(consumer.stacks);
  // What each role gets of the share (its discovery grants, D66, are test/discovery.test.ts's).
  const of = (level: string) => canonical(grantsOf(res, { 'Fn::GetAtt': [idOf(roles[level]), 'Arn'] }, inShard(roleArn('bi', `bank-bi-reader-${level}`)))
    .filter(([, g]) => !isDiscoveryTagGrant(g)).map(([, g]) => g.Properties.Resource).filter(r => r.LFTagPolicy?.Expression?.[0]?.TagKey !== 'discoverable'));
  return { stack, consumer, res, of };
}
const LINK = { Database: { CatalogId: ACCOUNTS.bi, Name: 'bank_claims' } };
/** The 'role sees nothing' warnings of a stack, without the acknowledgement hint. */
const seesNothing = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('sees nothing'))
  .map(w => String(w.entry.data).replace(/ \[ack: .*\]$/, ''));

describe('named tables (tables mode) on the consumer side', () => {
  test('a named column list: each role gets SELECT on the listed columns up to its clearance, through TableWithColumns in the governance catalog', () => {
    const m = smallMesh(({ stack, hub, claims }) => new DataProductShare(stack, 'ToBi', {
      hub, consumer: 'bi', tables: [{ product: claims, table: 'claims', columns: ['claim_id', 'claimant_name', 'diagnosis'] }], allowSensitive: true,
    }));
    const { of, res } = biConsumer(m.app);
    const columns = (names: string[]) => ({ TableWithColumns: { CatalogId: GOV, DatabaseName: 'bank_claims', Name: 'claims', ColumnNames: names } });
    expect(of('public')).toEqual(canonical([LINK, columns(['claim_id'])]));
    expect(of('private')).toEqual(canonical([LINK, columns(['claim_id', 'claimant_name'])]));
    expect(of('sensitive')).toEqual(canonical([LINK, columns(['claim_id', 'claimant_name', 'diagnosis'])]));
    for (const [, g] of ofType(res, PRINCIPAL_PERMISSIONS).filter(([, x]) => x.Properties.Resource.TableWithColumns)) {
      expect(g.Properties.Permissions).toEqual(['SELECT']);
      expect(g.Properties.PermissionsWithGrantOption).toEqual([]);
    }
  });

  test('a whole table: a role that sees every column gets the Table (DESCRIBE/SELECT); the others the columns of their clearance', () => {
    const m = smallMesh(({ stack, hub, claims }) => new DataProductShare(stack, 'ToBi', {
      hub, consumer: 'bi', tables: [{ product: claims, table: 'claims' }], allowSensitive: true,
    }));
    const { of, res } = biConsumer(m.app);
    expect(of('sensitive')).toEqual(canonical([LINK, { Table: { CatalogId: GOV, DatabaseName: 'bank_claims', Name: 'claims' } }]));
    expect(of('public')).toEqual(canonical([LINK, { TableWithColumns: { CatalogId: GOV, DatabaseName: 'bank_claims', Name: 'claims', ColumnNames: ['claim_id', 'region'] } }]));
    const table = ofType(res, PRINCIPAL_PERMISSIONS).find(([, g]) => g.Properties.Resource.Table)!;
    expect(table[1].Properties.Permissions).toEqual(['DESCRIBE', 'SELECT']);
  });

  test('a role whose clearance is below every shared column gets nothing of the share, and a warning naming the role, its clearance and the share', () => {
    const m = smallMesh(({ stack, hub, claims }) => new DataProductShare(stack, 'ToBi', {
      hub, consumer: 'bi', tables: [{ product: claims, table: 'claims', columns: ['claimant_name', 'diagnosis'] }], allowSensitive: true,
    }));
    const { of, stack } = biConsumer(m.app);
    expect(of('public')).toEqual(canonical([LINK]));
    expect(seesNothing(stack)).toEqual([
      "DataConsumer 'Consumer': role 'bank-bi-reader-public' (clearance public) sees nothing of DataProductShare 'ToBi': every column it shares " +
      "of table 'claims.claims' (claimant_name, diagnosis) is above public. Raise the role's clearance, or share columns (or a filter) it may see.",
    ]);
  });

  test('no such warning when every role sees something (the reference mesh)', () => {
    for (const { stack } of Object.values(bank.consumers)) expect(seesNothing(stack)).toEqual([]);
  });
});

describe('data-cells filter (cells mode) on the consumer side', () => {
  const m = smallMesh(({ stack, hub, claims }) => new DataProductShare(stack, 'ToBi', {
    hub, consumer: 'bi', cellsFilter: { product: claims, table: 'claims', name: 'eu_claims', rowFilter: "region = 'EU'", excludedColumns: ['diagnosis'] },
  }));
  const { of, res, stack } = biConsumer(m.app);
  const FILTER = { DataCellsFilter: { TableCatalogId: GOV, DatabaseName: 'bank_claims', TableName: 'claims', Name: 'eu_claims' } };

  test('a role whose clearance covers every visible column gets SELECT (all the account holds) on the filter in the governance catalog, ' +
    'without grant option', () => {
    expect(of('private')).toEqual(canonical([LINK, FILTER]));
    expect(of('sensitive')).toEqual(canonical([LINK, FILTER]));
    const filterGrants = ofType(res, PRINCIPAL_PERMISSIONS).filter(([, x]) => x.Properties.Resource.DataCellsFilter);
    expect(filterGrants).toHaveLength(2);
    for (const [, g] of filterGrants) {
      expect([g.Properties.Catalog, g.Properties.Permissions, g.Properties.PermissionsWithGrantOption]).toEqual([ACCOUNTS.bi, ['SELECT'], []]);
    }
  });

  test('a role below a visible column (public; claimant_name is private) gets no filter: a filter is all or nothing; a warning names the role, ' +
    'its clearance and the share', () => {
    expect(of('public')).toEqual(canonical([LINK]));
    expect(seesNothing(stack)).toEqual([
      "DataConsumer 'Consumer': role 'bank-bi-reader-public' (clearance public) sees nothing of DataProductShare 'ToBi': its data-cells filter " +
      "'eu_claims' on table 'claims.claims' shows column(s) claimant_name above public, and a filter is granted whole or not at all. " +
      "Raise the role's clearance, or share columns (or a filter) it may see.",
    ]);
  });

  test('the report: bi\'s roles see the filter\'s columns and row filter, never the excluded diagnosis', () => {
    const report = MeshAccessReport.fromAssemblyDirectory(m.app.synth().directory);
    const entry = report.access.find(a => a.principal === `arn:aws:iam::${ACCOUNTS.bi}:role/bank-bi-reader-private`)!;
    expect([entry.columns, entry.rowFilter]).toEqual([['claim_id', 'claimant_name', 'region'], "region = 'EU'"]);
    expect(stack.dependencies).toContain(m.stack);
  });
});

// ---------------------------------------------------------------------------------------------
// issue 15: what a consumer receives does not depend on where its DataProductShares are declared.

describe('declaration order (issue 15)', () => {
  /** The reference products, shared with bi by tag (claims), by name (portfolios) and to ml by a cells filter, declared before or after the consumers. */
  function build(sharesBeforeConsumers: boolean) {
    const app = new App();
    const gov = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
    const hub = new GovernanceHub(gov, 'Hub', { mesh: bankMesh, ontology: new LfTagOntology(gov, 'Tags', { mesh: bankMesh }) });
    const table = (name: string) => ({
      name,
      columns: [
        { name: `${name}_id`, type: ColumnType.STRING },
        { name: 'region', type: ColumnType.STRING },
        { name: 'holder', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE },
      ],
    });
    const claims = hub.addDataProduct('claims', { tables: [table('claims')] });
    const portfolios = hub.addDataProduct('portfolios', { tables: [table('portfolios')] });
    const lifeExpectancy = hub.addDataProduct('life_expectancy', { tables: [table('life_expectancy')] });
    const shares = () => {
      new DataProductShare(gov, 'ToBi', { hub, consumer: 'bi', products: [claims], maxConfidentiality: Confidentiality.PRIVATE });
      new DataProductShare(gov, 'ToBiNamed', { hub, consumer: 'bi', tables: [{ product: portfolios, table: 'portfolios', columns: ['portfolios_id', 'holder'] }] });
      new DataProductShare(gov, 'ToMl', {
        hub, consumer: 'ml', cellsFilter: { product: lifeExpectancy, table: 'life_expectancy', name: 'eu', rowFilter: "region = 'EU'" },
      });
    };
    if (sharesBeforeConsumers) shares();
    for (const domain of bankMesh.producerDomains) new DataProducer(new Stack(app, `Producer-${domain}`, { env: bankMesh.producerEnv(domain) }), 'Lake', { mesh: bankMesh, domain });
    const consumers = ['bi', 'ml'].map(domain => {
      const consumer = new DataConsumer(new Stack(app, `Consumer-${domain}`, { env: bankMesh.consumerEnv(domain) }), 'Consumer', { mesh: bankMesh, domain });
      consumer.addRole('reader', { clearance: Confidentiality.PRIVATE });
      consumer.addRole('viewer', { clearance: Confidentiality.PUBLIC });
      return consumer;
    });
    if (!sharesBeforeConsumers) shares();
    const assembly = app.synth();
    const stacks = assembly.artifacts.filter((a): a is CloudFormationStackArtifact => a instanceof CloudFormationStackArtifact)
      .sort((a, b) => a.stackName.localeCompare(b.stackName));
    return {
      hub,
      consumers,
      templates: Object.fromEntries(stacks.map(st => [st.stackName, st.template])),
      dependencies: stacks.map(st => [st.stackName, st.dependencies.filter(d => d instanceof CloudFormationStackArtifact)
        .map(d => (d as CloudFormationStackArtifact).stackName).sort()]),
    };
  }
  const before = build(true);
  const after = build(false);

  test('every DataProductShare declared before or after the DataConsumers: identical templates of every stack (governance, its shards, ' +
    'the consumers and their shards) and identical stack dependencies in the assembly manifest', () => {
    // The mesh is the intended one: the governance shards and every consumer shard exist, with the links, re-grants and acceptance.
    const names = Object.keys(before.templates);
    expect(names).toEqual(expect.arrayContaining(['Governance', 'Governance-insurance', 'Governance-investments',
      'Consumer-bi', 'Consumer-bi-insurance', 'Consumer-bi-investments', 'Consumer-ml', 'Consumer-ml-insurance']));
    expect(before.consumers.map(c => c.stacks.map(st => st.stackName))).toEqual([
      ['Consumer-bi', 'Consumer-bi-insurance', 'Consumer-bi-investments'], ['Consumer-ml', 'Consumer-ml-insurance'],
    ]);
    expect(after.consumers.map(c => c.stacks.map(st => st.stackName))).toEqual(before.consumers.map(c => c.stacks.map(st => st.stackName)));
    const typesOf = (t: any) => Object.values<any>(t.Resources).map(r => r.Type);
    expect(typesOf(after.templates['Consumer-bi-investments']).filter(x => x === 'AWS::Glue::Database')).toHaveLength(1);
    expect(typesOf(after.templates['Consumer-ml-insurance']).filter(x => x === 'AWS::LakeFormation::PrincipalPermissions').length).toBeGreaterThanOrEqual(3);
    expect(after.consumers.map(c => c.resourceLinks)).toEqual([
      { claims: 'bank_claims', portfolios: 'bank_portfolios' }, { life_expectancy: 'bank_life_expectancy' },
    ]);
    for (const name of names) expect({ name, template: after.templates[name] }).toEqual({ name, template: before.templates[name] });
    expect(Object.keys(after.templates)).toEqual(names);
    expect(after.dependencies).toEqual(before.dependencies);
    // The shards deploy after their base (the consumer stack: settings and the RAM acceptance), the consumers after governance and the producers.
    const deps = Object.fromEntries(after.dependencies as Array<[string, string[]]>);
    expect(deps['Consumer-bi-insurance']).toContain('Consumer-bi');
    expect(deps['Consumer-ml-insurance']).toContain('Consumer-ml');
    expect(deps['Governance-insurance']).toContain('Governance');
    expect(deps['Consumer-bi']).toEqual(expect.arrayContaining(['Governance', 'Producer-insurance', 'Producer-investments']));
  });

  test('resourceLinks is a frozen copy: read before a later share it stays as it was; read after, it has the share\'s product', () => {
    const app = new App();
    const gov = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
    const hub = new GovernanceHub(gov, 'Hub', { mesh: bankMesh, ontology: new LfTagOntology(gov, 'Tags', { mesh: bankMesh }) });
    const claims = hub.addDataProduct('claims', { tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }] }] });
    const consumer = new DataConsumer(new Stack(app, 'Bi', { env: bankMesh.consumerEnv('bi') }), 'Consumer', { mesh: bankMesh, domain: 'bi' });
    const early = consumer.resourceLinks;
    expect(early).toEqual({});
    new DataProductShare(gov, 'ToBi', { hub, consumer: 'bi', products: [claims] });
    const late = consumer.resourceLinks;
    expect([early, late]).toEqual([{}, { claims: 'bank_claims' }]);
    expect([Object.isFrozen(early), Object.isFrozen(late)]).toEqual([true, true]);
    expect(consumer.stacks.map(st => st.stackName)).toEqual(['Bi', 'Bi-insurance']);
  });

  test('a DataConsumer with nothing shared with it constructs, and fails at synth with the validation message', () => {
    const app = new App();
    const gov = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
    const hub = new GovernanceHub(gov, 'Hub', { mesh: bankMesh, ontology: new LfTagOntology(gov, 'Tags', { mesh: bankMesh }) });
    const claims = hub.addDataProduct('claims', { tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }] }] });
    new DataProductShare(gov, 'ToMl', { hub, consumer: 'ml', products: [claims] });
    const stack = new Stack(app, 'Bi', { env: bankMesh.consumerEnv('bi') });
    const consumer = new DataConsumer(stack, 'Consumer', { mesh: bankMesh, domain: 'bi' });
    consumer.addRole('analyst', { clearance: Confidentiality.PUBLIC });
    expect(() => app.synth()).toThrow("DataConsumer 'Consumer': nothing is shared with consumer 'bi': declare a DataProductShare for it in the same app " +
      '(before or after the DataConsumer), or pass receivedShares (when the governance stack lives in another app).');
  });
});

// ---------------------------------------------------------------------------------------------

describe('pitfalls', () => {
  const gated = ['AWS::LakeFormation::PrincipalPermissions', 'AWS::Glue::Database'];

  test.each(Object.keys(RECEIVED))('DM-01: in %s, the deployer is an admin and every link and grant waits for the settings ' +
    '(DependsOn in the consumer stack; its shards deploy after the consumer stack)', domain => {
    const { stack, consumer } = bank.consumers[domain];
    const res = resourcesOf(stack);
    const [settingsId, settings] = only(res, 'AWS::LakeFormation::DataLakeSettings');
    expect(render(settings.Properties.Admins[0].DataLakePrincipalIdentifier)).toBe(
      `arn:aws:iam::${ACCOUNTS[domain]}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNTS[domain]}-${REGION}`);
    const own = Object.entries(res).filter(([, r]) => gated.includes(r.Type));
    expect(own.length).toBeGreaterThanOrEqual(2);
    expect(own.filter(([, r]) => !(r.DependsOn ?? []).includes(settingsId)).map(([id]) => id)).toEqual([]);
    const shards = consumer.stacks.slice(1);
    expect(shards.length).toBeGreaterThanOrEqual(1);
    for (const shard of shards) {
      expect(ofType(resourcesOf(shard), 'AWS::LakeFormation::DataLakeSettings')).toEqual([]);
      expect(Object.values(resourcesOf(shard)).filter(r => gated.includes(r.Type)).length).toBeGreaterThanOrEqual(2);
      expect(shard.dependencies).toContain(stack);
    }
  });

  test('DM-02: REPLACE by default; APPEND on request, with a synth warning', () => {
    const m = smallMesh(({ stack, hub, claims }) => new DataProductShare(stack, 'ToBi', { hub, consumer: 'bi', products: [claims] }));
    const stack = new Stack(m.app, 'Bi', { env: bankMesh.consumerEnv('bi') });
    new DataConsumer(stack, 'Consumer', { mesh: bankMesh, domain: 'bi', settingsMutation: SettingsMutation.APPEND });
    expect(only(resourcesOf(stack), 'AWS::LakeFormation::DataLakeSettings')[1].Properties.MutationType).toBe('APPEND');
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp("DataConsumer 'Consumer': Lake Formation settings use MutationType APPEND \\(DM-02\\)"));
  });

  test('DM-22: consumer re-grants never carry the grant option (the consumer passes nothing on)', () => {
    for (const { consumer } of Object.values(bank.consumers)) {
      for (const [id, g] of ofType(resourcesOfAll(consumer.stacks), PRINCIPAL_PERMISSIONS)) {
        expect({ id, option: g.Properties.PermissionsWithGrantOption }).toEqual({ id, option: [] });
      }
    }
  });

  test('DM-23: consumer stacks grant only DESCRIBE and SELECT', () => {
    const permissions = Object.values(bank.consumers).flatMap(({ consumer }) => ofType(resourcesOfAll(consumer.stacks), PRINCIPAL_PERMISSIONS))
      .flatMap(([, g]) => g.Properties.Permissions as string[]);
    expect([...new Set(permissions)].sort()).toEqual(['DESCRIBE', 'SELECT']);
  });

  test('DM-24: the PrincipalPermissions of each consumer stack and of each of its shards form one DependsOn chain, also with several roles', () => {
    const m = smallMesh(({ stack, hub, claims }) => new DataProductShare(stack, 'ToBi', { hub, consumer: 'bi', products: [claims] }));
    const { consumer } = biConsumer(m.app);
    const stacks = [...consumer.stacks, ...Object.values(bank.consumers).flatMap(c => c.consumer.stacks)];
    for (const resources of stacks.map(resourcesOf).filter(r => ofType(r, PRINCIPAL_PERMISSIONS).length > 0)) {
      const ids = ofType(resources, PRINCIPAL_PERMISSIONS).map(([id]) => id);
      const previous = ids.map(id => (resources[id].DependsOn ?? []).filter(d => ids.includes(d)));
      expect(previous.filter(p => p.length === 0)).toHaveLength(1);
      expect(previous.filter(p => p.length > 1)).toEqual([]);
      expect(new Set(previous.flat()).size).toBe(ids.length - 1);
      // issue 13: the chain is in construct-ID order (the grants' logical IDs sort the same way), not in declaration order.
      const sorted = [...ids].sort();
      expect(sorted.map(id => (resources[id].DependsOn ?? []).filter(d => ids.includes(d))))
        .toEqual(sorted.map((_, i) => i === 0 ? [] : [sorted[i - 1]]));
    }
  });

  test('DM-25: a role granted twice (addRole, then grantQuery with another clearance) gets one grant per resource; the link and database grants are shared', () => {
    const mesh = buildBankMesh(new App());
    const { consumer } = mesh.consumers.exec;
    const analyst = consumer.addRole('analyst', { clearance: Confidentiality.PUBLIC });
    consumer.grantQuery(analyst, Confidentiality.PUBLIC);
    consumer.grantQuery(analyst, Confidentiality.PRIVATE);
    const own = grantsOf(resourcesOfAll(consumer.stacks), { 'Fn::GetAtt': [idOf(analyst), 'Arn'] }, inShard(roleArn('exec', 'bank-exec-analyst')));
    const pairs = own.map(([, g]) => stable(g.Properties.Resource));
    expect(new Set(pairs).size).toBe(pairs.length);
    // 3 links, the DATABASE policy, the TABLE policies up to public and up to private, and the discovery grants (D66) once:
    // two tag policies and one per value of confidentiality (3) and producer (2).
    expect(own).toHaveLength(3 + 1 + 2 + 2 + 5);
  });

  test('DM-28: a link DESCRIBE waits for its link; a tag-policy re-grant for the RAM acceptance (the shares must have arrived); ' +
    'the links\' shards deploy after the acceptance\'s stack', () => {
    const { stack, consumer } = bank.consumers.exec;
    const res = resourcesOfAll(consumer.stacks);
    const holder = stackOfIds(consumer.stacks);
    const acceptanceId = only(res, 'Custom::RamInvitationAcceptance')[0];
    expect(holder[acceptanceId]).toBe(stack);
    for (const [id, g] of ofType(res, PRINCIPAL_PERMISSIONS)) {
      const named = g.Properties.Resource.Database
        ? [ofType(res, 'AWS::Glue::Database').find(([, l]) => l.Properties.DatabaseInput.Name === g.Properties.Resource.Database.Name)![0]]
        : [acceptanceId];
      expect({ id, deps: g.DependsOn, stack: holder[id] }).toEqual({ id, deps: expect.arrayContaining(named), stack: holder[named[0]] });
    }
    for (const [id] of ofType(res, 'AWS::Glue::Database')) expect(dependencyNames(holder[id])).toContain(stack.stackName);
  });

  test('DM-29: one provider Lambda per stack even with several acceptances (two consumer domains in one account); the Accept statement once', () => {
    const mesh = new MeshDescription({
      ...JSON.parse(bankMesh.toJson()),
      consumers: [{ domain: 'ml', account: ACCOUNTS.ml }, { domain: 'risk', account: ACCOUNTS.ml }],
    });
    const app = new App();
    const gov = new Stack(app, 'Governance', { env: mesh.governanceEnv() });
    const hub = new GovernanceHub(gov, 'Hub', { mesh, ontology: new LfTagOntology(gov, 'Tags', { mesh }) });
    const table = { name: 't', columns: [{ name: 'c', type: ColumnType.STRING }] };
    new DataProductShare(gov, 'ToMl', { hub, consumer: 'ml', products: [hub.addDataProduct('claims', { tables: [table] })] });
    new DataProductShare(gov, 'ToRisk', { hub, consumer: 'risk', products: [hub.addDataProduct('portfolios', { tables: [table] })] });
    const stack = new Stack(app, 'Analytics', { env: mesh.consumerEnv('ml') });
    new DataConsumer(stack, 'Ml', { mesh, domain: 'ml' });
    new DataConsumer(stack, 'Risk', { mesh, domain: 'risk' });
    const res = resourcesOf(stack);
    expect(ofType(res, 'Custom::RamInvitationAcceptance').map(([, c]) => c.Properties.SenderAccountId)).toEqual([GOV, GOV]);
    const [, fn] = only(res, 'AWS::Lambda::Function');
    expect(fn.Properties.Runtime).toBe('nodejs22.x');
    const accept = statementsOf(res, fn.Properties.Role['Fn::GetAtt'][0]).filter(s => s.Action.includes('ram:AcceptResourceShareInvitation'));
    expect(accept).toHaveLength(1);
    // DM-40: the two consumers share the stack's one settings resource.
    expect(only(res, 'AWS::LakeFormation::DataLakeSettings')[1].Properties.Admins).toHaveLength(3);
  });

  test('DM-29: a dependency added to the provider function later is kept (no DependsOn override), the redundant one on its role is not added', () => {
    const mesh = buildBankMesh(new App());
    const { stack, consumer } = mesh.consumers.bi;
    const fn = stack.node.findChild('DataMeshRamInvitationProvider').node.defaultChild as CfnResource;
    const workGroup = consumer.node.findChild('WorkGroup') as CfnResource;
    fn.addDependency(workGroup);
    const res = resourcesOf(stack);
    const [, provider] = only(res, 'AWS::Lambda::Function');
    const roleId = provider.Properties.Role['Fn::GetAtt'][0];
    const policyId = ofType(res, 'AWS::IAM::Policy').find(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))![0];
    expect(provider.DependsOn!.sort()).toEqual([idOf(workGroup), policyId].sort());
  });

  test('DM-29: the acceptance re-runs (its Nonce changes) when what the consumer receives changes, and only then', () => {
    const nonce = (ceiling: Confidentiality, namedColumns?: string[]) => {
      const m = smallMesh(({ stack, hub, claims }) => {
        new DataProductShare(stack, 'ToBi', { hub, consumer: 'bi', products: [claims], maxConfidentiality: ceiling, allowSensitive: true });
        // The named share is of another product: one product goes to one consumer by tag expression or by name, not both.
        const portfolios = hub.addDataProduct('portfolios', {
          tables: [{ name: 'portfolios', columns: [{ name: 'portfolio_id', type: ColumnType.STRING }, { name: 'region', type: ColumnType.STRING }] }],
        });
        if (namedColumns) new DataProductShare(stack, 'ToBiNamed', { hub, consumer: 'bi', tables: [{ product: portfolios, table: 'portfolios', columns: namedColumns }] });
      });
      return only(biConsumer(m.app).res, 'Custom::RamInvitationAcceptance')[1].Properties.Nonce;
    };
    expect(nonce(Confidentiality.PUBLIC)).toBe(nonce(Confidentiality.PUBLIC));
    expect(nonce(Confidentiality.PRIVATE)).not.toBe(nonce(Confidentiality.PUBLIC));
    expect(nonce(Confidentiality.PUBLIC, ['region'])).not.toBe(nonce(Confidentiality.PUBLIC));
    // A named share that adds a column to the same table and product may come with a new invitation too.
    expect(nonce(Confidentiality.PUBLIC, ['region', 'portfolio_id'])).not.toBe(nonce(Confidentiality.PUBLIC, ['region']));
    expect(nonce(Confidentiality.PUBLIC, ['region'])).toBe(nonce(Confidentiality.PUBLIC, ['region']));
  });

  test('DM-30: the consumer admin is a Lake Formation admin; the links live in the consumer catalog and target the governance catalog', () => {
    for (const [domain, { consumer }] of Object.entries(bank.consumers)) {
      const res = resourcesOfAll(consumer.stacks);
      expect(only(res, 'AWS::LakeFormation::DataLakeSettings')[1].Properties.Admins)
        .toContainEqual({ DataLakePrincipalIdentifier: { 'Fn::GetAtt': [idOf(consumer.adminRole), 'Arn'] } });
      expect(ofType(res, 'AWS::Glue::Database')).toHaveLength(RECEIVED[domain].products.length);
      for (const [, l] of ofType(res, 'AWS::Glue::Database')) {
        expect([l.Properties.CatalogId, l.Properties.DatabaseInput.TargetDatabase.CatalogId]).toEqual([ACCOUNTS[domain], GOV]);
      }
    }
  });

  test('DM-31: in consumer stacks, grants are made in the consumer catalog; links and link grants name the consumer catalog, targets and tag policies the governance catalog', () => {
    for (const [domain, { consumer }] of Object.entries(bank.consumers)) {
      for (const [id, g] of ofType(resourcesOfAll(consumer.stacks), PRINCIPAL_PERMISSIONS)) {
        const r = g.Properties.Resource;
        expect({ id, catalog: g.Properties.Catalog }).toEqual({ id, catalog: ACCOUNTS[domain] });
        const owner = r.Database ? r.Database.CatalogId : (r.LFTagPolicy ?? r.LFTag).CatalogId;
        expect({ id, owner }).toEqual({ id, owner: r.Database ? ACCOUNTS[domain] : GOV });
      }
    }
  });

  test('DM-33: with an encrypted governance catalog (catalogEncryptionKeyArn), consumer roles, SSO policies and the admin get kms:Decrypt on that key ' +
    'and nothing more on it', () => {
    const key = `arn:aws:kms:${REGION}:${GOV}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const governance = { account: GOV, region: REGION, catalogEncryptionKeyArn: key };
    const mesh = new MeshDescription({ ...JSON.parse(bankMesh.toJson()), governance });
    const app = new App();
    const gov = new Stack(app, 'Governance', { env: mesh.governanceEnv() });
    const hub = new GovernanceHub(gov, 'Hub', { mesh, ontology: new LfTagOntology(gov, 'Tags', { mesh }) });
    const claims = hub.addDataProduct('claims', { tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }] }] });
    new DataProductShare(gov, 'ToBi', { hub, consumer: 'bi', products: [claims] });
    const stack = new Stack(app, 'Bi', { env: mesh.consumerEnv('bi') });
    const consumer = new DataConsumer(stack, 'Consumer', { mesh, domain: 'bi' });
    const analyst = consumer.addRole('analyst', { clearance: Confidentiality.PUBLIC });
    consumer.grantQuery(iam.Role.fromRoleArn(stack, 'Sso', `arn:aws:iam::${ACCOUNTS.bi}:role/AWSReservedSSO_Analysts_1`), Confidentiality.PUBLIC);
    const res = resourcesOf(stack);
    const onKey = (statements: Array<{ Action: string[]; Resource: string[] }>) => statements.filter(x => x.Resource.includes(key));
    expect(onKey(statementsOf(res, idOf(analyst)))).toEqual([{ Action: ['kms:Decrypt'], Resource: [key] }]);
    expect(onKey(statementsOf(res, idOf(consumer.adminRole)))).toEqual([{ Action: ['kms:Decrypt'], Resource: [key] }]);
    const [, sso] = only(res, 'AWS::IAM::ManagedPolicy');
    expect(onKey(documentStatements(sso))).toEqual([{ Action: ['kms:Decrypt'], Resource: [key] }]);
    // Without the key (the reference mesh), no statement names a KMS key of the governance account.
    expect(JSON.stringify(resourcesOf(bank.consumers.bi.stack))).not.toContain(`:kms:${REGION}:${GOV}:`);
  });

  test('DM-36: consumer stacks deploy after the governance and producer stacks; no cross-stack references; literal account ids', () => {
    for (const { stack, consumer } of Object.values(bank.consumers)) {
      expect(stack.dependencies).toEqual(expect.arrayContaining([bank.governance.stack, ...Object.values(bank.producers).map(p => p.stack)]));
      for (const s of consumer.stacks) expect(JSON.stringify(resourcesOf(s))).not.toContain('Fn::ImportValue');
    }
  });

  test('DM-40: a producer that also consumes (one account) keeps one settings resource for both constructs, with both admins', () => {
    const mesh = new MeshDescription({
      ...JSON.parse(bankMesh.toJson()),
      consumers: [{ domain: 'insurance', account: '222222222222' }],
    });
    const app = new App();
    const gov = new Stack(app, 'Governance', { env: mesh.governanceEnv() });
    const hub = new GovernanceHub(gov, 'Hub', { mesh, ontology: new LfTagOntology(gov, 'Tags', { mesh }) });
    const portfolios = hub.addDataProduct('portfolios', { tables: [{ name: 'portfolios', columns: [{ name: 'portfolio_id', type: ColumnType.STRING }] }] });
    new DataProductShare(gov, 'ToInsurance', { hub, consumer: 'insurance', products: [portfolios] });
    const stack = new Stack(app, 'Insurance', { env: mesh.producerEnv('insurance') });
    const lake = new DataProducer(stack, 'Lake', { mesh, domain: 'insurance' });
    const consumer = new DataConsumer(stack, 'Consumer', { mesh, domain: 'insurance' });
    // The link is in the consumer's shard of investments (issue 13); the producer's layer databases in the stack.
    const res = resourcesOfAll(consumer.stacks);
    expect(consumer.stacks[0]).toBe(stack);
    expect(only(res, 'AWS::LakeFormation::DataLakeSettings')[1].Properties.Admins).toEqual(expect.arrayContaining([
      { DataLakePrincipalIdentifier: { 'Fn::GetAtt': [idOf(lake.adminRole), 'Arn'] } },
      { DataLakePrincipalIdentifier: { 'Fn::GetAtt': [idOf(consumer.adminRole), 'Arn'] } },
    ]));
    // The link's name never collides with the producer's own layer databases.
    const names = ofType(res, 'AWS::Glue::Database').map(([, d]) => d.Properties.DatabaseInput.Name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('bank_portfolios');
  });
});
