/*
 * The governance stack of the reference mesh (examples/typescript/bank-mesh.ts) and its shards (issue 13:
 * `hub.stacks`, each producer's data products in `<governance>-<domain>`), asserted on their
 * CloudFormation templates: Lake Formation settings, registration, the catalog, column-level tags,
 * the crawler and its grants, the admin workgroup and the order CloudFormation creates them in. The
 * `DM-xx` tests at the end each pin one pitfall of DESIGN.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ts from 'typescript';
import { bankMesh, buildBankMesh } from '../examples/typescript/bank-mesh';
import {
  ColumnType, Confidentiality, DataProducer, GovernanceHub, LfTagExpression, LfTagOntology, MeshDescription, PartitionProjection, SettingsMutation,
} from '../src';
import { idOf, ofType as ofTypeIn, only as onlyIn, render, Res, resourcesOf } from './support/template';
import { hubContext } from '../src/private/hub-context';


const GOV = '111111111111';
const REGION = 'eu-west-1';
const EXEC_ROLE = `arn:\${AWS::Partition}:iam::${GOV}:role/cdk-hnb659fds-cfn-exec-role-${GOV}-${REGION}`;

const bank = buildBankMesh(new App());
const { hub, tags, stack: govStack } = bank.governance;
/** The governance stack's own template (settings, tags, registrations, admin, the shares' grants). */
const template = Template.fromStack(govStack);
const govResources: Record<string, Res> = template.toJSON().Resources;
/** The shards of the hub: one per producer of the reference mesh (no producer sets `shards`). */
const shardStacks = hub.stacks.slice(1);
/** The resources of every stack of the hub (governance and shards), by logical ID; `stackOfId` says which stack holds one. */
const stackOfId: Record<string, Stack> = {};
const resources: Record<string, Res> = {};
for (const st of hub.stacks) {
  for (const [id, r] of Object.entries(resourcesOf(st))) {
    if (resources[id]) throw new Error(`logical ID ${id} in two stacks of the hub`);
    resources[id] = r;
    stackOfId[id] = st;
  }
}
/** The stacks `st` deploys after (its stack dependencies, transitively). */
function stacksBefore(st: Stack): Stack[] {
  const out = new Set<Stack>();
  const visit = (s: Stack) => s.dependencies.forEach(d => { if (!out.has(d)) { out.add(d); visit(d); } });
  visit(st);
  return [...out];
}
/**
 * Resource `id` is created after resource `target`: by DependsOn in one stack, by a stack dependency of its stack on
 * the target's stack across stacks (CloudFormation cannot say DependsOn across stacks).
 */
function createdAfter(id: string, target: string): boolean {
  if (stackOfId[id] === stackOfId[target]) return deps(id).includes(target);
  return stacksBefore(stackOfId[id]).includes(stackOfId[target]);
}

