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
 * Every stack of the assembly is recorded, the shards included (issue 13: a product's database, tables and filters live in
 * its producer's shard `Governance-<domain>[-<n>]`, a consumer's resource links in `Consumer-<c>-<producer>`), stack by
 * stack: a stateful resource that moves to another stack is removed from the old one (CloudFormation deletes it there).
 */
import * as fs from 'fs';
import * as cdk from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { meshSpecArb } from './mesh-spec';
import { BASELINE_FILE, BaselineEntry, project, synthesize } from './stateful-baseline';
import * as lib from '../../src';
import { statefulHarm, STATEFUL_TYPES } from '../support/cfn-update';
import { Resources } from '../support/template';

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

/** What the update from the baseline's stacks to `now` (projected) does to stateful resources, stack by stack. */
function harmOf(recorded: Record<string, Resources>, now: Record<string, Resources>): string[] {
  const harm: string[] = [];
  for (const [stack, resources] of Object.entries(recorded)) {
    if (!now[stack]) { harm.push(`stack ${stack} is gone`); continue; }
    harm.push(...statefulHarm(resources, now[stack]).map(h => `${stack}: ${h}`));
  }
  return harm;
}

test('the baseline records the shards: the products\' databases and tables in Governance-<domain>, the resource links in the consumers\' shards', () => {
  const inShards = (type: string) => baseline.flatMap(e => Object.entries(e.stacks)
    .flatMap(([stack, res]) => Object.values(res).filter(r => r.Type === type).map(() => stack)));
  for (const type of ['AWS::Glue::Database', 'AWS::Glue::Table']) {
    const stacks = inShards(type);
    expect(stacks.length).toBeGreaterThan(0);
    // Governance itself holds no Glue database or table any more; consumer shards hold the links (Glue databases too).
    expect(stacks.filter(st => st === 'Governance')).toEqual([]);
  }
  expect(inShards('AWS::Glue::Database').some(st => /^Consumer-.+-.+/.test(st))).toBe(true);
  expect(inShards('AWS::Glue::Database').some(st => /^Governance-/.test(st))).toBe(true);
});

test('the comparison fails on a renamed, a replaced or a moved stateful resource (shards included)', () => {
  const entry = baseline.find(e => Object.entries(e.stacks).some(([st, res]) => st.startsWith('Governance-') &&
    Object.values(res).some(r => r.Type === 'AWS::Glue::Database')))!;
  expect(entry).toBeDefined();
  const [shard, resources] = Object.entries(entry.stacks).find(([st, res]) => st.startsWith('Governance-') &&
    Object.values(res).some(r => r.Type === 'AWS::Glue::Database'))!;
  const [dbId] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Glue::Database')!;
  const copy = (): Record<string, Resources> => JSON.parse(JSON.stringify(entry.stacks));
  expect(harmOf(entry.stacks, copy())).toEqual([]);

  const renamed = copy();
  renamed[shard][`${dbId}Renamed`] = renamed[shard][dbId];
  delete renamed[shard][dbId];
  expect(harmOf(entry.stacks, renamed)).toEqual([expect.stringMatching(new RegExp(`^${shard}: removed: ${dbId} \\(AWS::Glue::Database\\).*new logical ID ${dbId}Renamed`))]);

  const replaced = copy();
  replaced[shard][dbId].Properties.CatalogId = '999999999999';
  expect(harmOf(entry.stacks, replaced)).toEqual([expect.stringMatching(new RegExp(`^${shard}: replaced: ${dbId} \\(AWS::Glue::Database\\)`))]);

  const moved = copy();
  moved.Governance[dbId] = moved[shard][dbId];
  delete moved[shard][dbId];
  expect(harmOf(entry.stacks, moved)).toEqual([expect.stringMatching(new RegExp(`^${shard}: removed: ${dbId} \\(AWS::Glue::Database\\)`))]);

  const gone = copy();
  delete gone[shard];
  expect(harmOf(entry.stacks, gone)).toEqual([`stack ${shard} is gone`]);
});

test.each(baseline.map((e, i) => [i, e.spec.name, e] as const))('mesh %i (%s): no stateful resource replaced, rejected or removed', (_i, _name, entry) => {
  const now = synthesize({ lib, cdk }, entry.spec);
  expect(now).toBeDefined();
  const projected = Object.fromEntries(Object.entries(now!).map(([stack, resources]) => [stack, project(resources)]));
  expect(harmOf(entry.stacks, projected)).toEqual([]);
});
