/*
 * Issue 13: a bank-sized mesh fits CloudFormation's and IAM's limits. The bench's mesh (scripts/bench.ts, the public
 * API only: 10 producers × 50 products × 10 consumers, 2 tables of 20 columns each, 3 roles per consumer) is
 * synthesized with aws-cdk-lib's own 500-resource check ON, and every template and IAM policy is measured against the
 * limits. Not a timed test: the times are the bench's (docs/bench/results.md).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildMesh, measureAssembly } from '../../scripts/bench';
import * as lib from '../../src';

jest.setTimeout(900_000);

test('a 10×50×10 mesh: no stack over 500 resources, no template over 1 MB, no IAM policy over its quota, no stack over 200 outputs or parameters', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-10x50x10-'));
  try {
    const app = new App({ outdir });
    buildMesh(app, { producers: 10, products: 50, consumers: 10 }, lib);
    app.synth();
    const measured = measureAssembly(outdir);
    expect(measured.broken).toEqual([]);
    // What the test measured, so that a regression shows its size.
    const max = measured.stacks.reduce((a, s) => (s.resources > a.resources ? s : a));
    expect(max.resources).toBeLessThanOrEqual(450); // the shard budget, below CloudFormation's 500
    expect(measured.stacks.length).toBeGreaterThan(20); // sharded: not one stack per account
    const resources = measured.stacks.reduce((n, s) => n + s.resources, 0);
    expect(resources).toBeGreaterThan(25_000); // the mesh really is that big
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
