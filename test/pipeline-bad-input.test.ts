/*
 * DataPipeline, its steps and its contract refuse bad input at synth time with a message that names the construct,
 * the prop, the value and the fix (issue 16): an unknown product, a product of another producer, a step reading a
 * layer above the one it writes, a missing script asset, an invalid schedule, a contract whose columns differ from
 * the governance product's.
 */
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildBankMesh } from '../examples/typescript/bank-mesh';
import { LIFE_EXPECTANCY_DIR, lifeExpectancyContract } from '../examples/typescript/life-expectancy-pipeline';
import {
  AthenaSqlStep, ColumnType, DataContract, DataPipeline, DataPipelineProps, GlueSparkStep, GlueWorkerType, MedallionLayer, QualityRule,
} from '../src';
import { MeshValidationError } from '../src/private/errors';

const script = path.join(LIFE_EXPECTANCY_DIR, 'glue_score.py');
const gold = () => new GlueSparkStep({ name: 'score', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script });

function pipeline(props: Partial<DataPipelineProps> = {}) {
  const bank = buildBankMesh(new App());
  const { stack, lake } = bank.producers.insurance;
  return new DataPipeline(stack, 'Pipeline', { producer: lake, contract: lifeExpectancyContract(), steps: [gold()], ...props });
}

function errorOf(f: () => unknown): MeshValidationError {
  try {
    f();
  } catch (e) {
    if (MeshValidationError.isMeshValidationError(e)) return e;
    throw e;
  }
  throw new Error('no error');
}

test('the sample pipeline builds (the baseline of the cases below)', () => {
  expect(() => pipeline()).not.toThrow();
});

test('unknown product', () => {
  const contract = new DataContract({ product: 'pensions', tables: lifeExpectancyContract().tables });
  expect(errorOf(() => pipeline({ contract })).message).toBe("DataPipeline 'Pipeline': contract.product 'pensions' is not a data product of mesh 'bank' " +
    "(products: life_expectancy, claims, portfolios). Use one of producer 'insurance''s products (life_expectancy, claims), or add it to the mesh description.");
});

test('a product of another producer', () => {
  const contract = new DataContract({ product: 'portfolios', tables: lifeExpectancyContract().tables });
  expect(errorOf(() => pipeline({ contract })).message).toMatch(/contract\.product 'portfolios' is a product of producer 'investments', not of 'insurance'/);
});

test('a step reading a layer above the one it writes', () => {
  const e = errorOf(() => new GlueSparkStep({ name: 'back', reads: MedallionLayer.GOLD, writes: MedallionLayer.SILVER, script }));
  expect(e.message).toBe("GlueSparkStep 'back': reads 'gold' is a layer above the one it writes ('silver'): data moves up the medallion " +
    '(bronze -> silver -> gold), so a step reads the layer it writes or the one below. Swap reads and writes, or read a lower layer.');
  expect(errorOf(() => new AthenaSqlStep({
    name: 'raw',
    reads: MedallionLayer.SILVER,
    writes: MedallionLayer.BRONZE,
    queryString: 'INSERT INTO x SELECT 1',
    inputTables: ['x'],
  }))
    .message).toMatch(/reads 'silver' is a layer above the one it writes \('bronze'\)/);
});

test('a script asset that does not exist', () => {
  const missing = path.join(LIFE_EXPECTANCY_DIR, 'nope.py');
  expect(errorOf(() => new GlueSparkStep({ name: 'score', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script: missing })).message)
    .toBe(`GlueSparkStep 'score': script '${missing}' does not exist (resolved: ${missing}). Give the path of the file, relative to the directory cdk synth ` +
      'runs in, or an absolute path (e.g. path.join(__dirname, ...)).');
  expect(errorOf(() => new GlueSparkStep({ name: 'score', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script, extraPythonModules: [missing] }))
    .message).toMatch(/extraPythonModules\[0\] '.*nope\.py' does not exist/);
});

