/*
 * Issue 15: shares and consumer role grants by LF-tag expression over any key of the ontology (a custom
 * `pii` key here). The expression reaches the synthesized LFTagPolicy grants (the share's in the
 * governance stack, the re-grants in the consumer stack), the report reads the access from the
 * templates, and a re-grant the consumer could not make (DM-22, D42) is a synth-time error whichever
 * is declared first, the share or the consumer.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { bankMesh } from '../examples/typescript/bank-mesh';
import {
  ColumnType, Confidentiality, DataConsumer, DataProducer, DataProductShare, GovernanceHub, LfTagExpression, LfTagOntology, MeshAccessReport,
  MeshDescription,
} from '../src';
import { expectThrowsMessage } from './support/bad-input';
import { ofType, Resources, resourcesOf } from './support/template';

const GOV = '111111111111';
const BI = '444444444444';
const PP = 'AWS::LakeFormation::PrincipalPermissions';

/** The bank mesh's governance with a custom `pii` key; claims' columns carry pii=true/false (notes carries no pii tag). */
function governance(app: App) {
  const stack = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
  const tags = new LfTagOntology(stack, 'Tags', { mesh: bankMesh, customTags: [{ key: 'pii', values: ['true', 'false'] }] });
  const hub = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology: tags });
  const pii = (v: string) => [tags.key('pii').value(v)];
  const claims = hub.addDataProduct('claims', {
    tables: [{
      name: 'claims',
      columns: [
        { name: 'claim_id', type: ColumnType.STRING, tags: pii('false') },
        { name: 'region', type: ColumnType.STRING, tags: pii('false') },
        { name: 'amount', type: ColumnType.decimal(18, 2), confidentiality: Confidentiality.PRIVATE, tags: pii('false') },
        { name: 'claimant_name', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE, tags: pii('true') },
        { name: 'diagnosis', type: ColumnType.STRING, confidentiality: Confidentiality.SENSITIVE, tags: pii('true') },
        { name: 'notes', type: ColumnType.STRING },
      ],
    }],
  });
  return { stack, tags, hub, claims };
}
type Gov = ReturnType<typeof governance>;

const notPii = (g: Gov) => LfTagExpression.of([g.tags.key('pii').value('false')]);
const IMPORTED = `arn:aws:iam::${BI}:role/partner-analyst`;

/**
 * The whole mesh: producers, the governance stack with a share of claims to bi by `pii=false`, and bi with three roles:
 * `analyst` by expression (pii=false), `reader` by clearance (public) and an imported role by pii=false AND confidentiality up to private.
 */
function build(options: { shareFirst?: boolean; expression?: (g: Gov) => LfTagExpression } = {}) {
  const app = new App();
  const g = governance(app);
  for (const domain of bankMesh.producerDomains) {
    new DataProducer(new Stack(app, `Producer-${domain}`, { env: bankMesh.producerEnv(domain) }), 'Lake', { mesh: bankMesh, domain });
  }
  const share = () => new DataProductShare(g.stack, 'ToBi', { hub: g.hub, consumer: 'bi', products: [g.claims], tagExpression: (options.expression ?? notPii)(g) });
  if (options.shareFirst ?? true) share();
  const stack = new Stack(app, 'Consumer-bi', { env: bankMesh.consumerEnv('bi') });
  const consumer = new DataConsumer(stack, 'Consumer', { mesh: bankMesh, domain: 'bi' });
  consumer.addRole('analyst', { tagExpression: notPii(g) });
  consumer.addRole('reader', { clearance: Confidentiality.PUBLIC });
  consumer.grantQueryByTags(iam.Role.fromRoleArn(stack, 'Partner', IMPORTED),
    notPii(g).withCondition(g.tags.confidentialityAtMost(Confidentiality.PRIVATE)));
  if (!(options.shareFirst ?? true)) share();
  return { app, g, stack, consumer };
}

