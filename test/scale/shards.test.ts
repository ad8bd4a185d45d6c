/*
 * Issue 13 (D38): how products are spread over shards, and what the synth says when a shard is full or misplaced.
 * The mesh is the bench's (scripts/bench.ts, the public API only) at small sizes.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { buildMesh } from '../../scripts/bench';
import * as lib from '../../src';

const names = Array.from({ length: 3000 }, (_, i) => `product_${i}`);
const meshOf = (shards: number, products = names) => new lib.MeshDescription({
  name: 'bank',
  governance: { account: '111111111111', region: 'eu-west-1' },
  producers: [{ domain: 'insurance', account: '222222222222', products, shards }],
  consumers: [{ domain: 'ml', account: '333333333333' }],
});

/** Synthesizes the bench's mesh; returns the error message, or undefined when it synthesizes. */
function synthError(size: { producers: number; products: number; consumers: number }, shards?: number): string | undefined {
  const app = new App();
  try {
    buildMesh(app, size, lib, { shards });
    app.synth();
    return undefined;
  } catch (e) {
    return String((e as Error).message);
  }
}

describe('where a product goes', () => {
  test('raising shards from n to m moves a product only into one of the new shards (jump consistent hash), and no more than (m - n) / m of them', () => {
    for (const [n, m] of [[1, 2], [2, 3], [3, 4], [4, 6], [6, 8], [8, 16], [16, 64]]) {
      const before = meshOf(n);
      const after = meshOf(m);
      let moved = 0;
      for (const p of names) {
        if (before.shardOf(p) === after.shardOf(p)) continue;
        moved++;
        expect({ p, n, m, to: after.shardOf(p) >= n }).toEqual({ p, n, m, to: true });
      }
      // The expected share of moves, with room for chance (3,000 names).
      expect(moved / names.length).toBeLessThan(((m - n) / m) * 1.15 + 0.01);
    }
  });

  test('the shards fill evenly, governance and consumer side', () => {
    for (const shards of [2, 5, 12]) {
      const mesh = meshOf(shards);
      const counts = new Array(shards).fill(0);
      for (const p of names) counts[mesh.shardOf(p)]++;
      expect(Math.max(...counts) / (names.length / shards)).toBeLessThan(1.2);
      const groups = Math.ceil(shards / 4);
      const consumerCounts = new Array(groups).fill(0);
      for (const p of names) consumerCounts[mesh.consumerShardOf(p)]++;
      expect(Math.max(...consumerCounts) / (names.length / groups)).toBeLessThan(1.2);
      expect(new Set(names.map(p => mesh.consumerShardSuffix(p))).size).toBe(groups);
    }
  });
});

describe('shardsFor', () => {
  test("the smallest shards value whose fullest shard of the producer's declared products stays within the resources given", () => {
    const some = names.slice(0, 300);
    const fullest = (n: number, of: (p: string) => number) => {
      const counts = new Array(n).fill(0);
      for (const p of some) counts[of(p)]++;
      return Math.max(...counts);
    };
    const shards = meshOf(1, some).shardsFor('insurance', 30, 4);
    const at = meshOf(shards, some);
    expect(fullest(shards, p => at.shardOf(p)) * 30).toBeLessThanOrEqual(360);
    const fewer = meshOf(shards - 1, some);
    expect(fullest(shards - 1, p => fewer.shardOf(p)) * 30).toBeGreaterThan(360);
    // The consumer side alone: at 4 resources a product, ceil(shards / 4) consumer shards of at most 90 products.
    const consumerOnly = meshOf(1, some).shardsFor('insurance', 0, 4);
    const c = meshOf(consumerOnly, some);
    expect(consumerOnly).toBeGreaterThan(4); // more than one consumer shard
    const counts = new Array(Math.ceil(consumerOnly / 4)).fill(0);
    for (const p of some) counts[c.consumerShardOf(p)]++;
    expect(Math.max(...counts) * 4).toBeLessThanOrEqual(360);
  });

  test('bad input: an unknown producer, a negative cost, or more than 64 shards needed: errors naming the value and the fix', () => {
    const mesh = meshOf(1);
    expect(() => mesh.shardsFor('banking', 30)).toThrow(/shardsFor: 'banking' is not a producer domain of the mesh \(producers: insurance\)/);
    expect(() => mesh.shardsFor('insurance', -1)).toThrow(/shardsFor: resourcesPerProduct is -1; give a number of resources/);
    expect(() => mesh.shardsFor('insurance', 400)).toThrow(/needs more than 64 shards of at most 360 resources\. Split the producer into two domains/);
  });
});

describe('a full shard', () => {
  test('a governance shard over 450 resources is a synth error naming the producer and a shards value that synthesizes', () => {
    // 1 producer × 30 products × 10 consumers: 30 × (2 + 8 + 10) = 600 resources in one shard.
    const size = { producers: 1, products: 30, consumers: 10 };
    const message = synthError(size, 1);
    expect(message).toMatch(/shard stack 'Governance-prod0' holds \d+ resources; a shard holds at most 450 \(CloudFormation allows 500 per stack\)\. Set shards: \d+ on producer 'prod0'/);
    const suggested = Number(/Set shards: (\d+)/.exec(message!)![1]);
    expect(suggested).toBeGreaterThan(1);
    expect(synthError(size, suggested)).toBeUndefined();
  });

  test('a consumer shard over 450 resources suggests enough governance shards for a second consumer shard (four governance shards share one)', () => {
    // 1 producer × 120 products, one consumer with 3 roles: 120 × 4 = 480 resources in the consumer's shard; governance 120 × 11 over 4 shards fits.
    const size = { producers: 1, products: 120, consumers: 1 };
    const message = synthError(size, 4);
    expect(message).toMatch(/shard stack 'Consumer-cons0-prod0' holds \d+ resources; a shard holds at most 450/);
    const suggested = Number(/Set shards: (\d+)/.exec(message!)![1]);
    expect(Math.ceil(suggested / 4)).toBeGreaterThanOrEqual(2); // two consumer shards or more (four governance shards share one)
    expect(synthError(size, suggested)).toBeUndefined();
  });

  test('a shard past 360 of its 450 resources warns, naming the shards value to set before it is full', () => {
    // 1 producer × 20 products × 10 consumers: 420 resources in its shard (each product's discovery tag included, D66).
    const app = new App();
    buildMesh(app, { producers: 1, products: 20, consumers: 10 }, lib, { shards: 1 });
    const shard = app.node.findChild('Governance-prod0') as Stack;
    Annotations.fromStack(shard).hasWarning('*', Match.stringLikeRegexp("shard stack 'Governance-prod0' holds 420 of its 450 resources\\. Set shards: 2 on producer 'prod0'"));
  });
});

