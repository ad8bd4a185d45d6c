/*
 * The insurance life-expectancy transformation on real Apache Spark (pyspark from .engines, local mode): the thin
 * Glue wrappers run bronze CSV -> silver Parquet -> gold Parquet over the shipped sample. Dropped rows are counted
 * by reason, computed values equal values computed here by hand from the shipped SSA life table (an implementation
 * of its own, and the published e(x) where no risk factor applies), the gold schema equals the data contract.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DataContract } from '../../src';
import { runPython } from '../support/engines';

const SAMPLE = path.join(__dirname, '..', '..', 'examples', 'pipelines', 'life-expectancy');
const AS_OF = '2026-01-01';

interface Result {
  rejected: Record<string, string[]>;
  silverSchema: Array<[string, string]>;
  silverRows: number;
  goldSchema: Array<[string, string]>;
  publishedRows: number;
  refused: Record<string, { message: string; written: boolean } | null>;
  contractCheck: {
    bad: string | null;
    goldWritten: boolean;
    verdicts: Record<string, Array<{ passed: boolean; message: string; run: string; candidate: string }>>;
  };
  publishedRunRows: number;
  gold: Array<{ policy_id: string; customer_name: string; age: number; life_expectancy: number }>;
  silver: Array<{ policy_id: string; birth_date: string; sex: string; smoker: boolean; bmi: number; country: string }>;
}

let result: Result;
beforeAll(() => {
  const out = runPython([path.join(__dirname, 'life_expectancy_spark.py'), AS_OF], { timeoutMs: 600_000 });
  const line = out.split('\n').find(l => l.startsWith('RESULT '));
  if (!line) throw new Error(`no RESULT line in:\n${out}`);
  result = JSON.parse(line.slice('RESULT '.length));
}, 660_000);

/** q(x) by sex, x = 0..119, and the published e(x), from the shipped CSV. */
function lifeTable(): Record<string, { qx: number[]; ex: number[] }> {
  const rows = fs.readFileSync(path.join(SAMPLE, 'reference', 'ssa_period_life_table_2017.csv'), 'utf8').trim().split('\n').slice(1);
  const t: Record<string, { qx: number[]; ex: number[] }> = {};
  for (const row of rows) {
    const [, sex, age, qx, ex] = row.split(',');
    t[sex] ??= { qx: [], ex: [] };
    t[sex].qx[Number(age)] = Number(qx);
    t[sex].ex[Number(age)] = Number(ex);
  }
  return t;
}

/** The hazard ratios of the docs (docs/pipelines.md): Jha et al. 2013 (smoking), GBMC 2016 (BMI bands). */
function hazard(sex: string, smoker: boolean, bmi: number): number {
  const bands: Array<[number, number, number]> = [[15, 18.5, 1.51], [18.5, 20, 1.13], [20, 22.5, 1], [22.5, 25, 1], [25, 27.5, 1.07],
    [27.5, 30, 1.2], [30, 35, 1.45], [35, 40, 1.94], [40, 60, 2.76]];
  const band = bands.find(([lo, hi]) => bmi >= lo && bmi < hi)!;
  return (smoker ? (sex === 'M' ? 2.8 : 3.0) : 1) * band[2];
}

function completedYears(birth: string, asOf: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [ay, am, ad] = asOf.split('-').map(Number);
  return ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0);
}

test('rows dropped for bad input are counted, each with its reason', () => {
  expect(result.rejected).toEqual({
    malformed_row: ['P0017'],
    bad_policy_id: [''],
    bad_birth_date: ['P0009'],
    age_out_of_range: ['P0013'],
    bad_sex: ['P0010'],
    bad_smoker: ['P0011'],
    bad_bmi: ['P0012', 'P0019'],
    duplicate_row: ['P0002'],
    conflicting_duplicate: ['P0016', 'P0016'],
    no_life_table: ['P0014'],
  });
  const input = fs.readFileSync(path.join(SAMPLE, 'sample', 'policyholders.csv'), 'utf8').trim().split('\n').length - 1;
  const dropped = Object.values(result.rejected).reduce((n, ids) => n + ids.length, 0);
  expect(result.gold).toHaveLength(input - dropped);
  expect(result.gold.map(r => r.policy_id)).toEqual(['P0001', 'P0002', 'P0003', 'P0004', 'P0005', 'P0006', 'P0007', 'P0008', 'P0015', 'P0018']);
});

