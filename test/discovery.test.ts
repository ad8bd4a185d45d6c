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

describe('opt-out', () => {
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

  test('metadata-only entries: bi (account and analyst) on life_expectancy, ml (account and data scientist) on claims and portfolios, every column', () => {
    const consumers = report.metadata.filter(m => m.consumer !== null).map(m => [m.consumer, m.principal, `${m.database}.${m.table}`, m.columns.join(','), m.via]);
    expect(consumers).toEqual([
      ['bi', ACCOUNTS.bi, 'bank_life_expectancy.policyholder_life_expectancy', 'age,customer_name,life_expectancy,policy_id', null],
      ['bi', role(ACCOUNTS.bi, 'bank-bi-analyst'), 'bank_life_expectancy.policyholder_life_expectancy', 'age,customer_name,life_expectancy,policy_id', null],
      ['ml', ACCOUNTS.ml, 'bank_claims.claims', 'amount,claim_date,claim_id,claimant_name,ingest_date,policy_id,status', null],
      ['ml', ACCOUNTS.ml, 'bank_portfolios.portfolios', 'asset_class,client_name,market_value,portfolio_id,risk_score', null],
      ['ml', role(ACCOUNTS.ml, 'bank-ml-data-scientist'), 'bank_claims.claims', 'amount,claim_date,claim_id,claimant_name,ingest_date,policy_id,status', null],
      ['ml', role(ACCOUNTS.ml, 'bank-ml-data-scientist'), 'bank_portfolios.portfolios', 'asset_class,client_name,market_value,portfolio_id,risk_score', null],
    ]);
    // Without discovery no consumer sees metadata of what it is not shared.
    expect(without.metadata.filter(m => m.consumer !== null)).toEqual([]);
  });

  test('no entry for a principal with data access on the table: exec (everything shared) has none, and no (principal, table) is in both lists', () => {
    expect(report.metadata.filter(m => m.consumer === 'exec')).toEqual([]);
    const reading = new Set(report.access.map(a => `${a.principal}|${a.database}|${a.table}`));
    expect(report.metadata.filter(m => reading.has(`${m.principal}|${m.database}|${m.table}`))).toEqual([]);
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
    expect(withLines).toContain('  bi 444444444444 role/bank-bi-analyst: bank_life_expectancy.policyholder_life_expectancy');
  });

  test('MeshAccessReport: metadata, and the matrix\'s lines for the principals with data access are unchanged', () => {
    const app = new App();
    buildBankMesh(app);
    const r = MeshAccessReport.fromAssemblyDirectory(app.synth().directory);
    expect(r.metadata.filter(m => m.consumer === 'bi').map(m => m.principal)).toEqual([ACCOUNTS.bi, role(ACCOUNTS.bi, 'bank-bi-analyst')]);
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
        `${s} AWS::LakeFormation::PrincipalPermissions discovery`]),
      'Governance-insurance AWS::LakeFormation::TagAssociation', 'Governance-insurance AWS::LakeFormation::TagAssociation',
      'Governance-investments AWS::LakeFormation::TagAssociation',
    ].sort());
  });
});
