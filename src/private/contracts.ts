/*
 * Comparing two declarations of a product's tables (the data contract, issue 16): the governance product and a
 * producer pipeline's contract must agree column for column, or synthesis fails naming the column.
 */
import { ErrorScope, throwValidationError } from './errors';
import { listOf } from './validation';
import type { TableSchema } from '../schema';

/**
 * Throws, naming the table and the column, unless `actual` declares the same tables with the same columns (names,
 * order, types) as `expected`. Confidentiality is the governance side's alone and not compared.
 */
export function checkSameColumns(scope: ErrorScope, expected: { product: string; tables: TableSchema[]; source: string },
  actual: { tables: TableSchema[]; source: string }): void {
  const fix = `Declare the schema once (a DataContract, or its JSON file) and use it on both sides: hub.addDataProduct('${expected.product}', ` +
    '{ tables: contract.tables }) and the pipeline\'s contract.';
  for (const table of expected.tables) {
    const other = actual.tables.find(t => t.name === table.name);
    if (!other) {
      throwValidationError(scope, `data contract mismatch: table '${table.name}' of product '${expected.product}' is declared by ${expected.source} ` +
        `but not by ${actual.source} (tables there: ${listOf(actual.tables.map(t => t.name))}). ${fix}`);
    }
    const n = Math.max(table.columns.length, other.columns.length);
    for (let i = 0; i < n; i++) {
      const a = table.columns[i];
      const b = other.columns[i];
      if (a && b && a.name === b.name && a.type.name === b.type.name) continue;
      if (a && b && a.name === b.name) {
        throwValidationError(scope, `data contract mismatch in table '${table.name}': column '${a.name}' is ${a.type.name} in ${expected.source} but ` +
          `${b.type.name} in ${actual.source}. ${fix}`);
      }
      const missing = a && !other.columns.some(c => c.name === a.name) ? a : undefined;
      if (missing) {
        throwValidationError(scope, `data contract mismatch in table '${table.name}': column '${missing.name}' (${missing.type.name}) of ${expected.source} ` +
          `is missing in ${actual.source}. ${fix}`);
      }
      const extra = b && !table.columns.some(c => c.name === b.name) ? b : undefined;
      if (extra) {
        throwValidationError(scope, `data contract mismatch in table '${table.name}': column '${extra.name}' (${extra.type.name}) of ${actual.source} ` +
          `is not declared in ${expected.source}. ${fix}`);
      }
      throwValidationError(scope, `data contract mismatch in table '${table.name}': column ${i + 1} is '${a?.name}' in ${expected.source} but ` +
        `'${b?.name}' in ${actual.source} (columns are compared in order: Parquet and Glue read them by position in some engines). ${fix}`);
    }
  }
  for (const table of expected.tables) {
    const other = actual.tables.find(t => t.name === table.name)!;
    const a = (table.qualityRules ?? []).map(r => r.expression);
    const b = (other.qualityRules ?? []).map(r => r.expression);
    if (a.length !== b.length || a.some((r, i) => r !== b[i])) {
      throwValidationError(scope, `data contract mismatch in table '${table.name}': its quality rules are [${a.join('; ')}] in ${expected.source} but ` +
        `[${b.join('; ')}] in ${actual.source} (the catalog's contract states the rules the gate runs). ${fix}`);
    }
  }
  const extraTable = actual.tables.find(t => !expected.tables.some(x => x.name === t.name));
  if (extraTable) {
    throwValidationError(scope, `data contract mismatch: table '${extraTable.name}' is declared by ${actual.source} but not by ${expected.source} ` +
      `(tables there: ${listOf(expected.tables.map(t => t.name))}). ${fix}`);
  }
}
