import { ANALYST, consumer, owner, shareByTags } from './support/sharing';
import { check, grant, onTable, OTHER, OWNER, roleArn } from './support/templates';
import { rule } from '../../../src/report/rules/dm-22-reshare';

test('a consumer re-granting a shared table to another account or its principal: an error each', () => {
  const findings = check(rule, [owner(shareByTags()), consumer({
    ToAccount: grant(OTHER, onTable(OWNER, 'sales', 't'), ['SELECT']),
    ToRole: grant(roleArn(OTHER, 'x'), onTable(OWNER, 'sales', 't'), ['SELECT']),
  })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-22', 'error', 'ToAccount'], ['DM-22', 'error', 'ToRole']]);
  expect(findings[0].message).toBe('S444455556666/ToAccount: account 444455556666 grants 777788889999 SELECT on sales.t of account 111122223333; ' +
    'an account can re-grant a resource shared with it only to principals of its own account. Share from the owner account 111122223333 instead.');
});

test('a re-grant to a principal of its own account: nothing', () => {
  expect(check(rule, [owner(shareByTags()), consumer({ G: grant(ANALYST, onTable(OWNER, 'sales', 't'), ['SELECT']) })])).toEqual([]);
});
