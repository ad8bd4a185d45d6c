/*
 * The access report and the doctor over the reference mesh with the life-expectancy pipeline (issue 16): the
 * pipeline roles' access shows like any other principal's (the publisher reads and writes the producer's gold
 * table, the gate reads the candidate), the doctor finds no pipeline pitfall (DM-49, DM-50, DM-51) and no error,
 * and the consumers' view is unchanged: the ML team still never sees life_expectancy.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { buildBankMesh } from '../examples/typescript/bank-mesh';
import { addLifeExpectancyPipeline } from '../examples/typescript/life-expectancy-pipeline';
import { MeshAccessReport } from '../src';
import { copyAssembly, deleteResource, editTemplate, find, removeTmpDirs, tmpDir } from './support/assembly';

afterAll(removeTmpDirs);

const outdir = tmpDir('pipeline-report');
const app = new App({ outdir });
const pipeline = addLifeExpectancyPipeline(buildBankMesh(app));
const assembly = app.synth();
const report = MeshAccessReport.fromAssemblyDirectory(assembly.directory);

test('the pipeline roles show in the report with the access their Lake Formation grants give', () => {
  const stack = Stack.of(pipeline);
  const id = (role: any) => stack.getLogicalId(role.node.defaultChild);
  const who = (role: any) => [...new Set(report.access.filter(a => a.principal.includes(id(role))).map(a => `${a.database}.${a.table}: ${a.columns.join(',')}`))].sort();
  expect(who(pipeline.publishRole)).toEqual(['bank_insurance_gold.policyholder_life_expectancy: age,customer_name,life_expectancy,policy_id']);
  expect(who(pipeline.qualityRole)).toEqual(['bank_insurance_silver.life_expectancy_policyholder_life_expectancy_candidate: age,customer_name,life_expectancy,policy_id']);
  expect(who(pipeline.stepRoles.score)).toEqual(['bank_insurance_silver.life_expectancy_policyholder_life_expectancy_candidate: age,customer_name,life_expectancy,policy_id']);
});

test('the doctor finds no pipeline pitfall and no error', () => {
  expect(report.findings.filter(f => ['DM-49', 'DM-50', 'DM-51'].includes(f.id))).toEqual([]);
  expect(report.findings.filter(f => f.severity === 'error')).toEqual([]);
});

test('consumers see what they saw without the pipeline: the ML team never sees life_expectancy', () => {
  expect(report.columnsFor('ml', 'bank_life_expectancy', 'policyholder_life_expectancy')).toEqual(['age', 'customer_name', 'policy_id']);
  expect(report.canRead('exec', 'bank_life_expectancy', 'policyholder_life_expectancy', 'life_expectancy')).toBe(true);
});

describe('the doctor on broken pipelines (the reference mesh with the pipeline, then one mistake)', () => {
  test('a job role that can read the whole gold bucket: DM-51 on its job', () => {
    const dir = tmpDir('pipeline-dm51');
    const broken = new App({ outdir: dir });
    const bank = buildBankMesh(broken);
    const p = addLifeExpectancyPipeline(bank);
    p.stepRoles.score.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject'], resources: [bank.producers.insurance.lake.goldBucket.arnForObjects('*')],
    }));
    const findings = MeshAccessReport.fromAssemblyDirectory(broken.synth().directory).findings.filter(f => f.id === 'DM-51');
    expect(findings.map(f => f.message.split(':')[0])).toEqual(['Producer-insurance/LifeExpectancyPipelineStepScoreJobDEE3B75B']);
  });

  test('the publisher\'s grant on the gold table removed: DM-49 names the table; its output moved outside the lake: DM-50', () => {
    const dir = copyAssembly(assembly.directory);
    editTemplate(dir, 'Producer-insurance', t => {
      const [grant] = find(t, 'AWS::LakeFormation::PrincipalPermissions', p => p.Resource?.Table?.Name === 'policyholder_life_expectancy');
      deleteResource(t, grant);
      const [job] = find(t, 'AWS::Glue::Job', p => p.Name === 'bank-insurance-life-expectancy-score');
      t.Resources[job].Properties.DefaultArguments['--output_path'] = 's3://scratch-bucket-222222222222/candidates/';
    });
    const findings = MeshAccessReport.fromAssemblyDirectory(dir).findings;
    expect(findings.filter(f => f.id === 'DM-49').map(f => f.message)).toEqual([expect.stringMatching(
      /^Producer-insurance\/LifeExpectancyPipelinePublishJob[0-9A-F]{8}: Glue job bank-insurance-life-expectancy-publish of pipeline life_expectancy writes table bank_insurance_gold\.policyholder_life_expectancy, but its role /)]);
    expect(findings.filter(f => f.id === 'DM-50').map(f => f.message)).toEqual([expect.stringContaining(
      'Glue job bank-insurance-life-expectancy-score of pipeline life_expectancy writes s3://scratch-bucket-222222222222/candidates/, which no location registered in account 222222222222 covers')]);
  });
});
