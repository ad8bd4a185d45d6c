/*
 * readProducts (issue 18): the products of the reference mesh as the templates declare them: contract metadata
 * from the database parameters, tables, columns with their confidentiality from the LF-tag associations,
 * partition keys with their projection.
 */
import { readAssembly } from '../../src/report/assembly';
import { readProducts } from '../../src/report/products';
import { removeTmpDirs, synthBankMesh } from '../support/assembly';

afterAll(removeTmpDirs);

const products = readProducts(readAssembly(synthBankMesh()));

test('every product of the reference mesh, sorted by name, with its producer, catalog and owner', () => {
  expect(products.map(p => [p.name, p.producer, p.governanceAccount, p.database, p.owner])).toEqual([
    ['claims', 'insurance', '111111111111', 'bank_claims', 'insurance-data@bank.example'],
    ['life_expectancy', 'insurance', '111111111111', 'bank_life_expectancy', 'insurance-data@bank.example'],
    ['portfolios', 'investments', '111111111111', 'bank_portfolios', 'investments-data@bank.example'],
  ]);
  expect(products.every(p => p.discoverable)).toBe(true);
});

test('the description is the one declared (without the owner the database description appends)', () => {
  expect(products.find(p => p.name === 'life_expectancy')!.description).toBe('Life expectancy of policyholders, by policy.');
});

test('each column carries the confidentiality its LF-tags give it; partition keys their projection', () => {
  const le = products.find(p => p.name === 'life_expectancy')!.tables[0];
  expect(le.columns.map(c => `${c.name}:${c.type}:${c.confidentiality}`)).toEqual([
    'policy_id:string:public', 'customer_name:string:private', 'age:int:public', 'life_expectancy:double:sensitive',
  ]);
  const claims = products.find(p => p.name === 'claims')!.tables[0];
  expect(claims.format).toBe('parquet');
  expect(claims.partitionKeys).toEqual([{
    name: 'ingest_date',
    type: 'string',
    confidentiality: 'public',
    projection: { 'type': 'date', 'range': 'NOW-3YEARS,NOW', 'format': 'yyyy-MM-dd', 'interval': '1', 'interval.unit': 'DAYS' },
  }]);
});
