/*
 * Requests as code, the synth side (issue 18, item 4): `hub.addAccessRequests(dir)` turns every request file into its
 * DataProductShare; a bad file fails the synth naming the file and the field, with every problem listed and no share
 * made; the construct IDs of request shares depend on product and consumer only (adding a request moves nothing); a
 * request past its expiry makes nothing but a warning naming the file to delete.
 */
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { removeTmp, request, requestsDir, shop } from './shop';
import { buildBankMesh } from '../../examples/typescript/bank-mesh';
import { Confidentiality, DataProductShare, MeshAccessReport } from '../../src';
import { readShareExpiries } from '../../src/report/expiry';
import { Res, resourcesOf } from '../support/template';

/** A synthesized stack as the report layer reads it. */
const templateOf = (s: { stackName: string; environment: { account: string; region: string }; template: any }) => ({
  stackName: s.stackName, account: s.environment.account, region: s.environment.region, template: s.template,
});
const FIXTURE = path.join(__dirname, 'fixtures', 'bank-requests');
afterAll(removeTmp);

/** Every resource of every stack, by `<stack>/<logical id>`. */
function allResources(stacks: Stack[]): Record<string, Res> {
  return Object.fromEntries(stacks.flatMap(s => Object.entries(resourcesOf(s)).map(([id, r]) => [`${s.stackName}/${id}`, r])));
}

/** The reference mesh with `hub.addAccessRequests(dir)` (when given) on `today`. */
function bankWith(dir: string | undefined, today = '2026-12-02') {
  const app = new App({ context: { 'cdk-data-mesh:today': today } });
  const bank = buildBankMesh(app);
  const shares = dir === undefined ? [] : bank.governance.hub.addAccessRequests(dir);
  const stacks = [...bank.governance.hub.stacks, ...Object.values(bank.consumers).flatMap(c => c.consumer.stacks)];
  return { app, bank, shares, stacks };
}

describe('a good request becomes its share', () => {
  const { app, bank, shares } = bankWith(FIXTURE);

  test('the ML team\'s request for claims is a share up to private, with its expiry and request file', () => {
    expect(shares).toHaveLength(1);
    const [share] = shares;
    expect(share.node.path).toBe('Governance/Hub/AccessRequests/claims-ml');
    expect([share.consumer, share.maxConfidentiality, share.expires, share.requestFile])
      .toEqual(['ml', Confidentiality.PRIVATE, '2027-03-31', `${FIXTURE.split(path.sep).join('/')}/claims/ml.json`]);
  });

  test('the access report shows the consumer\'s new access: the data scientist reads claims up to private, and still never life_expectancy', () => {
    const report = MeshAccessReport.fromAssemblyDirectory(app.synth().directory);
    const claims = report.columnsFor('ml', 'bank_claims', 'claims');
    expect(claims).toEqual(expect.arrayContaining(['claim_id', 'policy_id', 'claim_date', 'amount', 'status', 'claimant_name']));
    expect(report.columnsFor('ml', 'bank_life_expectancy', 'policyholder_life_expectancy')).not.toContain('life_expectancy');
    expect(readShareExpiries(app.synth().stacks.map(templateOf)))
      .toEqual([expect.objectContaining({ consumer: 'ml', products: ['claims'], expires: '2027-03-31', maxConfidentiality: 'private' })]);
    expect(bank.governance.hub.node.tryFindChild('AccessRequests')).toBeDefined();
  });
});

describe('construct and logical IDs', () => {
  test('adding a request adds resources and moves none: every logical ID of the mesh without it keeps its type', () => {
    const without = allResources(bankWith(requestsDir({})).stacks);
    const one = allResources(bankWith(FIXTURE).stacks);
    const two = allResources(bankWith(requestsDir({
      'claims/ml.json': request('ml', 'claims', 'private'), 'portfolios/ml.json': request('ml', 'portfolios', 'private'),
    })).stacks);
    for (const [smaller, larger] of [[without, one], [one, two]]) {
      const missing = Object.keys(smaller).filter(id => larger[id] === undefined || larger[id].Type !== smaller[id].Type);
      expect(missing).toEqual([]);
      expect(Object.keys(larger).length).toBeGreaterThan(Object.keys(smaller).length);
    }
  });

  test('an empty requests directory changes nothing but adds nothing either', () => {
    const plain = allResources(bankWith(undefined).stacks);
    const empty = allResources(bankWith(requestsDir({ 'README.md': '# requests\n' })).stacks);
    expect(Object.keys(empty).sort()).toEqual(Object.keys(plain).sort());
  });
});

