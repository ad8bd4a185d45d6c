import { awscdk, javascript, release } from 'projen';

/**
 * aws-cdk-lib 2.197.0 is the lowest release that (a) has every L1 this library uses
 * (CfnDataLakeSettings with MutationType and Parameters, CfnPrincipalPermissions, CfnTagAssociation,
 * CfnDataCellsFilter, Glue crawler LakeFormationConfiguration) and (b) resolves the runtime of the
 * Lambda functions that aws-cdk-lib itself creates (custom-resource providers) to nodejs22.x in
 * commercial, China and GovCloud regions (2.196.0 still gives the deprecated nodejs20.x, DM-41).
 * See README.md "Why aws-cdk-lib >= 2.197.0".
 */
const CDK_VERSION = '2.197.0';
/**
 * The Go module is generated against this aws-cdk-lib and requires this aws-cdk-go (D79): a binding generated
 * against 2.197.0 compiles with no aws-cdk-go release at all (v2.197.0 does not build with constructs-go 10.5; from about v2.220
 * `Resource.Env()` changed type). 2.257.0 is the first aws-cdk-go release the Go module proxy lists that is built on
 * constructs 10.5; Go's minimal version selection lets an app take any newer one.
 */
const AWS_CDK_GO_VERSION = '2.257.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-data-mesh',
  description:
    'AWS CDK constructs for a Lake Formation data mesh (producer, governance and consumer accounts) without the access errors.',
  author: 'cdk-data-mesh maintainers',
  authorAddress: 'maintainers@cdk-data-mesh.dev',
  repositoryUrl: 'https://github.com/cdk-data-mesh/cdk-data-mesh.git',
  license: 'Apache-2.0',
  // 0.x: the API may still change (jsii-diff guards accidental breaks); 'stable' only from 1.0.
  stability: 'experimental',
  keywords: ['cdk', 'awscdk', 'data-mesh', 'lake-formation', 'glue', 'lf-tags', 'athena'],
  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  defaultReleaseBranch: 'main',
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // Releases (issue 11): projen's release workflow (.github/workflows/release.yml) on every push to main:
  // the next semantic version from the conventional commits since the last tag (feat: minor, fix: patch,
  // `!`/BREAKING CHANGE: major; 0.x until majorVersion 1), the release notes of that version into
  // dist/changelog.md, then the GitHub release and npm, PyPI, Maven Central and the Go module repository. CI (.ci/run) needs none of
  // it: no GitHub, no token; `npx projen release` runs offline too (bump, build, unbump).
  github: true,
  release: true,
  majorVersion: 0,
  releaseTrigger: release.ReleaseTrigger.continuous(),
  buildWorkflow: false, // CI is .ci/run (offline, counted), not a GitHub build workflow
  pullRequestTemplate: false,
  githubOptions: { mergify: false, pullRequestLint: false },
  depsUpgrade: false,
  tsconfigDevFile: 'tsconfig.dev.json',

  // jsii targets from day one: npm `cdk-data-mesh`, PyPI `cdk-data-mesh` (module `cdk_data_mesh`),
  // Maven `io.github.cdkdatamesh:cdk-data-mesh` (package `io.github.cdkdatamesh`), Go (below). `npx projen package-all`
  // builds all four into dist/ (CI: the `packages` check); scripts/examples.sh installs and uses them.
  // Publishing itself (the release workflow's publish jobs) takes its credentials and signing keys from the release
  // environment's secrets under projen's default names (NPM_TOKEN, TWINE_USERNAME/TWINE_PASSWORD,
  // MAVEN_USERNAME/MAVEN_PASSWORD/MAVEN_GPG_PRIVATE_KEY...), never from this repository.
  npmAccess: javascript.NpmAccess.PUBLIC,
  publishToPypi: {
    distName: 'cdk-data-mesh',
    module: 'cdk_data_mesh',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkdatamesh',
    mavenGroupId: 'io.github.cdkdatamesh',
    mavenArtifactId: 'cdk-data-mesh',
    // Maven Central through the Central Portal (an `io.github.<org>` group needs no domain proof).
    mavenServerId: 'central-ossrh',
  },
  // Go (issue 20): module github.com/cdk-data-mesh/cdk-data-mesh-go/cdkdatamesh, pushed by the release workflow to the
  // repository cdk-data-mesh/cdk-data-mesh-go (secret GO_GITHUB_TOKEN), where `go get` finds it. Until the first
  // release, apps use dist/go/cdkdatamesh through a go.mod replace directive (examples/go, docs/go.md).
  publishToGo: {
    moduleName: 'github.com/cdk-data-mesh/cdk-data-mesh-go',
  },

  devDeps: [
    'cdk-nag@2.37.55', 'ts-node', 'aws-cdk@^2',
    // Custom-resource handlers: AWS SDK v3, bundled at build time with esbuild, tested with aws-sdk-client-mock.
    'esbuild', '@aws-sdk/client-ram', 'aws-sdk-client-mock', '@types/aws-lambda',
    // scripts/render-mermaid.ts: renders the demo's Mermaid diagram in headless Chromium (Debian's) and checks it is legible.
    'playwright-core@^1.65.1', 'mermaid@^12.3.0',
    // scripts/check-catalog.ts (issue 18): the catalog site's accessibility checks, injected into the page in headless Chromium.
    'axe-core@^4.11.0',
    // The RAM client's connection and request timeouts (issue 14); bundled with the handler.
    '@smithy/node-http-handler',
    // `cdk-data-mesh audit` (issue 19): the live reader (src/audit/aws/) is bundled with esbuild into assets/audit/ (D54).
    '@aws-sdk/client-lakeformation', '@aws-sdk/client-glue', '@aws-sdk/client-sts', '@aws-sdk/credential-providers',
  ],
  // Data contracts (issue 18, D64): ODCS YAML is read (DataContract.fromOdcs) and written (`cdk-data-mesh contracts`)
  // with the `yaml` package, bundled in the npm tarball (jsii's rule for runtime dependencies of a library).
  bundledDeps: ['yaml@^2.9.1'],
  // The audit's live reader imports the AWS SDK, which is no runtime dependency: jsii does not compile it, esbuild bundles it (D54).
  excludeTypescript: ['src/audit/aws/**'],

  jestOptions: {
    // Snapshots guard logical IDs: never rewrite them implicitly (use `npm run test:update`).
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      collectCoverage: false,
      // the example apps' installs (node_modules, a Python venv, Maven's target/) are not the tests' business
      modulePathIgnorePatterns: ['<rootDir>/examples/(typescript-app|python|java|skeleton-typescript|skeleton-python)/', '<rootDir>/.rosetta-docs/'],
    },
  },
  gitignore: [
    '/examples/**/cdk.out', '/.venv', '/.ci/out', '/assets/',
    // scripts/examples.sh: the example apps' own installs and builds
    '/examples/typescript-app/node_modules/', '/examples/typescript-app/build/', '/examples/python/.venv/',
    '/examples/skeleton-typescript/node_modules/', '/examples/skeleton-typescript/package-lock.json', '/examples/skeleton-python/.venv/',
    '__pycache__/', '/examples/java/target/',
    // jsii-rosetta: translations (shipped in the npm package, not committed) and the docs/*.md assembly
    '.jsii.tabl.json', '/.rosetta-docs/',
  ],
  npmignoreEnabled: true,
  // The access report: `npx cdk-data-mesh report cdk.out` (never loads aws-cdk-lib).
  bin: { 'cdk-data-mesh': 'lib/cli.js' },
});

