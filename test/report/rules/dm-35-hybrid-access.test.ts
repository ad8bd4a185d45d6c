import { check, getAtt, OWNER, registration, role, roleArn, settings, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-35-hybrid-access';

const lake = (version: string, hybrid: boolean) => stack(OWNER, {
  S: settings([roleArn(OWNER, 'd')], { Parameters: { CROSS_ACCOUNT_VERSION: version } }),
  R: role('reg'),
  L: registration('arn:aws:s3:::b', getAtt('R'), { HybridAccessEnabled: hybrid }),
});

test('hybrid access mode with CROSS_ACCOUNT_VERSION 3: an error', () => {
  expect(check(rule, [lake('3', true)]).map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-35', 'error', 'L']]);
});

test('hybrid mode on version 4, or Lake Formation mode on any version: nothing', () => {
  expect(check(rule, [lake('4', true)])).toEqual([]);
  expect(check(rule, [lake('3', false)])).toEqual([]);
});
