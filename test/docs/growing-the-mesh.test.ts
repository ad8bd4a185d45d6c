/*
 * docs/operations.md, "Growing the mesh": what a deployed mesh's stacks do when a consumer, a product or a
 * producer is added later. Version 1 is a mesh shaped like the reference mesh; each version 2 adds one
 * thing. The CloudFormation update of every stack is computed from the two templates (test/support/
 * cfn-update.ts): which stacks change, what is created, what is updated in place — and that nothing is
 * replaced or deleted, so no data, key, role or grant of version 1 goes away.
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
  new DataProductShare(gov, 'ToBi', { hub, consumer: 'bi', products: [claims, portfolios, ...(policies ? [policies] : [])] });
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

test('adding a consumer: the governance stack only creates (its LF-tag, the share\'s tag associations and grants); a new consumer stack; nothing else changes', () => {
  expect(changes(v1, synthesize({ consumer: true }))).toEqual({
    'Governance': ['create AWS::LakeFormation::PrincipalPermissions', 'create AWS::LakeFormation::Tag', 'create AWS::LakeFormation::TagAssociation'],
    'Producer-insurance': [],
    'Producer-investments': [],
    'Consumer-bi': [],
    'Consumer-ml': [],
    'Consumer-exec': [],
    'Consumer-risk': 'new stack',
  });
});

test('adding a product to a producer: governance creates its database, table, registration, tags and grants and widens the registration role\'s policy (the admin\'s names the databases by pattern, D37); the producer widens its gold bucket policy; a consumer it is shared with gets a resource link and grants, its IAM policies unchanged', () => {
  expect(changes(v1, synthesize({ product: true }))).toEqual({
    'Governance': [
      'create AWS::Glue::Database', 'create AWS::Glue::Table', 'create AWS::LakeFormation::PrincipalPermissions', 'create AWS::LakeFormation::Resource',
      'create AWS::LakeFormation::TagAssociation', 'update AWS::IAM::Policy',
    ],
    'Producer-insurance': ['update AWS::S3::BucketPolicy'],
    'Producer-investments': [],
    'Consumer-bi': ['create AWS::Glue::Database', 'create AWS::LakeFormation::PrincipalPermissions', 'update Custom::RamInvitationAcceptance'],
    'Consumer-ml': [],
    'Consumer-exec': [],
  });
});

test('adding a producer: a new producer stack; governance creates its registration role, location and product and adds the domain to the producer LF-tag (an in-place update; the admin role\'s policy is unchanged, D37); no other stack changes', () => {
  expect(changes(v1, synthesize({ producer: true }))).toEqual({
    'Governance': [
      'create AWS::Glue::Database', 'create AWS::Glue::Table', 'create AWS::IAM::Policy', 'create AWS::IAM::Role', 'create AWS::LakeFormation::PrincipalPermissions',
      'create AWS::LakeFormation::Resource', 'create AWS::LakeFormation::TagAssociation', 'update AWS::LakeFormation::Tag',
    ],
    'Producer-insurance': [],
    'Producer-investments': [],
    'Producer-cards': 'new stack',
    'Consumer-bi': [],
    'Consumer-ml': [],
    'Consumer-exec': [],
  });
});
