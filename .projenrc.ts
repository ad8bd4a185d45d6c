import { awscdk, javascript } from 'projen';

/**
 * aws-cdk-lib 2.197.0 is the lowest release that (a) has every L1 this library uses
 * (CfnDataLakeSettings with MutationType and Parameters, CfnPrincipalPermissions, CfnTagAssociation,
 * CfnDataCellsFilter, Glue crawler LakeFormationConfiguration) and (b) resolves the runtime of the
 * Lambda functions that aws-cdk-lib itself creates (custom-resource providers) to nodejs22.x in
 * commercial, China and GovCloud regions (2.196.0 still gives the deprecated nodejs20.x, DM-41).
 * See README.md "Why aws-cdk-lib >= 2.197.0".
 */
const CDK_VERSION = '2.197.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-data-mesh',
  description:
    'AWS CDK constructs for a Lake Formation data mesh (producer, governance and consumer accounts) without the access errors.',
  author: 'cdk-data-mesh maintainers',
  authorAddress: 'maintainers@cdk-data-mesh.dev',
  repositoryUrl: 'https://github.com/cdk-data-mesh/cdk-data-mesh.git',
  license: 'Apache-2.0',
  keywords: ['cdk', 'awscdk', 'data-mesh', 'lake-formation', 'glue', 'lf-tags', 'athena'],
  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  defaultReleaseBranch: 'main',
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,
  depsUpgrade: false,
  tsconfigDevFile: 'tsconfig.dev.json',

  // jsii targets from day one.
  publishToPypi: {
    distName: 'cdk-data-mesh',
    module: 'cdk_data_mesh',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkdatamesh',
    mavenGroupId: 'io.github.cdkdatamesh',
    mavenArtifactId: 'cdk-data-mesh',
  },

  devDeps: [
    'cdk-nag@2.37.55', 'ts-node', 'aws-cdk@^2',
    // Custom-resource handlers: AWS SDK v3, bundled at build time with esbuild, tested with aws-sdk-client-mock.
    'esbuild', '@aws-sdk/client-ram', 'aws-sdk-client-mock', '@types/aws-lambda',
  ],

  jestOptions: {
    // Snapshots guard logical IDs: never rewrite them implicitly (use `npm run test:update`).
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      collectCoverage: false,
    },
  },
  gitignore: ['/examples/**/cdk.out', '/.venv', '/.ci/out', '/assets/'],
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
// Handlers are bundled at build time and the examples/demo run from the repository: their imports are dev dependencies.
project.eslint?.addRules({
  'import/no-extraneous-dependencies': ['error', {
    devDependencies: ['**/test/**', '**/build-tools/**', '**/handlers/**', '**/examples/**', '.projenrc.ts', 'projenrc/**/*.ts'],
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
project.preCompileTask.spawn(bundle);
project.testTask.prependSpawn(bundle);
project.addPackageIgnore('!/assets/');

// The demo: synthesize the reference bank mesh and print what it creates (README's first command).
project.addTask('demo', {
  description: 'Synthesize the reference bank mesh (examples/typescript) and print what it creates',
  exec: 'ts-node --project tsconfig.dev.json examples/typescript/demo.ts',
  receiveArgs: true,
});

// cfn-lint comes from PyPI (the npm package of that name is something else).
project.addTask('cfn-lint', {
  description: 'Install cfn-lint into .venv (from PyPI) and lint every template the demo synthesizes',
  exec: 'bash scripts/cfn-lint.sh',
  receiveArgs: true,
});

project.synth();
