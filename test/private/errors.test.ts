/*
 * Validation errors are typed and scoped to the construct whose props are wrong (its path), carry the
 * pitfall they guard (DM-xx), and keep the message users see: `<Kind> '<id>': <what>, <fix>`.
 */
import { App, Stack } from 'aws-cdk-lib';
import { bankMesh } from '../../examples/typescript/bank-mesh';
import { DataConsumer, GovernanceHub, LfTagOntology, MeshDescription } from '../../src';
import { MeshValidationError } from '../../src/private/errors';

function thrown(fn: () => unknown): MeshValidationError {
  try {
    fn();
  } catch (e) {
    expect(MeshValidationError.isMeshValidationError(e)).toBe(true);
    return e as MeshValidationError;
  }
  throw new Error('expected a validation error');
}

test('a construct error names the construct, carries its path and its DM number', () => {
  const mesh = bankMesh;
  const app = new App();
  const gov = new Stack(app, 'Governance', { env: mesh.governanceEnv() });
  const ontology = new LfTagOntology(gov, 'Tags', { mesh });
  const elsewhere = new Stack(app, 'Elsewhere', { env: mesh.governanceEnv() });
  const e = thrown(() => new GovernanceHub(elsewhere, 'Hub', { mesh, ontology }));
  expect(e.name).toBe('ValidationError');
  expect(e.subject).toBe("GovernanceHub 'Hub'");
  expect(e.constructPath).toBe('Elsewhere/Hub');
  expect(e.pitfall).toBe('DM-40');
  expect(e.message).toMatch(/^GovernanceHub 'Hub': ontology 'Governance\/Tags' is in stack 'Governance', the hub in stack 'Elsewhere'\./);
});

test('an error without a pitfall has none; the consumer names itself by its kind and id', () => {
  const mesh = bankMesh;
  const app = new App();
  const ml = new Stack(app, 'Ml', { env: mesh.consumerEnv('ml') });
  const e = thrown(() => new DataConsumer(ml, 'Consumer', { mesh, domain: 'sales' }));
  expect([e.subject, e.constructPath, e.pitfall]).toEqual(["DataConsumer 'Consumer'", 'Ml/Consumer', undefined]);
});

test('plain data (the mesh description) is named by its description, with no construct path', () => {
  const e = thrown(() => new MeshDescription({
    name: 'bank', governance: { account: '111111111111', region: 'eu-west-1' }, producers: [], consumers: [],
  }));
  expect(e.subject).toBe("MeshDescription 'bank'");
  expect(e.constructPath).toBeUndefined();
});

test('the marker, not instanceof, tells the error (two copies of the package may be installed)', () => {
  const foreign = Object.assign(new Error('x'), { [Symbol.for('cdk-data-mesh.MeshValidationError')]: true });
  expect(MeshValidationError.isMeshValidationError(foreign)).toBe(true);
  expect(MeshValidationError.isMeshValidationError(new Error('x'))).toBe(false);
  expect(MeshValidationError.isMeshValidationError(undefined)).toBe(false);
});
