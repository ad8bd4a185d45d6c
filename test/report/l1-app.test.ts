/*
 * A hand-written L1 app (raw CloudFormation JSON in test/report/fixtures/l1-assembly, no library
 * construct): an owner account with tags at database/table/column level, cross-account LFTagPolicy
 * grants with grant option, a named-column grant, data-cells filters, IAM_ALLOWED_PRINCIPALS defaults;
 * a consumer with a database link, a table link, re-grants (one through the link, which grants nothing on the
 * target: LF-DG "Granting resource link permissions", D46) and re-grants wider than held, one of them refused
 * (a narrower tag expression without the tag values: refused grants give nothing, D45); a partner account in a
 * nested (stage) assembly that received a filter and tries to re-share it.
 */
import { AccessReport } from '../../src/report/analyze';
import { evaluate, L1_ASSEMBLY, Row, rows } from '../support/assembly';

const OWNER = '210987654321';
const ANALYTICS = '123456789012';
const PARTNER = '345678901234';
const arn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

let report: AccessReport;
beforeAll(() => {
  report = evaluate(L1_ASSEMBLY);
});

test('the matrix is read as Lake Formation evaluates it', () => {
  const expected: Row[] = [
    // analytics account (grants from the owner): tag expression DOMAIN=SALES AND classification IN (public, internal):
    // orders: order_id/region are public, amount/order_date/dt inherit the table's `internal`, customer_email is restricted;
    // customers: customer_id/country public, name/email inherit the database's `restricted` -- plus `name` by a named grant (root ARN = the account).
    [ANALYTICS, ANALYTICS, 'sales_db', 'customers', null, 'country,customer_id,name'],
    [ANALYTICS, ANALYTICS, 'sales_db', 'orders', null, 'amount,dt,order_date,order_id,region'],
    // the scientist's grant on customers is wider than what the account holds with grant option: capped (warning below);
    // its grant on orders names the table through the database link sales_link: a grant on a link does not grant the
    // target (DM-45 warning), so no orders.
    [ANALYTICS, arn(ANALYTICS, 'Analytics-ScientistRole'), 'sales_db', 'customers', null, 'country,customer_id'],
    // the analyst: its narrower re-grant by tag (public only) is refused (DM-22 tag-regrant-not-grantable: the account holds
    // neither that expression nor the tag values with grant option), so its DESCRIBE on the database link shows nothing.
    // the reader: named columns (case-insensitive), DESCRIBE on a table link.
    [ANALYTICS, arn(ANALYTICS, 'analytics-reader'), 'sales_db', 'orders', 'local_db.orders_tl', 'amount,order_id'],
    // owner account: the HR database's default permissions give IAM_ALLOWED_PRINCIPALS its new tables.
    [OWNER, 'IAM_ALLOWED_PRINCIPALS', 'hr_prod', 'salaries', null, 'employee_id,grade,salary'],
    // auditor (no RoleName: CloudFormation names it): ColumnWildcard minus customer_email; a filter with every row (rowFilter null).
    [OWNER, arn(OWNER, 'Lake-AuditorRole'), 'sales_db', 'customers', null, 'country,customer_id,name'],
    [OWNER, arn(OWNER, 'Lake-AuditorRole'), 'sales_db', 'orders', null, 'amount,dt,order_date,order_id,region'],
    // analyst (RoleName from Fn::Sub): the legacy AWS::LakeFormation::Permissions on a named table.
    [OWNER, arn(OWNER, 'acme-analyst-eu-central-1'), 'sales_db', 'customers', null, 'country,customer_id,email,name'],
    // the deployer (manifest's CloudFormation execution role) created the tables.
    [OWNER, arn(OWNER, 'acme-deployer'), 'hr_prod', 'salaries', null, 'employee_id,grade,salary'],
    [OWNER, arn(OWNER, 'acme-deployer'), 'sales_db', 'customers', null, 'country,customer_id,email,name'],
    [OWNER, arn(OWNER, 'acme-deployer'), 'sales_db', 'orders', null, 'amount,customer_email,dt,order_date,order_id,region'],
    // ETL role with a Path: ALL on every table of the HR database (ALL implies SELECT).
    [OWNER, arn(OWNER, 'data/acme-etl'), 'hr_prod', 'salaries', null, 'employee_id,grade,salary'],
    // partner (nested stage assembly): a data-cells filter with a row filter, to the account and, re-granted, to its reader.
    [PARTNER, PARTNER, 'sales_db', 'orders', null, 'amount,order_id,region', "region = 'eu'"],
    [PARTNER, arn(PARTNER, 'partner-reader'), 'sales_db', 'orders', 'orders_link', 'amount,order_id,region', "region = 'eu'"],
  ];
  expect(rows(report)).toEqual(expected);
});

test('the admin (DESCRIBE only), the role and grant behind a false condition, and the re-share target read nothing', () => {
  const principals = report.access.map(a => a.principal);
  expect(principals).not.toContain(arn(OWNER, 'acme-lake-admin'));
  expect(principals).not.toContain(arn(OWNER, 'acme-test-only'));
  expect(principals).not.toContain('999999999999');
});

test('consumer comes from the stack metadata when there is one, else null', () => {
  expect([...new Set(report.access.map(a => `${a.account}=${a.consumer}`))].sort()).toEqual([
    `${ANALYTICS}=analytics`, `${OWNER}=null`, `${PARTNER}=null`,
  ]);
});

