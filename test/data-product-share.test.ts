/*
 * DataProductShare, asserted on the governance templates: the reference mesh's tag shares (ml up to
 * private, exec up to sensitive, bi public) grant by grant, the consumer tags, the named-tables and
 * data-cells-filter modes on a small mesh, and one `DM-xx` test per pitfall the share owns.
 * The consumer side is in test/data-consumer.test.ts.
 */
import { App, Stack } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { bankMesh, buildBankMesh } from '../examples/typescript/bank-mesh';
import {
  ColumnType, Confidentiality, DataConsumer, DataProductShare, GovernanceHub, LfTagOntology, MeshAccessReport,
} from '../src';
import { resourcesOfAll, stackOfIds } from './support/shards-b';
import { idOf, ofType, Resources, resourcesOf } from './support/template';
import { hubContext } from '../src/private/hub-context';
import { FORBIDDEN_CROSS_ACCOUNT } from '../src/private/lake-formation';


const GOV = '111111111111';
const ACCOUNTS: Record<string, string> = { bi: '444444444444', ml: '555555555555', exec: '666666666666' };
const EXEC_ROLE = `arn:\${AWS::Partition}:iam::${GOV}:role/cdk-hnb659fds-cfn-exec-role-${GOV}-eu-west-1`;
const PRINCIPAL_PERMISSIONS = 'AWS::LakeFormation::PrincipalPermissions';