project.eslint?.addLintPattern('examples');
// Lint every TypeScript file with the dev tsconfig (the root tsconfig.json only covers src/).
project.tsconfigDev.addInclude('.projenrc.ts');
const eslintrc = project.tryFindObjectFile('.eslintrc.json');
eslintrc?.addDeletionOverride('parserOptions.projectService');
eslintrc?.addOverride('parserOptions.project', './tsconfig.dev.json');
eslintrc?.addOverride('settings.import/resolver.typescript.project', './tsconfig.dev.json');
project.eslint?.addLintPattern('handlers');
// Handlers and the audit's live reader are bundled at build time and the examples/demo run from the repository: their imports are dev dependencies.
project.eslint?.addRules({
  'import/no-extraneous-dependencies': ['error', {
    devDependencies: ['**/test/**', '**/build-tools/**', '**/handlers/**', '**/src/audit/aws/**', '**/examples/**', '.projenrc.ts', 'projenrc/**/*.ts'],
    optionalDependencies: false,
    peerDependencies: true,
  }],
});

// Custom-resource handlers live in handlers/ (AWS SDK v3, no construct imports) and are bundled at
// build time into assets/, which the package ships: users never bundle at synth.
const bundle = project.addTask('bundle:handlers', {
  description: 'Bundle the custom-resource handlers into assets/ with esbuild',
  exec: 'esbuild handlers/ram-invitations/index.ts --bundle --platform=node --target=node22 --minify --outfile=assets/ram-invitations/index.js --log-level=warning',
});
// The audit's live reader (AWS SDK v3 clients for Lake Formation, Glue, RAM and STS): one bundle the CLI loads only for a live audit (D54).
// Licence notices ship with the bundle (the package ships assets/): esbuild's legal comments in assets/audit/reader.js.LEGAL.txt,
// and every bundled package's licence and NOTICE files (the SDK's Apache-2.0) in assets/audit/reader.js.LICENSES.txt.
bundle.exec('esbuild src/audit/aws/reader.ts --bundle --platform=node --target=node18 --minify --legal-comments=external '
  + '--metafile=node_modules/.cache/audit-reader-meta.json --outfile=assets/audit/reader.js --log-level=warning');
