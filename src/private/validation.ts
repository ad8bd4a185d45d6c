/**
 * Shared validation helpers. Every message names the construct (or description), the prop, the bad
 * value and the fix, so the user can act on it without reading the library's source.
 */
import { ErrorScope, throwValidationError } from './errors';

/** Where a value comes from, e.g. `MeshDescription 'bank'` or `DataProducer 'Lake'`. */
export function subject(kind: string, name: string): string {
  return `${kind} '${name}'`;
}

/**
 * True when `value` is a stringified CDK token. Checked by shape only for the mesh description, which is
 * plain TypeScript and never loads aws-cdk-lib (DESIGN.md, Layout); constructs use `Token.isUnresolved`.
 */
export function isToken(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${Token[');
}

/** Plain data must be literal: the description crosses account boundaries and cannot carry tokens. */
export function requireLiteral(scope: ErrorScope, prop: string, value: string | undefined): void {
  if (value !== undefined && isToken(value)) {
    throwValidationError(scope, `${prop} must be a literal string, got an unresolved token (${value}). ` +
      'Cross-account names are derived at synth time, so write the value itself (e.g. the 12-digit account id).');
  }
}

export interface NameRule {
  /** Human description of the rule, used in the message. */
  readonly description: string;
  readonly pattern: RegExp;
  readonly minLength: number;
  readonly maxLength: number;
  /** An example of a valid value, used in the fix. */
  readonly example: string;
}

/** Validates `value` against `rule`, throwing an error that names the prop, the value and the fix. */
export function checkName(scope: ErrorScope, prop: string, value: string, rule: NameRule): void {
  requireLiteral(scope, prop, value);
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throwValidationError(scope, `${prop} must be a string (quote it), got ${typeof value} ${describeValue(value)}, e.g. '${rule.example}'.`);
  }
  if (typeof value !== 'string' || value.length === 0) {
    throwValidationError(scope, `${prop} is required (${rule.description}), e.g. '${rule.example}'.`);
  }
  if (value.length < rule.minLength || value.length > rule.maxLength) {
    const expected = rule.minLength === rule.maxLength ? `exactly ${rule.minLength}` : `${rule.minLength} to ${rule.maxLength}`;
    throwValidationError(scope, `${prop} '${value}' is ${plural(value.length, 'character')} long; it must be ${expected} characters (${rule.description}), e.g. '${rule.example}'.`);
  }
  if (!rule.pattern.test(value)) {
    throwValidationError(scope, `${prop} '${value}' is invalid: it must be ${rule.description}, e.g. '${rule.example}'.`);
  }
}

/** A non-string value as it would be written in code: `222222222222`, `true`, `{"a":1}`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'object' || typeof value === 'function') {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** Returns the values that appear more than once, in first-seen order. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) dup.add(v);
    seen.add(v);
  }
  return [...dup];
}

/** Formats a list for a message: `a, b, c` or `(none)`. */
export function listOf(values: readonly string[]): string {
  return values.length === 0 ? '(none)' : values.join(', ');
}

/** `1 character`, `2 characters`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
