/*
 * One test per Lake Formation rule the evaluator implements, each on a minimal hand-written template
 * (raw CloudFormation JSON). The expectations follow the LF developer guide (see docs/report.md).
 */
import { AccessReport, evaluateStacks } from '../../src/report/analyze';
import { StackTemplate } from '../../src/report/stack-template';
import { Row, rows } from '../support/assembly';

const OWNER = '111122223333';
const CONSUMER = '444455556666';
const OTHER = '777788889999';
const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

function stack(account: string, resources: Record<string, any>, extra: Partial<StackTemplate> = {}): StackTemplate {
  return { stackName: `S${account}`, account, region: 'eu-west-1', template: { Resources: resources }, ...extra };
}
const database = (name: string, input: any = {}) => ({ Type: 'AWS::Glue::Database', Properties: { CatalogId: OWNER, DatabaseInput: { Name: name, ...input } } });
const table = (db: string, name: string, columns: string[]) => ({
  Type: 'AWS::Glue::Table',
  Properties: { CatalogId: OWNER, DatabaseName: db, TableInput: { Name: name, StorageDescriptor: { Columns: columns.map(c => ({ Name: c, Type: 'string' })) } } },
});
const tag = (resource: any, pairs: Record<string, string>) => ({
  Type: 'AWS::LakeFormation::TagAssociation',
  Properties: { Resource: resource, LFTags: Object.entries(pairs).map(([k, v]) => ({ CatalogId: OWNER, TagKey: k, TagValues: [v] })) },
});
const grant = (principal: any, resource: any, permissions: string[], grantable: string[] = []) => ({
  Type: 'AWS::LakeFormation::PrincipalPermissions',
  Properties: {
    Principal: { DataLakePrincipalIdentifier: principal },
    Resource: resource,
    Permissions: permissions,
    PermissionsWithGrantOption: grantable,
  },
});
const tagPolicy = (expression: Record<string, string[]>, type = 'TABLE', catalog = OWNER) => ({
  LFTagPolicy: { CatalogId: catalog, ResourceType: type, Expression: Object.entries(expression).map(([k, v]) => ({ TagKey: k, TagValues: v })) },
});
const link = (name: string, target: string, account = CONSUMER) => ({
  Type: 'AWS::Glue::Database',
  Properties: { CatalogId: account, DatabaseInput: { Name: name, TargetDatabase: { CatalogId: OWNER, DatabaseName: target } } },
});

/** db `sales` with table `t` (c1..c4) and `u` (u1, u2). */
const catalog = (extra: Record<string, any> = {}) => stack(OWNER, {
  Db: database('sales', { CreateTableDefaultPermissions: [] }),
  T: table('sales', 't', ['c1', 'c2', 'c3', 'c4']),
  U: table('sales', 'u', ['u1', 'u2']),
  ...extra,
});
const run = (...stacks: StackTemplate[]): AccessReport => evaluateStacks(stacks);
/** The Lake Formation findings these tests are about (DM-22); the doctor's other rules have their own tests in test/doctor. */
const lfFindings = (report: AccessReport) => report.findings.filter(f => f.id === 'DM-22');
const R1 = roleArn(OWNER, 'r1');

