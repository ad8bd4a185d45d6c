/*
 * The long run of the mesh property tests (test/property/mesh.property.test.ts):
 *
 *   npx projen fuzz                          # 10,000 cases, random seed (printed)
 *   npx projen fuzz -- --runs 500 --seed 42  # 500 cases from seed 42
 *   npx projen fuzz -- --seed 3 --path 11    # replay one failing case (seed and path from a failure)
 *   npx projen fuzz -- --shrink              # shrink a failure to a smaller mesh (slower)
 *
 * The same through the environment: MESH_FUZZ_RUNS, MESH_FUZZ_SEED, MESH_FUZZ_PATH, MESH_FUZZ_SHRINK.
 * CI runs the default 200 cases inside `npm test`. 10,000 cases take about 1.5 h on 2 cores (~0.55 s
 * of CPU a case).
 */
import { spawnSync } from 'child_process';

const args = process.argv.slice(2).filter(a => a !== '--'); // projen passes the separator on
const env: NodeJS.ProcessEnv = { ...process.env, MESH_FUZZ_RUNS: process.env.MESH_FUZZ_RUNS ?? '10000' };
for (let i = 0; i < args.length; i++) {
  const flag = args[i];
  const value = () => {
    const v = args[++i];
    if (v === undefined) throw new Error(`fuzz: ${flag} needs a value`);
    return v;
  };
  switch (flag) {
    case '--runs': env.MESH_FUZZ_RUNS = value(); break;
    case '--seed': env.MESH_FUZZ_SEED = value(); break;
    case '--path': env.MESH_FUZZ_PATH = value(); break;
    case '--shrink': env.MESH_FUZZ_SHRINK = '1'; break;
    case '--verbose': env.MESH_FUZZ_VERBOSE = '1'; break;
    default:
      console.error(`fuzz: unknown argument ${flag} (use --runs N, --seed S, --path P, --shrink, --verbose)`);
      process.exit(2);
  }
}
if (!/^\d+$/.test(env.MESH_FUZZ_RUNS!)) {
  console.error(`fuzz: --runs must be a number, got '${env.MESH_FUZZ_RUNS}'`);
  process.exit(2);
}
console.log(`fuzz: ${env.MESH_FUZZ_RUNS} cases${env.MESH_FUZZ_SEED ? `, seed ${env.MESH_FUZZ_SEED}` : ''}${env.MESH_FUZZ_PATH ? `, path ${env.MESH_FUZZ_PATH}` : ''}`);
const r = spawnSync('npx', ['jest', '--runInBand', '--testTimeout=86400000', 'test/property/mesh.property.test.ts'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
