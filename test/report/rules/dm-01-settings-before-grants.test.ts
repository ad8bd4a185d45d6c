import { catalog, check, grant, messages, onTable, OWNER, roleArn } from './support/templates';
import { rule } from '../../../src/report/rules/dm-01-settings-before-grants';

const reader = roleArn(OWNER, 'reader');

test('a grant with no dependency path to the stack\'s DataLakeSettings is an error naming the fix', () => {
  expect(messages(check(rule, [catalog(OWNER, { G: grant(reader, onTable(OWNER, 'sales', 't'), ['SELECT']) })]))).toEqual([
    "S111122223333/G: AWS::LakeFormation::PrincipalPermissions is not ordered after the stack's DataLakeSettings Settings: CloudFormation may create it " +
    'before the settings make the deploying role a data lake admin, and Lake Formation then refuses it (AccessDeniedException). Fix: add DependsOn: ["Settings"] to G.',
  ]);
});

test('a dependency path through other resources (G -> T -> Db -> Settings) or a reference is enough', () => {
  expect(check(rule, [catalog(OWNER, {
    G: grant(reader, onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']),
    H: grant({ 'Fn::Sub': 'arn:aws:iam::111122223333:role/${Settings}' }, onTable(OWNER, 'sales', 'u'), ['SELECT']),
  })])).toEqual([]);
});
