/*
 * The audit's parts that need no AWS API: the command line (usage errors, the exit code when it cannot run),
 * credentials per account from the command line and a config file, offline files and their names, the
 * retry policy, the comparison's canonical grants, and the layering of the SDK bundle. The live reading is
 * tested against moto in audit-moto.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { backoffDelay, isRetryable } from '../../src/audit/aws/reader';
import { AUDIT_USAGE, auditMain, targetsFor } from '../../src/audit/command';
import { canonicalResource } from '../../src/audit/snapshot';
import { readStateDirectory } from '../../src/audit/state';
import { L1_ASSEMBLY, removeTmpDirs, tmpDir } from '../support/assembly';

afterAll(removeTmpDirs);

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await auditMain(argv, { out: t => out.push(t), err: t => err.push(t) }, { reader: { readAccount: () => Promise.reject(new Error('no AWS in this test')) } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('command line', () => {
  test.each([
    [['--profile', 'gov'], "--profile takes <12-digit account>=<profile>, got 'gov'"],
    [['--role', '1234=arn:aws:iam::1234:role/x'], "--role takes <12-digit account>=<role arn>, got '1234=arn:aws:iam::1234:role/x'"],
    [['--format', 'yaml'], "unknown format 'yaml' (use markdown or json)"],
    [['--max-attempts', '0'], "--max-attempts takes a positive integer, got '0'"],
    [['--from', 'a', '--export', 'b'], '--from and --export exclude each other (--export writes what a live audit reads)'],
    [['a', 'b'], 'expected one cloud assembly directory, got 2: a b'],
    [['--verbose'], "unknown option '--verbose'"],
    [['--region'], '--region needs a value'],
  ])('usage error %j: exit 2, one line', async (argv, problem) => {
    expect(await run(...argv)).toEqual({ code: 2, out: '', err: `cdk-data-mesh audit: ${problem} (see --help)` });
  });

  test('--help prints the usage; the IAM policy and exit codes are in it or in docs/audit.md', async () => {
    expect(await run('--help')).toEqual({ code: 0, out: AUDIT_USAGE, err: '' });
    expect(AUDIT_USAGE).toContain('exit codes: 0 no error finding');
  });

  test('an assembly that is not there, a bad config file, an offline file of an unknown name: exit 3 with the reason', async () => {
    expect(await run(path.join(L1_ASSEMBLY, 'nope'))).toEqual({ code: 3, out: '', err: expect.stringContaining('no cloud assembly') });
    const dir = tmpDir('audit-config-');
    const config = path.join(dir, 'audit.json');
    fs.writeFileSync(config, JSON.stringify({ accounts: { 111: { profile: 'x' }, 222222222222: { rolearn: 'x' } }, role: 'x' }));
    const bad = await run(L1_ASSEMBLY, '--config', config);
    expect(bad.code).toBe(3);
    expect(bad.err).toBe(`cdk-data-mesh audit: the config file ${config}: unknown key "role"; accounts: "111" is not a 12-digit account id; `
      + 'accounts.222222222222: unknown key "rolearn"; accounts.222222222222: give "profile" or "roleArn"');
    const offline = tmpDir('audit-offline-');
    fs.writeFileSync(path.join(offline, 'governance.json'), '{}');
    const named = await run(L1_ASSEMBLY, '--from', offline);
    expect(named.code).toBe(3);
    expect(named.err).toContain('governance.json: name it <account>.json (an export) or <account>.<aws cli command>[.<database>[.<table>]].json');
  });

  test('an account without credentials that work is an error finding (exit 1), not a crash', async () => {
    const r = await run(L1_ASSEMBLY, '--format', 'json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.accounts.every((a: any) => a.status === 'unreachable')).toBe(true);
    expect(json.findings.every((f: any) => f.id === 'account-unreachable' && f.message.startsWith('no AWS in this test'))).toBe(true);
  });
});

describe('credentials per account', () => {
  const accounts = [{ account: '111111111111', region: 'eu-west-1' }, { account: '222222222222', region: 'eu-west-1' }, { account: '333333333333', region: 'cn-north-1' }];

  test('the command line over the config file over --role-name; the partition from the region', () => {
    const targets = targetsFor(accounts, {
      profiles: new Map([['111111111111', 'gov-audit']]),
      roleName: 'audit',
      sourceProfile: 'hub',
      externalId: 'x-1',
      config: { region: 'eu-central-1', accounts: { 111111111111: { roleArn: 'arn:aws:iam::111111111111:role/ignored' }, 222222222222: { roleArn: 'arn:aws:iam::222222222222:role/r', externalId: 'x-2' } } },
    });
    expect(targets).toEqual([
      { account: '111111111111', region: 'eu-central-1', profile: 'gov-audit' },
      { account: '222222222222', region: 'eu-central-1', roleArn: 'arn:aws:iam::222222222222:role/r', profile: 'hub', externalId: 'x-2' },
      { account: '333333333333', region: 'eu-central-1', roleArn: 'arn:aws:iam::333333333333:role/audit', profile: 'hub', externalId: 'x-1' },
    ]);
    expect(targetsFor(accounts.slice(2), { roleName: 'audit' })).toEqual([{ account: '333333333333', region: 'cn-north-1', roleArn: 'arn:aws-cn:iam::333333333333:role/audit' }]);
    expect(targetsFor(accounts.slice(0, 1), {})).toEqual([{ account: '111111111111', region: 'eu-west-1' }]);
  });
});

describe('offline files', () => {
  test('AWS CLI outputs named <account>.<command>[.<database>[.<table>]].json fill the sections they name', () => {
    const dir = tmpDir('audit-files-');
    const write = (name: string, value: any) => fs.writeFileSync(path.join(dir, name), JSON.stringify(value));
    write('111111111111.list-permissions.json', { PrincipalResourcePermissions: [{ Principal: { DataLakePrincipalIdentifier: '555555555555' }, Resource: { Database: { Name: 'x' } }, Permissions: ['DESCRIBE'] }] });
    write('111111111111.get-resource-lf-tags.sales.json', { LFTagOnDatabase: [{ CatalogId: '111111111111', TagKey: 'producer', TagValues: ['sales'] }] });
    write('111111111111.get-resource-lf-tags.sales.orders.json', { LFTagsOnTable: [], LFTagsOnColumns: [{ Name: 'amount', LFTags: [] }] });
    write('111111111111.get-tables.sales.json', { TableList: [{ Name: 'orders', DatabaseName: 'sales' }] });
    write('222222222222.get-data-lake-settings.json', { DataLakeSettings: { DataLakeAdmins: [] } });
    const states = readStateDirectory(dir, 'eu-west-1');
    expect(states.map(s => s.account)).toEqual(['111111111111', '222222222222']);
    const [gov, other] = states;
    expect(gov.listPermissions.PrincipalResourcePermissions).toHaveLength(1);
    expect(gov.resourceLfTags.map(r => r.Resource)).toEqual([
      { Database: { CatalogId: '111111111111', Name: 'sales' } },
      { Table: { CatalogId: '111111111111', DatabaseName: 'sales', Name: 'orders' } },
    ]);
    expect(gov.glueTables.TableList).toHaveLength(1);
    expect(other.dataLakeSettings).toEqual({ DataLakeSettings: { DataLakeAdmins: [] } });
    // Sections without a file were not read (an error each), not read as empty; tags and tables only where the account has a database.
    expect(other.errors.map(e => e.operation)).toEqual(['lakeformation:ListPermissions', 'lakeformation:ListLFTags', 'lakeformation:ListResources',
      'lakeformation:ListDataCellsFilter', 'glue:GetDatabases', 'ram:GetResourceShares', 'ram:GetResourceShareInvitations']);
    expect(gov.errors.map(e => e.operation)).toContain('lakeformation:GetDataLakeSettings');
    expect(gov.errors.map(e => e.operation)).not.toContain('lakeformation:ListPermissions');
    write('111111111111.get-databases.json', { DatabaseList: [{ Name: 'sales' }] });
    const withDb = readStateDirectory(dir, 'eu-west-1')[0];
    expect(withDb.errors.map(e => e.operation)).not.toContain('glue:GetTables');
    fs.rmSync(path.join(dir, '111111111111.get-tables.sales.json'));
    expect(readStateDirectory(dir, 'eu-west-1')[0].errors.find(e => e.operation === 'glue:GetTables')!.message)
      .toBe(`not read: ${dir} has no 111111111111.get-tables.<database>….json (nor a glueTables section in 111111111111.json)`);
    write('111111111111.get-tables.sales.json', { TableList: [{ Name: 'orders', DatabaseName: 'sales' }] });
    write('111111111111.list-grants.json', {});
    expect(() => readStateDirectory(dir, 'eu-west-1')).toThrow(/unknown AWS CLI command 'list-grants'/);
    fs.rmSync(path.join(dir, '111111111111.list-grants.json'));
    write('111111111111.list-lf-tags.json', { Tags: [] });
    expect(() => readStateDirectory(dir, 'eu-west-1')).toThrow(/expected the AWS CLI output with a "LFTags" list/);
  });
});

describe('retries', () => {
  test('throttling, 5xx, timeouts and network errors are retried; access and validation errors are not', () => {
    expect(isRetryable({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })).toBe(true);
    expect(isRetryable({ name: 'Whatever', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isRetryable({ name: 'Error', code: 'ECONNRESET' })).toBe(true);
    expect(isRetryable({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } })).toBe(false);
    expect(isRetryable({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } })).toBe(false);
  });

  test('back-off doubles from the base with jitter between 50 and 100 %, capped at 20 s', () => {
    expect([1, 2, 3, 4].map(a => backoffDelay(a, 200, () => 1))).toEqual([200, 400, 800, 1600]);
    expect([1, 2, 3, 4].map(a => backoffDelay(a, 200, () => 0))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(20, 200, () => 1)).toBe(20_000);
  });
});

describe('canonical grants', () => {
  test('a column wildcard that excludes nothing is the table; names lower case; catalog ids filled in; lists sorted', () => {
    expect(canonicalResource({ TableWithColumns: { DatabaseName: 'Sales', Name: 'Orders', ColumnWildcard: {} } }, '111111111111'))
      .toEqual({ Table: { CatalogId: '111111111111', DatabaseName: 'sales', Name: 'orders' } });
    expect(canonicalResource({ Table: { CatalogId: '2', DatabaseName: 'd', Name: 't' } }, '1')).toEqual({ Table: { CatalogId: '2', DatabaseName: 'd', Name: 't' } });
    expect(canonicalResource({ TableWithColumns: { CatalogId: '1', DatabaseName: 'd', Name: 't', ColumnNames: ['B', 'a'] } }, '1'))
      .toEqual({ TableWithColumns: { CatalogId: '1', DatabaseName: 'd', Name: 't', ColumnNames: ['a', 'b'] } });
    expect(canonicalResource({ LFTagPolicy: { ResourceType: 'table', Expression: [{ TagKey: 'z', TagValues: ['b', 'a'] }, { TagKey: 'a', TagValues: ['x'] }] } }, '1'))
      .toEqual({ LFTagPolicy: { CatalogId: '1', ResourceType: 'TABLE', Expression: [{ TagKey: 'a', TagValues: ['x'] }, { TagKey: 'z', TagValues: ['a', 'b'] }] } });
  });
});

test('the live reader (src/audit/aws/, bundled with the SDK) imports only the AWS SDK, node built-ins and the audit; nothing else imports it', () => {
  const audit = path.join(__dirname, '..', '..', 'src', 'audit');
  const spec = /(?:from\s*|require\s*\(\s*|import\s*\(\s*)['"]([^'"]+)['"]/g;
  const reader = fs.readFileSync(path.join(audit, 'aws', 'reader.ts'), 'utf8');
  const imports = [...reader.matchAll(spec)].map(m => m[1]);
  expect(imports.filter(s => !/^@aws-sdk\/client-|^@aws-sdk\/credential-providers$|^@smithy\/node-http-handler$|^\.\.\/(state|reader-api)$/.test(s))).toEqual([]);
  for (const f of fs.readdirSync(audit).filter(x => x.endsWith('.ts'))) {
    expect([f, [...fs.readFileSync(path.join(audit, f), 'utf8').matchAll(spec)].map(m => m[1]).filter(s => s.includes('aws/') || s.startsWith('@aws-sdk'))]).toEqual([f, []]);
  }
});

test("docs/audit.md's IAM policy allows exactly the actions the reader calls, with the partition as a placeholder", () => {
  const reader = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'audit', 'aws', 'reader.ts'), 'utf8');
  const called = new Set<string>();
  for (const m of reader.matchAll(/import \{([^}]+)\} from '@aws-sdk\/client-([a-z]+)'/g)) {
    for (const name of m[1].split(',').map(x => x.trim()).filter(x => x.endsWith('Command'))) called.add(`${m[2]}:${name.replace(/Command$/, '')}`);
  }
  called.delete('sts:GetCallerIdentity'); // needs no permission
  const docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'audit.md'), 'utf8');
  const section = docs.slice(docs.indexOf('### The IAM policy'), docs.indexOf('## What it reports'));
  const policy = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]);
  const allowed = new Set<string>(policy.Statement.flatMap((st: any) => [st.Action].flat()));
  expect([...allowed].sort()).toEqual([...called].sort());
  expect(JSON.stringify(policy)).not.toContain('arn:aws:');
  expect(section).toContain('sts:AssumeRole');
  expect(section).toContain('ReadOnlyAdmins');
});

test("the reader bundle ships with its packages' licence notices (the SDK's Apache-2.0), not stripped", () => {
  const assets = path.join(__dirname, '..', '..', 'assets', 'audit');
  const notices = fs.readFileSync(path.join(assets, 'reader.js.LICENSES.txt'), 'utf8');
  for (const pkg of ['@aws-sdk/client-lakeformation', '@aws-sdk/client-glue', '@aws-sdk/client-ram', '@aws-sdk/client-sts', '@smithy/node-http-handler']) {
    expect(notices).toMatch(new RegExp(`^${pkg.replace('/', '\\/')}@[^ ]+ \\(Apache-2\\.0\\)\\n--- LICENSE\\n\\s*Apache License`, 'm'));
  }
  expect(fs.existsSync(path.join(assets, 'reader.js.LEGAL.txt'))).toBe(true);
  const projenrc = fs.readFileSync(path.join(__dirname, '..', '..', '.projenrc.ts'), 'utf8');
  expect(projenrc).not.toContain('--legal-comments=none');
});
