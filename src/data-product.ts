import { createHash } from 'crypto';
import { CfnDeletionPolicy, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lf from 'aws-cdk-lib/aws-lakeformation';
import { Construct } from 'constructs';
import { Confidentiality } from './confidentiality';
import type { GovernanceHub } from './governance-hub';
import { LfTagCondition } from './lf-tag-condition';
import { glueArn, GLUE_CATALOG_READ } from './private/catalog';
import { ErrorScope, labelAs, labelOf, throwValidationError } from './private/errors';
import { HubContext, hubContext } from './private/hub-context';
import { dependOnRolePolicy, LakeFormationGrants, LakeFormationSettings } from './private/lake-formation';
import { GET_DATA_ACCESS_REASON, suppressNag, suppressWildcards } from './private/nag';
import { after } from './private/order';
import { recordUndiscoverable } from './private/share-registry';
import { pascal } from './private/strings';
import { GLUE_NAME, TABLE_FORMATS as FORMATS } from './private/table-formats';
import { checkConfidentiality, CONFIDENTIALITY_ORDER, consumerKeyName, DISCOVERABLE_PARAMETER } from './private/tags';
import { checkName, duplicates, listOf } from './private/validation';
import { hoursToIso, PRODUCT_PARAMETERS, TABLE_PARAMETERS } from './report/product-metadata';
import { ColumnType, DataFormat, TableSchema } from './schema';

/** An optional Glue crawler of a data product. */
export interface CrawlerOptions {
  /**
   * A schedule, e.g. `cron(0 3 * * ? *)`.
   * @default - on demand
   */
  readonly schedule?: string;
}

/**
 * What a product's data contract says besides its tables (issue 18): who owns it, how to reach them, how fresh and
 * how long kept its data is. Stored in the product database's parameters (`cdk-data-mesh:*`, shown by a consumer's
 * `DESCRIBE`) and exported in its ODCS contract (`cdk-data-mesh contracts`).
 */
export interface DataProductMetadata {
  /**
   * The product's owner (team or e-mail), written to the database description.
   * @default - none
   */
  readonly owner?: string;
  /**
   * A description of the product.
   * @default - none
   */
  readonly description?: string;
  /**
   * The team that produces the product, e.g. `insurance-data-engineering`.
   * @default - none
   */
  readonly team?: string;
  /**
   * Where consumers ask about the product: an e-mail address or an `https://` URL (a chat channel, a ticket queue).
   * @default - none
   */
  readonly supportContact?: string;
  /**
   * How often the product's data is updated (whole hours), e.g. `Duration.days(1)`.
   * @default - not stated
   */
  readonly updateFrequency?: Duration;
  /**
   * How old the newest data may be at most (whole hours): the contract's latency, e.g. `Duration.hours(26)`.
   * @default - not stated
   */
  readonly freshness?: Duration;
  /**
   * How long data is kept (whole hours), e.g. `Duration.days(365 * 3)`.
   * @default - not stated
   */
  readonly retention?: Duration;
  /**
   * The version of the product's contract (semantic version, e.g. `1.2.0`).
   * @default - 1.0.0 in the exported contract, not stored
   */
  readonly contractVersion?: string;
}

/**
 * The options of a data product that are not part of its data contract: how the governance account catalogs it
 * (`DataContract.productOptions` takes them beside what a contract states).
 */
export interface DataProductSettings {
  /**
   * The level of columns that declare none.
   * @default Confidentiality.PUBLIC
   */
  readonly defaultConfidentiality?: Confidentiality;
  /**
   * The product's location; it must lie under the product's registered location (DM-14).
   * @default - `s3://<producer gold bucket>/<product>/`
   */
  readonly location?: string;
  /**
   * A Glue crawler with Lake Formation credentials over the product's location (DM-15, DM-16).
   * @default - no crawler
   */
  readonly crawler?: CrawlerOptions;
  /**
   * Additional LF-tags of the product database (custom keys of the ontology).
   * @default - none
   */
  readonly tags?: LfTagCondition[];
  /**
   * Whether every consumer account may discover the product: see its database, tables, columns (names, types,
   * comments), description, owner and confidentiality tags (Lake Formation `DESCRIBE`, never data). The database
   * then carries `discoverable=yes`, which the hub's discovery grants (one pair per consumer account) name.
   * `false` keeps the product invisible to consumers it is not shared with.
   * @default true
   */
  readonly discoverable?: boolean;
}

/** Options of a data product added to a hub. */
export interface DataProductOptions extends DataProductMetadata, DataProductSettings {
  /** The declared tables (the data contract). Columns get LF-tags; crawled tables only inherit database tags (DM-17). */
  readonly tables: TableSchema[];
}

/** Lake Formation's limit of LF-tags on one resource (DM-19). */
const MAX_TAGS_PER_RESOURCE = 50;

const CRAWLER_GLUE = [...GLUE_CATALOG_READ, 'glue:BatchCreatePartition', 'glue:BatchGetPartition', 'glue:CreatePartition', 'glue:CreateTable',
  'glue:UpdatePartition', 'glue:UpdateTable'];

/** What `GovernanceHub.addDataProduct` passes to the `DataProduct` it creates (not part of the public API). */
interface DataProductInit extends DataProductOptions {
  readonly hub: GovernanceHub;
  readonly name: string;
}

/** Proves that a `DataProduct` is created by `DataProduct._create` (that is, by `GovernanceHub.addDataProduct`). */
const CREATED_BY_HUB = Symbol('DataProduct created by GovernanceHub.addDataProduct');

/** Marks a `DataProduct` (`DataProduct.isDataProduct`): `instanceof` fails when two copies of the library are installed. */
const DATA_PRODUCT_MARKER = Symbol.for('cdk-data-mesh.DataProduct');

/**
 * A data product in the governance catalog. Only `GovernanceHub.addDataProduct` creates one (the class
 * has no public constructor): the hub keeps one product per name, so that no product gets two databases.
 *
 * @example
 * const claims = hub.addDataProduct('claims', { tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }] }] });
 * new DataProductShare(gov, 'ToBi', { hub, consumer: 'bi', products: [claims], maxConfidentiality: Confidentiality.PUBLIC });
 */
export class DataProduct extends Construct {
  /** Whether `x` is a `DataProduct`, of this or any other copy of the library (a marker, as aws-cdk-lib's `isConstruct`). */
  public static isDataProduct(x: any): x is DataProduct {
    return x !== null && typeof x === 'object' && DATA_PRODUCT_MARKER in x;
  }

  /** Creates the product of `hub.addDataProduct(name, options)`. @internal */
  public static _create(scope: Construct, id: string, init: DataProductInit): DataProduct {
    return new DataProduct(scope, id, init, CREATED_BY_HUB);
  }

  /** The product name. */
  public readonly productName: string;
  /** The producer domain. */
  public readonly producerDomain: string;
  /** The Glue database name in the governance catalog. */
  public readonly databaseName: string;
  /** The product's S3 location. */
  public readonly location: string;
  /** The hub. */
  public readonly hub: GovernanceHub;
  /** The crawler's name, if the product has one. */
  public readonly crawlerName?: string;
  /** Whether consumer accounts may discover the product (its metadata, never its data): the `discoverable` option. */
  public readonly discoverable: boolean;
  /** @internal */
  public readonly _database: glue.CfnDatabase;
  /** @internal */
  public readonly _tables: glue.CfnTable[] = [];
  /** The declared tables as given (the data contract a producer's pipeline compares with, issue 16). @internal */
  public readonly _schemas: TableSchema[];
  /** The contract metadata as given (issue 18). @internal */
  public readonly _metadata: DataProductMetadata;
  private readonly tableColumns = new Map<string, Map<string, Confidentiality>>();
  /** The LF-tags of the database (producer, and the custom ones), by key. */
  private readonly databaseTags = new Map<string, string>();
  /** Per table, the declared type of each column and partition key. */
  private readonly columnTypes = new Map<string, Map<string, { type: ColumnType; partitionKey: boolean }>>();
  /** Per table, the custom LF-tags each column sets itself, by key. */
  private readonly columnTags = new Map<string, Map<string, Map<string, string>>>();
  private readonly context: HubContext;
  /** The grants of the product's shard stack (issue 13). */
  private readonly grants: LakeFormationGrants;
  /** The construct IDs of this product's children and what each one is, to name both sides of a collision. */
  private readonly ids = new Map<string, string>();

  private constructor(scope: Construct, id: string, props: DataProductInit, token: symbol) {
    if (token !== CREATED_BY_HUB) {
      throwValidationError(`DataProduct '${id}'`, 'a data product is created with hub.addDataProduct(name, options), not with new DataProduct(...): ' +
        'the hub keeps one product per name, so that no product gets two databases.');
    }
    super(scope, id);
    Object.defineProperty(this, DATA_PRODUCT_MARKER, { value: true });
    const { hub, name } = props;
    labelAs(this, `${labelOf(hub)} data product '${name}'`);
    const mesh = hub.mesh;
    const stack = Stack.of(this);
    const producer = mesh.producerOf(name);
    this.hub = hub;
    this.productName = name;
    this._schemas = Array.isArray(props.tables) ? [...props.tables] : [];
    this._metadata = Object.fromEntries((['owner', 'description', 'team', 'supportContact', 'updateFrequency', 'freshness', 'retention', 'contractVersion'] as const)
      .filter(k => props[k] !== undefined).map(k => [k, props[k]]));
    this.producerDomain = producer.domain;
    this.databaseName = mesh.databaseName(name);
    const registered = mesh.productLocation(name);
    this.location = checkLocationUnder(this, 'location', props.location ?? registered, registered,
      "the product's registered location",
      'Lake Formation vends credentials only under registered locations: keep the product under its gold prefix.');
    const metadataParameters = checkMetadata(this, props);
    const defaultLevel = props.defaultConfidentiality ?? Confidentiality.PUBLIC;
    checkConfidentiality(this, 'defaultConfidentiality', defaultLevel);

    if (!Array.isArray(props.tables) || props.tables.length === 0) {
      throwValidationError(this, 'tables is empty. Declare at least one table (the data contract): column tags need declared tables (DM-17).');
    }
    props.tables.forEach((t, i) => checkName(this, `tables[${i}].name`, t.name, GLUE_NAME));
    const dupTables = duplicates(props.tables.map(t => t.name));
    if (dupTables.length > 0) {
      throwValidationError(this, `tables declares table '${dupTables[0]}' twice (${positions('tables', props.tables.map(t => t.name), dupTables[0])}). ` +
        'Table names are unique within a product: rename one, or merge their columns into one table.');
    }
    const tableLocations = this.checkTableLocations(props.tables);

    const ontology = hub.ontology;
    const context = hubContext(hub);
    this.context = context;
    if (props.discoverable !== undefined && typeof props.discoverable !== 'boolean') {
      throwValidationError(this, `discoverable is ${JSON.stringify(props.discoverable)}; give true (every consumer account sees the product's metadata) or false.`);
    }
    const discoverable = props.discoverable ?? true;
    this.discoverable = discoverable;
    // A consumer of this app accepts no RAM invitation for an opted-out product it has no share of (D66).
    if (!discoverable) recordUndiscoverable(this, mesh.name, name);
    const settings = context.settings;
    const registration = context.registration(name);

    this._database = new glue.CfnDatabase(this, this.claim('Database', 'the Glue database'), {
      catalogId: stack.account,
      databaseInput: {
        name: this.databaseName,
        description: [props.description, props.owner ? `Owner: ${props.owner}` : undefined].filter(Boolean).join(' ') || `Data product ${name} of ${producer.domain}`,
        locationUri: this.location,
        createTableDefaultPermissions: [], // DM-04
        parameters: {
          'cdk-data-mesh:producer': producer.domain,
          ...(props.owner ? { 'cdk-data-mesh:owner': props.owner } : {}),
          ...metadataParameters,
          // D66: only an opt-out is recorded, so that the databases of discoverable products stay as they were.
          ...(discoverable ? {} : { [DISCOVERABLE_PARAMETER]: 'false' }),
        },
      },
    });
    settings.gate(this._database);
    after(this._database, registration); // DM-14: the location is registered first (in the governance stack: the shard waits for it)
    this.grants = context.shard(name).grants;

    // Database tags: producer, and confidentiality=sensitive so that anything untagged fails closed.
    // They have an association of their own, which no custom tag ever changes: a change replaces an
    // association, and the replaced one's delete may strip its keys (DM-39).
    const customDbTags = props.tags ?? [];
    this.checkCustomTags('tags', customDbTags);
    this.checkTags('tags', customDbTags, 2, 'the database also carries producer and confidentiality');
    this.databaseTags.set(ontology.producer.name, producer.domain);
    customDbTags.forEach(t => this.databaseTags.set(t.keyName, t.values[0]));
    const database = { database: { catalogId: stack.account, name: this.databaseName } };
    associate(this, this.claim('DatabaseTags', 'the producer/confidentiality association of the database'), settings,
      [ontology.producedBy(producer.domain), ontology.confidentialityIs(Confidentiality.SENSITIVE)], database, [this._database]);
    // One association per custom key (DM-39): adding or removing a key creates or deletes only its own
    // association; a changed value replaces it, and the old one is retained (not deleted), so that its
    // delete cannot strip the key the new one has just set. A key removed from the props is deleted.
    for (const t of customDbTags) {
      const association = associate(this, this.claim(`DatabaseCustomTag${pascal(t.keyName)}`, `the association of database tag '${t.keyName}'`),
        settings, [t], database, [this._database]);
      retainOnReplaceOnly(association);
    }

    // D66: discovery has an association of its own (DM-39): opting in or out creates or deletes only it. Its construct ID
    // is new, so adding discovery moves no existing resource.
    if (discoverable) {
      associate(this, this.claim('DiscoverableTag', 'the discovery association of the database'), settings, [ontology.discoverable.value(ontology.discoverable.values[0])],
        database, [this._database]);
    }

    props.tables.forEach((table, i) => this.addTable(`tables[${i}]`, table, defaultLevel, tableLocations[i]));

    // DM-27: the governance admin's grants are the hub's, by the producer's LF-tag (one pair per producer, D39).

    if (props.crawler) this.crawlerName = this.addCrawler(props.crawler, registration);
  }

  /** The declared tables' names. */
  public get tableNames(): string[] {
    return [...this.tableColumns.keys()];
  }

  /** The declared columns of a table with their confidentiality levels. @internal */
  public _columns(table: string): Map<string, Confidentiality> {
    const c = this.tableColumns.get(table);
    if (!c) {
      throwValidationError(this, `table '${table}' is not declared in this product (declared: ${listOf(this.tableNames)}). Name a declared table, ` +
        `or declare it in the tables of hub.addDataProduct('${this.productName}', ...).`);
    }
    return c;
  }

  /** The declared type of each column (and partition key) of a table. @internal */
  public _columnTypes(table: string): Map<string, { type: ColumnType; partitionKey: boolean }> {
    this._columns(table);
    return this.columnTypes.get(table)!;
  }

  /**
   * The LF-tags each declared column of a table carries, by key, as Lake Formation sees them: the column's own
   * (its confidentiality level and custom tags), else the database's (producer, custom tags). @internal
   */
  public _effectiveTags(table: string): Map<string, Map<string, string>> {
    const out = new Map<string, Map<string, string>>();
    const own = this.columnTags.get(table);
    for (const [column, level] of this._columns(table)) {
      const columnTags = own?.get(column) ?? new Map<string, string>();
      out.set(column, new Map([...this.databaseTags, ...columnTags, [this.hub.ontology.confidentiality.name, level]]));
    }
    return out;
  }

  /**
   * Reserves construct ID `id` for `what`. Construct IDs keep only letters and digits ('a_b' and 'a__b'
   * both give 'AB'), so names that differ in punctuation alone would collide: name both and the fix.
   */
  private claim(id: string, what: string): string {
    const taken = this.ids.get(id);
    if (taken !== undefined) {
      throwValidationError(this, `${what} would get construct ID '${id}', which ${taken} already has (construct IDs keep only the letters and digits ` +
        'of a table name). Rename one of the two tables, e.g. add a letter or digit to its name.');
    }
    this.ids.set(id, what);
    return id;
  }

  /**
   * The normalized location of every table: its own prefix under the product location, neither the
   * product location itself nor inside or around another table's (Athena reads every object under a
   * table's location, so one table would read another's files).
   */
  private checkTableLocations(tables: TableSchema[]): string[] {
    const locations = tables.map((t, i) => checkLocationUnder(this, `tables[${i}].location`, t.location ?? `${this.location}${t.name}/`, this.location,
      'the product location', `Put table '${t.name}' under the product's prefix, or omit location.`));
    locations.forEach((location, i) => {
      const name = tables[i].name;
      if (location === this.location) {
        throwValidationError(this, `tables[${i}].location '${tables[i].location}' of table '${name}' is the product location itself; Athena reads every object ` +
          `under a table's location, so table '${name}' would read the files of every other table. Give it a prefix of its own, ` +
          `e.g. '${this.location}${name}/', or omit location.`);
      }
      locations.forEach((other, j) => {
        if (j === i) return;
        const otherName = tables[j].name;
        if (other === location && j < i) {
          throwValidationError(this, `tables[${i}].location '${location}' of table '${name}' is also the location of table '${otherName}' (tables[${j}]); each ` +
            `table reads every object under its location, so each would read the other's files. Give table '${name}' a prefix of its own, ` +
            `e.g. '${this.location}${name}/', or omit location.`);
        }
        if (other !== location && other.startsWith(location)) {
          throwValidationError(this, `tables[${i}].location '${location}' of table '${name}' contains tables[${j}].location '${other}' of table '${otherName}'; ` +
            `Athena reads every object under a table's location, so table '${name}' would also read the files of '${otherName}'. Give the ` +
            `tables sibling prefixes, e.g. '${this.location}${name}/' and '${this.location}${otherName}/'.`);
        }
      });
    });
    return locations;
  }

  private addTable(prop: string, table: TableSchema, defaultLevel: Confidentiality, location: string): void {
    const stack = Stack.of(this);
    const ontology = this.hub.ontology;
    if (!Array.isArray(table.columns) || table.columns.length === 0) {
      throwValidationError(this, `${prop}.columns of table '${table.name}' is empty. Declare the table's columns.`);
    }
    table.columns.forEach((c, j) => checkName(this, `${prop}.columns[${j}].name`, c.name, GLUE_NAME));
    const partitionKeys = table.partitionKeys ?? [];
    partitionKeys.forEach((k, j) => {
      checkName(this, `${prop}.partitionKeys[${j}].name`, k.name, GLUE_NAME);
      if (!k.projection) {
        throwValidationError(this, `${prop}.partitionKeys[${j}] '${k.name}' of table '${table.name}' has no projection. Give it a PartitionProjection so that new ` +
          "partitions need no manual step, e.g. projection: PartitionProjection.date({ range: 'NOW-3YEARS,NOW' }).");
      }
      if (!ColumnType.isColumnType(k.type)) {
        throwValidationError(this, `${prop}.partitionKeys[${j}].type of '${k.name}' in table '${table.name}' is not a ColumnType. Use a primitive type, e.g. type: ColumnType.STRING.`);
      }
      if (k.type._complex) {
        throwValidationError(this, `${prop}.partitionKeys[${j}] '${k.name}' of table '${table.name}' has type '${k.type.name}'; a partition key must be a primitive ` +
          'type (each partition is a key=value/ prefix of the S3 keys). Use a primitive type, e.g. type: ColumnType.STRING, and keep the ' +
          `${k.type.name.startsWith('map<') ? 'map' : 'array'} in a column.`);
      }
    });
    const allNames = [...table.columns.map(c => c.name), ...partitionKeys.map(k => k.name)];
    const dupCols = duplicates(allNames);
    if (dupCols.length > 0) {
      const dup = dupCols[0];
      const k = partitionKeys.findIndex(pk => pk.name === dup);
      if (k >= 0 && table.columns.some(c => c.name === dup)) {
        throwValidationError(this, `${prop}.partitionKeys[${k}] '${dup}' of table '${table.name}' is also one of its columns (${positions(`${prop}.columns`, table.columns.map(c => c.name), dup)}). ` +
          'In Glue and Athena a partition key is a column of its own: remove it from columns, or rename one of them.');
      }
      const [list, names] = k >= 0 ? ['partitionKeys', partitionKeys.map(pk => pk.name)] : ['columns', table.columns.map(c => c.name)];
      throwValidationError(this, `${prop}.${list} of table '${table.name}' declares '${dup}' twice (${positions(`${prop}.${list}`, names, dup)}). Rename or remove one.`);
    }
    // A Map, never the record itself: a column named `constructor` or `__proto__` (valid Glue names) would
    // otherwise find Object.prototype's property and get no confidentiality level (issue 14).
    const overrides = new Map<string, Confidentiality>(Object.entries(table.columnConfidentiality ?? {}));
    for (const [column, level] of overrides) {
      if (!allNames.includes(column)) {
        throwValidationError(this, `${prop}.columnConfidentiality names column '${column}', which table '${table.name}' does not have (columns: ${listOf(allNames)}). ` +
          'Fix the column name or declare the column.');
      }
      checkConfidentiality(this, `${prop}.columnConfidentiality['${column}']`, level);
    }
    const format = table.format ?? DataFormat.PARQUET;
    const fmt = FORMATS[format];
    if (!fmt) throwValidationError(this, `${prop}.format '${format}' is not supported (supported: ${Object.keys(FORMATS).join(', ')}).`);

    /** A column's level: its own, else columnConfidentiality's, else the default; two different declared levels are an error, never a silent override. */
    const levelOf = (columnProp: string, column: string, own: Confidentiality | undefined): Confidentiality => {
      if (own !== undefined) checkConfidentiality(this, `${columnProp}.confidentiality`, own);
      const override = overrides.get(column);
      if (own !== undefined && override !== undefined && own !== override) {
        throwValidationError(this, `${prop}.columnConfidentiality['${column}'] is '${override}', but ${columnProp}.confidentiality of table '${table.name}' is ` +
          `'${own}'; columnConfidentiality never changes a level the column declares. Remove one of the two, or set both to the same level.`);
      }
      // Fail closed: every column ends with a defined level, whatever the lookup returned.
      const level = override ?? own ?? defaultLevel;
      checkConfidentiality(this, `the confidentiality of ${columnProp} '${column}'`, level);
      return level;
    };

    const levels = new Map<string, Confidentiality>();
    const customTags = new Map<string, LfTagCondition[]>();
    table.columns.forEach((c, j) => {
      levels.set(c.name, levelOf(`${prop}.columns[${j}]`, c.name, c.confidentiality));
      const tags = c.tags ?? [];
      const confidentialityTag = tags.find(t => t.keyName === ontology.confidentiality.name);
      if (confidentialityTag) {
        const value = confidentialityTag.values.join(', ');
        throwValidationError(this, `${prop}.columns[${j}].tags sets confidentiality '${value}' on column '${c.name}' of table '${table.name}'. Set the column's ` +
          `confidentiality prop instead (e.g. confidentiality: Confidentiality.${(confidentialityTag.values[0] ?? 'public').toUpperCase()}): ` +
          'the hub tags every column with exactly one level (DM-39).');
      }
      this.checkCustomTags(`${prop}.columns[${j}].tags`, tags);
      this.checkTags(`${prop}.columns[${j}].tags`, tags, 1, 'the column also carries confidentiality');
      customTags.set(c.name, tags);
    });
    partitionKeys.forEach((k, j) => levels.set(k.name, levelOf(`${prop}.partitionKeys[${j}]`, k.name, k.confidentiality)));
    this.tableColumns.set(table.name, levels);
    this.columnTypes.set(table.name, new Map<string, { type: ColumnType; partitionKey: boolean }>([
      ...table.columns.map(c => [c.name, { type: c.type, partitionKey: false }] as [string, { type: ColumnType; partitionKey: boolean }]),
      ...partitionKeys.map(k => [k.name, { type: k.type, partitionKey: true }] as [string, { type: ColumnType; partitionKey: boolean }]),
    ]));
    this.columnTags.set(table.name, new Map([...customTags].map(([column, tags]) => [column, new Map(tags.map(t => [t.keyName, t.values[0]]))])));

    const qualityRules = table.qualityRules ?? [];
    if (!Array.isArray(qualityRules)) throwValidationError(this, `${prop}.qualityRules of table '${table.name}' must be a list of QualityRule.`);
    qualityRules.forEach((r, j) => {
      if (typeof (r as any)?.expression !== 'string') {
        throwValidationError(this, `${prop}.qualityRules[${j}] of table '${table.name}' is not a QualityRule. Use QualityRule.between, allowedValues, rowCountAtLeast or dqdl.`);
      }
      if (r.column !== undefined && !allNames.includes(r.column)) {
        throwValidationError(this, `${prop}.qualityRules[${j}] (${r.expression}) checks column '${r.column}', which table '${table.name}' does not declare ` +
          `(columns: ${listOf(allNames)}). Fix the column name, or declare the column.`);
      }
    });
    const tableId = `Table${pascal(table.name)}`;
    const projection: Record<string, string> = {};
    partitionKeys.forEach(k => Object.assign(projection, k.projection._parameters(k.name)));
    const cfnTable = new glue.CfnTable(this, this.claim(tableId, `table '${table.name}' (${prop})`), {
      catalogId: stack.account,
      databaseName: this.databaseName,
      tableInput: {
        name: table.name,
        description: table.description,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          EXTERNAL: 'TRUE',
          classification: format,
          ...(qualityRules.length > 0 ? { [TABLE_PARAMETERS.quality]: JSON.stringify(qualityRules.map(r => r.expression)) } : {}),
          ...(partitionKeys.length > 0 ? { 'projection.enabled': 'true', ...projection } : {}),
        },
        partitionKeys: partitionKeys.length > 0 ? partitionKeys.map(k => ({ name: k.name, type: k.type.name, comment: k.comment })) : undefined,
        storageDescriptor: {
          location,
          inputFormat: fmt.input,
          outputFormat: fmt.output,
          serdeInfo: { serializationLibrary: fmt.serde, parameters: fmt.parameters },
          columns: table.columns.map(c => ({ name: c.name, type: c.type.name, comment: c.comment })),
        },
      },
    });
    cfnTable.node.addDependency(this._database);
    this.context.settings.gate(cfnTable);
    this._tables.push(cfnTable);

    const base = { catalogId: stack.account, databaseName: this.databaseName, name: table.name };
    // No table-level association (D39): the table inherits the database's confidentiality=sensitive, so a column that
    // loses its tag still falls back to sensitive (DM-39).

    // Confidentiality: columns of one level share one association (DM-20), which carries nothing else.
    // Partition keys are columns too.
    const byLevel = new Map<Confidentiality, string[]>();
    for (const [column, level] of levels) byLevel.set(level, [...(byLevel.get(level) ?? []), column]);
    for (const level of CONFIDENTIALITY_ORDER.filter(l => byLevel.has(l))) {
      const id = `${tableId}Columns${pascal(`confidentiality_${level}`)}`;
      const association = associate(this, this.claim(id, `the ${level} columns' association of table '${table.name}' (${prop})`), this.context.settings,
        [ontology.confidentialityIs(level)], { tableWithColumns: { ...base, columnNames: byLevel.get(level)!.sort() } }, [cfnTable]);
      // DM-39: when a column changes level, CloudFormation replaces the associations of its old and new
      // levels: it creates the new ones (which set the new value) and then deletes the old ones, and
      // that delete may strip `confidentiality` from the very columns the new association just set.
      // The column then falls back to the table's `sensitive` (never exposed) but stays there, and
      // CloudFormation sees no change to re-apply. Every declared column is named by exactly one
      // confidentiality association, whose creation sets its level, so the old association has
      // nothing left to do: retain it (on replacement and on removal) instead of deleting it.
      association.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    // Custom tags: the columns that carry one key=value share one association of their own, so that a
    // custom-tag change never replaces a confidentiality association. On a change (columns added or
    // moved to another value) the association is replaced and the old one retained, so that its delete
    // cannot strip the key the new one has just set; when no column carries key=value any more, the
    // association is deleted, which removes the key from its columns. What this cannot express: a key
    // dropped from some columns while others keep key=value lingers on the dropped ones (README).
    const byTag = new Map<string, { tag: LfTagCondition; columns: string[] }>();
    for (const [column, tags] of customTags) {
      for (const tag of tags) {
        const key = `${tag.keyName}=${tag.values[0]}`;
        const group = byTag.get(key) ?? { tag, columns: [] };
        group.columns.push(column);
        byTag.set(key, group);
      }
    }
    for (const [key, group] of [...byTag.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      // The readable part may collide ('eu-west' and 'eu_west'); the hash of the exact key=value may not.
      const hash = createHash('sha256').update(key).digest('hex').slice(0, 8).toUpperCase();
      const id = `${tableId}ColumnTag${pascal(group.tag.keyName)}${pascal(group.tag.values[0])}${hash}`;
      const association = associate(this, this.claim(id, `the '${key}' columns' association of table '${table.name}' (${prop})`), this.context.settings,
        [group.tag], { tableWithColumns: { ...base, columnNames: group.columns.sort() } }, [cfnTable]);
      retainOnReplaceOnly(association);
    }
  }

  private addCrawler(options: CrawlerOptions, registration: lf.CfnResource): string {
    const stack = Stack.of(this);
    const mesh = this.hub.mesh;
    if (options.schedule !== undefined && !/^cron\(\S+( \S+){5}\)$/.test(options.schedule)) {
      throwValidationError(this, `crawler.schedule '${options.schedule}' is invalid: Glue crawlers take a cron expression with 6 fields (minutes hours ` +
        "day-of-month month day-of-week year), e.g. 'cron(0 3 * * ? *)'; omit schedule to run the crawler on demand.");
    }
    const role = new iam.Role(this, 'CrawlerRole', {
      roleName: mesh.crawlerRoleName(this.productName),
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: `cdk-data-mesh ${mesh.name}: crawler of data product ${this.productName} (Lake Formation credentials)`,
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'LakeFormationCredentials', actions: ['lakeformation:GetDataAccess'], resources: ['*'] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ProductCatalog',
      actions: CRAWLER_GLUE,
      resources: [glueArn(this, 'catalog'), glueArn(this, 'database', this.databaseName), glueArn(this, 'table', `${this.databaseName}/*`)],
    }));
    const crawlerLogs = this.context.crawlerLogGroupsArn();
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'CrawlerLogs',
      // AssociateKmsKey: the security configuration encrypts the crawler's log group with the hub's logs key.
      actions: ['logs:AssociateKmsKey', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [crawlerLogs],
    }));
    const tables = glueArn(this, 'table', `${this.databaseName}/*`);
    suppressWildcards(role, [
      { resource: '*', reason: GET_DATA_ACCESS_REASON + ' The crawler reads the product through these credentials (DM-15).' },
      {
        resource: tables,
        reason: `The crawler creates and updates tables of its own product database ${this.databaseName}, whose ` +
        'names it derives from the S3 layout at run time; the wildcard covers that one database.',
      },
      {
        resource: crawlerLogs,
        reason: 'Glue names the log groups and streams of a crawler itself under /aws-glue/crawlers ' +
        '(/aws-glue/crawlers-role/<role>-<security configuration> when logs are encrypted); the statement is limited to that prefix.',
      },
    ]);

    // DM-16: the crawler role's Lake Formation grants exist before the crawler.
    const grants = [
      this.grants.grant({
        requester: this,
        principal: role.roleArn,
        permissions: ['ALTER', 'CREATE_TABLE', 'DESCRIBE'],
        resource: { database: { catalogId: stack.account, name: this.databaseName } },
        dependsOn: [this._database],
      }),
      this.grants.grant({
        requester: this,
        principal: role.roleArn,
        // Least privilege (DM-16): the crawler describes and updates the tables it finds; it reads the data
        // through DATA_LOCATION_ACCESS on the location, and needs neither SELECT nor INSERT on the tables.
        permissions: ['ALTER', 'DESCRIBE'],
        resource: { table: { catalogId: stack.account, databaseName: this.databaseName, tableWildcard: {} } },
        dependsOn: [this._database],
      }),
      // On the product's own prefix of the registered gold bucket (Lake Formation grants data location access on a
      // registered location or a prefix under it): the crawler may create tables of its product only.
      this.grants.grant({
        requester: this,
        principal: role.roleArn,
        permissions: ['DATA_LOCATION_ACCESS'],
        resource: { dataLocation: { catalogId: stack.account, resourceArn: `${registration.resourceArn}/${this.productName}` } },
        dependsOn: [registration],
      }),
    ];
    const name = `${mesh.name}-${this.productName.replace(/_/g, '-')}`;
    const securityConfiguration = this.context.crawlerSecurityConfiguration();
    const crawler = new glue.CfnCrawler(this, 'Crawler', {
      name,
      role: role.roleArn,
      databaseName: this.databaseName,
      description: `Crawls data product ${this.productName} with Lake Formation credentials`,
      targets: { s3Targets: [{ path: this.location }] }, // DM-15: one bucket
      lakeFormationConfiguration: { useLakeFormationCredentials: true },
      // The declared tables are the contract: the crawler logs schema drift instead of rewriting them.
      schemaChangePolicy: { updateBehavior: 'LOG', deleteBehavior: 'LOG' },
      schedule: options.schedule ? { scheduleExpression: options.schedule } : undefined,
      crawlerSecurityConfiguration: securityConfiguration.name, // CloudWatch logs encrypted with KMS
    });
    after(crawler, securityConfiguration); // the configuration is the hub's (governance stack): named, not referenced (no export)
    if (Stack.of(crawler) !== Stack.of(securityConfiguration)) {
      // cdk-nag's GL1 looks for the security configuration in the crawler's own stack only.
      suppressNag(crawler, [{
        id: 'AwsSolutions-GL1',
        reason: `The crawler names the hub's Glue security configuration ${this.hub.mesh.name}-governance-crawlers (SSE-KMS CloudWatch logs with the hub's ` +
          'crawler-logs key), which lives in the governance stack; this shard is deployed after it.',
      }]);
    }
    dependOnRolePolicy(crawler, role);
    grants.forEach(g => crawler.node.addDependency(g));
    return name;
  }

  /** `tags` a user adds may use only custom keys: the hub sets producer and confidentiality, DataProductShare the consumer keys. */
  private checkCustomTags(prop: string, tags: LfTagCondition[]): void {
    const ontology = this.hub.ontology;
    tags.forEach(t => ontology._checkOwn(this, t, prop));
    for (const t of tags) {
      if (t.keyName === ontology.producer.name || t.keyName === ontology.confidentiality.name) {
        throwValidationError(this, `${prop} uses key '${t.keyName}', which the hub sets itself (databases: producer=<domain> and confidentiality=sensitive; ` +
          'columns: their confidentiality prop). Remove it from tags; tags take custom keys of the ontology only.');
      }
      if (this.hub.mesh.consumerDomains.some(d => consumerKeyName(d) === t.keyName)) {
        throwValidationError(this, `${prop} uses consumer key '${t.keyName}': only a DataProductShare decides which consumers see a product (it attaches the ` +
          'consumer keys and grants in one place). Remove it from tags and share the product with a DataProductShare.');
      }
    }
  }

  /**
   * Custom tags of one resource, which also carries `reserved` tags the hub sets (`alsoCarries` says
   * which): one value per key, each key once, at most 50 tags in all (DM-19).
   */
  private checkTags(prop: string, tags: LfTagCondition[], reserved: number, alsoCarries: string): void {
    tags.forEach(t => this.hub.ontology._checkOwn(this, t, prop));
    for (const t of tags) {
      if (t.values.length !== 1) {
        throwValidationError(this, `${prop}: tag '${t.keyName}' has ${t.values.length} values (${t.values.join(', ')}); a resource carries one value per key (DM-19). Use key.value(v).`);
      }
    }
    const dup = duplicates(tags.map(t => t.keyName));
    if (dup.length > 0) {
      const values = tags.filter(t => t.keyName === dup[0]).map(t => t.values[0]);
      throwValidationError(this, `${prop} sets key '${dup[0]}' twice (${values.join(', ')}); a resource carries one value per key (DM-19). Keep one of them, ` +
        `e.g. ontology.key('${dup[0]}').value('${values[0]}').`);
    }
    if (tags.length + reserved > MAX_TAGS_PER_RESOURCE) {
      throwValidationError(this, `${prop} has ${tags.length} tags, and ${alsoCarries}: ${tags.length + reserved} in all, but Lake Formation allows at most ` +
        `${MAX_TAGS_PER_RESOURCE} LF-tags per resource (DM-19). Remove at least ${tags.length + reserved - MAX_TAGS_PER_RESOURCE} of these tags ` +
        '(keep the keys your grants use).');
    }
  }
}

