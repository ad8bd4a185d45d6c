/*
 * Issue 14, defect 4: a library change must replace no bucket, key, database, table, LF-tag or
 * data-cells filter of an existing mesh. The baseline (stateful-baseline.data.json) holds random meshes and
 * what decided each resource's replacement when it was taken; every mesh is synthesized again with
 * this tree and the update from the baseline is planned with CloudFormation's replacement rules
 * (support/cfn-update.ts): a stateful resource replaced, its update rejected, or its logical ID gone
 * (a renamed construct: a new resource is created, the old one deleted or orphaned) fails the test.
 *
 * Refresh the baseline only on purpose, when a release has shipped the change (as for snapshots):
 *   UPDATE_STATEFUL_BASELINE=1 npx jest test/property/stateful-baseline.test.ts
 */
import * as fs from 'fs';
import * as cdk from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { meshSpecArb } from './mesh-spec';
import { BASELINE_FILE, BaselineEntry, project, synthesize } from './stateful-baseline';
import * as lib from '../../src';
import { statefulHarm, STATEFUL_TYPES } from '../support/cfn-update';

const SEED = 14;
const MESHES = 24;

if (process.env.UPDATE_STATEFUL_BASELINE) {
  const entries: BaselineEntry[] = [];
  for (const spec of fc.sample(meshSpecArb(), { seed: SEED, numRuns: MESHES * 3 })) {
    if (entries.length === MESHES) break;
    const stacks = synthesize({ lib, cdk }, spec);
    if (!stacks) continue;
    entries.push({ spec, stacks: Object.fromEntries(Object.entries(stacks).map(([n, r]) => [n, project(r)])) });
  }
  fs.writeFileSync(BASELINE_FILE, `${JSON.stringify(entries)}\n`);
}

const baseline: BaselineEntry[] = JSON.parse(fs.readFileSync(BASELINE_FILE, 'utf8'));

test('the baseline has many meshes, with every stateful type and every share mode', () => {
  expect(baseline.length).toBeGreaterThanOrEqual(20);
  const types = new Set(baseline.flatMap(e => Object.values(e.stacks).flatMap(s => Object.values(s).map(r => r.Type))));
  for (const t of STATEFUL_TYPES) expect(types).toContain(t);
  const modes = new Set(baseline.flatMap(e => e.spec.shares.map(s => s.mode)));
  expect([...modes].sort()).toEqual(['cells', 'tables', 'tags']);
});

test.each(baseline.map((e, i) => [i, e.spec.name, e] as const))('mesh %i (%s): no stateful resource replaced, rejected or removed', (_i, _name, entry) => {
  const now = synthesize({ lib, cdk }, entry.spec);
  expect(now).toBeDefined();
  const harm: string[] = [];
  for (const [stack, resources] of Object.entries(entry.stacks)) {
    if (!now![stack]) { harm.push(`stack ${stack} is gone`); continue; }
    harm.push(...statefulHarm(resources, project(now![stack])).map(h => `${stack}: ${h}`));
  }
  expect(harm).toEqual([]);
});
