import { check, CONSUMER, grant, onDatabase, roleArn, settings, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-01-no-settings';

const regrant = { G: grant(roleArn(CONSUMER, 'analyst'), onDatabase(CONSUMER, 'link'), ['DESCRIBE']) };

test('grants in an account for which the assembly writes no settings: a warning (the deployer must already be an admin)', () => {
  const findings = check(rule, [stack(CONSUMER, regrant)]);
  expect(findings.map(f => [f.id, f.severity, f.message.split(':')[0]])).toEqual([['DM-01', 'warning', 'S444455556666/G']]);
});

test('settings of the account in another stack of the assembly are enough', () => {
  expect(check(rule, [stack(CONSUMER, regrant), stack(CONSUMER, { Settings: settings([roleArn(CONSUMER, 'deployer')]) }, { stackName: 'Settings' })])).toEqual([]);
});