/**
 * A custom-tag association is retained when CloudFormation replaces it (its delete could strip the key
 * the replacement has just set, DM-39) and deleted when it leaves the template (which removes the key).
 * Both policies are written: DeletionPolicy Delete is CloudFormation's default, but a template that
 * sets one policy without the other reads as a half-protected resource (cfn-lint W3011).
 */
function retainOnReplaceOnly(association: lf.CfnTagAssociation): void {
  association.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
  association.cfnOptions.deletionPolicy = CfnDeletionPolicy.DELETE;
}

/** One TagAssociation after its tags (DM-18), its resource (DM-28) and the settings (DM-01). */
function associate(scope: Construct, id: string, settings: LakeFormationSettings, tags: LfTagCondition[],
  resource: lf.CfnTagAssociation.ResourceProperty, dependsOn: CfnResource[]): lf.CfnTagAssociation {
  const stack = Stack.of(scope);
  const association = new lf.CfnTagAssociation(scope, id, {
    lfTags: tags.map(t => ({ catalogId: stack.account, tagKey: t.keyName, tagValues: [...t.values] })),
    resource,
  });
  settings.gate(association);
  tags.forEach(t => after(association, t.key._resource));
  dependsOn.forEach(d => after(association, d));
  return association;
}

/**
 * `location` with a trailing slash, if it is a plain `s3://` URI under `parent` (which ends with a
 * slash). `.`/`..` segments and empty segments are refused: they would pass a prefix check and still
 * point outside the registered location (DM-14).
 */