bundle.exec('node scripts/audit-notices.js node_modules/.cache/audit-reader-meta.json assets/audit/reader.js.LICENSES.txt');
project.addPackageIgnore('!/assets/');

// The Go module (issue 20, D79): jsii-pacmak on the packed npm package with aws-cdk-lib AWS_CDK_GO_VERSION next to it,
// then `go mod tidy` and `go build` of dist/go/cdkdatamesh (scripts/package-go.sh). The release workflow's Go job runs
// this task too, so the module it publishes is the one CI builds.
const packageGo = project.tasks.tryFind('package:go');
if (!packageGo) throw new Error('projen has no task package:go');
packageGo.reset(`bash scripts/package-go.sh ${AWS_CDK_GO_VERSION}`);

// Issue 11: every path a user takes bundles what the package needs. `assets/` is ignored by git and
// `lib/` is written by jsii without an executable bit, so each entry point makes both itself:
// the handler bundle for `npm run demo` (runs src/ with ts-node), `npm test` and `compile`; an
// executable CLI (`npm pack` keeps the file mode: the wheel's console script `cdk-data-mesh` runs
// lib/cli.js directly, a PermissionError without it) for `compile` and every `package:*` task, which
// jsii-pacmak packs (js) or embeds (python, java) from the working tree. esbuild takes < 1 s.
const cliExecutable = project.addTask('bin:executable', {
  description: 'Make the compiled CLI (lib/cli.js, with its shebang) executable, as the npm tarball and the wheel\'s console script need',
  exec: 'node -e "require(\'fs\').chmodSync(\'lib/cli.js\', 0o755)"',
});
project.compileTask.prependSpawn(bundle);
project.compileTask.spawn(cliExecutable);
project.testTask.prependSpawn(bundle);
for (const target of ['js', 'python', 'java', 'go']) {
  const pack = project.tasks.tryFind(`package:${target}`);
  if (!pack) throw new Error(`projen has no task package:${target}`);
  pack.prependSpawn(cliExecutable);
  pack.prependSpawn(bundle);
}

// The demo: synthesize the reference bank mesh and print what it creates (README's first command).
project.addTask('demo', {
  description: 'Synthesize the reference bank mesh (examples/typescript) and print what it creates',
  steps: [
    { spawn: bundle.name },
    { exec: 'ts-node --project tsconfig.dev.json examples/typescript/demo.ts', receiveArgs: true },
  ],
});

// cfn-lint comes from PyPI (the npm package of that name is something else).
project.addTask('cfn-lint', {
  description: 'Install cfn-lint into .venv (from PyPI) and lint every template the demo synthesizes',
  exec: 'bash scripts/cfn-lint.sh',
  receiveArgs: true,
});

// ---------------------------------------------------------------------------------------------
// Issue 8: three languages, docs that compile, a guarded public API.