describe('tags', () => {
  const tagged = {
    DbTags: tag({ Database: { CatalogId: OWNER, Name: 'sales' } }, { Domain: 'Sales', level: 'high' }),
    TTags: tag({ Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't' } }, { level: 'low' }),
    C3: tag({ TableWithColumns: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't', ColumnNames: ['c3'] } }, { level: 'high' }),
    C4: tag({ TableWithColumns: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't', ColumnNames: ['c4'] } }, { domain: 'hr' }),
  };

  test('inheritance database -> table -> column: a key set lower down overrides that key only', () => {
    const report = run(catalog({
      ...tagged,
      Low: grant(R1, tagPolicy({ domain: ['sales'], level: ['low'] }), ['SELECT']),
      Hr: grant(roleArn(OWNER, 'r2'), tagPolicy({ domain: ['hr'] }), ['SELECT']),
      High: grant(roleArn(OWNER, 'r3'), tagPolicy({ level: ['high'] }), ['SELECT']),
    }));
    expect(rows(report)).toEqual([
      // c4: domain overridden to hr, level still the table's low; u inherits the database's level=high.
      [OWNER, R1, 'sales', 't', null, 'c1,c2'],
      [OWNER, roleArn(OWNER, 'r2'), 'sales', 't', null, 'c4'],
      [OWNER, roleArn(OWNER, 'r3'), 'sales', 't', null, 'c3'],
      [OWNER, roleArn(OWNER, 'r3'), 'sales', 'u', null, 'u1,u2'],
    ]);
  });

  test('expressions: keys ANDed, values ORed, keys and values case-insensitive; a key the resource lacks never matches', () => {
    const report = run(catalog({
      ...tagged,
      Or: grant(R1, tagPolicy({ DOMAIN: ['SALES', 'HR'], Level: ['Low', 'High'] }), ['SELECT']),
      Missing: grant(roleArn(OWNER, 'r2'), tagPolicy({ domain: ['sales'], region: ['eu'] }), ['SELECT']),
    }));
    expect(rows(report)).toEqual([
      [OWNER, R1, 'sales', 't', null, 'c1,c2,c3,c4'],
      [OWNER, R1, 'sales', 'u', null, 'u1,u2'],
    ]);
  });

  test('an LFTagPolicy on ResourceType DATABASE grants database permissions, no data, whatever the permissions', () => {
    const report = run(catalog({ ...tagged, Db: grant(R1, tagPolicy({ domain: ['sales'] }, 'DATABASE'), ['DESCRIBE', 'ALL']) }));
    expect(report.access).toEqual([]);
  });

  test('an untagged table matches no expression', () => {
    expect(run(catalog({ G: grant(R1, tagPolicy({ level: ['low'] }), ['SELECT']) })).access).toEqual([]);
  });
});

describe('named resources', () => {
  test('Table by name: every column; TableWildcard: every table of the database; a Database grant: no data', () => {
    const report = run(catalog({
      Named: grant(R1, { Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 'u' } }, ['SELECT']),
      Wildcard: grant(roleArn(OWNER, 'r2'), { Table: { CatalogId: OWNER, DatabaseName: 'sales', TableWildcard: {} } }, ['SELECT']),
      Db: grant(roleArn(OWNER, 'r3'), { Database: { CatalogId: OWNER, Name: 'sales' } }, ['ALL']),
    }));
    expect(rows(report)).toEqual([
      [OWNER, R1, 'sales', 'u', null, 'u1,u2'],
      [OWNER, roleArn(OWNER, 'r2'), 'sales', 't', null, 'c1,c2,c3,c4'],
      [OWNER, roleArn(OWNER, 'r2'), 'sales', 'u', null, 'u1,u2'],
    ]);
  });

  test('ALL (and SUPER) imply SELECT; DESCRIBE, ALTER or INSERT alone read nothing', () => {
    const on = (name: string) => ({ Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: name } });
    const report = run(catalog({
      All: grant(R1, on('t'), ['ALL']),
      Super: grant(roleArn(OWNER, 'r2'), on('u'), ['SUPER']),
      Describe: grant(roleArn(OWNER, 'r3'), on('t'), ['DESCRIBE', 'ALTER', 'INSERT', 'DELETE', 'DROP']),
    }));
    expect(rows(report).map(r => `${r[1]} ${r[3]}`)).toEqual([`${R1} t`, `${roleArn(OWNER, 'r2')} u`]);
  });

  test('TableWithColumns: ColumnNames (case-insensitive, unknown names ignored), ColumnWildcard with and without exclusions', () => {
    const twc = (cols: any) => ({ TableWithColumns: { CatalogId: OWNER, DatabaseName: 'SALES', Name: 'T', ...cols } });
    const report = run(catalog({
      Names: grant(R1, twc({ ColumnNames: ['C1', 'c3', 'nope'] }), ['SELECT']),
      Excluded: grant(roleArn(OWNER, 'r2'), twc({ ColumnWildcard: { ExcludedColumnNames: ['c2'] } }), ['SELECT']),
      Every: grant(roleArn(OWNER, 'r3'), twc({ ColumnWildcard: {} }), ['SELECT']),
      Neither: grant(roleArn(OWNER, 'r4'), twc({}), ['SELECT']),
    }));
    expect(rows(report)).toEqual([
      [OWNER, R1, 'sales', 't', null, 'c1,c3'],
      [OWNER, roleArn(OWNER, 'r2'), 'sales', 't', null, 'c1,c3,c4'],
      [OWNER, roleArn(OWNER, 'r3'), 'sales', 't', null, 'c1,c2,c3,c4'],
    ]);
  });
});

