/*
 * The comparison on its own, on the hand-written L1 assembly (which has what the reference mesh lacks:
 * data-cells filters, a REPLACE settings resource, cross-account re-grants): live snapshots made from the
 * declared one with one change each. The data-cells filters are compared only here and offline, as moto
 * has no CreateDataCellsFilter (docs/audit.md).
 */
import { compareSnapshots, diffColumns, evaluateSnapshot } from '../../src/audit/compare';
import { declaredSnapshot, Item, liveSnapshot, Snapshot } from '../../src/audit/snapshot';
import { emptyState } from '../../src/audit/state';
import { readAssembly } from '../../src/report/assembly';
import { extractFacts } from '../../src/report/facts';
import { loadResources } from '../../src/report/resolver';
import { L1_ASSEMBLY } from '../support/assembly';

const stacks = readAssembly(L1_ASSEMBLY);
const resources = loadResources(stacks);
const { snapshot: declared, extras } = declaredSnapshot(extractFacts(stacks, resources), resources);
const item = (prefix: string, suffix: string): Item => {
  const found = [...declared.items.values()].filter(i => Snapshot.id(i.category, i.key).startsWith(prefix) && i.key.endsWith(suffix));
  if (found.length !== 1) throw new Error(`${found.length} items ${prefix}…${suffix}`);
  return found[0];
};
const id = (i: Item) => Snapshot.id(i.category, i.key);
const compare = (live: Snapshot, options: { unreachable?: string[]; append?: boolean } = {}) => compareSnapshots(
  declared, live, options.append ? { mutationType: new Map([...extras.mutationType.keys()].map(a => [a, 'APPEND'])) } : extras, [],
  (options.unreachable ?? []).map(account => ({ account, message: `cannot reach account ${account}` })),
);
const ids = (r: ReturnType<typeof compare>) => r.findings.map(f => [f.id, f.severity, f.kind]);

test('the declared state, live: no finding', () => {
  expect(compare(declared.with([])).findings).toEqual([]);
});

test("a data-cells filter's row filter changed live: an error, and the rows each grantee now reads", () => {
  const f = item('filter|', '|eu_orders');
  const changed = { ...f, value: { ...f.value, rowFilter: "region = 'us'" }, fact: { ...f.fact, rowFilter: "region = 'us'" } };
  const r = compare(declared.with([{ id: id(f), item: changed }]));
  expect(ids(r)).toEqual([['changed-filter', 'error', 'leak']]);
  const impact = r.findings[0].impact!;
  expect(impact.length).toBeGreaterThan(0);
  expect(impact.some(c => c.rowFilter === "region = 'us'" && c.gained.length > 0)).toBe(true);
  expect(impact.some(c => c.rowFilter === "region = 'eu'" && c.lost.length > 0)).toBe(true);
  expect(r.access).toEqual(impact);
});

test('a data-cells filter deleted live: an outage for its grantees', () => {
  const f = item('filter|', '|eu_orders');
  const r = compare(declared.with([{ id: id(f), item: undefined }]));
  expect(ids(r)).toEqual([['missing-filter', 'error', 'outage']]);
  expect(r.findings[0].impact!.every(c => c.gained.length === 0 && c.lost.length > 0)).toBe(true);
});

test('an extra grant that gives no column (DESCRIBE on a database) is drift, a warning', () => {
  const db = item('database|', '|sales_db');
  const account = db.account;
  const grant = { grantor: account, principal: `arn:aws:iam::${account}:role/someone`, resource: { Database: { CatalogId: account, Name: 'sales_db' } }, permissions: ['DESCRIBE'], grantable: [] };
  const live = declared.with([]);
  live.addGrant(grant, 'live');
  const r = compare(live);
  expect(ids(r)).toEqual([['extra-grant', 'warning', 'drift']]);
  expect(r.findings[0].impact).toEqual([]);
});

