import { catalog, check, grant, messages, onTable, OWNER, roleArn } from './support/templates';
import { rule } from '../../../src/report/rules/dm-24-serialize-grants';

const g = (name: string, dependsOn?: string[]) => grant(roleArn(OWNER, name), onTable(OWNER, 'sales', 't'), ['SELECT'], [], dependsOn);

test('grants of one stack that may run in parallel: an error for each grant beyond the first of its level', () => {
  expect(messages(check(rule, [catalog(OWNER, { A: g('a', ['T']), B: g('b', ['T']), C: g('c', ['A', 'B']) })]))).toEqual([
    'S111122223333/B: is not ordered with A (neither depends on the other): CloudFormation creates them in parallel and Lake Formation fails one with ' +
    'ConcurrentModificationException or AlreadyExists. Fix: chain the stack\'s grants with DependsOn (e.g. add DependsOn: ["A"] to B).',
  ]);
});

test('a DependsOn chain (also through other resources), or grants in different stacks: nothing', () => {
  expect(check(rule, [catalog(OWNER, {
    A: g('a', ['T']),
    Between: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} }, DependsOn: ['A'] },
    B: g('b', ['Between']),
    C: g('c', ['B']),
  })])).toEqual([]);
  expect(check(rule, [catalog(OWNER, { A: g('a') }), { ...catalog(OWNER, { B: g('b') }), stackName: 'Other' }])).toEqual([]);
});
