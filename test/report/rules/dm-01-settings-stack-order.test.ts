import { catalog, check, grant, messages, onTable, OWNER, roleArn, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-01-settings-stack-order';

// A shard: grants of the owner account, no settings of its own.
const shard = (dependsOnStacks?: string[]) => ({
  ...stack(OWNER, { G: grant(roleArn(OWNER, 'analyst'), onTable(OWNER, 'sales', 't'), ['SELECT']) }),
  stackName: 'Shard',
  dependsOnStacks,
});

test('a stack with grants and no settings of its own, not deployed after the stack with its account\'s settings: an error naming both', () => {
  expect(messages(check(rule, [catalog(OWNER), shard()]))).toEqual([
    'Shard/G: stack Shard creates Lake Formation grants, LF-tags, associations or filters in account 111122223333 but writes no DataLakeSettings, and it is not ' +
    'deployed after stack S111122223333, which writes that account\'s settings: its first deployment may run before the deploying role is a data lake admin ' +
    '(AccessDeniedException). Fix: make stack Shard depend on stack S111122223333 (stack.addDependency(S111122223333)).',
  ]);
});

test('deployed after the settings stack (directly or through another stack), or with settings of its own: nothing', () => {
  expect(check(rule, [catalog(OWNER), shard(['S111122223333'])])).toEqual([]);
  const between = { ...stack(OWNER, {}), stackName: 'Between', dependsOnStacks: ['S111122223333'] };
  expect(check(rule, [catalog(OWNER), between, shard(['Between'])])).toEqual([]);
  expect(check(rule, [catalog(OWNER)])).toEqual([]);
});
