import { association, catalog, check, grant, lfTag, onTags, OWNER, roleArn, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-18-tag-dependency';

test('an association and a tag-expression grant not depending on the LF-tag of their stack: errors', () => {
  const findings = check(rule, [catalog(OWNER, {
    K: lfTag(OWNER, 'Level', ['low']),
    A: association({ Database: { CatalogId: OWNER, Name: 'sales' } }, [[OWNER, 'level', ['low']]], ['Db']),
    G: grant(roleArn(OWNER, 'r'), onTags(OWNER, { LEVEL: ['low'] }), ['SELECT']),
  })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId, f.fix])).toEqual([
    ['DM-18', 'error', 'A', 'add DependsOn: ["K"] to A.'],
    ['DM-18', 'error', 'G', 'add DependsOn: ["K"] to G.'],
  ]);
});

test('DependsOn the tag (directly or transitively), or a tag defined in another stack: nothing', () => {
  expect(check(rule, [catalog(OWNER, {
    K: lfTag(OWNER, 'level', ['low']),
    A: association({ Database: { CatalogId: OWNER, Name: 'sales' } }, [[OWNER, 'level', ['low']]], ['K']),
    G: grant(roleArn(OWNER, 'r'), onTags(OWNER, { level: ['low'] }), ['SELECT'], [], ['A']),
  })])).toEqual([]);
});

test('across stacks (shards): an association in a stack that is not deployed after the stack defining its tag is an error; with the stack dependency, nothing', () => {
  const base = catalog(OWNER, { K: lfTag(OWNER, 'level', ['low']) });
  const shard = (dependsOnStacks?: string[]) => ({
    ...stack(OWNER, { A: association({ Database: { CatalogId: OWNER, Name: 'sales' } }, [[OWNER, 'level', ['low']]]) }),
    stackName: 'Shard',
    dependsOnStacks,
  });
  const findings = check(rule, [base, shard()]);
  expect(findings.map(f => [f.id, f.stackName, f.logicalId, f.fix])).toEqual([['DM-18', 'Shard', 'A', 'make stack Shard depend on stack S111122223333.']]);
  expect(findings[0].message).toContain('defined by K in stack S111122223333, but stack Shard is not deployed after that stack');
  expect(check(rule, [base, shard(['S111122223333'])])).toEqual([]);
});
