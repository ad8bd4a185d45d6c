/* `cdk-data-mesh report` and `cdk-data-mesh doctor`: formats, the JSON contract's exact keys, exit codes, help, --check. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { copyAssembly, editTemplate, find, L1_ASSEMBLY, removeTmpDirs, synthBankMesh } from './support/assembly';
import { main, USAGE } from '../src/cli';

const ROOT = path.join(__dirname, '..');

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: t => out.push(t), err: t => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterAll(removeTmpDirs);

describe('formats, exit codes, help', () => {
  const ACCESS_KEYS = ['consumer', 'account', 'principal', 'database', 'via', 'table', 'columns', 'rowFilter', 'effective', 'missing'];

  describe('formats', () => {
    test('json: parses, has exactly the contract keys in contract order, with the contract types', () => {
      const { code, out, err } = run('report', L1_ASSEMBLY, '--format', 'json');
      expect([code, err]).toEqual([0, '']);
      const json = JSON.parse(out);
      expect(Object.keys(json)).toEqual(['access', 'findings']);
      expect(json.access.length).toBe(17);
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
      }
      expect(json.findings.length).toBe(77); // the hand-written app's doctor findings (test/report/l1-app.test.ts)
      expect(json.access.filter((a: any) => !a.effective)).toHaveLength(10);
      for (const f of json.findings) {
        expect(Object.keys(f)).toEqual(['id', 'severity', 'message']);
        expect(f.id).toMatch(/^DM-\d\d$/);
        expect(['error', 'warning']).toContain(f.severity);
      }
    });

    test('--format=json is the same as --format json', () => {
      expect(run('report', '--format=json', L1_ASSEMBLY).out).toBe(run('report', L1_ASSEMBLY, '--format', 'json').out);
    });

    test('table (the default): a header, one line per entry, the findings', () => {
      const { code, out } = run('report', L1_ASSEMBLY);
      expect(code).toBe(0);
      const lines = out.split('\n');
      expect(lines[0].split(/\s{2,}/)).toEqual(['consumer', 'account', 'principal', 'database', 'via link', 'table', 'rows', 'query', 'visible columns']);
      expect(lines[1]).toMatch(/^-+( +-+)+$/);
      expect(lines.slice(2, 19)).toHaveLength(17);
      expect(out).toContain('17 entries, 11 principals; 10 entries whose queries fail (IAM: see --format json, "missing").');
      expect(out).toMatch(/role\/partner-reader\s+sales_db\s+orders_link\s+orders\s+region = 'eu'\s+fails \(17 missing\)\s+amount, order_id, region/);
      expect(out).toMatch(/findings \(72 errors, 5 warnings\):\n {2}ERROR DM-01: /);
      expect(out).toContain('\n  ERROR DM-22: Partner-Consumer/ReshareToThirdAccount');
      expect(run('report', L1_ASSEMBLY, '--format', 'table').out).toBe(out);
    });

    test('mermaid: a flowchart LR with one subgraph per account, shares between accounts, safe ids and quoted labels', () => {
      const { code, out } = run('report', L1_ASSEMBLY, '--format', 'mermaid');
      expect(code).toBe(0);
      const lines = out.split('\n');
      expect(lines[0]).toBe('flowchart LR');
      const subgraphs = lines.filter(l => /^\s*subgraph /.test(l));
      expect(subgraphs.map(l => l.trim())).toEqual([
        'subgraph acct_123456789012["consumer analytics 123456789012"]',
        'subgraph acct_210987654321["210987654321"]',
        'subgraph acct_345678901234["345678901234"]',
      ]);
      expect(lines.filter(l => l.trim() === 'end')).toHaveLength(subgraphs.length);
      // Every line is one of the shapes the diagram uses; every id is letters, digits and underscores.
      const node = /^ {4}[A-Za-z][A-Za-z0-9_]*(\[\("[^"]*"\)\]|\["[^"]*"\]|\[\["[^"]*"\]\]|\(\["[^"]*"\]\)|\{\{"[^"]*"\}\})$/;
      const edge = /^ {2}[A-Za-z][A-Za-z0-9_]* (-\.-|-\.->\|"[^"]*"\||-->\|"[^"]*"\||==>\|"[^"]*"\|) [A-Za-z][A-Za-z0-9_]*$/;
      const other = /^( {2}subgraph [A-Za-z][A-Za-z0-9_]*\["[^"]*"\]| {4}direction TB| {2}end|flowchart LR)$/;
      expect(lines.filter(l => !node.test(l) && !edge.test(l) && !other.test(l))).toEqual([]);
      expect(out).toContain('acct_210987654321 ==>|"share<br/>sales_db.customers: 3 columns<br/>sales_db.orders: 5 columns"| acct_123456789012');
      expect(out).toMatch(/tbl\d+ -->\|"via orders_link: amount, order_id, region; rows: region = 'eu'"\| prn\d+/);
      expect(out).toMatch(/lnk\d+\[\["link local_db.orders_tl"\]\]/);
    });
  });

  describe('exit codes', () => {
    test.each([
      [[], 'missing command'],
      [['audit', L1_ASSEMBLY], "unknown command 'audit'"],
      [['report'], 'missing the cloud assembly directory'],
      [['report', L1_ASSEMBLY, 'other'], `expected one cloud assembly directory, got 2: ${L1_ASSEMBLY} other`],
      [['report', L1_ASSEMBLY, '--format'], '--format needs a value (table, json or mermaid)'],
      [['report', L1_ASSEMBLY, '--format', 'yaml'], "unknown format 'yaml' (use table, json or mermaid)"],
      [['report', L1_ASSEMBLY, '--verbose'], "unknown option '--verbose'"],
    ])('usage error %j: exit 2, the problem and the usage on stderr, nothing on stdout', (argv, problem) => {
      const { code, out, err } = run(...argv);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toBe(`cdk-data-mesh: ${problem}\n\n${USAGE}`);
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
      expect(JSON.parse(ok.stdout).access).toHaveLength(17);
      expect(cli('report').status).toBe(2);
      const unreadable = cli('report', '/nonexistent/cdk.out');
      expect(unreadable.status).toBe(1);
      expect(unreadable.stderr).toContain('cannot read the cloud assembly: /nonexistent/cdk.out is not a directory');
    }, 60_000);
  });
});

describe('--check and doctor: exit 1 on an error finding, warnings do not fail', () => {
  let mesh: string;
  beforeAll(() => {
    mesh = synthBankMesh();
  }, 120_000);


  test('--check on the reference mesh: exit 0, the report, nothing on stderr', () => {
    const r = run('report', mesh, '--check');
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toContain('18 entries, 8 principals.');
    expect(r.out).not.toContain('findings');
  });

  test('--check with error findings: the report and its findings on stdout, exit 1, the count on stderr; without --check: exit 0', () => {
    const r = run('report', L1_ASSEMBLY, '--check', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings.filter((f: any) => f.severity === 'error')).toHaveLength(72);
    expect(r.err).toBe('cdk-data-mesh: 72 error findings (see docs/doctor.md for each rule and its fix)');
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

  test('doctor is report --check --format table (a --format may still be given)', () => {
    const doctor = run('doctor', L1_ASSEMBLY);
    expect(doctor).toEqual(run('report', L1_ASSEMBLY, '--check', '--format', 'table'));
    expect(doctor.code).toBe(1);
    expect(doctor.out).toMatch(/findings \(72 errors, 5 warnings\):\n {2}ERROR DM-01: Lake\/CustomersPublicColumns: /);
    expect(run('doctor', mesh).code).toBe(0);
    expect(JSON.parse(run('doctor', mesh, '--format', 'json').out).findings).toEqual([]);
    expect(USAGE).toContain('cdk-data-mesh doctor <cloud assembly directory>     (= report --check --format table)');
    expect(run('doctor').code).toBe(2);
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
