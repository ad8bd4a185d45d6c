/*
 * docs/data-mart.md "End to end on the reference mesh", step 3: the owner reviews the pull request, and the CI's
 * `cdk-data-mesh diff` of the reference mesh before and after the bank-requests fixture shows what the request gives.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildBankMesh } from '../../examples/typescript/bank-mesh';
import { main } from '../../src/cli';

const FIXTURE = path.join(__dirname, 'fixtures', 'bank-requests');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'walkthrough-diff-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function synth(name: string, requests: string | undefined): string {
  const outdir = path.join(work, name);
  const app = new App({ outdir, context: { 'cdk-data-mesh:today': '2026-12-02' } });
  const bank = buildBankMesh(app);
  if (requests !== undefined) bank.governance.hub.addAccessRequests(requests);
  app.synth();
  return outdir;
}

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: t => out.push(t), err: t => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const CLAIMS_COLUMNS = ['amount', 'claim_date', 'claim_id', 'claimant_name', 'ingest_date', 'policy_id', 'status'];

test('the diff of the walkthrough: exit 0, ml and its data-scientist role gain the claims columns, nothing sensitive, nobody else', () => {
  const base = synth('base', undefined);
  const head = synth('head', FIXTURE);
  const request = path.join(FIXTURE, 'claims', 'ml.json');
  const r = run('diff', base, head, '--format', 'json', '--fail-on', 'sensitive,widening', '--request', request);
  expect(r.code).toBe(0);
  expect(r.err).toBe('diff: 2 principals with a change, 0 blocking changes (--fail-on sensitive,widening)');
  const diff = JSON.parse(r.out);
  expect(diff.requests).toEqual([{ file: request, consumer: 'ml', product: 'claims', clearance: 'private' }]);
  expect(diff.blocking).toEqual([]);
  expect(diff.summary).toEqual(expect.objectContaining({
    principals: 2, columnsGained: 14, columnsLost: 0, sensitiveColumnsGained: 0, rowChanges: 0,
  }));
  // Nobody but ml: its account and its data-scientist role, each gaining bank_claims.claims (metadata only before: discovery).
  expect(diff.principals.map((p: any) => [p.consumer, p.principal])).toEqual([
    ['ml', '555555555555'], ['ml', 'arn:aws:iam::555555555555:role/bank-ml-data-scientist'],
  ]);
  for (const p of diff.principals) {
    expect(p.tables.map((t: any) => [t.database, t.table, t.change, t.rows, t.sensitive, t.uncovered]))
      .toEqual([['bank_claims', 'claims', 'metadata only -> data', null, [], []]]);
    const gained = p.tables[0].columnsGained;
    expect(gained.map((c: any) => c.name).sort()).toEqual(CLAIMS_COLUMNS);
    expect(gained.filter((c: any) => c.confidentiality !== 'public').map((c: any) => [c.name, c.confidentiality])).toEqual([['claimant_name', 'private']]);
    expect(p.tables[0].columnsLost).toEqual([]);
  }
  // The markdown the pull request shows names the same columns and no sensitive one.
  const md = run('diff', base, head, '--request', request);
  expect(md.code).toBe(0);
  for (const c of CLAIMS_COLUMNS) expect(md.out).toContain(c);
  expect(md.out).not.toMatch(/life_expectancy|customer_name|client_name/);
});