describe('bad request files fail the synth, naming the file and the field; nothing is shared', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an unknown consumer (a close name suggested)', { 'orders/mlx.json': request('mlx', 'orders', 'public') },
      /orders\/mlx\.json: consumer 'mlx' is not a consumer of the mesh \(did you mean 'ml'\? consumers: bi, ml\)/],
    ['an unknown product (a close name suggested)', { 'order/ml.json': request('ml', 'order', 'public') },
      /order\/ml\.json: product 'order' is not a data product of the mesh \(did you mean 'orders'\?/],
    ['a product of the mesh not added to the hub yet', { 'returns/ml.json': request('ml', 'returns', 'public') },
      /returns\/ml\.json: product 'returns' is declared in the mesh description but not added to hub 'Governance\/Hub' yet: call addAccessRequests after addDataProduct\('returns'\)/],
    ['a clearance that is not a level', { 'orders/ml.json': request('ml', 'orders', 'secret') },
      /orders\/ml\.json: clearance 'secret' is not a confidentiality level \(levels, lowest first: public, private, sensitive\)/],
    ['a clearance above what the product allows', { 'orders/ml.json': request('ml', 'orders', 'sensitive', { sensitive: true }) },
      /orders\/ml\.json: clearance sensitive is above what product 'orders' allows: its highest column level is private/],
    ['a sensitive clearance without the flag', { 'customers/ml.json': request('ml', 'customers', 'sensitive') },
      /customers\/ml\.json: sensitive is not set, but clearance sensitive shows the consumer the product's sensitive columns, which needs an explicit acknowledgement. Set "sensitive": true/],
    ['the flag without a sensitive clearance', { 'customers/ml.json': request('ml', 'customers', 'public', { sensitive: true }) },
      /customers\/ml\.json: sensitive is true, but clearance public shows no sensitive column/],
    ['two requests of one consumer with different ceilings', {
      'orders/ml.json': request('ml', 'orders', 'private'), 'customers/ml.json': request('ml', 'customers', 'public'),
    }, /customers\/ml\.json: clearance public differs from private, the ceiling of request file .*orders\/ml\.json for consumer 'ml'/],
    ['a malformed expiry', { 'orders/ml.json': request('ml', 'orders', 'public', { expires: '2027-02-30' }) },
      /orders\/ml\.json: expires '2027-02-30' is not a date. Give the last day of access as a calendar date YYYY-MM-DD/],
    ['an expiry before the request date', { 'orders/ml.json': request('ml', 'orders', 'public', { expires: '2026-11-30', requestedOn: '2026-12-01' }) },
      /orders\/ml\.json: expires 2026-11-30 is before requestedOn 2026-12-01/],
    ['a missing reason', { 'orders/ml.json': { consumer: 'ml', product: 'orders', clearance: 'public' } }, /orders\/ml\.json: reason is missing. Say why/],
    ['an empty reason', { 'orders/ml.json': request('ml', 'orders', 'public', { reason: '  ' }) }, /orders\/ml\.json: reason is empty/],
    ['an unknown field (a close name suggested)', { 'orders/ml.json': request('ml', 'orders', 'public', { expiry: '2027-01-01' }) },
      /orders\/ml\.json: expiry is not a field of a request \(did you mean 'expires'\?/],
    ['a file whose consumer is not its name', { 'orders/bi.json': request('ml', 'orders', 'public') },
      /orders\/bi\.json: consumer 'ml' differs from the file's name \('bi\.json'\)/],
    ['a file whose product is not its folder', { 'customers/ml.json': request('ml', 'orders', 'public') },
      /customers\/ml\.json: product 'orders' differs from the folder the file is in \('customers'\)/],
    ['a file that is not JSON', { 'orders/ml.json': '{ consumer: ml' }, /orders\/ml\.json: is not valid JSON/],
    ['a file outside a product folder', { 'ml.json': request('ml', 'orders', 'public') }, /ml\.json: is not in a product folder/],
    ['a wrong type', { 'orders/ml.json': request('ml', 'orders', 'public', { sensitive: 'no' }) }, /orders\/ml\.json: sensitive "no" is not true or false/],
  ];
  test.each(cases)('%s', (_name, files, message) => {
    const { hub } = shop();
    const dir = requestsDir(files);
    expect(() => hub.addAccessRequests(dir)).toThrow(message);
    expect(() => hub.addAccessRequests(dir)).toThrow(/GovernanceHub 'Hub': addAccessRequests\('.*'\): \d+ problems? in the request files, so no request is shared/);
    expect(hub.node.tryFindChild('AccessRequests')).toBeUndefined();
  });

  test('all or nothing: one bad file among good ones fails the synth with every problem listed, and no share is made', () => {
    const { hub } = shop();
    const dir = requestsDir({
      'orders/ml.json': request('ml', 'orders', 'private'),
      'orders/bi.json': request('bi', 'orders', 'secret'),
      'customers/bi.json': request('bi', 'customers', 'public', { reason: '' }),
    });
    let message = '';
    try {
      hub.addAccessRequests(dir);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/2 problems in the request files, so no request is shared/);
    expect(message).toMatch(/orders\/bi\.json: clearance 'secret'/);
    expect(message).toMatch(/customers\/bi\.json: reason is empty/);
    expect(hub.node.tryFindChild('AccessRequests')).toBeUndefined();
    expect(hub.dataProducts.flatMap(p => p.node.children.map(c => c.node.id)).filter(id => id.startsWith('ConsumerTag'))).toEqual([]);
  });

  test('a missing directory names the directory and the fix', () => {
    const { hub } = shop();
    expect(() => hub.addAccessRequests('no-such-requests')).toThrow(/no-such-requests: the requests directory no-such-requests does not exist/);
  });
});

describe('requests against the shares of the app', () => {
  test('a request for what a share already gives is a duplicate (reference mesh: ToMl shares life_expectancy)', () => {
    const dir = requestsDir({ 'life_expectancy/ml.json': request('ml', 'life_expectancy', 'private') });
    expect(() => bankWith(dir)).toThrow(/life_expectancy\/ml\.json: product 'life_expectancy' is already shared with consumer 'ml' up to private by DataProductShare 'ToMl': the request duplicates it/);
  });

  test('a request whose clearance differs from the consumer\'s ceiling is refused (bi sees public only)', () => {
    const dir = requestsDir({ 'life_expectancy/bi.json': request('bi', 'life_expectancy', 'private') });
    expect(() => bankWith(dir)).toThrow(/clearance private differs from public, the ceiling of DataProductShare 'ToBi' for consumer 'bi'/);
  });

  test('a consumer whose ceiling is sensitive may ask for it on a product without sensitive columns (one ceiling per consumer)', () => {
    const { hub, app } = shop();
    new DataProductShare(hub, 'ToMl', { hub, consumer: 'ml', products: [hub.dataProduct('customers')], maxConfidentiality: Confidentiality.SENSITIVE, allowSensitive: true });
    const [share] = hub.addAccessRequests(requestsDir({ 'orders/ml.json': request('ml', 'orders', 'sensitive', { sensitive: true }) }));
    expect(share.maxConfidentiality).toBe(Confidentiality.SENSITIVE);
    app.synth();
  });

  test('a share declared after the call is checked too, when the app is validated (no declaration-order dependence)', () => {
    const { hub, app } = shop();
    hub.addAccessRequests(requestsDir({ 'orders/ml.json': request('ml', 'orders', 'private') }));
    new DataProductShare(hub, 'Later', { hub, consumer: 'ml', products: [hub.dataProduct('orders'), hub.dataProduct('customers')], maxConfidentiality: Confidentiality.PRIVATE });
    expect(() => app.synth()).toThrow(/orders\/ml\.json: product 'orders' is already shared with consumer 'ml' up to private by DataProductShare 'Later'/);
  });

  test('a later share with another ceiling fails whichever comes first', () => {
    const first = shop();
    first.hub.addAccessRequests(requestsDir({ 'orders/ml.json': request('ml', 'orders', 'private') }));
    expect(() => new DataProductShare(first.hub, 'Later', { hub: first.hub, consumer: 'ml', products: [first.hub.dataProduct('customers')] }))
      .toThrow(/maxConfidentiality public differs from private in DataProductShare 'orders-ml' \(request file .*orders\/ml\.json\)/);
    const second = shop();
    new DataProductShare(second.hub, 'Earlier', { hub: second.hub, consumer: 'ml', products: [second.hub.dataProduct('customers')] });
    expect(() => second.hub.addAccessRequests(requestsDir({ 'orders/ml.json': request('ml', 'orders', 'private') })))
      .toThrow(/clearance private differs from public, the ceiling of DataProductShare 'Earlier'/);
  });
});

describe('a request past its expiry', () => {
  test('makes no share, warns which file to delete, records it as dropped, and moves nothing', () => {
    const { app, bank, shares, stacks } = bankWith(FIXTURE, '2027-04-01');
    expect(shares).toEqual([]);
    const warnings = Annotations.fromStack(bank.governance.stack).findWarning('*', Match.stringLikeRegexp('expired on 2027-03-31'));
    expect(warnings.map(w => w.entry.data)).toEqual([expect.stringContaining(`Delete the request file ${FIXTURE.split(path.sep).join('/')}/claims/ml.json`)]);
    expect(Object.keys(allResources(stacks)).sort()).toEqual(Object.keys(allResources(bankWith(undefined).stacks)).sort());
    const assembly = app.synth();
    expect(readShareExpiries(assembly.stacks.map(templateOf)))
      .toEqual([expect.objectContaining({ consumer: 'ml', products: ['claims'], expires: '2027-03-31', dropped: true })]);
  });

  test('is not checked against the mesh any more: a stale file never blocks a synth', () => {
    const dir = requestsDir({ 'claims/ml.json': request('ml', 'claims', 'public', { expires: '2026-01-31' }) });
    // public differs from ml's ceiling (private), but the request has ended.
    expect(bankWith(dir).shares).toEqual([]);
  });
});
