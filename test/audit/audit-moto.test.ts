/*
 * `cdk-data-mesh audit` against a real API surface: the moto server (Lake Formation settings, permissions,
 * LF-tags and their associations, registered resources, Glue, STS), behind a proxy on 127.0.0.1 that pages
 * the lists moto answers in one page, throttles or refuses on demand and answers RAM's invitation API,
 * which moto lacks, from a fixture in the RAM API reference's shape (test/audit/support/aws-proxy.ts).
 * The reference mesh's resources are applied through the AWS SDK (support/apply-mesh.ts); the audit reads
 * every account by assuming a role in it. The tests run in order on one mesh: clean, throttled, failing,
 * unreachable, then four drifts made by hand, then the export read back offline and the CLI with the bundle.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PutDataLakeSettingsCommand, GetDataLakeSettingsCommand, GrantPermissionsCommand, RemoveLFTagsFromResourceCommand } from '@aws-sdk/client-lakeformation';
import { AccountClients, applyMesh, AUDIT_ROLE, destroyClients } from './support/apply-mesh';
import { AwsProxy, listedFor, startAwsProxy } from './support/aws-proxy';
import { PERMISSION_RESOURCE_TYPES, reader } from '../../src/audit/aws/reader';
import { auditMain, loadLiveReader, meshAccounts, runAudit, targetsFor } from '../../src/audit/command';
import type { AuditResult } from '../../src/audit/compare';
import { removeTmpDirs, synthBankMesh, tmpDir } from '../support/assembly';
import { MotoServer, startMoto } from '../support/engines';

const GOV = '111111111111';
const ML = '555555555555';
const EXEC = '666666666666';
const SCIENTIST = `arn:aws:iam::${ML}:role/bank-ml-data-scientist`;
const INVITATIONS = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'ram-get-resource-share-invitations.json'), 'utf8'));

let assembly: string;
let moto: MotoServer;
let proxy: AwsProxy;
let clients: Map<string, AccountClients>;

beforeAll(async () => {
  assembly = synthBankMesh();
  moto = await startMoto();
  proxy = await startAwsProxy(moto.endpoint);
  proxy.invitations = JSON.parse(JSON.stringify(INVITATIONS));
  clients = await applyMesh(assembly, moto.endpoint);
}, 240_000);

afterAll(async () => {
  if (clients) destroyClients(clients);
  await proxy?.stop();
  await moto?.stop();
  removeTmpDirs();
});

function audit(options: { maxAttempts?: number; exportDirectory?: string } = {}): Promise<AuditResult> {
  return runAudit({
    assembly,
    targets: targetsFor(meshAccounts(assembly), { roleName: AUDIT_ROLE }),
    reader,
    readerOptions: { endpoint: proxy.endpoint, baseDelayMs: 20, maxAttempts: options.maxAttempts ?? 4 },
    exportDirectory: options.exportDirectory,
  });
}

const summary = (r: AuditResult) => r.findings.map(f => [f.id, f.severity, f.kind, f.account]);

test('the reference mesh as applied: every account audited, no finding, no column changed; every list read to its last page', async () => {
  proxy.calls.length = 0;
  const result = await audit();
  expect(result.accounts.map(a => [a.account, a.status])).toEqual(meshAccounts(assembly).map(a => [a.account, 'audited']));
  expect(result.findings).toEqual([]);
  expect(result.access).toEqual([]);
  // The governance account's permissions came in pages of 3: more than one page, each token asked once.
  const listings = proxy.calls.filter(c => c.operation === 'lakeformation:ListPermissions' && c.account === GOV);
  const pages = listings.filter(c => c.resourceType === 'none');
  expect(pages.length).toBeGreaterThan(2);
  // Once without a filter and once per resource type: the unfiltered answer omits the tag-expression grants (as on AWS).
  expect(new Set(listings.map(c => c.resourceType))).toEqual(new Set(['none', ...PERMISSION_RESOURCE_TYPES]));
  expect(pages[0].token).toBeUndefined();
  expect(new Set(pages.map(c => c.token)).size).toBe(pages.length);
  // What was read is what was applied: the declared grants of the governance account, one item per principal and resource.
  const exported = tmpDir('audit-export-');
  await audit({ exportDirectory: exported });
  const gov = JSON.parse(fs.readFileSync(path.join(exported, `${GOV}.json`), 'utf8'));
  const grants: any[] = gov.listPermissions.PrincipalResourcePermissions;
  expect(pages.length).toBe(Math.ceil(grants.filter(p => listedFor('none', p.Resource)).length / 3));
  expect(grants.filter(p => p.Resource.LFTagPolicy?.ResourceType === 'TABLE').length).toBeGreaterThan(0);
  expect(new Set(grants.map(p => JSON.stringify(p))).size).toBe(grants.length); // each grant once, whichever calls listed it
  expect(gov.glueTables.TableList.map((t: any) => t.Name).sort()).toEqual(['claims', 'policyholder_life_expectancy', 'portfolios']);
  expect(gov.resourceShareInvitations.resourceShareInvitations).toHaveLength(3);

  // Offline from the AWS CLI's own outputs: each account's state as `aws lakeformation list-permissions`, `aws lakeformation
  // get-resource-lf-tags --resource ...` (one file per database and table), `aws glue get-tables`, ... would print it.
  const raw = tmpDir('audit-cli-files-');
  for (const file of fs.readdirSync(exported)) {
    const state = JSON.parse(fs.readFileSync(path.join(exported, file), 'utf8'));
    const account = state.account;
    const write = (name: string, value: any) => fs.writeFileSync(path.join(raw, `${account}.${name}.json`), JSON.stringify(value));
    write('list-permissions', state.listPermissions);
    write('list-lf-tags', state.listLfTags);
    write('get-data-lake-settings', state.dataLakeSettings);
    write('list-resources', state.listResources);
    write('list-data-cells-filter', state.listDataCellsFilter);
    write('get-databases', state.glueDatabases);
    write('get-resource-shares', state.resourceShares);
    write('get-resource-share-invitations', state.resourceShareInvitations);
    // one get-tables output per database, an empty one too (a missing file is a section not read)
    const byDb = new Map<string, any[]>(state.glueDatabases.DatabaseList.filter((d: any) => !d.TargetDatabase).map((d: any) => [d.Name, []]));
    for (const t of state.glueTables.TableList) byDb.set(t.DatabaseName, [...(byDb.get(t.DatabaseName) ?? []), t]);
    for (const [db, list] of byDb) write(`get-tables.${db}`, { TableList: list });
    // AWS answers a table with its columns' tags; moto needs a second call by column names (the reader makes it): one file per table.
    const perTable = new Map<string, any>();
    for (const { Resource, ...output } of state.resourceLfTags) {
      if (Resource.Database) write(`get-resource-lf-tags.${Resource.Database.Name}`, output);
      const t = Resource.Table ?? Resource.TableWithColumns;
      if (t) {
        const name = `get-resource-lf-tags.${t.DatabaseName}.${t.Name}`;
        perTable.set(name, { ...perTable.get(name), ...output });
      }
    }
    perTable.forEach((output, name) => write(name, output));
  }
  expect(fs.readdirSync(raw).filter(f => f.startsWith(`${GOV}.get-resource-lf-tags.`)).length).toBeGreaterThanOrEqual(6);
  const offline = await runAudit({ assembly, fromDirectory: raw });
  expect([offline.findings, offline.access]).toEqual([[], []]);
  // A file left out is a section not read (taken as declared), not an empty one (every grant an outage).
  fs.rmSync(path.join(raw, `${GOV}.list-permissions.json`));
  const partial = await runAudit({ assembly, fromDirectory: raw });
  expect(summary(partial)).toEqual([['read-incomplete', 'error', 'incomplete', GOV]]);
  expect(partial.findings[0].message).toContain(`lakeformation:ListPermissions: not read: ${raw} has no ${GOV}.list-permissions.json`);
  expect(partial.access).toEqual([]);
  expect(partial.accounts.find(a => a.account === GOV)!.status).toBe('partial');
}, 120_000);

test('a profile per account (role_arn and source_profile in the AWS config file) reads the account as its role does', async () => {
  const dir = tmpDir('audit-profiles-');
  fs.writeFileSync(path.join(dir, 'config'), [
    '[profile base]', 'region = eu-west-1', '',
    '[profile gov-audit]', `role_arn = arn:aws:iam::${GOV}:role/${AUDIT_ROLE}`, 'source_profile = base', 'region = eu-west-1', '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'credentials'), ['[base]', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws_secret_access_key = dummy', ''].join('\n'));
  const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
  process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
  try {
    const [target] = targetsFor(meshAccounts(assembly).filter(a => a.account === GOV), { profiles: new Map([[GOV, 'gov-audit']]) });
    expect(target).toEqual({ account: GOV, region: 'eu-west-1', profile: 'gov-audit' });
    const state = await reader.readAccount(target, { endpoint: proxy.endpoint, baseDelayMs: 20 });
    expect(state.errors).toEqual([]);
    expect(state.glueTables.TableList.map((t: any) => t.Name).sort()).toEqual(['claims', 'policyholder_life_expectancy', 'portfolios']);
    // a profile of another account is refused with the reason
    await expect(reader.readAccount({ ...target, account: ML }, { endpoint: proxy.endpoint }))
      .rejects.toThrow(`the credentials of profile gov-audit are for account ${GOV}, not ${ML}: name the right profile or role for it`);
  } finally {
    for (const [k, v] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials]] as const) {
      if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  }
}, 120_000);

test('every list is read to its last page: LF-tags, locations, filters, RAM shares and invitations one item a page', async () => {
  const exported = tmpDir('audit-paging-');
  proxy.receivedShares = [1, 2, 3].map(n => ({
    resourceShareArn: `arn:aws:ram:eu-west-1:${GOV}:resource-share/received-${n}`, name: `LakeFormation-V4-${GOV}-R${n}`, owningAccountId: GOV, status: 'ACTIVE',
  }));
  proxy.pageSize = 1;
  proxy.calls.length = 0;
  let result: AuditResult;
  try {
    result = await audit({ exportDirectory: exported });
  } finally {
    proxy.pageSize = 3;
    proxy.receivedShares = [];
  }
  expect(result.findings).toEqual([]);
  const gov = JSON.parse(fs.readFileSync(path.join(exported, `${GOV}.json`), 'utf8'));
  const calls = (operation: string, account = GOV) => proxy.calls.filter(c => c.operation === operation && c.account === account);
  // one call per item (the last page's item included), each token asked once
  for (const [operation, count] of [
    ['lakeformation:ListLFTags', gov.listLfTags.LFTags.length],
    ['lakeformation:ListResources', gov.listResources.ResourceInfoList.length],
  ] as Array<[string, number]>) {
    expect([operation, calls(operation).length]).toEqual([operation, count]);
    expect(new Set(calls(operation).map(c => c.token)).size).toBe(count);
  }
  expect(gov.listLfTags.LFTags.length).toBeGreaterThan(1);
  expect(gov.listResources.ResourceInfoList.length).toBeGreaterThan(1);
  // ListDataCellsFilter: moto answers none (docs/audit.md), one call with no token
  expect(calls('lakeformation:ListDataCellsFilter').map(c => c.token)).toEqual([undefined]);
  // RAM: the 3 received shares of each account in 3 pages (SELF: moto has none, one page), the 3 invitations in 3
  expect(calls('ram:getresourceshares', ML).length).toBe(1 + 3);
  const ml = JSON.parse(fs.readFileSync(path.join(exported, `${ML}.json`), 'utf8'));
  expect(ml.resourceShares.resourceShares.map((s: any) => s.name)).toEqual([1, 2, 3].map(n => `LakeFormation-V4-${GOV}-R${n}`));
  expect(calls('ram:getresourceshareinvitations', ML).map(c => c.token)).toEqual([undefined, '1', '2']);
  expect(gov.resourceShareInvitations.resourceShareInvitations).toHaveLength(3);
}, 120_000);

test('throttled calls are retried with growing back-off, and the audit is the same', async () => {
  proxy.calls.length = 0;
  proxy.throttles = [{ operation: 'lakeformation:ListPermissions', account: GOV, resourceType: 'none', times: 3 }];
  try {
    const result = await audit({ maxAttempts: 5 });
    expect(result.findings).toEqual([]);
  } finally {
    proxy.throttles = [];
  }
  const first = proxy.calls.filter(c => c.operation === 'lakeformation:ListPermissions' && c.account === GOV && c.resourceType === 'none').slice(0, 4);
  expect(first.map(c => c.status)).toEqual([400, 400, 400, 200]);
  const gaps = first.slice(1).map((c, i) => c.at - first[i].at);
  // base 20 ms, doubling, jitter 50-100 %: at least 10, 20, 40 ms
  expect(gaps[0]).toBeGreaterThanOrEqual(9);
  expect(gaps[1]).toBeGreaterThanOrEqual(19);
  expect(gaps[2]).toBeGreaterThanOrEqual(39);
}, 120_000);

test('a call still throttled after its tries: one error for that account, what it reads taken as declared', async () => {
  proxy.throttles = [{ operation: 'lakeformation:ListPermissions', account: GOV, times: 1000 }];
  let result: AuditResult;
  try {
    result = await audit({ maxAttempts: 2 });
  } finally {
    proxy.throttles = [];
  }
  expect(summary(result)).toEqual([['read-incomplete', 'error', 'incomplete', GOV]]);
  expect(result.findings[0].message).toContain('lakeformation:ListPermissions: ThrottlingException: Rate exceeded');
  expect(result.findings[0].message).toContain('taken as declared: grant');
  expect(result.accounts.find(a => a.account === GOV)!.status).toBe('partial');
}, 120_000);

test('an account that cannot be reached: a clear error, every other account audited', async () => {
  const role = `arn:aws:iam::${EXEC}:role/${AUDIT_ROLE}`;
  proxy.refuseRoles = new Set([role]);
  let result: AuditResult;
  try {
    result = await audit();
  } finally {
    proxy.refuseRoles = new Set();
  }
  expect(summary(result)).toEqual([['account-unreachable', 'error', 'unreachable', EXEC]]);
  expect(result.findings[0].message).toBe(`cannot reach account ${EXEC} with role ${role}: AccessDenied: User: arn:aws:iam::123456789012:user/auditor `
    + `is not authorized to perform: sts:AssumeRole on resource: ${role} (HTTP 403). Nothing of this account was audited (the other accounts were).`);
  expect(result.accounts.filter(a => a.status === 'audited').map(a => a.account)).toEqual(meshAccounts(assembly).map(a => a.account).filter(a => a !== EXEC));
}, 120_000);

describe('four drifts made by hand', () => {
  let result: AuditResult;
  const exported = () => path.join(path.dirname(assembly), `${path.basename(assembly)}-state`);

  beforeAll(async () => {
    const gov = clients.get(GOV)!.lf;
    // 1. a hand grant: the ML data scientist reads the sensitive column, which its share's ceiling (private) excludes
    await gov.send(new GrantPermissionsCommand({
      CatalogId: GOV,
      Principal: { DataLakePrincipalIdentifier: SCIENTIST },
      Resource: { TableWithColumns: { CatalogId: GOV, DatabaseName: 'bank_life_expectancy', Name: 'policyholder_life_expectancy', ColumnNames: ['life_expectancy'] } },
      Permissions: ['SELECT'],
    }));
    // 2. a column tag removed by a script: customer_name falls back to its table's level (sensitive)
    await gov.send(new RemoveLFTagsFromResourceCommand({
      CatalogId: GOV,
      Resource: { TableWithColumns: { CatalogId: GOV, DatabaseName: 'bank_life_expectancy', Name: 'policyholder_life_expectancy', ColumnNames: ['customer_name'] } },
      LFTags: [{ CatalogId: GOV, TagKey: 'confidentiality', TagValues: ['private'] }],
    }));
    // 3. the settings changed in the console: one more data lake admin
    const settings = (await gov.send(new GetDataLakeSettingsCommand({ CatalogId: GOV }))).DataLakeSettings!;
    await gov.send(new PutDataLakeSettingsCommand({
      CatalogId: GOV,
      DataLakeSettings: { ...settings, DataLakeAdmins: [...(settings.DataLakeAdmins ?? []), { DataLakePrincipalIdentifier: `arn:aws:iam::${GOV}:role/console-admin` }] },
    }));
    // 4. a share RAM left pending: a new invitation to the exec account, not accepted
    proxy.invitations.resourceShareInvitations.push({
      ...INVITATIONS.resourceShareInvitations[2],
      resourceShareInvitationArn: `arn:aws:ram:eu-west-1:${GOV}:resource-share-invitation/4c3d5e6f-8a9b-4c0d-1e2f-3a4b5c6dEXAMPLE`,
      resourceShareName: `LakeFormation-V4-${GOV}-EXAMPLE4`,
      invitationTimestamp: 1764748800.0,
      status: 'PENDING',
    });
    result = await audit({ exportDirectory: exported() });
  }, 120_000);

  test('exactly those four findings, errors first', () => {
    expect(summary(result)).toEqual([
      ['extra-grant', 'error', 'leak', GOV],
      ['missing-tag', 'error', 'outage', GOV],
      ['settings-changed', 'error', 'leak', GOV],
      ['ram-invitation-pending', 'error', 'invitation', EXEC],
    ]);
    expect(result.summary).toEqual({ errors: 4, warnings: 0, leaks: 2, outages: 1 });
  });

  test('what each means in columns, per principal', () => {
    const [grant, tag, settings, invitation] = result.findings;
    expect(grant.impact).toEqual([expect.objectContaining({ principal: SCIENTIST, table: 'policyholder_life_expectancy', gained: ['life_expectancy'], lost: [] })]);
    expect(grant.message).toContain(`live Lake Formation grants SELECT to ${SCIENTIST} on columns life_expectancy of bank_life_expectancy.policyholder_life_expectancy`);
    expect(grant.message).toContain('555555555555:role/bank-ml-data-scientist now reads life_expectancy of bank_life_expectancy.policyholder_life_expectancy');
    // Fail closed: without its own tag the column is sensitive, so every principal cleared only up to private loses it.
    expect(tag.message).toMatch(/^column bank_life_expectancy\.policyholder_life_expectancy\.customer_name \(catalog 111111111111\) has no LF-tag confidentiality live; the templates set confidentiality=private/);
    expect(tag.impact!.map(c => [c.principal, c.gained, c.lost])).toEqual([[ML, [], ['customer_name']], [SCIENTIST, [], ['customer_name']]]);
    expect(invitation.message).toContain(`LakeFormation-V4-${GOV}-EXAMPLE4 from ${GOV} is PENDING`);
    expect(settings.message).toMatch(new RegExp(`^data lake settings of ${GOV} changed: data lake admin arn:aws:iam::${GOV}:role/console-admin added — `
      + `${GOV}:role/console-admin now reads `));
    // An admin can grant itself anything: every column of every table of its catalog (the evaluator gives admins no SELECT, DM-27).
    expect(settings.impact!.map(c => [c.principal, c.table, c.lost])).toEqual(['claims', 'policyholder_life_expectancy', 'portfolios']
      .map(t => [`arn:aws:iam::${GOV}:role/console-admin`, t, []]));
    expect(settings.impact!.every(c => c.gained.length > 0)).toBe(true);
    // The whole difference: the scientist gains one column and loses another; the ML account loses one.
    expect(result.access.map(c => [c.principal, c.gained, c.lost])).toEqual([[ML, [], ['customer_name']], [SCIENTIST, ['life_expectancy'], ['customer_name']]]);
  });

  test('the export read back offline gives the same audit', async () => {
    const offline = await runAudit({ assembly, fromDirectory: exported() });
    expect(offline.findings).toEqual(result.findings);
    expect(offline.access).toEqual(result.access);
  });

  test('the CLI with the bundled reader: exit 1, the JSON contract, Markdown per account', async () => {
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await auditMain(argv, { out: t => out.push(t), err: t => err.push(t) }, { reader: loadLiveReader() });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const json = await run(assembly, '--role-name', AUDIT_ROLE, '--endpoint-url', proxy.endpoint, '--format', 'json');
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.out);
    expect(Object.keys(parsed)).toEqual(['accounts', 'findings', 'access', 'summary']);
    expect(parsed.findings.map((f: any) => f.id)).toEqual(['extra-grant', 'missing-tag', 'settings-changed', 'ram-invitation-pending']);
    expect(Object.keys(parsed.findings[0])).toEqual(['id', 'severity', 'kind', 'account', 'message', 'declared', 'live', 'source', 'impact']);
    expect(json.err).toBe('audit: 6 of 6 accounts audited, 4 errors, 0 warnings');
    const md = await run(assembly, '--role-name', AUDIT_ROLE, '--endpoint-url', proxy.endpoint);
    expect(md.code).toBe(1);
    expect(md.out).toContain('# Lake Formation audit: live against declared');
    expect(md.out).toContain(`## ${EXEC} (consumer exec)`);
    expect(md.out).toContain('| error | ram-invitation-pending | invitation |');
    expect(md.out).toMatch(/\| 555555555555 \| role\/bank-ml-data-scientist \| bank_life_expectancy\.policyholder_life_expectancy \(catalog 111111111111\) \| all \| life_expectancy \| customer_name \|/);
  }, 120_000);
});
