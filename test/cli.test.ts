/* `cdk-data-mesh report` and `cdk-data-mesh doctor`: formats, the JSON contract's exact keys, exit codes, help, --check. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { copyAssembly, editTemplate, find, L1_ASSEMBLY, removeTmpDirs, synthBankMesh, tmpDir } from './support/assembly';
import { main, packageVersion, USAGE } from '../src/cli';

describe('formats, exit codes, help', () => {
  afterAll(removeTmpDirs);

  const ROOT = path.join(__dirname, '..');

  function run(...argv: string[]): { code: number; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(argv, { out: t => out.push(t), err: t => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  const ACCESS_KEYS = ['consumer', 'account', 'principal', 'database', 'via', 'table', 'columns', 'rowFilter', 'effective', 'missing', 'unverified'];

  describe('formats', () => {
    test('json: parses, has exactly the contract keys in contract order, with the contract types', () => {
      const { code, out, err } = run('report', L1_ASSEMBLY, '--format', 'json');
      expect([code, err]).toEqual([0, '']); // no summary line without --check: stderr stays empty
      const json = JSON.parse(out);
      expect(Object.keys(json)).toEqual(['access', 'findings', 'metadata']);
      expect(json.access.length).toBe(14);
      for (const m of json.metadata) expect(Object.keys(m)).toEqual(['consumer', 'account', 'principal', 'database', 'table', 'columns', 'via']);
      for (const a of json.access) {
        expect(Object.keys(a)).toEqual(ACCESS_KEYS);
        expect(a.consumer === null || typeof a.consumer === 'string').toBe(true);
        expect(a.account).toMatch(/^\d{12}$/);
        expect(typeof a.principal).toBe('string');
        expect(a.via === null || typeof a.via === 'string').toBe(true);
        expect(a.columns).toEqual([...a.columns].sort());
        expect(a.rowFilter === null || typeof a.rowFilter === 'string').toBe(true);
        expect(typeof a.effective).toBe('boolean');
        expect(Array.isArray(a.missing)).toBe(true);
        expect(typeof a.unverified).toBe('boolean');
        if (a.unverified) expect(a.effective).toBe(false);
      }
      expect(json.findings.length).toBe(78); // the hand-written app's doctor findings (test/report/l1-app.test.ts)
      expect(json.access.filter((a: any) => !a.effective)).toHaveLength(10); // 7 fail on IAM; 3 more (two accounts, the deployer) are only unverified
      expect(json.access.filter((a: any) => a.unverified).map((a: any) => a.table)).toEqual(Array(6).fill('orders')); // s3://acme-sales-… is defined nowhere
      for (const f of json.findings) {
        expect(Object.keys(f)).toEqual(['id', 'severity', 'message']);
        expect(f.id).toMatch(/^DM-\d\d$/);
        expect(['error', 'warning']).toContain(f.severity);
      }
    });

    test('--format=json is the same as --format json', () => {
      expect(run('report', '--format=json', L1_ASSEMBLY).out).toBe(run('report', L1_ASSEMBLY, '--format', 'json').out);
    });

    test('table: a header, one line per entry, the findings, the summary line', () => {
      const { code, out } = run('report', L1_ASSEMBLY, '--format', 'table');
      expect(code).toBe(0);
      const lines = out.split('\n');
      expect(lines[0].split(/\s{2,}/)).toEqual(['consumer', 'account', 'principal', 'database', 'via link', 'table', 'rows', 'query', 'visible columns']);
      expect(lines[1]).toMatch(/^-+( +-+)+$/);
      expect(lines.slice(2, 16)).toHaveLength(14);
      expect(out).toContain('14 entries, 10 principals; 7 entries whose queries fail (IAM: see --format json, "missing"); 6 entries unverified (their data\'s bucket is not in the assembly).');
      expect(out).toMatch(/role\/partner-reader\s+sales_db\s+orders_link\s+orders\s+region = 'eu'\s+fails \(17 missing\), unverified\s+amount, order_id, region/);
      expect(out).toMatch(/role\/acme-deployer\s+sales_db\s+-\s+orders\s+all\s+unverified\s+amount/);
      expect(out).toMatch(/findings \(72 errors, 6 warnings\):\n {2}ERROR DM-01: /);
      expect(out).toContain('\n  ERROR DM-22: Partner-Consumer/ReshareToThirdAccount');
      expect(lines[lines.length - 1]).toBe('report: 3 stacks, 14 access entries, 72 errors, 6 warnings');
    });

    test('matrix (the default): per table, columns x principals with yes / -, marks for failing, unverified and filtered cells', () => {
      const { code, out } = run('report', L1_ASSEMBLY);
      expect(code).toBe(0);
      expect(run('report', L1_ASSEMBLY, '--format', 'matrix').out).toBe(out);
      expect(out.split('\n').filter(l => l.length > 120)).toEqual([]);
      expect(out).toContain('sales_db.orders (catalog 210987654321)\n  UNVERIFIED: its data is in bucket acme-sales-210987654321-eu-central-1');
      expect(out).toContain("rows1 = visible only in the rows where region = 'eu'");
      // The reader sees order_id and amount of orders but not region; its IAM policies are missing, and the table is unverified.
      const orders = out.slice(out.indexOf('sales_db.orders (catalog'), out.indexOf('hr_prod.salaries ('));
      const lines = orders.split('\n');
      const header = lines.findIndex(l => /^ +principal:/.test(l));
      // The name is wrapped over two header lines: analytics- / reader.
      const col = [...lines[header].matchAll(/analytics-/g)].map(m => m.index!).find(i => lines[header + 1].startsWith('reader', i))!;
      expect(col).toBeGreaterThan(0);
      const cellOf = (column: string) => orders.split('\n').find(l => l.startsWith(`${column} `))!.slice(col).split(/\s+/)[0];
      expect([cellOf('order_id'), cellOf('amount'), cellOf('region')]).toEqual(['yes!?', 'yes!?', '-']);
      expect(out.split('\n').pop()).toBe('report: 3 stacks, 14 access entries, 72 errors, 6 warnings');
    });

    test('mermaid: accounts as subgraphs, products, one catalog, shares, roles; safe ids and quoted labels; no infrastructure', () => {
      const { code, out, err } = run('report', L1_ASSEMBLY, '--format', 'mermaid');
      expect([code, err]).toEqual([0, '']);
      const lines = out.split('\n');
      expect(lines[0]).toBe('flowchart LR');
      const subgraphs = lines.filter(l => /^\s*subgraph /.test(l));
      expect(subgraphs.map(l => l.trim())).toEqual([
        'subgraph acc_210987654321["210987654321"]',
        'subgraph acc_123456789012["consumer analytics 123456789012"]',
        'subgraph acc_345678901234["345678901234"]',
      ]);
      expect(lines.filter(l => l.trim() === 'end')).toHaveLength(subgraphs.length);
      // Every line is one of the shapes the diagram uses; every id is letters, digits and underscores.
      const node = /^ {4}[A-Za-z][A-Za-z0-9_]*(\[\("[^"]*"\)\]|\["[^"]*"\]|\(\["[^"]*"\]\))$/;
      const edge = /^ {2}[A-Za-z][A-Za-z0-9_]* (-->|-->\|"[^"]*"\||==>\|"[^"]*"\|) [A-Za-z][A-Za-z0-9_]*$/;
      const other = /^( {2}subgraph [A-Za-z][A-Za-z0-9_]*\["[^"]*"\]| {4}direction TB| {2}end|flowchart LR| {2}classDef unverified .*| {2}class p\d+ unverified)$/;
      expect(lines.filter(l => !node.test(l) && !edge.test(l) && !other.test(l))).toEqual([]);
      expect(out).toContain('p2["<b>sales_db.orders</b><br/>6 untagged<br/>unverified: bucket not in assembly"]');
      expect(out).toContain('cat_210987654321 ==>|"<b>share</b><br/>customers<br/>orders"| acct_123456789012');
      expect(out).toMatch(/acct_345678901234 --> r\d+/);
      for (const p of out.match(/^ {4}(p\d+)\[/gm)!.map(m => m.trim().slice(0, -1))) expect(out).toContain(`  ${p} --> cat_210987654321`);
      expect(out).not.toMatch(/bucket acme|kms|deployer/i);
    });
  });

  describe('exit codes', () => {
    test.each([
      [[], 'missing command: report, doctor or audit'],
      [['audits', L1_ASSEMBLY], "unknown command 'audits' (use report, doctor, audit, contracts, catalog, request, codeowners or diff)"],
      [['report', L1_ASSEMBLY, 'other'], `expected one cloud assembly directory, got 2: ${L1_ASSEMBLY} other`],
      [['report', L1_ASSEMBLY, '--format'], '--format needs a value (matrix, table, json or mermaid)'],
      [['report', L1_ASSEMBLY, '--format', 'yaml'], "unknown format 'yaml' (use matrix, table, json or mermaid)"],
      [['report', L1_ASSEMBLY, '--verbose'], "unknown option '--verbose'"],
    ])('usage error %j: exit 2, one short line on stderr (not the help), nothing on stdout', (argv, problem) => {
      const { code, out, err } = run(...argv);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toBe(`cdk-data-mesh: ${problem} (see --help)`);
    });

    test.each([['--help'], ['-h'], ['report', '--help'], ['help']])('%s prints the usage on stdout and exits 0', (...argv) => {
      expect(run(...argv)).toEqual({ code: 0, out: USAGE, err: '' });
    });

    test('an unreadable assembly exits 1 with a clear message', () => {
      const missing = run('report', path.join(L1_ASSEMBLY, 'nope'));
      expect([missing.code, missing.out]).toEqual([1, '']);
      expect(missing.err).toMatch(/^cdk-data-mesh: cannot read the cloud assembly: .*nope is not a directory\. Pass the output directory of 'cdk synth' \(cdk\.out\)\.$/);
      const broken = copyAssembly(L1_ASSEMBLY);
      fs.writeFileSync(path.join(broken, 'Analytics.template.json'), '{ not json');
      const bad = run('report', broken, '--format', 'json');
      expect([bad.code, bad.out]).toEqual([1, '']);
      expect(bad.err).toMatch(/^cdk-data-mesh: cannot read the cloud assembly: template of stack Analytics .*Analytics\.template\.json is not valid JSON/);
    });
  });

  describe('as installed', () => {
    test('package.json bin points at lib/cli.js and the source keeps its shebang', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
      expect(pkg.bin).toEqual({ 'cdk-data-mesh': 'lib/cli.js' });
      expect(fs.readFileSync(path.join(ROOT, 'src', 'cli.ts'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    });

    test('run as a process: stdout, stderr and exit codes', () => {
      const cli = (...args: string[]) => spawnSync('npx', ['ts-node', '--project', 'tsconfig.dev.json', 'src/cli.ts', ...args], {
        cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      });
      const ok = cli('report', L1_ASSEMBLY, '--format', 'json');
      expect([ok.status, ok.stderr]).toEqual([0, '']);
      expect(JSON.parse(ok.stdout).access).toHaveLength(14);
      expect(cli('report', '--format', 'yaml').status).toBe(2);
      const unreadable = cli('report', '/nonexistent/cdk.out');
      expect(unreadable.status).toBe(1);
      expect(unreadable.stderr).toContain('cannot read the cloud assembly: /nonexistent/cdk.out is not a directory');
    }, 60_000);
  });
});

describe('--check and doctor: exit 1 on an error finding, warnings do not fail', () => {
  const ROOT = path.join(__dirname, '..');
  let mesh: string;
  beforeAll(() => {
    mesh = synthBankMesh();
  }, 120_000);
  afterAll(removeTmpDirs);

  function runWith(errIsTty: boolean, argv: string[]): { code: number; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(argv, { out: t => out.push(t), err: t => err.push(t), errIsTty });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const run = (...argv: string[]) => runWith(false, argv);

  const ts = (cwd: string, ...args: string[]) => spawnSync(path.join(ROOT, 'node_modules', '.bin', 'ts-node'), ['--project', path.join(ROOT, 'tsconfig.dev.json'), path.join(ROOT, 'src', 'cli.ts'), ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
  });

  // The reference mesh's 13 stacks (issue 13): Governance and its shards Governance-insurance, Governance-investments; the two producers;
  // Consumer-bi with its shards of both producers, Consumer-ml with its insurance shard, Consumer-exec with both.
  test('--check on the reference mesh: exit 0, the report, the summary line, nothing on stderr', () => {
    const r = run('report', mesh, '--check');
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toContain('18 entries, 8 principals, 3 tables read.');
    expect(r.out).not.toContain('findings');
    expect(r.out.split('\n').pop()).toBe('report --check: 13 stacks, 18 access entries, 0 errors, 0 warnings');
    expect(run('doctor', mesh).out.split('\n').pop()).toBe('doctor: 13 stacks, 18 access entries, 0 errors, 0 warnings');
  });

  test('the summary goes to stderr after json and mermaid: stdout stays parseable', () => {
    const r = run('doctor', mesh, '--format', 'json');
    expect(JSON.parse(r.out)).toEqual({ access: expect.any(Array), findings: [], metadata: expect.any(Array) });
    expect(r.err).toBe('doctor: 13 stacks, 18 access entries, 0 errors, 0 warnings');
    const m = run('report', mesh, '--check', '--format', 'mermaid');
    expect([m.out.split('\n')[0], m.err]).toEqual(['flowchart LR', 'report --check: 13 stacks, 18 access entries, 0 errors, 0 warnings']);
  });

  test('--version prints the version of package.json, from src (ts-node) and from any directory', () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(run('--version')).toEqual({ code: 0, out: version, err: '' });
    expect(run('-V').out).toBe(version);
    expect(packageVersion(path.join(ROOT, 'lib'))).toBe(version); // lib/cli.js looks up from lib/
    expect(packageVersion('/')).toBe('unknown');
    const p = ts(tmpDir('cli-version-'), '--version');
    expect([p.status, p.stdout.trim(), p.stderr]).toEqual([0, version, '']);
  }, 60_000);

  test('no directory: ./cdk.out, with a one-line error when there is none', () => {
    const empty = tmpDir('cli-no-cdk-out-');
    const none = ts(empty, 'report');
    expect([none.status, none.stdout, none.stderr.trim()]).toEqual([1, '', "cdk-data-mesh: no ./cdk.out here: run 'cdk synth' first, or pass the cloud assembly directory (see --help)"]);
    const app = tmpDir('cli-cdk-out-');
    fs.cpSync(mesh, path.join(app, 'cdk.out'), { recursive: true });
    const doctor = ts(app, 'doctor');
    expect(doctor.status).toBe(0);
    expect(doctor.stdout.trim().split('\n').pop()).toBe('doctor: 13 stacks, 18 access entries, 0 errors, 0 warnings');
  }, 60_000);

  test('progress: on stderr when stderr is a terminal or with --progress, never on stdout; off otherwise', () => {
    const quiet = run('report', mesh, '--format', 'json');
    expect(quiet.err).toBe('');
    const tty = runWith(true, ['report', mesh, '--format', 'json']);
    expect(tty.out).toBe(quiet.out);
    expect(JSON.parse(tty.out).access).toHaveLength(18);
    const steps = tty.err.split('\n').map(l => l.replace(/ \(\d+\.\d s\)$/, ''));
    expect(steps).toEqual([
      `cdk-data-mesh: reading the cloud assembly ${mesh}…`,
      'cdk-data-mesh: resolving 13 templates…',
      expect.stringMatching(/^cdk-data-mesh: evaluating Lake Formation \(\d+ grants, 3 tables\)…$/),
      'cdk-data-mesh: evaluating IAM for 18 access entries…',
      expect.stringMatching(/^cdk-data-mesh: running the doctor's \d+ rules…$/),
      'cdk-data-mesh: formatting (json)…',
    ]);
    expect(runWith(false, ['report', mesh, '--format', 'json', '--progress']).err.split('\n')).toHaveLength(6);
  });

  test('--check with error findings: the report and its findings on stdout, exit 1, the count on stderr; without --check: exit 0', () => {
    const r = run('report', L1_ASSEMBLY, '--check', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings.filter((f: any) => f.severity === 'error')).toHaveLength(72);
    expect(r.err).toBe('report --check: 3 stacks, 14 access entries, 72 errors, 6 warnings\ncdk-data-mesh: 72 error findings (see docs/doctor.md for each rule and its fix)');
    expect(run('report', L1_ASSEMBLY, '--format', 'json').code).toBe(0);
  });

  test('warnings alone do not fail --check', () => {
    const dir = copyAssembly(mesh);
    editTemplate(dir, 'Consumer-bi', t => {
      const [id] = find(t, 'AWS::LakeFormation::DataLakeSettings', () => true);
      t.Resources[id].Properties.MutationType = 'APPEND';
    });
    const r = run('report', dir, '--check');
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toMatch(/findings \(0 errors, 1 warning\):\n {2}WARNING DM-02: Consumer-bi\/DataMeshLakeFormationSettings\w+: MutationType APPEND/);
  });

  test('doctor is report --check (a --format may still be given)', () => {
    const doctor = run('doctor', L1_ASSEMBLY);
    const report = run('report', L1_ASSEMBLY, '--check');
    expect({ ...doctor, out: doctor.out.replace(/\ndoctor: /, '\nreport --check: ') }).toEqual(report);
    expect(doctor.code).toBe(1);
    expect(doctor.out).toMatch(/findings \(72 errors, 6 warnings\):\n {2}ERROR DM-01: Lake\/CustomersPublicColumns: /);
    expect(doctor.out.split('\n').pop()).toBe('doctor: 3 stacks, 14 access entries, 72 errors, 6 warnings');
    expect(run('doctor', mesh).code).toBe(0);
    expect(JSON.parse(run('doctor', mesh, '--format', 'json').out).findings).toEqual([]);
    expect(USAGE).toContain('cdk-data-mesh doctor [<cloud assembly directory, default ./cdk.out>]   (= report --check)');
    expect(run('doctor', 'a', 'b')).toEqual({ code: 2, out: '', err: 'cdk-data-mesh: expected one cloud assembly directory, got 2: a b (see --help)' });
  });

  test('as a process: doctor exits 1 on the hand-written app, 0 on the reference mesh', () => {
    const cli = (...args: string[]) => spawnSync('npx', ['ts-node', '--project', 'tsconfig.dev.json', 'src/cli.ts', ...args], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    const bad = cli('doctor', L1_ASSEMBLY);
    expect([bad.status, bad.stderr.trim()]).toEqual([1, 'cdk-data-mesh: 72 error findings (see docs/doctor.md for each rule and its fix)']);
    expect(cli('doctor', mesh).status).toBe(0);
  }, 60_000);
});
