/*
 * Property-based tests over random meshes (issue 14). For every generated mesh (test/property/mesh-spec.ts):
 *   1. synth succeeds, or fails with a library error (`<Construct> '<id>': <prop> ...`), never a raw
 *      JavaScript or construct error;
 *   2. every template (the user's stacks and their shards, issue 13) satisfies the invariants of test/property/invariants.ts;
 *   3. the access report (MeshAccessReport) shows every consumer role exactly the columns the spec
 *      entitles it to (computed here from the spec, not by the library), and each consumer account
 *      nothing beyond its shares' ceilings;
 *   4. the mesh doctor finds no error in what the library synthesized.
 *
 * Runs: MESH_FUZZ_RUNS (default 200, the CI count), seed: MESH_FUZZ_SEED (default: random, printed).
 * The long run: `npx projen fuzz -- --runs 10000` (scripts/fuzz.ts). On a failure fast-check prints
 * the seed and the path of the shrunk counterexample; re-run it with MESH_FUZZ_SEED=<seed> MESH_FUZZ_PATH=<path>.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { duplicateNames, expectedAccess, templateViolations } from './invariants';
import { buildMesh, isLibraryError, MeshSpec, meshSpecArb } from './mesh-spec';
import * as lib from '../../src';

const RUNS = Number(process.env.MESH_FUZZ_RUNS ?? 200);
const SEED = process.env.MESH_FUZZ_SEED !== undefined ? Number(process.env.MESH_FUZZ_SEED) : Math.floor(Math.random() * 0x7fffffff);
const PATH = process.env.MESH_FUZZ_PATH;

const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-fuzz-'));
afterAll(() => fs.rmSync(outRoot, { recursive: true, force: true }));

/** The library errors of rejected specs (MESH_FUZZ_VERBOSE=1 prints them). */
const rejections: string[] = [];

/** What one case found; thrown as one message so that fast-check's report shows all of it. */
function check(spec: MeshSpec, n: number): { synthesized: boolean } {
  const outdir = path.join(outRoot, `case-${n}`);
  let built;
  let assembly;
  try {
    built = buildMesh({ lib, cdk }, spec, outdir);
    assembly = built.app.synth();
  } catch (e) {
    fs.rmSync(outdir, { recursive: true, force: true });
    if (isLibraryError(e)) {
      rejections.push((e as Error).message);
      return { synthesized: false };
    }
    throw new Error(`synth failed with a raw error, not a library error naming the prop:\n${(e as Error).stack}`);
  }
  try {
    const problems: string[] = [];
    // Every stack of the assembly: the user's stacks and the shards the constructs create next to them (issue 13), each in
    // its base stack's account.
    const templates = assembly.stacks.map((st: cdk.cx_api.CloudFormationStackArtifact) => ({
      stackName: st.stackName, account: st.environment.account, region: st.environment.region, template: st.template,
    }));
    for (const [stackName, account] of Object.entries(built.stacks)) {
      if (assembly.getStackByName(stackName).environment.account !== account) problems.push(`stack ${stackName} is not in account ${account}`);
    }
    for (const t of templates) {
      const base = Object.keys(built.stacks).filter(name => t.stackName === name || t.stackName.startsWith(`${name}-`))
        .sort((x, y) => y.length - x.length)[0];
      if (base === undefined) problems.push(`stack ${t.stackName} is neither a stack of the mesh nor a shard of one`);
      else if (built.stacks[base] !== t.account) problems.push(`shard ${t.stackName} is in account ${t.account}, its base ${base} in ${built.stacks[base]}`);
    }
    for (const t of templates) problems.push(...templateViolations(t.stackName, t.account, t.template));
    problems.push(...duplicateNames(templates));

    // From the assembly directory: the doctor needs the manifest's stack dependencies (a shard deploys after its base stack,
    // which holds the settings and LF-tags, DM-01, DM-18), which TemplateInput cannot carry.
    const report = lib.MeshAccessReport.fromAssemblyDirectory(assembly.directory);
    for (const f of report.findings.filter(x => x.severity === 'error')) problems.push(`doctor: ${f.id} ${f.message}`);

    const roleArn = (c: string, r: string) => `arn:aws:iam::${spec.consumers.find(x => x.domain === c)!.account}:role/${spec.name}-${c}-${r}`;
    const expected = expectedAccess(spec, p => built.mesh.databaseName(p), roleArn);
    // every role: exactly its entitlement
    for (const c of spec.consumers) {
      for (const r of c.roles) {
        const who = roleArn(c.domain, r.name);
        const want = expected.get(who) ?? new Map();
        const got = new Map<string, Set<string>>();
        for (const a of report.access.filter(x => x.principal === who && x.effective)) {
          const key = `${a.database}.${a.table}`;
          got.set(key, new Set([...(got.get(key) ?? []), ...a.columns]));
        }
        for (const key of new Set([...want.keys(), ...got.keys()])) {
          const w = [...(want.get(key) ?? [])].sort().join(',');
          const g = [...(got.get(key) ?? [])].sort().join(',');
          if (w !== g) problems.push(`access: ${who} on ${key} sees [${g}], expected [${w}] (clearance ${r.clearance})`);
        }
      }
    }
    // every other principal of a consumer account: nothing beyond what its account was shared
    for (const c of spec.consumers) {
      const shared = expected.get(c.account) ?? new Map();
      for (const a of report.access.filter(x => x.account === c.account)) {
        const beyond = a.columns.filter(col => !shared.get(`${a.database}.${a.table}`)?.has(col));
        if (beyond.length > 0) problems.push(`access: ${a.principal} on ${a.database}.${a.table} sees ${beyond.join(', ')}, beyond the shares of ${c.domain}`);
      }
    }
    if (problems.length > 0) throw new Error(`${problems.length} violation(s):\n  ${problems.slice(0, 20).join('\n  ')}`);
    return { synthesized: true };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

test(`random meshes: library errors only, template invariants, exact column access, a silent doctor (${RUNS} cases, seed ${SEED})`, () => {
  let n = 0;
  let synthesized = 0;
  const property = fc.property(meshSpecArb(), spec => {
    if (check(spec, n++).synthesized) synthesized++;
  });
  // The details (seed, path, counterexample, the error) are in the thrown message, which jest prints.
  fc.assert(property, { numRuns: RUNS, seed: SEED, path: PATH, endOnFailure: process.env.MESH_FUZZ_SHRINK === undefined });
  // The generator must mostly produce meshes that synthesize, or the invariants check little.
  expect(synthesized).toBeGreaterThanOrEqual(Math.floor(RUNS / 2));
  if (process.env.MESH_FUZZ_VERBOSE) console.log(rejections.join('\n'));
  console.log(`mesh property tests: ${n} cases, ${synthesized} synthesized, ${n - synthesized} rejected with a library error (seed ${SEED})`);
}, 60 * 60 * 1000);