const ofType = (type: string) => ofTypeIn(resources, type);
const only = (type: string) => onlyIn(resources, type);
function deps(id: string): string[] {
  return resources[id].DependsOn ?? [];
}
function asList<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
/** The statements of the default policy of the role with logical ID `roleId`. */
function policyOf(roleId: string): { id: string; statements: any[] } {
  const policies = ofType('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
  expect(policies).toHaveLength(1);
  return { id: policies[0][0], statements: policies[0][1].Properties.PolicyDocument.Statement };
}

const settingsId = only('AWS::LakeFormation::DataLakeSettings')[0];
const adminRoleId = idOf(hub.adminRole);
const tagIdByKey = Object.fromEntries(ofType('AWS::LakeFormation::Tag').map(([id, r]) => [r.Properties.TagKey as string, id]));
/** The one registered location of each producer (its gold bucket, D39), and the one that holds each product. */
const registrationByDomain = Object.fromEntries(bankMesh.producers.map(p => [p.domain, idOf(hubContext(hub).registration(p.products[0]))]));
const registrationByProduct = Object.fromEntries(bankMesh.products.map(p => [p, idOf(hubContext(hub).registration(p))]));
const grants = ofType('AWS::LakeFormation::PrincipalPermissions');
const allAssociations = ofType('AWS::LakeFormation::TagAssociation');
/** A `consumer_<domain>=yes` association, which the reference mesh's DataProductShares attach (test/data-product-share.test.ts). */
const isConsumerTag = (r: Res) => (r.Properties.LFTags as any[]).some(t => bankMesh.consumerDomains.some(d => t.TagKey === `consumer_${d}`));
/** A `discoverable=yes` association (D66): each discoverable product database carries one of its own. */
const isDiscoveryTag = (r: Res) => (r.Properties.LFTags as any[]).some(t => t.TagKey === 'discoverable');
/** The hub's own associations: producer, confidentiality and custom tags. */
const associations = allAssociations.filter(([, r]) => !isConsumerTag(r) && !isDiscoveryTag(r));
/** The grants the hub makes (to its admin and crawler roles); the others are the shares' grants to consumer accounts. */
const hubGrants = grants.filter(([, g]) => typeof g.Properties.Principal.DataLakePrincipalIdentifier !== 'string');
/** The hub's discovery grants to consumer accounts (D66): DESCRIBE on discoverable=yes, DATABASE and TABLE, per consumer account. */
const isDiscoveryGrant = (g: Res) => (g.Properties.Resource.LFTagPolicy?.Expression as any[] | undefined)?.[0]?.TagKey === 'discoverable';
const discoveryGrants = grants.filter(([, g]) => typeof g.Properties.Principal.DataLakePrincipalIdentifier === 'string' && isDiscoveryGrant(g));
/**
 * DESCRIBE with grant option on each value of confidentiality and producer, per consumer account (discovery, D66: the tags show
 * on what it browses). A share's DESCRIBE on a confidentiality level is the same grant (principal and resource): merged into these.
 */
const isTagValueGrant = (g: Res) => ['confidentiality', 'producer'].includes(g.Properties.Resource.LFTag?.TagKey);
const tagValueGrants = grants.filter(([, g]) => typeof g.Properties.Principal.DataLakePrincipalIdentifier === 'string' && isTagValueGrant(g));
const shareGrants = grants.filter(([, g]) => typeof g.Properties.Principal.DataLakePrincipalIdentifier === 'string' && !isDiscoveryGrant(g) && !isTagValueGrant(g));
const goldBucket = (domain: string) => bankMesh.bucketName(domain, 'gold' as any);
const pascalOf = (name: string) => name.split('_').map(w => w[0].toUpperCase() + w.slice(1)).join('');

describe('Lake Formation settings', () => {
  test('admins are the CDK execution role (Fn::Sub) and the hub admin role; REPLACE; no IAMAllowedPrincipals defaults; CROSS_ACCOUNT_VERSION "4"', () => {
    expect(resources[settingsId].Properties).toEqual({
      Admins: [
        { DataLakePrincipalIdentifier: { 'Fn::Sub': EXEC_ROLE } },
        { DataLakePrincipalIdentifier: { 'Fn::GetAtt': [adminRoleId, 'Arn'] } },
      ],
      MutationType: 'REPLACE',
      CreateDatabaseDefaultPermissions: [],
      CreateTableDefaultPermissions: [],
      Parameters: { CROSS_ACCOUNT_VERSION: '4' },
    });
  });

  test('the admin role carries AWSLakeFormationCrossAccountManager', () => {
    expect(resources[adminRoleId].Properties.ManagedPolicyArns.map(render)).toEqual(['arn:aws:iam::aws:policy/AWSLakeFormationCrossAccountManager']);
  });
});

describe.each(bankMesh.producers.map(p => [p.domain, p] as const))('registration of producer %s', (domain, producer) => {
  const roleId = idOf(hub.registrationRole(domain));

  test('a custom role named mesh.registrationRoleName(domain), trusted by Lake Formation only', () => {
    expect(resources[roleId].Properties.RoleName).toBe(bankMesh.registrationRoleName(domain));
    expect(resources[roleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lakeformation.amazonaws.com' } },
    ]);
  });

  test("its policy reaches only this producer's gold bucket and its objects (gold/*, not one prefix per product)", () => {
    const { statements } = policyOf(roleId);
    const s3Resources = statements.filter(s => asList<string>(s.Action).some(a => a.startsWith('s3:'))).flatMap(s => asList(s.Resource).map(render));
    expect(s3Resources.sort()).toEqual([
      `arn:aws:s3:::${goldBucket(domain)}`,
      `arn:aws:s3:::${goldBucket(domain)}/*`,
    ].sort());
    const all = statements.flatMap(s => asList(s.Resource).map(render));
    expect(all.filter(r => !r.includes(goldBucket(domain)) && !r.startsWith('arn:aws:kms:'))).toEqual([]);
  });

  test('KMS: no kms:*, only keys of the producer account with the gold alias (DM-13)', () => {
    const { statements } = policyOf(roleId);
    const kmsStatements = statements.filter(s => asList<string>(s.Action).some(a => a.startsWith('kms:')));
    expect(kmsStatements).toHaveLength(1);
    const [kms] = kmsStatements;
    expect(asList<string>(kms.Action)).not.toContain('kms:*');
    expect(asList<string>(kms.Action).filter(a => a.includes('*'))).toEqual([]);
    expect(asList(kms.Resource).map(render)).toEqual([`arn:aws:kms:${REGION}:${producer.account}:key/*`]);
    expect(kms.Condition).toEqual({ 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': `alias/bank/${domain}/gold` } });
  });

  test('one registered location (HubLocation<Domain>, in the governance stack): the gold bucket, custom role, after the role policy and the settings', () => {
    const id = registrationByDomain[domain];
    expect(id).toMatch(new RegExp(`^HubLocation${domain[0].toUpperCase()}${domain.slice(1)}[0-9A-F]{8}$`));
    expect(stackOfId[id]).toBe(govStack);
    expect(resources[id].Properties).toEqual({
      ResourceArn: expect.anything(),
      RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
      UseServiceLinkedRole: false,
      HybridAccessEnabled: false,
    });
    expect(render(resources[id].Properties.ResourceArn)).toBe(`arn:aws:s3:::${goldBucket(domain)}`);
    expect(deps(id)).toEqual(expect.arrayContaining([policyOf(roleId).id, settingsId]));
  });

  test.each(producer.products)('product %s is held by that registration', product => {
    expect(registrationByProduct[product]).toBe(registrationByDomain[domain]);
  });
});

test('one registered location per producer, two in all, all in the governance stack', () => {
  expect(ofType('AWS::LakeFormation::Resource')).toHaveLength(bankMesh.producers.length);
  template.resourceCountIs('AWS::LakeFormation::Resource', bankMesh.producers.length);
});

describe('shards', () => {
  test('hub.stacks: the governance stack, then one shard per producer, named <governance>-<domain>, each after the governance stack, chained in producer order', () => {
    expect(hub.stacks[0]).toBe(govStack);
    expect(shardStacks.map(st => st.stackName)).toEqual(bankMesh.producerDomains.map(d => `${govStack.stackName}-${d}`));
    expect(shardStacks[0].dependencies).toEqual([govStack]);
    expect(shardStacks[1].dependencies.sort((a, b) => a.stackName.localeCompare(b.stackName))).toEqual([govStack, shardStacks[0]]);
    for (const st of shardStacks) expect([st.account, st.region]).toEqual([govStack.account, govStack.region]);
  });

  test.each(bankMesh.products)("product %s: its database, tables, associations, crawler and its grants live in its producer's shard", product => {
    const p = hub.dataProduct(product);
    const shard = Stack.of(p);
    expect(shard.stackName).toBe(`${govStack.stackName}-${bankMesh.producerOf(product).domain}`);
    const own = p.node.findAll().filter((c): c is CfnElement => c instanceof CfnElement);
    expect(own.length).toBeGreaterThan(0);
    for (const c of own) expect(stackOfId[idOf(c)]).toBe(shard);
    // The logical IDs are those the governance stack used: the path below the hub's stand-in is the hub's.
    expect(idOf(p._database)).toMatch(new RegExp(`^Hub${pascalOf(product)}Database[0-9A-F]{8}$`));
  });

  test('the shards hold no settings, tags, registrations, roles of the hub nor admin grants', () => {
    for (const st of shardStacks) {
      const types = new Set(Object.values(resourcesOf(st)).map(r => r.Type));
      expect([st.stackName, ['AWS::LakeFormation::DataLakeSettings', 'AWS::LakeFormation::Tag', 'AWS::LakeFormation::Resource'].filter(t => types.has(t))])
        .toEqual([st.stackName, []]);
    }
  });
});

test('cross-account names: the gold bucket policy of each producer names exactly the governance registration role', () => {
  for (const domain of bankMesh.producerDomains) {
    const role = resources[idOf(hub.registrationRole(domain))].Properties;
    const producerResources: Record<string, Res> = Template.fromStack(bank.producers[domain].stack).toJSON().Resources;
    const goldPolicy = Object.entries(producerResources).find(([, r]) => r.Type === 'AWS::S3::BucketPolicy' &&
      JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: idOf(bank.producers[domain].lake.goldBucket) }));
    expect(goldPolicy).toBeDefined();
    // The role is the principal itself, or the governance account narrowed to the role by an aws:PrincipalArn condition.
    const trusted = new Set(goldPolicy![1].Properties.PolicyDocument.Statement
      .filter((s: any) => (s.Sid ?? '').startsWith('GovernanceRegistration'))
      .map((s: any) => {
        const narrowed = s.Condition?.ArnEquals?.['aws:PrincipalArn'];
        if (narrowed === undefined) return render(s.Principal.AWS);
        expect(render(s.Principal.AWS)).toBe(`arn:aws:iam::${GOV}:root`);
        expect(Object.keys(s.Condition)).toEqual(['ArnEquals']);
        return render(narrowed);
      }));
    expect([...trusted]).toEqual([`arn:aws:iam::${GOV}:role/${role.RoleName}`]);
  }
});

describe('LF-tags', () => {
  test('keys and values are exact: producer, one consumer_<domain> key per consumer (yes), confidentiality', () => {
    const defined = Object.fromEntries(ofType('AWS::LakeFormation::Tag').map(([, r]) => [r.Properties.TagKey, r.Properties.TagValues]));
    expect(defined).toEqual({
      producer: ['insurance', 'investments'],
      consumer_bi: ['yes'],
      consumer_ml: ['yes'],
      consumer_exec: ['yes'],
      confidentiality: ['public', 'private', 'sensitive'],
      discoverable: ['yes'],
    });
    for (const [, r] of ofType('AWS::LakeFormation::Tag')) expect(r.Properties.CatalogId).toBe(GOV);
  });
});

describe('product databases', () => {
  test.each(bankMesh.products)('%s: under its gold prefix, CreateTableDefaultPermissions [], after its registration and the settings (its shard after the governance stack; DM-04, DM-14)', product => {
    const id = idOf(hub.dataProduct(product)._database);
    expect(resources[id].Properties).toMatchObject({
      CatalogId: GOV,
      DatabaseInput: {
        Name: `bank_${product}`,
        LocationUri: bankMesh.productLocation(product),
        CreateTableDefaultPermissions: [],
      },
    });
    expect(stackOfId[id]).not.toBe(govStack);
    expect([createdAfter(id, registrationByProduct[product]), createdAfter(id, settingsId)]).toEqual([true, true]);
  });
});

describe('declared tables', () => {
  const parquet = {
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
  };

  test('life_expectancy: columns, types, Parquet serde and formats, location under the product', () => {
    Template.fromStack(Stack.of(hub.dataProduct('life_expectancy'))).hasResourceProperties('AWS::Glue::Table', {
      CatalogId: GOV,
      DatabaseName: 'bank_life_expectancy',
      TableInput: {
        Name: 'policyholder_life_expectancy',
        TableType: 'EXTERNAL_TABLE',
        Parameters: { EXTERNAL: 'TRUE', classification: 'parquet' },
        StorageDescriptor: {
          ...parquet,
          Location: `${bankMesh.productLocation('life_expectancy')}policyholder_life_expectancy/`,
          Columns: [
            { Name: 'policy_id', Type: 'string' },
            { Name: 'customer_name', Type: 'string' },
            { Name: 'age', Type: 'int' },
            { Name: 'life_expectancy', Type: 'double' },
          ],
        },
      },
    });
  });

  test('claims: decimal type, partition key with Athena partition projection parameters', () => {
    const id = idOf(hub.dataProduct('claims')._tables[0]);
    const input = resources[id].Properties.TableInput;
    expect(input.PartitionKeys).toEqual([{ Name: 'ingest_date', Type: 'string' }]);
    expect(input.Parameters).toEqual({
      'EXTERNAL': 'TRUE',
      'classification': 'parquet',
      'projection.enabled': 'true',
      'projection.ingest_date.type': 'date',
      'projection.ingest_date.range': 'NOW-3YEARS,NOW',
      'projection.ingest_date.format': 'yyyy-MM-dd',
      'projection.ingest_date.interval': '1',
      'projection.ingest_date.interval.unit': 'DAYS',
    });
    expect(input.StorageDescriptor).toMatchObject(parquet);
    expect(input.StorageDescriptor.Columns.find((c: any) => c.Name === 'amount')).toEqual({ Name: 'amount', Type: 'decimal(18,2)' });
  });

  test('one Glue table per declared table, three in all, none in the governance stack', () => {
    expect(ofType('AWS::Glue::Table')).toHaveLength(3);
    template.resourceCountIs('AWS::Glue::Table', 0);
  });
});

describe('discovery (D66)', () => {
  const discoveryTags = allAssociations.filter(([, r]) => isDiscoveryTag(r));

  test('each product database carries discoverable=yes in an association of its own, in the product\'s shard, after the tag and the database', () => {
    expect(discoveryTags.map(([, r]) => r.Properties.Resource.Database.Name).sort()).toEqual(['bank_claims', 'bank_life_expectancy', 'bank_portfolios']);
    for (const [id, r] of discoveryTags) {
      expect(r.Properties.LFTags).toEqual([{ CatalogId: GOV, TagKey: 'discoverable', TagValues: ['yes'] }]);
      const product = hub.dataProducts.find(p => p.databaseName === r.Properties.Resource.Database.Name)!;
      expect(stackOfId[id]).toBe(Stack.of(product));
      expect(id).toMatch(/DiscoverableTag[0-9A-F]{8}$/);
      expect(deps(id)).toContain(idOf(product._database));
    }
  });

  test('every consumer account gets DESCRIBE with grant option on discoverable=yes, DATABASE and TABLE, and nothing else', () => {
    const got = discoveryGrants.map(([, g]) => [g.Properties.Principal.DataLakePrincipalIdentifier, g.Properties.Resource.LFTagPolicy.ResourceType,
      g.Properties.Permissions, g.Properties.PermissionsWithGrantOption, g.Properties.Resource.LFTagPolicy.Expression]);
    const expression = [{ TagKey: 'discoverable', TagValues: ['yes'] }];
    expect(got.sort()).toEqual(['444444444444', '555555555555', '666666666666'].flatMap(a => [
      [a, 'DATABASE', ['DESCRIBE'], ['DESCRIBE'], expression], [a, 'TABLE', ['DESCRIBE'], ['DESCRIBE'], expression],
    ]).sort());
  });
});

describe('tag associations', () => {
  const lfTags = (r: Res) => Object.fromEntries((r.Properties.LFTags as any[]).map(t => [t.TagKey, t.TagValues]));
  const onDatabase = associations.filter(([, r]) => r.Properties.Resource.Database);
  const onTable = associations.filter(([, r]) => r.Properties.Resource.Table);
  const onColumns = associations.filter(([, r]) => r.Properties.Resource.TableWithColumns);

  test('counts: 3 database, no table and 8 column associations (one per distinct tag set of a table), all in the shards', () => {
    expect([onDatabase.length, onTable.length, onColumns.length, associations.length]).toEqual([3, 0, 8, 11]);
    expect(allAssociations.filter(([id]) => stackOfId[id] === govStack)).toEqual([]);
  });

  test('besides the hub\'s own, only the shares\' consumer tags: 6 database associations (ml: 1, exec: 3, bi: 2 products)', () => {
    const consumerTags = allAssociations.filter(([, r]) => isConsumerTag(r));
    const discoveryTags = allAssociations.filter(([, r]) => isDiscoveryTag(r));
    expect(consumerTags.length + discoveryTags.length + associations.length).toBe(allAssociations.length);
    expect(consumerTags.map(([, r]) => `${r.Properties.LFTags[0].TagKey} on ${r.Properties.Resource.Database.Name}`).sort()).toEqual([
      'consumer_bi on bank_claims', 'consumer_bi on bank_portfolios',
      'consumer_exec on bank_claims', 'consumer_exec on bank_life_expectancy', 'consumer_exec on bank_portfolios',
      'consumer_ml on bank_life_expectancy',
    ]);
  });

  test('databases carry producer=<domain> and confidentiality=sensitive', () => {
    const byDatabase = Object.fromEntries(onDatabase.map(([, r]) => [r.Properties.Resource.Database.Name, lfTags(r)]));
    expect(byDatabase).toEqual({
      bank_life_expectancy: { producer: ['insurance'], confidentiality: ['sensitive'] },
      bank_claims: { producer: ['insurance'], confidentiality: ['sensitive'] },
      bank_portfolios: { producer: ['investments'], confidentiality: ['sensitive'] },
    });
  });

  test('no table-level association: tables inherit the database\'s confidentiality=sensitive (fail closed)', () => {
    expect(onTable).toEqual([]);
    expect(Object.keys(resources).filter(id => /Table[A-Za-z]*Tags[0-9A-F]{8}$/.test(id))).toEqual([]);
    for (const [, r] of onDatabase) expect(lfTags(r).confidentiality).toEqual(['sensitive']);
  });

  test('life_expectancy: exactly 3 column associations: public [age, policy_id], private [customer_name], sensitive [life_expectancy]', () => {
    const forTable = onColumns.filter(([, r]) => r.Properties.Resource.TableWithColumns.Name === 'policyholder_life_expectancy');
    const byLevel = Object.fromEntries(forTable.map(([, r]) => [lfTags(r).confidentiality[0], r.Properties.Resource.TableWithColumns.ColumnNames]));
    expect(forTable).toHaveLength(3);
    expect(byLevel).toEqual({ public: ['age', 'policy_id'], private: ['customer_name'], sensitive: ['life_expectancy'] });
  });

  test('claims: the partition key is tagged like any column', () => {
    const publicClaims = onColumns.find(([, r]) => r.Properties.Resource.TableWithColumns.Name === 'claims' && lfTags(r).confidentiality[0] === 'public');
    expect(publicClaims![1].Properties.Resource.TableWithColumns.ColumnNames).toEqual(['amount', 'claim_date', 'claim_id', 'ingest_date', 'policy_id', 'status']);
  });

  test('every association (the shares\' consumer tags included) depends on its table or database (DependsOn, same shard), its Tag resources and the settings (the shard after the governance stack)', () => {
    for (const [id, r] of allAssociations) {
      const res = r.Properties.Resource;
      const named = res.Database ? idOf(hub.dataProducts.find(p => p.databaseName === res.Database.Name)!._database)
        : idOf(hub.dataProducts.flatMap(p => p._tables).find(t => {
          const input = (t as any).tableInput; const target = res.Table ?? res.TableWithColumns;
          return input.name === target.Name && t.databaseName === target.DatabaseName;
        })!);
      const tagIds = (r.Properties.LFTags as any[]).map(t => tagIdByKey[t.TagKey]);
      expect(stackOfId[named]).toBe(stackOfId[id]);
      expect({ id, deps: deps(id) }).toEqual({ id, deps: expect.arrayContaining([named]) });
      expect({ id, after: [...tagIds, settingsId].filter(t => !createdAfter(id, t)) }).toEqual({ id, after: [] });
    }
  });
});

describe('claims crawler', () => {
  const [crawlerId, crawler] = only('AWS::Glue::Crawler');
  const roleId = crawler.Properties.Role['Fn::GetAtt'][0];
  const crawlerGrants = grants.filter(([, g]) => JSON.stringify(g.Properties.Principal) === JSON.stringify({ DataLakePrincipalIdentifier: { 'Fn::GetAtt': [roleId, 'Arn'] } }));

  test('uses Lake Formation credentials over the product location, one bucket', () => {
    expect(crawler.Properties).toMatchObject({
      DatabaseName: 'bank_claims',
      LakeFormationConfiguration: { UseLakeFormationCredentials: true },
      Targets: { S3Targets: [{ Path: bankMesh.productLocation('claims') }] },
      Schedule: { ScheduleExpression: 'cron(0 3 * * ? *)' },
    });
    expect(crawler.Properties.LakeFormationConfiguration.AccountId).toBeUndefined(); // registered in the governance account itself
  });

  test("its role is named mesh.crawlerRoleName('claims') and may call lakeformation:GetDataAccess", () => {
    expect(resources[roleId].Properties.RoleName).toBe(bankMesh.crawlerRoleName('claims'));
    const { statements } = policyOf(roleId);
    expect(statements.filter(s => asList(s.Action).includes('lakeformation:GetDataAccess'))).toHaveLength(1);
  });

  test('its LF grants, exactly, in its shard: CREATE_TABLE/ALTER/DESCRIBE on the database, ALTER/DESCRIBE on its tables (no SELECT, no INSERT), DATA_LOCATION_ACCESS on <gold bucket>/claims', () => {
    const byResource = crawlerGrants.map(([, g]) => [g.Properties.Permissions, g.Properties.Resource, g.Properties.PermissionsWithGrantOption]);
    const key = (x: unknown) => JSON.stringify(x);
    expect(byResource.sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
      [['ALTER', 'CREATE_TABLE', 'DESCRIBE'], { Database: { CatalogId: GOV, Name: 'bank_claims' } }, []],
      [['ALTER', 'DESCRIBE'], { Table: { CatalogId: GOV, DatabaseName: 'bank_claims', TableWildcard: {} } }, []],
      [['DATA_LOCATION_ACCESS'], { DataLocation: { CatalogId: GOV, ResourceArn: expect.anything() } }, []],
    ].sort((a, b) => key(a).localeCompare(key(b))));
    const location = crawlerGrants.find(([, g]) => g.Properties.Resource.DataLocation)![1].Properties.Resource.DataLocation.ResourceArn;
    expect(render(location)).toBe(`arn:aws:s3:::${goldBucket('insurance')}/claims`);
    for (const [id] of crawlerGrants) expect(stackOfId[id]).toBe(Stack.of(hub.dataProduct('claims')));
  });

  test('the crawler is created after every grant of its role (DependsOn)', () => {
    expect(crawlerGrants.length).toBeGreaterThanOrEqual(2);
    expect(deps(crawlerId)).toEqual(expect.arrayContaining(crawlerGrants.map(([id]) => id)));
  });

  test('its CloudWatch logs are encrypted with a customer-managed key (Glue security configuration)', () => {
    const [configId, config] = only('AWS::Glue::SecurityConfiguration');
    // The configuration is the hub's (governance stack): the crawler (in its shard) names it, after it (stack dependency), no export.
    expect(stackOfId[configId]).toBe(govStack);
    expect(crawler.Properties.CrawlerSecurityConfiguration).toBe(config.Properties.Name);
    expect(createdAfter(crawlerId, configId)).toBe(true);
    expect(config.Properties.EncryptionConfiguration.CloudWatchEncryption).toEqual({
      CloudWatchEncryptionMode: 'SSE-KMS', KmsKeyArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
    });
    const keyId = config.Properties.EncryptionConfiguration.CloudWatchEncryption.KmsKeyArn['Fn::GetAtt'][0];
    expect(resources[keyId].Properties.EnableKeyRotation).toBe(true);
    expect(resources[keyId].Properties.KeyPolicy.Statement).toEqual(expect.arrayContaining([
      expect.objectContaining({ Principal: { Service: `logs.${REGION}.amazonaws.com` } }),
    ]));
  });
});

