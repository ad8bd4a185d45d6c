/*
 * Issue 15 review: a consumer in another app than the governance stack receives a share by LF-tag expression
 * (`receivedShares[].tagExpression`, plain data): it builds the same consumer stacks as a consumer of the same app,
 * its re-grants stay within the expression (DM-22), and the RAM-acceptance nonce changes with the expression.
 */
import { App, Stack } from 'aws-cdk-lib';
import { bankMesh } from '../examples/typescript/bank-mesh';
import {
  ColumnType, Confidentiality, DataConsumer, DataProductShare, GovernanceHub, LfTagExpression, LfTagOntology, ReceivedShare,
} from '../src';
import { expectThrowsMessage } from './support/bad-input';
import { ofType, resourcesOf } from './support/template';

const CONSUMER = "DataConsumer 'Consumer'";

/** An ontology with a custom `pii` key, in a governance-account stack of `app` (in the consumer's app it is never deployed). */
function ontology(app: App) {
  const stack = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
  return { stack, tags: new LfTagOntology(stack, 'Tags', { mesh: bankMesh, customTags: [{ key: 'pii', values: ['true', 'false'] }] }) };
}

function roles(consumer: DataConsumer, tags: LfTagOntology) {
  consumer.addRole('analyst', { tagExpression: LfTagExpression.of([tags.key('pii').value('false')]) });
  consumer.addRole('reader', { clearance: Confidentiality.PUBLIC });
}

/** bi in the governance stack's app: a DataProductShare of claims by pii=false. */
function sameApp() {
  const app = new App();
  const { stack, tags } = ontology(app);
  const hub = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology: tags });
  const claims = hub.addDataProduct('claims', {
    tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING, tags: [tags.key('pii').value('false')] }] }],
  });
  new DataProductShare(stack, 'ToBi', { hub, consumer: 'bi', products: [claims], tagExpression: LfTagExpression.of([tags.key('pii').value('false')]) });
  const consumer = new DataConsumer(new Stack(app, 'Consumer-bi', { env: bankMesh.consumerEnv('bi') }), 'Consumer', { mesh: bankMesh, domain: 'bi' });
  roles(consumer, tags);
  return consumer;
}

/** bi in an app of its own, told of the share by receivedShares. */
function otherApp(receivedShares: ReceivedShare[], withRoles = true) {
  const app = new App();
  const consumer = new DataConsumer(new Stack(app, 'Consumer-bi', { env: bankMesh.consumerEnv('bi') }), 'Consumer',
    { mesh: bankMesh, domain: 'bi', receivedShares });
  if (withRoles) roles(consumer, ontology(app).tags);
  return consumer;
}

const templates = (c: DataConsumer) => c.stacks.map(s => [s.stackName, App.of(s)!.synth().getStackByName(s.stackName).template]);
const nonce = (c: DataConsumer) => ofType(resourcesOf(Stack.of(c)), 'Custom::RamInvitationAcceptance')[0][1].Properties.Nonce;

