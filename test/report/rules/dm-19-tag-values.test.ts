import { association, catalog, check, grant, lfTag, onTag, onTags, OWNER, roleArn } from './support/templates';
import { evaluateStacks } from '../../../src/report/analyze';
import { rule } from '../../../src/report/rules/dm-19-tag-values';

const tags = { K: lfTag(OWNER, 'level', ['low', 'high']), D: lfTag(OWNER, 'domain', ['sales']) };
const onDb = { Database: { CatalogId: OWNER, Name: 'sales' } };

test('two values for one key, an undefined value, an undefined key: errors', () => {
  const findings = check(rule, [catalog(OWNER, {
    ...tags,
    Two: association(onDb, [[OWNER, 'level', ['low', 'high']]]),
    Undefined: association(onDb, [[OWNER, 'level', ['medium']]]),
    Grant: grant(roleArn(OWNER, 'r'), onTags(OWNER, { region: ['eu'] }), ['SELECT']),
    TagGrant: grant(roleArn(OWNER, 'r'), onTag(OWNER, 'level', ['LOW', 'secret']), ['DESCRIBE']),
  })]);
  expect(findings.map(f => [f.logicalId, f.what])).toEqual([
    ['Two', 'LF-tag level is given 2 values (low, high); a resource carries exactly one value per key: Lake Formation refuses the association.'],
    ['Undefined', 'medium is not a value of LF-tag level (low, high; S111122223333/K): Lake Formation refuses the association.'],
    ['Grant', 'LF-tag region is not defined in catalog 111122223333: Lake Formation refuses the grant.'],
    ['TagGrant', 'secret is not a value of LF-tag level (low, high; S111122223333/K): Lake Formation refuses the grant.'],
  ]);
});

test('more than 5 clauses in an expression: an error; defined keys and values (any case), or a catalog whose tags the assembly does not define: nothing', () => {
  const six = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map(k => [k, ['x']]));
  const many = check(rule, [catalog(OWNER, Object.fromEntries(Object.keys(six).map(k => [`T${k}`, lfTag(OWNER, k, ['x'])])), []), catalog(OWNER, {
    G: grant(roleArn(OWNER, 'r'), onTags(OWNER, six), ['SELECT']),
  })].map((s, i) => ({ ...s, stackName: `S${i}` })));
  expect(many.map(f => f.what)).toEqual(['the expression has 6 clauses (at most 5): Lake Formation refuses the grant.']);
  expect(check(rule, [catalog(OWNER, { ...tags, A: association(onDb, [[OWNER, 'LEVEL', ['Low']]]), G: grant(roleArn(OWNER, 'r'), onTags(OWNER, { level: ['high'] }), ['SELECT']) })])).toEqual([]);
  expect(check(rule, [catalog(OWNER, { A: association(onDb, [[OWNER, 'level', ['anything']]]) })])).toEqual([]);
});

test('a grant by an expression with an undefined value is refused whole: the report gives it nothing (not the columns of the defined value)', () => {
  const tagged = (values: string[]) => catalog(OWNER, {
    ...tags,
    Low: association({ Table: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't' } }, [[OWNER, 'level', ['low']]]),
    Grant: grant(roleArn(OWNER, 'r'), onTags(OWNER, { level: values }), ['SELECT']),
  });
  const reader = (values: string[]) => evaluateStacks([tagged(values)]).access.filter(a => a.principal === roleArn(OWNER, 'r')).map(a => a.table);
  expect(check(rule, [tagged(['low', 'bogus'])]).map(f => f.logicalId)).toEqual(['Grant']);
  expect(reader(['low', 'bogus'])).toEqual([]);
  expect(reader(['low'])).toEqual(['t']);
});