describe('data-cells filters', () => {
  const filter = (name: string, props: any) => ({
    Type: 'AWS::LakeFormation::DataCellsFilter',
    Properties: { TableCatalogId: OWNER, DatabaseName: 'sales', TableName: 't', Name: name, ...props },
  });
  const onFilter = (name: string) => ({ DataCellsFilter: { TableCatalogId: OWNER, DatabaseName: 'sales', TableName: 't', Name: name } });
  const filters = {
    Eu: filter('eu', { ColumnNames: ['c1', 'c2'], RowFilter: { FilterExpression: "c4 = 'eu'" } }),
    Us: filter('us', { ColumnNames: ['c1', 'c2'], RowFilter: { FilterExpression: "c4 = 'us'" } }),
    NoC3: filter('no_c3', { ColumnWildcard: { ExcludedColumnNames: ['c3'] }, RowFilter: { AllRowsWildcard: {} } }),
  };

  test('columns of the filter; the row filter expression, or null for AllRowsWildcard', () => {
    const report = run(catalog({ ...filters, A: grant(R1, onFilter('eu'), ['SELECT']), B: grant(roleArn(OWNER, 'r2'), onFilter('no_c3'), ['SELECT']) }));
    expect(rows(report)).toEqual([
      [OWNER, R1, 'sales', 't', null, 'c1,c2', "c4 = 'eu'"],
      [OWNER, roleArn(OWNER, 'r2'), 'sales', 't', null, 'c1,c2,c4'],
    ]);
  });

  test('cell-level union: two filters on the same columns OR their rows; columns granted for every row leave the filtered entry', () => {
    const report = run(catalog({
      ...filters,
      A: grant(R1, onFilter('eu'), ['SELECT']),
      B: grant(R1, onFilter('us'), ['SELECT']),
      C: grant(roleArn(OWNER, 'r2'), onFilter('eu'), ['SELECT']),
      D: grant(roleArn(OWNER, 'r2'), { TableWithColumns: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't', ColumnNames: ['c2', 'c3'] } }, ['SELECT']),
    }));
    expect(rows(report)).toEqual([
      [OWNER, R1, 'sales', 't', null, 'c1,c2', "(c4 = 'eu') OR (c4 = 'us')"],
      [OWNER, roleArn(OWNER, 'r2'), 'sales', 't', null, 'c2,c3'],
      [OWNER, roleArn(OWNER, 'r2'), 'sales', 't', null, 'c1', "c4 = 'eu'"],
    ]);
  });

  test('a consumer re-granting the whole table while it holds only a filter: capped to the filter, rows included, with a warning', () => {
    const report = run(
      catalog({ ...filters, Share: grant(CONSUMER, onFilter('eu'), ['SELECT'], ['SELECT']) }),
      stack(CONSUMER, { G: grant(roleArn(CONSUMER, 'c'), { Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't' } }, ['SELECT']) }),
    );
    expect(rows(report)).toEqual([
      [CONSUMER, CONSUMER, 'sales', 't', null, 'c1,c2', "c4 = 'eu'"],
      [CONSUMER, roleArn(CONSUMER, 'c'), 'sales', 't', null, 'c1,c2', "c4 = 'eu'"],
    ]);
    expect(lfFindings(report).map(f => [f.id, f.severity, /names (.*), which .* caps the grant to (.*)\.$/.exec(f.message)?.slice(1)])).toEqual([
      ['DM-22', 'warning', ['c3, c4', 'c1, c2']],
    ]);
  });
});

