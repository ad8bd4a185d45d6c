/*
 * docs/operations.md, "Growing the mesh": what a deployed mesh's stacks do when a consumer, a product or a
 * producer is added later. Version 1 is a mesh shaped like the reference mesh; each version 2 adds one
 * thing. The CloudFormation update of every stack is computed from the two templates (test/support/
 * cfn-update.ts): which stacks change, what is created, what is updated in place — and that nothing is
 * replaced or deleted, so no data, key, role or grant of version 1 goes away. The stacks include the shards
 * (issue 13, D38): Governance-<producer> holds a producer's products, Consumer-<consumer>-<producer> a
 * consumer's links of that producer's products.
 */
import { App, Stack } from 'aws-cdk-lib';
import {
  ColumnType, Confidentiality, DataConsumer, DataProducer, DataProductShare, GovernanceHub, LfTagOntology, MeshDescription,
} from '../../src';
import { plan } from '../support/cfn-update';
import { Resources } from '../support/template';

interface Growth {
  readonly consumer?: boolean;
  readonly product?: boolean;
  readonly producer?: boolean;
}

/** Every property change of these replaces the resource (create-only properties). */
const REPLACED_ON_ANY_CHANGE = ['AWS::LakeFormation::TagAssociation', 'AWS::LakeFormation::PrincipalPermissions', 'AWS::LakeFormation::DataCellsFilter'];

function columns(names: string[]) {
  return names.map(name => ({ name, type: ColumnType.STRING }));
}

/** Stack name -> resources of the mesh, grown by `growth`. */
function synthesize(growth: Growth): Record<string, Resources> {
  const mesh = new MeshDescription({
    name: 'bank',
    governance: { account: '111111111111', region: 'eu-west-1' },
    producers: [
      { domain: 'insurance', account: '222222222222', products: ['life_expectancy', 'claims', ...(growth.product ? ['policies'] : [])] },
      { domain: 'investments', account: '333333333333', products: ['portfolios'] },
      ...(growth.producer ? [{ domain: 'cards', account: '777777777777', products: ['transactions'] }] : []),
    ],
    consumers: [
      { domain: 'bi', account: '444444444444' },
      { domain: 'ml', account: '555555555555' },
      { domain: 'exec', account: '666666666666' },
      ...(growth.consumer ? [{ domain: 'risk', account: '888888888888' }] : []),
    ],
  });
  const app = new App();
  const gov = new Stack(app, 'Governance', { env: mesh.governanceEnv() });
  const tags = new LfTagOntology(gov, 'Tags', { mesh });
  const hub = new GovernanceHub(gov, 'Hub', { mesh, ontology: tags });
  const product = (name: string, cols: string[], sensitive?: string) => hub.addDataProduct(name, {
    tables: [{
      name,
      columns: [...columns(cols), ...(sensitive ? [{ name: sensitive, type: ColumnType.DOUBLE, confidentiality: Confidentiality.SENSITIVE }] : [])],
    }],
  });
  const lifeExpectancy = product('life_expectancy', ['policy_id', 'age'], 'life_expectancy');
  const claims = product('claims', ['claim_id', 'status']);
  const portfolios = product('portfolios', ['portfolio_id', 'asset_class'], 'risk_score');
  const policies = growth.product ? product('policies', ['policy_id', 'holder']) : undefined;
  const transactions = growth.producer ? product('transactions', ['transaction_id', 'amount']) : undefined;

  new DataProductShare(gov, 'ToMl', { hub, consumer: 'ml', products: [lifeExpectancy], maxConfidentiality: Confidentiality.PRIVATE });
  new DataProductShare(gov, 'ToExec', {
    hub, consumer: 'exec', products: [lifeExpectancy, claims, portfolios], maxConfidentiality: Confidentiality.SENSITIVE, allowSensitive: true,
  });
  // A new producer's product is shared with an existing consumer (bi), so that the table's "each consumer that receives its products" is exercised.
  new DataProductShare(gov, 'ToBi', { hub, consumer: 'bi', products: [claims, portfolios, ...(policies ? [policies] : []), ...(transactions ? [transactions] : [])] });
  if (growth.consumer) new DataProductShare(gov, 'ToRisk', { hub, consumer: 'risk', products: [portfolios, ...(transactions ? [transactions] : [])] });

  for (const domain of mesh.producerDomains) {
    new DataProducer(new Stack(app, `Producer-${domain}`, { env: mesh.producerEnv(domain) }), 'Lake', { mesh, domain });
  }
  for (const domain of mesh.consumerDomains) {
    const consumer = new DataConsumer(new Stack(app, `Consumer-${domain}`, { env: mesh.consumerEnv(domain) }), 'Consumer', { mesh, domain });
    consumer.addRole('analyst', { clearance: Confidentiality.PUBLIC });
  }
  return Object.fromEntries(app.synth().stacks.map(s => [s.stackName, s.template.Resources as Resources]));
}