test.each([
  ['every day', "it starts with neither 'rate(' nor 'cron(' (or misses the closing parenthesis)"],
  ['cron(0 3 * * ?)', 'a cron expression has 6 fields separated by single spaces, this one has 5'],
  ['rate(0 days)', 'a rate is at least 1'],
  ['rate(1 fortnight)', "a rate is '<n> <unit>' with a whole number n and the unit minute(s), hour(s) or day(s)"],
  ['rate(1 minutes)', "a rate of 1 takes the singular unit: 'rate(1 minute)'"],
  ['rate(5 hour)', "a rate above 1 takes the plural unit: 'rate(5 hours)'"],
  ['cron(0 3 * * * *)', "exactly one of day-of-month ('*') and day-of-week ('*') is '?' (EventBridge cannot match both); write e.g. '* ... ?' or '? ... *'"],
  ['cron(0 3 ? * ? *)', "exactly one of day-of-month ('?') and day-of-week ('?') is '?' (EventBridge cannot match both); write e.g. '* ... ?' or '? ... *'"],
  ['cron(0 x * * ? *)', "the hours field 'x' has 'x', which is not a number"],
  ['cron(0 25 * * ? *)', "the hours field '25' has 25, out of 0-23"],
  ['cron(0 3 * FOO ? *)', "the month field 'FOO' has 'FOO', which is not a number or a name (JAN, FEB, MAR, APR, MAY, JUN, JUL, AUG, SEP, OCT, NOV, DEC)"],
  ['cron(? 3 * * ? *)', "the minutes field '?' is '?', which only day-of-month and day-of-week allow"],
])('a schedule expression EventBridge refuses: %s', (schedule, why) => {
  expect(errorOf(() => pipeline({ schedule })).message).toBe(`DataPipeline 'Pipeline': schedule '${schedule}' is not an EventBridge schedule expression: ` +
    `${why}. Write 'rate(<n> <unit>)' or 'cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)', e.g. 'rate(1 hour)', ` +
    "'rate(15 minutes)' or 'cron(0 3 * * ? *)' (03:00 UTC daily); omit it to run on demand.");
});

test.each([['rate(1 minute)'], ['rate(15 minutes)'], ['rate(1 day)'], ['cron(0 3 * * ? *)'], ['cron(0/15 8-18 ? * MON-FRI *)'], ['cron(0 12 L * ? 2026-2030)'],
  ['cron(30 1 ? JAN,JUL 2#1 *)'], ['cron(0 0 15W * ? *)'], ['cron(0 0 ? * 6L *)']])('a schedule expression EventBridge accepts: %s', schedule => {
  expect(() => pipeline({ schedule })).not.toThrow();
});