describe('receivedShares by tag expression (a consumer in another app)', () => {
  test('gives the same consumer stacks as a share of the same app: links, re-grants by expression and by clearance, and RAM nonce', () => {
    const received = otherApp([{ products: ['claims'], tagExpression: [{ key: 'pii', values: ['false'] }] }]);
    expect(templates(received)).toEqual(templates(sameApp()));
    const tables = ofType(resourcesOf(Stack.of(received)), 'AWS::LakeFormation::PrincipalPermissions')
      .filter(([, r]) => r.Properties.Resource.LFTagPolicy?.ResourceType === 'TABLE').map(([, r]) => r.Properties.Resource.LFTagPolicy.Expression);
    expect(tables).toContainEqual([{ TagKey: 'consumer_bi', TagValues: ['yes'] }, { TagKey: 'pii', TagValues: ['false'] },
      { TagKey: 'confidentiality', TagValues: ['public'] }]);
  });

  test('the RAM-acceptance nonce changes when the expression changes (and not with the order conditions are written in)', () => {
    const of = (tagExpression: ReceivedShare['tagExpression']) => nonce(otherApp([{ products: ['claims'], tagExpression }], false));
    const a = of([{ key: 'pii', values: ['false'] }]);
    expect(of([{ key: 'pii', values: ['true'] }])).not.toEqual(a);
    expect(of([{ key: 'pii', values: ['false'] }, { key: 'confidentiality', values: ['public'] }])).not.toEqual(a);
    expect(of([{ key: 'confidentiality', values: ['public'] }, { key: 'pii', values: ['false'] }]))
      .toEqual(of([{ key: 'pii', values: ['false'] }, { key: 'confidentiality', values: ['public'] }]));
    expect(nonce(otherApp([{ products: ['claims'], maxConfidentiality: Confidentiality.PUBLIC }], false))).not.toEqual(a);
  });

  test('a re-grant by expression outside the received expression is the DM-22 synth error', () => {
    const app = new App();
    const consumer = new DataConsumer(new Stack(app, 'Consumer-bi', { env: bankMesh.consumerEnv('bi') }), 'Consumer',
      { mesh: bankMesh, domain: 'bi', receivedShares: [{ products: ['claims'], tagExpression: [{ key: 'confidentiality', values: ['public'] }] }] });
    const { tags } = ontology(app);
    expect(() => consumer.addRole('analyst', { tagExpression: LfTagExpression.of([tags.key('pii').value('false')]) }))
      .toThrow(`${CONSUMER}: addRole('analyst', { tagExpression: 'pii=false' }): the expression names key 'pii', but the share grants consumer 'bi' ` +
        'LF-tag permissions (DESCRIBE with grant option) on consumer_bi, confidentiality only, so Lake Formation refuses a re-grant naming \'pii\' ' +
        `(${CONSUMER} receivedShares[0]; DM-22`);
  });

  const bad = (receivedShares: unknown) => () => otherApp(receivedShares as ReceivedShare[], false);
  test.each<[string, () => unknown, string]>([
    ['both maxConfidentiality and tagExpression',
      bad([{ products: ['claims'], maxConfidentiality: Confidentiality.PUBLIC, tagExpression: [{ key: 'pii', values: ['false'] }] }]),
      `${CONSUMER}: receivedShares[0]: set exactly one of maxConfidentiality and tagExpression (those of the governance account's DataProductShare); both are set.`],
    ['neither', bad([{ products: ['claims'] }]),
      `${CONSUMER}: receivedShares[0]: set exactly one of maxConfidentiality and tagExpression (those of the governance account's DataProductShare); neither is set.`],
    ['an empty expression', bad([{ products: ['claims'], tagExpression: [] }]),
      `${CONSUMER}: receivedShares[0].tagExpression is empty. List the conditions of the governance account's DataProductShare tagExpression, ` +
      "e.g. [{ key: 'pii', values: ['false'] }]."],
    ['a key LF-tags cannot have', bad([{ products: ['claims'], tagExpression: [{ key: 'PII Flag', values: ['false'] }] }]),
      `${CONSUMER}: receivedShares[0].tagExpression[0].key 'PII Flag' is invalid: it must be lower-case letters, digits and _ . : / = + - @ %, e.g. 'cost_center'.`],
    ['a value LF-tags cannot have', bad([{ products: ['claims'], tagExpression: [{ key: 'pii', values: ['*'] }] }]),
      `${CONSUMER}: receivedShares[0].tagExpression[0].values[0] '*' is invalid: it must be lower-case letters, digits and _ . : / = + - @ %, e.g. 'cost_center'.`],
    ['no values', bad([{ products: ['claims'], tagExpression: [{ key: 'pii', values: [] }] }]),
      `${CONSUMER}: receivedShares[0].tagExpression[0].values of key 'pii' is empty. List the values the share matches, e.g. [{ key: 'pii', values: ['false'] }].`],
    ['a key twice', bad([{ products: ['claims'], tagExpression: [{ key: 'pii', values: ['false'] }, { key: 'pii', values: ['true'] }] }]),
      `${CONSUMER}: receivedShares[0].tagExpression[1].key 'pii' is named twice. Give each key one condition with all of its values.`],
    ['a consumer key', bad([{ products: ['claims'], tagExpression: [{ key: 'consumer_bi', values: ['yes'] }] }]),
      `${CONSUMER}: receivedShares[0].tagExpression[0].key 'consumer_bi' is a consumer key; the share adds consumer_bi=yes itself. Remove the consumer key from the expression.`],
    ['a confidentiality value that is no level', bad([{ products: ['claims'], tagExpression: [{ key: 'confidentiality', values: ['secret'] }] }]),
      `${CONSUMER}: receivedShares[0].tagExpression[0].values[0] 'secret' is not a confidentiality level (levels: public, private, sensitive). ` +
      'Use Confidentiality.PUBLIC, Confidentiality.PRIVATE or Confidentiality.SENSITIVE.'],
    ['an expression and a ceiling on two entries', bad([
      { products: ['claims'], tagExpression: [{ key: 'pii', values: ['false'] }] }, { products: ['portfolios'], maxConfidentiality: Confidentiality.PUBLIC },
    ]),
    `${CONSUMER}: receivedShares[0] has tagExpression 'pii=false' but receivedShares[1] has maxConfidentiality public; tag-mode shares to one consumer use ` +
      "one ceiling or one expression (see DataProductShare). Give every entry that of the governance account's shares to 'bi'."],
  ])('%s is a synth error', (_name, declare, message) => expectThrowsMessage(declare, message));
});
