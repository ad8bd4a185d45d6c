/*
 * Time-bound access (issue 18, item 6): a share with `expires` is in force through that day; a synth on a later day
 * ("today" from the context `cdk-data-mesh:today`) makes none of its grants, warns which share or request file to
 * delete, and moves no other logical ID; the template records the share for the report (`readShareExpiries`).
 */
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { removeTmp, request, requestsDir, shop } from './shop';
import { buildBankMesh } from '../../examples/typescript/bank-mesh';
import { Confidentiality, DataConsumer, DataProductShare, MeshAccessReport, MeshDoctor } from '../../src';
import { daysBetween, dayNumber, isExpired, readShareExpiries } from '../../src/report/expiry';
import { consumerTagMode, isRequestExpired, MeshView, ShareView } from '../../src/report/requests';
import { StackTemplate } from '../../src/report/stack-template';
import { Res, resourcesOf } from '../support/template';

/** Every resource of every stack of the app, by `<stack>/<logical id>`. */
function allResources(stacks: Stack[]): Record<string, Res> {
  return Object.fromEntries(stacks.flatMap(s => Object.entries(resourcesOf(s)).map(([id, r]) => [`${s.stackName}/${id}`, r])));
}

/** The reference mesh plus ml -> claims (up to private) until 2027-03-31, synthesized on `today`. */
function meshOn(today: string | undefined, expires = '2027-03-31') {
  const app = new App({ context: today === undefined ? {} : { 'cdk-data-mesh:today': today } });
  const bank = buildBankMesh(app);
  const { hub, stack } = bank.governance;
  const share = new DataProductShare(stack, 'MlClaims', {
    hub, consumer: 'ml', products: [hub.dataProduct('claims')], maxConfidentiality: Confidentiality.PRIVATE, expires,
  });
  const assembly = app.synth();
  const stacks: StackTemplate[] = assembly.stacks.map(s => ({
    stackName: s.stackName, account: s.environment.account, region: s.environment.region, template: s.template,
  }));
  const resources = allResources([...hub.stacks, ...Object.values(bank.consumers).flatMap(c => c.consumer.stacks)]);
  return { app, bank, share, stack, assembly, stacks, resources };
}

const mlClaims = (stacks: StackTemplate[]) => MeshAccessReport.fromTemplates(stacks)
  .access.filter(e => e.consumer === 'ml' && e.database === 'bank_claims' && e.principal.endsWith(':role/bank-ml-data-scientist'));

describe('calendar days', () => {
  test('dates are real calendar days, and a share is in force through its last day', () => {
    expect(dayNumber('2027-03-31')).toBe(dayNumber('2027-03-30')! + 1);
    expect(dayNumber('2027-02-30')).toBeUndefined();
    expect(dayNumber('2027-3-31')).toBeUndefined();
    expect(daysBetween('2027-03-17', '2027-03-31')).toBe(14);
    expect(isExpired('2027-03-31', '2027-03-31')).toBe(false);
    expect(isExpired('2027-03-31', '2027-04-01')).toBe(true);
  });
});