test('silver is typed, normalized and deduplicated', () => {
  expect(result.silverSchema).toEqual([['policy_id', 'string'], ['customer_name', 'string'], ['birth_date', 'date'], ['sex', 'string'],
    ['smoker', 'boolean'], ['bmi', 'double'], ['country', 'string']]);
  const sofia = result.silver.find(r => r.policy_id === 'P0018')!;
  expect(sofia).toMatchObject({ sex: 'F', smoker: false, country: 'US', bmi: 28.4, birth_date: '1951-12-18' });
  expect(result.silver.filter(r => r.policy_id === 'P0002')).toHaveLength(1);
});

test('without risk factors life_expectancy is the published SSA e(x); with them it equals the hand computation', () => {
  const table = lifeTable();
  const byId = new Map(result.gold.map(r => [r.policy_id, r]));
  // P0015: male, 70 on 2026-01-01, non-smoker, BMI 23.5 (reference band): SSA 2017 e(70) for men = 14.39.
  expect(byId.get('P0015')).toEqual({ policy_id: 'P0015', customer_name: 'Paul Ferreira', age: 70, life_expectancy: 14.39 });
  // P0001: female, 45, non-smoker, BMI 22.1: SSA 2017 e(45) for women = 37.80.
  expect(byId.get('P0001')).toEqual({ policy_id: 'P0001', customer_name: 'Alma Reyes', age: 45, life_expectancy: 37.8 });
  for (const s of result.silver.filter(r => byId.has(r.policy_id))) {
    const age = completedYears(s.birth_date, AS_OF);
    const hr = hazard(s.sex, s.smoker, s.bmi);
    let alive = 1;
    let years = 0.5;
    for (let x = age; x < 120; x++) {
      alive *= 1 - Math.min(1, hr * table[s.sex].qx[x]);
      years += alive;
    }
    const row = byId.get(s.policy_id)!;
    expect({ id: s.policy_id, age: row.age, e: row.life_expectancy }).toEqual({ id: s.policy_id, age, e: Math.round(years * 100) / 100 });
  }
  // The adjustments move in the documented direction: a smoker (P0002, male, 63) expects fewer years than the table.
  expect(byId.get('P0002')!.life_expectancy).toBeLessThan(table.M.ex[63] - 5);
});

test('the gold Parquet schema equals the declared gold schema (the data contract)', () => {
  const contract = DataContract.fromJson(fs.readFileSync(path.join(SAMPLE, 'contract.json'), 'utf8'));
  const declared = contract.table('policyholder_life_expectancy').columns.map(c => [c.name, c.type.name]);
  expect(result.goldSchema).toEqual(declared);
});

test('the publication writes a candidate that is the contract and refuses one that is not, naming the column, writing nothing', () => {
  expect(result.publishedRows).toBe(result.gold.length);
  expect(result.refused).toEqual({
    type: { message: "table policyholder_life_expectancy: column 'age' is bigint in the candidate but int in the data contract", written: false },
    missing: { message: "table policyholder_life_expectancy: column 'customer_name' (string) of the data contract is missing in the candidate", written: false },
  });
});

test('the contract check before the gate: a candidate file with a wrong column type fails, its verdict is kept, nothing reaches gold', () => {
  const { contractCheck } = result;
  expect(contractCheck.bad).toMatch(/^table policyholder_life_expectancy: |do not share one schema/);
  expect(contractCheck.goldWritten).toBe(false);
  expect(contractCheck.verdicts['run-ok']).toEqual([expect.objectContaining({ passed: true, run: 'run-ok', message: '' })]);
  expect(contractCheck.verdicts['run-bad']).toEqual([expect.objectContaining({ passed: false, run: 'run-bad' })]);
  expect(contractCheck.verdicts['run-bad'][0].candidate).toMatch(/_candidate\/run-bad\/policyholder_life_expectancy$/);
  expect(result.publishedRunRows).toBe(result.gold.length);
});
