/*
 * The README's quick start is the skeleton apps (issue 11): the code a user reads is the code CI installs
 * the packages into and synthesizes (.ci/run, "newcomer" checks), so the two cannot drift. The README is
 * also the PyPI and Maven README (jsii-pacmak embeds it): its links must resolve off GitHub.
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The code block (its fence opening with `fence`) that follows `marker` in README.md. */
function blockAfter(marker: string, fence: string): string {
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no "${marker}"`);
  const open = readme.indexOf(`\n${fence}\n`, at);
  if (open < 0) throw new Error(`README.md has no ${fence} block after "${marker}"`);
  const start = open + fence.length + 2;
  const close = readme.indexOf('\n```\n', start - 1);
  return readme.slice(start, close + 1);
}

test.each([
  ['TypeScript', 'Its `app.ts`, the whole app:', '```ts nofixture', 'examples/skeleton-typescript/app.ts'],
  ['Python', 'Its `app.py`, the whole app:', '```python', 'examples/skeleton-python/app.py'],
])('the README\'s %s quick start is exactly the skeleton app', (_lang, marker, fence, file) => {
  const app = fs.readFileSync(path.join(root, file), 'utf8');
  expect(blockAfter(marker, fence)).toBe(app);
  expect(app).toMatch(/\napp\.synth\(\);?\n$/); // a complete app: it synthesizes
});

test('the README\'s Go quick start is exactly the Go skeleton app (CI builds and synthesizes it: scripts/skeleton-apps.sh go)', () => {
  const app = fs.readFileSync(path.join(root, 'examples/skeleton-go/main.go'), 'utf8');
  expect(blockAfter('Its `main.go`, the whole app:', '```go')).toBe(app);
  expect(app).toMatch(/\n\tapp\.Synth\(nil\)\n}\n$/); // a complete app: it synthesizes
});

test('the Go apps, the README and the package:go task name one aws-cdk-go version and the replace directive to dist/go (D79)', () => {
  const projenrc = fs.readFileSync(path.join(root, '.projenrc.ts'), 'utf8');
  const version = /const AWS_CDK_GO_VERSION = '(\d+\.\d+\.\d+)';/.exec(projenrc)?.[1];
  expect(version).toBeDefined();
  const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen/tasks.json'), 'utf8')).tasks;
  expect(JSON.stringify(tasks['package:go'].steps)).toContain(`bash scripts/package-go.sh ${version}`);
  const module = 'github.com/cdk-data-mesh/cdk-data-mesh-go/cdkdatamesh';
  for (const [dir, target] of [['examples/go', '../../dist/go/cdkdatamesh'], ['examples/skeleton-go', '../cdk-data-mesh/dist/go/cdkdatamesh']]) {
    const gomod = fs.readFileSync(path.join(root, dir, 'go.mod'), 'utf8');
    expect([dir, gomod]).toEqual([dir, expect.stringContaining(`\tgithub.com/aws/aws-cdk-go/awscdk/v2 v${version}\n`)]);
    expect([dir, gomod]).toEqual([dir, expect.stringContaining(`\nreplace ${module} => ${target}\n`)]);
    expect(fs.existsSync(path.join(root, dir, 'go.sum'))).toBe(true);
  }
  expect(readme).toContain(`go mod edit -replace=${module}=../cdk-data-mesh/dist/go/cdkdatamesh && go get ${module}@v0.0.0 github.com/aws/aws-cdk-go/awscdk/v2@v${version}`);
  expect(readme).toContain(`go get ${module}@latest`);
  expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).jsii.targets.go).toEqual({ moduleName: 'github.com/cdk-data-mesh/cdk-data-mesh-go' });
});

test('each skeleton is runnable: cdk.json names its app; the TypeScript one pins a TypeScript that ts-node runs', () => {
  const ts = JSON.parse(fs.readFileSync(path.join(root, 'examples/skeleton-typescript/package.json'), 'utf8'));
  const exact = /^\d+\.\d+\.\d+$/;
  for (const dep of ['typescript', 'ts-node', 'aws-cdk', '@types/node']) expect([dep, ts.devDependencies[dep]]).toEqual([dep, expect.stringMatching(exact)]);
  // ts-node 10.9 cannot run TypeScript 6 (the version a bare `npm i -D typescript` installs today)
  expect(Number(ts.devDependencies.typescript.split('.')[0])).toBeLessThan(6);
  expect(JSON.parse(fs.readFileSync(path.join(root, 'examples/skeleton-typescript/cdk.json'), 'utf8')).app).toMatch(/ts-node .*app\.ts$/);
  expect(JSON.parse(fs.readFileSync(path.join(root, 'examples/skeleton-python/cdk.json'), 'utf8')).app).toMatch(/python app\.py$/);
  expect(JSON.parse(fs.readFileSync(path.join(root, 'examples/skeleton-go/cdk.json'), 'utf8')).app).toBe('go run .');
  const requirements = fs.readFileSync(path.join(root, 'examples/skeleton-python/requirements.txt'), 'utf8');
  expect(requirements).toMatch(/^aws-cdk-lib==2\.197\.0$/m);
  expect(requirements).toMatch(/^constructs==10\.5\.1$/m);
});

test('every link of README.md is absolute (the PyPI and Maven READMEs are this file, read off GitHub)', () => {
  const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map(m => m[1]).filter(t => !/^(https?|mailto):/.test(t));
  expect(relative).toEqual([]);
});

test('a shell line that runs app.py itself sets CDK_OUTDIR (App() alone writes to a temporary directory, not cdk.out)', () => {
  for (const file of ['README.md', 'examples/skeleton-python/README.md']) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const sh = [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap(m => m[1].split('\n'));
    const runs = sh.filter(l => /python3? app\.py/.test(l));
    expect([file, runs.filter(l => !/CDK_OUTDIR=\S+ \S*python3? app\.py/.test(l))]).toEqual([file, []]);
  }
});
