/*
 * `cdk-data-mesh report --check` and `cdk-data-mesh doctor`: exit 1 on an error finding, warnings do not
 * fail, a summary line always; --version, the ./cdk.out default, progress on stderr only.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main, packageVersion, USAGE } from '../../src/cli';
import { copyAssembly, editTemplate, find, L1_ASSEMBLY, removeTmpDirs, synthBankMesh, tmpDir } from '../report/helpers';

const ROOT = path.join(__dirname, '..', '..');
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

test('--check on the reference mesh: exit 0, the report, the summary line, nothing on stderr', () => {
  const r = run('report', mesh, '--check');
  expect([r.code, r.err]).toEqual([0, '']);
  expect(r.out).toContain('18 entries, 8 principals, 3 tables read.');
  expect(r.out).not.toContain('findings');
  expect(r.out.split('\n').pop()).toBe('report --check: 6 stacks, 18 access entries, 0 errors, 0 warnings');
  expect(run('doctor', mesh).out.split('\n').pop()).toBe('doctor: 6 stacks, 18 access entries, 0 errors, 0 warnings');
});

test('the summary goes to stderr after json and mermaid: stdout stays parseable', () => {
  const r = run('doctor', mesh, '--format', 'json');
  expect(JSON.parse(r.out)).toEqual({ access: expect.any(Array), findings: [] });
  expect(r.err).toBe('doctor: 6 stacks, 18 access entries, 0 errors, 0 warnings');
  const m = run('report', mesh, '--check', '--format', 'mermaid');
  expect([m.out.split('\n')[0], m.err]).toEqual(['flowchart LR', 'report --check: 6 stacks, 18 access entries, 0 errors, 0 warnings']);
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
  expect(doctor.stdout.trim().split('\n').pop()).toBe('doctor: 6 stacks, 18 access entries, 0 errors, 0 warnings');
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
    'cdk-data-mesh: resolving 6 templates…',
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
  expect(r.err).toBe('report --check: 3 stacks, 17 access entries, 72 errors, 6 warnings\ncdk-data-mesh: 72 error findings (see docs/doctor.md for each rule and its fix)');
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
  expect(doctor.out.split('\n').pop()).toBe('doctor: 3 stacks, 17 access entries, 72 errors, 6 warnings');
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