const policies = (res: Resources) => ofType(res, PP).filter(([, r]) => r.Properties.Resource.LFTagPolicy).map(([, r]) => ({
  principal: r.Properties.Principal.DataLakePrincipalIdentifier,
  type: r.Properties.Resource.LFTagPolicy.ResourceType,
  expression: r.Properties.Resource.LFTagPolicy.Expression,
  permissions: r.Properties.Permissions,
  grantable: r.Properties.PermissionsWithGrantOption,
}));

describe('a share by tag expression over a custom key', () => {
  const m = build();
  const gov = resourcesOf(m.g.stack);

  test('the governance stack grants bi SELECT on consumer_bi=yes AND pii=false (with grant option), and DESCRIBE on every database tagged consumer_bi', () => {
    // The discovery grants (D66, DESCRIBE on discoverable=yes) are test/discovery.test.ts's.
    expect(policies(gov).filter(p => p.principal === BI && p.expression[0].TagKey !== 'discoverable')).toEqual([
      { principal: BI, type: 'DATABASE', expression: [{ TagKey: 'consumer_bi', TagValues: ['yes'] }], permissions: ['DESCRIBE'], grantable: ['DESCRIBE'] },
      {
        principal: BI,
        type: 'TABLE',
        expression: [{ TagKey: 'consumer_bi', TagValues: ['yes'] }, { TagKey: 'pii', TagValues: ['false'] }],
        permissions: ['DESCRIBE', 'SELECT'],
        grantable: ['DESCRIBE', 'SELECT'],
      },
    ].sort((a, b) => a.type.localeCompare(b.type)));
  });

  test('bi may grant on the expression\'s LF-tag values and on every confidentiality level (the expression names none): DESCRIBE with grant option, one grant per value', () => {
    const values = ofType(gov, PP).filter(([, r]) => r.Properties.Resource.LFTag && r.Properties.Principal.DataLakePrincipalIdentifier === BI)
      .map(([, r]) => `${r.Properties.Resource.LFTag.TagKey}=${r.Properties.Resource.LFTag.TagValues.join(',')}:${r.Properties.PermissionsWithGrantOption}`).sort();
    expect(values).toEqual(['confidentiality=private:DESCRIBE', 'confidentiality=public:DESCRIBE', 'confidentiality=sensitive:DESCRIBE',
      'consumer_bi=yes:DESCRIBE', 'pii=false:DESCRIBE',
      // discovery (D66): every consumer account may see the producer tag of every product
      'producer=insurance:DESCRIBE', 'producer=investments:DESCRIBE']);
  });

  test('the consumer re-grants each role its expression: pii=false as given, the clearance role pii=false narrowed to its level', () => {
    const byPrincipal = (p: unknown) => policies(resourcesOf(m.stack)).filter(x => x.type === 'TABLE' && JSON.stringify(x.principal) === JSON.stringify(p) &&
      x.expression[0].TagKey !== 'discoverable')
      .map(x => x.expression);
    const roleArn = (name: string) => ({
      'Fn::GetAtt': [Object.entries(resourcesOf(m.stack)).find(([, r]) => r.Type === 'AWS::IAM::Role' &&
      r.Properties.RoleName === name)![0], 'Arn'],
    });
    const consumerTag = { TagKey: 'consumer_bi', TagValues: ['yes'] };
    expect(byPrincipal(roleArn('bank-bi-analyst'))).toEqual([[consumerTag, { TagKey: 'pii', TagValues: ['false'] }]]);
    expect(byPrincipal(roleArn('bank-bi-reader'))).toEqual([[consumerTag, { TagKey: 'pii', TagValues: ['false'] }, { TagKey: 'confidentiality', TagValues: ['public'] }]]);
    expect(byPrincipal(IMPORTED)).toEqual([[consumerTag, { TagKey: 'confidentiality', TagValues: ['public', 'private'] }, { TagKey: 'pii', TagValues: ['false'] }]]);
    for (const p of policies(resourcesOf(m.stack))) expect(p.grantable).toEqual([]);
  });

  test('the report: a role granted pii=false sees only the non-pii columns (never claimant_name, diagnosis, or notes, which carries no pii tag); ' +
    'the clearance role only the public ones of those; the account holds what it was shared', () => {
    const report = MeshAccessReport.fromAssemblyDirectory(m.app.synth().directory);
    const seen = (principal: string) => report.access.filter(a => a.principal === principal && a.table === 'claims')
      .map(a => [a.database, a.via, a.columns.join(',')]);
    expect(seen(`arn:aws:iam::${BI}:role/bank-bi-analyst`)).toEqual([['bank_claims', 'bank_claims', 'amount,claim_id,region']]);
    expect(seen(`arn:aws:iam::${BI}:role/bank-bi-reader`)).toEqual([['bank_claims', 'bank_claims', 'claim_id,region']]);
    expect(seen(IMPORTED)).toEqual([['bank_claims', 'bank_claims', 'amount,claim_id,region']]);
    expect(seen(BI)).toEqual([['bank_claims', undefined, 'amount,claim_id,region']]);
  });

  test('the doctor finds no refused re-grant (DM-22) and no error in the mesh', () => {
    const findings = MeshAccessReport.fromAssemblyDirectory(m.app.synth().directory).findings;
    expect(findings.filter(f => f.id === 'DM-22')).toEqual([]);
    expect(findings.filter(f => f.severity === 'error')).toEqual([]);
  });

  test('declaration order does not matter: a share declared after the consumer gives the same templates (D41)', () => {
    const late = build({ shareFirst: false });
    const templates = (x: ReturnType<typeof build>) => x.app.synth().stacks.map(s => [s.stackName, s.template]);
    expect(templates(late)).toEqual(templates(m));
  });

  test('no sensitive warning: no sensitive column is pii=false', () => {
    expect(Annotations.fromStack(m.g.stack).findWarning('*', Match.stringLikeRegexp('sensitive'))).toEqual([]);
  });
});

