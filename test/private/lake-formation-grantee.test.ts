/*
 * grantDataEngineering and grantQuery create Lake Formation permissions as well as IAM statements: the
 * iam.Grant they return carries both, so that `grant.applyBefore(job)` makes the job wait for the role's
 * policy and for every Lake Formation permission of the role in its stack (minimal stacks, not the demo mesh; a consumer's
 * link DESCRIBE grants are in its shards, deployed after its stack).
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { bankMesh } from '../../examples/typescript/bank-mesh';
import { Confidentiality, DataConsumer, DataProducer } from '../../src';
import { idOf, ofType, resourcesOf } from '../support/template';

/** The PrincipalPermissions of `role`, and what `job` depends on. */
function lakeFormationOf(stack: Stack, role: iam.IRole, job?: CfnResource) {
  const resources = resourcesOf(stack);
  const grants = ofType(resources, 'AWS::LakeFormation::PrincipalPermissions')
    .filter(([, r]) => JSON.stringify(r.Properties.Principal).includes(idOf(role))).map(([id]) => id);
  return { grants, dependsOn: job ? resources[idOf(job)].DependsOn ?? [] : [], policy: idOf(role.node.findChild('DefaultPolicy')) };
}

test('grantDataEngineering: applyBefore(job) waits for the role policy and its nine Lake Formation permissions', () => {
  const stack = new Stack(new App(), 'Insurance', { env: bankMesh.producerEnv('insurance') });
  const lake = new DataProducer(stack, 'Lake', { mesh: bankMesh, domain: 'insurance' });
  const etl = new iam.Role(stack, 'Etl', { assumedBy: new iam.AccountRootPrincipal() });
  const job = new CfnResource(stack, 'Job', { type: 'AWS::SNS::Topic' });
  lake.grantDataEngineering(etl).applyBefore(job);
  const { grants, dependsOn, policy } = lakeFormationOf(stack, etl, job);
  expect(grants).toHaveLength(9); // database, tables and location of each of the three layers
  expect([...dependsOn].sort()).toEqual([policy, ...grants].sort());
});

test('grantDataEngineering without applyBefore: nothing depends on the grant (the template is what it always was)', () => {
  const stack = new Stack(new App(), 'Insurance', { env: bankMesh.producerEnv('insurance') });
  const lake = new DataProducer(stack, 'Lake', { mesh: bankMesh, domain: 'insurance' });
  const etl = new iam.Role(stack, 'Etl', { assumedBy: new iam.AccountRootPrincipal() });
  const job = new CfnResource(stack, 'Job', { type: 'AWS::SNS::Topic' });
  const grant = lake.grantDataEngineering(etl);
  expect(grant.success).toBe(true);
  expect(grant.principalStatements.length).toBeGreaterThan(0);
  expect(lakeFormationOf(stack, etl, job).dependsOn).toEqual([]);
});

test('grantQuery: applyBefore(job) waits for the role policy and the Lake Formation re-grants to the role', () => {
  const stack = new Stack(new App(), 'Ml', { env: bankMesh.consumerEnv('ml') });
  const consumer = new DataConsumer(stack, 'Consumer', {
    mesh: bankMesh, domain: 'ml', receivedShares: [{ products: ['life_expectancy'], maxConfidentiality: Confidentiality.PRIVATE }],
  });
  const notebook = new iam.Role(stack, 'Notebook', { assumedBy: new iam.AccountRootPrincipal() });
  const job = new CfnResource(stack, 'Job', { type: 'AWS::SNS::Topic' });
  consumer.grantQuery(notebook, Confidentiality.PUBLIC).applyBefore(job);
  const { grants, dependsOn, policy } = lakeFormationOf(stack, notebook, job);
  // the DATABASE and the TABLE tag expressions, the two discovery grants and DESCRIBE on the five LF-tag values the role
  // may see (confidentiality x3, producer x2; D66): the consumer stack's grants
  expect(grants).toHaveLength(9);
  expect([...dependsOn].sort()).toEqual([policy, ...grants].sort());
  // issue 13: the DESCRIBE on the link is in the consumer's shard of insurance, which deploys after this stack: the job cannot wait for it.
  expect(consumer.stacks.map(s => s.stackName)).toEqual(['Ml', 'Ml-insurance']);
  expect(lakeFormationOf(consumer.stacks[1], notebook).grants).toHaveLength(1);
  expect(consumer.stacks[1].dependencies).toContain(stack);
});

test('grantQuery on an IAM Identity Center role: the grant waits for the managed policy and the re-grants', () => {
  const stack = new Stack(new App(), 'Ml', { env: bankMesh.consumerEnv('ml') });
  const consumer = new DataConsumer(stack, 'Consumer', {
    mesh: bankMesh, domain: 'ml', receivedShares: [{ products: ['life_expectancy'], maxConfidentiality: Confidentiality.PRIVATE }],
  });
  const sso = iam.Role.fromRoleArn(stack, 'Sso', 'arn:aws:iam::555555555555:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Analyst_0123456789abcdef');
  const job = new CfnResource(stack, 'Job', { type: 'AWS::SNS::Topic' });
  consumer.grantQuery(sso, Confidentiality.PUBLIC).applyBefore(job);
  const resources = resourcesOf(stack);
  const grants = ofType(resources, 'AWS::LakeFormation::PrincipalPermissions')
    .filter(([, r]) => JSON.stringify(r.Properties.Principal).includes('AWSReservedSSO_Analyst')).map(([id]) => id);
  const [policy] = ofType(resources, 'AWS::IAM::ManagedPolicy').map(([id]) => id);
  expect(grants).toHaveLength(9); // as above (D66); the link's DESCRIBE is in the shard Ml-insurance
  expect([...resources[idOf(job)].DependsOn!].sort()).toEqual([policy, ...grants].sort());
  expect(ofType(resourcesOf(consumer.stacks[1]), 'AWS::LakeFormation::PrincipalPermissions')
    .filter(([, r]) => JSON.stringify(r.Properties.Principal).includes('AWSReservedSSO_Analyst')).map(([, r]) => r.Properties.Resource))
    .toEqual([{ Database: { CatalogId: '555555555555', Name: 'bank_life_expectancy' } }]);
});
