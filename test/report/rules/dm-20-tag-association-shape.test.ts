import { association, catalog, check, OWNER } from './support/templates';
import { rule } from '../../../src/report/rules/dm-20-tag-association-shape';

const tag: Array<[string, string, string[]]> = [[OWNER, 'level', ['low']]];

test('TableWildcard, TableWithColumns without ColumnNames or with ColumnWildcard, two resources: errors', () => {
  const findings = check(rule, [catalog(OWNER, {
    Wildcard: association({ Table: { CatalogId: OWNER, DatabaseName: 'sales', TableWildcard: {} } }, tag),
    NoColumns: association({ TableWithColumns: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't', ColumnWildcard: {} } }, tag),
    Two: association({ Database: { CatalogId: OWNER, Name: 'sales' }, Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't' } }, tag),
  })]);
  expect(findings.map(f => [f.logicalId, f.what])).toEqual([
    ['Wildcard', 'Table uses TableWildcard, which Lake Formation rejects for associations.'],
    ['NoColumns', 'TableWithColumns names no ColumnNames; TableWithColumns uses ColumnWildcard, which associations do not support.'],
    ['Two', 'it names Database and Table; an association names exactly one.'],
  ]);
});

test('one database, one named table, named columns: nothing', () => {
  expect(check(rule, [catalog(OWNER, {
    A: association({ Database: { CatalogId: OWNER, Name: 'sales' } }, tag),
    B: association({ Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't' } }, tag),
    C: association({ TableWithColumns: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't', ColumnNames: ['c1'] } }, tag),
  })])).toEqual([]);
});
