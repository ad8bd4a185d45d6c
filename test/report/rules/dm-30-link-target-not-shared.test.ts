import { consumer, owner, shareByTags } from './support/sharing';
import { check, CONSUMER, grant, onDatabase, onTable, OWNER } from './support/templates';
import { rule } from '../../../src/report/rules/dm-30-link-target-not-shared';

test('a link to a database of the assembly that is not shared with the link\'s account: an error', () => {
  const findings = check(rule, [owner(), consumer()]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-30', 'error', 'Link']]);
  expect(findings[0].message).toBe(`S${CONSUMER}/Link: resource link sales_link targets sales of account ${OWNER}, which the assembly does not share with account ${CONSUMER}: ` +
    `queries through the link fail. Fix: share sales with account ${CONSUMER} from account ${OWNER} (DESCRIBE on the database, SELECT on its tables, with grant option), or fix the link's target.`);
});

test('shared by DATABASE tag expression, by name, through one of its tables; a target outside the assembly: nothing', () => {
  expect(check(rule, [owner(shareByTags()), consumer()])).toEqual([]);
  expect(check(rule, [owner({ G: grant(CONSUMER, onDatabase(OWNER, 'sales'), ['DESCRIBE'], [], ['Db']) }), consumer()])).toEqual([]);
  expect(check(rule, [owner({ G: grant(CONSUMER, onTable(OWNER, 'sales', 'u'), ['SELECT'], [], ['U']) }), consumer()])).toEqual([]);
  expect(check(rule, [consumer()])).toEqual([]);
});