/** JSON with object keys sorted (array order kept). */
function stable(v: any): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map(k => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
/** Grants and their properties in a canonical order, for exact comparisons. */
const canonical = (grants: any[]) => grants.map(stable).sort().map(g => JSON.parse(g));
const accountPrincipal = (account: string) => ({ DataLakePrincipalIdentifier: account });
/**
 * The hub's discovery grants (D66, test/discovery.test.ts): DESCRIBE on discoverable=yes, and DESCRIBE with grant option on each
 * value of confidentiality and producer, per consumer account. A share's DESCRIBE on its confidentiality levels is the same
 * grant (principal and resource, merged by the registry): the hub's, with or without the share.
 */
const isDiscovery = (g: any) => g.Properties.Resource.LFTagPolicy?.Expression?.[0]?.TagKey === 'discoverable'
  || ['confidentiality', 'producer'].includes(g.Properties.Resource.LFTag?.TagKey);
/** The grants of the shares (not the hub's discovery grants) to an account. */
const grantsTo = (resources: Resources, account: string) =>
  ofType(resources, PRINCIPAL_PERMISSIONS).filter(([, g]) => g.Properties.Principal.DataLakePrincipalIdentifier === account && !isDiscovery(g));

// The reference mesh, synthesized once.
const bank = buildBankMesh(new App());
const { hub } = bank.governance;
const gov = resourcesOf(bank.governance.stack);
// issue 13: the products' resources (databases, tables, their tag associations incl. consumer_<c>=yes, named grants, filters) are in the
// governance shards Governance-<producer>; the LF-tags, settings and the tag-expression grants stay in the governance stack.
const govAll = resourcesOfAll(hub.stacks);
const holder = stackOfIds(hub.stacks);
const settingsId = ofType(gov, 'AWS::LakeFormation::DataLakeSettings')[0][0];
const tagId = (key: string) => ofType(gov, 'AWS::LakeFormation::Tag').find(([, t]) => t.Properties.TagKey === key)![0];
const consumerTags = ofType(govAll, 'AWS::LakeFormation::TagAssociation').filter(([, a]) => a.Properties.LFTags[0].TagKey.startsWith('consumer_'));
/** The ids of `resources` that are not PrincipalPermissions (what a grant waits for besides its predecessor in the stack's grant chain). */
const nonGrants = (resources: Resources, ids: string[] = []) => ids.filter(id => resources[id]?.Type !== PRINCIPAL_PERMISSIONS).sort();

/** The reference shares (DESIGN.md): consumer, levels up to the ceiling, products. */
const SHARES: Array<{ consumer: string; levels: string[]; products: string[] }> = [
  { consumer: 'ml', levels: ['public', 'private'], products: ['life_expectancy'] },
  { consumer: 'exec', levels: ['public', 'private', 'sensitive'], products: ['life_expectancy', 'claims', 'portfolios'] },
  { consumer: 'bi', levels: ['public'], products: ['claims', 'portfolios'] },
];

/** The complete grant set of a tag share (DM-22): each with the grant option on the same permissions. */
function expectedTagShareGrants(consumer: string, levels: string[]) {
  const key = `consumer_${consumer}`;
  const grant = (resource: any, permissions: string[]) => ({
    Catalog: GOV,
    Principal: accountPrincipal(ACCOUNTS[consumer]),
    Resource: resource,
    Permissions: permissions,
    PermissionsWithGrantOption: permissions,
  });
  return canonical([
    grant({ LFTagPolicy: { CatalogId: GOV, ResourceType: 'DATABASE', Expression: [{ TagKey: key, TagValues: ['yes'] }] } }, ['DESCRIBE']),
    grant({
      LFTagPolicy: {
        CatalogId: GOV, ResourceType: 'TABLE', Expression: [{ TagKey: key, TagValues: ['yes'] }, { TagKey: 'confidentiality', TagValues: levels }],
      },
    }, ['DESCRIBE', 'SELECT']),
    grant({ LFTag: { CatalogId: GOV, TagKey: key, TagValues: ['yes'] } }, ['DESCRIBE']),
    // ... and DESCRIBE on each of its confidentiality levels: the hub's discovery grants hold every level (isDiscovery).
  ]);
}

describe.each(SHARES)('reference share to $consumer (tag mode)', ({ consumer, levels, products }) => {
  const account = ACCOUNTS[consumer];
  const key = `consumer_${consumer}`;
  const own = grantsTo(gov, account);
  const ownTags = consumerTags.filter(([, a]) => a.Properties.LFTags[0].TagKey === key);

  test(`exactly the tag-share grants to account ${account}: DATABASE DESCRIBE on ${key}=yes, TABLE DESCRIBE/SELECT on ${key}=yes AND ` +
    `confidentiality IN (${levels.join(', ')}), DESCRIBE on ${key}=yes and on each level; all with grant option, Catalog ${GOV}`, () => {
    expect(canonical(own.map(([, g]) => g.Properties))).toEqual(expectedTagShareGrants(consumer, levels));
  });

  test(`${key}=yes is attached to each shared product database, exactly once: ${products.join(', ')}`, () => {
    expect(ownTags.map(([, a]) => a.Properties).sort((a, b) => a.Resource.Database.Name.localeCompare(b.Resource.Database.Name))).toEqual(
      products.map(p => `bank_${p}`).sort().map(name => ({
        LFTags: [{ CatalogId: GOV, TagKey: key, TagValues: ['yes'] }],
        Resource: { Database: { CatalogId: GOV, Name: name } },
      })),
    );
  });

  test('each consumer tag is in its product\'s shard and waits for its database (DependsOn) and for the settings and its Tag (the shard deploys ' +
    'after the governance stack); no Retain (removing the share removes it)', () => {
    expect(ownTags).toHaveLength(products.length);
    for (const [id, a] of ownTags) {
      const product = hub.dataProducts.find(p => p.databaseName === a.Properties.Resource.Database.Name)!;
      expect({ id, stack: holder[id].stackName }).toEqual({ id, stack: Stack.of(product).stackName });
      expect(holder[id]).not.toBe(bank.governance.stack);
      expect(holder[id].dependencies).toContain(bank.governance.stack);
      expect([holder[settingsId], holder[tagId(key)]]).toEqual([bank.governance.stack, bank.governance.stack]);
      expect(a.DependsOn).toEqual(expect.arrayContaining([idOf(product._database)]));
      expect({ id, policy: a.DeletionPolicy }).toEqual({ id, policy: undefined });
    }
  });

  test('the tag policies wait only for the settings and the tags of their expression (not for associations, databases or tables, issue 13); ' +
    'DESCRIBE on a tag value waits for the settings and its Tag', () => {
    expect(own.length).toBeGreaterThan(0);
    for (const [id, g] of own) {
      const r = g.Properties.Resource;
      const expected = r.LFTagPolicy
        // the share's LF-tags (its consumer key and the confidentiality key), for the DATABASE expression as for the TABLE one
        ? [settingsId, tagId(key), tagId('confidentiality')]
        : [settingsId, tagId(r.LFTag.TagKey)];
      expect({ id, deps: nonGrants(gov, g.DependsOn) }).toEqual({ id, deps: [...new Set(expected)].sort() });
    }
  });
});

test('the shares add 9 grants to the governance stack and 6 consumer tags to the governance shards, nothing else LF', () => {
  const toAccounts = (r: Resources) => ofType(r, PRINCIPAL_PERMISSIONS).filter(([, g]) => typeof g.Properties.Principal.DataLakePrincipalIdentifier === 'string' &&
    !isDiscovery(g));
  // Per tag share: DATABASE and TABLE policies and DESCRIBE on consumer_<c>=yes (its levels' DESCRIBE are the discovery grants, D66).
  expect(toAccounts(gov)).toHaveLength(3 * 3);
  expect(toAccounts(govAll)).toHaveLength(3 * 3);
  expect(consumerTags).toHaveLength(6);
  expect(consumerTags.filter(([id]) => holder[id] === bank.governance.stack)).toEqual([]);
  expect(ofType(govAll, 'AWS::LakeFormation::DataCellsFilter')).toHaveLength(0);
});

// ---------------------------------------------------------------------------------------------
// A small mesh for the other modes and for variations: the bank's description, two products.

function smallMesh(app = new App()) {
  const stack = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
  const ontology = new LfTagOntology(stack, 'Tags', { mesh: bankMesh });
  const h = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology });
  const lifeExpectancy = h.addDataProduct('life_expectancy', {
    tables: [{
      name: 'policyholder_life_expectancy',
      columns: [
        { name: 'policy_id', type: ColumnType.STRING },
        { name: 'customer_name', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE },
        { name: 'age', type: ColumnType.INT },
        { name: 'life_expectancy', type: ColumnType.DOUBLE, confidentiality: Confidentiality.SENSITIVE },
      ],
    }],
  });
  const claims = h.addDataProduct('claims', {
    tables: [
      {
        name: 'claims',
        columns: [
          { name: 'claim_id', type: ColumnType.STRING },
          { name: 'region', type: ColumnType.STRING },
          { name: 'amount', type: ColumnType.DOUBLE },
          { name: 'claimant_name', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE },
        ],
      },
      { name: 'payments', columns: [{ name: 'payment_id', type: ColumnType.STRING }, { name: 'iban', type: ColumnType.STRING, confidentiality: Confidentiality.SENSITIVE }] },
    ],
  });
  return { app, stack, ontology, hub: h, lifeExpectancy, claims };
}

