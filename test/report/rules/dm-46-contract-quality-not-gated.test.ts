/*
 * DM-46: a pipeline's gate of a product table runs every quality rule the product's contract states. The reference
 * mesh with a pipeline that was not given the governance product (so the synthesis does not compare the two), its
 * governance table stating rules in its `cdk-data-mesh:quality` parameter (as a governance app declaring them
 * synthesizes it).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildBankMesh } from '../../../examples/typescript/bank-mesh';
import { LIFE_EXPECTANCY_DIR, lifeExpectancyContract } from '../../../examples/typescript/life-expectancy-pipeline';
import { DataContract, DataPipeline, GlueSparkStep, MedallionLayer, QualityRule } from '../../../src';
import { buildContext } from '../../../src/report/analyze';
import { readAssembly } from '../../../src/report/assembly';
import { rule } from '../../../src/report/rules/dm-46-contract-quality-not-gated';
import { removeTmpDirs, tmpDir } from '../../support/assembly';

afterAll(removeTmpDirs);

const RANGE = QualityRule.between('life_expectancy', 0, 100).expression;
const AGE = QualityRule.between('age', 18, 110);

/** Findings when the governance table states `stated` and the pipeline's contract declares `gated`. */
function findings(stated: string[], gated: QualityRule[]) {
  const outdir = tmpDir('dm46-');
  const app = new App({ outdir });
  const bank = buildBankMesh(app);
  const { stack, lake } = bank.producers.insurance;
  const table = lifeExpectancyContract().tables[0];
  new DataPipeline(stack, 'Pipeline', {
    producer: lake,
    contract: new DataContract({ product: 'life_expectancy', tables: [{ ...table, qualityRules: gated }] }),
    steps: [new GlueSparkStep({ name: 'score', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script: path.join(LIFE_EXPECTANCY_DIR, 'glue_score.py') })],
  });
  app.synth();
  for (const s of readAssembly(outdir)) {
    const t = Object.values<any>(s.template.Resources ?? {}).find(r => r.Type === 'AWS::Glue::Table' && r.Properties.TableInput.Name === 'policyholder_life_expectancy'
      && r.Properties.DatabaseName === 'bank_life_expectancy');
    if (!t) continue;
    t.Properties.TableInput.Parameters['cdk-data-mesh:quality'] = JSON.stringify(stated);
    fs.writeFileSync(s.templatePath!, JSON.stringify(s.template));
  }
  return rule.check(buildContext(readAssembly(outdir)));
}

test('a rule the product states that the gate does not run: a warning naming the rule, the table and the product', () => {
  const found = findings([AGE.expression, RANGE], [AGE]);
  expect(found.map(f => [f.id, f.severity])).toEqual([['DM-46', 'warning']]);
  expect(found[0].what).toMatch(new RegExp(`of table policyholder_life_expectancy of product life_expectancy does not run the rule '${RANGE.replace(/[()]/g, '\\$&')}', ` +
    'which the product\'s contract states \\(table bank_life_expectancy.policyholder_life_expectancy in account 111111111111\\)'));
});

test('the gate runs every stated rule (and more of its own): nothing; no stated rules: nothing', () => {
  expect(findings([AGE.expression], [AGE, QualityRule.rowCountAtLeast(5)])).toEqual([]);
  expect(findings([], [])).toEqual([]);
});
