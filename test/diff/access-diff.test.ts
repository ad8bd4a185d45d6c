/*
 * `cdk-data-mesh diff` (issue 18 item 5) on pairs of meshes synthesized here: the reference mesh
 * (examples/typescript/bank-mesh.ts, never copied) and variants of it made through a jest mock of the package (as
 * test/sharing-update.test.ts does): ml's ceiling raised to sensitive, bi's share removed (and bi with it), a data-cells filter share
 * to ml whose row filter changes, a role added to ml. Then hand-written templates, not from our constructs: the
 * engine implements Lake Formation's rules, not our mesh's answers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildBankMesh } from '../../examples/typescript/bank-mesh';
import { main } from '../../src/cli';
import { DIFF_USAGE, readSide } from '../../src/diff/command';
import { AccessDiff, DiffSide, diffAccess, FailOn, ReviewedRequest } from '../../src/report/access-diff';
import { AccessReport, analyzeStacks, MetadataEntry } from '../../src/report/analyze';
import { formatDiffJson, formatDiffMarkdown } from '../../src/report/format-diff';
import { productDatabases, readProducts } from '../../src/report/products';
import type { StackTemplate } from '../../src/report/stack-template';

type Variant = 'base' | 'ceiling' | 'no-bi' | 'filter-open' | 'filter-closed' | 'role';
let mockVariant: Variant = 'base';

jest.mock('../../src', () => {
  const actual = jest.requireActual('../../src');
  function DataProductShare(scope: any, id: string, props: any) {
    if (mockVariant === 'no-bi' && props.consumer === 'bi') return { removedInVariant: id };
    const edited = mockVariant === 'ceiling' && props.consumer === 'ml'
      ? { ...props, maxConfidentiality: actual.Confidentiality.SENSITIVE, allowSensitive: true } : props;
    const share = new actual.DataProductShare(scope, id, edited);
    if ((mockVariant === 'filter-open' || mockVariant === 'filter-closed') && props.consumer === 'exec') {
      const claims = props.products.find((p: any) => p.productName === 'claims');
      new actual.DataProductShare(scope, 'ToMlClaims', {
        hub: props.hub,
        consumer: 'ml',
        cellsFilter: { product: claims, table: 'claims', name: 'ml_claims', rowFilter: `status = '${mockVariant === 'filter-open' ? 'open' : 'closed'}'` },
      });
    }
    return share;
  }
  function DataConsumer(scope: any, id: string, props: any) {
    // Without its share, bi's DataConsumer would be refused at synth ("nothing is shared"): bi leaves the mesh (its stack is removed below).
    if (mockVariant === 'no-bi' && props.domain === 'bi') return { addRole: () => undefined };
    const consumer = new actual.DataConsumer(scope, id, props);
    if (mockVariant === 'role' && props.domain === 'ml') consumer.addRole('ml-engineer', { clearance: actual.Confidentiality.PUBLIC });
    return consumer;
  }
  return { ...actual, DataProductShare, DataConsumer };
});

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'access-diff-'));
const dirs: Partial<Record<Variant | 'base2', string>> = {};
const sides: Partial<Record<Variant | 'base2', DiffSide>> = {};

/** Synthesizes a variant into <ROOT>/<name>/cdk.out (the app's directory holds its requests folder). */
function synth(variant: Variant, name: string = variant): string {
  mockVariant = variant;
  const outdir = path.join(ROOT, name, 'cdk.out');
  const app = new App({ outdir });
  buildBankMesh(app);
  if (variant === 'no-bi') expect(app.node.tryRemoveChild('Consumer-bi')).toBe(true);
  app.synth();
  mockVariant = 'base';
  return outdir;
}

beforeAll(() => {
  for (const v of ['base', 'ceiling', 'no-bi', 'filter-open', 'filter-closed', 'role'] as Variant[]) dirs[v] = synth(v);
  dirs.base2 = synth('base', 'base2');
  for (const [k, d] of Object.entries(dirs)) sides[k as Variant] = readSide(d!);
}, 120_000);
afterAll(() => fs.rmSync(ROOT, { recursive: true, force: true }));

const ML = '555555555555';
const BI = '444444444444';
const ML_ROLE = `arn:aws:iam::${ML}:role/bank-ml-data-scientist`;
const LIFE = { database: 'bank_life_expectancy', table: 'policyholder_life_expectancy' };
const diff = (a: Variant | 'base2', b: Variant | 'base2', failOn: FailOn[] = ['sensitive'], requests: ReviewedRequest[] = []) =>
  diffAccess(sides[a]!, sides[b]!, { failOn, requests });
const request = (consumer: string, product: string, clearance: string): ReviewedRequest => ({ file: `requests/${product}/${consumer}.json`, consumer, product, clearance });
/** One line per (principal, table) change: principal, table, change, gained, lost. */
const lines = (d: AccessDiff) => d.principals.flatMap(p => p.tables.map(t =>
  [p.principal, `${t.database}.${t.table}`, `${t.before}->${t.after}`, t.columnsGained.map(c => `${c.name}:${c.confidentiality}`).join(','),
    t.columnsLost.map(c => c.name).join(',')].join(' ')));

