/*
 * Mutation tests: edit one resource of the synthesized reference mesh (a copy of its cdk.out) and check
 * that the report changes exactly as Lake Formation would — every other row stays as it was.
 */
import { AccessReport } from '../../src/report/analyze';
import { copyAssembly, deleteResource, editTemplate, evaluate, find, principalOf, removeTmpDirs, Row, rows, synthBankMesh } from '../support/assembly';

const ML = '555555555555';
const BI = '444444444444';
const EXEC = '666666666666';
const ML_ROLE = 'arn:aws:iam::555555555555:role/bank-ml-data-scientist';
const BI_ROLE = 'arn:aws:iam::444444444444:role/bank-bi-analyst';
const EXEC_ROLE = 'arn:aws:iam::666666666666:role/bank-exec-executive';
const LIFE = 'policyholder_life_expectancy';

let base: string;
let baseline: Row[];

beforeAll(() => {
  base = synthBankMesh();
  baseline = rows(evaluate(base));
}, 120_000);
afterAll(removeTmpDirs);

const PP = 'AWS::LakeFormation::PrincipalPermissions';
const TA = 'AWS::LakeFormation::TagAssociation';

/** Copies the mesh, applies `edit` to one stack's template and evaluates the copy. */
function mutate(stack: string, edit: (template: any) => void): AccessReport {
  const dir = copyAssembly(base);
  editTemplate(dir, stack, edit);
  return evaluate(dir);
}

/** A share's TABLE tag policy (not the discovery grant on discoverable=yes, D66, which gives no data). */
const isTablePolicy = (p: any) => p.Resource?.LFTagPolicy?.ResourceType === 'TABLE' && p.Resource.LFTagPolicy.Expression[0].TagKey !== 'discoverable';
const grantTo = (principal: string) => (p: any) => principalOf(p) === JSON.stringify(principal);
const byPrincipal = (principal: string) => (r: Row) => r[1] === principal;
const withColumns = (cols: string) => (r: Row): Row => [r[0], r[1], r[2], r[3], r[4], cols];

test('baseline: ml and its role read policy_id, customer_name and age', () => {
  expect(baseline.filter(r => r[0] === ML).map(r => r[5])).toEqual(['age,customer_name,policy_id', 'age,customer_name,policy_id']);
});

test("deleting the consumer role's TABLE tag-policy re-grant: the role loses every column, nothing else changes", () => {
  const report = mutate('Consumer-ml', t => {
    const [id] = find(t, PP, isTablePolicy);
    deleteResource(t, id);
  });
  expect(rows(report)).toEqual(baseline.filter(r => !byPrincipal(ML_ROLE)(r)));
  expect(report.findings).toEqual([]);
});

test('deleting the governance -> ml account TABLE grant: the account reads nothing, the role is capped to nothing with a DM-22 warning', () => {
  const report = mutate('Governance', t => {
    const [id] = find(t, PP, p => isTablePolicy(p) && grantTo(ML)(p));
    deleteResource(t, id);
  });
  expect(rows(report)).toEqual(baseline.filter(r => r[0] !== ML));
  expect(report.findings).toEqual([{
    id: 'DM-22',
    severity: 'warning',
    message: expect.stringMatching(new RegExp(`^Consumer-ml/DataMeshLakeFormationGrants\\w+: grant to ${ML_ROLE} on bank_life_expectancy\\.${LIFE} names ` +
      'age, customer_name, policy_id, which account 555555555555 does not hold with grant option; Lake Formation caps the grant to nothing\\.$')),
  }]);
});

// issue 13: a product's tag associations are in its producer's governance shard (Governance-insurance for life_expectancy
// and claims), a consumer's links and their DESCRIBE grants in its shard of the producer (Consumer-bi-insurance for claims).
test("deleting customer_name's `private` column association: it falls back to the database's `sensitive` (tables inherit it) and ml no longer sees it", () => {
  const report = mutate('Governance-insurance', t => {
    const [id] = find(t, TA, p => JSON.stringify(p.Resource?.TableWithColumns?.ColumnNames) === '["customer_name"]');
    deleteResource(t, id);
  });
  expect(rows(report)).toEqual(baseline.map(r => (r[0] === ML ? withColumns('age,policy_id')(r) : r)));
  expect(report.findings).toEqual([]);
});

test("changing a column's level: claims.amount public -> private hides it from bi only", () => {
  const report = mutate('Governance-insurance', t => {
    const isClaims = (p: any, level: string) => p.Resource?.TableWithColumns?.Name === 'claims' && p.LFTags?.[0]?.TagValues?.[0] === level;
    const [pub] = find(t, TA, p => isClaims(p, 'public'));
    const [priv] = find(t, TA, p => isClaims(p, 'private'));
    const cols = (id: string) => t.Resources[id].Properties.Resource.TableWithColumns;
    cols(pub).ColumnNames = cols(pub).ColumnNames.filter((c: string) => c !== 'amount');
    cols(priv).ColumnNames = [...cols(priv).ColumnNames, 'amount'];
  });
  expect(rows(report)).toEqual(baseline.map(r => (r[0] === BI && r[3] === 'claims' ? withColumns('claim_date,claim_id,ingest_date,policy_id,status')(r) : r)));
  expect(report.findings).toEqual([]);
});

test('removing the DESCRIBE on a resource link: via becomes null for that database only', () => {
  const report = mutate('Consumer-bi-insurance', t => {
    const [id] = find(t, PP, p => p.Resource?.Database?.Name === 'bank_claims');
    deleteResource(t, id);
  });
  expect(rows(report)).toEqual(baseline.map(r => (r[1] === BI_ROLE && r[2] === 'bank_claims' ? [r[0], r[1], r[2], r[3], null, r[5]] as Row : r)));
});