function checkLocationUnder(scope: ErrorScope, prop: string, location: string, parent: string, parentDescription: string, fix: string): string {
  const normalized = typeof location === 'string' && !location.endsWith('/') ? `${location}/` : location;
  const path = typeof normalized === 'string' && normalized.startsWith('s3://') ? normalized.slice('s3://'.length, -1).split('/') : undefined;
  if (!path || path.some(segment => segment === '' || segment === '.' || segment === '..')) {
    throwValidationError(scope, `${prop} '${location}' is not a plain S3 URI: write 's3://<bucket>/<prefix>/' without empty, '.' or '..' segments, e.g. '${parent}'.`);
  }
  if (!normalized.startsWith(parent)) {
    throwValidationError(scope, `${prop} '${location}' is outside ${parentDescription} '${parent}' (DM-14). ${fix}`);
  }
  return normalized;
}

/** Where `name` occurs in `names`, e.g. `tables[0] and tables[2]`. */
function positions(prop: string, names: string[], name: string): string {
  return names.map((n, i) => n === name ? `${prop}[${i}]` : undefined).filter((x): x is string => x !== undefined).join(' and ');
}


/** The single-line, non-empty text props of the metadata. */
const TEXT_PROPS = ['owner', 'team', 'description'] as const;
const MAX_TEXT = 2048;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SUPPORT_URL = /^https:\/\/\S+$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Checks a product's contract metadata; the database parameters of the props that are set (none when none is). */
function checkMetadata(scope: ErrorScope, props: DataProductMetadata): Record<string, string> {
  for (const key of TEXT_PROPS) {
    const v = props[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.trim() === '' || /[\r\n]/.test(v) || v.length > MAX_TEXT) {
      throwValidationError(scope, `${key} '${String(v)}' is invalid: give one line of text (at most ${MAX_TEXT} characters), or omit ${key}.`);
    }
  }
  const out: Record<string, string> = {};
  if (props.team !== undefined) out[PRODUCT_PARAMETERS.team] = props.team;
  if (props.supportContact !== undefined) {
    const v = props.supportContact;
    if (typeof v !== 'string' || !(EMAIL.test(v) || SUPPORT_URL.test(v))) {
      throwValidationError(scope, `supportContact '${String(v)}' is neither an e-mail address nor an https:// URL: give where consumers ask about the product, ` +
        "e.g. 'insurance-data@bank.example' or 'https://chat.bank.example/insurance-data'.");
    }
    out[PRODUCT_PARAMETERS.supportContact] = v;
  }
  const durations: Array<[keyof DataProductMetadata, string, string]> = [
    ['updateFrequency', PRODUCT_PARAMETERS.updateFrequency, 'Duration.days(1)'],
    ['freshness', PRODUCT_PARAMETERS.freshness, 'Duration.hours(26)'],
    ['retention', PRODUCT_PARAMETERS.retention, 'Duration.days(1095)'],
  ];
  for (const [key, parameter, example] of durations) {
    const d = props[key] as Duration | undefined;
    if (d === undefined) continue;
    if (!(d instanceof Duration) && typeof (d as any)?.toHours !== 'function') {
      throwValidationError(scope, `${key} is not a Duration: give e.g. ${example}.`);
    }
    if (d.isUnresolved()) throwValidationError(scope, `${key} is a token: the contract states a literal duration, e.g. ${example}.`);
    const hours = d.toHours({ integral: false });
    if (!Number.isInteger(hours) || hours < 1) {
      throwValidationError(scope, `${key} ${d.toHumanString()} is not a whole number of hours (at least 1): contracts state durations in hours, days or years, e.g. ${example}.`);
    }
    out[parameter] = hoursToIso(hours);
  }
  if (props.contractVersion !== undefined) {
    if (typeof props.contractVersion !== 'string' || !SEMVER.test(props.contractVersion)) {
      throwValidationError(scope, `contractVersion '${String(props.contractVersion)}' is not a semantic version: write MAJOR.MINOR.PATCH, e.g. '1.2.0'.`);
    }
    out[PRODUCT_PARAMETERS.contractVersion] = props.contractVersion;
  }
  return out;
}