describe('admin Athena workgroup', () => {
  const resultsBucketId = idOf(hub.queryResultsBucket);

  test('enforced configuration, SSE_KMS results in the results bucket', () => {
    const [, wg] = only('AWS::Athena::WorkGroup');
    expect(wg.Properties.WorkGroupConfiguration).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      ResultConfiguration: {
        EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
      },
    });
    expect(render(wg.Properties.WorkGroupConfiguration.ResultConfiguration.OutputLocation)).toBe(`s3://<${resultsBucketId}>/results/`);
  });

  test('results bucket: KMS, lifecycle expiration, block public access, TLS only', () => {
    const bucket = resources[resultsBucketId].Properties;
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(bucket.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' })]);
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: resultsBucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('admin has explicit DESCRIBE on the databases and DESCRIBE/SELECT on the tables of each producer, by the LF-tag producer=<domain>: 2 grants per producer, in the governance stack (DM-27)', () => {
    const adminGrants = grants.filter(([, g]) => JSON.stringify(g.Properties.Principal.DataLakePrincipalIdentifier) === JSON.stringify({ 'Fn::GetAtt': [adminRoleId, 'Arn'] }));
    for (const [id] of adminGrants) expect(stackOfId[id]).toBe(govStack);
    const key = (x: unknown) => JSON.stringify(x);
    const policy = (resourceType: string, domain: string) => ({
      LFTagPolicy: { CatalogId: GOV, ResourceType: resourceType, Expression: [{ TagKey: 'producer', TagValues: [domain] }] },
    });
    expect(adminGrants.map(([, g]) => [g.Properties.Permissions, g.Properties.Resource]).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      bankMesh.producerDomains.flatMap(d => [[['DESCRIBE'], policy('DATABASE', d)], [['DESCRIBE', 'SELECT'], policy('TABLE', d)]])
        .sort((a, b) => key(a).localeCompare(key(b))));
  });
});

/** The PrincipalPermissions ordered along their DependsOn chain; throws if they do not form one chain. */
function grantChain(res: Record<string, Res>): string[] {
  const ids = Object.keys(res).filter(id => res[id].Type === 'AWS::LakeFormation::PrincipalPermissions');
  const previous = new Map(ids.map(id => [id, (res[id].DependsOn ?? []).filter(d => ids.includes(d))]));
  const heads = ids.filter(id => previous.get(id)!.length === 0);
  expect(heads).toHaveLength(1);
  const chain = [heads[0]];
  while (chain.length < ids.length) {
    const next = ids.filter(id => previous.get(id)!.length === 1 && previous.get(id)![0] === chain[chain.length - 1]);
    expect(next).toHaveLength(1);
    chain.push(next[0]);
  }
  return chain;
}

/** The logical IDs of a stack's PrincipalPermissions, sorted by construct ID (a hash of principal and resource). */
function byConstructId(st: Stack): string[] {
  return st.node.findAll()
    .filter((c): c is CfnResource => c instanceof CfnResource && c.cfnResourceType === 'AWS::LakeFormation::PrincipalPermissions' && Stack.of(c) === st)
    .sort((a, b) => (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0))
    .map(c => st.getLogicalId(c));
}

test('each stack\'s grants form ONE DependsOn chain, sorted by construct ID: the governance stack\'s (admin and shares\'), the claims shard\'s (crawler)', () => {
  const govGrants = grants.filter(([id]) => stackOfId[id] === govStack);
  expect(grantChain(govResources)).toEqual(byConstructId(govStack));
  expect(grantChain(govResources)).toHaveLength(govGrants.length);
  const claimsShard = Stack.of(hub.dataProduct('claims'));
  const shardResources = resourcesOf(claimsShard);
  expect(grantChain(shardResources)).toEqual(byConstructId(claimsShard));
  expect(grantChain(shardResources)).toHaveLength(3);
  expect(ofTypeIn(resourcesOf(Stack.of(hub.dataProduct('portfolios'))), 'AWS::LakeFormation::PrincipalPermissions')).toEqual([]);
  expect(hubGrants.length).toBe(7); // 2 per producer for the admin (governance stack), 3 for the crawler (its shard)
  // Per share: DATABASE and TABLE tag policies, DESCRIBE on consumer_<domain>=yes (and on each confidentiality level up to the
  // ceiling: the tag-value grants below, merged): 3 per share.
  expect(shareGrants.length).toBe(9);
  for (const [id] of shareGrants) expect(stackOfId[id]).toBe(govStack);
  // Discovery (D66): DATABASE and TABLE DESCRIBE on discoverable=yes per consumer account (bi, ml, exec), whatever the products;
  // and DESCRIBE with grant option on each value of confidentiality (3) and producer (2) per account.
  expect(discoveryGrants.length).toBe(6);
  for (const [id] of discoveryGrants) expect(stackOfId[id]).toBe(govStack);
  expect(tagValueGrants.length).toBe(15);
  for (const [id, g] of tagValueGrants) {
    expect(stackOfId[id]).toBe(govStack);
    expect([g.Properties.Permissions, g.Properties.PermissionsWithGrantOption, g.Properties.Resource.LFTag.TagValues.length]).toEqual([['DESCRIBE'], ['DESCRIBE'], 1]);
  }
  expect(govGrants.length).toBe(34);
  expect(grants.length).toBe(37);
});

/** A governance stack of its own for pitfall tests that need other props than the reference mesh. */
function governance(options: { mesh?: MeshDescription; app?: App; id?: string; settingsMutation?: SettingsMutation } = {}) {
  const mesh = options.mesh ?? bankMesh;
  const stack = new Stack(options.app ?? new App(), options.id ?? 'Governance', { env: mesh.governanceEnv() });
  const ontology = new LfTagOntology(stack, 'Tags', { mesh });
  const h = new GovernanceHub(stack, 'Hub', { mesh, ontology, settingsMutation: options.settingsMutation });
  return { stack, ontology, hub: h };
}

describe('pitfalls', () => {
  const gated = ['AWS::LakeFormation::Tag', 'AWS::LakeFormation::TagAssociation', 'AWS::LakeFormation::PrincipalPermissions',
    'AWS::LakeFormation::Resource', 'AWS::Glue::Database', 'AWS::Glue::Table'];

  test('DM-01: the deployer is an admin and every LF/Glue resource waits for the settings that make it one (DependsOn in the governance stack, the shard after it)', () => {
    expect(resources[settingsId].Properties.Admins[0]).toEqual({ DataLakePrincipalIdentifier: { 'Fn::Sub': EXEC_ROLE } });
    expect(stackOfId[settingsId]).toBe(govStack);
    const ungated = Object.entries(resources).filter(([id, r]) => gated.includes(r.Type) && !createdAfter(id, settingsId)).map(([id]) => id);
    expect(ungated).toEqual([]);
    const ungatedInGovernance = Object.entries(govResources)
      .filter(([id, r]) => gated.includes(r.Type) && !deps(id).includes(settingsId)).map(([id]) => id);
    expect(ungatedInGovernance).toEqual([]);
    expect(Object.values(resources).filter(r => gated.includes(r.Type)).length).toBeGreaterThan(30);
  });

  test('DM-02: REPLACE by default; APPEND on request, with a synth warning; conflicting explicit choices are an error', () => {
    expect(resources[settingsId].Properties.MutationType).toBe('REPLACE');
    const append = governance({ settingsMutation: SettingsMutation.APPEND });
    expect(Template.fromStack(append.stack).findResources('AWS::LakeFormation::DataLakeSettings', { Properties: { MutationType: 'APPEND' } }))
      .not.toEqual({});
    Annotations.fromStack(append.stack).hasWarning('*', Match.stringLikeRegexp('MutationType APPEND \\(DM-02\\)'));

    const stack = new Stack(new App(), 'Governance', { env: bankMesh.governanceEnv() });
    const ontology = new LfTagOntology(stack, 'Tags', { mesh: bankMesh, settingsMutation: SettingsMutation.REPLACE });
    expect(() => new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology, settingsMutation: SettingsMutation.APPEND }))
      .toThrow("GovernanceHub 'Hub': settingsMutation APPEND conflicts with REPLACE requested by LfTagOntology 'Tags' in the same stack 'Governance'.");
  });

  test('DM-04: no IAMAllowedPrincipals default in the settings nor on any database', () => {
    expect(resources[settingsId].Properties.CreateDatabaseDefaultPermissions).toEqual([]);
    expect(resources[settingsId].Properties.CreateTableDefaultPermissions).toEqual([]);
    const databases = ofType('AWS::Glue::Database');
    expect(databases).toHaveLength(3);
    for (const [, db] of databases) expect(db.Properties.DatabaseInput.CreateTableDefaultPermissions).toEqual([]);
  });

  test('DM-06: every DataLakeSettings of the reference mesh (governance, producers, consumers) writes CROSS_ACCOUNT_VERSION as the string "4"; shards have none', () => {
    const stacks = [govStack, ...Object.values(bank.producers).map(p => p.stack), ...Object.values(bank.consumers).map(c => c.stack)];
    const shards = [...shardStacks, ...Object.values(bank.consumers).flatMap(c => c.consumer.stacks.slice(1))];
    expect([...stacks, ...shards].map(st => st.stackName).sort()).toEqual(bank.governance.stack.node.root.node.children
      .filter((c): c is Stack => c instanceof Stack).map(st => st.stackName).sort());
    for (const st of shards) expect([st.stackName, Object.keys(Template.fromStack(st).findResources('AWS::LakeFormation::DataLakeSettings'))]).toEqual([st.stackName, []]);
    const versions = stacks.map(st => {
      const settings = Object.values(Template.fromStack(st).findResources('AWS::LakeFormation::DataLakeSettings'));
      expect({ stack: st.stackName, settings: settings.length }).toEqual({ stack: st.stackName, settings: 1 });
      return [st.stackName, settings[0].Properties.Parameters];
    });
    expect(versions).toHaveLength(6);
    for (const [name, parameters] of versions) expect([name, parameters]).toEqual([name, { CROSS_ACCOUNT_VERSION: '4' }]);
  });

  test('DM-07: the cross-account grantor (hub admin, an LF admin) has the RAM permissions of AWSLakeFormationCrossAccountManager', () => {
    expect(resources[settingsId].Properties.Admins).toContainEqual({ DataLakePrincipalIdentifier: { 'Fn::GetAtt': [adminRoleId, 'Arn'] } });
    expect(resources[adminRoleId].Properties.ManagedPolicyArns.map(render)).toContain('arn:aws:iam::aws:policy/AWSLakeFormationCrossAccountManager');
  });

  test('DM-09: every registration uses a custom role (UseServiceLinkedRole false), never the service-linked role', () => {
    for (const [, r] of ofType('AWS::LakeFormation::Resource')) {
      expect(r.Properties.UseServiceLinkedRole).toBe(false);
      const roleId = r.Properties.RoleArn['Fn::GetAtt'][0];
      expect(resources[roleId].Type).toBe('AWS::IAM::Role');
      expect(resources[roleId].Properties.RoleName).toMatch(/^bank-lf-registration-/);
    }
  });

  test("DM-10: each registration is created after its role's own IAM policy", () => {
    for (const [id, r] of ofType('AWS::LakeFormation::Resource')) {
      expect(deps(id)).toContain(policyOf(r.Properties.RoleArn['Fn::GetAtt'][0]).id);
    }
  });

  test("DM-13: the registration role reaches the producer's gold key only through its alias", () => {
    for (const producer of bankMesh.producers) {
      const kms = policyOf(idOf(hub.registrationRole(producer.domain))).statements.filter(s => asList<string>(s.Action).some(a => a.startsWith('kms:')));
      expect(kms.map(s => [asList(s.Resource).map(render), s.Condition])).toEqual([[
        [`arn:aws:kms:${REGION}:${producer.account}:key/*`],
        { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': bankMesh.keyAliasName(producer.domain, 'gold' as any) } },
      ]]);
    }
  });

  test('DM-14: database, table and crawler locations lie under the registered location', () => {
    const registered = Object.values(registrationByDomain).map(id => render(resources[id].Properties.ResourceArn).replace(/^arn:aws:s3:::/, 's3://') + '/');
    expect(registered.sort()).toEqual(bankMesh.producerDomains.map(d => `s3://${goldBucket(d)}/`).sort());
    const under = (uri: string) => registered.some(r => uri.startsWith(r));
    const locations = [
      ...ofType('AWS::Glue::Database').map(([, r]) => r.Properties.DatabaseInput.LocationUri),
      ...ofType('AWS::Glue::Table').map(([, r]) => r.Properties.TableInput.StorageDescriptor.Location),
      ...ofType('AWS::Glue::Crawler').flatMap(([, r]) => r.Properties.Targets.S3Targets.map((t: any) => t.Path)),
    ];
    expect(locations).toHaveLength(7);
    expect(locations.filter(l => !under(l))).toEqual([]);

    // The check itself: these locations are valid S3 URIs that would synthesize without it.
    const gold = `s3://${goldBucket('insurance')}`;
    const claimsProduct = (options: { location?: string; tableLocation?: string }) => () => governance().hub.addDataProduct('claims', {
      location: options.location, tables: [{ name: 'claims', location: options.tableLocation, columns: [{ name: 'claim_id', type: ColumnType.STRING }] }],
    });
    expect(claimsProduct({ location: `${gold}/life_expectancy/claims/` })).toThrow(
      `location '${gold}/life_expectancy/claims/' is outside the product's registered location '${gold}/claims/' (DM-14).`);
    expect(claimsProduct({ location: `${gold}/claims/../life_expectancy/` })).toThrow(/is not a plain S3 URI/);
    expect(claimsProduct({ tableLocation: `${gold}/life_expectancy/claims/` })).toThrow(
      `tables[0].location '${gold}/life_expectancy/claims/' is outside the product location '${gold}/claims/' (DM-14).`);
    expect(claimsProduct({ location: `${gold}/claims/v2/` })).not.toThrow();
  });

  test('DM-15: the crawler uses Lake Formation credentials, its role may call GetDataAccess, it targets one bucket', () => {
    const [, crawler] = only('AWS::Glue::Crawler');
    expect(crawler.Properties.LakeFormationConfiguration).toEqual({ UseLakeFormationCredentials: true });
    const statements = policyOf(crawler.Properties.Role['Fn::GetAtt'][0]).statements;
    expect(statements.some(s => asList(s.Action).includes('lakeformation:GetDataAccess'))).toBe(true);
    const buckets = new Set((crawler.Properties.Targets.S3Targets as any[]).map(t => t.Path.split('/')[2]));
    expect(buckets.size).toBe(1);
  });

  test('DM-16: the crawler role has CREATE_TABLE/ALTER/DESCRIBE and DATA_LOCATION_ACCESS before the crawler exists', () => {
    const [crawlerId, crawler] = only('AWS::Glue::Crawler');
    const principal = { DataLakePrincipalIdentifier: crawler.Properties.Role };
    const own = grants.filter(([, g]) => JSON.stringify(g.Properties.Principal) === JSON.stringify(principal));
    const permissions = own.flatMap(([, g]) => g.Properties.Permissions);
    expect(permissions).toEqual(expect.arrayContaining(['CREATE_TABLE', 'ALTER', 'DESCRIBE', 'DATA_LOCATION_ACCESS']));
    expect(deps(crawlerId)).toEqual(expect.arrayContaining(own.map(([id]) => id)));
  });

  test('DM-17: column tags name declared columns of a declared table created before them; the crawler never rewrites declared tables', () => {
    const tables = ofType('AWS::Glue::Table');
    for (const [id, r] of associations.filter(([, a]) => a.Properties.Resource.TableWithColumns)) {
      const target = r.Properties.Resource.TableWithColumns;
      const [tableId, table] = tables.find(([, t]) =>
        t.Properties.TableInput.Name === target.Name && t.Properties.DatabaseName === target.DatabaseName)!;
      const input = table.Properties.TableInput;
      const declared = [...input.StorageDescriptor.Columns, ...(input.PartitionKeys ?? [])].map((c: any) => c.Name);
      expect(target.ColumnNames.filter((c: string) => !declared.includes(c))).toEqual([]);
      expect(deps(id)).toContain(tableId);
    }
    expect(only('AWS::Glue::Crawler')[1].Properties.SchemaChangePolicy).toEqual({ UpdateBehavior: 'LOG', DeleteBehavior: 'LOG' });
  });

  test('DM-18: every association is created after the AWS::LakeFormation::Tag of each key it uses (its shard after the governance stack, which holds the tags)', () => {
    for (const [, id] of Object.entries(tagIdByKey)) expect(stackOfId[id]).toBe(govStack);
    for (const [id, r] of allAssociations) {
      for (const t of r.Properties.LFTags) {
        expect({ id, key: t.TagKey, afterTag: createdAfter(id, tagIdByKey[t.TagKey]) }).toEqual({ id, key: t.TagKey, afterTag: true });
      }
    }
  });

  test('DM-19: one key per consumer with the single value yes; every association sets one value per key', () => {
    for (const consumer of bankMesh.consumerDomains) expect(tags.consumerKey(consumer).values).toEqual(['yes']);
    for (const [, r] of allAssociations) {
      const keys = (r.Properties.LFTags as any[]).map(t => t.TagKey);
      expect(new Set(keys).size).toBe(keys.length);
      for (const t of r.Properties.LFTags) expect(t.TagValues).toHaveLength(1);
    }

    // The checks themselves, on input that would otherwise synthesize an association or a grant LF refuses.
    const withRegion = () => {
      const o = new LfTagOntology(new Stack(new App(), 'Governance', { env: bankMesh.governanceEnv() }), 'Tags', {
        mesh: bankMesh, customTags: [{ key: 'region', values: ['eu', 'us'] }],
      });
      return { o, h: new GovernanceHub(Stack.of(o), 'Hub', { mesh: bankMesh, ontology: o }) };
    };
    const custom = withRegion().o;
    const withColumnTags = (conditions: (o: LfTagOntology) => ReturnType<LfTagOntology['producedBy']>[]) => () => {
      const { o, h } = withRegion();
      h.addDataProduct('claims', { tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING, tags: conditions(o) }] }] });
    };
    expect(withColumnTags(o => [o.key('region').anyOf(['eu', 'us'])])).toThrow("tag 'region' has 2 values (eu, us); a resource carries one value per key (DM-19)");
    expect(withColumnTags(o => [o.key('region').value('eu'), o.key('region').value('us')])).toThrow("sets key 'region' twice (eu, us)");
    expect(() => LfTagExpression.of([custom.confidentialityIs(Confidentiality.PUBLIC), custom.confidentialityIs(Confidentiality.PRIVATE)]))
      .toThrow("expression names key 'confidentiality' twice");
    expect(() => LfTagExpression.of([custom.producedBy('insurance'), ...bankMesh.consumerDomains.map(d => custom.consumerKey(d).value('yes')),
      custom.confidentialityIs(Confidentiality.PUBLIC), custom.key('region').value('eu')])).toThrow('expression has 6 conditions');
    expect(() => new LfTagOntology(new Stack(new App(), 'G', { env: bankMesh.governanceEnv() }), 'Tags', {
      mesh: bankMesh, customTags: [{ key: 'region', values: Array.from({ length: 51 }, (_, i) => `r${i}`) }],
    })).toThrow('has 51 values; a key needs 1 to 50 (DM-19)');
    expect(withColumnTags(o => [o.key('region').value('eu')])).not.toThrow();
  });

  test('DM-20: one TableWithColumns association per distinct tag set of a table, each column in exactly one, no wildcard', () => {
    const byTable = new Map<string, Array<{ tags: string; columns: string[] }>>();
    for (const [, r] of associations) {
      const res = r.Properties.Resource;
      expect(res.Table?.TableWildcard).toBeUndefined();
      expect(res.TableWithColumns?.ColumnWildcard).toBeUndefined();
      if (!res.TableWithColumns) continue;
      const key = `${res.TableWithColumns.DatabaseName}.${res.TableWithColumns.Name}`;
      byTable.set(key, [...(byTable.get(key) ?? []), { tags: JSON.stringify(r.Properties.LFTags), columns: res.TableWithColumns.ColumnNames }]);
    }
    expect(byTable.size).toBe(3);
    for (const groups of byTable.values()) {
      expect(new Set(groups.map(g => g.tags)).size).toBe(groups.length);
      const columns = groups.flatMap(g => g.columns);
      expect(new Set(columns).size).toBe(columns.length);
    }
  });

  test('DM-21: every tag attached is owned by the account that owns the tagged resource (the governance catalog)', () => {
    for (const [, r] of allAssociations) {
      const res = r.Properties.Resource;
      expect((res.Database ?? res.Table ?? res.TableWithColumns).CatalogId).toBe(GOV);
      for (const t of r.Properties.LFTags) expect(t.CatalogId).toBe(GOV);
    }

    // The check itself: a tag of another governance account's ontology would otherwise be attached with this catalog's id.
    const other = new MeshDescription({ ...JSON.parse(bankMesh.toJson()), name: 'other', governance: { account: '999999999999', region: REGION } });
    const foreign = new LfTagOntology(new Stack(new App(), 'OtherGovernance', { env: other.governanceEnv() }), 'Tags', {
      mesh: other, customTags: [{ key: 'region', values: ['eu'] }],
    });
    const tagged = (tag: (own: LfTagOntology) => ReturnType<LfTagOntology['producedBy']>) => () => {
      const own = new LfTagOntology(new Stack(new App(), 'Governance', { env: bankMesh.governanceEnv() }), 'Tags', {
        mesh: bankMesh, customTags: [{ key: 'region', values: ['eu'] }],
      });
      new GovernanceHub(Stack.of(own), 'Hub', { mesh: bankMesh, ontology: own }).addDataProduct('claims', {
        tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }] }], tags: [tag(own)],
      });
    };
    expect(tagged(() => foreign.key('region').value('eu'))).toThrow(
      "GovernanceHub 'Hub' data product 'claims': tags: tag 'region=eu' comes from ontology 'OtherGovernance/Tags', not from 'Governance/Tags'.");
    expect(tagged(own => own.key('region').value('eu'))).not.toThrow();
  });

  test('DM-24: the PrincipalPermissions of each stack are serialized in one DependsOn chain; the shards deploy one after the other, after the governance stack', () => {
    for (const st of hub.stacks) {
      const res = resourcesOf(st);
      if (ofTypeIn(res, 'AWS::LakeFormation::PrincipalPermissions').length === 0) continue;
      const chain = grantChain(res);
      chain.slice(1).forEach((id, i) => expect(deps(id)).toContain(chain[i]));
    }
    shardStacks.forEach((st, i) => expect(st.dependencies).toContain(i === 0 ? govStack : shardStacks[i - 1]));
  });

  test('DM-25: one PrincipalPermissions per principal and resource; a second grant on the same pair is merged into it', () => {
    const pairs = grants.map(([, g]) => JSON.stringify([g.Properties.Principal, g.Properties.Resource]));
    expect(new Set(pairs).size).toBe(pairs.length);

    const { hub: h } = governance();
    const product = h.addDataProduct('portfolios', { tables: [{ name: 'portfolios', columns: [{ name: 'portfolio_id', type: ColumnType.STRING }] }] });
    for (const permission of ['DESCRIBE', 'ALTER']) {
      hubContext(h).shard('portfolios').grants.grant({
        requester: 'test',
        principal: h.adminRole.roleArn,
        permissions: [permission],
        resource: { database: { catalogId: GOV, name: product.databaseName } },
      });
    }
    const onDatabase = Template.fromStack(Stack.of(product)).findResources('AWS::LakeFormation::PrincipalPermissions', {
      Properties: { Resource: { Database: { Name: 'bank_portfolios' } } },
    });
    expect(Object.values(onDatabase).map((g: any) => g.Properties.Permissions)).toEqual([['ALTER', 'DESCRIBE']]);
  });

  test('DM-27: the governance admin gets explicit SELECT on every product (admins have none implicitly), and what Athena needs to run its checks', () => {
    // By the producer tag: every product's database carries producer=<domain>, its tables and columns inherit it.
    const selects = grants.filter(([, g]) => g.Properties.Permissions.includes('SELECT') &&
      JSON.stringify(g.Properties.Principal.DataLakePrincipalIdentifier) === JSON.stringify({ 'Fn::GetAtt': [adminRoleId, 'Arn'] }));
    expect(selects.map(([, g]) => g.Properties.Resource.LFTagPolicy)).toEqual(selects.map(() => expect.objectContaining({ ResourceType: 'TABLE' })));
    expect(selects.map(([, g]) => g.Properties.Resource.LFTagPolicy.Expression)).toEqual(
      selects.map(() => [{ TagKey: 'producer', TagValues: [expect.any(String)] }]));
    const selectedProducers = selects.map(([, g]) => g.Properties.Resource.LFTagPolicy.Expression[0].TagValues[0]).sort();
    expect(selectedProducers).toEqual([...bankMesh.producerDomains].sort());
    const covered = associations.filter(([, a]) => a.Properties.Resource.Database &&
      (a.Properties.LFTags as any[]).some(t => t.TagKey === 'producer' && selectedProducers.includes(t.TagValues[0])));
    expect(covered.map(([, a]) => a.Properties.Resource.Database.Name).sort()).toEqual(['bank_claims', 'bank_life_expectancy', 'bank_portfolios']);

    // Its IAM policy: the admin workgroup, the results bucket and key, and GetDataAccess (LF vends the data credentials).
    const bySid = Object.fromEntries(policyOf(adminRoleId).statements.map(st => [st.Sid, st]));
    const workGroupId = only('AWS::Athena::WorkGroup')[0];
    const keyId = resources[workGroupId].Properties.WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration.KmsKey['Fn::GetAtt'][0];
    const bucketId = idOf(hub.queryResultsBucket);
    const summary = (sid: string) => ({
      actions: asList(bySid[sid].Action), resources: asList(bySid[sid].Resource).map(render), effect: bySid[sid].Effect,
    });
    expect(summary('AdminWorkGroup')).toEqual({
      actions: ['athena:BatchGetQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:GetWorkGroup',
        'athena:ListQueryExecutions', 'athena:StartQueryExecution', 'athena:StopQueryExecution'],
      resources: [`arn:aws:athena:${REGION}:${GOV}:workgroup/${resources[workGroupId].Properties.Name}`],
      effect: 'Allow',
    });
    expect(summary('QueryResults')).toEqual({
      actions: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
      resources: [`<${bucketId}.Arn>`, `<${bucketId}.Arn>/results/*`],
      effect: 'Allow',
    });
    expect(summary('QueryResultsKey')).toEqual({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [`<${keyId}.Arn>`], effect: 'Allow' });
    expect(summary('LakeFormationDataAccess')).toEqual({ actions: ['lakeformation:GetDataAccess'], resources: ['*'], effect: 'Allow' });
  });

  test('DM-28: every grant depends on the database, tables, location or LF-tags it names', () => {
    const grantIds = new Set(grants.map(([id]) => id));
    /** What a grant waits for besides the grant before it in its stack's chain and the settings. */
    const named = (id: string) => deps(id).filter(d => !grantIds.has(d) && d !== settingsId).sort();
    for (const [id, g] of hubGrants) {
      const r = g.Properties.Resource;
      if (r.Database || r.Table) {
        const product = hub.dataProducts.find(p => p.databaseName === (r.Database?.Name ?? r.Table.DatabaseName))!;
        expect(stackOfId[id]).toBe(Stack.of(product));
        expect(deps(id)).toContain(idOf(product._database));
      } else if (r.LFTagPolicy) {
        // The admin's grants by producer=<domain> (governance stack): after the producer tag, nothing of the shards.
        expect(stackOfId[id]).toBe(govStack);
        expect(named(id)).toEqual([tagIdByKey.producer]);
      } else {
        expect(r.DataLocation).toBeDefined();
        expect(createdAfter(id, registrationByProduct.claims)).toBe(true);
      }
    }
    // The shares' grants (governance stack): a tag policy after the tags of its expression, DESCRIBE on a tag value after its
    // tag, and nothing else: not the associations, databases or tables of the shards (test/data-product-share.test.ts checks
    // them share by share).
    expect(shareGrants).toHaveLength(9);
    for (const [id, g] of [...shareGrants, ...tagValueGrants]) {
      const r = g.Properties.Resource;
      expect(stackOfId[id]).toBe(govStack);
      // Only LF-tags (the share's tags: a DATABASE policy may wait for the confidentiality tag of its TABLE twin too).
      expect({ id, named: named(id).filter(d => resources[d].Type !== 'AWS::LakeFormation::Tag') }).toEqual({ id, named: [] });
      const ownTags = r.LFTagPolicy ? (r.LFTagPolicy.Expression as any[]).map(e => tagIdByKey[e.TagKey]) : [tagIdByKey[r.LFTag.TagKey]];
      expect({ id, named: named(id) }).toEqual({ id, named: expect.arrayContaining(ownTags) });
    }
    // The discovery grants (D66): after the discoverable tag only.
    expect(discoveryGrants).toHaveLength(6);
    for (const [id] of discoveryGrants) expect({ id, named: named(id) }).toEqual({ id, named: [tagIdByKey.discoverable] });
  });

  test('DM-36: in one app the producer stacks and the shards depend on the governance stack; no cross-stack references', () => {
    for (const stack of [...Object.values(bank.producers).map(p => p.stack), ...shardStacks]) {
      expect(stack.dependencies).toContain(govStack);
      const json = JSON.stringify(Template.fromStack(stack).toJSON());
      expect(json).not.toContain('Fn::ImportValue');
    }
    expect(govStack.dependencies).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
  });

  test('DM-40: one settings resource per stack, shared by every construct in it; never two REPLACE settings for one account', () => {
    // Ontology and hub share the governance stack's settings.
    template.resourceCountIs('AWS::LakeFormation::DataLakeSettings', 1);

    // A producer living in the governance account shares the same settings with the hub.
    const mesh = new MeshDescription({
      name: 'solo',
      governance: { account: GOV, region: REGION },
      producers: [{ domain: 'insurance', account: GOV, products: ['claims'] }],
      consumers: [{ domain: 'bi', account: '444444444444' }],
    });
    const { stack, hub: h } = governance({ mesh });
    const lake = new DataProducer(stack, 'Lake', { mesh, domain: 'insurance' });
    const soloTemplate = Template.fromStack(stack);
    soloTemplate.resourceCountIs('AWS::LakeFormation::DataLakeSettings', 1);
    const admins = Object.values(soloTemplate.findResources('AWS::LakeFormation::DataLakeSettings'))[0].Properties.Admins;
    expect(admins).toEqual(expect.arrayContaining([
      { DataLakePrincipalIdentifier: { 'Fn::GetAtt': [idOf(h.adminRole), 'Arn'] } },
      { DataLakePrincipalIdentifier: { 'Fn::GetAtt': [idOf(lake.adminRole), 'Arn'] } },
    ]));

    // A second stack writing the same account's settings with REPLACE is refused.
    const app = new App();
    governance({ app });
    expect(() => governance({ app, id: 'Governance2' })).toThrow(
      "LfTagOntology 'Tags': stack 'Governance2' writes the Lake Formation settings of account 111111111111 in eu-west-1 with REPLACE, " +
      "but stack 'Governance' already does (DM-40)");
  });
});

