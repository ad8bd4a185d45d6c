/*
 * DataPipeline with `sources` (issue 16 review item 10), in the sources mesh (test/fixtures/sources-mesh.ts): the
 * bronze-reading step reads the batch sources' landing prefixes (and only those), and `runOnNewBronzeObjects` starts
 * a run on their `objectCreatedEventPattern`; sources of another producer, or with `bronzePrefix`, are synth errors.
 */
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { LIFE_EXPECTANCY_DIR, lifeExpectancyContract } from '../examples/typescript/life-expectancy-pipeline';
import { BatchSource, ColumnType, DataFormat, DataPipeline, DataPipelineProps, GlueSparkStep, IBatchSource, MedallionLayer } from '../src';
import { buildSourcesMesh } from './fixtures/sources-mesh';
import { ofType, render, resourcesOf } from './support/template';

const script = path.join(LIFE_EXPECTANCY_DIR, 'glue_score.py');
const BRONZE = 's3://bank-insurance-bronze-222222222222-eu-west-1/';

function build(sources: (mesh: ReturnType<typeof buildSourcesMesh>) => IBatchSource[], props: Partial<DataPipelineProps> = {}) {
  const mesh = buildSourcesMesh(new App());
  const { stack, lake } = mesh.producers.insurance;
  const pipeline = new DataPipeline(stack, 'Pipeline', {
    producer: lake,
    contract: lifeExpectancyContract(),
    sources: sources(mesh),
    runOnNewBronzeObjects: true,
    steps: [
      new GlueSparkStep({ name: 'clean', reads: MedallionLayer.BRONZE, writes: MedallionLayer.SILVER, script }),
      new GlueSparkStep({ name: 'score', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script }),
    ],
    ...props,
  });
  const resources = resourcesOf(stack);
  const clean = ofType(resources, 'AWS::Glue::Job').find(([, j]) => j.Properties.Name === 'bank-insurance-life-expectancy-clean')![1];
  const rule = ofType(resources, 'AWS::Events::Rule').find(([id]) => id.startsWith('PipelineNewBronzeObjects'))![1];
  const roleId = stack.getLogicalId(pipeline.stepRoles.clean.node.defaultChild as any);
  const readable = ofType(resources, 'AWS::IAM::Policy').filter(([, p]) => (p.Properties.Roles as any[]).some(r => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[])
    .filter(st => [st.Action].flat().includes('s3:GetObject')).flatMap(st => [st.Resource].flat().map(render))
    .filter((r: string) => r.includes('landing/')).sort();
  return { mesh, clean, rule, readable };
}

test('one source: the bronze step reads its landing prefix only, and a file landing there starts a run', () => {
  const { mesh, clean, rule, readable } = build(m => [m.policyholders]);
  expect(clean.Properties.DefaultArguments['--input_path']).toBe(`${BRONZE}landing/policyholders/`);
  expect(readable).toEqual(['<LakeBronzeBucket70BAB3F7.Arn>/landing/policyholders/*']);
  const { detailType, ...rest } = mesh.policyholders.objectCreatedEventPattern;
  expect(rule.Properties.EventPattern).toEqual({ ...rest, 'detail-type': detailType });
});

test('several sources: one --input_path_<source> each, read grants on each prefix, one rule matching a file under any of them', () => {
  const { rule, clean, readable } = build(m => [m.policyholders, new BatchSource(m.producers.insurance.stack, 'AgentFiles', {
    producer: m.producers.insurance.lake, name: 'agents', format: DataFormat.CSV, columns: [{ name: 'agent_id', type: ColumnType.STRING }],
  })]);
  expect(clean.Properties.DefaultArguments).toMatchObject({
    '--input_path_policyholders': `${BRONZE}landing/policyholders/`,
    '--input_path_agents': `${BRONZE}landing/agents/`,
  });
  expect(clean.Properties.DefaultArguments['--input_path']).toBeUndefined();
  expect(readable).toEqual([
    '<LakeBronzeBucket70BAB3F7.Arn>/landing/agents/*',
    '<LakeBronzeBucket70BAB3F7.Arn>/landing/policyholders/*',
  ]);
  expect(rule.Properties.EventPattern.detail.object.key).toEqual([{ prefix: 'landing/policyholders/' }, { prefix: 'landing/agents/' }]);
  expect(rule.Properties.EventPattern.detail.bucket.name).toEqual(['bank-insurance-bronze-222222222222-eu-west-1']);
});

test('a source of another producer, sources with bronzePrefix, a source listed twice: synth errors naming the prop', () => {
  expect(() => build(m => [BatchSource.fromBatchSourceAttributes(m.producers.insurance.stack, 'Other', { mesh: m.mesh, domain: 'investments', name: 'quotes' })]))
    .toThrow(/sources\[0\] 'quotes' lands in bucket 'bank-investments-bronze-.*', not in producer 'insurance''s bronze bucket/);
  expect(() => build(m => [m.policyholders], { bronzePrefix: 'raw/' })).toThrow(/bronzePrefix 'raw\/' and sources are both set/);
  expect(() => build(m => [m.policyholders, m.policyholders])).toThrow(/sources\[1\] and sources\[0\] are both source 'policyholders'/);
});
