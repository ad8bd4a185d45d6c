/*
 * Declared schemas of data products (the data contract): column types, formats and Athena partition
 * projection. Plain data and small value classes, jsii-friendly.
 */
import { Confidentiality } from './confidentiality';
import { LfTagCondition } from './lf-tag-condition';
import { ErrorScope, throwValidationError } from './private/errors';
import type { QualityRule } from './quality-rule';


/** Marks a `ColumnType` (`ColumnType.isColumnType`): `instanceof` fails when two copies of the library are installed. */
const COLUMN_TYPE_MARKER = Symbol.for('cdk-data-mesh.ColumnType');

/**
 * A Glue/Athena column type. Use the constants, or the factories for parameterized types.
 *
 * @example
 * hub.addDataProduct('claims', {
 *   tables: [{
 *     name: 'claims',
 *     columns: [
 *       { name: 'claim_id', type: ColumnType.STRING },
 *       { name: 'amount', type: ColumnType.decimal(18, 2) },
 *       { name: 'codes', type: ColumnType.arrayOf(ColumnType.varchar(10)) },
 *     ],
 *   }],
 * });
 */
export class ColumnType {
  public static readonly STRING = new ColumnType('string');
  public static readonly INT = new ColumnType('int');
  public static readonly BIGINT = new ColumnType('bigint');
  public static readonly SMALLINT = new ColumnType('smallint');
  public static readonly TINYINT = new ColumnType('tinyint');
  public static readonly DOUBLE = new ColumnType('double');
  public static readonly FLOAT = new ColumnType('float');
  public static readonly BOOLEAN = new ColumnType('boolean');
  public static readonly DATE = new ColumnType('date');
  public static readonly TIMESTAMP = new ColumnType('timestamp');
  public static readonly BINARY = new ColumnType('binary');

  /** Whether `x` is a `ColumnType`, of this or any other copy of the library (a marker, as aws-cdk-lib's `isConstruct`). */
  public static isColumnType(x: any): x is ColumnType {
    return x !== null && typeof x === 'object' && COLUMN_TYPE_MARKER in x;
  }

  /** `decimal(precision, scale)`: precision 1-38, scale 0-precision. */
  public static decimal(precision: number, scale: number): ColumnType {
    if (!Number.isInteger(precision) || precision < 1 || precision > 38 || !Number.isInteger(scale) || scale < 0 || scale > precision) {
      throwValidationError('ColumnType.decimal', `decimal(${precision}, ${scale}) is invalid: precision must be an integer from 1 to 38 and scale an integer ` +
        'from 0 to precision, e.g. ColumnType.decimal(18, 2).');
    }
    return new ColumnType(`decimal(${precision},${scale})`);
  }

  /** `varchar(length)`: length 1-65535. */
  public static varchar(length: number): ColumnType {
    if (!Number.isInteger(length) || length < 1 || length > 65535) {
      throwValidationError('ColumnType.varchar', `varchar(${length}) is invalid: length must be an integer from 1 to 65535, e.g. ColumnType.varchar(255).`);
    }
    return new ColumnType(`varchar(${length})`);
  }

  /** `array<element>`. */
  public static arrayOf(element: ColumnType): ColumnType {
    checkType('ColumnType.arrayOf', 'element', element, 'ColumnType.arrayOf(ColumnType.STRING)');
    return new ColumnType(`array<${element.name}>`, true);
  }

  /** `map<key,value>`; the key must be a primitive type (not an array or a map). */
  public static mapOf(key: ColumnType, value: ColumnType): ColumnType {
    checkType('ColumnType.mapOf', 'key', key, 'ColumnType.mapOf(ColumnType.STRING, ColumnType.INT)');
    checkType('ColumnType.mapOf', 'value', value, 'ColumnType.mapOf(ColumnType.STRING, ColumnType.INT)');
    if (key._complex) {
      throwValidationError('ColumnType.mapOf', `map<${key.name},${value.name}> is invalid: the key type '${key.name}' must be a primitive type (Hive and ` +
        'Athena map keys cannot be arrays or maps), e.g. ColumnType.mapOf(ColumnType.STRING, ColumnType.INT); keep the array or map in the value.');
    }
    return new ColumnType(`map<${key.name},${value.name}>`, true);
  }