describe('a share expression that shows sensitive columns', () => {
  test('warns unless allowSensitive, and names the expression', () => {
    const app = new App();
    const g = governance(app);
    new DataProductShare(g.stack, 'ToBi', { hub: g.hub, consumer: 'bi', products: [g.claims], tagExpression: LfTagExpression.of([g.tags.key('pii').value('true')]) });
    const warnings = Annotations.fromStack(g.stack).findWarning('*', Match.stringLikeRegexp('sensitive')).map(w => String(w.entry.data).replace(/ \[ack: .*\]$/, ''));
    expect(warnings).toEqual(["DataProductShare 'ToBi': consumer 'bi' sees the sensitive columns that match consumer_bi=yes AND pii=true. " +
      'Set allowSensitive: true to acknowledge, or add a confidentiality condition to tagExpression.']);
  });
});

const SHARE = "DataProductShare 'ToBi'";
const CONSUMER = "DataConsumer 'Consumer'";

describe('bad expressions on the governance side', () => {
  const share = (props: (g: Gov) => Record<string, unknown>) => () => {
    const g = governance(new App());
    new DataProductShare(g.stack, 'ToBi', { hub: g.hub, consumer: 'bi', ...props(g) } as any);
  };
  test.each<[string, () => unknown, string]>([
    ['tagExpression and maxConfidentiality', share(g => ({ products: [g.claims], tagExpression: notPii(g), maxConfidentiality: Confidentiality.PRIVATE })),
      `${SHARE}: set one of maxConfidentiality (private) and tagExpression ('pii=false'), not both: the expression replaces the ceiling. ` +
      'Put the ceiling in the expression, e.g. withCondition(ontology.confidentialityAtMost(level)).'],
    ['tagExpression with tables', share(g => ({ tables: [{ product: g.claims, table: 'claims' }], tagExpression: notPii(g) })),
      `${SHARE}: tagExpression 'pii=false' applies to products (tag mode) only; with tables or cellsFilter list the columns instead, or share the ` +
      'products by tag expression.'],
    ['a consumer key in the expression', share(g => ({ products: [g.claims], tagExpression: LfTagExpression.of([g.tags.consumerKey('ml').value('yes')]) })),
      `${SHARE}: tagExpression 'consumer_ml=yes' names consumer key 'consumer_ml': the share adds consumer_bi=yes itself (and tags the shared ` +
      'products with it). Remove the consumer key from the expression.'],
    ['an expression that matches no column', share(g => ({
      products: [g.claims], tagExpression: LfTagExpression.of([g.tags.key('pii').value('true'), g.tags.confidentialityIs(Confidentiality.PUBLIC)]),
    })),
    `${SHARE}: the expression consumer_bi=yes AND confidentiality=public AND pii=true matches no column of product 'claims' (no column carries those tags). ` +
      "Change tagExpression or do not share this product with 'bi'."],
    ['an expression of another ontology', share(() => {
      const other = new LfTagOntology(new Stack(new App(), 'Other', { env: bankMesh.governanceEnv() }), 'Tags', { mesh: bankMesh, customTags: [{ key: 'pii', values: ['false'] }] });
      return { products: [], tagExpression: LfTagExpression.of([other.key('pii').value('false')]) };
    }),
    `${SHARE}: tagExpression: tag 'pii=false' comes from ontology 'Other/Tags', not from 'Governance/Tags'. Build tags from the ontology passed to this ` +
      "construct's props, e.g. ontology.key('pii')."],
  ])('%s', (_name, declare, message) => expectThrowsMessage(declare, message));

  test('two tag-mode shares to one consumer with different expressions: an error naming both, whichever comes first', () => {
    const g = governance(new App());
    new DataProductShare(g.stack, 'First', { hub: g.hub, consumer: 'bi', products: [g.claims], maxConfidentiality: Confidentiality.PRIVATE });
    const life = g.hub.addDataProduct('life_expectancy', { tables: [{ name: 'le', columns: [{ name: 'policy_id', type: ColumnType.STRING, tags: [g.tags.key('pii').value('false')] }] }] });
    expectThrowsMessage(() => new DataProductShare(g.stack, 'ToBi', { hub: g.hub, consumer: 'bi', products: [life], tagExpression: notPii(g) }),
      `${SHARE}: grants 'tagExpression pii=false' to consumer 'bi', but DataProductShare 'First' grants 'maxConfidentiality private'. Tag-mode shares ` +
      'to one consumer grant one expression over every database tagged consumer_bi=yes, so each would widen the other: give all of them the same ' +
      'tagExpression (or maxConfidentiality), or share the exception with tables or cellsFilter.');
    // The same expression, written in another order, is the same share.
    const g2 = governance(new App());
    const tags = g2.tags;
    new DataProductShare(g2.stack, 'A', {
      hub: g2.hub, consumer: 'bi', products: [g2.claims], tagExpression: LfTagExpression.of([tags.key('pii').value('false'), tags.confidentialityAtMost(Confidentiality.PRIVATE)]),
    });
    const life2 = g2.hub.addDataProduct('life_expectancy', { tables: [{ name: 'le', columns: [{ name: 'policy_id', type: ColumnType.STRING, tags: [tags.key('pii').value('false')] }] }] });
    expect(() => new DataProductShare(g2.stack, 'B', {
      hub: g2.hub, consumer: 'bi', products: [life2], tagExpression: LfTagExpression.of([tags.confidentialityAtMost(Confidentiality.PRIVATE), tags.key('pii').value('false')]),
    })).not.toThrow();
  });
});

