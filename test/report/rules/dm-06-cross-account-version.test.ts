import { check, CONSUMER, grant, onDatabase, OTHER, OWNER, roleArn, settings, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-06-cross-account-version';

const share = { Share: grant(CONSUMER, onDatabase(OWNER, 'sales'), ['DESCRIBE'], ['DESCRIBE']) };
const version = (v: string) => ({ Parameters: { CROSS_ACCOUNT_VERSION: v } });

test('a sharing account below 3, and an account below the others: errors', () => {
  const findings = check(rule, [
    stack(OWNER, { S: settings([roleArn(OWNER, 'd')], version('2')), ...share }),
    stack(CONSUMER, { S: settings([roleArn(CONSUMER, 'd')], version('4')) }),
    stack(OTHER, { S: settings([roleArn(OTHER, 'd')], version('3')) }),
  ]);
  expect(findings.map(f => [f.id, f.severity, f.stackName])).toEqual([['DM-06', 'error', `S${OWNER}`], ['DM-06', 'error', `S${OTHER}`]]);
  expect(findings[0].message).toContain('CROSS_ACCOUNT_VERSION 2 in account 111122223333, which shares across accounts');
  expect(findings[1].message).toContain('CROSS_ACCOUNT_VERSION 3 in account 777788889999, but 111122223333 (2), 444455556666 (4) elsewhere');
});

test('the same version everywhere: nothing', () => {
  expect(check(rule, [
    stack(OWNER, { S: settings([], version('4')), ...share }),
    stack(CONSUMER, { S: settings([], version('4')) }),
  ])).toEqual([]);
});
