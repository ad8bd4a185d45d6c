/*
 * The catalog-metadata contract of a data product (issue 18): the Glue database and table parameters the
 * constructs write and the report (products.ts: contracts, catalog) reads. Kept where a consumer's DESCRIBE
 * shows them, under the `cdk-data-mesh:` prefix. The report owns this definition; the constructs import it
 * (it imports nothing).
 */

/** Parameters of a product's Glue database (each written only when its prop is set). */
export const PRODUCT_PARAMETERS = {
  /** The producer domain (always written). */
  producer: 'cdk-data-mesh:producer',
  owner: 'cdk-data-mesh:owner',
  team: 'cdk-data-mesh:team',
  supportContact: 'cdk-data-mesh:support',
  /** ISO 8601 durations (`P1D`, `PT26H`). */
  updateFrequency: 'cdk-data-mesh:update-frequency',
  freshness: 'cdk-data-mesh:freshness',
  retention: 'cdk-data-mesh:retention',
  contractVersion: 'cdk-data-mesh:contract-version',
  /** `false` when the product opts out of discovery (issue 18, discovery); absent: discoverable. */
  discoverable: 'cdk-data-mesh:discoverable',
} as const;

/** A whole number of hours as the product parameters record durations: ISO 8601 `P3D` for whole days, else `PT30H`. */
export function hoursToIso(hours: number): string {
  return hours % 24 === 0 ? `P${hours / 24}D` : `PT${hours}H`;
}

/**
 * The days and hours of such a duration (`P3D`, `PT30H`, `P1DT6H`), each only when written; undefined for anything else
 * (minutes, months, a token, free text).
 */
export function isoDaysHours(iso: string): { days?: number; hours?: number } | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?)?$/.exec(iso);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  return { ...(m[1] !== undefined ? { days: Number(m[1]) } : {}), ...(m[2] !== undefined ? { hours: Number(m[2]) } : {}) };
}

/** Parameters of a product's Glue tables. */
export const TABLE_PARAMETERS = {
  /** The table's quality rules: a JSON array of DQDL rules, in declaration order. */
  quality: 'cdk-data-mesh:quality',
} as const;

/**
 * The resource metadata key of a pipeline's Glue Data Quality ruleset (the gate of one product table), so that the
 * doctor can compare the rules the gate runs with the rules the product's contract states (DM-46).
 */
export const GATE_METADATA_KEY = 'cdk-data-mesh:gate';

/** What a gate ruleset's metadata says. */
export interface GateMetadata {
  readonly product: string;
  readonly table: string;
}