describe('named tables and columns (tables mode)', () => {
  const m = smallMesh();
  new DataProductShare(m.stack, 'ToBiTables', {
    hub: m.hub,
    consumer: 'bi',
    tables: [
      { product: m.lifeExpectancy, table: 'policyholder_life_expectancy', columns: ['policy_id', 'age'] },
      { product: m.claims, table: 'claims' },
      { product: m.claims, table: 'payments', columns: ['payment_id'] },
    ],
  });
  const res = resourcesOfAll(m.hub.stacks);
  const own = grantsTo(res, ACCOUNTS.bi);
  const byResource = (pred: (r: any) => boolean) => own.filter(([, g]) => pred(g.Properties.Resource));

  test('the named grants are in the products\' shard (Governance-insurance: both products are insurance\'s), none in the governance stack', () => {
    expect(m.hub.stacks.map(s => s.stackName)).toEqual(['Governance', 'Governance-insurance']);
    expect(grantsTo(resourcesOf(m.stack), ACCOUNTS.bi)).toEqual([]);
    expect(grantsTo(resourcesOf(m.hub.stacks[1]), ACCOUNTS.bi)).toHaveLength(5);
  });

  test('grants: DESCRIBE on each database (once per product), SELECT on the named columns, DESCRIBE/SELECT on a whole table; all grantable', () => {
    const grant = (resource: any, permissions: string[]) => ({
      Catalog: GOV, Principal: accountPrincipal(ACCOUNTS.bi), Resource: resource, Permissions: permissions, PermissionsWithGrantOption: permissions,
    });
    expect(canonical(own.map(([, g]) => g.Properties))).toEqual(canonical([
      grant({ Database: { CatalogId: GOV, Name: 'bank_life_expectancy' } }, ['DESCRIBE']),
      grant({ Database: { CatalogId: GOV, Name: 'bank_claims' } }, ['DESCRIBE']),
      grant({ TableWithColumns: { CatalogId: GOV, DatabaseName: 'bank_life_expectancy', Name: 'policyholder_life_expectancy', ColumnNames: ['age', 'policy_id'] } }, ['SELECT']),
      grant({ Table: { CatalogId: GOV, DatabaseName: 'bank_claims', Name: 'claims' } }, ['DESCRIBE', 'SELECT']),
      grant({ TableWithColumns: { CatalogId: GOV, DatabaseName: 'bank_claims', Name: 'payments', ColumnNames: ['payment_id'] } }, ['SELECT']),
    ]));
  });

  test('no consumer tag: named shares do not touch the tags', () => {
    expect(ofType(res, 'AWS::LakeFormation::TagAssociation').filter(([, a]) => a.Properties.LFTags[0].TagKey.startsWith('consumer_'))).toEqual([]);
  });

  test('a table grant waits for its database and tables; a database grant for its database', () => {
    for (const [id, g] of byResource(r => r.Table || r.TableWithColumns)) {
      const r = g.Properties.Resource.Table ?? g.Properties.Resource.TableWithColumns;
      const product = m.hub.dataProducts.find(p => p.databaseName === r.DatabaseName)!;
      expect({ id, deps: g.DependsOn }).toEqual({ id, deps: expect.arrayContaining([idOf(product._database), ...product._tables.map(idOf)]) });
    }
    for (const [id, g] of byResource(r => r.Database)) {
      const product = m.hub.dataProducts.find(p => p.databaseName === g.Properties.Resource.Database.Name)!;
      expect({ id, deps: g.DependsOn }).toEqual({ id, deps: expect.arrayContaining([idOf(product._database)]) });
    }
  });
});

