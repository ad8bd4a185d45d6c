import { catalog, check, grant, onTable, OWNER, ref, roleArn } from './support/templates';
import { evaluateStacks } from '../../../src/report/analyze';
import { rule } from '../../../src/report/rules/dm-44-principal-not-arn';

test('a role given by its name (Ref of the role) instead of its ARN: an error, and the report gives the grant nothing (Lake Formation refuses it)', () => {
  const stacks = [catalog(OWNER, {
    Reader: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'reader', AssumeRolePolicyDocument: {} } },
    G: grant(ref('Reader'), onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']),
  })];
  const findings = check(rule, stacks);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-44', 'error', 'G']]);
  expect(findings[0].message).toBe(`S${OWNER}/G: grant G names principal 'reader' on table sales.t of catalog ${OWNER}, which is not a principal Lake Formation accepts: ` +
    'it refuses the grant (InvalidInputException), and the report gives it nothing. Fix: name the role by its ARN (Fn::GetAtt <Role>.Arn), not by its name (Ref <Role>).');
  expect(evaluateStacks(stacks).access.filter(a => a.principal === 'reader')).toEqual([]);
});

test('an IAM group, a malformed role ARN (a space in the name): errors; accounts, roles, users, IAM_ALLOWED_PRINCIPALS, organizations, SAML, Identity Center: nothing', () => {
  const bad = ['arn:aws:iam::111122223333:group/analysts', 'arn:aws:iam::111122223333:role/my role', 'arn:aws:iam::1111:role/short-account'];
  const on = (p: string, i: number) => ({ [`G${i}`]: grant(p, onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']) });
  expect(check(rule, [catalog(OWNER, Object.assign({}, ...bad.map(on)))]).map(f => f.message.split(' Fix: ')[1])).toEqual([
    'IAM groups are not Lake Formation principals: grant the roles or users instead.',
    'write a well-formed IAM role or user ARN (arn:<partition>:iam::<account>:role/<path><name>).',
    'write a well-formed IAM role or user ARN (arn:<partition>:iam::<account>:role/<path><name>).',
  ]);
  const good = [
    '444455556666', 'arn:aws:iam::444455556666:root', roleArn(OWNER, 'r'), 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_x_0123',
    'arn:aws:iam::111122223333:user/people/someone', 'IAM_ALLOWED_PRINCIPALS', '111122223333:IAMPrincipals',
    'arn:aws:organizations::999900001111:organization/o-abc123', 'arn:aws:organizations::999900001111:ou/o-abc123/ou-ab12-cdef3456',
    'arn:aws:iam::111122223333:saml-provider/idp:user/alice', 'arn:aws:identitystore:::group/a1b2c3d4-5678', 'arn:aws-cn:iam::111122223333:role/cn',
  ];
  expect(check(rule, [catalog(OWNER, Object.assign({}, ...good.map(on)))])).toEqual([]);
});
