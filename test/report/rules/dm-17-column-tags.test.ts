import { association, catalog, check, lfTag, OWNER } from './support/templates';
import { rule } from '../../../src/report/rules/dm-17-column-tags';

const columns = (names: string[]) => ({ TableWithColumns: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't', ColumnNames: names } });

test('tagging a column the declared table does not have: an error listing its columns', () => {
  const findings = check(rule, [catalog(OWNER, { K: lfTag(OWNER, 'level', ['low']), A: association(columns(['c1', 'nope']), [[OWNER, 'level', ['low']]], ['T', 'K']) })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-17', 'error', 'A']]);
  expect(findings[0].message).toContain('tags column nope, which sales.t (S111122223333/T) does not have');
});

test('existing columns (case-insensitive), or a table declared outside the assembly: nothing', () => {
  expect(check(rule, [catalog(OWNER, {
    A: association(columns(['C1', 'c3']), [[OWNER, 'level', ['low']]]),
    B: association({ TableWithColumns: { CatalogId: OWNER, DatabaseName: 'sales', Name: 'elsewhere', ColumnNames: ['x'] } }, [[OWNER, 'level', ['low']]]),
  })])).toEqual([]);
});
