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

test('each skeleton is runnable: cdk.json names its app; the TypeScript one pins a TypeScript that ts-node runs', () => {
  const ts = JSON.parse(fs.readFileSync(path.join(root, 'examples/skeleton-typescript/package.json'), 'utf8'));
  const exact = /^\d+\.\d+\.\d+$/;
  for (const dep of ['typescript', 'ts-node', 'aws-cdk', '@types/node']) expect([dep, ts.devDependencies[dep]]).toEqual([dep, expect.stringMatching(exact)]);
  // ts-node 10.9 cannot run TypeScript 6 (the version a bare `npm i -D typescript` installs today)
  expect(Number(ts.devDependencies.typescript.split('.')[0])).toBeLessThan(6);
  expect(JSON.parse(fs.readFileSync(path.join(root, 'examples/skeleton-typescript/cdk.json'), 'utf8')).app).toMatch(/ts-node .*app\.ts$/);
  expect(JSON.parse(fs.readFileSync(path.join(root, 'examples/skeleton-python/cdk.json'), 'utf8')).app).toMatch(/python app\.py$/);
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
