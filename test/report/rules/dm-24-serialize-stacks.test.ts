import { catalog, check, grant, messages, onTable, OWNER, CONSUMER, roleArn, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-24-serialize-stacks';

const withGrant = (name: string, account: string, dependsOnStacks?: string[]) => ({
  ...stack(account, { G: grant(roleArn(account, 'analyst'), onTable(account, 'sales', 't'), ['SELECT']) }),
  stackName: name,
  dependsOnStacks,
});

test('two stacks of one account with grants and no order between them: an error naming both', () => {
  expect(messages(check(rule, [catalog(OWNER), withGrant('A', OWNER, ['S111122223333']), withGrant('B', OWNER, ['S111122223333'])]))).toEqual([
    'B/G: stack B and stack A both hold Lake Formation grants of account 111122223333 and neither is deployed after the other: deployed at the same time ' +
    '(cdk deploy --concurrency, a pipeline wave), Lake Formation fails one with ConcurrentModificationException. Fix: make stack B depend on stack A (or the other way round).',
  ]);
});

test('stacks chained one after the other, or in different accounts: nothing', () => {
  expect(check(rule, [withGrant('A', OWNER), withGrant('B', OWNER, ['A']), withGrant('C', OWNER, ['B'])])).toEqual([]);
  expect(check(rule, [withGrant('A', OWNER), withGrant('B', CONSUMER)])).toEqual([]);
});
