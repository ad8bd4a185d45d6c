/*
 * MeshDoctor, the same rules at synth time: `new App({ policyValidationBeta1: [new MeshDoctor()] })` makes
 * `cdk synth` fail on error findings, with the message and the fix in CDK's validation report.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, aws_lakeformation as lakeformation } from 'aws-cdk-lib';
import { buildBankMesh } from '../examples/typescript/bank-mesh';
import { MeshDoctor } from '../src';
import { removeTmpDirs, synthBankMesh, tmpDir } from './support/assembly';

afterAll(removeTmpDirs);

/** Synthesizes an app with the doctor and returns CDK's JSON validation report (and whether synth failed). */
function synthWithDoctor(build: (app: App) => void, doctor = new MeshDoctor()): { failed: boolean; report: any; stderr: string } {
  const outdir = tmpDir('doctor-app-');
  const app = new App({ outdir, policyValidationBeta1: [doctor], context: { '@aws-cdk/core:validationReportJson': true } });
  build(app);
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const stderr: string[] = [];
  const error = jest.spyOn(console, 'error').mockImplementation((...args: any[]) => { stderr.push(args.join(' ')); });
  const before = process.exitCode;
  try {
    app.synth();
    const failed = process.exitCode === 1;
    const file = path.join(outdir, 'policy-validation-report.json');
    return { failed, report: fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined, stderr: stderr.join('\n') };
  } finally {
    process.exitCode = before; // CDK sets it to fail `cdk synth`; the test process must not inherit it
    log.mockRestore();
    error.mockRestore();
  }
}

test('the reference mesh synthesizes clean: no failing plugin, nothing on stderr', () => {
  const { failed, report, stderr } = synthWithDoctor(app => buildBankMesh(app));
  expect(failed).toBe(false);
  expect(report.pluginReports).toEqual([]); // CDK's report lists failing plugins only
  expect(stderr).toBe('');
}, 120_000);

test('a deliberately broken grant (ml re-shares a table with a third account) fails synth with the finding, where it is and its fix', () => {
  const { failed, report } = synthWithDoctor(app => {
    const mesh = buildBankMesh(app);
    new lakeformation.CfnPrincipalPermissions(mesh.consumers.ml.stack, 'ReshareToPartner', {
      principal: { dataLakePrincipalIdentifier: '999999999999' },
      resource: { table: { catalogId: '111111111111', databaseName: 'bank_life_expectancy', name: 'policyholder_life_expectancy' } },
      permissions: ['SELECT'],
      permissionsWithGrantOption: [],
    });
  });
  expect(failed).toBe(true);
  const [plugin] = report.pluginReports;
  expect(plugin.summary).toEqual(expect.objectContaining({ pluginName: 'cdk-data-mesh doctor', status: 'failure' }));
  const reshare = plugin.violations.find((v: any) => v.ruleName === 'DM-22 reshare');
  expect(reshare.description).toBe('account 555555555555 grants 999999999999 SELECT on bank_life_expectancy.policyholder_life_expectancy of account 111111111111; ' +
    'an account can re-grant a resource shared with it only to principals of its own account. Share from the owner account 111111111111 instead.');
  expect(reshare.violatingResources).toEqual([expect.objectContaining({ resourceLogicalId: 'ReshareToPartner', templatePath: expect.stringMatching(/Consumer-ml\.template\.json$/) })]);
  expect(reshare.violatingResources[0].locations).toEqual([]);
  // The grant is also outside the stack's DependsOn chain and not ordered after its settings: each rule says how to fix it.
  expect(plugin.violations.map((v: any) => v.ruleName).sort()).toEqual(['DM-01 settings-before-grants', 'DM-22 reshare', 'DM-24 serialize-grants']);
  expect(plugin.violations.find((v: any) => v.ruleName === 'DM-01 settings-before-grants').fix).toMatch(/^add DependsOn: \["DataMeshLakeFormationSettings\w+"\] to ReshareToPartner\.$/);
}, 120_000);

test('warnings do not fail the synthesis (printed on stderr), unless failOnWarnings (then in the report)', () => {
  const build = (app: App) => {
    const stack = new Stack(app, 'Lake', { env: { account: '111122223333', region: 'eu-west-1' } });
    new lakeformation.CfnDataLakeSettings(stack, 'Settings', { admins: [], mutationType: 'APPEND' });
  };
  const lenient = synthWithDoctor(build);
  expect([lenient.failed, lenient.report.pluginReports]).toEqual([false, []]);
  expect(lenient.stderr).toMatch(/^cdk-data-mesh doctor: 1 warning \(not failing the synthesis; docs\/doctor\.md\):\n {2}WARNING DM-02: Lake\/Settings: MutationType APPEND keeps/);
  const strict = synthWithDoctor(build, new MeshDoctor({ failOnWarnings: true }));
  expect(strict.failed).toBe(true);
  expect(strict.report.pluginReports[0].violations.map((v: any) => [v.ruleName, v.severity])).toEqual([['DM-02 append-settings', 'warning']]);
  expect(synthWithDoctor(build, new MeshDoctor({ reportWarnings: false })).stderr).toBe('');
}, 60_000);

test('validate() reads the templates CDK passes with the manifest next to them (account, region, execution role)', () => {
  const dir = synthBankMesh();
  const templatePaths = fs.readdirSync(dir).filter(f => f.endsWith('.template.json')).map(f => path.join(dir, f));
  const doctor = new MeshDoctor();
  const report = doctor.validate({ templatePaths });
  expect([report.success, report.violations]).toEqual([true, []]);
  expect(report.metadata).toEqual({ errors: '0', warnings: '0', accessEntries: '18', notEffective: '0' });
  expect(doctor.ruleIds).toEqual(expect.arrayContaining(['DM-01', 'DM-12', 'DM-13', 'DM-22', 'DM-24', 'DM-32', 'DM-41']));
  expect(doctor.name).toBe('cdk-data-mesh doctor');
}, 120_000);