describe('misplaced shards', () => {
  const mesh = () => new lib.MeshDescription({
    name: 'bank',
    governance: { account: '111111111111', region: 'eu-west-1' },
    producers: [{ domain: 'insurance', account: '222222222222', products: ['claims'] }],
    consumers: [{ domain: 'ml', account: '333333333333' }],
  });
  const hubIn = (app: App, stackName?: string) => {
    const m = mesh();
    const gov = new Stack(app, 'Governance', { env: m.governanceEnv(), stackName });
    const tags = new lib.LfTagOntology(gov, 'Tags', { mesh: m });
    const hub = new lib.GovernanceHub(gov, 'Hub', { mesh: m, ontology: tags });
    return { hub, m };
  };
  const product = (hub: lib.GovernanceHub) => hub.addDataProduct('claims', {
    owner: 'claims@bank.example',
    tables: [{ name: 'claim', columns: [{ name: 'id', type: lib.ColumnType.STRING }] }],
  });

  test("a construct of the user's with the shard's construct ID: an error naming both and the fix", () => {
    const app = new App();
    new Stack(app, 'Governance-insurance');
    const { hub } = hubIn(app);
    expect(() => product(hub)).toThrow(/needs a stack with construct ID 'Governance-insurance' next to stack 'Governance'.*'Governance-insurance' already has that ID\. Rename that construct/);
  });

  test('a shard stack name over 128 characters: an error naming its length and the fix', () => {
    const app = new App();
    const { hub } = hubIn(app, `G${'o'.repeat(120)}`);
    expect(() => product(hub)).toThrow(/shard stack name 'Go+-insurance' is 131 characters; CloudFormation allows 128\. Shorten the name of stack/);
  });

  test("a user's stack named like a shard: an error at synth naming both stacks", () => {
    const app = new App();
    const { hub } = hubIn(app);
    product(hub);
    new Stack(app, 'Other', { stackName: 'Governance-insurance' });
    expect(() => app.synth()).toThrow(/its shard stack 'Governance-insurance' \(of stack 'Governance'\) has the name of stack 'Other'/);
  });

  test("a hub inside a construct of the user's: its products keep the logical IDs of the hub's whole path in the shard", () => {
    const app = new App();
    const m = mesh();
    const gov = new Stack(app, 'Governance', { env: m.governanceEnv() });
    const inner = new Construct(gov, 'Mesh');
    const hub = new lib.GovernanceHub(inner, 'Hub', { mesh: m, ontology: new lib.LfTagOntology(inner, 'Tags', { mesh: m }) });
    product(hub);
    const shard = app.node.findChild('Governance-insurance') as Stack;
    const ids = Object.keys(app.synth().getStackArtifact(shard.artifactId).template.Resources);
    const databases = ids.filter(id => /Claims/.test(id));
    expect(databases.length).toBeGreaterThan(0);
    for (const id of databases) expect(id).toMatch(/^MeshHubClaims/);
  });

  test.each([0, 65, 1.5])('shards: %p is an error naming the producer and the range', shards => {
    expect(() => new lib.MeshDescription({
      name: 'bank',
      governance: { account: '111111111111', region: 'eu-west-1' },
      producers: [{ domain: 'insurance', account: '222222222222', products: ['claims'], shards }],
      consumers: [],
    })).toThrow(/producers\[0\]\.shards of domain 'insurance' is .*: use a whole number from 1 to 64/);
  });
});

describe('deploy order across accounts', () => {
  test('every consumer stack deploys after the last governance shard (its links and re-grants need the shares the shards hold, DM-36)', () => {
    const app = new App();
    buildMesh(app, { producers: 2, products: 3, consumers: 2 }, lib, { shards: 2 });
    app.synth(); // the shards are chained at synthesis, when all exist
    const stacks = app.node.children.filter(Stack.isStack) as Stack[];
    const byName = new Map(stacks.map(s => [s.stackName, s]));
    const governanceShards = stacks.filter(s => s.stackName.startsWith('Governance-'));
    expect(governanceShards.length).toBeGreaterThan(1);
    // The shards are chained; the last one in the chain is the one nothing else of governance waits for.
    const last = governanceShards.find(s => !governanceShards.some(o => o.dependencies.includes(s)))!;
    const reaches = (from: Stack, to: Stack): boolean => from.dependencies.some(d => d === to || reaches(d, to));
    for (const name of ['Consumer-cons0', 'Consumer-cons1']) expect({ name, after: reaches(byName.get(name)!, last) }).toEqual({ name, after: true });
    for (const shard of governanceShards) expect({ shard: shard.stackName, after: reaches(byName.get('Consumer-cons0')!, shard) }).toEqual({ shard: shard.stackName, after: true });
  });
});
