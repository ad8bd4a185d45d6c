import { ANALYST, consumer, owner } from './support/sharing';
import { check, CONSUMER, grant, onDatabase, onTable, OWNER } from './support/templates';
import { evaluateStacks } from '../../../src/report/analyze';
import { rule } from '../../../src/report/rules/dm-45-grant-through-link';

const share = { Share: grant(CONSUMER, onTable(OWNER, 'sales', 't'), ['SELECT', 'DESCRIBE'], ['SELECT', 'DESCRIBE'], ['T']) };

test('a re-grant naming the table through the database resource link: a warning, and the report gives it nothing on the target (a link grant does not grant the target)', () => {
  const stacks = [owner(share), consumer({
    Describe: grant(ANALYST, onDatabase(CONSUMER, 'sales_link'), ['DESCRIBE'], [], ['Link']),
    Select: grant(ANALYST, onTable(CONSUMER, 'sales_link', 't'), ['SELECT'], [], ['Describe']),
  })];
  const findings = check(rule, stacks);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-45', 'warning', 'Select']]);
  expect(findings[0].message).toBe(`S${CONSUMER}/Select: grant Select gives ${ANALYST} SELECT on sales_link.t through resource link sales_link of account ${CONSUMER}: ` +
    `a grant on a resource link does not grant its target sales.t of account ${OWNER}, so the principal reads nothing of it (LF-DG "Granting resource link permissions"). ` +
    `Fix: name the target instead (CatalogId ${OWNER}, DatabaseName sales; account ${CONSUMER} must hold it with grant option when it does not own it), ` +
    'and keep DESCRIBE on the link for the way through it.');
  expect(evaluateStacks(stacks).access.filter(a => a.principal === ANALYST)).toEqual([]);
});

test('the same re-grant naming the target in the owner\'s catalog, and DESCRIBE on the link: nothing, and the analyst reads the table through the link', () => {
  const stacks = [owner(share), consumer({
    Describe: grant(ANALYST, onDatabase(CONSUMER, 'sales_link'), ['DESCRIBE'], [], ['Link']),
    Select: grant(ANALYST, onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['Describe']),
  })];
  expect(check(rule, stacks)).toEqual([]);
  expect(evaluateStacks(stacks).access.filter(a => a.principal === ANALYST).map(a => [a.table, a.via, a.columns.join(',')])).toEqual([['t', 'sales_link', 'c1,c2,c3']]);
});
