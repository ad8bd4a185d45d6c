/*
 * A hand-written L1 app (raw CloudFormation JSON in test/report/fixtures/l1-assembly, no library
 * construct): an owner account with tags at database/table/column level, cross-account LFTagPolicy
 * grants with grant option, a named-column grant, data-cells filters, IAM_ALLOWED_PRINCIPALS defaults;
 * a consumer with a database link, a table link, re-grants (one through the link) and re-grants wider
 * than held; a partner account in a nested (stage) assembly that received a filter and tries to re-share it.
 */
import { evaluate, L1_ASSEMBLY, Row, rows } from './helpers';
import { AccessReport } from '../../src/report/evaluate';

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
    // the scientist's grants are wider than what the account holds with grant option: capped (warnings below).
    [ANALYTICS, arn(ANALYTICS, 'Analytics-ScientistRole'), 'sales_db', 'customers', null, 'country,customer_id'],
    [ANALYTICS, arn(ANALYTICS, 'Analytics-ScientistRole'), 'sales_db', 'orders', null, 'amount,dt,order_date,order_id,region'],
    // the analyst: narrower re-grant by tag (public only), DESCRIBE on the database link.
    [ANALYTICS, arn(ANALYTICS, 'analytics-analyst'), 'sales_db', 'customers', 'sales_link', 'country,customer_id'],
    [ANALYTICS, arn(ANALYTICS, 'analytics-analyst'), 'sales_db', 'orders', 'sales_link', 'order_id,region'],
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

test('findings: the re-share is an error, each re-grant wider than held a DM-22 warning naming what was dropped and what is kept', () => {
  expect(report.findings).toEqual([
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
    {
      id: 'DM-22',
      severity: 'warning',
      message: `Analytics/ScientistOrdersThroughLink: grant to ${arn(ANALYTICS, 'Analytics-ScientistRole')} on sales_db.orders names customer_email, ` +
        'which account 123456789012 does not hold with grant option; Lake Formation caps the grant to amount, dt, order_date, order_id, region.',
    },
  ]);
});
