/*
 * Issue 14, defects 5d and 5e: names that would collide fail at synth with a library error naming both
 * sides and the fix: two roles of one consumer whose construct IDs are equal (`data-2`, `data2`), and
 * two consumer domains in one account that would create the same resource link or the same role name
 * (docs/decisions.md: a synth-time error rather than renamed links, which would move existing names).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { bankMesh } from '../examples/typescript/bank-mesh';
import { ColumnType, Confidentiality, DataConsumer, DataProductShare, GovernanceHub, LfTagOntology, MeshDescription } from '../src';
import { expectThrowsMessage } from './support/bad-input';

const ML = '555555555555';

/** The bank's mesh with consumers `domains` in the one account ML; products shared with the domains of `shares`. */
function twoDomains(domains: [string, string], shares: Record<string, string[]>) {
  const mesh = new MeshDescription({ ...JSON.parse(bankMesh.toJson()), consumers: domains.map(domain => ({ domain, account: ML })) });
  const app = new App();
  const gov = new Stack(app, 'Governance', { env: mesh.governanceEnv() });
  const hub = new GovernanceHub(gov, 'Hub', { mesh, ontology: new LfTagOntology(gov, 'Tags', { mesh }) });
  const table = { name: 't', columns: [{ name: 'c', type: ColumnType.STRING }] };
  const products = Object.fromEntries(['claims', 'portfolios'].map(p => [p, hub.addDataProduct(p, { tables: [table] })]));
  for (const [consumer, names] of Object.entries(shares)) {
    new DataProductShare(gov, `To${consumer.replace(/-/g, '')}`, { hub, consumer, products: names.map(n => products[n]) });
  }
  return { app, mesh };
}

describe('5d: two roles of one consumer whose construct IDs are equal', () => {
  const { app, mesh } = twoDomains(['ml', 'risk'], { ml: ['claims'], risk: ['portfolios'] });
  const consumer = new DataConsumer(new Stack(app, 'Ml', { env: mesh.consumerEnv('ml') }), 'Consumer', { mesh, domain: 'ml' });

  test("addRole('data-2') then addRole('data2'): a library error naming both, the construct ID and the fix", () => {
    consumer.addRole('data-2', { clearance: Confidentiality.PUBLIC });
    expectThrowsMessage(() => consumer.addRole('data2', { clearance: Confidentiality.PRIVATE }),
      "DataConsumer 'Consumer': addRole name 'data2' would get construct ID 'RoleData2', which role 'data-2' (addRole('data-2')) already has: " +
      'construct IDs keep only the letters and digits of a name. Rename one of the two roles so that they differ in a letter or digit, ' +
      "e.g. 'data2x'.");
  });
});

describe('5e: two consumer domains in one account', () => {
  test('the same product shared with both would give two resource links of one name: a library error naming both', () => {
    const { app, mesh } = twoDomains(['ml', 'risk'], { ml: ['claims'], risk: ['claims', 'portfolios'] });
    const stack = new Stack(app, 'Analytics', { env: mesh.consumerEnv('ml') });
    new DataConsumer(stack, 'Ml', { mesh, domain: 'ml' });
    expectThrowsMessage(() => new DataConsumer(stack, 'Risk', { mesh, domain: 'risk' }),
      "DataConsumer 'Risk': the resource link of product 'claims' would be Glue database 'bank_claims' in the catalog of account " +
      `${ML} (eu-west-1), which the resource link of product 'claims' of consumer 'ml' (Analytics/Ml) already is: the name is unique in the ` +
      `catalog of account ${ML} (eu-west-1), so the second one fails at deploy. Lake Formation shares with the account, not with a domain: ` +
      `one link serves every consumer domain of account ${ML}. Share product 'claims' with only one of these consumer domains, or give ` +
      "consumer 'risk' an account of its own in the mesh description.");
  });

  test('role names that hyphens make equal (domain ab-cd, role ef; domain ab, role cd-ef): a library error naming both', () => {
    const { app, mesh } = twoDomains(['ab-cd', 'ab'], { 'ab-cd': ['claims'], 'ab': ['portfolios'] });
    const stack = new Stack(app, 'Analytics', { env: mesh.consumerEnv('ab') });
    new DataConsumer(stack, 'AbCd', { mesh, domain: 'ab-cd' }).addRole('ef', { clearance: Confidentiality.PUBLIC });
    const ab = new DataConsumer(stack, 'Ab', { mesh, domain: 'ab' });
    expectThrowsMessage(() => ab.addRole('cd-ef', { clearance: Confidentiality.PUBLIC }),
      "DataConsumer 'Ab': role 'cd-ef' (addRole('cd-ef')) would be IAM role 'bank-ab-cd-ef' in account 555555555555, which role 'ef' (addRole('ef')) " +
      "of consumer 'ab-cd' (Analytics/AbCd) already is: the name is unique in account 555555555555, so the second one fails at deploy. Role " +
      'names are <mesh>-<domain>-<name>, and hyphens in domains and role names can make two of them equal: rename the role.');
  });

  test('different products and role names: both synthesize, and a single-domain account keeps its names and logical IDs', () => {
    const { app, mesh } = twoDomains(['ml', 'risk'], { ml: ['claims'], risk: ['portfolios'] });
    const stack = new Stack(app, 'Analytics', { env: mesh.consumerEnv('ml') });
    const ml = new DataConsumer(stack, 'Ml', { mesh, domain: 'ml' });
    ml.addRole('analyst', { clearance: Confidentiality.PUBLIC });
    const risk = new DataConsumer(stack, 'Risk', { mesh, domain: 'risk' });
    risk.addRole('analyst', { clearance: Confidentiality.PUBLIC });
    // issue 13: the links live in the stack's shards of their producers (claims: insurance, portfolios: investments); the shards
    // belong to the stack, so both consumers of the stack list both.
    expect([ml.stacks.map(x => x.stackName), risk.stacks.map(x => x.stackName)])
      .toEqual([['Analytics', 'Analytics-insurance', 'Analytics-investments'], ['Analytics', 'Analytics-insurance', 'Analytics-investments']]);
    expect(Template.fromStack(stack).findResources('AWS::Glue::Database')).toEqual({});
    const linksIn = (x: Stack) => Object.values<any>(Template.fromStack(x).findResources('AWS::Glue::Database'))
      .map(l => [l.Properties.CatalogId, l.Properties.DatabaseInput.Name]).sort();
    expect([linksIn(ml.stacks[1]), linksIn(ml.stacks[2])]).toEqual([[[ML, 'bank_claims']], [[ML, 'bank_portfolios']]]);
    expect(Object.keys(ml.resourceLinks).concat(Object.keys(risk.resourceLinks))).toEqual(['claims', 'portfolios']);
    const roles = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role')).map(r => r.Properties.RoleName).filter(Boolean).sort();
    expect(roles).toEqual(['bank-ml-analyst', 'bank-risk-analyst']);
  });
});