// The example apps in examples/typescript-app, examples/python and examples/java consume the BUILT
// packages (scripts/examples.sh): the TypeScript one is compiled by its own strict tsconfig against
// the installed tarball, so the repository's eslint/tsconfig.dev (which resolve cdk-data-mesh to
// nothing) leave it alone.
project.eslint?.addIgnorePattern('examples/typescript-app/');
project.tsconfigDev.addExclude('examples/typescript-app');
// The README's quick start as apps of their own (issue 11): they import the installed package, as a user's app does.
project.eslint?.addIgnorePattern('examples/skeleton-typescript/');
project.tsconfigDev.addExclude('examples/skeleton-typescript');
project.tsconfigDev.addExclude('examples/skeleton-python');
project.tsconfigDev.addExclude('examples/python');
project.tsconfigDev.addExclude('examples/java');
project.tsconfigDev.addExclude('.rosetta-docs');
project.tsconfigDev.addExclude('.jsii-baseline');
// Nothing of the repository's tooling, examples, handler sources (assets/ has their bundle) or local installs goes into the npm package (and so
// into the wheel and the jar, which embed it).
for (const p of ['/.ci/', '/.github/', '/scripts/', '/examples/', '/rosetta/', '/handlers/', '/.jsii-baseline/', '/.rosetta-docs/', '/.venv/']) {
  project.addPackageIgnore(p);
}

project.addTask('examples', {
  description: 'Install the built packages (dist/) into the TypeScript, Python, Java and Go example apps, synthesize each and compare their templates with the demo\'s',
  exec: 'bash scripts/examples.sh',
  receiveArgs: true,
});

// Every TypeScript snippet of README.md, docs/*.md and the @examples compiles (jsii-rosetta --strict,
// fixture rosetta/default.ts-fixture); the translations land in .jsii.tabl.json for jsii-pacmak.
const rosetta = project.addTask('rosetta', {
  description: 'Compile every TypeScript snippet of README.md, docs/*.md and the @examples with jsii-rosetta in strict mode',
  exec: 'ts-node --project tsconfig.dev.json scripts/rosetta.ts',
});
project.postCompileTask.spawn(rosetta);
// The wheel's, the jar's and the Go module's READMEs are this README with rosetta's translations: without a tablet as new as
// the assembly (a fresh clone's `npx projen package-all` runs no post-compile), jsii-pacmak would ship the
// TypeScript verbatim, so the Python, Java and Go packages make it first.
// On a fresh clone `npx projen package-all` compiles first (there is no .jsii to package yet). Step order:
// compile (if needed), rosetta (python, java; if needed), bundle, CLI executable, jsii-pacmak.
for (const target of ['js', 'python', 'java', 'go']) {
  const pack = project.tasks.tryFind(`package:${target}`)!;
  if (target !== 'js') {
    pack.prependSpawn(rosetta, {
      condition: 'node -e "const fs = require(\'fs\'); process.exit(fs.existsSync(\'.jsii.tabl.json\') && fs.statSync(\'.jsii.tabl.json\').mtimeMs >= fs.statSync(\'.jsii\').mtimeMs ? 1 : 0)"',
    });
  }
  pack.prependSpawn(project.compileTask, { condition: 'node -e "process.exit(require(\'fs\').existsSync(\'.jsii\') ? 1 : 0)"' });
}

// API.md: every optional prop has @default, every public class an @example.
project.addTask('api:docs', {
  description: 'Fail on an optional struct property without @default or a public class without @example (reads .jsii)',
  exec: 'ts-node --project tsconfig.dev.json scripts/check-api-docs.ts',
});

// The public API against the committed baseline (.jsii-baseline/): an accidental breaking change fails CI.
project.addTask('api:diff', {
  description: 'Compare the compiled public API (.jsii) with the committed baseline in .jsii-baseline/ (jsii-diff)',
  exec: 'jsii-diff --error-on=all --keys .jsii-baseline .',
});
project.addTask('api:baseline', {
  description: 'On purpose only: make the current public API the baseline that `api:diff` compares with (commit .jsii-baseline/)',
  steps: [
    { spawn: 'compile' },
    { exec: 'ts-node --project tsconfig.dev.json scripts/api-baseline.ts' },
  ],
});
project.gitignore.include('/.jsii-baseline/.jsii');

