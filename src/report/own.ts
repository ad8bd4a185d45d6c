/*
 * Own-property access for records keyed by names users choose (column, table and product names, tag
 * keys and values, logical ids, condition keys, principal ARNs). A plain object inherits `constructor`,
 * `toString`, `hasOwnProperty`, `__proto__`... from Object.prototype: `record[name]` would return one
 * of those for a name the record does not hold, and `record['__proto__'] = v` would not store `v` at all.
 * No import: the report and the constructs both use it.
 */

/** `record[key]` if `record` holds `key` itself, else undefined (never an inherited property). */
export function own<T = any>(record: unknown, key: string): T | undefined {
  if (record === null || record === undefined || (typeof record !== 'object' && typeof record !== 'function')) return undefined;
  return Object.prototype.hasOwnProperty.call(record, key) ? (record as Record<string, T>)[key] : undefined;
}

/** Whether `record` holds `key` itself. */
export function hasOwn(record: unknown, key: string): boolean {
  return record !== null && record !== undefined && (typeof record === 'object' || typeof record === 'function')
    && Object.prototype.hasOwnProperty.call(record, key);
}

/** Stores `value` under `key` as an own property (`record['__proto__'] = v` would set the prototype instead). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
