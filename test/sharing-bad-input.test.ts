/*
 * Bad inputs to DataProductShare and DataConsumer, each with the exact message it must produce: the
 * construct, the prop, the bad value and the fix. Then the one warning: a share that reaches sensitive
 * columns without allowSensitive.
 */
import { App, Environment, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { bankMesh } from '../examples/typescript/bank-mesh';
import {
  ColumnType, Confidentiality, DataConsumer, DataConsumerProps, DataProductShare, DataProductShareProps, GovernanceHub,
  LfTagOntology, MeshDescription,
} from '../src';
import { expectThrowsMessage } from './support/bad-input';

/** A governance stack of the bank mesh with three small products; `portfolios` has only sensitive columns. */
function setup(app = new App(), id = 'Governance') {
  const stack = new Stack(app, id, { env: bankMesh.governanceEnv() });
  const hub = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology: new LfTagOntology(stack, 'Tags', { mesh: bankMesh }) });
  const claims = hub.addDataProduct('claims', {
    tables: [{
      name: 'claims',
      columns: [
        { name: 'claim_id', type: ColumnType.STRING },
        { name: 'region', type: ColumnType.STRING },
        { name: 'claimant_name', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE },
      ],
    }],
  });
  const lifeExpectancy = hub.addDataProduct('life_expectancy', {
    tables: [{
      name: 'policyholder_life_expectancy',
      columns: [{ name: 'policy_id', type: ColumnType.STRING }, { name: 'life_expectancy', type: ColumnType.DOUBLE, confidentiality: Confidentiality.SENSITIVE }],
    }],
  });
  const portfolios = hub.addDataProduct('portfolios', {
    defaultConfidentiality: Confidentiality.SENSITIVE,
    tables: [{ name: 'portfolios', columns: [{ name: 'portfolio_id', type: ColumnType.STRING }, { name: 'risk_score', type: ColumnType.DOUBLE }] }],
  });
  return { app, stack, hub, claims, lifeExpectancy, portfolios };
}
type Setup = ReturnType<typeof setup>;

/** A share declared on a fresh governance stack; `props` may use the products of the setup. */
const share = (props: (s: Setup) => Partial<DataProductShareProps>, id = 'Share') => () => {
  const s = setup();
  new DataProductShare(s.stack, id, { hub: s.hub, consumer: 'bi', ...props(s) } as DataProductShareProps);
};
/** A consumer stack of `domain` after a public tag share of claims to bi (unless `shares` declares others). */
interface ConsumerOptions {
  readonly domain?: string;
  /** The consumer stack's env; null: environment-agnostic. */
  readonly env?: Environment | null;
  /** Declare the public tag share of claims to bi first (default true). */
  readonly shares?: boolean;
}
const consumer = (props: Partial<DataConsumerProps> = {}, options: ConsumerOptions = {}) => {
  const s = setup();
  if (options.shares ?? true) new DataProductShare(s.stack, 'ToBi', { hub: s.hub, consumer: 'bi', products: [s.claims] });
  const domain = options.domain ?? 'bi';
  const env = options.env === null ? undefined : options.env ?? bankMesh.consumerEnv(bankMesh.consumerDomains.includes(domain) ? domain : 'bi');
  const stack = new Stack(s.app, 'Consumer', { env });
  return new DataConsumer(stack, 'Bi', { mesh: bankMesh, domain, ...props });
};

const SHARE = "DataProductShare 'Share'";
const CONSUMER = "DataConsumer 'Bi'";