  /** The type as Glue and Athena write it, e.g. `decimal(18,2)`. */
  public readonly name: string;
  /** True for arrays and maps, which can be neither partition keys nor map keys. @internal */
  public readonly _complex: boolean;

  private constructor(name: string, complex = false) {
    Object.defineProperty(this, COLUMN_TYPE_MARKER, { value: true });
    this.name = name;
    this._complex = complex;
  }
}

/** Throws unless `type` is a ColumnType (JavaScript callers can pass anything). */
function checkType(scope: ErrorScope, prop: string, type: unknown, example: string): void {
  if (!ColumnType.isColumnType(type)) {
    throwValidationError(scope, `the ${prop} type ${type === undefined || type === null ? 'is missing' : `'${String(type)}' is not a ColumnType`}: pass a ` +
      `ColumnType constant or factory, e.g. ${example}.`);
  }
}

/** The storage format of a table's files. */
export enum DataFormat {
  /** Apache Parquet (the default). */
  PARQUET = 'parquet',
  /** Apache ORC. */
  ORC = 'orc',
  /** JSON lines. */
  JSON = 'json',
  /** Comma-separated values. */
  CSV = 'csv',
}

/** A column of a declared table. */
export interface ColumnSchema {
  /** The column name: lower-case letters, digits and underscores, starting with a letter or underscore (at most 128). */
  readonly name: string;
  /** The column type. */
  readonly type: ColumnType;
  /**
   * The column's confidentiality level, attached as an LF-tag on the column.
   * @default - the product's `defaultConfidentiality`
   */
  readonly confidentiality?: Confidentiality;
  /**
   * Additional LF-tags of the column (custom keys of the ontology).
   * @default - none
   */
  readonly tags?: LfTagCondition[];
  /**
   * A description.
   * @default - none
   */
  readonly comment?: string;
}

/** Options of a date partition projection. */
export interface DatePartitionOptions {
  /** The range, e.g. `2020-01-01,NOW` (in `format`) or `NOW-3YEARS,NOW`. */
  readonly range: string;
  /**
   * The Java date format of the values in the S3 keys.
   * @default 'yyyy-MM-dd'
   */
  readonly format?: string;
  /**
   * The step between partitions.
   * @default 1
   */
  readonly interval?: number;
  /**
   * The unit of the interval: YEARS, MONTHS, WEEKS, DAYS, HOURS, MINUTES or SECONDS.
   * @default 'DAYS'
   */
  readonly intervalUnit?: string;
}

/**
 * Athena partition projection for a partition key: Athena computes partitions from the S3 layout, so
 * new partitions need no crawler run and no `MSCK REPAIR`.
 *
 * @example
 * const partitionKeys: PartitionKeySchema[] = [
 *   { name: 'ingest_date', type: ColumnType.STRING, projection: PartitionProjection.date({ range: 'NOW-3YEARS,NOW' }) },
 *   { name: 'region', type: ColumnType.STRING, projection: PartitionProjection.enumValues(['eu', 'us']) },
 * ];
 */
export class PartitionProjection {
  /** Dates in a range, e.g. `PartitionProjection.date({ range: 'NOW-3YEARS,NOW' })`. */
  public static date(options: DatePartitionOptions): PartitionProjection {
    const units = ['YEARS', 'MONTHS', 'WEEKS', 'DAYS', 'HOURS', 'MINUTES', 'SECONDS'];
    const unit = options.intervalUnit ?? 'DAYS';
    if (!units.includes(unit)) {
      throwValidationError('PartitionProjection.date', `intervalUnit '${unit}' is invalid: use one of ${units.join(', ')}, e.g. intervalUnit: 'DAYS'.`);
    }
    if (typeof options.range !== 'string' || options.range.split(',').length !== 2 || options.range.split(',').some(part => part.trim() === '')) {
      throwValidationError('PartitionProjection.date', `range '${options.range}' is invalid: write 'start,end' (dates in format, or relative to NOW), ` +
        "e.g. range: 'NOW-3YEARS,NOW'.");
    }
    if (options.format !== undefined && (typeof options.format !== 'string' || options.format.trim() === '')) {
      throwValidationError('PartitionProjection.date', `format '${options.format}' is invalid: give the Java date format of the values in the S3 keys, ` +
        "e.g. format: 'yyyy-MM-dd'.");
    }
    if (options.interval !== undefined && (!Number.isInteger(options.interval) || options.interval < 1)) {
      throwValidationError('PartitionProjection.date', `interval ${options.interval} is invalid: use a positive integer (a number of intervalUnit), e.g. interval: 1.`);
    }
    return new PartitionProjection({
      type: 'date',
      range: options.range,
      format: options.format ?? 'yyyy-MM-dd',
      interval: String(options.interval ?? 1),
      ['interval.unit']: unit,
    });
  }

