/*
 * Discovery (issue 18 item 2, D66-D68): every consumer account and its roles DESCRIBE every discoverable product (metadata,
 * never data) through discoverable=yes and two grants per consumer account (and per role), whatever the number of products;
 * products opt out; the report lists metadata-only entries; the access matrix of the reference mesh is unchanged.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { bankMesh, buildBankMesh } from '../examples/typescript/bank-mesh';
import { ColumnType, DataConsumer, GovernanceHub, LfTagOntology, MeshAccessReport } from '../src';
import { evaluate, removeTmpDirs, rows, synthBankMesh } from './support/assembly';
import { resourcesOfAll } from './support/shards-b';
import { ofType, Resources, resourcesOf } from './support/template';
import { AccessReport } from '../src/report/analyze';
import { formatJson, formatTable } from '../src/report/format';

const GOV = bankMesh.governanceAccount;
const PP = 'AWS::LakeFormation::PrincipalPermissions';
const ACCOUNTS = { bi: '444444444444', ml: '555555555555', exec: '666666666666' };
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const DISCOVERY = [{ TagKey: 'discoverable', TagValues: ['yes'] }];
const isDiscovery = (g: any) => JSON.stringify(g.Properties.Resource.LFTagPolicy?.Expression) === JSON.stringify(DISCOVERY);
const discoveryGrants = (resources: Resources) => ofType(resources, PP).filter(([, g]) => isDiscovery(g));
const discoveryTags = (resources: Resources) => ofType(resources, 'AWS::LakeFormation::TagAssociation')
  .filter(([, a]) => a.Properties.LFTags.some((t: any) => t.TagKey === 'discoverable'));

afterAll(() => removeTmpDirs());

/** A governance stack of the bank mesh with `products` added (one table each). */
function governance(products: string[]) {
  const stack = new Stack(new App(), 'Governance', { env: bankMesh.governanceEnv() });
  const ontology = new LfTagOntology(stack, 'Tags', { mesh: bankMesh });
  const hub = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology });
  for (const p of products) hub.addDataProduct(p, { tables: [{ name: 't', columns: [{ name: 'id', type: ColumnType.STRING }] }] });
  return { stack, hub, all: resourcesOfAll(hub.stacks) };
}

