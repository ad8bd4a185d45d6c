/*
 * The reference mesh of DESIGN.md, synthesized and read back from its templates: who sees which columns,
 * against an expectation written by hand from the design (not from the evaluator's output).
 */
import { evaluate, find, readTemplate, removeTmpDirs, Row, rows, synthBankMesh } from './helpers';
import { MeshAccessReport } from '../../src';
import { AccessReport } from '../../src/report/analyze';

const GOV = '111111111111';
const BI = '444444444444';
const ML = '555555555555';
const EXEC = '666666666666';
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

// Columns by confidentiality, as the design declares them (bank-mesh.ts).
const LIFE = { public: ['age', 'policy_id'], private: ['customer_name'], sensitive: ['life_expectancy'] };
const CLAIMS = { public: ['amount', 'claim_date', 'claim_id', 'ingest_date', 'policy_id', 'status'], private: ['claimant_name'], sensitive: [] };
const PORTFOLIOS = { public: ['asset_class', 'market_value', 'portfolio_id'], private: ['client_name'], sensitive: ['risk_score'] };
type Levels = typeof LIFE;
const upTo = (t: Levels, level: keyof Levels) => {
  const order: Array<keyof Levels> = ['public', 'private', 'sensitive'];
  return order.slice(0, order.indexOf(level) + 1).flatMap(l => t[l]).sort().join(',');
};

let dir: string;
let report: AccessReport;
let adminRole: string;
/**
 * Whether the crawler's table grant includes SELECT. A crawler needs ALTER/DESCRIBE (and may be given
 * SELECT/INSERT); the governance hub decides, and the report must follow whichever it grants.
 */
let crawlerSelects: boolean;

beforeAll(() => {
  dir = synthBankMesh();
  report = evaluate(dir);
  // The governance admin role has no RoleName: CloudFormation generates `<stack>-<logical id>-<suffix>`; the report uses `<stack>-<logical id>`.
  const [adminId] = find(readTemplate(dir, 'Governance'), 'AWS::IAM::Role', p => String(p.Description).includes('governance admin'));
  adminRole = role(GOV, `Governance-${adminId}`);
  const gov = readTemplate(dir, 'Governance');
  const [crawlerGrant] = find(gov, 'AWS::LakeFormation::PrincipalPermissions', p =>
    JSON.stringify(p.Principal).includes('CrawlerRole') && p.Resource?.Table?.TableWildcard !== undefined);
  crawlerSelects = gov.Resources[crawlerGrant].Properties.Permissions.some((x: string) => ['SELECT', 'ALL'].includes(x));
}, 120_000);
afterAll(removeTmpDirs);

