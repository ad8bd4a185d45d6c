import { association, catalog, check, grant, onTable, OWNER, roleArn, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-28-grant-dependency';

test('a grant and an association naming a table and a database of their stack without depending on them: errors', () => {
  const findings = check(rule, [catalog(OWNER, {
    G: grant(roleArn(OWNER, 'r'), onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['Settings']),
    A: association({ Database: { CatalogId: OWNER, Name: 'sales' } }, [[OWNER, 'level', ['low']]], ['Settings']),
  })]);
  expect(findings.map(f => [f.logicalId, f.fix])).toEqual([
    ['G', 'add DependsOn: ["Db"] to G.'],
    ['G', 'add DependsOn: ["T"] to G.'],
    ['A', 'add DependsOn: ["Db"] to A.'],
  ]);
  expect(findings[1].message).toContain('names Glue::Table T of the same stack without depending on it');
});

test('DependsOn the table (which depends on its database), or objects of another stack: nothing', () => {
  expect(check(rule, [catalog(OWNER, {
    G: grant(roleArn(OWNER, 'r'), onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']),
    H: grant(roleArn(OWNER, 'r'), onTable(OWNER, 'elsewhere', 'x'), ['SELECT']),
  })])).toEqual([]);
});

test('across stacks (shards): a grant naming a table of another stack of its account that it is not deployed after is an error; with the stack dependency, nothing', () => {
  const base = catalog(OWNER);
  const shard = (dependsOnStacks?: string[]) => ({
    ...stack(OWNER, { G: grant(roleArn(OWNER, 'r'), onTable(OWNER, 'sales', 't'), ['SELECT']) }),
    stackName: 'Shard',
    dependsOnStacks,
  });
  const findings = check(rule, [base, shard()]);
  expect(findings.map(f => [f.stackName, f.logicalId, f.fix])).toEqual([
    ['Shard', 'G', 'make stack Shard depend on stack S111122223333.'],
    ['Shard', 'G', 'make stack Shard depend on stack S111122223333.'],
  ]);
  expect(findings[1].message).toContain('names Glue::Table T of stack S111122223333, but stack Shard is not deployed after that stack');
  expect(check(rule, [base, shard(['S111122223333'])])).toEqual([]);
});