describe('grants grow with consumers, not with products or tables', () => {
  test.each([[['claims']], [['claims', 'life_expectancy', 'portfolios']]])('%j: two DESCRIBE grants with grant option per consumer account, in the governance stack', products => {
    const { stack, all } = governance(products);
    const grants = discoveryGrants(all);
    expect(grants.map(([, g]) => `${g.Properties.Principal.DataLakePrincipalIdentifier} ${g.Properties.Resource.LFTagPolicy.ResourceType} ` +
      `${g.Properties.Permissions}/${g.Properties.PermissionsWithGrantOption}`).sort())
      .toEqual(Object.values(ACCOUNTS).flatMap(a => [`${a} DATABASE DESCRIBE/DESCRIBE`, `${a} TABLE DESCRIBE/DESCRIBE`]).sort());
    // Governance stack only (they name the LF-tag, not the databases), identical whatever the products: same logical IDs.
    expect(discoveryGrants(resourcesOf(stack)).map(([id]) => id).sort()).toEqual(grants.map(([id]) => id).sort());
    // One association per product database, in its shard.
    expect(discoveryTags(all).map(([, a]) => a.Properties.Resource.Database.Name).sort()).toEqual(products.map(p => `bank_${p}`).sort());
    expect(discoveryTags(resourcesOf(stack))).toEqual([]);
  });

  test('the discovery grants of 1 and of 3 products are the same resources (logical IDs and properties)', () => {
    const one = Object.fromEntries(discoveryGrants(governance(['claims']).all).map(([id, g]) => [id, g.Properties]));
    const three = Object.fromEntries(discoveryGrants(governance(['claims', 'life_expectancy', 'portfolios']).all).map(([id, g]) => [id, g.Properties]));
    expect(three).toEqual(one);
  });

  test('a consumer role gets DESCRIBE (no grant option) on discoverable=yes, DATABASE and TABLE, in the consumer stack: two grants per role', () => {
    const bank = buildBankMesh(new App());
    const { consumer, stack } = bank.consumers.bi;
    consumer.addRole('second', { clearance: 'public' as any });
    const own = discoveryGrants(resourcesOf(stack));
    expect(own).toHaveLength(4);
    for (const [, g] of own) {
      expect([g.Properties.Catalog, g.Properties.Permissions, g.Properties.PermissionsWithGrantOption, g.Properties.Resource.LFTagPolicy.CatalogId])
        .toEqual([ACCOUNTS.bi, ['DESCRIBE'], [], GOV]);
    }
    // None in the consumer's shards (the links' stacks): the discovery grants name no link.
    expect(consumer.stacks.slice(1).flatMap(s => discoveryGrants(resourcesOf(s)))).toEqual([]);
  });

  test('discovery: false on a consumer: no discovery grant to its roles, and its RAM acceptance lists its links only', () => {
    const app = new App();
    const bank = buildBankMesh(app, { consumerDiscovery: false });
    const res = resourcesOf(bank.consumers.bi.stack);
    expect(discoveryGrants(res)).toEqual([]);
    expect(ofType(res, 'Custom::RamInvitationAcceptance')[0][1].Properties.DatabaseNames).toEqual(['bank_claims', 'bank_portfolios']);
  });

  test('a discoverable that is not a boolean is a synth error naming the product and the prop', () => {
    const { hub } = governance([]);
    expect(() => hub.addDataProduct('claims', { tables: [{ name: 't', columns: [{ name: 'id', type: ColumnType.STRING }] }], discoverable: 'no' as any }))
      .toThrow(/data product 'claims': discoverable is "no"; give true/);
    const consumerStack = new Stack(new App(), 'C', { env: bankMesh.consumerEnv('bi') });
    expect(() => new DataConsumer(consumerStack, 'Consumer', { mesh: bankMesh, domain: 'bi', discovery: 1 as any })).toThrow(/discovery is 1; give true/);
  });
});

describe('the LF-tags on what a consumer browses (Lake Formation shows a tag only to principals with DESCRIBE on it)', () => {
  const tagGrants = (resources: Resources) => ofType(resources, PP).filter(([, g]) => g.Properties.Resource.LFTag)
    .map(([id, g]) => ({ id, p: g.Properties }));
  const VALUES = ['confidentiality=private', 'confidentiality=public', 'confidentiality=sensitive', 'producer=insurance', 'producer=investments'];

  test('every consumer account: DESCRIBE with grant option on each value of confidentiality and producer, one grant per value, whatever the products', () => {
    for (const products of [['claims'], ['claims', 'life_expectancy', 'portfolios']]) {
      const { stack } = governance(products);
      const grants = tagGrants(resourcesOf(stack));
      for (const account of Object.values(ACCOUNTS)) {
        const mine = grants.filter(g => g.p.Principal.DataLakePrincipalIdentifier === account);
        expect(mine.map(g => [g.p.Resource.LFTag.CatalogId, g.p.Permissions, g.p.PermissionsWithGrantOption, g.p.Resource.LFTag.TagValues.length]))
          .toEqual(mine.map(() => [GOV, ['DESCRIBE'], ['DESCRIBE'], 1]));
        expect(mine.map(g => `${g.p.Resource.LFTag.TagKey}=${g.p.Resource.LFTag.TagValues[0]}`).sort()).toEqual(expect.arrayContaining(VALUES));
      }
    }
    // The same resources with 1 and 3 products (logical IDs and properties).
    const ids = (products: string[]) => Object.fromEntries(tagGrants(resourcesOf(governance(products).stack)).map(g => [g.id, g.p]));
    expect(ids(['claims', 'life_expectancy', 'portfolios'])).toEqual(ids(['claims']));
  });

  test('each consumer role: DESCRIBE (no grant option) on each of those values of the governance catalog; none with discovery: false', () => {
    const bank = buildBankMesh(new App());
    for (const domain of ['bi', 'ml', 'exec'] as const) {
      const { stack } = bank.consumers[domain];
      const byRole = new Map<string, string[]>();
      for (const { p } of tagGrants(resourcesOf(stack))) {
        expect([p.Catalog, p.Permissions, p.PermissionsWithGrantOption, p.Resource.LFTag.CatalogId]).toEqual([ACCOUNTS[domain], ['DESCRIBE'], [], GOV]);
        const k = JSON.stringify(p.Principal.DataLakePrincipalIdentifier);
        byRole.set(k, [...(byRole.get(k) ?? []), `${p.Resource.LFTag.TagKey}=${p.Resource.LFTag.TagValues.join('|')}`]);
      }
      expect(byRole.size).toBeGreaterThan(0);
      for (const values of byRole.values()) expect(values.sort()).toEqual(VALUES);
    }
    const off = buildBankMesh(new App(), { consumerDiscovery: false });
    expect(tagGrants(resourcesOf(off.consumers.bi.stack))).toEqual([]);
  });
});

