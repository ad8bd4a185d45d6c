import { consumer, owner, shareByTags } from './support/sharing';
import { check, CONSUMER, grant, onDatabase, OWNER, stack, databaseLink } from './support/templates';
import { rule } from '../../../src/report/rules/dm-30-consumer-admin';

test('an account that receives grants and has stacks in the assembly but no data lake admin: an error', () => {
  const findings = check(rule, [owner(shareByTags()), stack(CONSUMER, { Link: databaseLink(CONSUMER, 'sales_link', OWNER, 'sales') })]);
  expect(findings.map(f => [f.id, f.severity, f.stackName, f.logicalId])).toEqual([['DM-30', 'error', `S${CONSUMER}`, 'Link']]);
  expect(findings[0].message).toContain('account 444455556666 receives Lake Formation grants (e.g. S111122223333/ShareDb)');
});

test('settings with admins in the receiving account, or a receiving account outside the assembly: nothing', () => {
  expect(check(rule, [owner(shareByTags()), consumer()])).toEqual([]);
  expect(check(rule, [owner({ G: grant('999999999999', onDatabase(OWNER, 'sales'), ['DESCRIBE']) })])).toEqual([]);
});
