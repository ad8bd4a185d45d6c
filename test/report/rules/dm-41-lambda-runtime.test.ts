import { check, OWNER, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-41-lambda-runtime';

const fn = (runtime: string) => ({ Type: 'AWS::Lambda::Function', Properties: { Runtime: runtime, Handler: 'index.handler', Code: { ZipFile: 'x' }, Role: 'arn:aws:iam::111122223333:role/r' } });
const now = new Date('2026-11-27T00:00:00Z');

test('nodejs20.x (deprecated April 30, 2026) and python3.9: errors', () => {
  const findings = check(rule, [stack(OWNER, { Node: fn('nodejs20.x'), Py: fn('python3.9') })], { now });
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-41', 'error', 'Node'], ['DM-41', 'error', 'Py']]);
  expect(findings[0].what).toContain('runtime nodejs20.x is deprecated since 2026-04-30');
});

test('nodejs22.x, python3.12, a custom runtime, or nodejs20.x judged before its date: nothing', () => {
  expect(check(rule, [stack(OWNER, { A: fn('nodejs22.x'), B: fn('python3.12'), C: fn('provided.al2023') })], { now })).toEqual([]);
  expect(check(rule, [stack(OWNER, { A: fn('nodejs20.x') })], { now: new Date('2026-01-01T00:00:00Z') })).toEqual([]);
});
