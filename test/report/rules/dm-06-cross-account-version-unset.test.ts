import { check, CONSUMER, grant, onDatabase, OWNER, settings, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-06-cross-account-version-unset';

const share = { Share: grant(CONSUMER, onDatabase(OWNER, 'sales'), ['DESCRIBE'], ['DESCRIBE']) };

test('settings of a sharing account without CROSS_ACCOUNT_VERSION: a warning', () => {
  const findings = check(rule, [stack(OWNER, { S: settings([], { Parameters: undefined }), ...share })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-06', 'warning', 'S']]);
});

test('an explicit version, or an account that does not share: nothing', () => {
  expect(check(rule, [stack(OWNER, { S: settings([]), ...share }), stack(CONSUMER, { S: settings([], { Parameters: undefined }) }, { stackName: 'Unrelated', account: '999999999999' })])).toEqual([]);
});
