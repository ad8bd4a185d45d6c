import { App, Stack } from 'aws-cdk-lib';
import { consumer, owner, shareByTags } from './support/sharing';
import { check, CONSUMER, grant, onTable, OWNER } from './support/templates';
import { bankMesh } from '../../../examples/typescript/bank-mesh';
import { ColumnType, Confidentiality, DataConsumer, DataProductShare, GovernanceHub, LfTagOntology } from '../../../src';
import { analyzeAssembly } from '../../../src/report/analyze';
import { rule } from '../../../src/report/rules/dm-43-share-never-made';

/** The consumer side's RAM acceptance (the library's `Custom::RamInvitationAcceptance`, or any custom resource with these properties). */
const acceptance = (databaseNames?: string[], type = 'Custom::RamInvitationAcceptance') => ({
  Type: type,
  Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:444455556666:function:accept', SenderAccountId: OWNER, ...(databaseNames ? { DatabaseNames: databaseNames } : {}) },
});

test('the consumer expects a database the owner never shares with it: an error naming it (the acceptance waits for an invitation that never comes)', () => {
  const findings = check(rule, [owner(shareByTags()), consumer({ Accept: acceptance(['hr', 'sales']) })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-43', 'error', 'Accept']]);
  expect(findings[0].message).toBe(`S${CONSUMER}/Accept: account ${CONSUMER} expects account ${OWNER} to share database hr (its RAM acceptance waits for it), ` +
    `but the grants of account ${OWNER} in the assembly never share it with account ${CONSUMER}: no invitation comes for it, the acceptance waits ` +
    '(or accepts the other shares), and the resource links and re-grants of this database fail. ' +
    `Fix: share hr with account ${CONSUMER} in account ${OWNER} (a DataProductShare naming it for this consumer), or remove it from the consumer's receivedShares.`);
});

test('no grant at all from the sender (an acceptance without database names, or a generic custom resource): an error', () => {
  for (const a of [acceptance(), acceptance(['sales'], 'AWS::CloudFormation::CustomResource')]) {
    const findings = check(rule, [owner(), consumer({ Accept: a })]);
    expect(findings.map(f => [f.id, f.severity])).toEqual([['DM-43', 'error']]);
  }
});

test('shared by tag expression, by name (a table of it), or the sender not in the assembly: nothing', () => {
  expect(check(rule, [owner(shareByTags()), consumer({ Accept: acceptance(['sales']) })])).toEqual([]);
  expect(check(rule, [owner({ S: grant(CONSUMER, onTable(OWNER, 'sales', 'u'), ['SELECT'], [], ['U']) }), consumer({ Accept: acceptance(['SALES']) })])).toEqual([]);
  expect(check(rule, [owner(shareByTags()), consumer({ Accept: acceptance() })])).toEqual([]);
  expect(check(rule, [consumer({ Accept: acceptance(['hr']) })])).toEqual([]);
});

test('the library: a DataConsumer whose receivedShares names a product the governance app never shares with it, both in one assembly: the error names its database', () => {
  const app = new App();
  const gov = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
  const hub = new GovernanceHub(gov, 'Hub', { mesh: bankMesh, ontology: new LfTagOntology(gov, 'Tags', { mesh: bankMesh }) });
  const columns = [{ name: 'id', type: ColumnType.STRING }];
  const claims = hub.addDataProduct('claims', { tables: [{ name: 'claims', columns }] });
  // Not discoverable: discovery (D66) would make Lake Formation send bi the database through RAM (DESCRIBE only), see below.
  hub.addDataProduct('portfolios', { tables: [{ name: 'portfolios', columns }], discoverable: false });
  new DataProductShare(gov, 'ToBi', { hub, consumer: 'bi', products: [claims], maxConfidentiality: Confidentiality.PUBLIC });
  const consumerStack = new Stack(app, 'Bi', { env: bankMesh.consumerEnv('bi') });
  new DataConsumer(consumerStack, 'Consumer', {
    mesh: bankMesh, domain: 'bi', receivedShares: [{ products: ['claims', 'portfolios'], maxConfidentiality: Confidentiality.PUBLIC }],
  });
  const findings = analyzeAssembly(app.synth().directory).report.findings.filter(f => f.id === 'DM-43');
  expect(findings.map(f => [f.severity, f.message.split(': ')[0]])).toEqual([['error', expect.stringMatching(/^Bi\/ConsumerRamInvitations\w+$/)]]);
  expect(findings[0].message).toContain(`account ${bankMesh.consumerEnv('bi').account} expects account ${bankMesh.governanceAccount} to share database bank_portfolios `);
  expect(findings[0].message).not.toContain('bank_claims');
}, 120_000);

test('the library: a database the consumer expects only because the mesh\'s products are discoverable (D66) is no failure', () => {
  const app = new App();
  const gov = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
  const hub = new GovernanceHub(gov, 'Hub', { mesh: bankMesh, ontology: new LfTagOntology(gov, 'Tags', { mesh: bankMesh }) });
  const claims = hub.addDataProduct('claims', { tables: [{ name: 'claims', columns: [{ name: 'id', type: ColumnType.STRING }] }] });
  new DataProductShare(gov, 'ToBi', { hub, consumer: 'bi', products: [claims], maxConfidentiality: Confidentiality.PUBLIC });
  const consumerStack = new Stack(app, 'Bi', { env: bankMesh.consumerEnv('bi') });
  new DataConsumer(consumerStack, 'Consumer', { mesh: bankMesh, domain: 'bi' });
  // The acceptance lists every product database of the mesh (life_expectancy and portfolios are not even in this app): nothing links them.
  expect(analyzeAssembly(app.synth().directory).report.findings.filter(f => f.id === 'DM-43')).toEqual([]);
}, 120_000);