describe('data-cells filter (cells mode)', () => {
  const m = smallMesh();
  new DataProductShare(m.stack, 'ToMlCells', {
    hub: m.hub,
    consumer: 'ml',
    cellsFilter: { product: m.claims, table: 'claims', name: 'eu_claims', rowFilter: "region = 'EU'", excludedColumns: ['claimant_name'] },
  });
  new DataProductShare(m.stack, 'ToExecCells', {
    hub: m.hub, consumer: 'exec', cellsFilter: { product: m.claims, table: 'claims', name: 'all_claims' },
  });
  // The filters and their grants are in claims' shard (issue 13).
  const res = resourcesOf(Stack.of(m.claims));
  const filters = ofType(res, 'AWS::LakeFormation::DataCellsFilter');
  const filterId = (name: string) => filters.find(([, f]) => f.Properties.Name === name)![0];

  test('the filter: the table in the governance catalog, the row filter, every column but the excluded ones', () => {
    expect(res[filterId('eu_claims')].Properties).toEqual({
      TableCatalogId: GOV,
      DatabaseName: 'bank_claims',
      TableName: 'claims',
      Name: 'eu_claims',
      RowFilter: { FilterExpression: "region = 'EU'" },
      ColumnWildcard: { ExcludedColumnNames: ['claimant_name'] },
    });
  });

  test('without rowFilter and excludedColumns: all rows (AllRowsWildcard), every column', () => {
    expect(res[filterId('all_claims')].Properties).toMatchObject({ RowFilter: { AllRowsWildcard: {} }, ColumnWildcard: { ExcludedColumnNames: [] } });
  });

  test('grants: DESCRIBE on the database, SELECT (only: Lake Formation grants another account no other permission on a filter) on the filter, ' +
    'both grantable; the filter grant waits for the filter', () => {
    const own = grantsTo(res, ACCOUNTS.ml);
    expect(canonical(own.map(([, g]) => g.Properties))).toEqual(canonical([
      {
        Catalog: GOV,
        Principal: accountPrincipal(ACCOUNTS.ml),
        Resource: { Database: { CatalogId: GOV, Name: 'bank_claims' } },
        Permissions: ['DESCRIBE'],
        PermissionsWithGrantOption: ['DESCRIBE'],
      },
      {
        Catalog: GOV,
        Principal: accountPrincipal(ACCOUNTS.ml),
        Resource: { DataCellsFilter: { TableCatalogId: GOV, DatabaseName: 'bank_claims', TableName: 'claims', Name: 'eu_claims' } },
        Permissions: ['SELECT'],
        PermissionsWithGrantOption: ['SELECT'],
      },
    ]));
    const [filterGrantId, filterGrant] = own.find(([, g]) => g.Properties.Resource.DataCellsFilter)!;
    expect({ filterGrantId, deps: filterGrant.DependsOn }).toEqual({ filterGrantId, deps: expect.arrayContaining([filterId('eu_claims')]) });
  });

  test('the filter waits for the product\'s tables (DependsOn, in its shard) and the settings (the shard deploys after the governance stack)', () => {
    expect(Stack.of(m.claims)).not.toBe(m.stack);
    expect(ofType(resourcesOf(m.stack), 'AWS::LakeFormation::DataCellsFilter')).toEqual([]);
    expect(res[filterId('eu_claims')].DependsOn).toEqual(expect.arrayContaining(m.claims._tables.map(idOf)));
    expect(ofType(resourcesOf(m.stack), 'AWS::LakeFormation::DataLakeSettings')).toHaveLength(1);
    expect(Stack.of(m.claims).dependencies).toContain(m.stack);
  });
});

// ---------------------------------------------------------------------------------------------

/** Every stack template of an assembly, with its account. */
function templates(assembly: CloudAssembly): Array<{ name: string; account: string; resources: Resources }> {
  return assembly.stacks.map(s => ({ name: s.stackName, account: s.environment.account, resources: s.template.Resources ?? {} }));
}

/** The account of a grant's principal: a literal account id or ARN, a role of the stack itself (GetAtt), or a partition-aware ARN. */
function principalAccount(principal: any, stackAccount: string): string {
  if (typeof principal === 'string') return /^\d{12}$/.test(principal) ? principal : /^arn:[^:]+:iam::(\d{12}):/.exec(principal)![1];
  if (principal['Fn::GetAtt']) return stackAccount;
  const text = principal['Fn::Sub'] ?? (principal['Fn::Join'][1] as any[]).map(p => typeof p === 'string' ? p : '?').join('');
  return /:iam::(\d{12}):/.exec(text)![1];
}

