import { catalog, check, grant, messages, onTable, OWNER, roleArn } from './support/templates';
import { rule } from '../../../src/report/rules/dm-24-serialize-grants';
import type { StackTemplate } from '../../../src/report/stack-template';

const g = (name: string, dependsOn?: string[]) => grant(roleArn(OWNER, name), onTable(OWNER, 'sales', 't'), ['SELECT'], [], dependsOn);

/** Adds each finding's `DependsOn` fix to the template, as a user would (`add DependsOn: ["X"] to Y`). */
function applyFixes(stacks: StackTemplate[], fixes: string[]): StackTemplate[] {
  const resources = stacks[0].template.Resources;
  for (const fix of fixes) {
    const [, dep, id] = /add DependsOn: \["([^"]+)"\] to (\S+) /.exec(fix)!;
    resources[id] = { ...resources[id], DependsOn: [...(resources[id].DependsOn ?? []), dep] };
  }
  return stacks;
}

test('grants of one stack that may run in parallel: an error whose subject is the grant, naming the tail of the chain before it', () => {
  expect(messages(check(rule, [catalog(OWNER, { A: g('a', ['T']), B: g('b', ['T']), C: g('c', ['A', 'B']) })]))).toEqual([
    'S111122223333/B: grant B is not ordered with grant A, the last of the chain of grants before it (neither depends on the other): CloudFormation may create ' +
    'them in parallel and Lake Formation fails one with ConcurrentModificationException or AlreadyExists. ' +
    'Fix: add DependsOn: ["A"] to B (this one dependency chains every grant of the stack).',
  ]);
});

test('a grant beside a chain: the fix names the chain\'s tail, and that one dependency leaves no finding (not a new one for the next grant)', () => {
  const stacks = () => [catalog(OWNER, { A1: g('a1', ['T']), A2: g('a2', ['A1']), A3: g('a3', ['A2']), A4: g('a4', ['A3']), X: g('x', ['T']) })];
  const findings = check(rule, stacks());
  expect(findings.map(f => [f.logicalId, f.fix])).toEqual([['X', 'add DependsOn: ["A4"] to X (this one dependency chains every grant of the stack).']]);
  expect(findings[0].what).toMatch(/^grant X is not ordered with grant A4, /);
  expect(check(rule, applyFixes(stacks(), findings.map(f => f.message)))).toEqual([]);
});

test('two chains and a lone grant: one finding per gap, each one dependency; applying them all leaves nothing', () => {
  const stacks = () => [catalog(OWNER, {
    A1: g('a1', ['T']),
    A2: g('a2', ['A1']),
    A3: g('a3', ['A2']),
    B1: g('b1', ['T']),
    B2: g('b2', ['B1']),
    X: g('x'),
  })];
  const findings = check(rule, stacks());
  expect(findings.map(f => [f.logicalId, /DependsOn: \["(\w+)"\]/.exec(f.fix!)![1]])).toEqual([['B1', 'A3'], ['X', 'B2']]);
  expect(findings.every(f => f.what.startsWith(`grant ${f.logicalId} is not ordered with grant `))).toBe(true);
  expect(findings[0].fix).toContain('with the 1 other DM-24 serialize-grants finding of this stack (one dependency each), every grant of the stack is chained');
  expect(check(rule, applyFixes(stacks(), findings.map(f => f.message)))).toEqual([]);
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
