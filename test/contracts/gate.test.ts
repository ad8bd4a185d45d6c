/*
 * The contract's quality rules are the gate's (issue 18): a DataPipeline runs the rules its contract's table declares
 * (after the ones the schema implies, before the pipeline's own), and a governance product whose table states other
 * rules than the pipeline's contract is a synth error, so that the catalog's (and the ODCS export's) rules are the ones run.
 */
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildBankMesh } from '../../examples/typescript/bank-mesh';
import { LIFE_EXPECTANCY_DIR } from '../../examples/typescript/life-expectancy-pipeline';
import { ColumnType, DataContract, DataPipeline, GlueSparkStep, MedallionLayer, QualityRule } from '../../src';
import { ofType, resourcesOf } from '../support/template';

const columns = [
  { name: 'portfolio_id', type: ColumnType.STRING },
  { name: 'client_name', type: ColumnType.STRING },
  { name: 'asset_class', type: ColumnType.STRING },
  { name: 'market_value', type: ColumnType.decimal(18, 2) },
  { name: 'risk_score', type: ColumnType.DOUBLE },
];
const contract = (qualityRules?: QualityRule[]) => new DataContract({ product: 'portfolios', tables: [{ name: 'portfolios', columns, qualityRules }] });

function pipeline(c: DataContract, withProduct: boolean) {
  const bank = buildBankMesh(new App());
  const { stack, lake } = bank.producers.investments;
  new DataPipeline(stack, 'PortfoliosPipeline', {
    producer: lake,
    contract: c,
    ...(withProduct ? { product: bank.governance.hub.dataProduct('portfolios') } : {}),
    steps: [new GlueSparkStep({ name: 'score', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script: path.join(LIFE_EXPECTANCY_DIR, 'glue_score.py') })],
    qualityRules: [QualityRule.rowCountAtLeast(10)],
  });
  return ofType(resourcesOf(stack), 'AWS::Glue::DataQualityRuleset').map(([, r]) => r.Properties.Ruleset as string);
}

test('the gate runs the contract table\'s rules after the implied ones and before the pipeline\'s', () => {
  const [ruleset] = pipeline(contract([QualityRule.between('risk_score', 0, 1), QualityRule.allowedValues('asset_class', ['equity', 'bond'])]), false);
  const rules = ruleset.split('\n').slice(1, -1).map(r => r.trim().replace(/,$/, ''));
  expect(rules.slice(-4)).toEqual([
    'RowCount > 0', '(ColumnValues "risk_score" >= 0) and (ColumnValues "risk_score" <= 1)', 'ColumnValues "asset_class" in ["equity", "bond"]', 'RowCount >= 10',
  ]);
});

test('a governance product whose table states other quality rules than the pipeline\'s contract fails the synthesis', () => {
  expect(() => pipeline(contract([QualityRule.between('risk_score', 0, 1)]), true)).toThrow(
    /data contract mismatch in table 'portfolios': its quality rules are \[\] in .* but \[\(ColumnValues "risk_score" >= 0\) and \(ColumnValues "risk_score" <= 1\)\] in/);
  expect(() => pipeline(contract(), true)).not.toThrow();
});