describe('principals and implicit permissions', () => {
  test('data lake admins get no implicit SELECT (DM-27); with an explicit grant they read like anyone', () => {
    const settings = { Type: 'AWS::LakeFormation::DataLakeSettings', Properties: { Admins: [{ DataLakePrincipalIdentifier: R1 }, { DataLakePrincipalIdentifier: roleArn(OWNER, 'r2') }] } };
    const report = run(catalog({ Settings: settings, G: grant(roleArn(OWNER, 'r2'), { Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 'u' } }, ['SELECT']) }));
    expect(rows(report)).toEqual([[OWNER, roleArn(OWNER, 'r2'), 'sales', 'u', null, 'u1,u2']]);
  });

  test("the table creator (the manifest's CloudFormation execution role) holds every permission on the tables it creates", () => {
    const report = run({ ...catalog(), region: 'cn-north-1', deploymentRoleArn: 'arn:${AWS::Partition}:iam::111122223333:role/deployer' });
    expect(rows(report)).toEqual([
      [OWNER, 'arn:aws-cn:iam::111122223333:role/deployer', 'sales', 't', null, 'c1,c2,c3,c4'],
      [OWNER, 'arn:aws-cn:iam::111122223333:role/deployer', 'sales', 'u', null, 'u1,u2'],
    ]);
  });

  test('IAM_ALLOWED_PRINCIPALS: an explicit grant, or default permissions of the database (or of the settings when the database has none)', () => {
    const iap = [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }];
    const settings = (defaults: any) => ({ Type: 'AWS::LakeFormation::DataLakeSettings', Properties: { Admins: [], CreateTableDefaultPermissions: defaults } });
    const two = (extra: any) => stack(OWNER, {
      Open: database('open', { CreateTableDefaultPermissions: iap }),
      Closed: database('closed', { CreateTableDefaultPermissions: [] }),
      Unset: database('unset'),
      T1: table('open', 't', ['a']),
      T2: table('closed', 't', ['b']),
      T3: table('unset', 't', ['c']),
      ...extra,
    });
    expect(rows(run(two({ Settings: settings(iap) })))).toEqual([
      [OWNER, 'IAM_ALLOWED_PRINCIPALS', 'open', 't', null, 'a'],
      [OWNER, 'IAM_ALLOWED_PRINCIPALS', 'unset', 't', null, 'c'],
    ]);
    expect(rows(run(two({ Settings: settings([]) })))).toEqual([[OWNER, 'IAM_ALLOWED_PRINCIPALS', 'open', 't', null, 'a']]);
    // No settings in the assembly: what the account's settings say is unknown, so nothing is assumed for `unset`.
    expect(rows(run(two({ G: grant('IAM_ALLOWED_PRINCIPALS', { Table: { CatalogId: OWNER, DatabaseName: 'closed', Name: 't' } }, ['SELECT']) })))).toEqual([
      [OWNER, 'IAM_ALLOWED_PRINCIPALS', 'closed', 't', null, 'b'],
      [OWNER, 'IAM_ALLOWED_PRINCIPALS', 'open', 't', null, 'a'],
    ]);
  });

  test('principal forms: account id, arn:…:root (the account), role and user ARNs (paths kept), an organization (not expanded)', () => {
    const on = { Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 'u' } };
    const report = run(catalog({
      Account: grant(CONSUMER, on, ['SELECT']),
      Root: grant(`arn:aws:iam::${OTHER}:root`, on, ['SELECT']),
      User: grant({ 'Fn::GetAtt': ['Someone', 'Arn'] }, on, ['SELECT']),
      Someone: { Type: 'AWS::IAM::User', Properties: { UserName: 'someone', Path: '/people/' } },
      Org: grant('arn:aws:organizations::999900001111:organization/o-abc123', on, ['SELECT']),
    }));
    expect(rows(report).map(r => `${r[0]} ${r[1]}`)).toEqual([
      `${OWNER} arn:aws:iam::${OWNER}:user/people/someone`,
      `${CONSUMER} ${CONSUMER}`,
      `${OTHER} ${OTHER}`,
      '999900001111 arn:aws:organizations::999900001111:organization/o-abc123',
    ]);
  });
});

