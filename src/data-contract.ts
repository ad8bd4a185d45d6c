/*
 * The data contract (issue 16): a product's declared tables, written once and used on both sides: the governance
 * hub's `addDataProduct` (the catalog, the column tags) and the producer's `DataPipeline` (the gold table it
 * publishes, its data-quality gate). Plain data with a JSON form, so that separate apps share one file.
 */
import * as fs from 'fs';
import { Duration } from 'aws-cdk-lib';
import { Confidentiality } from './confidentiality';
import { OdcsColumn, OdcsError, parseOdcs } from './contracts/odcs';
import type { DataProduct, DataProductMetadata, DataProductOptions, DataProductSettings } from './data-product';
import { ErrorScope, throwValidationError } from './private/errors';
import { readOnly } from './private/read-only';
import { listOf, subject } from './private/validation';
import { QualityRule } from './quality-rule';
import { ColumnSchema, ColumnType, DataFormat, PartitionKeySchema, PartitionProjection, TableSchema } from './schema';

/** Marks a `DataContract` (`DataContract.isDataContract`): `instanceof` fails when two copies of the library are installed. */
const DATA_CONTRACT_MARKER = Symbol.for('cdk-data-mesh.DataContract');

/** Props of a `DataContract`. */
export interface DataContractProps {
  /** The data product the contract describes (a product of the mesh description). */
  readonly product: string;
  /** The product's tables, as `GovernanceHub.addDataProduct` takes them. */
  readonly tables: TableSchema[];
  /**
   * What the contract says besides the tables (owner, team, support contact, freshness, ...), as `hub.addDataProduct` takes it.
   * @default - none
   */
  readonly metadata?: DataProductMetadata;
}

/**
 * The declared tables of a data product, shared by the governance catalog and the producer's pipeline. Declare it
 * once (in code or in a JSON file both apps read) and pass `contract.tables` to `hub.addDataProduct` and the
 * contract to the producer's `DataPipeline`; a pipeline given a product whose tables differ fails at synth, naming
 * the column.
 *
 * @example
 * // contractJson: the text of a JSON file both apps read (DataContract.toJson() writes it)
 * const contract = DataContract.fromJson(contractJson);
 * hub.addDataProduct(contract.product, { tables: contract.tables }); // governance app
 * // producer app: new DataPipeline(insurance, 'LifeExpectancy', { producer: lake, contract, steps: [...] })
 */
export class DataContract {
  /** Whether `x` is a `DataContract`, of this or any other copy of the library (a marker, as aws-cdk-lib's `isConstruct`). */
  public static isDataContract(x: any): x is DataContract {
    return x !== null && typeof x === 'object' && DATA_CONTRACT_MARKER in x;
  }

  /**
   * A contract from its JSON form: `{ "product": "...", "tables": [{ "name": "...", "columns": [{ "name": "...",
   * "type": "decimal(18,2)", "confidentiality": "private", "comment": "..." }], "format": "parquet", "description": "..." }] }`.
   */
  public static fromJson(json: string): DataContract {
    const who = 'DataContract.fromJson';
    let parsed: any;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      return throwValidationError(who, `the text is not valid JSON (${(e as Error).message}). Pass the JSON form of a contract (DataContract.toJson()).`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return throwValidationError(who, 'expected a JSON object { "product": ..., "tables": [...] } (the form DataContract.toJson() writes).');
    }
    if (!Array.isArray(parsed.tables)) {
      return throwValidationError(who, `contract of product '${parsed.product}' has no "tables" list. Write "tables": [{ "name": ..., "columns": [...] }].`);
    }
    const tables: TableSchema[] = parsed.tables.map((t: any, i: number) => {
      if (!t || typeof t !== 'object' || !Array.isArray(t.columns)) {
        throwValidationError(who, `tables[${i}] must be an object { "name": ..., "columns": [{ "name": ..., "type": ... }] }.`);
      }
      const formats = Object.values(DataFormat) as string[];
      if (t.format !== undefined && !formats.includes(t.format)) {
        throwValidationError(who, `tables[${i}].format '${t.format}' of table '${t.name}' is not a format (formats: ${formats.join(', ')}).`);
      }
      return {
        name: t.name,
        columns: t.columns.map((c: any, j: number) => {
          const prop = `tables[${i}].columns[${j}]`;
          if (!c || typeof c !== 'object') throwValidationError(who, `${prop} must be an object { "name": ..., "type": ... }.`);
          const levels = Object.values(Confidentiality) as string[];
          if (c.confidentiality !== undefined && !levels.includes(c.confidentiality)) {
            throwValidationError(who, `${prop}.confidentiality '${c.confidentiality}' of column '${c.name}' is not a level (levels: ${levels.join(', ')}).`);
          }
          return {
            name: c.name,
            type: parseColumnType(who, `${prop}.type of column '${c.name}'`, c.type),
            ...(c.confidentiality !== undefined ? { confidentiality: c.confidentiality as Confidentiality } : {}),
            ...(c.comment !== undefined ? { comment: String(c.comment) } : {}),
          } as ColumnSchema;
        }),
        ...(t.format !== undefined ? { format: t.format as DataFormat } : {}),
        ...(t.description !== undefined ? { description: String(t.description) } : {}),
        ...(t.qualityRules !== undefined ? { qualityRules: qualityRulesOf(who, `tables[${i}].qualityRules`, t.qualityRules) } : {}),
      } as TableSchema;
    });
    return new DataContract({ product: parsed.product, tables });
  }