const cases: Array<[string, () => unknown, string]> = [
  ['share: consumer not in the mesh', share(() => ({ consumer: 'sales', products: [] })),
    `${SHARE}: consumer 'sales' is not a consumer domain of the mesh (consumers: bi, ml, exec). Add it to consumers in the MeshDescription, or fix the name.`],
  ['share: no mode', share(() => ({})),
    `${SHARE}: set exactly one of products (share by LF-tag expression), tables (named tables/columns) or cellsFilter (rows and columns); none is set.`],
  ['share: two modes', share(s => ({ products: [s.claims], tables: [{ product: s.claims, table: 'claims' }] })),
    `${SHARE}: set exactly one of products (share by LF-tag expression), tables (named tables/columns) or cellsFilter (rows and columns); ` +
    'products and tables are set.'],
  ['share: three modes',
    share(s => ({ products: [s.claims], tables: [{ product: s.claims, table: 'claims' }], cellsFilter: { product: s.claims, table: 'claims', name: 'f' } })),
    `${SHARE}: set exactly one of products (share by LF-tag expression), tables (named tables/columns) or cellsFilter (rows and columns); ` +
    'products and tables and cellsFilter are set.'],
  ['share: to a consumer in the governance account',
    () => {
      const mesh = new MeshDescription({ ...JSON.parse(bankMesh.toJson()), consumers: [{ domain: 'bi', account: bankMesh.governanceAccount }] });
      const stack = new Stack(new App(), 'Governance', { env: mesh.governanceEnv() });
      const hub = new GovernanceHub(stack, 'Hub', { mesh, ontology: new LfTagOntology(stack, 'Tags', { mesh }) });
      const claims = hub.addDataProduct('claims', { tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }] }] });
      new DataProductShare(stack, 'Share', { hub, consumer: 'bi', products: [claims] });
    },
    `${SHARE}: consumer 'bi' is in the governance account 111111111111, which owns the product databases: a share grants another account. ` +
    'Give the consumer domain its own account in the mesh description (a principal of the governance account is granted by the GovernanceHub, not shared with).'],
  ['share: a data-cells filter on a product already shared with the consumer by tag expression',
    () => {
      const s = setup();
      new DataProductShare(s.stack, 'ToBi', { hub: s.hub, consumer: 'bi', products: [s.lifeExpectancy, s.claims] });
      new DataProductShare(s.stack, 'Share', { hub: s.hub, consumer: 'bi', cellsFilter: { product: s.claims, table: 'claims', name: 'eu', rowFilter: "region = 'EU'" } });
    },
    `${SHARE}: product 'claims' is shared with consumer 'bi' through a data-cells filter (cellsFilter) here and by LF-tag expression (products) in ` +
    "DataProductShare 'ToBi'. The tag grant of DataProductShare 'ToBi' already shows every row and column of 'claims' up to public, so a named share " +
    "or filter restricts nothing. Share 'claims' with 'bi' one way: remove it from the products of DataProductShare 'ToBi', or drop the named share or filter."],
  ['share: a tag share of a product already shared with the consumer by named tables (the other order)',
    () => {
      const s = setup();
      new DataProductShare(s.stack, 'ToBiColumns', { hub: s.hub, consumer: 'bi', tables: [{ product: s.claims, table: 'claims', columns: ['claim_id'] }] });
      new DataProductShare(s.stack, 'Share', { hub: s.hub, consumer: 'bi', products: [s.claims], maxConfidentiality: Confidentiality.PRIVATE });
    },
    `${SHARE}: product 'claims' is shared with consumer 'bi' by LF-tag expression (products) here and by named tables (tables) in ` +
    "DataProductShare 'ToBiColumns'. The tag grant of DataProductShare 'Share' already shows every row and column of 'claims' up to private, so a named " +
    "share or filter restricts nothing. Share 'claims' with 'bi' one way: remove it from the products of DataProductShare 'Share', or drop the named share or filter."],
  ['share: maxConfidentiality with tables', share(s => ({ tables: [{ product: s.claims, table: 'claims' }], maxConfidentiality: Confidentiality.PRIVATE })),
    `${SHARE}: maxConfidentiality applies to products (tag mode) only; with tables or cellsFilter list the columns instead.`],
  ['share: maxConfidentiality that is not a level', share(s => ({ products: [s.claims], maxConfidentiality: 'secret' as Confidentiality })),
    `${SHARE}: maxConfidentiality 'secret' is not a confidentiality level (levels: public, private, sensitive). ` +
    'Use Confidentiality.PUBLIC, Confidentiality.PRIVATE or Confidentiality.SENSITIVE.'],
  ['share: empty products', share(() => ({ products: [] })),
    `${SHARE}: products is empty. List the data products to share.`],
  ['share: duplicate product', share(s => ({ products: [s.claims, s.lifeExpectancy, s.claims] })),
    `${SHARE}: products lists 'claims' twice. List each product once.`],
  ['share: product of another hub',
    () => {
      const other = setup(new App(), 'Other');
      const s = setup();
      new DataProductShare(s.stack, 'Share', { hub: s.hub, consumer: 'bi', products: [s.lifeExpectancy, other.claims] });
    },
    `${SHARE}: products[1] 'claims' does not belong to hub 'Governance/Hub' (it was added to hub 'Other/Hub'). Pass products returned by this hub's addDataProduct().`],
  ['share: product of another hub in tables',
    () => {
      const other = setup(new App(), 'Other');
      const s = setup();
      new DataProductShare(s.stack, 'Share', { hub: s.hub, consumer: 'bi', tables: [{ product: other.claims, table: 'claims' }] });
    },
    `${SHARE}: tables[0].product 'claims' does not belong to hub 'Governance/Hub' (it was added to hub 'Other/Hub'). Pass products returned by this hub's addDataProduct().`],
  ['share: in another stack than the hub',
    () => {
      const s = setup();
      new DataProductShare(new Stack(s.app, 'Elsewhere', { env: bankMesh.governanceEnv() }), 'Share', { hub: s.hub, consumer: 'bi', products: [s.claims] });
    },
    `${SHARE}: is in stack 'Elsewhere', but hub 'Governance/Hub' is in stack 'Governance'. Create the share in the hub's (governance) stack: ` +
    "its grants and tags join that stack's settings and grant chain."],
  ['share: a ceiling that matches no column (every column of portfolios is sensitive, shared up to public)', share(s => ({ products: [s.claims, s.portfolios] })),
    `${SHARE}: the expression consumer_bi=yes AND confidentiality IN (public) matches no column of product 'portfolios' (every column is above public). ` +
    "Raise maxConfidentiality or do not share this product with 'bi'."],
  ['share: two tag shares with different ceilings to one consumer',
    () => {
      const s = setup();
      new DataProductShare(s.stack, 'ToBi', { hub: s.hub, consumer: 'bi', products: [s.claims] });
      new DataProductShare(s.stack, 'Share', { hub: s.hub, consumer: 'bi', products: [s.lifeExpectancy], maxConfidentiality: Confidentiality.PRIVATE });
    },
    `${SHARE}: maxConfidentiality private differs from public in DataProductShare 'ToBi' for consumer 'bi'. Tag-mode shares to one consumer grant one ` +
    'expression over every database tagged consumer_bi=yes, so all of them use one ceiling: use the same maxConfidentiality, or share the exception ' +
    'with tables or cellsFilter.'],
  ['share: empty tables', share(() => ({ tables: [] })),
    `${SHARE}: tables is empty. List the tables to share.`],
  ['share: table listed twice', share(s => ({ tables: [{ product: s.claims, table: 'claims', columns: ['claim_id'] }, { product: s.claims, table: 'claims' }] })),
    `${SHARE}: tables lists table 'claims.claims' twice; list all of its columns in one entry.`],
  ['share: table not in the product', share(s => ({ tables: [{ product: s.claims, table: 'payments' }] })),
    `${SHARE}: tables[0].table 'payments' is not a table of product 'claims' (tables: claims). ` +
    "Use one of those names, or declare the table in the product's tables (addDataProduct)."],
  ['share: column not in the table', share(s => ({ tables: [{ product: s.claims, table: 'claims', columns: ['claim_id', 'amount'] }] })),
    `${SHARE}: tables[0].columns names column 'amount', which table 'claims.claims' does not have (columns: claim_id, region, claimant_name). ` +
    "Use one of those names, or declare the column in the table's schema."],
  ['share: duplicate column', share(s => ({ tables: [{ product: s.claims, table: 'claims', columns: ['claim_id', 'region', 'claim_id'] }] })),
    `${SHARE}: tables[0].columns lists column 'claim_id' twice. List each column once.`],
  ['share: empty columns', share(s => ({ tables: [{ product: s.claims, table: 'claims', columns: [] }] })),
    `${SHARE}: tables[0].columns is empty; omit it to share the whole table.`],
  ['share: invalid filter name', share(s => ({ cellsFilter: { product: s.claims, table: 'claims', name: 'EU-claims' } })),
    `${SHARE}: cellsFilter.name 'EU-claims' is invalid: use lower-case letters, digits and underscores, starting with a letter, e.g. 'eu_claims'.`],
  ['share: filter on a table not in the product', share(s => ({ cellsFilter: { product: s.claims, table: 'payments', name: 'f' } })),
    `${SHARE}: cellsFilter.table 'payments' is not a table of product 'claims' (tables: claims). ` +
    "Use one of those names, or declare the table in the product's tables (addDataProduct)."],
  ['share: excludedColumns names an unknown column', share(s => ({ cellsFilter: { product: s.claims, table: 'claims', name: 'f', excludedColumns: ['ssn'] } })),
    `${SHARE}: cellsFilter.excludedColumns names column 'ssn', which table 'claims.claims' does not have (columns: claim_id, region, claimant_name). ` +
    "Use one of those names, or declare the column in the table's schema."],
  ['share: excludedColumns hides every column',
    share(s => ({ cellsFilter: { product: s.claims, table: 'claims', name: 'f', excludedColumns: ['claim_id', 'region', 'claimant_name'] } })),
    `${SHARE}: cellsFilter.excludedColumns hides every column of table 'claims.claims'; the filter would show nothing. ` +
    'Leave at least one column visible, or do not share this table.'],
  ['share: empty rowFilter', share(s => ({ cellsFilter: { product: s.claims, table: 'claims', name: 'f', rowFilter: '  ' } })),
    `${SHARE}: cellsFilter.rowFilter is empty; omit it to share all rows.`],
  ['share: a second filter of the same name on one table',
    () => {
      const s = setup();
      new DataProductShare(s.stack, 'ToMl', { hub: s.hub, consumer: 'ml', cellsFilter: { product: s.claims, table: 'claims', name: 'eu_claims' } });
      new DataProductShare(s.stack, 'Share', { hub: s.hub, consumer: 'bi', cellsFilter: { product: s.claims, table: 'claims', name: 'eu_claims' } });
    },
    `${SHARE}: cellsFilter.name 'eu_claims' is already used on table 'claims.claims' by DataProductShare 'ToMl'. Filter names are unique per table: choose another name.`],

  ['consumer: unknown domain', () => consumer({}, { domain: 'sales' }),
    `${CONSUMER}: domain 'sales' is not a consumer domain of mesh 'bank' (consumers: bi, ml, exec). Use one of those, or add 'sales' to consumers in the mesh description.`],
  ['consumer: in the wrong account', () => consumer({}, { env: bankMesh.consumerEnv('ml') }),
    `${CONSUMER}: stack 'Consumer' is in account 555555555555, region eu-west-1, but the mesh description places the consumer 'bi' in account ` +
    "444444444444, region eu-west-1. Create the stack with { env: mesh.consumerEnv('bi') }."],
  ['consumer: in an environment-agnostic stack', () => consumer({}, { env: null }),
    `${CONSUMER}: stack 'Consumer' is environment-agnostic, but the consumer 'bi' lives in account 444444444444, region eu-west-1. ` +
    "Create the stack with { env: mesh.consumerEnv('bi') }."],
  ['consumer: in the governance account',
    () => {
      const mesh = new MeshDescription({ ...JSON.parse(bankMesh.toJson()), consumers: [{ domain: 'bi', account: bankMesh.governanceAccount }] });
      new DataConsumer(new Stack(new App(), 'Consumer', { env: mesh.consumerEnv('bi') }), 'Bi', { mesh, domain: 'bi', receivedShares: [] });
    },
    `${CONSUMER}: consumer 'bi' is in the governance account 111111111111, where the product databases already exist under the names its resource ` +
    'links would take. Give the consumer domain its own account in the mesh description (a principal of the governance account is granted by the ' +
    'GovernanceHub, not shared with).'],
  // issue 13: constructing it is fine (a share may still be declared after it); the synth fails, with the construct's path.
  ['consumer: nothing shared with it (at synth)',
    () => {
      const c = consumer({}, { shares: false });
      expect(c.resourceLinks).toEqual({});
      App.of(c)!.synth();
    },
    'Validation failed with the following errors:\n  [Consumer/Bi] ' +
    `${CONSUMER}: nothing is shared with consumer 'bi': declare a DataProductShare for it in the same app (before or after the DataConsumer), ` +
    'or pass receivedShares (when the governance stack lives in another app).'],
  ['consumer: receivedShares names an unknown product', () => consumer({ receivedShares: [{ products: ['claims', 'payments'], maxConfidentiality: Confidentiality.PUBLIC }] }),
    `${CONSUMER}: receivedShares[0].products names 'payments', which is not a product of the mesh (products: life_expectancy, claims, portfolios). ` +
    "List the products the governance account's DataProductShare shares with 'bi', by their names in the mesh description."],
  ['consumer: receivedShares with two ceilings',
    () => consumer({
      receivedShares: [
        { products: ['claims'], maxConfidentiality: Confidentiality.PUBLIC },
        { products: ['portfolios'], maxConfidentiality: Confidentiality.PRIVATE },
      ],
    }),
    `${CONSUMER}: receivedShares use ceilings public, private; tag-mode shares to one consumer use one ceiling (see DataProductShare). ` +
    "Give every entry the maxConfidentiality of the governance account's shares to 'bi'."],
  ['consumer: receivedShares with a ceiling that is not a level', () => consumer({ receivedShares: [{ products: ['claims'], maxConfidentiality: 'secret' as Confidentiality }] }),
    `${CONSUMER}: receivedShares[0].maxConfidentiality 'secret' is not a confidentiality level (levels: public, private, sensitive). ` +
    "Use the maxConfidentiality of the governance account's DataProductShare."],
  ['consumer: receivedShares with no products', () => consumer({ receivedShares: [{ products: [], maxConfidentiality: Confidentiality.PUBLIC }] }),
    `${CONSUMER}: receivedShares[0].products is empty. List the products the governance account shares with 'bi'.`],
  ['consumer: addRole with an upper-case name', () => consumer().addRole('Analyst', { clearance: Confidentiality.PUBLIC }),
    `${CONSUMER}: addRole name 'Analyst' is invalid: it must be lower-case letters, digits and single hyphens, starting with a letter, e.g. 'data-scientist'.`],
  ['consumer: addRole with a name too long for the role name', () => consumer().addRole('a'.repeat(25), { clearance: Confidentiality.PUBLIC }),
    `${CONSUMER}: addRole name '${'a'.repeat(25)}' is 25 characters long; it must be 2 to 24 characters (lower-case letters, digits and single hyphens, ` +
    "starting with a letter), e.g. 'data-scientist'."],
  ['consumer: addRole twice',
    () => {
      const c = consumer();
      c.addRole('analyst', { clearance: Confidentiality.PUBLIC });
      c.addRole('analyst', { clearance: Confidentiality.PRIVATE });
    },
    `${CONSUMER}: addRole: role 'analyst' is added twice. Add each role once; to give another principal the same access, use grantQuery(role, clearance).`],
  ['consumer: addRole with a clearance that is not a level', () => consumer().addRole('analyst', { clearance: 'top-secret' as Confidentiality }),
    `${CONSUMER}: clearance 'top-secret' is not a confidentiality level (levels: public, private, sensitive). ` +
    'Use Confidentiality.PUBLIC, Confidentiality.PRIVATE or Confidentiality.SENSITIVE.'],
  ['consumer: grantQuery with a clearance that is not a level',
    () => {
      const c = consumer();
      c.grantQuery(iam.Role.fromRoleArn(c, 'Sso', 'arn:aws:iam::444444444444:role/sso-analyst'), 'Public' as Confidentiality);
    },
    `${CONSUMER}: clearance 'Public' is not a confidentiality level (levels: public, private, sensitive). ` +
    'Use Confidentiality.PUBLIC, Confidentiality.PRIVATE or Confidentiality.SENSITIVE.'],
];