test("narrowing the ml account's expression to public: the account loses customer_name, the role's wider re-grant is capped with a warning", () => {
  const report = mutate('Governance', t => {
    const [id] = find(t, PP, p => isTablePolicy(p) && grantTo(ML)(p));
    const expr = t.Resources[id].Properties.Resource.LFTagPolicy.Expression;
    expr.find((e: any) => e.TagKey === 'confidentiality').TagValues = ['public'];
  });
  expect(rows(report)).toEqual(baseline.map(r => (r[0] === ML ? withColumns('age,policy_id')(r) : r)));
  expect(report.findings).toEqual([{
    id: 'DM-22',
    severity: 'warning',
    message: expect.stringContaining(`grant to ${ML_ROLE} on bank_life_expectancy.${LIFE} names customer_name, which account 555555555555 ` +
      'does not hold with grant option; Lake Formation caps the grant to age, policy_id.'),
  }]);
});

test("narrowing the role's re-grant to PUBLIC (upper case: values compare case-insensitively): only the role loses customer_name", () => {
  const report = mutate('Consumer-ml', t => {
    const [id] = find(t, PP, isTablePolicy);
    const expr = t.Resources[id].Properties.Resource.LFTagPolicy.Expression;
    expr.find((e: any) => e.TagKey === 'confidentiality').TagValues = ['PUBLIC'];
  });
  expect(rows(report)).toEqual(baseline.map(r => (r[1] === ML_ROLE ? withColumns('age,policy_id')(r) : r)));
  expect(report.findings).toEqual([]);
});

test("removing the product's consumer_ml=yes database tag: neither ml nor its role read anything, nothing is capped; discovery still shows them its metadata, " +
  'so the link and the RAM acceptance hold; without the discoverable tag too, ml\'s link targets an unshared database', () => {
  const report = mutate('Governance-insurance', t => {
    const [id] = find(t, TA, p => p.Resource?.Database?.Name === 'bank_life_expectancy' && p.LFTags?.[0]?.TagKey === 'consumer_ml');
    deleteResource(t, id);
  });
  expect(rows(report)).toEqual(baseline.filter(r => r[0] !== ML));
  // D66: the database stays discoverable: the account and its role DESCRIBE it (metadata only), the link resolves, the invitation comes.
  expect(report.findings).toEqual([]);
  expect(report.metadata.filter(m => m.account === ML && m.database === 'bank_life_expectancy').map(m => m.principal)).toEqual([ML, ML_ROLE]);
  const hidden = mutate('Governance-insurance', t => {
    for (const key of ['consumer_ml', 'discoverable']) {
      const [id] = find(t, TA, p => p.Resource?.Database?.Name === 'bank_life_expectancy' && p.LFTags?.[0]?.TagKey === key);
      deleteResource(t, id);
    }
  });
  expect(rows(hidden)).toEqual(baseline.filter(r => r[0] !== ML));
  expect(hidden.findings).toEqual([{
    id: 'DM-30',
    severity: 'error',
    message: expect.stringMatching(/^Consumer-ml-insurance\/ConsumerLinkLifeExpectancy\w+: resource link bank_life_expectancy targets bank_life_expectancy of account 111111111111, which the assembly does not share with account 555555555555/),
  }, {
    // The ml consumer still expects the share (its RAM acceptance lists the database, and links it): no invitation will come (DM-43).
    id: 'DM-43',
    severity: 'error',
    message: expect.stringMatching(/^Consumer-ml\/ConsumerRamInvitations\w+: account 555555555555 expects account 111111111111 to share database bank_life_expectancy /),
  }]);
});

test('sharing to exec without the SELECT grant option: the account still reads, its role is capped to nothing on every table', () => {
  const report = mutate('Governance', t => {
    const [id] = find(t, PP, p => isTablePolicy(p) && grantTo(EXEC)(p));
    t.Resources[id].Properties.PermissionsWithGrantOption = ['DESCRIBE'];
  });
  expect(rows(report)).toEqual(baseline.filter(r => !byPrincipal(EXEC_ROLE)(r)));
  expect(report.findings.map(f => [f.id, f.severity, f.message.replace(/^.*? on (\S+) names .*caps the grant to (\w+)\.$/, '$1 -> $2')])).toEqual([
    ['DM-22', 'warning', 'bank_claims.claims -> nothing'],
    ['DM-22', 'warning', `bank_life_expectancy.${LIFE} -> nothing`],
    ['DM-22', 'warning', 'bank_portfolios.portfolios -> nothing'],
  ]);
});

test("deleting life_expectancy's column tag: the column inherits the database's `sensitive` (there is no table-level tag, issue 13), nothing changes", () => {
  const report = mutate('Governance-insurance', t => {
    find(t, TA, p => p.Resource?.Table !== undefined, 0);
    const [column] = find(t, TA, p => JSON.stringify(p.Resource?.TableWithColumns?.ColumnNames) === '["life_expectancy"]');
    deleteResource(t, column);
  });
  expect(rows(report)).toEqual(baseline);
});

test("tagging life_expectancy's column `private` instead of `sensitive`: ml (account and role) sees it", () => {
  const report = mutate('Governance-insurance', t => {
    const [column] = find(t, TA, p => JSON.stringify(p.Resource?.TableWithColumns?.ColumnNames) === '["life_expectancy"]');
    t.Resources[column].Properties.LFTags[0].TagValues = ['private'];
  });
  expect(rows(report)).toEqual(baseline.map(r => (r[0] === ML ? withColumns('age,customer_name,life_expectancy,policy_id')(r) : r)));
});
