import { catalog, check, grant, onTable, OWNER, ref, roleArn } from './support/templates';
import { rule } from '../../../src/report/rules/dm-44-unresolved-principal';

test('a principal given as a Ref to a parameter without default (a deploy-time token): a warning naming what the template writes', () => {
  const stack = catalog(OWNER, { G: grant(ref('ReaderArn'), onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']) });
  stack.template.Parameters = { ReaderArn: { Type: 'String' } };
  const findings = check(rule, [stack]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-44', 'warning', 'G']]);
  expect(findings[0].message).toBe(`S${OWNER}/G: grant G gives SELECT on table sales.t of catalog ${OWNER} to a principal known only at deploy time ` +
    '({"Ref":"ReaderArn"}, resolved as ${ReaderArn}): the report cannot say who reads through it (its entries name the placeholder) and does not evaluate ' +
    "that principal's IAM side. Fix: name the principal by a value the template states: the role ARN (Fn::GetAtt of a role of the assembly, or a literal or " +
    'derived ARN), a parameter with a default, or an account id.');
});

test('a custom resource attribute, or a missing principal: warnings; a literal ARN, a parameter with a default, Fn::GetAtt of a role: nothing', () => {
  const unresolved = catalog(OWNER, {
    Lookup: { Type: 'Custom::RoleLookup', Properties: { ServiceToken: 'x' } },
    A: grant({ 'Fn::GetAtt': ['Lookup', 'RoleArn'] }, onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']),
    B: { Type: 'AWS::LakeFormation::PrincipalPermissions', Properties: { Principal: {}, Resource: onTable(OWNER, 'sales', 'u'), Permissions: ['SELECT'] }, DependsOn: ['A'] },
  });
  expect(check(rule, [unresolved]).map(f => f.logicalId)).toEqual(['A', 'B']);
  const resolved = catalog(OWNER, {
    Reader: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
    A: grant(roleArn(OWNER, 'r'), onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']),
    B: grant(ref('P'), onTable(OWNER, 'sales', 'u'), ['SELECT'], [], ['A']),
    C: grant({ 'Fn::GetAtt': ['Reader', 'Arn'] }, onTable(OWNER, 'sales', 'u'), ['DESCRIBE'], [], ['B']),
  });
  resolved.template.Parameters = { P: { Type: 'String', Default: roleArn(OWNER, 'p') } };
  expect(check(rule, [resolved])).toEqual([]);
});
