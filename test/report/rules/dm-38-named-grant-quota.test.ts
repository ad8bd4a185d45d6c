import { check, CONSUMER, grant, onTable, OWNER, stack } from './support/templates';
import { NAMED_CROSS_ACCOUNT_QUOTA, rule } from '../../../src/report/rules/dm-38-named-grant-quota';

const grants = (n: number) => stack(OWNER, Object.fromEntries(Array.from({ length: n }, (_, i) => [`G${i}`, grant(CONSUMER, onTable(OWNER, 'sales', `t${i}`), ['SELECT'])])));

test(`more than ${NAMED_CROSS_ACCOUNT_QUOTA} named cross-account grants from one account: a warning`, () => {
  const findings = check(rule, [grants(NAMED_CROSS_ACCOUNT_QUOTA + 1)]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-38', 'warning', `G${NAMED_CROSS_ACCOUNT_QUOTA}`]]);
});

test(`${NAMED_CROSS_ACCOUNT_QUOTA} of them: nothing`, () => {
  expect(check(rule, [grants(NAMED_CROSS_ACCOUNT_QUOTA)])).toEqual([]);
});