// ---------------------------------------------------------------------------------------------
// Issue 14: the checks that keep the audit's defects found.
project.addDevDeps(
  // property-based tests over random meshes (test/property/)
  'fast-check@^4',
  // CloudFormation's resource schemas (create-only properties) for the replacement model of
  // test/support/cfn-update.ts: an npm package, so `npm ci` installs it before jest runs
  '@aws-cdk/aws-service-spec@0.1.216',
  // cfn-guard with the AWS Guard rules registry, bundled in an npm package (works offline)
  '@cdklabs/cdk-validator-cfnguard@0.0.62',
);
// The long run of the mesh property tests: `npx projen fuzz -- --runs 10000 [--seed N]`
// (env MESH_FUZZ_RUNS / MESH_FUZZ_SEED do the same; CI runs the default count inside `npm test`).
project.addTask('fuzz', {
  description: 'Run the mesh property tests (test/property) with more cases: -- --runs N [--seed S]',
  exec: 'ts-node --project tsconfig.dev.json scripts/fuzz.ts',
  receiveArgs: true,
});
// Version-to-version safety: random meshes synthesized by the previous release and by this tree.
project.addTask('upgrade-safety', {
  description: 'Synthesize random meshes with the previous release (the API baseline commit, or UPGRADE_BASE_REF) and with this tree; fail on any stateful replacement',
  exec: 'bash scripts/upgrade-safety.sh',
  receiveArgs: true,
});
// cfn-lint, cfn-guard and checkov over the templates of a mesh that uses every feature.
project.gitignore.exclude('/.security-scan/');
project.addTask('security-scan', {
  description: 'Synthesize the features mesh (test/fixtures/features-mesh.ts) and run cfn-lint, cfn-guard and checkov on its templates',
  exec: 'bash scripts/security-scan.sh',
  receiveArgs: true,
});

// Issue 13: how the library scales (synth time and memory, template and IAM policy sizes against the limits, report and
// doctor time) on generated meshes; writes docs/bench/results.md, results.json and results.png.
project.addTask('bench', {
  description: 'Synthesize generated meshes (P producers x N products x C consumers) and record synth time, memory, limits and report/doctor time in docs/bench/',
  steps: [
    { spawn: bundle.name },
    { exec: 'ts-node --transpile-only --project tsconfig.dev.json scripts/bench.ts', receiveArgs: true },
  ],
});

// Issue 19: the audit's time for 10,000 live permissions (moto server, the SDK reader, offline and with drift);
// writes docs/bench/audit-results.md and audit-results.json.
project.addTask('bench:audit', {
  description: 'Apply a generated catalog with 10,000 Lake Formation permissions to the moto server and time cdk-data-mesh audit on it (docs/bench/audit-results.md)',
  steps: [
    { spawn: bundle.name },
    { exec: 'ts-node --transpile-only --project tsconfig.dev.json scripts/bench-audit.ts', receiveArgs: true },
  ],
});

// ---------------------------------------------------------------------------------------------
// Issues 16, 17, 19: the real engines the tests run (pyspark in local Spark, moto in server mode, PostgreSQL with
// the JDBC driver from Maven Central), installed once by scripts/engines.sh; `npm test` runs it first, so the
// README's test command works on a fresh machine. Tests start their services on 127.0.0.1 (test/support/engines.ts).
const engines = project.addTask('engines', {
  description: 'Install the test engines once: .engines/venv (requirements-dev.txt), PostgreSQL, JDBC drivers (.engines/jars)',
  exec: 'bash scripts/engines.sh',
});
project.testTask.prependSpawn(engines);
// Issue 16: every state machine definition the library synthesizes is validated against the Amazon States Language.
project.addDevDeps('asl-validator@^4');
// The life-expectancy transformation's throughput in local Spark on 1 million generated rows, and the Glue sizing it
// implies (docs/bench/pipeline.md). CPU heavy, not a test.
project.addTask('bench:pipeline', {
  description: 'Time the life-expectancy pipeline\'s PySpark transformation in local Spark on generated rows (docs/bench/pipeline.md)',
  steps: [{ spawn: engines.name }, { exec: '.engines/venv/bin/python scripts/bench-pipeline.py', receiveArgs: true }],
});
project.gitignore.exclude('/.engines'); // also a symlink to another checkout's engines (a directory pattern would not match it)
project.addPackageIgnore('/.engines/');
project.addPackageIgnore('/requirements-dev.txt');

project.synth();
