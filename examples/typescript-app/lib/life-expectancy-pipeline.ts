/*
 * The insurance producer's life-expectancy pipeline (issue 16), written against the published package: bronze
 * policyholder CSV -> silver (cleaned, typed, deduplicated Parquet) -> gold `policyholder_life_expectancy`. The same
 * pipeline as examples/typescript/life-expectancy-pipeline.ts, on the same scripts, life table and contract
 * (examples/pipelines/life-expectancy/, docs/pipelines.md), so that the templates and their asset hashes are the same.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DataContract, DataPipeline, GlueSparkStep, MedallionLayer } from 'cdk-data-mesh';
import { BankMesh } from './bank-mesh';

/** The sample's folder, next to this app's folder (the app runs from its own folder, as `cdk synth` does). */
export const LIFE_EXPECTANCY_DIR = path.resolve('..', 'pipelines', 'life-expectancy');

/** Adds the life-expectancy pipeline to the insurance producer of `bank`. */
export function addLifeExpectancyPipeline(bank: BankMesh): DataPipeline {
  const { stack, lake } = bank.producers.insurance;
  const file = (name: string) => path.join(LIFE_EXPECTANCY_DIR, name);
  const transformation = file('life_expectancy.py');
  return new DataPipeline(stack, 'LifeExpectancyPipeline', {
    producer: lake,
    // the data contract: the JSON file governance and producer apps share
    contract: DataContract.fromJson(fs.readFileSync(file('contract.json'), 'utf8')),
    product: bank.hub.dataProduct('life_expectancy'),
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
