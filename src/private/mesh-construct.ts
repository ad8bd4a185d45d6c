/* What every construct of a mesh checks first: that it was given the mesh description. */
import { IConstruct } from 'constructs';
import { throwValidationError } from './errors';
import { MeshDescription } from '../mesh';

/** Refuses a missing (or foreign) `mesh` prop, the same way for every construct. */
export function requireMesh(scope: IConstruct, mesh: unknown): asserts mesh is MeshDescription {
  if (!MeshDescription.isMeshDescription(mesh)) {
    throwValidationError(scope, 'mesh is required: pass the MeshDescription shared by every stack of the mesh.');
  }
}
