import { ANALYST, consumer, owner } from './support/sharing';
import { check, CONSUMER, grant, onDatabase, onTable, OWNER } from './support/templates';
import { evaluateStacks } from '../../../src/report/analyze';
import { rule } from '../../../src/report/rules/dm-22-regrant-not-held';

const shareT = (grantable: string[]) => ({ Share: grant(CONSUMER, onTable(OWNER, 'sales', 't'), ['SELECT', 'DESCRIBE'], grantable, ['T']) });

test('a named re-grant of a table the account holds without grant option, and of a database it was never granted: errors', () => {
  const findings = check(rule, [owner(shareT([])), consumer({
    G: grant(ANALYST, onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['Link']),
    D: grant(ANALYST, onDatabase(OWNER, 'sales'), ['DESCRIBE'], [], ['G']),
  })]);
  expect(findings.map(f => [f.logicalId, f.what])).toEqual([
    ['G', `account ${CONSUMER} grants ${ANALYST} SELECT on table sales.t of catalog ${OWNER} (sales.t of account ${OWNER}), which it was never granted with grant option: Lake Formation refuses the grant (AccessDeniedException).`],
    ['D', `account ${CONSUMER} grants ${ANALYST} DESCRIBE on database sales of catalog ${OWNER} (database sales of account ${OWNER}), which it was never granted with grant option: Lake Formation refuses the grant (AccessDeniedException).`],
  ]);
});

test('held with grant option (by name, or ALL), grants on its own link, or tables the assembly does not define: nothing', () => {
  expect(check(rule, [owner(shareT(['SELECT'])), consumer({
    G: grant(ANALYST, onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['Link']),
    L: grant(ANALYST, onDatabase(CONSUMER, 'sales_link'), ['DESCRIBE'], [], ['G']),
    X: grant(ANALYST, onTable(OWNER, 'sales', 'unknown_table'), ['SELECT'], [], ['L']),
  })])).toEqual([]);
  expect(check(rule, [owner(shareT(['ALL'])), consumer({ G: grant(ANALYST, onTable(OWNER, 'sales', 't'), ['SELECT', 'DESCRIBE']) })])).toEqual([]);
});

test('refused re-grants give nothing in the report: one asking for more permissions than held with grant option (SELECT held, DESCRIBE not)', () => {
  const stacks = [owner(shareT(['SELECT'])), consumer({ G: grant(ANALYST, onTable(OWNER, 'sales', 't'), ['SELECT', 'DESCRIBE'], [], ['Link']) })];
  expect(check(rule, stacks).map(f => f.logicalId)).toEqual(['G']);
  // Lake Formation refuses the whole grant: the analyst reads nothing (before, the SELECT held with grant option was counted).
  expect(evaluateStacks(stacks).access.filter(a => a.principal === ANALYST)).toEqual([]);
  const within = [owner(shareT(['SELECT'])), consumer({ G: grant(ANALYST, onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['Link']) })];
  expect(evaluateStacks(within).access.filter(a => a.principal === ANALYST).map(a => a.columns.join(','))).toEqual(['c1,c2,c3']);
});
