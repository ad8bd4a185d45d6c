/*
 * DESIGN.md: "The access evaluator / report reads CloudFormation JSON only; it never imports aws-cdk-lib
 * or the constructs". Checked statically (every import of src/report/*, src/cli.ts, src/access-report.ts)
 * and at run time (the modules a process loads to run the CLI).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');
/** Every .ts file under a directory, recursively (the doctor's rules live in src/report/rules/). */
function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

const REPORT_FILES = [
  ...tsFiles(path.join(SRC, 'report')),
  // The audit (issue 19) reads assemblies the same way; its AWS SDK side (src/audit/aws/) is a bundle of its own (test/audit/offline.test.ts).
  ...tsFiles(path.join(SRC, 'audit')).filter(f => !f.startsWith(path.join(SRC, 'audit', 'aws'))),
  // The access diff's command (issue 18) is a thin file on the same read path.
  ...tsFiles(path.join(SRC, 'diff')),
  // The data mart's catalog (issue 18) builds on the report alone.
  ...tsFiles(path.join(SRC, 'catalog')),
  // The requests commands (issue 18): `request` and `codeowners`, on the report's read path.
  ...tsFiles(path.join(SRC, 'requests')),
  path.join(SRC, 'cli.ts'),
  path.join(SRC, 'access-report.ts'),
  // `cdk-data-mesh contracts` (issue 18) reads assemblies the same way; it writes YAML with the bundled `yaml` package (D64).
  ...tsFiles(path.join(SRC, 'contracts')),
];
/** Packages a report-side file may import besides node built-ins: the contracts' YAML library (bundled, no aws-cdk-lib). */
const ALLOWED_PACKAGES: Record<string, string[]> = { [path.join(SRC, 'contracts')]: ['yaml'] };

/** Every module specifier of a TypeScript source: import/export ... from, import '...', require(), import(). */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  // Statements start a line (`import ... from '...'`, `import '...'`, `export ... from '...'`); require() and import() anywhere.
  const re = /(?:^[ \t]*import\s[^'"]*?from\s*|^[ \t]*export\s[^'"]*?from\s*|^[ \t]*import\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/gm;
  return [...text.matchAll(re)].map(m => m[1]);
}

test('the report modules import only node built-ins and each other', () => {
  expect(REPORT_FILES.length).toBeGreaterThanOrEqual(50);
  expect(REPORT_FILES).toContain(path.join(SRC, 'report', 'rules', 'dm-24-serialize-grants.ts'));
  const offending: string[] = [];
  for (const file of REPORT_FILES) {
    for (const spec of specifiers(file)) {
      const builtin = ['fs', 'path', 'child_process', 'os'].includes(spec.replace(/^node:/, '')) ||
        (ALLOWED_PACKAGES[path.dirname(file)] ?? []).includes(spec);
      const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : undefined;
      const local = resolved !== undefined && (resolved.startsWith(path.join(SRC, 'report')) || REPORT_FILES.includes(`${resolved}.ts`));
      if (!builtin && !local) offending.push(`${path.relative(ROOT, file)}: ${spec}`);
    }
  }
  expect(offending).toEqual([]);
});

test('the checker itself sees the imports it must forbid', () => {
  const probe = path.join(SRC, 'report', 'assembly.ts');
  expect(specifiers(probe)).toEqual(['fs', 'path', './resolver', './stack-template']);
  const fake = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'probe-')), 'probe.ts');
  fs.writeFileSync(fake, "import { App } from 'aws-cdk-lib';\nimport type { IConstruct } from 'constructs';\nconst x = require('../governance-hub');\nexport * from './mesh';\n");
  try {
    expect(specifiers(fake)).toEqual(['aws-cdk-lib', 'constructs', '../governance-hub', './mesh']);
  } finally {
    fs.rmSync(fake);
  }
});

test('running the CLI loads neither aws-cdk-lib nor constructs nor any construct file', () => {
  const script = [
    "require('ts-node').register({ project: 'tsconfig.dev.json', transpileOnly: true });",
    "const { main } = require('./src/cli.ts');",
    `main(['report', ${JSON.stringify(path.join(__dirname, 'fixtures', 'l1-assembly'))}, '--format', 'json'], { out() {}, err(t) { console.error(t); } });`,
    'console.log(JSON.stringify(Object.keys(require.cache)));',
  ].join('\n');
  const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  const loaded: string[] = JSON.parse(result.stdout).map((f: string) => path.relative(ROOT, f));
  const src = loaded.filter(f => f.startsWith('src')).sort();
  expect(src.filter(f => f !== 'src/cli.ts' && !f.startsWith('src/report/'))).toEqual([]);
  expect(src).toEqual(expect.arrayContaining(['src/cli.ts', 'src/report/analyze.ts', 'src/report/assembly.ts', 'src/report/facts.ts', 'src/report/format.ts', 'src/report/iam.ts', 'src/report/lf-evaluator.ts', 'src/report/resolver.ts', 'src/report/rules/index.ts']));
  expect(loaded.filter(f => /node_modules\/(aws-cdk-lib|constructs)\//.test(f))).toEqual([]);
}, 60_000);