test.each(cases)('%s', (_, build, message) => {
  expectThrowsMessage(build, message);
});

test('at least 15 bad inputs are covered', () => {
  expect(cases.length).toBeGreaterThanOrEqual(15);
});

describe('sensitive columns: a warning unless acknowledged', () => {
  const warnings = (declare: (s: Setup) => void) => {
    const s = setup();
    declare(s);
    return Annotations.fromStack(s.stack).findWarning('*', Match.stringLikeRegexp('sees'));
  };
  const text = (found: ReturnType<typeof warnings>) => found.map(w => String(w.entry.data).replace(/ \[ack: .*\]$/, ''));

  test('a tag share up to sensitive without allowSensitive warns, naming the share, the consumer and the fix', () => {
    const found = warnings(s => new DataProductShare(s.stack, 'ToExec', { hub: s.hub, consumer: 'exec', products: [s.lifeExpectancy], maxConfidentiality: Confidentiality.SENSITIVE }));
    expect(text(found)).toEqual(["DataProductShare 'ToExec': consumer 'exec' sees every column, sensitive ones included. Set allowSensitive: true to acknowledge, or lower maxConfidentiality."]);
    expect(found[0].id).toBe('/Governance/ToExec');
  });

  test('with allowSensitive: true, no warning', () => {
    expect(warnings(s => new DataProductShare(s.stack, 'ToExec', {
      hub: s.hub, consumer: 'exec', products: [s.lifeExpectancy], maxConfidentiality: Confidentiality.SENSITIVE, allowSensitive: true,
    }))).toEqual([]);
  });

  test('a named share or a filter that shows a sensitive column warns too, naming the columns; hiding them silences it', () => {
    const found = warnings(s => {
      new DataProductShare(s.stack, 'ToMl', { hub: s.hub, consumer: 'ml', tables: [{ product: s.lifeExpectancy, table: 'policyholder_life_expectancy' }] });
      new DataProductShare(s.stack, 'ToBi', { hub: s.hub, consumer: 'bi', cellsFilter: { product: s.portfolios, table: 'portfolios', name: 'all' } });
      new DataProductShare(s.stack, 'ToExec', {
        hub: s.hub, consumer: 'exec', cellsFilter: { product: s.lifeExpectancy, table: 'policyholder_life_expectancy', name: 'f', excludedColumns: ['life_expectancy'] },
      });
    });
    expect(text(found)).toEqual([
      "DataProductShare 'ToMl': consumer 'ml' sees sensitive column(s) life_expectancy of table 'policyholder_life_expectancy'. Set allowSensitive: true to acknowledge, or leave them out.",
      "DataProductShare 'ToBi': consumer 'bi' sees sensitive column(s) portfolio_id, risk_score of table 'portfolios'. Set allowSensitive: true to acknowledge, or leave them out.",
    ]);
  });

  test('a share up to private is silent', () => {
    expect(warnings(s => new DataProductShare(s.stack, 'ToMl', { hub: s.hub, consumer: 'ml', products: [s.lifeExpectancy], maxConfidentiality: Confidentiality.PRIVATE })))
      .toEqual([]);
  });
});