test('the matrix matches the hand-written expectation, row by row and column by column', () => {
  const deployer = role(GOV, 'cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-1');
  const expected: Row[] = [
    // Governance: the admin checks every product in Athena (explicit grants, DM-27) ...
    [GOV, adminRole, 'bank_claims', 'claims', null, upTo(CLAIMS, 'sensitive')],
    [GOV, adminRole, 'bank_life_expectancy', 'policyholder_life_expectancy', null, upTo(LIFE, 'sensitive')],
    [GOV, adminRole, 'bank_portfolios', 'portfolios', null, upTo(PORTFOLIOS, 'sensitive')],
    // ... the crawler reads the one product it crawls, if its grant includes SELECT (see crawlerSelects) ...
    ...(crawlerSelects ? [[GOV, role(GOV, 'bank-crawler-claims'), 'bank_claims', 'claims', null, upTo(CLAIMS, 'sensitive')] as Row] : []),
    // ... and CloudFormation's execution role created the tables: LF gives a table's creator every permission on it.
    [GOV, deployer, 'bank_claims', 'claims', null, upTo(CLAIMS, 'sensitive')],
    [GOV, deployer, 'bank_life_expectancy', 'policyholder_life_expectancy', null, upTo(LIFE, 'sensitive')],
    [GOV, deployer, 'bank_portfolios', 'portfolios', null, upTo(PORTFOLIOS, 'sensitive')],
    // bi: claims and portfolios, public only; its analyst the same, through its resource links.
    [BI, BI, 'bank_claims', 'claims', null, upTo(CLAIMS, 'public')],
    [BI, BI, 'bank_portfolios', 'portfolios', null, upTo(PORTFOLIOS, 'public')],
    [BI, role(BI, 'bank-bi-analyst'), 'bank_claims', 'claims', 'bank_claims', upTo(CLAIMS, 'public')],
    [BI, role(BI, 'bank-bi-analyst'), 'bank_portfolios', 'portfolios', 'bank_portfolios', upTo(PORTFOLIOS, 'public')],
    // ml: life_expectancy up to private: policy_id, customer_name, age — never life_expectancy.
    [ML, ML, 'bank_life_expectancy', 'policyholder_life_expectancy', null, 'age,customer_name,policy_id'],
    [ML, role(ML, 'bank-ml-data-scientist'), 'bank_life_expectancy', 'policyholder_life_expectancy', 'bank_life_expectancy', 'age,customer_name,policy_id'],
    // exec: everything shared to it, up to sensitive.
    [EXEC, EXEC, 'bank_claims', 'claims', null, upTo(CLAIMS, 'sensitive')],
    [EXEC, EXEC, 'bank_life_expectancy', 'policyholder_life_expectancy', null, upTo(LIFE, 'sensitive')],
    [EXEC, EXEC, 'bank_portfolios', 'portfolios', null, upTo(PORTFOLIOS, 'sensitive')],
    [EXEC, role(EXEC, 'bank-exec-executive'), 'bank_claims', 'claims', 'bank_claims', upTo(CLAIMS, 'sensitive')],
    [EXEC, role(EXEC, 'bank-exec-executive'), 'bank_life_expectancy', 'policyholder_life_expectancy', 'bank_life_expectancy', upTo(LIFE, 'sensitive')],
    [EXEC, role(EXEC, 'bank-exec-executive'), 'bank_portfolios', 'portfolios', 'bank_portfolios', upTo(PORTFOLIOS, 'sensitive')],
  ];
  expect(rows(report)).toEqual(expected);
});

test('every entry names its consumer (from stack metadata), is effective and misses nothing; no findings', () => {
  const consumerOf: Record<string, string | null> = { [GOV]: null, [BI]: 'bi', [ML]: 'ml', [EXEC]: 'exec' };
  for (const a of report.access) {
    expect(a.consumer).toBe(consumerOf[a.account]);
    expect(a.rowFilter).toBeNull();
    expect(a.effective).toBe(true);
    expect(a.missing).toEqual([]);
  }
  expect(report.findings).toEqual([]);
});

test('the ML team never sees a sensitive column, bi never a private one', () => {
  const r = MeshAccessReport.fromAssemblyDirectory(dir);
  expect(r.columnsFor('ml', 'bank_life_expectancy', 'policyholder_life_expectancy')).toEqual(['age', 'customer_name', 'policy_id']);
  expect(r.canRead('ml', 'bank_life_expectancy', 'policyholder_life_expectancy', 'life_expectancy')).toBe(false);
  for (const [db, table, col] of [['bank_claims', 'claims', 'claimant_name'], ['bank_portfolios', 'portfolios', 'client_name'], ['bank_portfolios', 'portfolios', 'risk_score']]) {
    expect(r.canRead('bi', db, table, col)).toBe(false);
    expect(r.canRead('exec', db, table, col)).toBe(true);
  }
  expect(r.whoCanRead('bank_life_expectancy', 'policyholder_life_expectancy', 'life_expectancy')).toEqual([
    EXEC, adminRole, role(GOV, 'cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-1'), role(EXEC, 'bank-exec-executive'),
  ].sort());
});

test('admins get no implicit SELECT (DM-27) and producers share nothing: no other principal appears', () => {
  const principals = new Set(report.access.map(a => a.principal));
  for (const stack of ['Consumer-bi', 'Consumer-ml', 'Consumer-exec', 'Producer-insurance', 'Producer-investments']) {
    const t = readTemplate(dir, stack);
    const [settingsId] = find(t, 'AWS::LakeFormation::DataLakeSettings', () => true);
    expect(t.Resources[settingsId].Properties.Admins.length).toBeGreaterThan(0);
  }
  expect([...principals].filter(p => /ConsumerAdminRole|LakeAdminRole|222222222222|333333333333/.test(p))).toEqual([]);
  expect(report.access.filter(a => ['222222222222', '333333333333'].includes(a.account))).toEqual([]);
});