describe('a share with expires', () => {
  const before = meshOn('2027-03-31');
  const after = meshOn('2027-04-01');

  test('on its last day it grants, records its expiry, and warns nothing', () => {
    expect(before.share.expired).toBe(false);
    expect(mlClaims(before.stacks).map(e => e.columns)).toEqual([expect.arrayContaining(['claim_id', 'claimant_name'])]);
    expect(Annotations.fromStack(before.stack).findWarning('*', Match.stringLikeRegexp('expired'))).toEqual([]);
    expect(readShareExpiries(before.stacks)).toEqual([{
      consumer: 'ml', products: ['claims'], expires: '2027-03-31', maxConfidentiality: 'private', share: 'Governance/MlClaims', stackName: 'Governance',
    }]);
  });

  test('the day after, a synth drops its grants with a warning naming the share, and records it as dropped', () => {
    expect(after.share.expired).toBe(true);
    expect(mlClaims(after.stacks)).toEqual([]);
    const warnings = Annotations.fromStack(after.stack).findWarning('/Governance/MlClaims', Match.stringLikeRegexp('expired on 2027-03-31'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toContain('today is 2027-04-01, from the context value cdk-data-mesh:today');
    expect(warnings[0].entry.data).toContain('Remove the share Governance/MlClaims from the app');
    expect(readShareExpiries(after.stacks)).toEqual([expect.objectContaining({ consumer: 'ml', expires: '2027-03-31', dropped: true })]);
    // What stays is the reference mesh: ml sees life_expectancy up to private, never claims.
    const plain = new App();
    const bank = buildBankMesh(plain);
    const reference = allResources([...bank.governance.hub.stacks, ...Object.values(bank.consumers).flatMap(c => c.consumer.stacks)]);
    expect(Object.keys(after.resources).sort()).toEqual(Object.keys(reference).sort());
  });

  test('dropping it moves no other logical ID: the ids after are the ids before minus the share\'s own', () => {
    const idsBefore = Object.keys(before.resources);
    const idsAfter = Object.keys(after.resources);
    expect(idsAfter.filter(id => !idsBefore.includes(id))).toEqual([]);
    const gone = idsBefore.filter(id => !idsAfter.includes(id));
    // The consumer tag of claims for ml, and what ml's consumer stacks add for claims (its link, re-grants, nonce unchanged ids).
    expect(gone.length).toBeGreaterThan(0);
    for (const id of idsAfter) expect([id, after.resources[id].Type]).toEqual([id, before.resources[id].Type]);
  });

  test('a malformed expires is a synth error naming the prop and the fix', () => {
    expect(() => meshOn('2027-03-31', '31/03/2027')).toThrow(/DataProductShare 'MlClaims': expires '31\/03\/2027' is not a date. Give the last day of the share as a calendar date YYYY-MM-DD/);
    expect(() => meshOn('2027-02-30')).toThrow(/the context value cdk-data-mesh:today '2027-02-30' is not a date/);
  });

  test('without the context value, today is the real date (UTC)', () => {
    const far = meshOn(undefined, '2999-12-31');
    expect(far.share.expired).toBe(false);
    const past = meshOn(undefined, '2000-01-01');
    expect(past.share.expired).toBe(true);
    expect(Stack.of(past.share).templateOptions.metadata?.['cdk-data-mesh:share']).toBeDefined();
    expect(resourcesOf(past.stack)).toBeDefined();
  });
});

describe('a consumer whose only share has expired', () => {
  const withConsumer = (today: string) => {
    const { app, hub } = shop({ today });
    const mesh = hub.mesh;
    const stack = new Stack(app, 'Consumer-ml', { env: mesh.consumerEnv('ml') });
    const consumer = new DataConsumer(stack, 'Consumer', { mesh, domain: 'ml' });
    consumer.addRole('analyst', { clearance: Confidentiality.PRIVATE });
    hub.addAccessRequests(requestsDir({ 'orders/ml.json': request('ml', 'orders', 'private', { expires: '2027-03-31' }) }));
    return { app, stack, consumer };
  };
  afterAll(removeTmp);

  test('before: the consumer links the product; after: the synth still succeeds, and the consumer has nothing', () => {
    const before = withConsumer('2027-03-31');
    before.app.synth();
    expect(before.consumer.resourceLinks).toHaveProperty('orders');
    const after = withConsumer('2027-04-01');
    expect(() => after.app.synth()).not.toThrow();
    expect(after.consumer.resourceLinks).toEqual({});
  });

  test('MeshDoctor judges the expiry as of the stage\'s context value (or its today)', () => {
    const { app } = withConsumer('2027-03-20');
    const assembly = app.synth();
    const templatePaths = assembly.stacks.map(s => path.join(assembly.directory, s.templateFile));
    jest.spyOn(console, 'error').mockImplementation(() => undefined); // the doctor says its warnings on stderr
    const warned = (doctor: MeshDoctor) => doctor.validate({ templatePaths }).violations.filter(v => v.ruleName === 'DM-52 share-expiring');
    expect(warned(MeshDoctor.register(app))).toHaveLength(1);
    expect(warned(new MeshDoctor({ today: '2027-03-01' }))).toHaveLength(0);
    expect(() => new MeshDoctor({ today: '20.3.2027' })).toThrow(/MeshDoctor: today '20.3.2027' is not a date/);
  });
});

test('isRequestExpired: the pure check `diff` uses on an added request (past its expiry on today), not on one without expires', () => {
  expect(isRequestExpired({ expires: '2027-03-31' }, '2027-03-31')).toBe(false);
  expect(isRequestExpired({ expires: '2027-03-31' }, '2027-04-01')).toBe(true);
  expect(isRequestExpired({}, '2099-01-01')).toBe(false);
  expect(isRequestExpired({ expires: 'soon' }, '2027-04-01')).toBe(false);
});

test('consumerTagMode: a consumer\'s one ceiling, or the expression it is shared by (no request), or nothing', () => {
  const view = (shares: ShareView[]): MeshView => ({ levels: ['public', 'private', 'sensitive'], consumers: ['ml'], products: [], shares });
  expect(consumerTagMode(view([]), 'ml')).toBeUndefined();
  expect(consumerTagMode(view([{ consumer: 'ml', products: ['a'], mode: 'named', by: 'x' }]), 'ml')).toBeUndefined();
  expect(consumerTagMode(view([{ consumer: 'ml', products: ['a'], mode: 'tags', ceiling: 'private', by: 'x' }]), 'ml')).toEqual({ ceiling: 'private' });
  expect(consumerTagMode(view([{ consumer: 'ml', products: ['a'], mode: 'tags', ceiling: 'private', by: 'x' },
    { consumer: 'ml', products: ['b'], mode: 'tags', expression: 'domain IN (b)', by: "DataProductShare 'ToMl'" }]), 'ml'))
    .toEqual({ expression: 'domain IN (b)', by: "DataProductShare 'ToMl'" });
});
