/*
 * The access report and the doctor over the reference mesh with the life-expectancy pipeline (issue 16): the
 * pipeline roles' access shows like any other principal's (the publisher reads and writes the producer's gold
 * table, the gate reads the candidate), the doctor finds no pipeline pitfall (DM-49, DM-50, DM-51) and no error,
 * and the consumers' view is unchanged: the ML team still never sees life_expectancy.
 */
import { App, Stack } from 'aws-cdk-lib';
import { buildBankMesh } from '../examples/typescript/bank-mesh';
import { addLifeExpectancyPipeline } from '../examples/typescript/life-expectancy-pipeline';
import { MeshAccessReport } from '../src';
import { removeTmpDirs, tmpDir } from './support/assembly';

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