describe('a consumer domain with a hyphen: messages name its real LF-tag key (consumer_retail_banking)', () => {
  const mesh = new MeshDescription({
    name: 'bank',
    governance: { account: '111111111111', region: 'eu-west-1' },
    producers: [{ domain: 'investments', account: '333333333333', products: ['portfolios'] }],
    consumers: [{ domain: 'retail-banking', account: '444444444444' }],
  });
  function hub() {
    const stack = new Stack(new App(), 'Governance', { env: mesh.governanceEnv() });
    const tags = new LfTagOntology(stack, 'Tags', { mesh });
    const h = new GovernanceHub(stack, 'Hub', { mesh, ontology: tags });
    const portfolios = h.addDataProduct('portfolios', {
      tables: [{ name: 'portfolios', columns: [{ name: 'risk_score', type: ColumnType.DOUBLE, confidentiality: Confidentiality.SENSITIVE }] }],
    });
    return { stack, h, tags, portfolios };
  }

  test('the key of the ontology is consumer_retail_banking (hyphens become underscores)', () => {
    expect(hub().tags.consumerKey('retail-banking').name).toBe('consumer_retail_banking');
  });

  test('a ceiling that matches no column names that key', () => {
    const { stack, h, portfolios } = hub();
    expectThrowsMessage(() => new DataProductShare(stack, 'Share', { hub: h, consumer: 'retail-banking', products: [portfolios] }),
      "DataProductShare 'Share': the expression consumer_retail_banking=yes AND confidentiality IN (public) matches no column of product " +
      "'portfolios' (every column is above public). Raise maxConfidentiality or do not share this product with 'retail-banking'.");
  });

  test('two ceilings for one consumer name that key', () => {
    const { stack, h, portfolios } = hub();
    new DataProductShare(stack, 'First', { hub: h, consumer: 'retail-banking', products: [portfolios], maxConfidentiality: Confidentiality.SENSITIVE, allowSensitive: true });
    expect(() => new DataProductShare(stack, 'Second', { hub: h, consumer: 'retail-banking', products: [portfolios], maxConfidentiality: Confidentiality.PRIVATE }))
      .toThrow('grant one expression over every database tagged consumer_retail_banking=yes, ');
  });
});