describe('re-grants the consumer cannot make (DM-22): synth-time errors, whichever is declared first', () => {
  /** bi with one role granted `expression` over a share of claims by `pii=false AND confidentiality IN (public, private)`. */
  const regrant = (expression: (g: Gov) => LfTagExpression, shareFirst: boolean) => () => {
    const app = new App();
    const g = governance(app);
    const share = () => new DataProductShare(g.stack, 'ToBi', {
      hub: g.hub, consumer: 'bi', products: [g.claims], tagExpression: notPii(g).withCondition(g.tags.confidentialityAtMost(Confidentiality.PRIVATE)),
    });
    if (shareFirst) share();
    const consumer = new DataConsumer(new Stack(app, 'Consumer-bi', { env: bankMesh.consumerEnv('bi') }), 'Consumer', { mesh: bankMesh, domain: 'bi' });
    consumer.addRole('analyst', { tagExpression: expression(g) });
    if (!shareFirst) share();
  };
  const cases: Array<[string, (g: Gov) => LfTagExpression, string]> = [
    ['a value the share does not give', g => LfTagExpression.of([g.tags.key('pii').value('true'), g.tags.confidentialityIs(Confidentiality.PUBLIC)]),
      `${CONSUMER}: addRole('analyst', { tagExpression: 'pii=true AND confidentiality=public' }): the expression grants pii IN (true), but consumer 'bi' ` +
      "received pii IN (false) only: it cannot re-grant true (DataProductShare 'ToBi'; DM-22: an account re-grants only what it received with grant " +
      "option). Use values it received (e.g. ontology.key('pii').value('false')), or widen the DataProductShare."],
    ['a level above the share', g => notPii(g).withCondition(g.tags.confidentialityIs(Confidentiality.SENSITIVE)),
      `${CONSUMER}: addRole('analyst', { tagExpression: 'pii=false AND confidentiality=sensitive' }): the expression grants confidentiality IN (sensitive), ` +
      "but consumer 'bi' received confidentiality IN (public, private) only: it cannot re-grant sensitive (DataProductShare 'ToBi'; DM-22: an account " +
      "re-grants only what it received with grant option). Use values it received (e.g. ontology.key('confidentiality').value('public')), or widen the DataProductShare."],
    ['a key the share does not name', g => notPii(g).withCondition(g.tags.confidentialityAtMost(Confidentiality.PUBLIC)).withCondition(g.tags.producedBy('insurance')),
      `${CONSUMER}: addRole('analyst', { tagExpression: 'pii=false AND confidentiality=public AND producer=insurance' }): the expression names key 'producer', ` +
      "but the share grants consumer 'bi' LF-tag permissions (DESCRIBE with grant option) on consumer_bi, confidentiality, pii only, so Lake Formation " +
      "refuses a re-grant naming 'producer' (DataProductShare 'ToBi'; DM-22: an account re-grants only what it received with grant option). Add a " +
      "condition on 'producer' to the DataProductShare's tagExpression, or leave 'producer' out of this expression."],
    ['a key of the share left out (wider than received)', g => LfTagExpression.of([g.tags.confidentialityIs(Confidentiality.PUBLIC)]),
      `${CONSUMER}: addRole('analyst', { tagExpression: 'confidentiality=public' }): the expression has no condition on 'pii', but consumer 'bi' received ` +
      'only the columns with pii=false: the re-grant would name columns it does not hold, which Lake Formation leaves out (DataProductShare \'ToBi\'; ' +
      "DM-22: an account re-grants only what it received with grant option). Add the share's condition (or a narrower one) on 'pii', e.g. " +
      "ontology.key('pii').anyOf(['false'])."],
  ];
  for (const [name, expression, message] of cases) {
    test(`${name} (share first)`, () => expectThrowsMessage(regrant(expression, true), message));
    test(`${name} (consumer first)`, () => expectThrowsMessage(regrant(expression, false), message));
  }

  test('a narrower expression within the share is fine', () => {
    expect(regrant(g => notPii(g).withCondition(g.tags.confidentialityIs(Confidentiality.PUBLIC)), true)).not.toThrow();
    expect(regrant(g => notPii(g).withCondition(g.tags.confidentialityIs(Confidentiality.PUBLIC)), false)).not.toThrow();
  });

  test('a ceiling share gives no custom key to re-grant on', () => {
    const app = new App();
    const g = governance(app);
    new DataProductShare(g.stack, 'ToBi', { hub: g.hub, consumer: 'bi', products: [g.claims], maxConfidentiality: Confidentiality.PRIVATE });
    const consumer = new DataConsumer(new Stack(app, 'Consumer-bi', { env: bankMesh.consumerEnv('bi') }), 'Consumer', { mesh: bankMesh, domain: 'bi' });
    expect(() => consumer.addRole('analyst', { tagExpression: notPii(g).withCondition(g.tags.confidentialityAtMost(Confidentiality.PUBLIC)) }))
      .toThrow("the expression names key 'pii', but the share grants consumer 'bi' LF-tag permissions (DESCRIBE with grant option) on consumer_bi, confidentiality only");
    // Within the ceiling, an expression over confidentiality is the clearance role's grant.
    expect(() => consumer.addRole('reader', { tagExpression: LfTagExpression.of([g.tags.confidentialityAtMost(Confidentiality.PUBLIC)]) })).not.toThrow();
  });
});

