import { ANALYST, consumer, owner } from './support/sharing';
import { check, CONSUMER, grant, OWNER } from './support/templates';
import { rule } from '../../../src/report/rules/dm-22-regrant-capped';

const share = { Share: grant(CONSUMER, { TableWithColumns: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't', ColumnNames: ['c1'] } }, ['SELECT'], ['SELECT'], ['T']) };
const regrant = (columns: string[]) => ({ G: grant(ANALYST, { TableWithColumns: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't', ColumnNames: columns } }, ['SELECT'], [], ['Link']) });

test('a re-grant naming columns the account does not hold with grant option: a warning with the dropped and kept columns', () => {
  const findings = check(rule, [owner(share), consumer(regrant(['c1', 'c2']))]);
  expect(findings.map(f => [f.id, f.severity, f.message])).toEqual([['DM-22', 'warning',
    `S${CONSUMER}/G: grant to ${ANALYST} on sales.t names c2, which account ${CONSUMER} does not hold with grant option; Lake Formation caps the grant to c1.`]]);
});

test('a re-grant within what the account holds: nothing', () => {
  expect(check(rule, [owner(share), consumer(regrant(['c1']))])).toEqual([]);
});
