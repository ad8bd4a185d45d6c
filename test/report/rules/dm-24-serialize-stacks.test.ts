import { catalog, check, grant, messages, onTable, OWNER, CONSUMER, roleArn, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-24-serialize-stacks';

const withGrant = (name: string, account: string, dependsOnStacks?: string[]) => ({
  ...stack(account, { G: grant(roleArn(account, 'analyst'), onTable(account, 'sales', 't'), ['SELECT']) }),
  stackName: name,
  dependsOnStacks,
});

test('two stacks of one account with grants and no order between them: one error naming the tail to depend on', () => {
  expect(messages(check(rule, [catalog(OWNER), withGrant('A', OWNER, ['S111122223333']), withGrant('B', OWNER, ['S111122223333'])]))).toEqual([
    'B/G: stack B holds Lake Formation grants of account 111122223333, and neither it nor stack A, the last of the chain of stacks with grants before it, ' +
    'is deployed after the other: deployed at the same time (cdk deploy --concurrency, a pipeline wave), Lake Formation fails one with ' +
    'ConcurrentModificationException. Fix: make stack B depend on stack A (this one dependency orders every stack of the account that holds grants).',
  ]);
});

/** Applies each finding's fix (`make stack X depend on stack Y`) to the stacks. */
function applyFixes(stacks: Array<ReturnType<typeof withGrant>>, findings: ReturnType<typeof check>): Array<ReturnType<typeof withGrant>> {
  const added = new Map<string, string[]>();
  for (const f of messages(findings)) {
    const [, from, to] = /Fix: make stack (\S+) depend on stack (\S+) \(/.exec(f)!;
    added.set(from, [...(added.get(from) ?? []), to]);
  }
  return stacks.map(s => ({ ...s, dependsOnStacks: [...(s.dependsOnStacks ?? []), ...(added.get(s.stackName) ?? [])] }));
}

test('N unordered stacks of one account: N-1 findings (one per gap, not one per pair), and applying their fixes leaves none', () => {
  // A <- B and C <- D are chained; E stands alone: two chains and a loner, three gaps (not the ten unordered pairs).
  const stacks = [withGrant('A', OWNER), withGrant('B', OWNER, ['A']), withGrant('C', OWNER), withGrant('D', OWNER, ['C']), withGrant('E', OWNER)];
  const findings = check(rule, stacks);
  expect(findings).toHaveLength(2);
  expect(messages(findings).map(m => /Fix: (make stack \S+ depend on stack \S+)/.exec(m)![1])).toEqual([
    'make stack C depend on stack B', 'make stack E depend on stack D',
  ]);
  expect(messages(findings)[0]).toMatch(/\(with the 1 other DM-24 serialize-stacks finding of this account \(one dependency each\), every stack/);
  expect(check(rule, applyFixes(stacks, findings))).toEqual([]);

  const five = ['P', 'Q', 'R', 'S', 'T'].map(n => withGrant(n, OWNER));
  const gaps = check(rule, five);
  expect(gaps).toHaveLength(4);
  expect(check(rule, applyFixes(five, gaps))).toEqual([]);
});

test('stacks chained one after the other, or in different accounts: nothing', () => {
  expect(check(rule, [withGrant('A', OWNER), withGrant('B', OWNER, ['A']), withGrant('C', OWNER, ['B'])])).toEqual([]);
  expect(check(rule, [withGrant('A', OWNER), withGrant('B', CONSUMER)])).toEqual([]);
});
