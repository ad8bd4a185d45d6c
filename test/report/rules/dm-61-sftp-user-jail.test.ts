import { check, OWNER, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-61-sftp-user-jail';

const user = (props: any) => [stack(OWNER, {
  User: { Type: 'AWS::Transfer::User', Properties: { ServerId: 's-1', UserName: 'acme', Role: 'arn:aws:iam::111122223333:role/sftp', ...props } },
})];

test('a logical home mapped to a prefix: nothing', () => {
  expect(check(rule, user({ HomeDirectoryType: 'LOGICAL', HomeDirectoryMappings: [{ Entry: '/', Target: '/raw-data/landing/policyholders' }] }))).toEqual([]);
});

test('a PATH home (the default): an error', () => {
  const findings = check(rule, user({ HomeDirectory: '/raw-data/landing/policyholders' }));
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-61', 'error', 'User']]);
  expect(findings[0].message).toContain('has HomeDirectoryType PATH (the default)');
});

test('a logical home mapped to a bucket root: an error', () => {
  expect(check(rule, user({ HomeDirectoryType: 'LOGICAL', HomeDirectoryMappings: [{ Entry: '/', Target: '/raw-data' }] }))[0].message).toContain("a bucket's root");
});