/** Runs the CLI (src/cli.ts, its one dispatch line) and captures stdout, stderr and the exit code. */
function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(['diff', ...argv], { out: t => out.push(t), err: t => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the reference mesh and its variants', () => {
  test('the reference mesh is what the tests assume: ML never sees life_expectancy', () => {
    const ml = sides.base!.report.access.filter(e => e.consumer === 'ml');
    expect(ml.map(e => [e.principal, e.columns.join(',')])).toEqual([[ML, 'age,customer_name,policy_id'], [ML_ROLE, 'age,customer_name,policy_id']]);
    const stacks = readAssemblyStacks(dirs.base!);
    expect(productDatabases(stacks)).toEqual(new Map([
      ['bank_life_expectancy', 'life_expectancy'], ['bank_claims', 'claims'], ['bank_portfolios', 'portfolios'],
    ]));
    // The diff's products are the contracts' and the catalog's (one derivation, products.ts).
    expect(sides.base!.products).toEqual(new Map(readProducts(stacks).map(p => [p.database, p.name])));
  });

  test('no change: an empty diff, "no change in who sees what", exit 0', () => {
    const d = diff('base', 'base2', ['sensitive', 'widening']);
    expect(d.principals).toEqual([]);
    expect(d.blocking).toEqual([]);
    expect(formatDiffMarkdown(d)).toBe('## Access diff\n\n**No change in who sees what.**');
    const r = cli(dirs.base!, dirs.base2!, '--fail-on', 'sensitive,widening');
    expect(r).toEqual({ code: 0, out: '## Access diff\n\n**No change in who sees what.**', err: 'diff: 0 principals with a change, 0 blocking changes (--fail-on sensitive,widening)' });
    expect(JSON.parse(cli(dirs.base!, dirs.base2!, '--format', 'json').out).principals).toEqual([]);
  });

  test('a share\'s ceiling raised: ml\'s account gains the sensitive column; blocking under sensitive (exit 1)', () => {
    const d = diff('base', 'ceiling');
    // The account-level grant widens; ml's data scientist keeps its private clearance: the mesh's re-grant caps it.
    expect(lines(d)).toEqual([`${ML} ${LIFE.database}.${LIFE.table} data->data life_expectancy:sensitive `]);
    expect(d.summary).toEqual({
      principals: 1, tablesGained: 0, tablesLost: 0, columnsGained: 1, columnsLost: 0, sensitiveColumnsGained: 1, rowChanges: 0, metadataChanges: 0,
    });
    expect(d.blocking).toEqual([expect.objectContaining({
      reason: 'sensitive',
      consumer: 'ml',
      account: ML,
      principal: ML,
      ...LIFE,
      columns: ['life_expectancy'],
      message: `ml account ${ML} gains sensitive column life_expectancy of ${LIFE.database}.${LIFE.table}`,
    })]);
    const r = cli(dirs.base!, dirs.ceiling!);
    expect(r.code).toBe(1);
    expect(r.out).toContain('**Blocking** (`--fail-on sensitive`):');
    expect(r.out).toContain('| `bank_life_expectancy.policyholder_life_expectancy` | changed | **`life_expectancy` (sensitive)** |  |  |');
    // Reported but not blocking when sensitive is not asked for.
    expect(cli(dirs.base!, dirs.ceiling!, '--fail-on', 'none').code).toBe(0);
    // The reverse change loses the column and blocks nothing.
    const back = diff('ceiling', 'base', ['sensitive', 'widening']);
    expect(lines(back)).toEqual([`${ML} ${LIFE.database}.${LIFE.table} data->data  life_expectancy`]);
    expect(back.blocking).toEqual([]);
  });

  test('a share removed: bi\'s account and its analyst no longer see claims and portfolios', () => {
    const d = diff('base', 'no-bi', ['sensitive', 'widening']);
    const analyst = `arn:aws:iam::${BI}:role/bank-bi-analyst`;
    // The consumer account keeps what every consumer account describes (discovery: metadata only); its analyst leaves with its stack.
    expect(lines(d)).toEqual([
      `${BI} bank_claims.claims data->metadata  amount,claim_date,claim_id,ingest_date,policy_id,status`,
      `${BI} bank_portfolios.portfolios data->metadata  asset_class,market_value,portfolio_id`,
      `${analyst} bank_claims.claims data->none  amount,claim_date,claim_id,ingest_date,policy_id,status`,
      `${analyst} bank_life_expectancy.policyholder_life_expectancy metadata->none  `,
      `${analyst} bank_portfolios.portfolios data->none  asset_class,market_value,portfolio_id`,
    ]);
    expect(d.summary.tablesLost).toBe(4);
    expect(d.blocking).toEqual([]);
    const md = formatDiffMarkdown(d);
    // (How many metadata-only changes: as many as the report's metadata entries say; constructed reports below pin them.)
    expect(md).toMatch(/\*\*2 principals with a change: 4 tables no longer seen, 18 columns lost, \d+ metadata-only changes?\.\*\*/);
    expect(md).toContain(`### Consumer bi, account ${BI}`);
    expect(md).toContain(' | `amount` (public), `claim_date` (public), `claim_id` (public), `ingest_date` (public), `policy_id` (public), `status` (public) |  |');
    expect(md).toMatch(/\| `bank_claims.claims` \| data -> metadata only \| [^|]* \| `amount` \(public\)/);
    expect(cli(dirs.base!, dirs['no-bi']!, '--fail-on', 'sensitive,widening').code).toBe(0);
  });

  test('a data-cells filter share: ml newly sees claims under a row filter; the filter changed is a change in rows seen (a widening)', () => {
    const gained = diff('base', 'filter-open', ['widening']);
    const claimsCols = 'amount:public,claim_date:public,claim_id:public,claimant_name:private,ingest_date:public,policy_id:public,status:public';
    // The account gets the filter's cells, and the data scientist (clearance private) its re-grant of them.
    // (Both described claims before: discovery.)
    expect(lines(gained)).toEqual([`${ML} bank_claims.claims metadata->data ${claimsCols} `, `${ML_ROLE} bank_claims.claims metadata->data ${claimsCols} `]);
    const t = gained.principals[0].tables[0];
    expect(t.rows).toEqual({ before: [], after: [{ rowFilter: "status = 'open'", columns: t.columnsGained.map(c => c.name) }], widened: [] });
    expect(formatDiffMarkdown(gained)).toContain("| `status = 'open'` |");

    const changed = diff('filter-open', 'filter-closed', ['sensitive', 'widening']);
    expect(changed.principals.map(p => p.principal)).toEqual([ML, ML_ROLE]);
    const c = changed.principals[0].tables[0];
    expect([c.before, c.after, c.columnsGained, c.columnsLost]).toEqual(['data', 'data', [], []]);
    expect(c.rows!.before.map(s => s.rowFilter)).toEqual(["status = 'open'"]);
    expect(c.rows!.after.map(s => s.rowFilter)).toEqual(["status = 'closed'"]);
    expect(c.rows!.widened.map(x => x.name)).toEqual(['amount', 'claim_date', 'claim_id', 'claimant_name', 'ingest_date', 'policy_id', 'status']);
    expect(changed.summary.rowChanges).toBe(2);
    // Another filter text may show other rows: a widening unless a request covers it.
    expect(changed.blocking.map(b => [b.reason, b.principal, b.table])).toEqual([['widening', ML, 'claims'], ['widening', ML_ROLE, 'claims']]);
    expect(diffAccess(sides['filter-open']!, sides['filter-closed']!, { failOn: ['widening'], requests: [request('ml', 'claims', 'private')] }).blocking).toEqual([]);
    expect(formatDiffMarkdown(changed)).toContain("| `bank_claims.claims` | changed |  |  | `status = 'open'` -> `status = 'closed'` (more rows of ");
    // Removing the share: the table's data is lost under its filter (its metadata stays: discovery); nothing blocks.
    const lost = diff('filter-open', 'base', ['sensitive', 'widening']);
    expect(lost.principals[0].tables[0]).toEqual(expect.objectContaining({ before: 'data', after: 'metadata' }));
    expect(lost.blocking).toEqual([]);
  });

  test('a role added: the new principal newly sees the public columns of life_expectancy', () => {
    const d = diff('base', 'role', ['sensitive', 'widening']);
    const engineer = `arn:aws:iam::${ML}:role/bank-ml-ml-engineer`;
    // It also describes the other products (discovery), which blocks nothing.
    expect(lines(d)).toEqual([
      `${engineer} bank_claims.claims none->metadata  `,
      `${engineer} ${LIFE.database}.${LIFE.table} none->data age:public,policy_id:public `,
      `${engineer} bank_portfolios.portfolios none->metadata  `,
    ]);
    expect(d.principals[0].tables[0].metadataGained).toEqual(['amount', 'claim_date', 'claim_id', 'claimant_name', 'ingest_date', 'policy_id', 'status']);
    expect(d.summary.metadataChanges).toBeGreaterThanOrEqual(2);
    expect(d.summary).toEqual(expect.objectContaining({ principals: 1, tablesGained: 1, columnsGained: 2, sensitiveColumnsGained: 0 }));
    // No request reviewed: the gain is a widening.
    expect(d.blocking).toEqual([expect.objectContaining({
      reason: 'widening',
      principal: engineer,
      columns: ['age', 'policy_id'],
      message: `ml ${engineer} gains age (public), policy_id (public) of ${LIFE.database}.${LIFE.table}: no reviewed request of ml for life_expectancy`,
    })]);
    // Covered by a request for the product at a clearance >= the columns': passes; another product's or consumer's does not.
    expect(diff('base', 'role', ['sensitive', 'widening'], [request('ml', 'life_expectancy', 'public')]).blocking).toEqual([]);
    expect(diff('base', 'role', ['widening'], [request('ml', 'claims', 'sensitive'), request('bi', 'life_expectancy', 'sensitive')]).blocking).toHaveLength(1);
  });

  test('widening with requests: a sensitive gain covered by a sensitive request passes widening, a private request does not; sensitive blocks regardless', () => {
    expect(diff('base', 'ceiling', ['widening'], [request('ml', 'life_expectancy', 'sensitive')]).blocking).toEqual([]);
    const under = diff('base', 'ceiling', ['widening'], [request('ml', 'life_expectancy', 'private')]);
    expect(under.blocking.map(b => b.message)).toEqual([
      `ml account ${ML} gains life_expectancy (sensitive) of ${LIFE.database}.${LIFE.table}: above the clearance of the reviewed request for ml on life_expectancy`,
    ]);
    expect(diff('base', 'ceiling', ['sensitive', 'widening'], [request('ml', 'life_expectancy', 'sensitive')]).blocking.map(b => b.reason)).toEqual(['sensitive']);
  });
});