test('a contract whose column type differs from the governance product\'s is a synth error naming the column', () => {
  const bank = buildBankMesh(new App());
  const { stack, lake } = bank.producers.insurance;
  const base = lifeExpectancyContract();
  const contract = new DataContract({
    product: 'life_expectancy',
    tables: [{ ...base.tables[0], columns: base.tables[0].columns.map(c => c.name === 'age' ? { ...c, type: ColumnType.BIGINT } : c) }],
  });
  const product = bank.governance.hub.dataProduct('life_expectancy');
  expect(errorOf(() => new DataPipeline(stack, 'Pipeline', { producer: lake, contract, product, steps: [gold()] })).message)
    .toMatch(/^DataPipeline 'Pipeline': data contract mismatch in table 'policyholder_life_expectancy': column 'age' is int in the governance product 'life_expectancy' \(hub\.addDataProduct\) but bigint in the pipeline's contract\./);
  const renamed = new DataContract({
    product: 'life_expectancy',
    tables: [{ ...base.tables[0], columns: base.tables[0].columns.map(c => c.name === 'age' ? { ...c, name: 'age_years' } : c) }],
  });
  expect(errorOf(() => new DataPipeline(stack, 'Pipeline2', { producer: lake, contract: renamed, product, steps: [gold()] })).message)
    .toMatch(/column 'age' \(int\) of the governance product 'life_expectancy' \(hub\.addDataProduct\) is missing in the pipeline's contract/);
});

test('the shared JSON contract equals the governance declaration of the reference mesh', () => {
  const bank = buildBankMesh(new App());
  const fromHub = DataContract.fromDataProduct(bank.governance.hub.dataProduct('life_expectancy'));
  expect(JSON.parse(fromHub.toJson())).toEqual(JSON.parse(lifeExpectancyContract().toJson()));
});

test('contract JSON errors name the column', () => {
  expect(errorOf(() => DataContract.fromJson('{"product":"x","tables":[{"name":"t","columns":[{"name":"a","type":"integer"}]}]}')).message)
    .toMatch(/^DataContract\.fromJson: tables\[0\]\.columns\[0\]\.type of column 'a' 'integer' is not a column type/);
  expect(DataContract.fromJson('{"product":"x","tables":[{"name":"t","columns":[{"name":"a","type":"map<string,array<decimal(18,2)>>"}]}]}')
    .tables[0].columns[0].type.name).toBe('map<string,array<decimal(18,2)>>');
});

test('no step writes gold; a gold step that is not the last; duplicate step names', () => {
  const clean = new GlueSparkStep({ name: 'clean', reads: MedallionLayer.BRONZE, writes: MedallionLayer.SILVER, script });
  expect(errorOf(() => pipeline({ steps: [clean] })).message).toMatch(/no step writes gold \(steps: clean: bronze -> silver\)/);
  expect(errorOf(() => pipeline({ steps: [gold(), clean] })).message).toMatch(/steps\[0\] 'score' writes gold but is not the last step/);
  expect(errorOf(() => pipeline({ steps: [gold(), gold()] })).message).toMatch(/steps\[1\] and steps\[0\] are both named 'score'/);
});

test('quality rules naming an undeclared column, bad ranges, bad worker settings', () => {
  expect(errorOf(() => pipeline({ qualityRules: [QualityRule.between('years', 0, 1)] })).message)
    .toMatch(/qualityRules\[0\] checks column 'years', which table 'policyholder_life_expectancy' does not declare/);
  expect(errorOf(() => QualityRule.between('age', 5, 1)).message).toMatch(/range 5\.\.1 of column 'age' is invalid/);
  expect(errorOf(() => new GlueSparkStep({ name: 'x', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script, numberOfWorkers: 1 })).message)
    .toMatch(/numberOfWorkers 1 is out of range/);
  expect(errorOf(() => new GlueSparkStep({ name: 'x', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script, workerType: 'G.1X' as any })).message)
    .toBe("GlueSparkStep 'x': workerType 'G.1X' is not a GlueWorkerType: use GlueWorkerType.G_1X, G_2X, G_4X or G_8X (or GlueWorkerType.of('G.12X') for " +
      'a type this version does not list).');
  expect(errorOf(() => new GlueSparkStep({ name: 'x', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script, arguments: { '--output_path': 's3://x/' } }))
    .message).toMatch(/arguments sets '--output_path', which the pipeline sets itself/);
});

test('worker types: G.1X to G.8X and of() for new ones; G.025X (streaming) and Z.2X (Ray) refused; Glue 4.0 and 5.0 only', () => {
  expect([GlueWorkerType.G_1X, GlueWorkerType.G_2X, GlueWorkerType.G_4X, GlueWorkerType.G_8X].map(w => w.name)).toEqual(['G.1X', 'G.2X', 'G.4X', 'G.8X']);
  expect(GlueWorkerType.of('G.12X').name).toBe('G.12X');
  expect(errorOf(() => GlueWorkerType.of('Z.2X')).message).toBe("GlueWorkerType.of('Z.2X'): workerType 'Z.2X' cannot run a Spark batch job: Z.2X is for " +
    'Glue Ray jobs only. Use GlueWorkerType.G_1X (the default), G_2X, G_4X or G_8X.');
  expect(errorOf(() => GlueWorkerType.of('G.025X')).message).toMatch(/G\.025X is for Glue streaming jobs only/);
  expect(errorOf(() => GlueWorkerType.of('Standard')).message).toMatch(/workerType 'Standard' is not a Glue worker type name \(like 'G\.1X'\)/);
  for (const glueVersion of ['3.0', '2.0', '6.0', 'latest']) {
    expect(errorOf(() => new GlueSparkStep({ name: 'x', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script, glueVersion })).message)
      .toBe(`GlueSparkStep 'x': glueVersion '${glueVersion}' is not supported: use '4.0' or '5.0' (Glue Spark 3 versions in support), e.g. glueVersion: '5.0'.`);
  }
  expect(() => new GlueSparkStep({ name: 'x', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script, glueVersion: '4.0', workerType: GlueWorkerType.G_8X }))
    .not.toThrow();
});

test('job bookmarks on a gold-writing step: gold would hold only the latest delta', () => {
  expect(errorOf(() => new GlueSparkStep({ name: 'score', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script, jobBookmarks: true })).message)
    .toBe("GlueSparkStep 'score': jobBookmarks is true on a step that writes gold: the step would write only the data that arrived since the last run, " +
      'and the publication replaces each gold table with its candidate, so gold would hold only the latest delta. Remove jobBookmarks here (the ' +
      'gold step reads all of silver), and use bookmarks only on silver steps whose output appends.');
  expect(() => new GlueSparkStep({ name: 'clean', reads: MedallionLayer.BRONZE, writes: MedallionLayer.SILVER, script, jobBookmarks: true })).not.toThrow();
});

test('Athena steps declare the tables they read and write, which their statement names', () => {
  const silver = {
    name: 'dedupe',
    reads: MedallionLayer.SILVER,
    writes: MedallionLayer.SILVER,
    queryString: 'INSERT INTO bank_insurance_silver.claims_clean SELECT DISTINCT * FROM bank_insurance_silver.claims_raw',
  };
  expect(errorOf(() => new AthenaSqlStep({ ...silver, inputTables: [] })).message).toBe("AthenaSqlStep 'dedupe': inputTables is required: the tables the " +
    "statement reads, by name in the layer's database (the state machine's role gets table-level grants on these only), e.g. inputTables: ['claims_raw'].");
  expect(errorOf(() => new AthenaSqlStep({ ...silver, inputTables: ['claims_raw'] })).message).toMatch(/outputTables is required: the tables the statement writes/);
  expect(errorOf(() => new AthenaSqlStep({ ...silver, inputTables: ['claims_raw'], outputTables: ['policies'] })).message)
    .toBe("AthenaSqlStep 'dedupe': outputTables[0] 'policies' does not occur in queryString: declare the tables the statement names, no others.");
  expect(errorOf(() => new AthenaSqlStep({ ...silver, inputTables: ['Claims-Raw'], outputTables: ['claims_clean'] })).message)
    .toMatch(/inputTables\[0\] 'Claims-Raw' is not a Glue table name/);
  expect(errorOf(() => new AthenaSqlStep({ ...silver, writes: MedallionLayer.GOLD, inputTables: ['claims_raw'], outputTables: ['claims_clean'] })).message)
    .toMatch(/outputTables is set on a step that writes gold/);
  expect(errorOf(() => new AthenaSqlStep({
    ...silver,
    writes: MedallionLayer.GOLD,
    inputTables: ['claims_raw'],
    queryString: 'CREATE TABLE bank_insurance_silver.x AS SELECT * FROM bank_insurance_silver.claims_raw',
  })).message)
    .toMatch(/queryString is a CREATE TABLE \.\.\. AS SELECT on a step that writes gold/);
});