describe('bad role grant options', () => {
  const consumer = () => {
    const app = new App();
    const g = governance(app);
    new DataProductShare(g.stack, 'ToBi', { hub: g.hub, consumer: 'bi', products: [g.claims], tagExpression: notPii(g) });
    return { g, consumer: new DataConsumer(new Stack(app, 'Consumer-bi', { env: bankMesh.consumerEnv('bi') }), 'Consumer', { mesh: bankMesh, domain: 'bi' }) };
  };
  test('addRole with both clearance and tagExpression, or neither', () => {
    const { g, consumer: c } = consumer();
    expectThrowsMessage(() => c.addRole('analyst', { clearance: Confidentiality.PUBLIC, tagExpression: notPii(g) }),
      `${CONSUMER}: addRole('analyst'): set exactly one of clearance (the role sees the shared columns up to a level) and tagExpression (the role sees ` +
      'the shared columns that match an LF-tag expression); both are set.');
    expectThrowsMessage(() => c.addRole('analyst', {}),
      `${CONSUMER}: addRole('analyst'): set exactly one of clearance (the role sees the shared columns up to a level) and tagExpression (the role sees ` +
      'the shared columns that match an LF-tag expression); neither is set.');
  });
  test('an expression naming a consumer key', () => {
    const { g, consumer: c } = consumer();
    expectThrowsMessage(() => c.grantQueryByTags(iam.Role.fromRoleArn(c, 'R', IMPORTED), LfTagExpression.of([g.tags.consumerKey('bi').value('yes')])),
      `${CONSUMER}: grantQueryByTags('partner-analyst', 'consumer_bi=yes'): the expression names consumer key 'consumer_bi'; the re-grant adds ` +
      'consumer_bi=yes itself (the key the governance account tags what it shares with this consumer). Remove the consumer key from the expression.');
  });
  test('too many conditions: the share and the re-grant each add the consumer key (Lake Formation allows 5 keys, DM-19)', () => {
    const app = new App();
    const stack = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
    const keys = ['k1', 'k2', 'k3', 'k4'];
    const tags = new LfTagOntology(stack, 'Tags', { mesh: bankMesh, customTags: keys.map(key => ({ key, values: ['a'] })) });
    const hub = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology: tags });
    const claims = hub.addDataProduct('claims', {
      tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING, tags: keys.map(k => tags.key(k).value('a')) }] }],
    });
    expectThrowsMessage(() => new DataProductShare(stack, 'ToBi', {
      hub, consumer: 'bi', products: [claims], tagExpression: LfTagExpression.of(keys.map(k => tags.key(k).value('a'))),
    }), `${SHARE}: tagExpression 'k1=a AND k2=a AND k3=a AND k4=a' has 4 conditions; at most 3 fit: Lake Formation accepts 5 keys in an expression ` +
      "(DM-19), and the share adds consumer_bi=yes and the consumer's clearance roles add a confidentiality condition. Use fewer keys.");
    new DataProductShare(stack, 'Valid', {
      hub, consumer: 'bi', products: [claims], tagExpression: LfTagExpression.of([...keys.slice(0, 3).map(k => tags.key(k).value('a')), tags.confidentialityIs(Confidentiality.PUBLIC)]),
    });
    const c = new DataConsumer(new Stack(app, 'Consumer-bi', { env: bankMesh.consumerEnv('bi') }), 'Consumer', { mesh: bankMesh, domain: 'bi' });
    expectThrowsMessage(() => c.grantQueryByTags(iam.Role.fromRoleArn(c, 'R', IMPORTED), LfTagExpression.of([...keys.map(k => tags.key(k).value('a')), tags.confidentialityIs(Confidentiality.PUBLIC)])),
      `${CONSUMER}: grantQueryByTags('partner-analyst', 'k1=a AND k2=a AND k3=a AND k4=a AND confidentiality=public'): the expression has 5 conditions; ` +
      'at most 4 fit, since Lake Formation accepts 5 keys in an expression (DM-19) and the re-grant adds consumer_bi=yes. Use fewer keys.');
  });

  test('an expression of another mesh\'s ontology', () => {
    const { consumer: c } = consumer();
    const other = governance(new App()).tags; // the same keys, but of another app: the same mesh name is allowed
    expect(() => c.grantQueryByTags(iam.Role.fromRoleArn(c, 'R', IMPORTED), notPii({ tags: other } as Gov))).not.toThrow();
    const mesh = MeshDescription.fromJson(bankMesh.toJson().replace('"bank"', '"other"'));
    const foreign = new LfTagOntology(new Stack(new App(), 'G', { env: mesh.governanceEnv() }), 'Tags', { mesh, customTags: [{ key: 'pii', values: ['false'] }] });
    expectThrowsMessage(() => c.grantQueryByTags(iam.Role.fromRoleArn(c, 'R2', IMPORTED), LfTagExpression.of([foreign.key('pii').value('false')])),
      `${CONSUMER}: grantQueryByTags('partner-analyst', 'pii=false'): the expression comes from the ontology of mesh 'other' ('G/Tags'), not of mesh ` +
      "'bank'. Build it from the LfTagOntology of mesh 'bank'.");
  });

  test('an IAM Identity Center role granted by expression: its statements go to one customer managed policy, <mesh>-<domain>-query-tags', () => {
    const { g, consumer: c } = consumer();
    const sso = iam.Role.fromRoleArn(c, 'Sso', `arn:aws:iam::${BI}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Analysts_0123456789abcdef`);
    c.grantQueryByTags(sso, notPii(g));
    const names = ofType(resourcesOf(Stack.of(c)), 'AWS::IAM::ManagedPolicy').map(([, p]) => p.Properties.ManagedPolicyName);
    expect(names).toEqual(['bank-bi-query-tags']);
    const warnings = Annotations.fromStack(Stack.of(c)).findWarning('*', Match.stringLikeRegexp('IAM Identity Center')).map(w => String(w.entry.data));
    expect(warnings[0]).toMatch(/^DataConsumer 'Consumer': grantQueryByTags\('AWSReservedSSO_Analysts_0123456789abcdef', 'pii=false'\): IAM Identity Center roles/);
  });

  test('a role granted by expression gets nothing of a named share, and a warning says so', () => {
    const app = new App();
    const g = governance(app);
    new DataProductShare(g.stack, 'ToBi', { hub: g.hub, consumer: 'bi', tables: [{ product: g.claims, table: 'claims', columns: ['claim_id'] }] });
    const stack = new Stack(app, 'Consumer-bi', { env: bankMesh.consumerEnv('bi') });
    const c = new DataConsumer(stack, 'Consumer', { mesh: bankMesh, domain: 'bi' });
    c.addRole('analyst', { tagExpression: LfTagExpression.of([g.tags.confidentialityIs(Confidentiality.PUBLIC)]) });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('sees nothing')).map(w => String(w.entry.data).replace(/ \[ack: .*\]$/, ''));
    expect(warnings).toEqual([`${CONSUMER}: role 'bank-bi-analyst' (tags confidentiality=public) sees nothing of DataProductShare 'ToBi': a named share ` +
      '(tables or cellsFilter) is re-granted by clearance, and this role is granted by LF-tag expression. Also grant the role a clearance (grantQuery), ' +
      'or share these columns by tag expression.']);
    expect(ofType(resourcesOf(stack), PP).filter(([, r]) => r.Properties.Resource.TableWithColumns)).toEqual([]);
  });
});

test('GOV is the governance account of the fixture mesh', () => expect(bankMesh.governanceAccount).toBe(GOV));