describe('grant-option chains and resource links', () => {
  const shared = (grantable: string[]) => catalog({
    Share: grant(CONSUMER, { Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't' } }, ['SELECT', 'DESCRIBE'], grantable),
  });
  const consumerRole = roleArn(CONSUMER, 'analyst');

  test('an owner may grant an IAM principal of another account directly: no cap', () => {
    const report = run(catalog({ Direct: grant(consumerRole, { Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't' } }, ['SELECT']) }));
    expect(rows(report)).toEqual([[CONSUMER, consumerRole, 'sales', 't', null, 'c1,c2,c3,c4']]);
    expect(lfFindings(report)).toEqual([]);
  });

  test('a consumer passes on what it holds with grant option, naming the target; without the option Lake Formation refuses its re-grant (an error) and it gives nothing', () => {
    const consumer = stack(CONSUMER, {
      Link: link('sales_link', 'sales'),
      G: grant(consumerRole, { TableWithColumns: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't', ColumnNames: ['c1'] } }, ['SELECT']),
      D: grant(consumerRole, { Database: { CatalogId: CONSUMER, Name: 'sales_link' } }, ['DESCRIBE']),
    });
    expect(rows(run(shared(['SELECT']), consumer))).toEqual([
      [CONSUMER, CONSUMER, 'sales', 't', null, 'c1,c2,c3,c4'],
      [CONSUMER, consumerRole, 'sales', 't', 'sales_link', 'c1'],
    ]);
    const capped = run(shared(['DESCRIBE']), consumer);
    expect(rows(capped)).toEqual([[CONSUMER, CONSUMER, 'sales', 't', null, 'c1,c2,c3,c4']]);
    expect(lfFindings(capped).map(f => [f.severity, f.message])).toEqual([[
      'error',
      `S${CONSUMER}/G: account ${CONSUMER} grants ${consumerRole} SELECT on columns of sales.t of catalog ${OWNER} (sales.t of account ${OWNER}), ` +
      'which it was never granted with grant option: Lake Formation refuses the grant (AccessDeniedException). ' +
      `Fix: have the owner account grant account ${CONSUMER} SELECT with grant option on it (by name or by an LF-tag expression), or remove this grant.`,
    ]]);
  });

  test('a grant on a resource link does not grant its target (LF-DG "Granting resource link permissions"): a re-grant naming the table through the database link gives nothing', () => {
    const report = run(shared(['SELECT']), stack(CONSUMER, {
      Link: link('sales_link', 'sales'),
      G: grant(consumerRole, { TableWithColumns: { CatalogId: CONSUMER, DatabaseName: 'sales_link', Name: 't', ColumnNames: ['c1'] } }, ['SELECT']),
      W: grant(roleArn(CONSUMER, 'wild'), { Table: { CatalogId: CONSUMER, DatabaseName: 'sales_link', TableWildcard: {} } }, ['SELECT']),
      D: grant(consumerRole, { Database: { CatalogId: CONSUMER, Name: 'sales_link' } }, ['DESCRIBE']),
    }));
    expect(rows(report)).toEqual([[CONSUMER, CONSUMER, 'sales', 't', null, 'c1,c2,c3,c4']]);
    expect(report.findings.filter(f => f.id === 'DM-45').map(f => f.message.split(':')[0])).toEqual([`S${CONSUMER}/G`, `S${CONSUMER}/W`]);
  });

  test('re-sharing to another account (or its principals) is refused: an error, no access', () => {
    const report = run(shared(['SELECT']), stack(CONSUMER, {
      A: grant(OTHER, { Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't' } }, ['SELECT']),
      B: grant(roleArn(OTHER, 'x'), { Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't' } }, ['SELECT']),
    }));
    expect(rows(report).map(r => r[1])).toEqual([CONSUMER]);
    expect(lfFindings(report).map(f => [f.id, f.severity, /^(.*?) SELECT on sales\.t of account (\d+);/.exec(f.message)?.slice(1)])).toEqual([
      ['DM-22', 'error', [`S${CONSUMER}/A: account ${CONSUMER} grants ${OTHER}`, OWNER]],
      ['DM-22', 'error', [`S${CONSUMER}/B: account ${CONSUMER} grants ${roleArn(OTHER, 'x')}`, OWNER]],
    ]);
  });

  test('via needs DESCRIBE (or ALL) on a link of the principal’s own account; admins have DESCRIBE implicitly; SELECT on a table link reads nothing', () => {
    const on = { Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't' } };
    const r = (n: string) => roleArn(CONSUMER, n);
    const report = run(shared(['SELECT']), stack(CONSUMER, {
      Settings: { Type: 'AWS::LakeFormation::DataLakeSettings', Properties: { Admins: [{ DataLakePrincipalIdentifier: r('admin') }] } },
      Link: link('sales_link', 'sales'),
      TableLink: {
        Type: 'AWS::Glue::Table',
        Properties: { CatalogId: CONSUMER, DatabaseName: 'local', TableInput: { Name: 't_link', TargetTable: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't' } } },
      },
      SelectOnly: grant(r('a'), on, ['SELECT']),
      LinkSelect: grant(r('a'), { Database: { CatalogId: CONSUMER, Name: 'sales_link' } }, ['SELECT']),
      All: grant(r('b'), on, ['SELECT']),
      LinkAll: grant(r('b'), { Database: { CatalogId: CONSUMER, Name: 'sales_link' } }, ['ALL']),
      Admin: grant(r('admin'), on, ['SELECT']),
      ThroughTableLink: grant(r('c'), { Table: { CatalogId: CONSUMER, DatabaseName: 'local', Name: 't_link' } }, ['SELECT', 'DESCRIBE']),
    }), stack(OTHER, {
      ForeignLink: link('sales_link', 'sales', OTHER),
      Foreign: grant(r('d'), { Database: { CatalogId: OTHER, Name: 'sales_link' } }, ['DESCRIBE']),
    }));
    expect(rows(report)).toEqual([
      [CONSUMER, CONSUMER, 'sales', 't', null, 'c1,c2,c3,c4'],
      [CONSUMER, r('a'), 'sales', 't', null, 'c1,c2,c3,c4'],
      [CONSUMER, r('admin'), 'sales', 't', 'local.t_link', 'c1,c2,c3,c4'],
      [CONSUMER, r('b'), 'sales', 't', 'sales_link', 'c1,c2,c3,c4'],
    ]);
  });
});

test('rows() helper keeps the contract order', () => {
  const report = run(catalog({ G: grant(R1, { Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 'u' } }, ['SELECT']) }));
  expect(Object.keys(report.access[0])).toEqual(['consumer', 'account', 'principal', 'database', 'via', 'table', 'columns', 'rowFilter', 'effective', 'missing', 'unverified']);
  const row: Row = rows(report)[0];
  expect(row).toEqual([OWNER, R1, 'sales', 'u', null, 'u1,u2']);
});