test('an admin added live: under REPLACE a leak of every column of its catalog, nothing under APPEND (admins set elsewhere are expected, DM-02)', () => {
  const s = [...declared.items.values()].find(i => i.category === 'settings' && [...declared.items.values()].some(t => t.category === 'table' && t.account === i.account))!;
  const admin = 'arn:aws:iam::000000000000:role/x';
  const more = { ...s, value: { ...s.value, admins: [...s.value.admins, admin].sort() } };
  const r = compare(declared.with([{ id: id(s), item: more }]));
  expect(ids(r)).toEqual([['settings-changed', 'error', 'leak']]);
  const tables = [...declared.items.values()].filter(i => i.category === 'table' && i.account === s.account);
  expect(r.findings[0].impact!.map(c => [c.principal, c.catalog, `${c.database}.${c.table}`, c.gained, c.lost]).sort())
    .toEqual(tables.map(t => [admin, s.account, `${t.fact.database}.${t.fact.name}`, [...t.fact.columns].sort(), []]).sort());
  expect(r.findings[0].message).toContain(`data lake admin ${admin} added — 000000000000:role/x now reads`);
  expect(compare(declared.with([{ id: id(s), item: more }]), { append: true }).findings).toEqual([]);
  // the same principal written another way is no change: an account's root ARN is the account
  const asAccount = { ...s, value: { ...s.value, admins: [...s.value.admins, '000000000000'].sort() } };
  const asRoot = { ...s, value: { ...s.value, admins: [...s.value.admins, 'arn:aws:iam::000000000000:root'].sort() } };
  expect(compareSnapshots(declared.with([{ id: id(s), item: asAccount }]), declared.with([{ id: id(s), item: asRoot }]), extras, [], [])
    .findings.filter(f => f.id === 'settings-changed')).toEqual([]);
});

test('TrustedResourceOwners, AllowFullTableExternalDataAccess and ReadOnlyAdmins are compared where declared', () => {
  const s = [...declared.items.values()].find(i => i.category === 'settings')!;
  const liveValue = { ...s.value, trustedResourceOwners: [], allowFullTableExternalDataAccess: true, readOnlyAdmins: ['arn:aws:iam::000000000000:role/audit'] };
  const live = declared.with([{ id: id(s), item: { ...s, value: liveValue } }]);
  // not declared (null): not compared
  expect(compare(live).findings).toEqual([]);
  const declaring = declared.with([{ id: id(s), item: { ...s, value: { ...s.value, trustedResourceOwners: ['222222222222'], allowFullTableExternalDataAccess: false, readOnlyAdmins: [] } } }]);
  const r = compareSnapshots(declaring, live, extras, [], []);
  expect(r.findings.map(f => f.message)).toEqual([`data lake settings of ${s.account} changed: TrustedResourceOwners [] (declared 222222222222); `
    + 'AllowFullTableExternalDataAccess true (declared false); ReadOnlyAdmins arn:aws:iam::000000000000:role/audit (declared [])']);
});

test('an account that could not be read is taken as declared: its only finding is that it was not audited', () => {
  const accounts = [...new Set(stacks.map(s => s.account))];
  const r = compare(new Snapshot(declared.stacks, declared.buckets), { unreachable: accounts });
  expect(ids(r)).toEqual(accounts.map(() => ['account-unreachable', 'error', 'unreachable']));
  expect(r.access).toEqual([]);
});

/** A grant on sales_db.orders by its own name (a grant through a resource link names the link, and stays). */
function namesOrders(r: any): boolean {
  const t = r.Table ?? r.TableWithColumns;
  return (t?.DatabaseName === 'sales_db' && t?.Name === 'orders') || (r.DataCellsFilter?.DatabaseName === 'sales_db' && r.DataCellsFilter?.TableName === 'orders');
}

test('a table missing live is one finding that carries its tags and grants', () => {
  const t = item('table|', '|orders');
  const gone = [...declared.items.values()].filter(i => i === t || (i.category === 'tag' && String(i.value.resource).includes('|sales_db|orders'))
    || (i.category === 'grant' && namesOrders(i.value.resource)));
  const r = compare(declared.with(gone.map(i => ({ id: id(i), item: undefined }))));
  expect(ids(r)).toEqual([['missing-table', 'error', 'outage']]);
  expect(r.findings[0].message).toContain('table sales_db.orders');
});

test("each finding's impact, evaluated on the tables it can reach, is the whole mesh's: every grant and tag of the L1 assembly removed in turn", () => {
  const baseline = evaluateSnapshot(declared);
  const items = [...declared.items.values()].filter(i => i.category === 'grant' || i.category === 'tag');
  expect(items.length).toBeGreaterThan(20);
  let compared = 0;
  for (const i of items) {
    const live = declared.with([{ id: id(i), item: undefined }]);
    const whole = diffColumns(baseline, evaluateSnapshot(live));
    const found = compare(live).findings.filter(f => f.impact !== null);
    const impacts = found.flatMap(f => f.impact!);
    expect([id(i), impacts]).toEqual([id(i), whole]);
    if (whole.length > 0) compared++;
  }
  expect(compared).toBeGreaterThan(5);
});

