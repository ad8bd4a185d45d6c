import { catalog, check, grant, onTable, OWNER, roleArn } from './support/templates';
import { rule } from '../../../src/report/rules/dm-26-legacy-permissions';

test('the legacy AWS::LakeFormation::Permissions: a warning', () => {
  const legacy = {
    Type: 'AWS::LakeFormation::Permissions',
    Properties: { DataLakePrincipal: { DataLakePrincipalIdentifier: roleArn(OWNER, 'r') }, Resource: { TableResource: { DatabaseName: 'sales', Name: 't' } }, Permissions: ['SELECT'] },
  };
  expect(check(rule, [catalog(OWNER, { L: legacy })]).map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-26', 'warning', 'L']]);
});

test('AWS::LakeFormation::PrincipalPermissions: nothing', () => {
  expect(check(rule, [catalog(OWNER, { G: grant(roleArn(OWNER, 'r'), onTable(OWNER, 'sales', 't'), ['SELECT']) })])).toEqual([]);
});
