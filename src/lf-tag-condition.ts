import type { LfTagKey } from './lf-tag-key';

/**
 * A condition on one LF-tag key: the resource's value for `key` is one of `values` (values are ORed).
 * Build it from a key (`ontology.confidentiality.anyOf(...)`, `key.value('x')`) so it is checked.
 *
 * @example
 * const sharedWithMl = tags.consumerKey('ml').value('yes');
 * const upToPrivate = tags.confidentialityAtMost(Confidentiality.PRIVATE);
 * const expression = LfTagExpression.of([sharedWithMl, upToPrivate]);
 */
export class LfTagCondition {
  /** @internal */
  public static _of(key: LfTagKey, values: string[]): LfTagCondition {
    return new LfTagCondition(key, values);
  }

  /** The key. */
  public readonly key: LfTagKey;
  private readonly acceptedValues: readonly string[];

  private constructor(key: LfTagKey, values: string[]) {
    this.key = key;
    this.acceptedValues = Object.freeze([...values]);
  }

  /** The accepted values (ORed); a copy, so changing it changes nothing. */
  public get values(): string[] {
    return [...this.acceptedValues];
  }

  /** The key's name. */
  public get keyName(): string {
    return this.key.name;
  }
}