test('differences that give columns only together (an LF-tag expression and the two tags it needs): one more finding, access-changed', () => {
  const t = item('table|', '|orders');
  const [cat, db, name] = t.key.split('|');
  const col: string = t.fact.columns[0];
  const principal = `arn:aws:iam::${cat}:role/together`;
  const live = declared.with([]);
  const Expression = [{ TagKey: 'k1', TagValues: ['v'] }, { TagKey: 'k2', TagValues: ['v'] }];
  live.addGrant({ grantor: cat, principal, resource: { LFTagPolicy: { CatalogId: cat, ResourceType: 'TABLE', Expression } }, permissions: ['SELECT'], grantable: [] }, 'live');
  const resource = `${cat}|column|${db}|${name}|${col}`;
  for (const key of ['k1', 'k2']) live.set({ category: 'tag', key: `${resource}#${key}`, account: cat, source: 'live', value: { resource, key, value: 'v' } });
  const r = compare(live);
  expect(ids(r)).toEqual([['access-changed', 'error', 'leak'], ['extra-grant', 'warning', 'drift'], ['extra-tag', 'warning', 'drift'], ['extra-tag', 'warning', 'drift']]);
  expect(r.findings[0].impact).toEqual([expect.objectContaining({ principal, table: name, gained: [col], lost: [] })]);
  expect(r.access).toEqual(r.findings[0].impact);
});

test('past --max-impacts a finding has no impact (null) and counts as an error', () => {
  const f = item('filter|', '|eu_orders');
  const r = compareSnapshots(declared, declared.with([{ id: id(f), item: undefined }]), extras, [], [], { maxImpacts: 0 });
  expect(r.findings.map(x => [x.id, x.severity, x.impact])).toEqual([['missing-filter', 'error', null]]);
  expect(r.findings[0].message).toContain('impact not computed');
});

describe('RAM invitations', () => {
  const GOV = '111111111111';
  const ML = '555555555555';
  const share = (n: number) => `arn:aws:ram:eu-west-1:${GOV}:resource-share/share-${n}`;
  const invitation = (n: number, status: string, at: number, shareNumber = n) => ({
    resourceShareInvitationArn: `arn:aws:ram:eu-west-1:${GOV}:resource-share-invitation/inv-${n}`,
    resourceShareName: `LakeFormation-V4-${GOV}-${shareNumber}`,
    resourceShareArn: share(shareNumber),
    senderAccountId: GOV,
    receiverAccountId: ML,
    invitationTimestamp: at,
    status,
  });
  const run = (invitations: any[], receivedShares: any[] = []) => {
    const state = emptyState(ML, 'eu-west-1');
    const full = {
      ...state, resourceShareInvitations: { resourceShareInvitations: invitations }, resourceShares: { resourceShares: receivedShares },
    };
    return compareSnapshots(declared, declared.with([]), extras, [full], []).findings.map(f => [f.id, f.kind, f.live.resourceShareInvitationArn.split('/')[1]]);
  };

  test('an expired invitation alone is reported; not once a newer one for the same share was accepted, nor when the share is ACTIVE here', () => {
    expect(run([invitation(1, 'EXPIRED', 1000)])).toEqual([['ram-invitation-expired', 'invitation', 'inv-1']]);
    expect(run([invitation(1, 'EXPIRED', 1000), invitation(2, 'ACCEPTED', 2000, 1)])).toEqual([]);
    // an accepted invitation older than the expired one does not hide it, nor one for another share
    expect(run([invitation(1, 'EXPIRED', 2000), invitation(2, 'ACCEPTED', 1000, 1), invitation(3, 'ACCEPTED', 3000)]))
      .toEqual([['ram-invitation-expired', 'invitation', 'inv-1']]);
    expect(run([invitation(1, 'EXPIRED', 1000)], [{ resourceShareArn: share(1), owningAccountId: GOV, status: 'ACTIVE' }])).toEqual([]);
  });

  test('a rejected invitation is an outage unless re-sent and accepted', () => {
    expect(run([invitation(1, 'REJECTED', 1000)])).toEqual([['ram-invitation-rejected', 'outage', 'inv-1']]);
    expect(run([invitation(1, 'REJECTED', '2026-12-01T00:00:00Z' as any), invitation(2, 'ACCEPTED', '2026-12-02T00:00:00Z' as any, 1)])).toEqual([]);
  });
});

