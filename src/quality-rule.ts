/*
 * Data-quality rules of a pipeline's gate (issue 16), in AWS Glue Data Quality's DQDL. The pipeline generates the
 * rules its data contract implies (every declared column exists, the column count, key columns complete and unique,
 * at least one row); these are the ones a user adds: allowed values, ranges, row counts, or any DQDL rule.
 */
import { throwValidationError } from './private/errors';

const COLUMN = /^[a-z_][a-z0-9_]*$/;

/**
 * One rule of the data-quality gate, in DQDL (AWS Glue Data Quality Definition Language).
 *
 * @example
 * const rules = [
 *   QualityRule.between('age', 18, 110),
 *   QualityRule.between('life_expectancy', 0, 100),
 *   QualityRule.allowedValues('sex', ['F', 'M']),
 *   QualityRule.dqdl('ColumnLength "policy_id" <= 16'),
 * ];
 */
export class QualityRule {
  /** The column's values are one of `values` (strings). */
  public static allowedValues(column: string, values: string[]): QualityRule {
    checkColumn('QualityRule.allowedValues', column);
    if (!Array.isArray(values) || values.length === 0 || values.some(v => typeof v !== 'string' || v.includes('"'))) {
      throwValidationError('QualityRule.allowedValues', `values of column '${column}' must be a non-empty list of strings without double quotes, e.g. ['F', 'M'].`);
    }
    return new QualityRule(`ColumnValues "${column}" in [${values.map(v => `"${v}"`).join(', ')}]`, column);
  }

  /** The column's values lie between `min` and `max`, both included. */
  public static between(column: string, min: number, max: number): QualityRule {
    checkColumn('QualityRule.between', column);
    if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max) || min > max) {
      throwValidationError('QualityRule.between', `range ${min}..${max} of column '${column}' is invalid: give finite numbers with min <= max, e.g. QualityRule.between('age', 18, 110).`);
    }
    return new QualityRule(`(ColumnValues "${column}" >= ${min}) and (ColumnValues "${column}" <= ${max})`, column);
  }

  /** The table has at least `count` rows. */
  public static rowCountAtLeast(count: number): QualityRule {
    if (!Number.isInteger(count) || count < 0) {
      throwValidationError('QualityRule.rowCountAtLeast', `count ${count} is invalid: give a whole number >= 0, e.g. QualityRule.rowCountAtLeast(1).`);
    }
    return new QualityRule(`RowCount >= ${count}`);
  }

  /** Any DQDL rule, e.g. `ColumnLength "policy_id" <= 16` (see the Glue Data Quality DQDL reference). */
  public static dqdl(rule: string): QualityRule {
    if (typeof rule !== 'string' || rule.trim() === '' || /[\r\n]/.test(rule) || /^\s*Rules\s*=/.test(rule)) {
      throwValidationError('QualityRule.dqdl', `rule '${rule}' is invalid: give one DQDL rule on one line (not a whole 'Rules = [...]' ruleset), ` +
        'e.g. QualityRule.dqdl(\'ColumnLength "policy_id" <= 16\').');
    }
    return new QualityRule(rule.trim());
  }

  /** A rule read from a contract (its DQDL, and the column it is declared on, if any). @internal */
  public static _of(expression: string, column?: string): QualityRule {
    const rule = QualityRule.dqdl(expression);
    if (column !== undefined) checkColumn('QualityRule', column);
    return new QualityRule(rule.expression, column);
  }

  /** The rule as DQDL. */
  public readonly expression: string;
  /** The column it checks, if one. */
  public readonly column?: string;

  private constructor(expression: string, column?: string) {
    this.expression = expression;
    this.column = column;
  }
}

function checkColumn(scope: string, column: string): void {
  if (typeof column !== 'string' || !COLUMN.test(column)) {
    throwValidationError(scope, `column '${column}' is not a column name (lower-case letters, digits and underscores), e.g. 'age'.`);
  }
}