  /**
   * A contract from an Open Data Contract Standard v3 document (YAML or JSON text), e.g. one `cdk-data-mesh contracts`
   * wrote: the product (`dataProduct`), its tables (`schema`: columns and partition keys with their Glue types
   * (`physicalType`), confidentiality (`classification`), comments, quality rules) and its metadata (owner and team,
   * description, support contact, update frequency, freshness, retention, version). Errors name the field.
   * See docs/data-mart.md for the mapping.
   */
  public static fromOdcs(text: string): DataContract {
    const who = 'DataContract.fromOdcs';
    let c;
    try {
      c = parseOdcs(text);
    } catch (e) {
      if (e instanceof OdcsError) return throwValidationError(who, `${e.field} ${e.problem}.`);
      throw e;
    }
    const levels = Object.values(Confidentiality) as string[];
    const formats = Object.values(DataFormat) as string[];
    const level = (col: OdcsColumn): Confidentiality | undefined => {
      if (col.classification === undefined) return undefined;
      if (!levels.includes(col.classification)) {
        throwValidationError(who, `${col.classificationField} '${col.classification}' of column '${col.name}' is not a confidentiality level (levels: ${levels.join(', ')}).`);
      }
      return col.classification as Confidentiality;
    };
    const tables: TableSchema[] = c.tables.map(t => {
      if (t.format !== undefined && !formats.includes(t.format)) {
        throwValidationError(who, `${t.formatField} '${t.format}' of table '${t.name}' is not a format (formats: ${formats.join(', ')}).`);
      }
      const columns: ColumnSchema[] = t.columns.map(col => ({
        name: col.name,
        type: parseColumnType(who, `${col.typeField} of column '${col.name}'`, col.type),
        ...(level(col) !== undefined ? { confidentiality: level(col) } : {}),
        ...(col.comment !== undefined ? { comment: col.comment } : {}),
      }));
      const partitionKeys: PartitionKeySchema[] = t.partitionKeys.map(k => ({
        name: k.name,
        type: parseColumnType(who, `${k.typeField} of partition key '${k.name}'`, k.type),
        projection: projectionOf(who, k),
        ...(level(k) !== undefined ? { confidentiality: level(k) } : {}),
        ...(k.comment !== undefined ? { comment: k.comment } : {}),
      }));
      const rules = [
        ...t.quality.map(q => QualityRule._of(q)),
        ...[...t.columns, ...t.partitionKeys].flatMap(col => col.quality.map(q => QualityRule._of(q, col.name))),
      ];
      return {
        name: t.name,
        columns,
        ...(partitionKeys.length > 0 ? { partitionKeys } : {}),
        ...(t.format !== undefined ? { format: t.format as DataFormat } : {}),
        ...(t.description !== undefined ? { description: t.description } : {}),
        ...(rules.length > 0 ? { qualityRules: rules } : {}),
      };
    });
    const hours = (h: number | undefined) => (h === undefined ? undefined : Duration.hours(h));
    const metadata: DataProductMetadata = dropUndefined({
      owner: c.owner,
      team: c.team,
      description: c.description,
      supportContact: c.supportContact,
      updateFrequency: hours(c.updateFrequencyHours),
      freshness: hours(c.freshnessHours),
      retention: hours(c.retentionHours),
      contractVersion: c.version,
    });
    return new DataContract({ product: c.product, tables, metadata });
  }