test("a location registered with the service-linked role: ListResources answers the role's ARN, the template none; the same", () => {
  const stack = resources[0].stack;
  const arn = 'arn:aws:s3:::bank-lake/raw';
  const withLocation = declaredSnapshot(extractFacts(stacks, resources),
    [...resources, { stack, logicalId: 'Location', type: 'AWS::LakeFormation::Resource', props: { ResourceArn: arn, UseServiceLinkedRole: true } } as any]);
  const locationId = Snapshot.id('location', `${stack.account}|${arn}`);
  const state = {
    ...emptyState(stack.account, 'eu-west-1'),
    listResources: {
      ResourceInfoList: [{
        ResourceArn: arn, RoleArn: `arn:aws-us-gov:iam::${stack.account}:role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess`,
      }],
    },
  };
  const live = liveSnapshot([state], withLocation.snapshot).items.get(locationId)!;
  expect(live.value).toEqual(withLocation.snapshot.items.get(locationId)!.value);
  expect(compareSnapshots(withLocation.snapshot, withLocation.snapshot.with([{ id: locationId, item: live }]), withLocation.extras, [], []).findings)
    .toEqual([]);
  // another role is still a change
  const other = liveSnapshot([{ ...state, listResources: { ResourceInfoList: [{ ResourceArn: arn, RoleArn: `arn:aws:iam::${stack.account}:role/lake` }] } }],
    withLocation.snapshot).items.get(locationId)!;
  expect(compareSnapshots(withLocation.snapshot, withLocation.snapshot.with([{ id: locationId, item: other }]), withLocation.extras, [], [])
    .findings.map(f => f.id)).toEqual(['changed-location']);
});

describe('implicit and copied grants live', () => {
  const grantsOf = (s: Snapshot) => [...s.items.values()].filter(i => i.category === 'grant').map(i => i.value);

  test("the database creator's implicit permissions are left out, as the table creator's", () => {
    const db = [...declared.items.values()].find(i => i.category === 'database' && i.fact.creator !== undefined)!;
    expect(db).toBeDefined();
    const { catalog, name, creator } = db.fact;
    const state = {
      ...emptyState(catalog, 'eu-west-1'),
      listPermissions: {
        PrincipalResourcePermissions: [
          { Principal: { DataLakePrincipalIdentifier: creator }, Resource: { Database: { CatalogId: catalog, Name: name } }, Permissions: ['ALL'], PermissionsWithGrantOption: ['ALL'] },
          { Principal: { DataLakePrincipalIdentifier: `arn:aws:iam::${catalog}:role/other` }, Resource: { Database: { CatalogId: catalog, Name: name } }, Permissions: ['ALL'] },
        ],
      },
    };
    expect(grantsOf(liveSnapshot([state], declared)).map(g => g.principal)).toEqual([`arn:aws:iam::${catalog}:role/other`]);
  });

  test("cross-account version 4: a receiver's copy of a grant the owner lists is no extra grant; without the owner's listing it stays", () => {
    const owner = '111111111111';
    const receiver = '555555555555';
    const grant = {
      Principal: { DataLakePrincipalIdentifier: `arn:aws:iam::${receiver}:role/analyst` },
      Resource: { Table: { CatalogId: owner, DatabaseName: 'sales_db', Name: 'orders' } },
      Permissions: ['SELECT'],
    };
    const ownerState = { ...emptyState(owner, 'eu-west-1'), listPermissions: { PrincipalResourcePermissions: [grant] } };
    const receiverState = { ...emptyState(receiver, 'eu-west-1'), listPermissions: { PrincipalResourcePermissions: [grant] } };
    expect(grantsOf(liveSnapshot([ownerState, receiverState], declared)).map(g => [g.grantor, g.principal]))
      .toEqual([[owner, `arn:aws:iam::${receiver}:role/analyst`]]);
    expect(grantsOf(liveSnapshot([receiverState], declared)).map(g => g.grantor)).toEqual([receiver]);
  });
});