describe('pitfalls', () => {
  const referenceAssembly = (() => {
    const app = new App();
    buildBankMesh(app);
    return app.synth();
  })();

  test('DM-01: every consumer tag and share grant waits for the settings that make the deployer (the CDK execution role) an admin', () => {
    expect(gov[settingsId].Properties.Admins).toContainEqual({ DataLakePrincipalIdentifier: { 'Fn::Sub': EXEC_ROLE } });
    // The shares' resources and the hub's discovery grants (D66: 2 tag policies and 5 tag values per consumer account).
    const shareResources = [...consumerTags, ...ofType(govAll, PRINCIPAL_PERMISSIONS).filter(([, g]) => typeof g.Properties.Principal.DataLakePrincipalIdentifier === 'string')];
    expect(shareResources).toHaveLength(6 + 9 + 3 * (2 + 5));
    // In the governance stack by DependsOn; in a shard by the shard's stack dependency on the governance stack (issue 13).
    const inGov = shareResources.filter(([id]) => holder[id] === bank.governance.stack);
    expect(inGov).toHaveLength(9 + 3 * (2 + 5));
    expect(inGov.filter(([, r]) => !(r.DependsOn ?? []).includes(settingsId)).map(([id]) => id)).toEqual([]);
    for (const [id] of shareResources.filter(([x]) => holder[x] !== bank.governance.stack)) {
      expect({ id, after: holder[id].dependencies.includes(bank.governance.stack) }).toEqual({ id, after: true });
    }
  });

  test('DM-18/DM-19/DM-21: each consumer tag sets one key with the single value yes, owned by the governance catalog, after its Tag ' +
    '(its shard deploys after the governance stack, which holds the Tag)', () => {
    expect(consumerTags).toHaveLength(6);
    for (const [id, a] of consumerTags) {
      expect(a.Properties.LFTags).toHaveLength(1);
      const [t] = a.Properties.LFTags;
      expect({ id, t }).toEqual({ id, t: { CatalogId: GOV, TagKey: expect.stringMatching(/^consumer_(bi|ml|exec)$/), TagValues: ['yes'] } });
      expect(a.Properties.Resource.Database.CatalogId).toBe(GOV);
      expect(holder[tagId(t.TagKey)]).toBe(bank.governance.stack);
      expect(holder[id].dependencies).toContain(bank.governance.stack);
    }
  });

  test('DM-22: every cross-account grant carries the grant option on exactly its permissions, and DESCRIBE with grant option on every ' +
    'tag value of its TABLE expression (so the consumer can re-grant narrower expressions)', () => {
    for (const { consumer } of SHARES) {
      const own = grantsTo(gov, ACCOUNTS[consumer]);
      for (const [id, g] of own) expect({ id, option: g.Properties.PermissionsWithGrantOption }).toEqual({ id, option: g.Properties.Permissions });
      const table = own.find(([, g]) => g.Properties.Resource.LFTagPolicy?.ResourceType === 'TABLE')![1].Properties.Resource.LFTagPolicy;
      // What the account may DESCRIBE with grant option, the discovery grants' tag values (D66) included.
      const all = ofType(gov, PRINCIPAL_PERMISSIONS).filter(([, g]) => g.Properties.Principal.DataLakePrincipalIdentifier === ACCOUNTS[consumer]);
      const describable = new Set(all.filter(([, g]) => g.Properties.Resource.LFTag && g.Properties.PermissionsWithGrantOption.includes('DESCRIBE'))
        .flatMap(([, g]) => (g.Properties.Resource.LFTag.TagValues as string[]).map(v => `${g.Properties.Resource.LFTag.TagKey}=${v}`)));
      const needed = (table.Expression as any[]).flatMap(e => (e.TagValues as string[]).map(v => `${e.TagKey}=${v}`));
      expect(needed.filter(n => !describable.has(n))).toEqual([]);
    }
  });

  test('DM-23: no template of the mesh grants ALL, DROP, SUPER, ALTER or DATA_LOCATION_ACCESS to another account', () => {
    let crossAccount = 0;
    for (const { name, account, resources } of templates(referenceAssembly)) {
      for (const [id, g] of ofType(resources, PRINCIPAL_PERMISSIONS)) {
        if (principalAccount(g.Properties.Principal.DataLakePrincipalIdentifier, account) === account) continue;
        crossAccount++;
        const all = [...g.Properties.Permissions, ...g.Properties.PermissionsWithGrantOption];
        expect({ name, id, forbidden: all.filter(p => FORBIDDEN_CROSS_ACCOUNT.includes(p)) }).toEqual({ name, id, forbidden: [] });
      }
    }
    expect(crossAccount).toBe(9 + 3 * (2 + 5)); // the shares' grants and the discovery grants (D66), DESCRIBE only
  });

  test.each(FORBIDDEN_CROSS_ACCOUNT)('DM-23: the grant registry refuses %s to another account (account id, or a partition-aware role ARN; with or without grant option)', permission => {
    const m = smallMesh();
    const resource = { database: { catalogId: GOV, name: 'bank_claims' } };
    const message = `DataProductShare 'X': refusing to grant ${permission} to account 555555555555 (DM-23): the mesh never gives another account ` +
      'ALL, DROP, SUPER, ALTER or data-location access. Share with DESCRIBE/SELECT instead.';
    expect(() => hubContext(m.hub).grants.grant({ requester: "DataProductShare 'X'", principal: ACCOUNTS.ml, resource, permissions: [permission] })).toThrow(message);
    const role = m.stack.formatArn({ service: 'iam', region: '', account: ACCOUNTS.ml, resource: 'role', resourceName: 'intruder' });
    expect(() => hubContext(m.hub).grants.grant({ requester: "DataProductShare 'X'", principal: role, resource, permissions: ['DESCRIBE'], permissionsWithGrantOption: [permission] }))
      .toThrow(message);
    // The governance account's own principals may hold them (the crawler has ALTER and DATA_LOCATION_ACCESS).
    expect(() => hubContext(m.hub).grants.grant({ requester: 'test', principal: m.hub.adminRole.roleArn, resource, permissions: [permission] })).not.toThrow();
  });

  test('DM-24: the PrincipalPermissions of every stack of the mesh form one DependsOn chain', () => {
    for (const { name, resources } of templates(referenceAssembly)) {
      const ids = ofType(resources, PRINCIPAL_PERMISSIONS).map(([id]) => id);
      if (ids.length === 0) continue;
      const previous = new Map(ids.map(id => [id, (resources[id].DependsOn ?? []).filter(d => ids.includes(d))]));
      const heads = ids.filter(id => previous.get(id)!.length === 0);
      expect({ name, heads: heads.length }).toEqual({ name, heads: 1 });
      const chain = [heads[0]];
      for (;;) {
        const next = ids.filter(id => previous.get(id)!.length === 1 && previous.get(id)![0] === chain[chain.length - 1]);
        if (next.length === 0) break;
        expect({ name, after: chain[chain.length - 1], next: next.length }).toEqual({ name, after: chain[chain.length - 1], next: 1 });
        chain.push(next[0]);
      }
      expect({ name, chained: chain.length }).toEqual({ name, chained: ids.length });
    }
  });

  test('DM-25: one PrincipalPermissions per principal and resource in every template of the mesh', () => {
    for (const { name, resources } of templates(referenceAssembly)) {
      const pairs = ofType(resources, PRINCIPAL_PERMISSIONS).map(([, g]) => JSON.stringify([g.Properties.Principal, g.Properties.Resource]));
      expect({ name, duplicates: pairs.length - new Set(pairs).size }).toEqual({ name, duplicates: 0 });
    }
  });

  test('DM-25: two tag shares to one consumer (same ceiling) produce one DATABASE and one TABLE policy grant, after the LF-tags of their expression', () => {
    const m = smallMesh();
    new DataProductShare(m.stack, 'ToBiLife', { hub: m.hub, consumer: 'bi', products: [m.lifeExpectancy] });
    new DataProductShare(m.stack, 'ToBiClaims', { hub: m.hub, consumer: 'bi', products: [m.claims] });
    const res = resourcesOf(m.stack);
    const own = grantsTo(res, ACCOUNTS.bi);
    expect(canonical(own.map(([, g]) => g.Properties))).toEqual(expectedTagShareGrants('bi', ['public']));
    const tags = ofType(resourcesOfAll(m.hub.stacks), 'AWS::LakeFormation::TagAssociation').filter(([, a]) => a.Properties.LFTags[0].TagKey === 'consumer_bi');
    expect(tags).toHaveLength(2);
    const tag = (key: string) => ofType(res, 'AWS::LakeFormation::Tag').find(([, t]) => t.Properties.TagKey === key)![0];
    for (const [, g] of own.filter(([, x]) => x.Properties.Resource.LFTagPolicy)) expect(g.DependsOn).toEqual(expect.arrayContaining([tag('consumer_bi')]));
  });

  test('DM-25: two named shares of one product to one consumer share one database grant; a second request on a pair merges its permissions', () => {
    const m = smallMesh();
    new DataProductShare(m.stack, 'ToBiClaims', { hub: m.hub, consumer: 'bi', tables: [{ product: m.claims, table: 'claims', columns: ['claim_id'] }] });
    new DataProductShare(m.stack, 'ToBiPayments', { hub: m.hub, consumer: 'bi', tables: [{ product: m.claims, table: 'payments', columns: ['payment_id'] }] });
    const resource = { table: { catalogId: GOV, databaseName: 'bank_claims', name: 'claims' } };
    hubContext(m.hub).grants.grant({ requester: 'test', principal: ACCOUNTS.exec, resource, permissions: ['DESCRIBE'], permissionsWithGrantOption: ['DESCRIBE'] });
    hubContext(m.hub).grants.grant({ requester: 'test', principal: ACCOUNTS.exec, resource, permissions: ['SELECT'] });
    const res = resourcesOfAll(m.hub.stacks);
    expect(grantsTo(res, ACCOUNTS.bi).filter(([, g]) => g.Properties.Resource.Database)).toHaveLength(1);
    expect(grantsTo(res, ACCOUNTS.exec).map(([, g]) => [g.Properties.Permissions, g.Properties.PermissionsWithGrantOption])).toEqual([[['DESCRIBE', 'SELECT'], ['DESCRIBE']]]);
  });

  test('DM-26: only AWS::LakeFormation::PrincipalPermissions, never the legacy AWS::LakeFormation::Permissions, in any template', () => {
    const all = templates(referenceAssembly).flatMap(t => Object.values(t.resources).map(r => r.Type));
    expect(all.filter(t => t === 'AWS::LakeFormation::Permissions')).toEqual([]);
    expect(all.filter(t => t === PRINCIPAL_PERMISSIONS).length).toBeGreaterThanOrEqual(24 + 12);
  });

  test('DM-28: a database grant waits for its database, a table grant for its tables, a filter grant for its filter, a tag-value grant for its Tag', () => {
    const m = smallMesh();
    new DataProductShare(m.stack, 'ToBi', { hub: m.hub, consumer: 'bi', products: [m.lifeExpectancy] });
    new DataProductShare(m.stack, 'ToMl', { hub: m.hub, consumer: 'ml', tables: [{ product: m.claims, table: 'payments' }] });
    new DataProductShare(m.stack, 'ToExec', { hub: m.hub, consumer: 'exec', cellsFilter: { product: m.claims, table: 'claims', name: 'f' } });
    // The named grants and the filter are in the products' shard, the tag grants in the governance stack (issue 13).
    const res = resourcesOfAll(m.hub.stacks);
    const filterId = ofType(res, 'AWS::LakeFormation::DataCellsFilter')[0][0];
    const dbId = (name: string) => idOf(m.hub.dataProducts.find(p => p.databaseName === name)!._database);
    const checked: string[] = [];
    for (const [id, g] of ofType(res, PRINCIPAL_PERMISSIONS).filter(([, x]) => typeof x.Properties.Principal.DataLakePrincipalIdentifier === 'string')) {
      const r = g.Properties.Resource;
      const named = r.Database ? [dbId(r.Database.Name)]
        : r.Table ? [dbId(r.Table.DatabaseName), ...m.claims._tables.map(idOf)]
          : r.DataCellsFilter ? [filterId]
            : r.LFTag ? [ofType(res, 'AWS::LakeFormation::Tag').find(([, t]) => t.Properties.TagKey === r.LFTag.TagKey)![0]]
              : [ofType(res, 'AWS::LakeFormation::Tag').find(([, t]) => t.Properties.TagKey === r.LFTagPolicy.Expression[0].TagKey)![0]];
      expect({ id, deps: g.DependsOn }).toEqual({ id, deps: expect.arrayContaining(named) });
      checked.push(Object.keys(r)[0]);
    }
    expect([...new Set(checked)].sort()).toEqual(['DataCellsFilter', 'Database', 'LFTag', 'LFTagPolicy', 'Table']);
  });

  test('DM-31: every share grant is made in the governance catalog (Catalog) and names governance-owned objects (CatalogId, TableCatalogId)', () => {
    const m = smallMesh();
    new DataProductShare(m.stack, 'ToBi', { hub: m.hub, consumer: 'bi', products: [m.lifeExpectancy] });
    new DataProductShare(m.stack, 'ToMl', { hub: m.hub, consumer: 'ml', tables: [{ product: m.claims, table: 'payments', columns: ['payment_id'] }] });
    new DataProductShare(m.stack, 'ToExec', { hub: m.hub, consumer: 'exec', cellsFilter: { product: m.claims, table: 'claims', name: 'f' } });
    const res = resourcesOfAll(m.hub.stacks);
    const ids: string[] = [];
    const collect = (v: any): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (k === 'CatalogId' || k === 'TableCatalogId' || k === 'Catalog') ? ids.push(x as string) : collect(x);
    };
    for (const [, r] of Object.entries(res).filter(([, x]) => x.Type.startsWith('AWS::LakeFormation::') || x.Type.startsWith('AWS::Glue::'))) collect(r.Properties);
    expect(ids.length).toBeGreaterThan(40);
    expect([...new Set(ids)]).toEqual([GOV]);
  });

  test('DM-34: a data-cells filter hides the excluded PII column and the rows outside its filter (report of the synthesized mesh)', () => {
    const m = smallMesh();
    new DataProductShare(m.stack, 'ToMl', {
      hub: m.hub, consumer: 'ml', cellsFilter: { product: m.claims, table: 'claims', name: 'eu_claims', rowFilter: "region = 'EU'", excludedColumns: ['claimant_name'] },
    });
    const report = MeshAccessReport.fromAssemblyDirectory(m.app.synth().directory);
    const entry = report.access.find(a => a.principal === ACCOUNTS.ml && a.table === 'claims')!;
    expect(entry.columns).toEqual(['amount', 'claim_id', 'region']);
    expect(entry.rowFilter).toBe("region = 'EU'");
  });

  test('DM-36: the share grants name the consumer by its literal account id (no token, no cross-stack reference); consumer stacks deploy after governance', () => {
    for (const [, g] of ofType(gov, PRINCIPAL_PERMISSIONS).filter(([, x]) => typeof x.Properties.Principal.DataLakePrincipalIdentifier === 'string')) {
      expect(Object.values(ACCOUNTS)).toContain(g.Properties.Principal.DataLakePrincipalIdentifier);
    }
    expect(JSON.stringify(gov)).not.toContain('Fn::ImportValue');
    for (const { stack } of Object.values(bank.consumers)) expect(stack.dependencies).toContain(bank.governance.stack);
  });

  test('DM-39: DESCRIBE on each tag value is its own grant, so lowering a ceiling replaces none (logical IDs unchanged); ' +
    'the levels above stay, as the hub\'s discovery grants (D66)', () => {
    const build = (ceiling: Confidentiality) => {
      const m = smallMesh();
      new DataProductShare(m.stack, 'ToExec', { hub: m.hub, consumer: 'exec', products: [m.lifeExpectancy], maxConfidentiality: ceiling, allowSensitive: true });
      return new Map(ofType(resourcesOf(m.stack), PRINCIPAL_PERMISSIONS)
        .filter(([, g]) => g.Properties.Principal.DataLakePrincipalIdentifier === ACCOUNTS.exec && g.Properties.Resource.LFTag)
        .map(([id, g]) => [id, `${g.Properties.Resource.LFTag.TagKey}=${g.Properties.Resource.LFTag.TagValues.join('|')}`]));
    };
    const v1 = build(Confidentiality.SENSITIVE);
    const v2 = build(Confidentiality.PRIVATE);
    expect([...v1.values()].filter(v => !v.startsWith('producer=')).sort())
      .toEqual(['confidentiality=private', 'confidentiality=public', 'confidentiality=sensitive', 'consumer_exec=yes']);
    const removed = [...v1.keys()].filter(id => !v2.has(id)).map(id => v1.get(id));
    const added = [...v2.keys()].filter(id => !v1.has(id));
    expect({ removed, added }).toEqual({ removed: [], added: [] });
  });

  test('DM-39: a consumer tag\'s logical ID depends only on product and consumer: renaming or splitting the share keeps it (no create-then-strip)', () => {
    const ids = (declare: (m: ReturnType<typeof smallMesh>) => void) => {
      const m = smallMesh();
      declare(m);
      return ofType(resourcesOfAll(m.hub.stacks), 'AWS::LakeFormation::TagAssociation').filter(([, a]) => a.Properties.LFTags[0].TagKey === 'consumer_exec').map(([id]) => id).sort();
    };
    const one = ids(m => new DataProductShare(m.stack, 'ToExec', { hub: m.hub, consumer: 'exec', products: [m.lifeExpectancy, m.claims] }));
    const split = ids(m => {
      new DataProductShare(m.stack, 'ToExecLife', { hub: m.hub, consumer: 'exec', products: [m.lifeExpectancy] });
      new DataProductShare(m.stack, 'ToExecClaims', { hub: m.hub, consumer: 'exec', products: [m.claims] });
    });
    expect(one).toHaveLength(2);
    expect(split).toEqual(one);
  });

  test('DM-39: the consumer tags and the share grants carry no Retain policy: removing a share revokes it', () => {
    const shareResources = [...consumerTags, ...ofType(govAll, PRINCIPAL_PERMISSIONS)];
    expect(shareResources.filter(([, r]) => r.DeletionPolicy !== undefined).map(([id]) => id)).toEqual([]);
  });
});

test('a DataConsumer declared after the shares receives exactly what they declared (the registry the two sides share)', () => {
  const m = smallMesh();
  new DataProductShare(m.stack, 'ToBi', { hub: m.hub, consumer: 'bi', products: [m.lifeExpectancy] });
  new DataProductShare(m.stack, 'ToBiPayments', { hub: m.hub, consumer: 'bi', tables: [{ product: m.claims, table: 'payments', columns: ['payment_id'] }] });
  const consumer = new DataConsumer(new Stack(m.app, 'Bi', { env: bankMesh.consumerEnv('bi') }), 'Consumer', { mesh: bankMesh, domain: 'bi' });
  expect(consumer.resourceLinks).toEqual({ life_expectancy: 'bank_life_expectancy', claims: 'bank_claims' });
});