describe('the command', () => {
  /** Writes a request file into <ROOT>/<side>/requests/<product>/<consumer>.json. */
  function writeRequest(side: string, product: string, consumer: string, clearance: string, extra: object = {}) {
    const dir = path.join(ROOT, side, 'requests', product);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${consumer}.json`);
    fs.writeFileSync(file, JSON.stringify({ consumer, product, clearance, reason: 'r', sensitive: clearance === 'sensitive', ...extra }, undefined, 2));
    return file;
  }

  test('--request files: a covered gain passes widening, an uncovered one exits 1', () => {
    const file = writeRequest('files', 'life_expectancy', 'ml', 'public');
    expect(cli(dirs.base!, dirs.role!, '--fail-on', 'widening', '--request', file).code).toBe(0);
    const r = cli(dirs.base!, dirs.role!, '--fail-on=widening');
    expect(r.code).toBe(1);
    expect(r.out).toContain('- widening: ml arn:aws:iam::555555555555:role/bank-ml-ml-engineer gains age (public), policy_id (public)');
    expect(r.err).toBe('diff: 1 principal with a change, 1 blocking change (--fail-on widening)');
  });

  test('a request under review that has already expired is refused (exit 2, naming the file, its last day and today); --today sets the day', () => {
    const file = writeRequest('expired', 'life_expectancy', 'ml', 'public', { expires: '2027-03-31' });
    expect(cli(dirs.base!, dirs.role!, '--fail-on', 'widening', '--request', file, '--today', '2027-03-31').code).toBe(0);
    const r = cli(dirs.base!, dirs.role!, '--fail-on', 'widening', '--request', file, '--today', '2027-04-01');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`the request file ${file} expired on 2027-03-31 (today is 2027-04-01)`);
    const bad = cli(dirs.base!, dirs.role!, '--today', '2027-02-30');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--today takes a date YYYY-MM-DD, got '2027-02-30'");
  });

  test('--requests-dir: the files added or changed between base and head, beside each assembly, are the ones reviewed', () => {
    // Base (<ROOT>/base/requests) has none; head (<ROOT>/role/requests) adds ml's request for life_expectancy.
    writeRequest('role', 'life_expectancy', 'ml', 'public');
    const r = cli(dirs.base!, dirs.role!, '--fail-on', 'widening', '--requests-dir', 'requests', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).requests).toEqual([{ file: 'requests/life_expectancy/ml.json', consumer: 'ml', product: 'life_expectancy', clearance: 'public' }]);
    // The same file already in base: not under review, so the gain is not covered.
    writeRequest('base', 'life_expectancy', 'ml', 'public');
    expect(cli(dirs.base!, dirs.role!, '--fail-on', 'widening', '--requests-dir', 'requests').code).toBe(1);
    // Changed content is under review again.
    writeRequest('role', 'life_expectancy', 'ml', 'public', { reason: 'changed' });
    expect(cli(dirs.base!, dirs.role!, '--fail-on', 'widening', '--requests-dir', 'requests').code).toBe(0);
    fs.rmSync(path.join(ROOT, 'base', 'requests'), { recursive: true });
  });

  test('JSON: the documented shape, fields in contract order', () => {
    const json = JSON.parse(cli(dirs.base!, dirs.ceiling!, '--format', 'json').out);
    expect(Object.keys(json)).toEqual(['summary', 'sensitiveLevel', 'failOn', 'blocking', 'requests', 'principals']);
    expect(json.summary).toEqual({
      text: '1 principal with a change: 1 column gained (1 sensitive).',
      principals: 1,
      tablesGained: 0,
      tablesLost: 0,
      columnsGained: 1,
      columnsLost: 0,
      sensitiveColumnsGained: 1,
      rowChanges: 0,
      metadataChanges: 0,
    });
    expect(json.sensitiveLevel).toBe('sensitive');
    expect(json.failOn).toEqual(['sensitive']);
    expect(Object.keys(json.blocking[0])).toEqual(['reason', 'consumer', 'account', 'principal', 'database', 'table', 'columns', 'message']);
    expect(json.principals).toEqual([{
      consumer: 'ml',
      account: ML,
      principal: ML,
      tables: [{
        ...LIFE,
        product: 'life_expectancy',
        change: 'changed',
        before: 'data',
        after: 'data',
        columnsGained: [{ name: 'life_expectancy', confidentiality: 'sensitive' }],
        columnsLost: [],
        rows: null,
        metadataGained: [],
        metadataLost: [],
        sensitive: [{ name: 'life_expectancy', confidentiality: 'sensitive' }],
        uncovered: [{ name: 'life_expectancy', confidentiality: 'sensitive' }],
      }],
    }]);
    expect(Object.keys(json.principals[0].tables[0])).toEqual(['database', 'table', 'product', 'change', 'before', 'after', 'columnsGained', 'columnsLost',
      'rows', 'metadataGained', 'metadataLost', 'sensitive', 'uncovered']);
  });

  test('markdown: a summary line, blocking first, a table per principal grouped by consumer and account, stable, no timestamps', () => {
    const md = cli(dirs['filter-open']!, dirs.ceiling!, '--fail-on', 'sensitive,widening').out;
    expect(md).toMatchSnapshot();
    expect(md.split('\n').slice(0, 3)).toEqual(['## Access diff', '', '**2 principals with a change: 1 column gained (1 sensitive), 2 tables no longer seen, 14 columns lost.**']);
    expect(md).not.toMatch(/\d{4}-\d{2}-\d{2}T|\d\d:\d\d:\d\d/);
    // Twice the same output (stable order).
    expect(cli(dirs['filter-open']!, dirs.ceiling!, '--fail-on', 'sensitive,widening').out).toBe(md);
    const headings = md.split('\n').filter(l => l.startsWith('#'));
    expect(headings).toEqual(['## Access diff', `### Consumer ml, account ${ML}`, `#### account \`${ML}\` (what is shared with the account)`,
      `#### \`${ML_ROLE}\``]);
  });

  test('docs/data-mart.md#diff shows what the command prints: its Markdown and JSON examples are the outputs of the ceiling change', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'data-mart.md'), 'utf8');
    const diffSection = doc.slice(doc.indexOf('\n## Diff\n'), doc.indexOf('\n## Expiry'));
    const block = (lang: string) => diffSection.split(`\n\`\`\`${lang}\n`)[1].split('\n```\n')[0];
    expect(block('markdown')).toBe(cli(dirs.base!, dirs.ceiling!).out);
    expect(JSON.parse(block('json'))).toEqual(JSON.parse(cli(dirs.base!, dirs.ceiling!, '--format', 'json').out));
    // Every option the docs' commands use is the command's.
    for (const option of [...diffSection.matchAll(/cdk-data-mesh diff [^\n`]*/g)].flatMap(m => m[0].match(/--[a-z-]+/g) ?? [])) expect(DIFF_USAGE).toContain(`  ${option} `);
  });

  test('usage and reading errors exit 2 with one line naming the option, the value and the fix', () => {
    expect(cli('--help')).toEqual({ code: 0, out: DIFF_USAGE, err: '' });
    const cases: Array<[string[], string]> = [
      [[dirs.base!], `expected two cloud assembly directories (base and head), got 1: ${dirs.base}`],
      [[dirs.base!, dirs.base!, '--format', 'yaml'], "unknown format 'yaml' (use markdown or json)"],
      [[dirs.base!, dirs.base!, '--fail-on', 'everything'], "--fail-on takes sensitive, widening or none (comma-separated), got 'everything'"],
      [[dirs.base!, dirs.base!, '--fail-on', 'none,sensitive'], '--fail-on none excludes sensitive'],
      [[dirs.base!, dirs.base!, '--frobnicate'], "unknown option '--frobnicate'"],
      [[dirs.base!, dirs.base!, '--request'], '--request needs a value'],
    ];
    for (const [argv, message] of cases) expect(cli(...argv)).toEqual({ code: 2, out: '', err: `cdk-data-mesh diff: ${message} (see --help)` });
    const missing = cli(path.join(ROOT, 'nowhere'), dirs.base!);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^cdk-data-mesh diff: cannot read a cloud assembly: .*nowhere is not a directory/);
    const bad = path.join(ROOT, 'bad.json');
    // Parsed by the one parser of request files (src/report/requests.ts parseRequest, what the synth and `request` use).
    fs.writeFileSync(bad, JSON.stringify({ consumer: 'ml', product: 'claims', reason: 'r' }));
    expect(cli(dirs.base!, dirs.base!, '--request', bad)).toEqual({
      code: 2, out: '', err: `cdk-data-mesh diff: the request file ${bad}: clearance is missing. Give the highest confidentiality level the consumer needs to see, e.g. "public".`,
    });
    fs.writeFileSync(bad, JSON.stringify({ consumer: 'ml', product: 'claims', clearance: 'public', reason: 'r', approvedBy: 'me' }));
    expect(cli(dirs.base!, dirs.base!, '--request', bad).err).toMatch(new RegExp(`^cdk-data-mesh diff: the request file ${bad}: approvedBy is not a field of a request`));
    fs.writeFileSync(bad, JSON.stringify({ consumer: 'ml', product: 'claims', clearance: 'secret', reason: 'r' }));
    expect(cli(dirs.base!, dirs.base!, '--request', bad).err)
      .toBe(`cdk-data-mesh diff: the request file ${bad} has clearance 'secret', which is no confidentiality level of the head assembly (public, private, sensitive)`);
    expect(cli(dirs.base!, dirs.base!, '--requests-dir', 'no-such-dir').err).toMatch(/^cdk-data-mesh diff: --requests-dir: no directory .*no-such-dir beside the head assembly/);
    // A request file whose path does not match what it asks for: CODEOWNERS would route it to the wrong owner.
    const misplaced = path.join(ROOT, 'misplaced');
    fs.mkdirSync(path.join(misplaced, 'requests', 'claims'), { recursive: true });
    fs.symlinkSync(dirs.base!, path.join(misplaced, 'cdk.out'));
    fs.writeFileSync(path.join(misplaced, 'requests', 'claims', 'ml.json'), JSON.stringify({ consumer: 'ml', product: 'life_expectancy', clearance: 'private', reason: 'r' }));
    expect(cli(dirs.base!, path.join(misplaced, 'cdk.out'), '--requests-dir', 'requests').err).toBe('cdk-data-mesh diff: the request file requests/claims/ml.json: ' +
      "product 'life_expectancy' differs from the folder the file is in ('claims'): a request lives at <product>/<consumer>.json. Move the file, or fix the field.");
    // A file the synth would refuse to read (not in a product folder) is refused here too.
    fs.renameSync(path.join(misplaced, 'requests', 'claims', 'ml.json'), path.join(misplaced, 'requests', 'ml.json'));
    expect(cli(dirs.base!, path.join(misplaced, 'cdk.out'), '--requests-dir', 'requests').err).toBe('cdk-data-mesh diff: requests/ml.json: is not in a product folder: ' +
      'request files live at requests/<product>/<consumer>.json. Move it there, or delete it.');
  });
});

function readAssemblyStacks(dir: string): StackTemplate[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../src/report/assembly').readAssembly(dir);
}

describe('hand-written templates (not from our constructs)', () => {
  const OWNER = '123456789012';
  const R1 = `arn:aws:iam::${OWNER}:role/analyst`;
  const R2 = `arn:aws:iam::${OWNER}:role/auditor`;
  const table = { CatalogId: OWNER, DatabaseName: 'sales', Name: 'orders' };
  const stack = (resources: Record<string, any>): StackTemplate => ({
    stackName: 'Lake',
    account: OWNER,
    region: 'eu-central-1',
    template: {
      Resources: {
        Db: { Type: 'AWS::Glue::Database', Properties: { CatalogId: OWNER, DatabaseInput: { Name: 'sales', CreateTableDefaultPermissions: [] } } },
        T: {
          Type: 'AWS::Glue::Table',
          Properties: {
            CatalogId: OWNER,
            DatabaseName: 'sales',
            TableInput: { Name: 'orders', StorageDescriptor: { Columns: ['id', 'amount', 'email', 'region'].map(c => ({ Name: c, Type: 'string' })) } },
          },
        },
        Key: { Type: 'AWS::LakeFormation::Tag', Properties: { CatalogId: OWNER, TagKey: 'confidentiality', TagValues: ['open', 'restricted'] } },
        Tags: { Type: 'AWS::LakeFormation::TagAssociation', Properties: { Resource: { Table: table }, LFTags: [{ CatalogId: OWNER, TagKey: 'confidentiality', TagValues: ['open'] }] } },
        EmailTag: {
          Type: 'AWS::LakeFormation::TagAssociation',
          Properties: { Resource: { TableWithColumns: { ...table, ColumnNames: ['email'] } }, LFTags: [{ CatalogId: OWNER, TagKey: 'confidentiality', TagValues: ['restricted'] }] },
        },
        ...resources,
      },
    },
  });
  const grant = (principal: string, resource: any) => ({
    Type: 'AWS::LakeFormation::PrincipalPermissions',
    Properties: { Principal: { DataLakePrincipalIdentifier: principal }, Resource: resource, Permissions: ['SELECT'], PermissionsWithGrantOption: [] },
  });
  const filter = (expression: string) => ({
    Type: 'AWS::LakeFormation::DataCellsFilter',
    Properties: { TableCatalogId: OWNER, DatabaseName: 'sales', TableName: 'orders', Name: 'eu', ColumnNames: ['id', 'amount'], RowFilter: { FilterExpression: expression } },
  });
  const side = (resources: Record<string, any>): DiffSide => {
    const stacks = [stack(resources)];
    const a = analyzeStacks(stacks);
    return { report: a.report, visibility: a.visibility, products: productDatabases(stacks) };
  };

  test('named columns, a tag expression and a data-cells filter: gains, losses, a filter removed widens rows, the top level of the key is the sensitive one', () => {
    const base = side({
      A: grant(R1, { TableWithColumns: { ...table, ColumnNames: ['id', 'amount'] } }),
      F: filter("region = 'eu'"),
      B: grant(R2, { DataCellsFilter: { TableCatalogId: OWNER, DatabaseName: 'sales', TableName: 'orders', Name: 'eu' } }),
    });
    const head = side({
      // R1: by tag now, `confidentiality IN (open, restricted)`: every column; R2: the whole table by name (the filter's rows lifted).
      A: grant(R1, { LFTagPolicy: { CatalogId: OWNER, ResourceType: 'TABLE', Expression: [{ TagKey: 'confidentiality', TagValues: ['open', 'restricted'] }] } }),
      B: grant(R2, { TableWithColumns: { ...table, ColumnNames: ['id'] } }),
    });
    const d = diffAccess(base, head, { failOn: ['sensitive', 'widening'] });
    expect(d.sensitiveLevel).toBe('restricted');
    expect(lines(d)).toEqual([
      `${R1} sales.orders data->data email:restricted,region:open `,
      `${R2} sales.orders data->data  amount`,
    ]);
    const r2 = d.principals[1].tables[0];
    expect(r2.rows).toEqual({
      before: [{ rowFilter: "region = 'eu'", columns: ['amount', 'id'] }],
      after: [{ rowFilter: null, columns: ['id'] }],
      widened: [{ name: 'id', confidentiality: 'open' }],
    });
    // No product database: nothing a request can cover; the restricted column blocks as sensitive.
    expect(d.blocking.map(b => `${b.reason} ${b.principal} ${b.columns.join(',')}`)).toEqual([
      `sensitive ${R1} email`, `widening ${R1} email,region`, `widening ${R2} id`,
    ]);
    expect(d.blocking[1].message).toBe(`${R1} gains email (restricted), region (open) of sales.orders: no request covers a principal outside the consumer accounts`);
    // A filter added where every row was seen narrows: no gain.
    const narrowed = diffAccess(head, side({
      A: grant(R1, { LFTagPolicy: { CatalogId: OWNER, ResourceType: 'TABLE', Expression: [{ TagKey: 'confidentiality', TagValues: ['open', 'restricted'] }] } }),
      F: filter("region = 'eu'"),
      B: grant(R2, { DataCellsFilter: { TableCatalogId: OWNER, DatabaseName: 'sales', TableName: 'orders', Name: 'eu' } }),
    }), { failOn: ['sensitive', 'widening'] });
    expect(lines(narrowed)).toEqual([`${R2} sales.orders data->data amount:open `]);
    expect(narrowed.principals[0].tables[0].rows!.widened).toEqual([]);
    expect(narrowed.blocking.map(b => `${b.reason} ${b.columns.join(',')}`)).toEqual(['widening amount']);
    expect(formatDiffJson(narrowed)).toContain('"rowFilter": "region = \'eu\'"');
  });

  /** A side whose report is `report` with these metadata entries (constructed: independent of what the evaluator emits). */
  const withMetadata = (from: DiffSide, ...entries: Array<[principal: string, columns: string[]]>): DiffSide => ({
    ...from,
    report: {
      ...from.report,
      metadata: entries.map(([principal, columns]): MetadataEntry =>
        ({ consumer: null, account: OWNER, principal, database: 'sales', table: 'orders', columns, via: null })),
    } satisfies AccessReport,
  });

  test('metadata-only entries: gained, lost and changed are metadata changes, never blocking', () => {
    const plain = side({});
    const gained = diffAccess(plain, withMetadata(plain, [R1, ['id', 'amount']]), { failOn: ['sensitive', 'widening'] });
    expect(gained.principals[0].tables[0]).toEqual(expect.objectContaining({ before: 'none', after: 'metadata', metadataGained: ['amount', 'id'], columnsGained: [] }));
    expect(gained.summary.metadataChanges).toBe(1);
    expect(gained.blocking).toEqual([]);
    expect(formatDiffMarkdown(gained)).toContain('| `sales.orders` | metadata gained | metadata: amount, id |  |  |');
    const changed = diffAccess(withMetadata(plain, [R1, ['id', 'amount']]), withMetadata(plain, [R1, ['id', 'email']]));
    expect(changed.principals[0].tables[0]).toEqual(expect.objectContaining({ metadataGained: ['email'], metadataLost: ['amount'] }));
    expect(diffAccess(withMetadata(plain, [R1, ['id']]), withMetadata(plain, [R1, ['id']])).principals).toEqual([]);
  });

  test('metadata-only columns beside data access are compared too: newly visible by name only, or no longer; a column moving to data is a data gain', () => {
    // R1 SELECTs id and amount; DESCRIBE shows it the other columns' names (metadata only).
    const data = side({ A: grant(R1, { TableWithColumns: { ...table, ColumnNames: ['id', 'amount'] } }) });
    const wider = side({ A: grant(R1, { TableWithColumns: { ...table, ColumnNames: ['id', 'amount', 'email'] } }) });
    const before = withMetadata(data, [R1, ['region']]);
    const after = withMetadata(data, [R1, ['email', 'region']]);
    const d = diffAccess(before, after, { failOn: ['sensitive', 'widening'] });
    expect(d.principals).toHaveLength(1);
    expect(d.principals[0].tables[0]).toEqual(expect.objectContaining({
      before: 'data', after: 'data', columnsGained: [], columnsLost: [], metadataGained: ['email'], metadataLost: [], sensitive: [], uncovered: [],
    }));
    expect(d.summary).toEqual(expect.objectContaining({ metadataChanges: 1, columnsGained: 0, sensitiveColumnsGained: 0 }));
    // email is restricted (the top level): seen by name only, it blocks nothing.
    expect(d.blocking).toEqual([]);
    expect(formatDiffMarkdown(d)).toContain('| `sales.orders` | changed | metadata: email |  |  |');
    expect(JSON.parse(formatDiffJson(d)).principals[0].tables[0]).toEqual(expect.objectContaining({ metadataGained: ['email'], metadataLost: [] }));
    // The reverse: no longer visible as metadata only.
    const back = diffAccess(after, before).principals[0].tables[0];
    expect([back.metadataGained, back.metadataLost]).toEqual([[], ['email']]);
    // email from metadata only to data: a data gain (it blocks as restricted), not a metadata loss.
    const toData = diffAccess(after, withMetadata(wider, [R1, ['region']]), { failOn: ['sensitive'] });
    expect(toData.principals[0].tables[0]).toEqual(expect.objectContaining({ columnsGained: [{ name: 'email', confidentiality: 'restricted' }], metadataGained: [], metadataLost: [] }));
    expect(toData.blocking.map(b => b.reason)).toEqual(['sensitive']);
    expect(toData.summary.metadataChanges).toBe(0);
    // And back to metadata only: a data loss, not a metadata gain.
    const toMeta = diffAccess(withMetadata(wider, [R1, ['region']]), after).principals[0].tables[0];
    expect([toMeta.columnsLost.map(c => c.name), toMeta.metadataGained, toMeta.metadataLost]).toEqual([['email'], [], []]);
  });

  test('products: a database with the producer parameter is a product, named without the mesh prefix, else by its own name; nothing else is one', () => {
    const db = (name: string, parameters: Record<string, string>) =>
      ({ Type: 'AWS::Glue::Database', Properties: { CatalogId: OWNER, DatabaseInput: { Name: name, Parameters: parameters } } });
    const stacks = (metadata: object | undefined): StackTemplate[] => [{
      stackName: 'Gov',
      account: OWNER,
      region: 'eu-central-1',
      template: {
        ...(metadata ? { Metadata: { 'cdk-data-mesh': metadata } } : {}),
        Resources: {
          Named: db('acme_orders', { 'cdk-data-mesh:producer': 'sales' }),
          // A parameter nothing writes: no product (it used to name one in the diff only).
          Claimed: db('acme_claims', { 'cdk-data-mesh:product': 'claims' }),
          Plain: db('scratch', {}),
        },
      },
    }];
    const withMesh = stacks({ mesh: 'acme', role: 'governance' });
    const agreed = (s: StackTemplate[]) => new Map(readProducts(s).map(p => [p.database, p.name]));
    expect(readProducts(withMesh).map(p => p.name)).toEqual(['orders']);
    expect(productDatabases(withMesh)).toEqual(new Map([['acme_orders', 'orders']]));
    expect(productDatabases(withMesh)).toEqual(agreed(withMesh));
    // Without mesh metadata the product is the database name (as the contracts export and the catalog say).
    const bare = stacks(undefined);
    expect(productDatabases(bare)).toEqual(new Map([['acme_orders', 'acme_orders']]));
    expect(productDatabases(bare)).toEqual(agreed(bare));
  });
});