/** The resources of `type` that version 2 creates in `stack`. */
function created(v1: Record<string, Resources>, v2: Record<string, Resources>, stack: string, type: string): Resources {
  const ids = plan(v1[stack], v2[stack], REPLACED_ON_ANY_CHANGE).changes.filter(c => c.kind === 'create').map(c => c.id);
  return Object.fromEntries(ids.filter(id => v2[stack][id].Type === type).map(id => [id, v2[stack][id]]));
}

/** Per stack of v2: 'new stack', or the sorted `<kind> <type>` of its changes (empty when unchanged). */
function changes(v1: Record<string, Resources>, v2: Record<string, Resources>): Record<string, string[] | 'new stack'> {
  const out: Record<string, string[] | 'new stack'> = {};
  for (const [name, resources] of Object.entries(v2)) {
    if (!v1[name]) {
      out[name] = 'new stack';
      continue;
    }
    const p = plan(v1[name], resources, REPLACED_ON_ANY_CHANGE);
    // Nothing of version 1 is replaced, deleted or orphaned.
    expect([name, p.changes.filter(c => c.kind === 'replace').map(c => c.id), p.deletions.map(d => d.id), p.retained]).toEqual([name, [], [], []]);
    out[name] = [...new Set(p.changes.map(c => `${c.kind} ${resources[c.id].Type}`))].sort();
  }
  expect(Object.keys(v1).filter(name => !v2[name])).toEqual([]);
  return out;
}

const v1 = synthesize({});

/** The stacks of version 1 that no growth below changes (each case adds what changes for it). */
const UNCHANGED = {
  'Governance': [],
  'Governance-insurance': [],
  'Governance-investments': [],
  'Producer-insurance': [],
  'Producer-investments': [],
  'Consumer-bi': [],
  'Consumer-bi-insurance': [],
  'Consumer-bi-investments': [],
  'Consumer-ml': [],
  'Consumer-ml-insurance': [],
  'Consumer-exec': [],
  'Consumer-exec-insurance': [],
  'Consumer-exec-investments': [],
};

test('version 1: the user\'s stacks and their shards (Governance-<producer>, Consumer-<consumer>-<producer> for each producer it receives from)', () => {
  expect(Object.keys(v1).sort()).toEqual(Object.keys(UNCHANGED).sort());
});

test('adding a consumer: governance creates the consumer_<domain> LF-tag and the share\'s grants; the shard of each shared product creates its ' +
  'consumer_<domain>=yes association; a new consumer stack and its shard; every producer and every other consumer is unchanged', () => {
  const v2 = synthesize({ consumer: true });
  expect(changes(v1, v2)).toEqual({
    ...UNCHANGED,
    'Governance': ['create AWS::LakeFormation::PrincipalPermissions', 'create AWS::LakeFormation::Tag'],
    // risk receives portfolios, a product of investments
    'Governance-investments': ['create AWS::LakeFormation::TagAssociation'],
    'Consumer-risk': 'new stack',
    'Consumer-risk-investments': 'new stack',
  });
  expect(Object.values(created(v1, v2, 'Governance', 'AWS::LakeFormation::Tag')).map(t => t.Properties.TagKey)).toEqual(['consumer_risk']);
  expect(Object.values(created(v1, v2, 'Governance', 'AWS::LakeFormation::PrincipalPermissions')).map(g => g.Properties.Principal.DataLakePrincipalIdentifier))
    .toEqual(expect.arrayContaining(['888888888888']));
  expect(Object.values(created(v1, v2, 'Governance-investments', 'AWS::LakeFormation::TagAssociation')).map(a => [a.Properties.Resource, a.Properties.LFTags]))
    .toEqual([[{ Database: { CatalogId: '111111111111', Name: 'bank_portfolios' } }, [{ CatalogId: '111111111111', TagKey: 'consumer_risk', TagValues: ['yes'] }]]]);
});

