/*
 * Issue 13: growth moves nothing, on many meshes. For random meshes (test/property/mesh-spec.ts, with 1-3 shards per
 * producer), the mesh without one of its products (v1) and with it (v2): every stack of v1 is still there in v2, none
 * of its resources is removed, replaced or rejected by the update (CloudFormation's replacement rules,
 * test/support/cfn-update.ts), and every governance shard other than the added product's, and every consumer shard of
 * another producer, is unchanged to the byte; so are the governance base stack and the producer stacks when a product is
 * added (registrations, policies and tag grants name the producer, not its products). Shards per producer 1-9, so that
 * consumer shards (one per four governance shards) are split too. The same for adding a whole producer (with its products): no other
 * producer's shard changes. Runs: GROWTH_FUZZ_RUNS (default 16 of each), seed GROWTH_FUZZ_SEED (printed).
 */
import * as cdk from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { isLibraryError, MeshSpec, meshSpecArb, ShareSpec } from './mesh-spec';
import { synthesize } from './stateful-baseline';
import * as lib from '../../src';
import { plan } from '../support/cfn-update';

const RUNS = Number(process.env.GROWTH_FUZZ_RUNS ?? 16);
const SEED = process.env.GROWTH_FUZZ_SEED !== undefined ? Number(process.env.GROWTH_FUZZ_SEED) : Math.floor(Math.random() * 0x7fffffff);
jest.setTimeout(1_200_000);

/** The spec without `gone` products (and without them in the shares; shares left empty are dropped). */
function without(spec: MeshSpec, gone: string[]): MeshSpec {
  const shares = spec.shares.flatMap((s): ShareSpec[] => {
    if (s.mode === 'tags') {
      const products = s.products.filter(p => !gone.includes(p));
      return products.length === 0 ? [] : [{ ...s, products }];
    }
    if (s.mode === 'tables') {
      const tables = s.tables.filter(t => !gone.includes(t.product));
      return tables.length === 0 ? [] : [{ ...s, tables }];
    }
    return gone.includes(s.product) ? [] : [s];
  });
  return { ...spec, products: spec.products.filter(p => !gone.includes(p.name)), shares };
}

for (const what of ['product', 'producer'] as const) {
  test(`adding a ${what} to a random mesh moves, replaces or deletes nothing, and leaves the other shards unchanged (${RUNS} meshes, seed ${SEED})`, () => {
    let compared = 0;
    const arb = fc.tuple(meshSpecArb({ maxProducts: 4 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 4, maxLength: 4 }), fc.nat());
    for (const [base, shardCounts, pick] of fc.sample(arb, { seed: SEED, numRuns: RUNS * 10 })) {
      if (compared >= RUNS) break;
      // Shares keep their construct IDs when another is dropped (mesh-spec names them by position otherwise).
      const full: MeshSpec = {
        ...base,
        shares: base.shares.map((s, i) => ({ ...s, id: `Share${i}` })),
        producers: base.producers.map((p, i) => ({ ...p, shards: shardCounts[i % shardCounts.length] })),
      };
      let v1spec: MeshSpec;
      let added: string[];
      if (what === 'product') {
        // A product whose producer keeps another one (a producer needs at least one product).
        const candidates = full.products.filter(p => full.products.some(q => q.producer === p.producer && q.name !== p.name));
        if (candidates.length === 0) continue;
        added = [candidates[pick % candidates.length].name];
        v1spec = without(full, added);
      } else {
        if (full.producers.length < 2) continue;
        const producer = full.producers[pick % full.producers.length].domain;
        added = full.products.filter(p => p.producer === producer).map(p => p.name);
        v1spec = { ...without(full, added), producers: full.producers.filter(p => p.domain !== producer) };
      }
      let v1; let v2;
      try {
        v1 = synthesize({ lib, cdk }, v1spec);
        v2 = synthesize({ lib, cdk }, full);
      } catch (e) {
        // Rejected specs (invalid on purpose), and v1s that left a consumer with nothing shared (a synth error).
        if (isLibraryError(e) || /nothing is shared with consumer/.test(String(e))) continue;
        throw e;
      }
      if (!v1 || !v2) continue; // a spec the library rejects (on purpose: invalid names and the like)
      compared++;
      const mesh = new lib.MeshDescription({
        name: full.name,
        governance: { account: '111111111111', region: 'eu-west-1' },
        producers: full.producers.map(p => ({
          domain: p.domain,
          account: p.account,
          products: full.products.filter(q => q.producer === p.domain).map(q => q.name),
          shards: p.shards,
        })),
        consumers: full.consumers.map(c => ({ domain: c.domain, account: c.account })),
      });
      const governanceShards = new Set(mesh.products.map(p => `Governance${mesh.shardSuffix(p)}`));
      const consumerShards = new Set(mesh.consumerDomains.flatMap(c => mesh.products.map(p => `Consumer-${c}${mesh.consumerShardSuffix(p)}`)));
      const withAdded = new Set(added.flatMap(a => [`Governance${mesh.shardSuffix(a)}`, ...mesh.consumerDomains.map(c => `Consumer-${c}${mesh.consumerShardSuffix(a)}`)]));
      const where = `mesh ${full.name} (seed ${SEED}), adding ${what} ${added.join(', ')}`;
      for (const [stack, resources] of Object.entries(v1)) {
        expect({ where, stack, present: v2[stack] !== undefined }).toEqual({ where, stack, present: true });
        const p = plan(resources, v2[stack]);
        const harmful = p.changes.filter(c => c.kind === 'replace' || c.kind === 'reject').map(c => `${c.kind} ${c.id}`);
        const removed = Object.keys(resources).filter(id => !v2[stack][id]);
        expect({ where, stack, harmful, removed }).toEqual({ where, stack, harmful: [], removed: [] });
        if ((governanceShards.has(stack) || consumerShards.has(stack)) && !withAdded.has(stack)) {
          expect({ where, stack, unchanged: JSON.stringify(v2[stack]) === JSON.stringify(resources) }).toEqual({ where, stack, unchanged: true });
        }
        if (what === 'product' && (stack === 'Governance' || stack.startsWith('Producer-'))) {
          // The base and the producers keep every resource's properties as they were (the first crawler adds its log key and
          // security configuration). One thing may move: where a Lake Formation grant sits in the serialized grant chain
          // (DM-24). The first share to a consumer adds that consumer's grants to the base, and its DESCRIBE on a tag value
          // is the very grant discovery already holds (merged, D66), which then waits for the share's new grants: its
          // DependsOn changes, and CloudFormation updates nothing for a DependsOn change (it is no property).
          const withoutOrder = (r: any) => JSON.stringify(r?.Type === 'AWS::LakeFormation::PrincipalPermissions' ? { ...r, DependsOn: undefined } : r);
          const changed = Object.keys(resources).filter(id => withoutOrder(v2[stack][id]) !== withoutOrder(resources[id]));
          expect({ where, stack, changed }).toEqual({ where, stack, changed: [] });
          const reordered = Object.keys(resources).filter(id => JSON.stringify(v2[stack][id]) !== JSON.stringify(resources[id]));
          const onlyChainDeps = reordered.every(id => (v2[stack][id].DependsOn ?? []).every((d: string) => v2[stack][d]?.Type === 'AWS::LakeFormation::PrincipalPermissions'
            || (resources[id].DependsOn ?? []).includes(d)));
          expect({ where, stack, reordered, onlyChainDeps }).toEqual({ where, stack, reordered, onlyChainDeps: true });
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(Math.min(RUNS, 8));
  });
}