  /** A contract from an ODCS v3 file (`DataContract.fromOdcs` of its text). */
  public static fromOdcsFile(file: string): DataContract {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      return throwValidationError('DataContract.fromOdcsFile', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. ` +
        'Pass the path of an ODCS contract file (e.g. one `cdk-data-mesh contracts` wrote).');
    }
    try {
      return DataContract.fromOdcs(text);
    } catch (e) {
      (e as Error).message = `${(e as Error).message} (file ${file})`;
      throw e;
    }
  }

  /** The contract of a governance product (`hub.addDataProduct`): its declared tables, e.g. to write its JSON file for a producer app. */
  public static fromDataProduct(product: DataProduct): DataContract {
    return new DataContract({ product: product.productName, tables: product._schemas, metadata: product._metadata });
  }

  /** The data product. */
  public readonly product: string;
  /** The declared tables. */
  public readonly tables: TableSchema[];
  /** What the contract says besides the tables. */
  public readonly metadata: DataProductMetadata;

  constructor(props: DataContractProps) {
    Object.defineProperty(this, DATA_CONTRACT_MARKER, { value: true });
    const who = subject('DataContract', String(props?.product));
    if (!props || typeof props.product !== 'string' || props.product === '') {
      throwValidationError('DataContract', "product is required: the data product the contract describes, e.g. { product: 'life_expectancy', tables: [...] }.");
    }
    if (!Array.isArray(props.tables) || props.tables.length === 0) {
      throwValidationError(who, 'tables is empty. Declare at least one table with its columns (the data contract).');
    }
    props.tables.forEach((t, i) => {
      if (!t || typeof t.name !== 'string' || t.name === '') throwValidationError(who, `tables[${i}].name is required, e.g. 'policyholder_life_expectancy'.`);
      if (!Array.isArray(t.columns) || t.columns.length === 0) {
        throwValidationError(who, `tables[${i}].columns of table '${t.name}' is empty. Declare the table's columns.`);
      }
      t.columns.forEach((c, j) => {
        if (!ColumnType.isColumnType(c?.type)) {
          throwValidationError(who, `tables[${i}].columns[${j}].type of column '${c?.name}' is not a ColumnType. Use a ColumnType constant or factory, e.g. ColumnType.STRING.`);
        }
      });
    });
    props.tables.forEach((t, i) => {
      const names = [...t.columns.map(c => c.name), ...(t.partitionKeys ?? []).map(k => k.name)];
      (t.qualityRules ?? []).forEach((r, j) => {
        if (typeof (r as any)?.expression !== 'string') throwValidationError(who, `tables[${i}].qualityRules[${j}] of table '${t.name}' is not a QualityRule.`);
        if (r.column !== undefined && !names.includes(r.column)) {
          throwValidationError(who, `tables[${i}].qualityRules[${j}] (${r.expression}) checks column '${r.column}', which table '${t.name}' does not declare ` +
            `(columns: ${listOf(names)}). Fix the column name.`);
        }
      });
    });
    this.product = props.product;
    this.tables = Object.freeze([...props.tables]) as TableSchema[];
    this.metadata = readOnly({ ...(props.metadata ?? {}) }); // not frozen: jsii tags it for the other languages
  }

  /**
   * The options of `hub.addDataProduct` the contract declares: its tables and its metadata (owner, team, description,
   * support contact, update frequency, freshness, retention, version). Add what the contract does not say (a crawler,
   * custom tags, a location, discovery) as `settings`, e.g. `hub.addDataProduct(c.product, c.productOptions({ crawler: {...} }))`.
   *
   * @param settings what the contract does not state. Default: none.
   */
  public productOptions(settings: DataProductSettings = {}): DataProductOptions {
    return { ...settings, ...this.metadata, tables: this.tables };
  }

  /** The declared table named `name`. */
  public table(name: string): TableSchema {
    const t = this.tables.find(x => x.name === name);
    if (!t) {
      throwValidationError(subject('DataContract', this.product), `table '${name}' is not declared (tables: ${listOf(this.tables.map(x => x.name))}).`);
    }
    return t;
  }

  /** The names of the declared tables. */
  public get tableNames(): string[] {
    return this.tables.map(t => t.name);
  }

  /**
   * The JSON form (read back with `DataContract.fromJson`). Column tags, partition keys, locations and
   * `columnConfidentiality` have no JSON form yet: a contract that uses them is written in code.
   */
  public toJson(): string {
    const who = subject('DataContract', this.product);
    return JSON.stringify({
      product: this.product,
      tables: this.tables.map(t => {
        const unsupported = ['partitionKeys', 'location', 'columnConfidentiality'].filter(k => (t as any)[k] !== undefined);
        if (unsupported.length > 0 || t.columns.some(c => c.tags && c.tags.length > 0)) {
          throwValidationError(who, `table '${t.name}' uses ${listOf([...unsupported, ...(t.columns.some(c => c.tags?.length) ? ['column tags'] : [])])}, which ` +
            'the JSON form of a contract does not carry yet. Share the contract as code (a module both apps import), or leave those out of it.');
        }
        return {
          name: t.name,
          columns: t.columns.map(c => ({
            name: c.name,
            type: c.type.name,
            ...(c.confidentiality !== undefined ? { confidentiality: c.confidentiality } : {}),
            ...(c.comment !== undefined ? { comment: c.comment } : {}),
          })),
          ...(t.format !== undefined ? { format: t.format } : {}),
          ...(t.description !== undefined ? { description: t.description } : {}),
          ...(t.qualityRules && t.qualityRules.length > 0 ? { qualityRules: t.qualityRules.map(r => r.expression) } : {}),
        };
      }),
    }, undefined, 2);
  }
}