test('adding a product to a producer: its governance shard creates its database, table and tag associations (governance, the registration, ' +
  'the IAM policies and the admin\'s grants and the gold bucket policy do not change); the consumer it is shared with gets a resource link and ' +
  '`DESCRIBE` grants in its shard of that producer, and its RAM acceptance runs again (every consumer\'s does: the product is discoverable, D66)', () => {
  const v2 = synthesize({ product: true });
  expect(changes(v1, v2)).toEqual({
    ...UNCHANGED,
    'Governance-insurance': ['create AWS::Glue::Database', 'create AWS::Glue::Table', 'create AWS::LakeFormation::TagAssociation'],
    'Consumer-bi': ['update Custom::RamInvitationAcceptance'],
    'Consumer-bi-insurance': ['create AWS::Glue::Database', 'create AWS::LakeFormation::PrincipalPermissions'],
    // D66: the new product is discoverable, so Lake Formation shares its database with every consumer account through AWS RAM:
    // each consumer's acceptance takes its invitation (DatabaseNames grows, updated in place). No grant changes: discovery is by tag.
    'Consumer-exec': ['update Custom::RamInvitationAcceptance'],
    'Consumer-ml': ['update Custom::RamInvitationAcceptance'],
  });
  expect(Object.values(created(v1, v2, 'Consumer-bi-insurance', 'AWS::Glue::Database')).map(d => d.Properties.DatabaseInput.Name)).toEqual(['bank_policies']);
  expect(Object.values(created(v1, v2, 'Consumer-bi-insurance', 'AWS::LakeFormation::PrincipalPermissions')).map(g => [g.Properties.Resource, g.Properties.Permissions]))
    .toEqual([[{ Database: { CatalogId: '444444444444', Name: 'bank_policies' } }, ['DESCRIBE']]]);
});

test('adding a producer: governance creates its registration role and policy, the registered location and the admin\'s two tag grants, and updates ' +
  'in place the producer LF-tag; the new shard and producer stack; the consumer that receives its products gets a new shard (and its acceptance ' +
  'runs again); no other shard changes', () => {
  const v2 = synthesize({ producer: true });
  expect(changes(v1, v2)).toEqual({
    ...UNCHANGED,
    'Governance': [
      'create AWS::IAM::Policy', 'create AWS::IAM::Role', 'create AWS::LakeFormation::PrincipalPermissions', 'create AWS::LakeFormation::Resource',
      'update AWS::LakeFormation::Tag',
    ],
    'Governance-cards': 'new stack',
    'Producer-cards': 'new stack',
    // D66: the new producer's products are discoverable: every consumer's RAM acceptance takes their databases too, and each
    // consumer role may DESCRIBE the new value of the producer LF-tag (a grant created, none replaced).
    'Consumer-bi': ['create AWS::LakeFormation::PrincipalPermissions', 'update Custom::RamInvitationAcceptance'],
    'Consumer-bi-cards': 'new stack',
    'Consumer-exec': ['create AWS::LakeFormation::PrincipalPermissions', 'update Custom::RamInvitationAcceptance'],
    'Consumer-ml': ['create AWS::LakeFormation::PrincipalPermissions', 'update Custom::RamInvitationAcceptance'],
  });
  const grantsCreated = (stack: string) => Object.values(created(v1, v2, stack, 'AWS::LakeFormation::PrincipalPermissions'));
  // Each consumer account may DESCRIBE (with grant option) producer=cards: one grant per account, nothing else by LF-tag value.
  expect(grantsCreated('Governance').filter(g => g.Properties.Resource.LFTag)
    .map(g => `${g.Properties.Principal.DataLakePrincipalIdentifier} ${g.Properties.Resource.LFTag.TagKey}=${g.Properties.Resource.LFTag.TagValues}`).sort())
    .toEqual(['444444444444 producer=cards', '555555555555 producer=cards', '666666666666 producer=cards']);
  for (const c of ['Consumer-bi', 'Consumer-exec', 'Consumer-ml']) {
    expect(grantsCreated(c).map(g => `${g.Properties.Resource.LFTag?.TagKey}=${g.Properties.Resource.LFTag?.TagValues}`)).toEqual(['producer=cards']);
  }
  // The admin's two grants by the producer tag (DATABASE: DESCRIBE; TABLE: DESCRIBE, SELECT), nothing per product.
  expect(grantsCreated('Governance').filter(g => g.Properties.Resource.LFTagPolicy)
    .map(g => [g.Properties.Resource.LFTagPolicy.ResourceType, g.Properties.Resource.LFTagPolicy.Expression, g.Properties.Permissions]).sort())
    .toEqual([
      ['DATABASE', [{ TagKey: 'producer', TagValues: ['cards'] }], ['DESCRIBE']],
      ['TABLE', [{ TagKey: 'producer', TagValues: ['cards'] }], ['DESCRIBE', 'SELECT']],
    ]);
});
