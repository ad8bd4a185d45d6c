/* `cdk-data-mesh report --check` and `cdk-data-mesh doctor`: exit 1 on an error finding, warnings do not fail. */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { main, USAGE } from '../../src/cli';
import { copyAssembly, editTemplate, find, L1_ASSEMBLY, removeTmpDirs, synthBankMesh } from '../report/helpers';

const ROOT = path.join(__dirname, '..', '..');
let mesh: string;
beforeAll(() => {
  mesh = synthBankMesh();
}, 120_000);
afterAll(removeTmpDirs);

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: t => out.push(t), err: t => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

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
