/*
 * The insurance producer's life-expectancy pipeline (issue 16), on the reference bank mesh: bronze policyholder CSV
 * -> silver (cleaned, typed, deduplicated Parquet) -> gold `policyholder_life_expectancy`, computed from the SSA 2017
 * period life table adjusted for smoking and BMI (examples/pipelines/life-expectancy/, docs/pipelines.md). The
 * transformation is plain PySpark (life_expectancy.py); glue_clean.py and glue_score.py are its thin Glue wrappers.
 *
 * The gold schema is the data contract in contract.json, which the pipeline compares with the governance product
 * of the same app (a column whose name or type differs fails the synthesis).
 *
 * `buildDemoMesh` (`buildBankMesh` + this) is the mesh of the demo (`npm run demo`) and of the cdk.json app (`app.ts`);
 * the example apps in examples/typescript-app, examples/python and examples/java build the same on the same files
 * (CI compares their templates).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { BankMesh, buildBankMesh } from './bank-mesh';
import { DataContract, DataPipeline, GlueSparkStep, MedallionLayer } from '../../src';

/** The sample's folder: the PySpark scripts, the reference life table, the sample bronze data, the contract. */
export const LIFE_EXPECTANCY_DIR = path.join(__dirname, '..', 'pipelines', 'life-expectancy');

/** The data contract of `life_expectancy` (the JSON file governance and producer apps share). */
export function lifeExpectancyContract(): DataContract {
  return DataContract.fromJson(fs.readFileSync(path.join(LIFE_EXPECTANCY_DIR, 'contract.json'), 'utf8'));
}

/** Adds the life-expectancy pipeline to the insurance producer of `bank`. */
export function addLifeExpectancyPipeline(bank: BankMesh): DataPipeline {
  const { stack, lake } = bank.producers.insurance;
  const file = (name: string) => path.join(LIFE_EXPECTANCY_DIR, name);
  const transformation = file('life_expectancy.py');
  return new DataPipeline(stack, 'LifeExpectancyPipeline', {
    producer: lake,
    contract: lifeExpectancyContract(),
    product: bank.governance.hub.dataProduct('life_expectancy'),
    steps: [
      new GlueSparkStep({
        name: 'clean',
        reads: MedallionLayer.BRONZE,
        writes: MedallionLayer.SILVER,
        script: file('glue_clean.py'),
        extraPythonModules: [transformation],
      }),
      new GlueSparkStep({
        name: 'score',
        reads: MedallionLayer.SILVER,
        writes: MedallionLayer.GOLD,
        script: file('glue_score.py'),
        extraPythonModules: [transformation],
        extraFiles: [file('reference/ssa_period_life_table_2017.csv')],
        arguments: { '--life_table_path': 'ssa_period_life_table_2017.csv' },
      }),
    ],
    schedule: 'cron(0 3 * * ? *)',
    runOnNewBronzeObjects: true,
  });
}

/** The mesh of the demo and of the cdk.json app: the reference bank mesh with the life-expectancy pipeline. */
export function buildDemoMesh(app: App): BankMesh {
  const bank = buildBankMesh(app);
  addLifeExpectancyPipeline(bank);
  return bank;
}
