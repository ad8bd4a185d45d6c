/*
 * The CLI as the package ships it (issue 15: no test ran the packed lib/cli.js). The other CLI tests call `main`
 * or run src/cli.ts through ts-node; this one builds what `npm install cdk-data-mesh` puts on the PATH and runs it:
 * - lib/cli.js and what it imports, compiled from src/ with the package's own tsconfig.json (the compiler options
 *   jsii compiles lib/ with; in a fresh clone, as in CI, lib/ does not exist yet);
 * - packed with `npm pack` (the project's package.json and .npmignore decide what goes in) and unpacked;
 * - the package.json `bin` of the tarball, run as npm runs it (an executable file with its `#!/usr/bin/env node`
 *   line), on a synthesized assembly: exit codes, stdout and stderr.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { L1_ASSEMBLY, removeTmpDirs, synthBankMesh, tmpDir } from './support/assembly';

const ROOT = path.join(__dirname, '..');
const pkgJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Compiles src/cli.ts (and its imports) into `<pkg>/lib`, packs `<pkg>` with npm and unpacks it: the unpacked package directory. */
function packCli(): string {
  const work = tmpDir('packed-cli-');
  const pkg = path.join(work, 'pkg');
  fs.mkdirSync(pkg);
  const tsconfig = path.join(work, 'tsconfig.json');
  fs.writeFileSync(tsconfig, JSON.stringify({
    extends: path.join(ROOT, 'tsconfig.json'),
    compilerOptions: {
      rootDir: path.join(ROOT, 'src'),
      outDir: path.join(pkg, 'lib'),
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      types: ['node'],
      declaration: false,
      inlineSourceMap: false,
      inlineSources: false,
    },
    files: [path.join(ROOT, 'src', 'cli.ts')],
    include: [],
  }));
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { encoding: 'utf8' });
  expect([tsc.status, tsc.stdout, tsc.stderr]).toEqual([0, '', '']);
  // The package's manifest and ignore rules; its bundled dependencies are the constructs', not the CLI's (not in this build).
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ ...pkgJson, bundledDependencies: undefined, bundleDependencies: undefined }));
  fs.copyFileSync(path.join(ROOT, '.npmignore'), path.join(pkg, '.npmignore'));
  const pack = spawnSync('npm', ['pack', pkg, '--pack-destination', work, '--ignore-scripts', '--json'], { encoding: 'utf8', cwd: work });
  expect(pack.status).toBe(0);
  const [{ filename, files }] = JSON.parse(pack.stdout);
  expect(files.map((f: any) => f.path)).toContain(pkgJson.bin['cdk-data-mesh']);
  expect(files.map((f: any) => f.path).filter((f: string) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  const unpacked = path.join(work, 'unpacked');
  fs.mkdirSync(unpacked);
  const tar = spawnSync('tar', ['-xzf', path.join(work, filename), '-C', unpacked], { encoding: 'utf8' });
  expect(tar.status).toBe(0);
  return path.join(unpacked, 'package');
}

describe('the packed bin (package.json bin -> lib/cli.js) on synthesized assemblies', () => {
  let bin: string;
  let mesh: string;
  beforeAll(() => {
    const pkg = packCli();
    bin = path.join(pkg, pkgJson.bin['cdk-data-mesh']);
    fs.chmodSync(bin, 0o755); // what npm does to a bin on install
    mesh = synthBankMesh();
  }, 600_000);
  afterAll(removeTmpDirs);

  /** Runs the bin as an executable, from an empty directory, with node on the PATH as for any user. */
  const cli = (...args: string[]) => spawnSync(bin, args, { encoding: 'utf8', cwd: tmpDir('packed-cli-cwd-'), env: { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` } });

  test('the bin is an executable node script: --version prints the package\'s version, --help the usage, exit 0', () => {
    expect(fs.readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const v = cli('--version');
    expect([v.status, v.stdout.trim(), v.stderr]).toEqual([0, pkgJson.version, '']);
    const h = cli('--help');
    expect([h.status, h.stderr]).toEqual([0, '']);
    expect(h.stdout).toContain('cdk-data-mesh doctor [<cloud assembly directory, default ./cdk.out>]');
  });

  test('doctor on the synthesized reference mesh: exit 0, the matrix and the summary line, nothing on stderr', () => {
    const r = cli('doctor', mesh);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('life_expectancy');
    expect(r.stdout.trim().split('\n').pop()).toBe('doctor: 13 stacks, 18 access entries, 0 errors, 0 warnings');
    const json = cli('report', mesh, '--format', 'json');
    expect([json.status, json.stderr]).toEqual([0, '']);
    expect(JSON.parse(json.stdout)).toEqual({ access: expect.any(Array), findings: [], metadata: expect.any(Array) });
  });

  test('report --check on an assembly with error findings: exit 1, the findings on stdout, the count on stderr; a usage error: exit 2', () => {
    const r = cli('report', L1_ASSEMBLY, '--check');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/findings \(\d+ errors, \d+ warnings\):\n {2}ERROR DM-/);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/^cdk-data-mesh: \d+ error findings \(see docs\/doctor\.md for each rule and its fix\)$/);
    const usage = cli('report', '--format', 'yaml');
    expect(usage.status).toBe(2);
    expect(usage.stderr.trim()).toMatch(/\(see --help\)$/);
    const missing = cli('report', '/nonexistent/cdk.out');
    expect([missing.status, missing.stdout]).toEqual([1, '']);
  });
});