describe('the public API', () => {
  /** The declared members of an exported class of src/<file>: `name: type` of properties, modifiers of the constructor. */
  function declared(className: string, file = 'governance-hub.ts'): Record<string, string> {
    file = path.join(__dirname, '..', 'src', file);
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const cls = source.statements.find((st): st is ts.ClassDeclaration => ts.isClassDeclaration(st) && st.name?.text === className)!;
    const out: Record<string, string> = {};
    for (const m of cls.members) {
      if (ts.isPropertyDeclaration(m)) out[m.name.getText(source)] = m.type?.getText(source) ?? '';
      if (ts.isConstructorDeclaration(m)) out['(constructor)'] = (m.modifiers ?? []).map(x => x.getText(source)).join(' ') || 'public';
    }
    return out;
  }

  test('adminRole is an iam.IRole and the buckets are s3.IBuckets (interfaces, not the L2 classes)', () => {
    const hubApi = declared('GovernanceHub');
    expect([hubApi.adminRole, hubApi.queryResultsBucket, hubApi.accessLogsBucket]).toEqual(['iam.IRole', 's3.IBucket', 's3.IBucket']);
    const asInterfaces: [iam.IRole, s3.IBucket, s3.IBucket] = [hub.adminRole, hub.queryResultsBucket, hub.accessLogsBucket];
    expect(asInterfaces.every(Boolean)).toBe(true);
  });

  test('DataProduct has no public constructor (only hub.addDataProduct creates one)', () => {
    expect(declared('DataProduct', 'data-product.ts')['(constructor)']).toBe('private');
  });

  test('the admin role trusts the governance account by default (documented on adminPrincipal), and adminPrincipal replaces it', () => {
    expect(resources[adminRoleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${GOV}:root`]] } } },
    ]);
    const stack = new Stack(new App(), 'Governance', { env: bankMesh.governanceEnv() });
    const sso = `arn:aws:iam::${GOV}:role/aws-reserved/sso.amazonaws.com/${REGION}/AWSReservedSSO_DataMeshAdmin_0123456789abcdef`;
    const h = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology: new LfTagOntology(stack, 'Tags', { mesh: bankMesh }), adminPrincipal: new iam.ArnPrincipal(sso) });
    expect(Template.fromStack(stack).toJSON().Resources[idOf(h.adminRole)].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: sso } },
    ]);
  });

  test('partition keys take a comment and a confidentiality (default: the product default); columnConfidentiality may repeat a declared level', () => {
    const { hub: h } = governance();
    const claims = h.addDataProduct('claims', {
      defaultConfidentiality: Confidentiality.PRIVATE,
      tables: [{
        name: 'claims',
        columns: [{ name: 'claim_id', type: ColumnType.STRING, confidentiality: Confidentiality.PUBLIC }],
        partitionKeys: [
          { name: 'ingest_date', type: ColumnType.STRING, projection: PartitionProjection.date({ range: 'NOW-3YEARS,NOW' }), comment: 'Ingestion day' },
          { name: 'region', type: ColumnType.STRING, projection: PartitionProjection.enumValues(['eu', 'us']), confidentiality: Confidentiality.SENSITIVE },
        ],
        columnConfidentiality: { claim_id: Confidentiality.PUBLIC },
      }],
    });
    const json = Template.fromStack(Stack.of(claims)).toJSON().Resources;
    const table = Object.values<any>(json).find(r => r.Type === 'AWS::Glue::Table');
    expect(table.Properties.TableInput.PartitionKeys).toEqual([
      { Name: 'ingest_date', Type: 'string', Comment: 'Ingestion day' }, { Name: 'region', Type: 'string' },
    ]);
    const levels = Object.fromEntries(Object.values<any>(json)
      .filter(r => r.Type === 'AWS::LakeFormation::TagAssociation' && r.Properties.Resource.TableWithColumns)
      .map(r => [r.Properties.LFTags[0].TagValues[0], r.Properties.Resource.TableWithColumns.ColumnNames]));
    expect(levels).toEqual({ public: ['claim_id'], private: ['ingest_date'], sensitive: ['region'] });
  });
});

test('every CfnResource of the governance stack and its shards is in the templates (sanity check of the helpers)', () => {
  const cfn = govStack.node.findAll().filter((c): c is CfnResource => c instanceof CfnResource);
  expect(cfn.length).toBe(Object.keys(govResources).length);
  const inShards = shardStacks.flatMap(st => st.node.findAll().filter((c): c is CfnResource => c instanceof CfnResource));
  expect(cfn.length + inShards.length).toBe(Object.keys(resources).length);
  expect(Confidentiality.SENSITIVE).toBe('sensitive');
});
