import { Annotations, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as lf from 'aws-cdk-lib/aws-lakeformation';
import { Construct } from 'constructs';
import { Confidentiality } from './confidentiality';
import { DataProduct } from './data-product';
import { GovernanceHub } from './governance-hub';
import { LfTagExpression } from './lf-tag-expression';
import { labelAs, labelOf, throwValidationError } from './private/errors';
import { hubContext } from './private/hub-context';
import { GrantResource, LakeFormationGrants } from './private/lake-formation';
import { after } from './private/order';
import { checkRowFilter } from './private/row-filter';
import { mirrorIn } from './private/shards';
import { expiryWarning, recordShareMetadata, todayOf } from './private/share-metadata';
import { allShares, recordExpiredShare, recordShare, SharedColumn, SharedTable, ShareRecord, sharesFor } from './private/share-registry';
import { pascal } from './private/strings';
import {
  clausesOf, describeClauses, describeTagExpression, grantableValues, MAX_EXPRESSION_KEYS, sameClauses, shareClauses, shareLevels, TagClause,
  TagShare,
} from './private/tag-expressions';
import { checkConfidentiality, CONFIDENTIALITY_KEY, CONSUMER_VALUE, consumerKeyName } from './private/tags';
import { duplicates, listOf } from './private/validation';
import { isExpired, isIsoDate } from './report/expiry';

/** A named table (optionally some of its columns) shared with a consumer. */
export interface TableShare {
  /** The product the table belongs to. */
  readonly product: DataProduct;
  /** The table name. */
  readonly table: string;
  /**
   * The columns to share.
   * @default - the whole table
   */
  readonly columns?: string[];
}

/** A data-cells filter (rows and columns) shared with a consumer (DM-34). */
export interface CellsFilterShare {
  /** The product the table belongs to. */
  readonly product: DataProduct;
  /** The table name. */
  readonly table: string;
  /** The filter name (lower-case letters, digits and underscores). Filters are create-only: a change replaces it. */
  readonly name: string;
  /**
   * A PartiQL row filter, e.g. `region = 'EU'`.
   * @default - all rows
   */
  readonly rowFilter?: string;
  /**
   * Columns hidden from the consumer.
   * @default - none
   */
  readonly excludedColumns?: string[];
}

/** Props of a `DataProductShare`. */
export interface DataProductShareProps {
  /** The governance hub (in the same stack). */
  readonly hub: GovernanceHub;
  /** The consumer domain, as declared in the mesh description. */
  readonly consumer: string;
  /**
   * The products shared by LF-tag expression (the default mode): each product database gets
   * `consumer_<domain>=yes`, and the consumer account gets `SELECT` on `consumer_<domain>=yes AND
   * confidentiality IN (levels up to maxConfidentiality)`.
   * @default - none (then `tables` or `cellsFilter` is required)
   */
  readonly products?: DataProduct[];
  /**
   * The highest confidentiality level the consumer sees (tag mode). Every tag-mode share to one
   * consumer uses the same ceiling: the consumer tag is per database, not per share.
   * @default Confidentiality.PUBLIC (unless tagExpression is set)
   */
  readonly maxConfidentiality?: Confidentiality;
  /**
   * The LF-tag expression the consumer is granted over `products` (tag mode), instead of
   * `maxConfidentiality`: any keys of the hub's ontology (custom ones included, e.g. `pii=false`),
   * ANDed with `consumer_<domain>=yes`, which the share adds. The consumer account gets `SELECT` on the
   * columns that match and `DESCRIBE` with grant option on the expression's LF-tag values and on the
   * confidentiality levels it shows, so that its roles can be granted the expression or a narrower one
   * (`DataConsumer.grantQueryByTags`, DM-22). Without a confidentiality condition the consumer sees every
   * level that matches, sensitive included (a warning unless `allowSensitive`). Like the ceiling, one
   * expression serves every tag-mode share to one consumer.
   * @default - the expression of maxConfidentiality: `confidentiality IN (levels up to maxConfidentiality)`
   */
  readonly tagExpression?: LfTagExpression;
  /**
   * Named tables or columns to share instead of a tag expression.
   * @default - none
   */
  readonly tables?: TableShare[];
  /**
   * A data-cells filter (row filter and excluded columns) to share instead of a tag expression.
   * @default - none
   */
  readonly cellsFilter?: CellsFilterShare;
  /**
   * Acknowledge that the share reaches `sensitive` columns; without it such a share is a synth warning.
   * @default false
   */
  readonly allowSensitive?: boolean;
  /**
   * The last day of the share, a calendar date `YYYY-MM-DD` (UTC): the share is in force through that day, and a
   * synth on a later day makes none of its grants (a warning says so, and which request file or share to delete):
   * deploying that synth revokes the access. "Today" is the CDK context value `cdk-data-mesh:today` when set (CI,
   * tests), else the real date. The doctor warns 14 days before (DM-52).
   * @default - no expiry
   */
  readonly expires?: string;
  /**
   * The request file the share was made from (`GovernanceHub.addAccessRequests` sets it): named in messages and
   * recorded in the template for the report, so that the expiry warning says which file to delete.
   * @default - none (a share declared in code)
   */
  readonly requestFile?: string;
}

/**
 * Shares data products with a consumer account (governance account): by LF-tag expression (default),
 * named tables/columns, or a data-cells filter. Emits the complete grant set with grant option (DM-22)
 * as `AWS::LakeFormation::PrincipalPermissions` (DM-26) merged per principal and resource (DM-25), in
 * the stack's one `DependsOn` chain (DM-24), each after what it names (DM-28). Never ALL, DROP, SUPER,
 * ALTER or data-location access (DM-23).
 *
 * @example
 * new DataProductShare(gov, 'ToMl', { hub, products: [lifeExpectancy], consumer: 'ml', maxConfidentiality: Confidentiality.PRIVATE });
 */
export class DataProductShare extends Construct {
  /** The consumer domain. */
  public readonly consumer: string;
  /** The consumer account id (the grantee). */
  public readonly consumerAccount: string;
  /** The ceiling of a tag-mode share (undefined for a share by `tagExpression`). */
  public readonly maxConfidentiality?: Confidentiality;
  /** The expression of a share by `tagExpression`, as given. */
  public readonly tagExpression?: LfTagExpression;
  /** The last day of the share (`YYYY-MM-DD`), if it has one. */
  public readonly expires?: string;
  /** The request file the share was made from, if any. */
  public readonly requestFile?: string;
  /** Whether the share is past its expiry: this synth made none of its grants. */
  public readonly expired: boolean;

  constructor(scope: Construct, id: string, props: DataProductShareProps) {
    super(scope, id);
    const { hub } = props;
    this.requestFile = props.requestFile;
    if (props.requestFile !== undefined) labelAs(this, `DataProductShare '${id}' (request file ${props.requestFile})`);
    if (!hub || !GovernanceHub.isGovernanceHub(hub)) throwValidationError(this, 'hub is required: pass the GovernanceHub of the governance stack.');
    if (Stack.of(hub) !== Stack.of(this)) {
      throwValidationError(this, `is in stack '${Stack.of(this).stackName}', but hub '${hub.node.path}' is in stack '${Stack.of(hub).stackName}'. ` +
        'Create the share in the hub\'s (governance) stack: its grants and tags join that stack\'s settings and grant chain.');
    }
    const mesh = hub.mesh;
    if (!mesh.consumerDomains.includes(props.consumer)) {
      throwValidationError(this, `consumer '${props.consumer}' is not a consumer domain of the mesh (consumers: ${listOf(mesh.consumerDomains)}). ` +
        'Add it to consumers in the MeshDescription, or fix the name.');
    }
    const consumer = mesh.consumer(props.consumer);
    if (consumer.account === mesh.governanceAccount) {
      // A share grants another account; the governance account owns the product databases and would grant itself.
      throwValidationError(this, `consumer '${consumer.domain}' is in the governance account ${mesh.governanceAccount}, which owns the product databases: ` +
        'a share grants another account. Give the consumer domain its own account in the mesh description ' +
        '(a principal of the governance account is granted by the GovernanceHub, not shared with).');
    }
    this.consumer = consumer.domain;
    this.consumerAccount = consumer.account;

    const set = ([['products', props.products], ['tables', props.tables], ['cellsFilter', props.cellsFilter]] as Array<[string, unknown]>)
      .filter(([, v]) => v !== undefined).map(([name]) => name);
    if (set.length !== 1) {
      throwValidationError(this, 'set exactly one of products (share by LF-tag expression), tables (named tables/columns) or cellsFilter (rows and columns); ' +
        `${set.length === 0 ? 'none is set' : `${set.join(' and ')} are set`}.`);
    }
    if (props.maxConfidentiality !== undefined && props.products === undefined) {
      throwValidationError(this, 'maxConfidentiality applies to products (tag mode) only; with tables or cellsFilter list the columns instead.');
    }
    if (props.tagExpression !== undefined && props.products === undefined) {
      throwValidationError(this, `tagExpression '${describeTagExpression(props.tagExpression)}' applies to products (tag mode) only; with tables or ` +
        'cellsFilter list the columns instead, or share the products by tag expression.');
    }
    if (props.tagExpression !== undefined && props.maxConfidentiality !== undefined) {
      throwValidationError(this, `set one of maxConfidentiality (${props.maxConfidentiality}) and tagExpression ('${describeTagExpression(props.tagExpression)}'), ` +
        'not both: the expression replaces the ceiling. Put the ceiling in the expression, e.g. withCondition(ontology.confidentialityAtMost(level)).');
    }
    const named: Array<[string, DataProduct]> = [
      ...(props.products ?? []).map((p, i) => [`products[${i}]`, p] as [string, DataProduct]),
      ...(props.tables ?? []).map((t, i) => [`tables[${i}].product`, t.product] as [string, DataProduct]),
      ...(props.cellsFilter ? [['cellsFilter.product', props.cellsFilter.product] as [string, DataProduct]] : []),
    ];
    for (const [prop, p] of named) {
      if (!DataProduct.isDataProduct(p) || p.hub !== hub) {
        const where = DataProduct.isDataProduct(p) ? ` (it was added to hub '${p.hub.node.path}')` : '';
        throwValidationError(this, `${prop} '${(p as DataProduct)?.productName ?? p}' does not belong to hub '${hub.node.path}'${where}. ` +
          'Pass products returned by this hub\'s addDataProduct().');
      }
    }

    this.expires = props.expires;
    this.expired = this.checkExpiry(props);
    this.recordMetadata(props);
    // Past its last day, the share makes nothing (deploying revokes its grants); it leaves the checks below to the
    // shares in force, so that a stale share never blocks a synth.
    if (this.expired) return;

    this.checkModeConflict(hub, props);

    if (props.products !== undefined) {
      if (props.tagExpression !== undefined) {
        this.tagExpression = props.tagExpression;
      } else {
        this.maxConfidentiality = props.maxConfidentiality ?? Confidentiality.PUBLIC;
        checkConfidentiality(this, 'maxConfidentiality', this.maxConfidentiality);
      }
      const share: TagShare = props.tagExpression !== undefined
        ? { expression: this.checkExpression(hub, props.tagExpression) } : { ceiling: this.maxConfidentiality };
      this.shareByTags(hub, props.products, share, props.allowSensitive ?? false);
    } else if (props.tables !== undefined) {
      this.shareTables(hub, props.tables, props.allowSensitive ?? false);
    } else {
      this.shareCells(hub, props.cellsFilter!, props.allowSensitive ?? false);
    }
  }

  /** Validates `expires` and says whether the share is past it (a warning naming what to delete). */
  private checkExpiry(props: DataProductShareProps): boolean {
    if (props.expires === undefined) return false;
    if (Token.isUnresolved(props.expires) || !isIsoDate(props.expires)) {
      throwValidationError(this, `expires '${props.expires}' is not a date. Give the last day of the share as a calendar date YYYY-MM-DD, e.g. '2027-03-31'.`);
    }
    const today = todayOf(this);
    if (!isExpired(props.expires, today)) return false;
    Annotations.of(this).addWarningV2('cdk-data-mesh:share-expired', expiryWarning(this, labelOf(this), this.consumer, props.expires, today, props.requestFile));
    recordExpiredShare(this, props.hub.mesh.name, this.consumer, labelOf(this));
    return true;
  }

  /** The share's record in the template (`Metadata['cdk-data-mesh:share']`) when it has an expiry or a request file. */
  private recordMetadata(props: DataProductShareProps): void {
    if (props.expires === undefined && props.requestFile === undefined) return;
    const products = [...new Set([
      ...(props.products ?? []).map(p => p.productName), ...(props.tables ?? []).map(t => t.product.productName),
      ...(props.cellsFilter ? [props.cellsFilter.product.productName] : []),
    ])].sort();
    recordShareMetadata(this, {
      consumer: this.consumer,
      products,
      ...(props.products !== undefined && props.tagExpression === undefined
        ? { maxConfidentiality: props.maxConfidentiality ?? Confidentiality.PUBLIC } : {}),
      ...(props.expires !== undefined ? { expires: props.expires } : {}),
      ...(props.requestFile !== undefined ? { requestFile: props.requestFile } : {}),
      share: this.node.path,
      ...(this.expired ? { dropped: true } : {}),
    });
  }

  /**
   * The conditions of `tagExpression` as data (D42): built from the hub's ontology, no consumer key (the share adds its
   * own), and room within Lake Formation's 5 keys for the consumer key and, without a confidentiality condition, the
   * confidentiality condition of the consumer's clearance roles.
   */
  private checkExpression(hub: GovernanceHub, expression: LfTagExpression): TagClause[] {
    const text = describeTagExpression(expression);
    const conditions = expression?.conditions;
    if (!Array.isArray(conditions)) {
      throwValidationError(this, `tagExpression '${text}' is not an LfTagExpression. Build it with LfTagExpression.of([...]) from the hub's ontology.`);
    }
    conditions.forEach(c => hub.ontology._checkOwn(this, c, 'tagExpression'));
    const consumerKey = conditions.find(c => hub.mesh.consumerDomains.some(d => consumerKeyName(d) === c.keyName));
    if (consumerKey) {
      throwValidationError(this, `tagExpression '${text}' names consumer key '${consumerKey.keyName}': the share adds ${consumerKeyName(this.consumer)}=${CONSUMER_VALUE} ` +
        'itself (and tags the shared products with it). Remove the consumer key from the expression.');
    }
    const clauses = clausesOf(expression);
    const room = MAX_EXPRESSION_KEYS - 1 - (clauses.some(c => c.key === CONFIDENTIALITY_KEY) ? 0 : 1);
    if (clauses.length > room) {
      throwValidationError(this, `tagExpression '${text}' has ${clauses.length} conditions; at most ${room} fit: Lake Formation accepts ${MAX_EXPRESSION_KEYS} keys ` +
        `in an expression (DM-19), and the share adds ${consumerKeyName(this.consumer)}=${CONSUMER_VALUE}` +
        (room < MAX_EXPRESSION_KEYS - 1 ? ' and the consumer\'s clearance roles add a confidentiality condition' : '') + '. Use fewer keys.');
    }
    return clauses;
  }

  private shareByTags(hub: GovernanceHub, products: DataProduct[], share: TagShare, allowSensitive: boolean): void {
    const stack = Stack.of(this);
    const ontology = hub.ontology;
    if (products.length === 0) throwValidationError(this, 'products is empty. List the data products to share.');
    const dup = duplicates(products.map(p => p.productName));
    if (dup.length > 0) throwValidationError(this, `products lists '${dup[0]}' twice. List each product once.`);

    // One expression per consumer: the consumer tag sits on databases, so a second expression would widen the first.
    const previous = sharesFor(this, hub.mesh.name, this.consumer).filter(r => r.mode === 'tags');
    const other = previous.find(r => !sameShare(r, share));
    if (other) {
      if (other.ceiling !== undefined && share.ceiling !== undefined) {
        throwValidationError(this, `maxConfidentiality ${share.ceiling} differs from ${other.ceiling} in ${other.declaredBy} for consumer '${this.consumer}'. ` +
          `Tag-mode shares to one consumer grant one expression over every database tagged ${consumerKeyName(this.consumer)}=${CONSUMER_VALUE}, ` +
          'so all of them use one ceiling: use the same maxConfidentiality, or share the exception with tables or cellsFilter.');
      }
      throwValidationError(this, `grants '${describeShare(share)}' to consumer '${this.consumer}', but ${other.declaredBy} grants '${describeShare(other)}'. ` +
        `Tag-mode shares to one consumer grant one expression over every database tagged ${consumerKeyName(this.consumer)}=${CONSUMER_VALUE}, so each ` +
        'would widen the other: give all of them the same tagExpression (or maxConfidentiality), or share the exception with tables or cellsFilter.');
    }

    const clauses = shareClauses(share);
    const consumerClause = { key: consumerKeyName(this.consumer), values: [CONSUMER_VALUE] };
    const expression = share.ceiling !== undefined
      ? `${consumerClause.key}=${CONSUMER_VALUE} AND ${CONFIDENTIALITY_KEY} IN (${clauses[0].values.join(', ')})` : describeClauses([consumerClause, ...clauses]);
    const matching = (p: DataProduct) => p.tableNames.flatMap(t => [...p._effectiveTags(t).values()])
      .filter(tags => clauses.every(c => c.values.includes(tags.get(c.key) ?? '')));
    for (const p of products) {
      if (matching(p).length === 0) {
        throwValidationError(this, `the expression ${expression} matches no column of product '${p.productName}' ` +
          (share.ceiling !== undefined ? `(every column is above ${share.ceiling}). Raise maxConfidentiality` : '(no column carries those tags). Change tagExpression') +
          ` or do not share this product with '${this.consumer}'.`);
      }
    }
    // A ceiling of sensitive shows sensitive columns; an expression does when a sensitive column of the products matches it.
    const sensitiveMatches = () => products.some(p => matching(p).some(tags => tags.get(CONFIDENTIALITY_KEY) === Confidentiality.SENSITIVE));
    const showsSensitive = share.ceiling !== undefined ? share.ceiling === Confidentiality.SENSITIVE
      : shareLevels(share).includes(Confidentiality.SENSITIVE) && sensitiveMatches();
    if (showsSensitive && !allowSensitive) {
      Annotations.of(this).addWarningV2('cdk-data-mesh:share-sensitive', `${labelOf(this)}: consumer '${this.consumer}' sees ` + (share.expression
        ? `the sensitive columns that match ${expression}. Set allowSensitive: true to acknowledge, or add a confidentiality condition to tagExpression.`
        : 'every column, sensitive ones included. Set allowSensitive: true to acknowledge, or lower maxConfidentiality.'));
    }

    const consumerKey = ontology.consumerKey(this.consumer);
    const tagOf = (key: string) => ontology.key(key)._resource;
    const tagDeps: lf.CfnTag[] = [consumerKey._resource, ...clauses.map(c => tagOf(c.key))];
    // The associations live with their products, in the products' shards (issue 13).
    products.forEach(p => this.consumerTag(hub, p, consumerKey.name, consumerKey._resource));

    // The expression grants name LF-tags only (DM-28: they wait for the tags, in this stack), not the databases: Lake
    // Formation applies them to every resource that carries the tags, whenever it is tagged. So they stay in the
    // governance stack, which the shards deploy after (issue 13).
    const dbExpression = [{ tagKey: consumerKey.name, tagValues: [CONSUMER_VALUE] }];
    const tableExpression = [...dbExpression, ...clauses.map(c => ({ tagKey: c.key, tagValues: [...c.values] }))];
    const grants = hubContext(hub).grants;
    this.grant(grants, { lfTagPolicy: { catalogId: stack.account, resourceType: 'DATABASE', expression: dbExpression } }, ['DESCRIBE'], tagDeps);
    this.grant(grants, { lfTagPolicy: { catalogId: stack.account, resourceType: 'TABLE', expression: tableExpression } }, ['DESCRIBE', 'SELECT'], tagDeps);
    // DM-22: DESCRIBE with grant option on the tag values lets the consumer re-grant narrower expressions per clearance
    // (and, for an expression, per role: D42). One grant per value (DM-39): lowering the ceiling then deletes only the
    // grants of the levels above it. A single grant naming several values would be replaced, and deleting the old one
    // (RevokePermissions on all of its values) would revoke the values the new grant has just given.
    for (const [key, values] of grantableValues(this.consumer, share)) {
      for (const value of values) {
        this.grant(grants, { lfTag: { catalogId: stack.account, tagKey: key, tagValues: [value] } }, ['DESCRIBE'], [tagOf(key)]);
      }
    }

    recordShare(this, hub.mesh.name, {
      consumer: this.consumer, mode: 'tags', products: products.map(p => p.productName), ceiling: share.ceiling, expression: share.expression, declaredBy: labelOf(this), requestFile: this.requestFile,
    });
  }

  private shareTables(hub: GovernanceHub, tables: TableShare[], allowSensitive: boolean): void {
    const stack = Stack.of(this);
    if (tables.length === 0) throwValidationError(this, 'tables is empty. List the tables to share.');
    const dup = duplicates(tables.map(t => `${t.product.productName}.${t.table}`));
    if (dup.length > 0) throwValidationError(this, `tables lists table '${dup[0]}' twice; list all of its columns in one entry.`);
    const shared: SharedTable[] = [];
    tables.forEach((t, i) => {
      const columns = this.columnsOf(`tables[${i}]`, t.product, t.table);
      const names = t.columns ?? [...columns.keys()];
      if (t.columns !== undefined) {
        if (t.columns.length === 0) throwValidationError(this, `tables[${i}].columns is empty; omit it to share the whole table.`);
        this.checkColumns(`tables[${i}].columns`, t.product, t.table, columns, t.columns);
      }
      const cols: SharedColumn[] = names.map(n => ({ name: n, level: columns.get(n)! }));
      this.warnSensitive(allowSensitive, t.table, cols);
      const base = { catalogId: stack.account, databaseName: t.product.databaseName, name: t.table };
      const resource: GrantResource = t.columns === undefined
        ? { table: base } : { tableWithColumns: { ...base, columnNames: [...t.columns].sort() } };
      const deps = [t.product._database, ...t.product._tables];
      // Named grants name the product's database and tables: they live in the product's shard (DM-28, issue 13).
      const grants = hubContext(hub).shard(t.product.productName).grants;
      this.grant(grants, { database: { catalogId: stack.account, name: t.product.databaseName } }, ['DESCRIBE'], [t.product._database]);
      this.grant(grants, resource, t.columns === undefined ? ['DESCRIBE', 'SELECT'] : ['SELECT'], deps);
      shared.push({
        product: t.product.productName, databaseName: t.product.databaseName, table: t.table, columns: cols, wholeTable: t.columns === undefined,
      });
    });
    recordShare(this, hub.mesh.name, {
      consumer: this.consumer, mode: 'tables', products: [...new Set(tables.map(t => t.product.productName))], tables: shared, declaredBy: labelOf(this), requestFile: this.requestFile,
    });
  }

  private shareCells(hub: GovernanceHub, filter: CellsFilterShare, allowSensitive: boolean): void {
    const stack = Stack.of(this);
    if (!/^[a-z][a-z0-9_]{0,254}$/.test(filter.name ?? '')) {
      throwValidationError(this, `cellsFilter.name '${filter.name}' is invalid: use lower-case letters, digits and underscores, starting with a letter, e.g. 'eu_claims'.`);
    }
    const columns = this.columnsOf('cellsFilter', filter.product, filter.table);
    // A data-cells filter is named per table: a second one of the same name would fail at deploy time (AlreadyExists).
    const clash = allShares(this, hub.mesh.name).find(r => r.mode === 'cells' && r.filterName === filter.name &&
      r.tables?.[0]?.databaseName === filter.product.databaseName && r.tables?.[0]?.table === filter.table);
    if (clash) {
      throwValidationError(this, `cellsFilter.name '${filter.name}' is already used on table '${filter.product.productName}.${filter.table}' by ${clash.declaredBy}. ` +
        'Filter names are unique per table: choose another name.');
    }
    const excluded = filter.excludedColumns ?? [];
    this.checkColumns('cellsFilter.excludedColumns', filter.product, filter.table, columns, excluded);
    const visible = [...columns.keys()].filter(c => !excluded.includes(c));
    if (visible.length === 0) {
      throwValidationError(this, `cellsFilter.excludedColumns hides every column of table '${filter.product.productName}.${filter.table}'; the filter would show nothing. ` +
        'Leave at least one column visible, or do not share this table.');
    }
    if (filter.rowFilter !== undefined && filter.rowFilter.trim() === '') throwValidationError(this, 'cellsFilter.rowFilter is empty; omit it to share all rows.');
    if (filter.rowFilter !== undefined && !Token.isUnresolved(filter.rowFilter)) {
      const types = new Map([...filter.product._columnTypes(filter.table)].map(([c, t]) => [c, { type: t.type.name, partitionKey: t.partitionKey }]));
      checkRowFilter(this, 'cellsFilter.rowFilter', filter.rowFilter, `${filter.product.productName}.${filter.table}`, types);
    }
    const cols: SharedColumn[] = visible.map(n => ({ name: n, level: columns.get(n)! }));
    this.warnSensitive(allowSensitive, filter.table, cols);

    // The filter and its grants name the product's table: they live in the product's shard (DM-28, issue 13), under a
    // stand-in of this share there, so that the filter keeps the logical ID it had in the governance stack.
    const cfn = new lf.CfnDataCellsFilter(mirrorIn(Stack.of(filter.product), this), 'CellsFilter', {
      tableCatalogId: stack.account,
      databaseName: filter.product.databaseName,
      tableName: filter.table,
      name: filter.name,
      rowFilter: filter.rowFilter !== undefined ? { filterExpression: filter.rowFilter } : { allRowsWildcard: {} },
      columnWildcard: { excludedColumnNames: [...excluded].sort() },
    });
    hubContext(hub).settings.gate(cfn);
    filter.product._tables.forEach(t => cfn.node.addDependency(t));
    const grants = hubContext(hub).shard(filter.product.productName).grants;
    this.grant(grants, { database: { catalogId: stack.account, name: filter.product.databaseName } }, ['DESCRIBE'], [filter.product._database]);
    // Lake Formation grants another account only SELECT on a data filter, with the grant option so that the consumer's
    // admins can pass it on (LF-DG "Granting data filter permissions"); DESCRIBE or DROP there would fail the grant.
    this.grant(grants, {
      dataCellsFilter: { tableCatalogId: stack.account, databaseName: filter.product.databaseName, tableName: filter.table, name: filter.name },
    }, ['SELECT'], [cfn]);
    recordShare(this, hub.mesh.name, {
      consumer: this.consumer,
      mode: 'cells',
      products: [filter.product.productName],
      filterName: filter.name,
      declaredBy: labelOf(this),
      requestFile: this.requestFile,
      tables: [{
        product: filter.product.productName, databaseName: filter.product.databaseName, table: filter.table, columns: cols, wholeTable: false,
      }],
    });
  }

  /**
   * A product shared with one consumer both by tag expression and by name (tables or a data-cells filter) is an error,
   * whichever share comes first: the tag grant already exposes every row and every column up to the ceiling, so the
   * named share or the filter would restrict nothing (and a column above the ceiling would silently widen it).
   */
  private checkModeConflict(hub: GovernanceHub, props: DataProductShareProps): void {
    const mode = props.products !== undefined ? 'tags' : props.tables !== undefined ? 'tables' : 'cells';
    const own = mode === 'tags' ? (props.products ?? []).map(p => p.productName)
      : mode === 'tables' ? (props.tables ?? []).map(t => t.product.productName) : [props.cellsFilter!.product.productName];
    const describe = (m: string) => m === 'tags' ? 'by LF-tag expression (products)' : m === 'tables' ? 'by named tables (tables)' : 'through a data-cells filter (cellsFilter)';
    for (const other of sharesFor(this, hub.mesh.name, this.consumer)) {
      if ((mode === 'tags') === (other.mode === 'tags')) continue;
      const product = own.find(p => other.products.includes(p));
      if (product === undefined) continue;
      const tagShare = mode === 'tags' ? labelOf(this) : other.declaredBy;
      const reach = mode === 'tags'
        ? (props.tagExpression !== undefined ? `matching ${describeTagExpression(props.tagExpression)}` : `up to ${props.maxConfidentiality ?? Confidentiality.PUBLIC}`)
        : describeReach(other);
      throwValidationError(this, `product '${product}' is shared with consumer '${this.consumer}' ${describe(mode)} here and ${describe(other.mode)} in ${other.declaredBy}. ` +
        `The tag grant of ${tagShare} already shows every row and column of '${product}' ${reach}, so a named share or filter restricts nothing. ` +
        `Share '${product}' with '${this.consumer}' one way: remove it from the products of ${tagShare}, or drop the named share or filter.`);
    }
  }

  /**
   * The one `consumer_<domain>=yes` association of a product database. It lives under the product, so that its
   * logical ID depends only on the product and the consumer (DM-39): a share renamed or split keeps it, where a
   * new logical ID would create an identical association and then delete the old one, stripping the tag.
   */
  private consumerTag(hub: GovernanceHub, product: DataProduct, key: string, tag: lf.CfnTag): lf.CfnTagAssociation {
    const id = `ConsumerTag${pascal(this.consumer)}`;
    const existing = product.node.tryFindChild(id) as lf.CfnTagAssociation | undefined;
    if (existing) return existing;
    const stack = Stack.of(this);
    const association = new lf.CfnTagAssociation(product, id, {
      lfTags: [{ catalogId: stack.account, tagKey: key, tagValues: [CONSUMER_VALUE] }],
      resource: { database: { catalogId: stack.account, name: product.databaseName } },
    });
    hubContext(hub).settings.gate(association); // DM-01
    after(association, tag); // DM-18 (the tag is in the governance stack, the association in the product's shard)
    association.node.addDependency(product._database); // DM-28
    return association;
  }

  /** A cross-account grant with the grant option on the same permissions (DM-22), to the consumer account. */
  private grant(grants: LakeFormationGrants, resource: GrantResource, permissions: string[], dependsOn: CfnResource[]): void {
    grants.grant({
      requester: this, principal: this.consumerAccount, resource, permissions, permissionsWithGrantOption: permissions, dependsOn,
    });
  }

  private columnsOf(prop: string, product: DataProduct, table: string): Map<string, Confidentiality> {
    if (!product.tableNames.includes(table)) {
      throwValidationError(this, `${prop}.table '${table}' is not a table of product '${product.productName}' (tables: ${listOf(product.tableNames)}). ` +
        'Use one of those names, or declare the table in the product\'s tables (addDataProduct).');
    }
    return product._columns(table);
  }

  private checkColumns(prop: string, product: DataProduct, table: string, columns: Map<string, Confidentiality>, names: string[]): void {
    for (const c of names) {
      if (!columns.has(c)) {
        throwValidationError(this, `${prop} names column '${c}', which table '${product.productName}.${table}' does not have (columns: ${listOf([...columns.keys()])}). ` +
          'Use one of those names, or declare the column in the table\'s schema.');
      }
    }
    const dup = duplicates(names);
    if (dup.length > 0) throwValidationError(this, `${prop} lists column '${dup[0]}' twice. List each column once.`);
  }

  private warnSensitive(allowSensitive: boolean, table: string, columns: SharedColumn[]): void {
    const sensitive = columns.filter(c => c.level === Confidentiality.SENSITIVE).map(c => c.name);
    if (sensitive.length > 0 && !allowSensitive) {
      Annotations.of(this).addWarningV2('cdk-data-mesh:share-sensitive',
        `${labelOf(this)}: consumer '${this.consumer}' sees sensitive column(s) ${sensitive.join(', ')} of table '${table}'. Set allowSensitive: true to acknowledge, or leave them out.`);
    }
  }
}

/** Whether a recorded tag-mode share grants the same expression as `share`. */
function sameShare(record: ShareRecord, share: TagShare): boolean {
  if (record.ceiling !== undefined || share.ceiling !== undefined) return record.ceiling === share.ceiling;
  return sameClauses(record.expression ?? [], share.expression ?? []);
}

/** `maxConfidentiality <level>` or `tagExpression <expression>`. */
function describeShare(share: TagShare): string {
  return share.ceiling !== undefined ? `maxConfidentiality ${share.ceiling}` : `tagExpression ${describeClauses(share.expression ?? [])}`;
}

/** How far a tag-mode share reaches, for messages: `up to <ceiling>` or `matching <expression>`. */
function describeReach(record: ShareRecord): string {
  return record.ceiling !== undefined ? `up to ${record.ceiling}` : `matching ${describeClauses(record.expression ?? [])}`;
}