describe('opt-out', () => {
  test('the RAM acceptance leaves out an opted-out product the consumer has no share of, and keeps it for a consumer it is shared with', () => {
    const bank = buildBankMesh(new App(), { undiscoverable: ['life_expectancy'] });
    const names = (domain: 'bi' | 'ml') => ofType(resourcesOf(bank.consumers[domain].stack), 'Custom::RamInvitationAcceptance')[0][1].Properties.DatabaseNames;
    expect(names('bi')).toEqual(['bank_claims', 'bank_portfolios']);
    expect(names('ml')).toContain('bank_life_expectancy');
    const all = buildBankMesh(new App());
    expect(ofType(resourcesOf(all.consumers.bi.stack), 'Custom::RamInvitationAcceptance')[0][1].Properties.DatabaseNames)
      .toEqual(['bank_claims', 'bank_life_expectancy', 'bank_portfolios']);
  });

  test('discoverable: false: no discovery association, the database records the opt-out; the other products and every grant are unchanged', () => {
    const app = new App();
    const bank = buildBankMesh(app, { undiscoverable: ['life_expectancy'] });
    const all = resourcesOfAll(bank.governance.hub.stacks);
    expect(discoveryTags(all).map(([, a]) => a.Properties.Resource.Database.Name).sort()).toEqual(['bank_claims', 'bank_portfolios']);
    const life = bank.governance.hub.dataProduct('life_expectancy');
    expect(life.discoverable).toBe(false);
    const db = Template.fromStack(Stack.of(life)).findResources('AWS::Glue::Database', { Properties: { DatabaseInput: { Name: 'bank_life_expectancy' } } });
    expect(Object.values<any>(db)[0].Properties.DatabaseInput.Parameters['cdk-data-mesh:discoverable']).toBe('false');
    const claims = Template.fromStack(Stack.of(bank.governance.hub.dataProduct('claims'))).findResources('AWS::Glue::Database',
      { Properties: { DatabaseInput: { Name: 'bank_claims' } } });
    expect(Object.values<any>(claims)[0].Properties.DatabaseInput.Parameters['cdk-data-mesh:discoverable']).toBeUndefined();
    // The grants are per consumer account, not per product: the same six.
    expect(discoveryGrants(all)).toHaveLength(6);
  });

  test('the report: nobody sees the metadata of an opted-out product it is not shared with; its shares are unchanged', () => {
    const report = evaluate(synthBankMesh({ undiscoverable: ['life_expectancy'] }));
    const base = evaluate(synthBankMesh());
    expect(rows(report)).toEqual(rows(base));
    expect(report.metadata.filter(m => m.database === 'bank_life_expectancy')).toEqual([]);
    expect(report.findings).toEqual([]);
  });
});

