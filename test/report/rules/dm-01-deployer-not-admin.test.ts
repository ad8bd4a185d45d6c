import { catalog, check, grant, onTable, OWNER, roleArn, settings } from './support/templates';
import { rule } from '../../../src/report/rules/dm-01-deployer-not-admin';

const g = { G: grant(roleArn(OWNER, 'reader'), onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']) };

test('REPLACE settings without the deploying role (the manifest\'s execution role) are an error', () => {
  const findings = check(rule, [catalog(OWNER, g, [roleArn(OWNER, 'lake-admin')])]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-01', 'error', 'Settings']]);
  expect(findings[0].message).toContain(`without the deploying role ${roleArn(OWNER, 'deployer')}: once they apply, Lake Formation refuses the 1 grants`);
  expect(findings[0].fix).toContain('or use MutationType APPEND');
});

test('the deployer among the admins, APPEND settings, or no known deployer: nothing to report', () => {
  expect(check(rule, [catalog(OWNER, g)])).toEqual([]);
  expect(check(rule, [catalog(OWNER, { ...g, Settings: settings([roleArn(OWNER, 'lake-admin')], { MutationType: 'APPEND' }) })])).toEqual([]);
  expect(check(rule, [{ ...catalog(OWNER, g, [roleArn(OWNER, 'lake-admin')]), deploymentRoleArn: undefined }])).toEqual([]);
});
