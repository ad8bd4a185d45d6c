import type { LfTagCondition } from './lf-tag-condition';
import { throwValidationError } from './private/errors';
import { describeCondition } from './private/tags';
import { duplicates, listOf } from './private/validation';

/** Lake Formation's limit of keys in one LFTagPolicy expression (DM-19). */
const MAX_EXPRESSION_KEYS = 5;

/**
 * A tag expression: conditions on distinct keys, ANDed (each condition ORs its values), as Lake
 * Formation evaluates `LFTagPolicy` expressions.
 *
 * @example
 * const mlUpToPrivate = LfTagExpression.of([tags.consumerKey('ml').value('yes')])
 *   .withCondition(tags.confidentialityAtMost(Confidentiality.PRIVATE));
 */
export class LfTagExpression {
  /** An expression of the given conditions (at most 5, one per key). */
  public static of(conditions: LfTagCondition[]): LfTagExpression {
    return new LfTagExpression(conditions);
  }

  private readonly anded: readonly LfTagCondition[];

  private constructor(conditions: LfTagCondition[]) {
    if (!Array.isArray(conditions) || conditions.length === 0) {
      throwValidationError('LfTagExpression', 'an expression needs at least one condition, e.g. ontology.consumerKey(\'ml\').value(\'yes\').');
    }
    const ontology = conditions[0].key.ontology;
    const foreign = conditions.findIndex(c => c.key.ontology !== ontology);
    if (foreign >= 0) {
      const c = conditions[foreign];
      throwValidationError('LfTagExpression', `conditions[${foreign}] '${describeCondition(c)}' comes from ontology '${c.key.ontology.node.path}', but ` +
        `conditions[0] '${describeCondition(conditions[0])}' from ontology '${ontology.node.path}'; all conditions of an expression must come ` +
        `from one ontology. Build every condition from the ontology of the governance stack the expression is used in, e.g. ontology.key('${c.keyName}').`);
    }
    const dup = duplicates(conditions.map(c => c.keyName));
    if (dup.length > 0) {
      throwValidationError(ontology, `expression names key '${dup[0]}' twice. Keys are ANDed and a resource has one value per key (DM-19): ` +
        'list every accepted value in one condition, e.g. key.anyOf([...]).');
    }
    if (conditions.length > MAX_EXPRESSION_KEYS) {
      throwValidationError(ontology, `expression has ${conditions.length} conditions (${listOf(conditions.map(c => c.keyName))}); ` +
        `Lake Formation accepts at most ${MAX_EXPRESSION_KEYS} in an LFTagPolicy expression (DM-19). Split the grant or use fewer keys.`);
    }
    this.anded = Object.freeze([...conditions]);
  }

  /** The ANDed conditions; a copy, so changing it changes nothing. */
  public get conditions(): LfTagCondition[] {
    return [...this.anded];
  }

  /**
   * This expression ANDed with one more condition (a new expression; this one is unchanged).
   * Named `withCondition` rather than `and`, a reserved word in Python.
   */
  public withCondition(condition: LfTagCondition): LfTagExpression {
    return new LfTagExpression([...this.anded, condition]);
  }

  /** A readable form, e.g. `consumer_ml=yes AND confidentiality IN (public, private)`. */
  public toString(): string {
    return this.anded.map(describeCondition).join(' AND ');
  }
}
