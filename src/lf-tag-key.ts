import * as lf from 'aws-cdk-lib/aws-lakeformation';
import { LfTagCondition } from './lf-tag-condition';
import type { LfTagOntology } from './lf-tag-ontology';
import { throwValidationError } from './private/errors';
import { listOf } from './private/validation';

/**
 * An LF-tag key defined by an ontology, with its values. Conditions are built from it so that a value
 * the ontology does not define is a synth error.
 *
 * @example
 * const privateOrSensitive = tags.confidentiality.anyOf(['private', 'sensitive']);
 * const sharedWithExec = tags.consumerKey('exec').value('yes');
 */
export class LfTagKey {
  /** @internal */
  public static _create(ontology: LfTagOntology, name: string, values: string[], resource: lf.CfnTag): LfTagKey {
    return new LfTagKey(ontology, name, values, resource);
  }

  /** The ontology that defines the key. */
  public readonly ontology: LfTagOntology;
  /** The key name, e.g. `confidentiality`. */
  public readonly name: string;
  /** @internal */
  public readonly _resource: lf.CfnTag;
  private readonly definedValues: readonly string[];

  private constructor(ontology: LfTagOntology, name: string, values: string[], resource: lf.CfnTag) {
    this.ontology = ontology;
    this.name = name;
    this.definedValues = Object.freeze([...values]);
    this._resource = resource;
  }

  /** The allowed values, in declaration order; a copy, so changing it changes neither the key nor the synthesized tag. */
  public get values(): string[] {
    return [...this.definedValues];
  }

  /** A condition matching one value of this key. */
  public value(value: string): LfTagCondition {
    return this.anyOf([value]);
  }

  /** A condition matching any of `values` (ORed). */
  public anyOf(values: string[]): LfTagCondition {
    if (!Array.isArray(values) || values.length === 0) {
      throwValidationError(this.ontology, `a condition on key '${this.name}' needs at least one value (defined: ${listOf(this.definedValues)}), ` +
        `e.g. key.value('${this.definedValues[0]}').`);
    }
    for (const v of values) {
      if (!this.definedValues.includes(v)) {
        throwValidationError(this.ontology, `tag value '${v}' is not defined for key '${this.name}' (defined: ${listOf(this.values)}). ` +
          'Use a defined value, or add it to the ontology.');
      }
    }
    return LfTagCondition._of(this, [...new Set(values)]);
  }
}