describe('the report: metadata-only entries, and data access unchanged', () => {
  let report: AccessReport;
  let without: AccessReport;
  beforeAll(() => {
    report = evaluate(synthBankMesh());
    // Without discovery: no product discoverable, no consumer re-grant (the grants to the accounts remain and match nothing).
    without = evaluate(synthBankMesh({ undiscoverable: ['life_expectancy', 'claims', 'portfolios'], consumerDiscovery: false }));
  });

  test('the access matrix of the reference mesh is the same with and without discovery, entry for entry; no finding either way', () => {
    expect(report.access).toEqual(without.access);
    expect(report.findings).toEqual([]);
    expect(without.findings).toEqual([]);
    // The design's truth: ML never sees life_expectancy.
    expect(report.access.filter(a => a.account === ACCOUNTS.ml).flatMap(a => a.columns)).not.toContain('life_expectancy');
  });

  test('metadata-only entries: every column of a product not shared (bi on life_expectancy, ml on claims and portfolios), ' +
    'and the columns a partial reader cannot SELECT', () => {
    const consumers = report.metadata.filter(m => m.consumer !== null).map(m => [m.consumer, m.principal, `${m.database}.${m.table}`, m.columns.join(','), m.via]);
    const entry = (consumer: string, principal: string, table: string) =>
      consumers.filter(c => c[0] === consumer && c[1] === principal && c[2] === table);
    for (const p of [ACCOUNTS.bi, role(ACCOUNTS.bi, 'bank-bi-analyst')]) {
      expect(entry('bi', p, 'bank_life_expectancy.policyholder_life_expectancy').map(c => c[3])).toEqual(['age,customer_name,life_expectancy,policy_id']);
    }
    for (const p of [ACCOUNTS.ml, role(ACCOUNTS.ml, 'bank-ml-data-scientist')]) {
      expect(entry('ml', p, 'bank_claims.claims').map(c => c[3])).toEqual(['amount,claim_date,claim_id,claimant_name,ingest_date,policy_id,status']);
      expect(entry('ml', p, 'bank_portfolios.portfolios').map(c => c[3])).toEqual(['asset_class,client_name,market_value,portfolio_id,risk_score']);
      // ML reads life_expectancy's other columns; discovery shows it the name and type of the hidden column: reported.
      expect(entry('ml', p, 'bank_life_expectancy.policyholder_life_expectancy').map(c => c[3])).toEqual(['life_expectancy']);
    }
    // Without discovery no consumer sees metadata beyond what it reads (a share's expression describes the columns it shares).
    expect(without.metadata.filter(m => m.consumer !== null)).toEqual([]);
  });

  test('the two lists are disjoint per (principal, table): exec (everything shared) has no metadata entry, and a partial reader\'s lists only what it cannot read', () => {
    expect(report.metadata.filter(m => m.consumer === 'exec')).toEqual([]);
    const reading = new Map<string, Set<string>>();
    for (const a of report.access) {
      const k = `${a.account}|${a.principal}|${a.database}|${a.table}`;
      reading.set(k, new Set([...(reading.get(k) ?? []), ...a.columns]));
    }
    for (const m of report.metadata) {
      const read = reading.get(`${m.account}|${m.principal}|${m.database}|${m.table}`) ?? new Set<string>();
      expect({ m, both: m.columns.filter(c => read.has(c)) }).toEqual({ m, both: [] });
      expect(m.columns.length).toBeGreaterThan(0);
    }
    // Partial readers are there: the ML data scientist on life_expectancy (a metadata entry and an access entry).
    const ds = role(ACCOUNTS.ml, 'bank-ml-data-scientist');
    expect(report.metadata.filter(m => m.principal === ds && m.table === 'policyholder_life_expectancy').map(m => m.columns)).toEqual([['life_expectancy']]);
    expect(report.access.some(a => a.principal === ds && a.table === 'policyholder_life_expectancy')).toBe(true);
  });

  test('JSON: "metadata" after access and findings, each entry with exactly the contract keys in order', () => {
    const json = JSON.parse(formatJson(report));
    expect(Object.keys(json)).toEqual(['access', 'findings', 'metadata']);
    expect(Object.keys(json.metadata[0])).toEqual(['consumer', 'account', 'principal', 'database', 'table', 'columns', 'via']);
    expect(json.metadata).toEqual(report.metadata);
  });

  test('table format: the access lines are those of the mesh without discovery; a "metadata only" block follows them', () => {
    const withLines = formatTable(report).split('\n');
    const withoutLines = formatTable(without).split('\n');
    const block = withLines.indexOf(withLines.find(l => l.startsWith('metadata only'))!);
    expect(block).toBeGreaterThan(0);
    expect(withLines.slice(0, block - 1)).toEqual(withoutLines.slice(0, block - 1));
    // A table not shared: its name alone (every column); a table read in part: the columns seen as metadata only.
    expect(withLines.find(l => l.startsWith('  bi 444444444444 role/bank-bi-analyst: '))).toMatch(/[:,] bank_life_expectancy\.policyholder_life_expectancy(,|$)/);
    expect(withLines.find(l => l.startsWith('  ml 555555555555 role/bank-ml-data-scientist: ')))
      .toContain('bank_life_expectancy.policyholder_life_expectancy [life_expectancy] (via bank_life_expectancy)');
  });

  test('MeshAccessReport: metadata, and the matrix\'s lines for the principals with data access are unchanged', () => {
    const app = new App();
    buildBankMesh(app);
    const r = MeshAccessReport.fromAssemblyDirectory(app.synth().directory);
    expect([...new Set(r.metadata.filter(m => m.consumer === 'bi').map(m => m.principal))]).toEqual([ACCOUNTS.bi, role(ACCOUNTS.bi, 'bank-bi-analyst')]);
    expect(r.metadata[0].via).toBeUndefined();
    const app2 = new App();
    buildBankMesh(app2, { undiscoverable: ['life_expectancy', 'claims', 'portfolios'], consumerDiscovery: false });
    const before = MeshAccessReport.fromAssemblyDirectory(app2.synth().directory).toMatrix().split('\n');
    const after = r.toMatrix().split('\n');
    const at = after.findIndex(l => l.startsWith('metadata only'));
    // Everything before the block is the same, except the entry counts of the crawler's metadata line (none: it is in the block).
    expect(after.slice(0, at - 1)).toEqual(before.filter(l => !l.startsWith('metadata only') && !/^ {2}- 111111111111/.test(l)).slice(0, at - 1));
  });
});

