/* MeshAccessReport: the evaluator as a typed jsii API, for assertions in users' own tests. */
import * as fs from 'fs';
import * as path from 'path';
import { MeshAccessReport, TemplateInput } from '../src';
import { L1_ASSEMBLY } from './support/assembly';
import { analyzeAssembly } from '../src/report/analyze';
import { formatJson, formatTable } from '../src/report/format';
import { formatMatrix } from '../src/report/format-matrix';
import { formatMermaid } from '../src/report/format-mermaid';

const template = (file: string) => JSON.parse(fs.readFileSync(path.join(L1_ASSEMBLY, file), 'utf8'));
const templates: TemplateInput[] = [
  { stackName: 'Lake', account: '210987654321', region: 'eu-central-1', template: template('Lake.template.json'), deploymentRoleArn: 'arn:${AWS::Partition}:iam::210987654321:role/acme-deployer' },
  { stackName: 'Analytics', account: '123456789012', region: 'eu-central-1', template: template('Analytics.template.json'), dependsOnStacks: ['Lake'] },
  { stackName: 'Partner-Consumer', account: '345678901234', region: 'eu-central-1', template: template('assembly-Partner/PartnerConsumer.template.json') },
];

test('fromTemplates reads hand-loaded templates exactly as fromAssemblyDirectory reads the assembly', () => {
  const fromTemplates = MeshAccessReport.fromTemplates(templates);
  const fromDir = MeshAccessReport.fromAssemblyDirectory(L1_ASSEMBLY);
  expect(fromTemplates.access).toEqual(fromDir.access);
  expect(fromTemplates.findings).toEqual(fromDir.findings);
  expect(fromTemplates.toJson()).toBe(fromDir.toJson());
});

test('without deploymentRoleArn no table-creator access is reported', () => {
  const r = MeshAccessReport.fromTemplates(templates.map(t => ({ ...t, deploymentRoleArn: undefined })));
  expect(r.access.map(a => a.principal)).not.toContain('arn:aws:iam::210987654321:role/acme-deployer');
});

test('entries use undefined (not null) for absent optional values', () => {
  const r = MeshAccessReport.fromAssemblyDirectory(L1_ASSEMBLY);
  const owner = r.access.find(a => a.principal === 'IAM_ALLOWED_PRINCIPALS')!;
  expect(owner).toEqual({
    consumer: undefined,
    account: '210987654321',
    principal: 'IAM_ALLOWED_PRINCIPALS',
    database: 'hr_prod',
    via: undefined,
    table: 'salaries',
    columns: ['employee_id', 'grade', 'salary'],
    rowFilter: undefined,
    effective: true,
    missing: [],
  });
  const partner = r.access.find(a => a.principal === 'arn:aws:iam::345678901234:role/partner-reader')!;
  expect([partner.via, partner.rowFilter]).toEqual(['orders_link', "region = 'eu'"]);
  expect(r.findings.filter(f => f.id === 'DM-22').map(f => f.severity)).toEqual(['error', 'error', 'warning']);
  expect(r.hasErrors()).toBe(true);
});

describe('columnsFor / canRead / whoCanRead', () => {
  const r = MeshAccessReport.fromTemplates(templates);

  test('by consumer domain: its principals, merged, not the account-level grant', () => {
    // reader: amount, order_id; the analyst's tag re-grant is refused (DM-22) and the scientist's names orders through the
    // database link (DM-45): neither gives anything (issue 15, D45/D46).
    expect(r.columnsFor('analytics', 'sales_db', 'orders')).toEqual(['amount', 'order_id']);
    expect(r.columnsFor('analytics', 'sales_db', 'customers')).toEqual(['country', 'customer_id']); // `name` is held by the account only
    expect(r.columnsFor('nobody', 'sales_db', 'orders')).toEqual([]);
  });

  test('by account id: the principals of that account', () => {
    expect(r.columnsFor('345678901234', 'sales_db', 'orders')).toEqual(['amount', 'order_id', 'region']);
    expect(r.columnsFor('123456789012', 'sales_db', 'customers')).toEqual(['country', 'customer_id']);
  });

  test('by principal, case-insensitive names', () => {
    expect(r.columnsFor('arn:aws:iam::123456789012:role/analytics-reader', 'SALES_DB', 'Orders')).toEqual(['amount', 'order_id']);
    expect(r.canRead('arn:aws:iam::123456789012:role/analytics-reader', 'sales_db', 'orders', 'ORDER_ID')).toBe(true);
    expect(r.canRead('arn:aws:iam::123456789012:role/analytics-reader', 'sales_db', 'orders', 'region')).toBe(false);
    expect(r.canRead('IAM_ALLOWED_PRINCIPALS', 'hr_prod', 'salaries', 'salary')).toBe(true);
  });

  test('whoCanRead lists every principal, account-level grants included', () => {
    expect(r.whoCanRead('sales_db', 'orders', 'customer_email')).toEqual(['arn:aws:iam::210987654321:role/acme-deployer']);
    expect(r.whoCanRead('sales_db', 'customers', 'name')).toEqual([
      '123456789012',
      'arn:aws:iam::210987654321:role/Lake-AuditorRole',
      'arn:aws:iam::210987654321:role/acme-analyst-eu-central-1',
      'arn:aws:iam::210987654321:role/acme-deployer',
    ]);
  });
});

test('toJson / toTable / toMatrix / toMermaid are the CLI formats', () => {
  const r = MeshAccessReport.fromAssemblyDirectory(L1_ASSEMBLY);
  const { report, topology, visibility } = analyzeAssembly(L1_ASSEMBLY);
  expect(r.toJson()).toBe(formatJson(report));
  expect(r.toTable()).toBe(formatTable(report));
  expect(r.toMatrix()).toBe(formatMatrix(report, topology, visibility));
  expect(r.toMermaid()).toBe(formatMermaid(report, topology, visibility));
  expect(r.access.filter(a => a.unverified).map(a => [a.table, a.effective])).toEqual(Array(6).fill(['orders', false]));
  expect(JSON.parse(r.toJson()).access.map((a: any) => a.principal)).toEqual(r.access.map(a => a.principal));
});

test('an empty assembly reports nothing', () => {
  const r = MeshAccessReport.fromTemplates([{ stackName: 'Empty', account: '111111111111', region: 'eu-west-1', template: { Resources: {} } }]);
  expect([r.access, r.findings, r.metadata]).toEqual([[], [], []]);
  expect(r.toTable()).toBe('No principal can read any column.');
  expect(JSON.parse(r.toJson())).toEqual({ access: [], findings: [], metadata: [] });
  expect(r.toMermaid()).toBe('flowchart LR');
  expect(r.toMatrix()).toContain('No principal can read any column.');
});
