import { catalog, check, getAtt, grant, onTable, OWNER, role, statement } from './support/templates';
import { rule } from '../../../src/report/rules/dm-32-assumed-conditions';

const reader = (condition?: any) => catalog(OWNER, {
  Reader: role('reader', [
    statement(['glue:GetDatabase', 'glue:GetTable'], '*', condition ? { Sid: 'FromVpc', Condition: condition } : {}),
    statement('lakeformation:GetDataAccess', '*'),
  ]),
  G: grant(getAtt('Reader'), onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']),
});

test('a condition key the templates cannot decide (aws:SourceVpc): a warning naming the statement, assumed to hold', () => {
  const findings = check(rule, [reader({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-32', 'warning', 'Reader']]);
  expect(findings[0].what).toBe('statement FromVpc of S111122223333/Reader (inline policy inline) has a condition the templates cannot decide (StringEquals aws:SourceVpc); ' +
    'it was assumed to hold (an Allow allows, a Deny denies) while checking DM-32.');
});

test('conditions the doctor evaluates (aws:PrincipalArn, aws:SecureTransport), or none: nothing', () => {
  expect(check(rule, [reader()])).toEqual([]);
  expect(check(rule, [reader({ Bool: { 'aws:SecureTransport': 'true' }, ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } })])).toEqual([]);
});
