/*
 * The example GitHub Actions workflow of docs/data-mart.md#diff (examples/ci/access-diff.yml) parses, checks out base
 * and head where its diff reads them, and every `cdk-data-mesh` command it runs exists in our CLI with those options:
 * each is run here, through the CLI's dispatch, on copies of a hand-written assembly laid out as the workflow lays
 * out its checkouts (base/cdk.out, head/cdk.out, head/requests).
 * (`yaml`: the runtime dependency the contracts export bundles, issue 18.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../../src/cli';

const WORKFLOW = path.join(__dirname, '..', '..', 'examples', 'ci', 'access-diff.yml');
const FIXTURE = path.join(__dirname, '..', 'report', 'fixtures', 'l1-assembly');

const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8'));
const steps: any[] = workflow.jobs['access-diff'].steps;
/** Every `npx cdk-data-mesh ...` line of the run steps, with the step's working directory. */
const invocations = steps.flatMap(s => String(s.run ?? '').split('\n')
  .filter(l => /\bnpx cdk-data-mesh\b/.test(l))
  .map(l => ({ dir: s['working-directory'] ?? '.', argv: l.trim().split(/\s+/).slice(2).filter((_, i, a) => !a.slice(0, i + 1).includes('>')) })));

test('the workflow runs on pull requests; the job that runs its code reads only, the job that comments runs none of it', () => {
  expect(Object.keys(workflow.on)).toEqual(['pull_request']);
  expect(Object.keys(workflow.jobs)).toEqual(['access-diff', 'comment']);
  // No default token scope: each job says what it needs.
  expect(workflow.permissions).toEqual({});
  const diffJob = workflow.jobs['access-diff'];
  expect(diffJob.permissions).toEqual({ contents: 'read' });
  const checkouts = steps.filter(s => String(s.uses ?? '').startsWith('actions/checkout@'));
  expect(checkouts.map(s => [s.with.path, s.with.ref ?? 'head'])).toEqual([['head', 'head'], ['base', '${{ github.event.pull_request.base.sha }}']]);
  // The token is not left in .git/config where the pull request's code (npm ci, cdk synth) could read it.
  expect(checkouts.map(s => s.with['persist-credentials'])).toEqual([false, false]);
  expect(steps.some(s => /npx cdk synth\b/.test(String(s.run ?? '')))).toBe(true);
  expect(steps.some(s => /gh pr comment/.test(String(s.run ?? '')))).toBe(false);
  const upload = steps.find(s => String(s.uses ?? '').startsWith('actions/upload-artifact@'));
  expect(String(upload.with.path).split('\n').filter(Boolean)).toEqual(['access-diff.md', 'access-diff.json']);

  // The comment job: after the diff (even when it failed the check), may write pull requests, checks out and runs nothing.
  const comment = workflow.jobs.comment;
  expect(comment.needs).toBe('access-diff');
  expect(comment.permissions).toEqual({ 'pull-requests': 'write' });
  expect(comment.if).toMatch(/^always\(\) && needs\.access-diff\.outputs\.code != '' && github\.event\.pull_request\.head\.repo\.full_name == github\.repository$/);
  expect(diffJob.outputs).toEqual({ code: '${{ steps.diff.outputs.code }}' });
  const commentSteps: any[] = comment.steps;
  expect(commentSteps.map(s => s.uses ?? 'run')).toEqual(['actions/download-artifact@v4', 'run']);
  expect(commentSteps[0].with).toEqual({ name: upload.with.name });
  expect(commentSteps[1].run).toMatch(/gh pr comment .*--body-file access-diff\.md/);
  expect(commentSteps.every(s => !/\b(npm|npx|node|cdk|git)\b/.test(String(s.run ?? '')))).toBe(true);
});

test('every cdk-data-mesh command of the workflow exists in the CLI and runs with its options', () => {
  expect(invocations.map(i => i.argv[0])).toEqual(['diff', 'diff']);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'access-diff-ci-'));
  try {
    for (const side of ['base', 'head']) fs.cpSync(FIXTURE, path.join(root, side, 'cdk.out'), { recursive: true });
    fs.mkdirSync(path.join(root, 'head', 'requests'));
    for (const { dir, argv } of invocations) {
      // The paths as the workflow's step sees them, from its working directory.
      const cwd = path.join(root, dir);
      const resolved = argv.map(a => (a.endsWith('cdk.out') ? path.resolve(cwd, a) : a));
      expect(resolved.filter(a => a.endsWith('cdk.out'))).toEqual([path.join(root, 'base', 'cdk.out'), path.join(root, 'head', 'cdk.out')]);
      const out: string[] = [];
      const err: string[] = [];
      const code = main(resolved, { out: t => out.push(t), err: t => err.push(t) });
      expect({ argv, code, err }).toEqual({ argv, code: 0, err: [expect.stringMatching(/^diff: 0 principals with a change, 0 blocking changes/)] });
      if (argv.includes('json')) expect(JSON.parse(out.join('\n')).principals).toEqual([]);
      else expect(out.join('\n')).toBe('## Access diff\n\n**No change in who sees what.**');
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