test('DM-22 findings: the re-share and the narrower tag re-grant without tag permissions are errors, the re-grant wider than held a warning', () => {
  expect(report.findings.filter(f => f.id === 'DM-22')).toEqual([
    {
      id: 'DM-22',
      severity: 'error',
      message: `Analytics/AnalystPublicColumns: account 123456789012 grants ${arn(ANALYTICS, 'analytics-analyst')} by LF-tag expression domain=sales AND classification=public ` +
        'of account 210987654321, but holds neither that expression with grant option nor DESCRIBE with grant option on its LF-tag values: Lake Formation refuses the grant. ' +
        'Fix: have account 210987654321 grant account 123456789012 DESCRIBE with grant option on the LF-tag values (AWS::LakeFormation::PrincipalPermissions on LFTag), or the identical expression with grant option.',
    },
    {
      id: 'DM-22',
      severity: 'error',
      message: 'Partner-Consumer/ReshareToThirdAccount: account 345678901234 grants 999999999999 SELECT on sales_db.orders of account 210987654321; ' +
        'an account can re-grant a resource shared with it only to principals of its own account. Share from the owner account 210987654321 instead.',
    },
    {
      id: 'DM-22',
      severity: 'warning',
      message: `Analytics/ScientistCustomersAllButEmail: grant to ${arn(ANALYTICS, 'Analytics-ScientistRole')} on sales_db.customers names name, ` +
        'which account 123456789012 does not hold with grant option; Lake Formation caps the grant to country, customer_id.',
    },
  ]);
  // The re-grant through the link is no re-grant of the shared table (a grant on the link): DM-45, not DM-22.
  expect(report.findings.filter(f => f.id === 'DM-45').map(f => f.message.split(': ')[0])).toEqual(['Analytics/ScientistOrdersThroughLink']);
});

test('the doctor on a hand-written app: what it would take to deploy it (ordering, admins, defaults) and to query (IAM), by rule', () => {
  const count = new Map<string, number>();
  for (const f of report.findings) count.set(`${f.severity} ${f.id}`, (count.get(`${f.severity} ${f.id}`) ?? 0) + 1);
  expect(Object.fromEntries(count)).toEqual({
    'error DM-01': 19, // 18 grants/tags/associations/filters not ordered after Lake/Settings, and the settings drop the deployer from the admins
    'error DM-04': 1, // hr_prod gives IAM_ALLOWED_PRINCIPALS its new tables
    'error DM-18': 9, // associations and tag grants not depending on their LF-tag
    'error DM-22': 2,
    'error DM-24': 15, // no DependsOn chain between the grants of a stack
    'error DM-28': 17, // grants/associations/filters not depending on the database, table or filter they name
    'error DM-30': 2, // analytics and partner receive grants but have no data lake admin in the assembly
    'error DM-32': 6, // no role of the app that reads something has an IAM policy (the analyst reads nothing: its re-grant is refused)
    'error DM-36': 1, // the partner's stage links sales_db, shared by Lake, without deploying after it (share-before-use)
    'warning DM-01': 2, // Analytics and Partner-Consumer re-grant without settings in their accounts
    'warning DM-12': 1, // sales_db.orders lies in s3://acme-sales-…, a bucket no template of the app defines
    'warning DM-22': 1, // the scientist's re-grant on customers, capped
    'warning DM-26': 1, // the legacy AWS::LakeFormation::Permissions
    'warning DM-45': 1, // the scientist's SELECT on orders through the database link
  });
  expect(report.findings.find(f => f.id === 'DM-04')!.message).toMatch(/^Lake\/HrDb: database hr_prod gives IAM_ALLOWED_PRINCIPALS every new table/);
  expect(report.findings.find(f => f.id === 'DM-01' && f.message.startsWith('Lake/Settings'))!.message)
    .toContain('without the deploying role arn:aws:iam::210987654321:role/acme-deployer');
});

test('effective: the roles have no IAM policy, so their entries fail and name each absent action; account-level, group and deployer entries are not evaluated', () => {
  const reader = report.access.find(a => a.principal === arn(ANALYTICS, 'analytics-reader'))!;
  expect(reader.effective).toBe(false);
  // Through the table link: the link in the consumer catalog and the target in the owner's, plus GetDataAccess.
  expect(reader.missing).toContain('glue:GetTable on arn:aws:glue:eu-central-1:123456789012:table/local_db/orders_tl');
  expect(reader.missing).toContain('glue:GetTable on arn:aws:glue:eu-central-1:210987654321:table/sales_db/orders');
  expect(reader.missing).toContain('glue:GetPartitions on arn:aws:glue:eu-central-1:210987654321:table/sales_db/orders'); // orders is partitioned
  expect(reader.missing[reader.missing.length - 1]).toBe('lakeformation:GetDataAccess on *');
  for (const a of report.access.filter(x => /^\d{12}$/.test(x.principal) || x.principal === 'IAM_ALLOWED_PRINCIPALS' || x.principal.endsWith('acme-deployer'))) {
    // sales_db.orders lies in a bucket the app does not define: its entries are unverified, hence not effective.
    expect([a.table, a.effective, a.missing, a.unverified]).toEqual([a.table, a.table !== 'orders', [], a.table === 'orders']);
  }
});