  /** Integers from `min` to `max`, optionally zero-padded to `digits`. */
  public static integer(min: number, max: number, digits?: number): PartitionProjection {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
      throwValidationError('PartitionProjection.integer', `range ${min}..${max} is invalid: min and max are integers with min <= max, ` +
        'e.g. PartitionProjection.integer(0, 23).');
    }
    if (digits !== undefined && (!Number.isInteger(digits) || digits < 1)) {
      throwValidationError('PartitionProjection.integer', `digits ${digits} is invalid: use a positive integer (the zero-padded width), ` +
        'e.g. PartitionProjection.integer(0, 23, 2).');
    }
    return new PartitionProjection({ type: 'integer', range: `${min},${max}`, ...(digits ? { digits: String(digits) } : {}) });
  }

  /** A fixed list of values. */
  public static enumValues(values: string[]): PartitionProjection {
    if (!Array.isArray(values) || values.length === 0 || values.some(v => !v || v.includes(','))) {
      throwValidationError('PartitionProjection.enumValues', `[${(Array.isArray(values) ? values : []).map(v => `'${v}'`).join(', ')}] is invalid: give at least ` +
        "one value, none empty or containing a comma (Athena joins them with commas), e.g. PartitionProjection.enumValues(['eu', 'us']).");
    }
    return new PartitionProjection({ type: 'enum', values: values.join(',') });
  }

  /** Values supplied by every query's WHERE clause (`injected` projection). */
  public static injected(): PartitionProjection {
    return new PartitionProjection({ type: 'injected' });
  }

  private constructor(private readonly settings: Record<string, string>) {}

  /** The table parameters of this projection for partition key `key`. @internal */
  public _parameters(key: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.settings)) out[`projection.${key}.${k}`] = v;
    return out;
  }
}

/** A partition key of a declared table. */
export interface PartitionKeySchema {
  /** The key name (same rules as a column name; not also a column). */
  readonly name: string;
  /** The key's type: a primitive type (partitions are `key=value/` prefixes), not an array or a map. */
  readonly type: ColumnType;
  /** How Athena projects the key's partitions (so new partitions need no manual step). */
  readonly projection: PartitionProjection;
  /**
   * The key's confidentiality level, attached as an LF-tag on it like on any column.
   * @default - the product's `defaultConfidentiality`
   */
  readonly confidentiality?: Confidentiality;
  /**
   * A description.
   * @default - none
   */
  readonly comment?: string;
}

/** A declared table of a data product. */
export interface TableSchema {
  /** The table name: lower-case letters, digits and underscores (at most 128). */
  readonly name: string;
  /** The columns, in order. */
  readonly columns: ColumnSchema[];
  /**
   * The partition keys (Hive-style `key=value/` prefixes), each with its projection.
   * @default - not partitioned
   */
  readonly partitionKeys?: PartitionKeySchema[];
  /**
   * The file format.
   * @default DataFormat.PARQUET
   */
  readonly format?: DataFormat;
  /**
   * The table's location: a prefix of its own under the product's location (not the product location
   * itself, and neither inside nor around another table's location: Athena reads every object under it).
   * @default - `<product location><table>/`
   */
  readonly location?: string;
  /**
   * Confidentiality levels by column (or partition key) name, e.g. from a classification kept apart
   * from the schema. It sets the level of columns that declare none; a column whose own
   * `confidentiality` differs is a synth error (a declared level is never silently changed).
   * @default - none
   */
  readonly columnConfidentiality?: Record<string, Confidentiality>;
  /**
   * A description.
   * @default - none
   */
  readonly description?: string;
  /**
   * The table's data-quality rules (DQDL), part of its data contract (issue 18): the product stores them in the
   * catalog (the table's `cdk-data-mesh:quality` parameter, exported in its ODCS contract), and the gate of a
   * `DataPipeline` publishing the table runs them, after the rules the schema implies.
   * @default - none
   */
  readonly qualityRules?: QualityRule[];
}