describe('logical IDs: adding discovery moves no existing resource', () => {
  test('every resource of the reference mesh without discovery keeps its logical ID and type with discovery; what is new is discovery\'s', () => {
    const withApp = new App();
    const withMesh = buildBankMesh(withApp);
    const withoutApp = new App();
    const withoutMesh = buildBankMesh(withoutApp, { undiscoverable: ['life_expectancy', 'claims', 'portfolios'], consumerDiscovery: false });
    const stacksOf = (m: ReturnType<typeof buildBankMesh>) => [...m.governance.hub.stacks, ...Object.values(m.producers).map(p => p.stack),
      ...Object.values(m.consumers).flatMap(c => c.consumer.stacks)];
    const byStack = (m: ReturnType<typeof buildBankMesh>) => new Map(stacksOf(m).map(s => [s.stackName, resourcesOf(s)]));
    const a = byStack(withoutMesh);
    const b = byStack(withMesh);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    const added: string[] = [];
    for (const [name, before] of a) {
      const after = b.get(name)!;
      for (const [id, r] of Object.entries(before)) expect({ name, id, type: after[id]?.Type }).toEqual({ name, id, type: r.Type });
      for (const [id, r] of Object.entries(after)) if (!(id in before)) added.push(`${name} ${r.Type}${isDiscovery(r) ? ' discovery' : ''}`);
    }
    // The products' associations (shards), the roles' re-grants (consumer stacks); the ontology's tag and the hub's grants
    // exist in both (the ontology and the hub do not depend on the products' choice).
    expect(added.sort()).toEqual([
      ...['Consumer-bi', 'Consumer-exec', 'Consumer-ml'].flatMap(s => [`${s} AWS::LakeFormation::PrincipalPermissions discovery`,
        `${s} AWS::LakeFormation::PrincipalPermissions discovery`,
        // DESCRIBE on each value of confidentiality (3) and producer (2): the role sees the tags of what it browses.
        ...Array(5).fill(`${s} AWS::LakeFormation::PrincipalPermissions`)]),
      'Governance-insurance AWS::LakeFormation::TagAssociation', 'Governance-insurance AWS::LakeFormation::TagAssociation',
      'Governance-investments AWS::LakeFormation::TagAssociation',
    ].sort());
  });
});
