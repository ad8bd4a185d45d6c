/*
 * Version-to-version safety (issue 14): the same random meshes (same seed) synthesized with the
 * previous release and with this tree; the update from one to the other, planned with
 * CloudFormation's replacement rules (test/support/cfn-update.ts), must replace, reject or remove no
 * bucket, key, database, table, LF-tag or data-cells filter. Run through scripts/upgrade-safety.sh,
 * which builds or installs the previous release; directly:
 *
 *   ts-node --project tsconfig.dev.json scripts/upgrade-safety.ts --base <dir> [--runs N] [--seed S]
 *
 * <dir> holds the previous release's library (lib/index.js, or the package itself) and the
 * aws-cdk-lib it resolves (its own node_modules), so both versions run with their own aws-cdk-lib.
 */
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import * as fc from 'fast-check';
import * as lib from '../src';
import { Libraries, meshSpecArb } from '../test/property/mesh-spec';
import { synthesize } from '../test/property/stateful-baseline';
import { statefulHarm } from '../test/support/cfn-update';
import type { Resources } from '../test/support/template';

const args = process.argv.slice(2).filter(a => a !== '--');
const opt = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const base = opt('base');
if (!base) {
  console.error('upgrade-safety: --base <dir of the previous release> is required');
  process.exit(2);
}
// runs = how many meshes must be compared; the generator also makes meshes the previous release rejects
// (e.g. names it did not accept yet), so up to ten times as many are drawn until that many are compared.
const runs = Number(opt('runs', process.env.UPGRADE_RUNS ?? '20'));
const seed = Number(opt('seed', process.env.UPGRADE_SEED ?? '14'));

const baseMain = require.resolve(base, { paths: [process.cwd()] });
const baseRequire = (m: string) => require(require.resolve(m, { paths: [path.dirname(baseMain)] }));
const previous: Libraries = { lib: require(baseMain), cdk: baseRequire('aws-cdk-lib') };
const current: Libraries = { lib, cdk };
console.log(`upgrade-safety: previous ${baseMain} (aws-cdk-lib ${baseRequire('aws-cdk-lib/package.json').version}), ` +
  `current src/ (aws-cdk-lib ${require('aws-cdk-lib/package.json').version}); ${runs} meshes to compare, from seed ${seed}`);

let compared = 0;
let movedToShards = 0;
let skipped = 0;
const rejectedNow: string[] = [];
const harm: string[] = [];
const started = Date.now();
const specs = fc.sample(meshSpecArb(), { seed, numRuns: runs * 10 });
for (let i = 0; i < specs.length && compared < runs; i++) {
  const spec = specs[i];
  let before;
  try {
    before = synthesize(previous, spec, e => { if (skipped < 3) console.log(`upgrade-safety: the previous release rejects mesh ${i}: ${String(e).split('\n')[0].slice(0, 300)}`); });
  } catch (e) {
    if (skipped < 3) console.log(`upgrade-safety: the previous release fails on mesh ${i}: ${String(e).split('\n')[0].slice(0, 300)}`);
    before = undefined;
  }
  if (!before) { skipped++; continue; } // the previous release rejects it (or lacks a feature it uses): nothing deployed to upgrade
  const after = synthesize(current, spec);
  if (!after) { rejectedNow.push(`mesh ${i} (${spec.name})`); continue; }
  compared++;
  for (const [stack, resources] of Object.entries(before)) {
    if (!after[stack]) { harm.push(`mesh ${i} (${spec.name}): stack ${stack} is gone`); continue; }
    // A resource that left the stack for one of its shards (`<stack>-<domain>...`, issue 13, D38) under the same logical ID is a
    // move, a documented one-time migration (docs/operations.md, "Growing the mesh"): compare it with its version in the shard,
    // so that a move that also replaces it (a create-only property changed) still fails.
    const landed: Resources = { ...after[stack] };
    for (const [name, shard] of Object.entries(after)) {
      if (before[name] || !name.startsWith(`${stack}-`)) continue;
      for (const [id, r] of Object.entries(shard)) {
        if (!resources[id] || after[stack][id]) continue;
        landed[id] = r;
        movedToShards++;
      }
    }
    for (const h of statefulHarm(resources, landed)) harm.push(`mesh ${i} (${spec.name}) ${stack}: ${h}`);
  }
}
if (movedToShards > 0) {
  console.log(`upgrade-safety: ${movedToShards} resource(s) moved from a stack into one of its shards (same logical ID): a migration, ` +
    'see docs/operations.md, "Growing the mesh" (cdk import)');
}
console.log(`upgrade-safety: ${compared} meshes compared, ${skipped} rejected by the previous release, ` +
  `${rejectedNow.length} synthesized by it but rejected now, in ${Math.round((Date.now() - started) / 1000)} s`);
if (rejectedNow.length > 0) console.log(`upgrade-safety: WARNING rejected now (a new validation: check it is intended): ${rejectedNow.join(', ')}`);
if (harm.length > 0) {
  console.error(`upgrade-safety: FAILED, ${harm.length} stateful resource(s) replaced, rejected or removed by the upgrade:\n  ${harm.join('\n  ')}`);
  process.exit(1);
}
if (compared < runs) {
  console.error(`upgrade-safety: FAILED, only ${compared} of the ${runs} meshes wanted could be compared in ${specs.length} drawn (the check would prove little)`);
  process.exit(1);
}
console.log('upgrade-safety: passed, no stateful resource replaced');
