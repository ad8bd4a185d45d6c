/*
 * The hub's context travels with the hub: a DataProductShare of a second installed copy of the library
 * accepts the hub (GovernanceHub.isGovernanceHub, a Symbol.for marker) and must then find its context too.
 */
import { App, Stack } from 'aws-cdk-lib';
import { bankMesh } from '../../examples/typescript/bank-mesh';
import { ColumnType, DataProductShare, GovernanceHub, LfTagOntology } from '../../src';
import { hubContext } from '../../src/private/hub-context';
import { ofType, resourcesOf } from '../support/template';

function hubWithProduct() {
  const stack = new Stack(new App(), 'Governance', { env: bankMesh.governanceEnv() });
  const hub = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology: new LfTagOntology(stack, 'Tags', { mesh: bankMesh }) });
  const claims = hub.addDataProduct('claims', { tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }] }] });
  return { stack, hub, claims };
}

test('a hub gives its context to any copy of the library', () => {
  const { hub } = hubWithProduct();
  let other: typeof import('../../src/private/hub-context') | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second copy of the module needs a fresh require
  jest.isolateModules(() => { other = require('../../src/private/hub-context'); });
  expect(other!.hubContext).not.toBe(hubContext);
  expect(other!.hubContext(hub)).toBe(hubContext(hub));
});

test('a DataProductShare of a second copy of the library shares from a hub of the first', () => {
  const { stack, hub, claims } = hubWithProduct();
  let second: typeof import('../../src') | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second copy of the library needs a fresh require
  jest.isolateModules(() => { second = require('../../src'); });
  expect(second!.DataProductShare).not.toBe(DataProductShare);
  new second!.DataProductShare(stack, 'ToBi', { hub, consumer: 'bi', tables: [{ product: claims, table: 'claims', columns: ['claim_id'] }] });
  // issue 13: a named-table share's grants live in the product's shard (Governance-insurance), not in the governance stack.
  // (The hub's discovery grants to every consumer account, D66 — by the discoverable tag and DESCRIBE on the tag values —
  // are in the governance stack: not the share's.)
  const grantsIn = (s: Stack) => ofType(resourcesOf(s), 'AWS::LakeFormation::PrincipalPermissions')
    .filter(([, g]) => g.Properties.Resource.LFTagPolicy?.Expression?.[0]?.TagKey !== 'discoverable' && g.Properties.Resource.LFTag === undefined).map(([, g]) => g.Properties.Principal.DataLakePrincipalIdentifier);
  expect(Stack.of(claims)).not.toBe(stack);
  expect(hub.stacks.map(s => s.stackName)).toEqual(['Governance', 'Governance-insurance']);
  expect(hub.stacks[1]).toBe(Stack.of(claims));
  expect(grantsIn(Stack.of(claims))).toContain(bankMesh.consumer('bi').account);
  expect(grantsIn(stack)).not.toContain(bankMesh.consumer('bi').account);
});

test('a construct that is no hub has no context', () => {
  const { stack } = hubWithProduct();
  expect(() => hubContext(stack)).toThrow("internal: 'Governance' is not a GovernanceHub of cdk-data-mesh");
});
