/*
 * Synth-time validation errors, as aws-cdk-lib throws them (core/lib/errors.ts): a typed error scoped to
 * the construct whose props are wrong (its path in the tree), so that no construct threads a "who" string
 * through its helpers. The message keeps the layout users see, `<Kind> '<id>': <what>, <fix>`; the
 * pitfall of DESIGN.md it guards (DM-xx) is a field of its own. No aws-cdk-lib import: the mesh
 * description (plain data) throws it too.
 */
import type { IConstruct } from 'constructs';

const VALIDATION_ERROR = Symbol.for('cdk-data-mesh.MeshValidationError');
const LABELS = new WeakMap<IConstruct, string>();

/** Either a construct, or the plain description a value comes from (e.g. `MeshDescription 'bank'`). */
export type ErrorScope = IConstruct | string;

/** A synth-time error in the props of one construct (or one plain description). */
export class MeshValidationError extends Error {
  /** True for a `MeshValidationError` of any copy of this package (a marker, not `instanceof`). */
  public static isMeshValidationError(x: unknown): x is MeshValidationError {
    return x !== null && typeof x === 'object' && VALIDATION_ERROR in x;
  }

  /** What the message names: `DataProductShare 'ml-share'`, `MeshDescription 'bank'`. */
  public readonly subject: string;
  /** The path of the construct in the construct tree, when the error is scoped to a construct. */
  public readonly constructPath?: string;
  /** The pitfall of DESIGN.md the check guards, e.g. `DM-40`, when there is one. */
  public readonly pitfall?: string;

  constructor(scope: ErrorScope, message: string, pitfall?: string) {
    const subject = labelOf(scope);
    super(`${subject}: ${message}`);
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
    this.name = 'ValidationError';
    this.subject = subject;
    this.constructPath = typeof scope === 'string' ? undefined : scope.node.path;
    this.pitfall = pitfall ?? /\bDM-\d\d\b/.exec(message)?.[0];
  }
}

/** Throws a `MeshValidationError` scoped to `scope` (its DM number read from the message unless given). */
export function throwValidationError(scope: ErrorScope, message: string, pitfall?: string): never {
  throw new MeshValidationError(scope, message, pitfall);
}

/** How messages name a construct: `<Kind> '<id>'` unless it was given a label of its own. */
export function labelAs(scope: IConstruct, label: string): void {
  LABELS.set(scope, label);
}

/** The name of a construct (or a plain subject) in messages and warnings. */
export function labelOf(scope: ErrorScope): string {
  if (typeof scope === 'string') return scope;
  return LABELS.get(scope) ?? `${scope.constructor.name} '${scope.node.id}'`;
}
