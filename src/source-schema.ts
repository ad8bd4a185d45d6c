/* The columns of a source's records, as its bronze table declares them (issue 17). */
import { ColumnType } from './schema';

/**
 * A column of a source's bronze table: raw data, before any contract, so no confidentiality levels or
 * LF-tags (bronze is never shared; the data product's columns carry those, `ColumnSchema`).
 *
 * @exampleMetadata nofixture
 * @example
 * import { BronzeColumn, ColumnType } from 'cdk-data-mesh';
 *
 * const columns: BronzeColumn[] = [
 *   { name: 'policy_id', type: ColumnType.STRING },
 *   { name: 'premium', type: ColumnType.decimal(12, 2), comment: 'yearly premium in EUR' },
 * ];
 */
export interface BronzeColumn {
  /** The column name: lower-case letters, digits and underscores, starting with a letter or underscore (at most 128). */
  readonly name: string;
  /** The column type. */
  readonly type: ColumnType;
  /**
   * A description.
   * @default - none
   */
  readonly comment?: string;
}
