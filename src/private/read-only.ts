/**
 * `obj` with every own property read-only (not writable, not configurable), as `Object.freeze` makes it, but still
 * extensible. The jsii kernel tags every struct it hands to Python, Java or Go with a symbol property, and fails on a
 * frozen one ("Cannot define property Symbol($__jsii__objid__$), object is not extensible"): a frozen struct in a
 * public property could be read from TypeScript only (docs/go.md). Arrays and maps of plain values travel by value
 * and may stay frozen.
 */
export function readOnly<T extends object>(obj: T): T {
  for (const key of Reflect.ownKeys(obj)) {
    Object.defineProperty(obj, key, { writable: false, configurable: false });
  }
  return obj;
}