/** The quality rules of a contract's JSON form: a list of DQDL rules. */
function qualityRulesOf(scope: ErrorScope, prop: string, v: unknown): QualityRule[] {
  if (!Array.isArray(v) || v.some(x => typeof x !== 'string')) {
    throwValidationError(scope, `${prop} must be a list of DQDL rules (strings), e.g. ["RowCount >= 1"].`);
  }
  return (v as string[]).map(x => QualityRule.dqdl(x));
}

/** The partition projection of a partition key read from a contract (`customProperties` partitionProjection). */
function projectionOf(scope: ErrorScope, k: OdcsColumn): PartitionProjection {
  const p = k.projection;
  if (p === undefined) {
    throwValidationError(scope, `${k.projectionField} of partition key '${k.name}' has no partitionProjection: a product's partition keys need Athena ` +
      "partition projection, e.g. customProperties: [{ property: partitionProjection, value: { type: date, range: 'NOW-3YEARS,NOW' } }].");
  }
  const where = `${k.projectionField} of partition key '${k.name}'`;
  try {
    switch (p.type) {
      case 'date': return PartitionProjection.date({
        range: p.range,
        ...(p.format !== undefined ? { format: p.format } : {}),
        ...(p.interval !== undefined ? { interval: Number(p.interval) } : {}),
        ...(p['interval.unit'] !== undefined ? { intervalUnit: p['interval.unit'] } : {}),
      });
      case 'integer': {
        const [min, max] = String(p.range ?? '').split(',').map(Number);
        return PartitionProjection.integer(min, max, p.digits !== undefined ? Number(p.digits) : undefined);
      }
      case 'enum': return PartitionProjection.enumValues(String(p.values ?? '').split(','));
      case 'injected': return PartitionProjection.injected();
      default: return throwValidationError(scope, `${where}: type '${p.type}' is not a projection type (date, integer, enum, injected).`);
    }
  } catch (e) {
    (e as Error).message = `${(e as Error).message} (${where})`;
    throw e;
  }
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const PRIMITIVES: Record<string, ColumnType> = {
  string: ColumnType.STRING,
  int: ColumnType.INT,
  bigint: ColumnType.BIGINT,
  smallint: ColumnType.SMALLINT,
  tinyint: ColumnType.TINYINT,
  double: ColumnType.DOUBLE,
  float: ColumnType.FLOAT,
  boolean: ColumnType.BOOLEAN,
  date: ColumnType.DATE,
  timestamp: ColumnType.TIMESTAMP,
  binary: ColumnType.BINARY,
};

/** A `ColumnType` from the name Glue writes (`int`, `decimal(18,2)`, `array<string>`, `map<string,int>`). */
function parseColumnType(scope: ErrorScope, prop: string, text: unknown): ColumnType {
  const bad = (): never => throwValidationError(scope, `${prop} '${String(text)}' is not a column type: write it as Glue does, e.g. 'string', 'int', ` +
    `'decimal(18,2)', 'varchar(10)', 'array<string>', 'map<string,int>' (primitives: ${Object.keys(PRIMITIVES).join(', ')}).`);
  if (typeof text !== 'string') return bad();
  const s = text.replace(/\s+/g, '');
  if (PRIMITIVES[s]) return PRIMITIVES[s];
  let m = /^decimal\((\d+),(\d+)\)$/.exec(s);
  if (m) return ColumnType.decimal(Number(m[1]), Number(m[2]));
  m = /^varchar\((\d+)\)$/.exec(s);
  if (m) return ColumnType.varchar(Number(m[1]));
  m = /^array<(.+)>$/.exec(s);
  if (m) return ColumnType.arrayOf(parseColumnType(scope, prop, m[1]));
  m = /^map<(.+)>$/.exec(s);
  if (m) {
    // The key is primitive: the first top-level comma splits key and value.
    let depth = 0;
    for (let i = 0; i < m[1].length; i++) {
      const ch = m[1][i];
      if (ch === '<' || ch === '(') {depth++;} else if (ch === '>' || ch === ')') {depth--;} else if (ch === ',' && depth === 0) {
        return ColumnType.mapOf(parseColumnType(scope, prop, m[1].slice(0, i)), parseColumnType(scope, prop, m[1].slice(i + 1)));
      }
    }
  }
  return bad();
}
