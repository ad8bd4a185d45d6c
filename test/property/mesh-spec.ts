/*
 * Random meshes for the property tests (issue 14): a mesh is plain JSON data (`MeshSpec`), generated
 * by fast-check (`meshSpecArb`) and built into an App by `buildMesh`, which takes the library and
 * aws-cdk-lib as arguments so that the upgrade-safety check can build the same spec with an older
 * release of the library (scripts/upgrade-safety.ts).
 *
 * Names include the edge cases users write: reserved JavaScript property names (constructor,
 * __proto__, toString), upper case, hyphens, names at and past their length limits, unicode. A spec
 * may be invalid on purpose: synth must then fail with a library error naming the prop.
 */
import * as fc from 'fast-check';
import { MeshValidationError } from '../../src/private/errors';

export type Level = 'public' | 'private' | 'sensitive';
export const LEVELS: readonly Level[] = ['public', 'private', 'sensitive'];
export const rank = (l: Level) => LEVELS.indexOf(l);

export interface ColumnSpec {
  readonly name: string;
  readonly type: 'string' | 'int' | 'double' | 'boolean' | 'date' | 'decimal';
  /** Declared on the column; else `viaTable` (columnConfidentiality); else the product default. */
  readonly level?: Level;
  readonly viaTable?: Level;
  /** Custom LF-tags, [key, value]. */
  readonly tags?: Array<[string, string]>;
}
export interface TableSpec {
  readonly name: string;
  readonly columns: ColumnSpec[];
  /** A date-projected partition key (its level: the product default). */
  readonly partition?: string;
}
export interface ProductSpec {
  readonly name: string;
  readonly producer: string;
  readonly defaultLevel?: Level;
  readonly tables: TableSpec[];
  readonly crawler?: boolean;
  readonly tags?: Array<[string, string]>;
}
export interface RoleSpec { readonly name: string; readonly clearance: Level; readonly sageMaker?: boolean }
export interface ConsumerSpec { readonly domain: string; readonly account: string; readonly roles: RoleSpec[]; readonly append?: boolean }
export interface ProducerSpec {
  readonly domain: string;
  readonly account: string;
  readonly append?: boolean;
  /** Governance shards of the producer (issue 13; the arbitrary leaves it out: the default 1). */
  readonly shards?: number;
}
/** `id`: the share's construct ID (default `Share<position>`; the growth test fixes it so that dropping a share renames none). */
export type ShareSpec = { readonly id?: string } & (
  | {
    readonly mode: 'tags';
    readonly consumer: string;
    readonly products: string[];
    readonly ceiling: Level;
    /** Issue 15: share by `tagExpression` instead: `<key> IN (<values>) AND confidentiality up to the ceiling` (a custom key). */
    readonly expression?: { readonly key: string; readonly values: string[] };
  }
  | { readonly mode: 'tables'; readonly consumer: string; readonly tables: Array<{ product: string; table: string; columns?: string[] }> }
  | {
    readonly mode: 'cells';
    readonly consumer: string;
    readonly product: string;
    readonly table: string;
    readonly filter: string;
    readonly rowFilter?: string;
    readonly excluded: string[];
  });
export interface MeshSpec {
  readonly name: string;
  readonly catalogKey?: boolean;
  readonly customTags: Array<{ key: string; values: string[] }>;
  readonly producers: ProducerSpec[];
  readonly consumers: ConsumerSpec[];
  readonly products: ProductSpec[];
  readonly shares: ShareSpec[];
}

export const GOVERNANCE_ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';

// ---------------------------------------------------------------------------------------------
// Names

const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split(''));
const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));
/** `^[a-z](?:[a-z0-9]|<sep>(?=[a-z0-9]))*$` of `min`..`max` characters. */
function separated(sep: string, min: number, max: number): fc.Arbitrary<string> {
  const char = fc.oneof({ weight: 5, arbitrary: alnum }, { weight: 1, arbitrary: fc.constant(sep) });
  return fc.tuple(lower, fc.array(char, { minLength: min - 1, maxLength: max - 1 }))
    .map(([h, t]) => (h + t.join('')).replace(new RegExp(`\\${sep}+`, 'g'), sep).replace(new RegExp(`\\${sep}$`), 'x'))
    .filter(s => s.length >= min && s.length <= max);
}
/** An invalid name: upper case, a wrong separator, unicode, a trailing separator, or one character too long. */
function invalid(valid: fc.Arbitrary<string>, sep: string, max: number): fc.Arbitrary<string> {
  return fc.oneof(
    valid.map(s => s[0].toUpperCase() + s.slice(1)),
    valid.map(s => `${s.slice(0, max - 2)}${sep === '-' ? '_' : '-'}x`),
    valid.map(s => `${s.slice(0, max - 2)}é`),
    valid.map(s => `${s.slice(0, max - 1)}${sep}`),
    fc.constant('a'.repeat(max + 1)),
  );
}
/** Mostly valid, sometimes (1 in `oneIn`) invalid on purpose; sometimes exactly at the length limit. */
function name(sep: string, max: number, oneIn = 100): fc.Arbitrary<string> {
  const valid = separated(sep, 2, Math.min(max, 10));
  return fc.oneof(
    { weight: oneIn * 2, arbitrary: valid },
    { weight: 2, arbitrary: separated(sep, max, max) },
    { weight: 1, arbitrary: invalid(valid, sep, max) },
  );
}
const columnName: fc.Arbitrary<string> = fc.oneof(
  { weight: 150, arbitrary: separated('_', 2, 12) },
  // reserved JavaScript property names that are valid Glue names
  { weight: 15, arbitrary: fc.constantFrom('constructor', '__proto__', 'prototype') },
  // reserved-looking, but only as lower case (toString is upper case: invalid)
  { weight: 1, arbitrary: fc.constantFrom('tostring', 'valueof', 'hasownproperty', '_') },
  { weight: 1, arbitrary: fc.constant('c'.repeat(128)) },
  // invalid: upper case (and a reserved name), a hyphen, unicode, too long
  { weight: 1, arbitrary: fc.constantFrom('toString', 'Customer_Name', 'customer-name', 'prénom', '名前', 'c'.repeat(129)) },
);

// ---------------------------------------------------------------------------------------------
// Meshes

const level: fc.Arbitrary<Level> = fc.constantFrom(...LEVELS);
const uniqueBy = <T>(arb: fc.Arbitrary<T>, key: (t: T) => string, min: number, max: number) =>
  fc.uniqueArray(arb, { minLength: min, maxLength: max, selector: key });

export interface MeshSpecOptions {
  /** At most this many products (small meshes keep 200 cases within CI's time). Default 3. */
  readonly maxProducts?: number;
}

export function meshSpecArb(options: MeshSpecOptions = {}): fc.Arbitrary<MeshSpec> {
  const maxProducts = options.maxProducts ?? 3;
  const customTags = fc.constantFrom<Array<{ key: string; values: string[] }>>(
    [],
    [{ key: 'region', values: ['eu', 'us'] }],
    [{ key: 'region', values: ['eu', 'us'] }, { key: 'retention', values: ['short', 'long'] }],
  );
  return fc.record({
    name: name('-', 16, 40),
    catalogKey: fc.boolean(),
    customTags,
    producers: uniqueBy(fc.record({ domain: name('-', 20, 40), append: fc.boolean() }), p => p.domain, 1, 2),
    consumers: uniqueBy(fc.record({
      domain: name('-', 20, 40),
      roles: uniqueBy(fc.record({ name: name('-', 24), clearance: level, sageMaker: fc.boolean() }), r => r.name, 1, 2),
      append: fc.boolean(),
      collide: fc.boolean(),
    }), c => c.domain, 1, 2),
    productNames: uniqueBy(name('_', 32), n => n, 1, maxProducts),
    sameAccount: fc.boolean(),
  }).chain(base => {
    const producers: ProducerSpec[] = base.producers.map((p, i) => ({ ...p, account: `${200000000000 + i * 11111}` }));
    const shared = base.sameAccount;
    const consumers: ConsumerSpec[] = base.consumers.map(({ collide, ...c }, i) => ({
      ...c,
      account: shared ? '400000000000' : `${400000000000 + i * 11111}`,
      // one REPLACE writer of the Lake Formation settings per account (DM-40): the others APPEND
      append: shared && i > 0 ? true : c.append,
      // sometimes a second role whose name differs from the first only by a hyphen ('data-2' and 'data2': a library error)
      roles: collide && c.roles[0].name.includes('-') ? [...c.roles, { ...c.roles[0], name: c.roles[0].name.replace(/-/g, '') }] : c.roles,
    }));
    const tagKeys = base.customTags;
    const tagArb = tagKeys.length === 0 ? fc.constant(undefined)
      : fc.option(fc.uniqueArray(fc.constantFrom(...tagKeys.flatMap(k => k.values.map(v => [k.key, v] as [string, string]))),
        { maxLength: 2, selector: ([k]) => k }), { nil: undefined });
    const column = fc.record({
      name: columnName,
      type: fc.constantFrom('string', 'int', 'double', 'boolean', 'date', 'decimal'),
      level: fc.option(level, { nil: undefined }),
      viaTable: fc.option(level, { nil: undefined, freq: 4 }),
      tags: tagArb,
    }, { requiredKeys: ['name', 'type'] }).map(c => (c.level !== undefined && c.viaTable !== undefined ? { ...c, viaTable: c.level } : c));
    const table = fc.record({
      name: name('_', 128, 40).map(n => n.replace(/-/g, '_')),
      columns: uniqueBy(column, c => c.name, 1, 5),
      partition: fc.option(fc.constant('ingest_date'), { nil: undefined, freq: 3 }),
    }, { requiredKeys: ['name', 'columns'] }).map(t => (t.partition && t.columns.some(c => c.name === t.partition) ? { ...t, partition: undefined } : t));
    // every producer publishes at least one product (product i belongs to producer i, then any)
    const products = fc.tuple(...base.productNames.map((n, i) => fc.record({
      name: fc.constant(n),
      producer: i < producers.length ? fc.constant(producers[i].domain) : fc.constantFrom(...producers.map(p => p.domain)),
      defaultLevel: fc.option(level, { nil: undefined }),
      tables: uniqueBy(table, t => t.name, 1, 2),
      crawler: fc.boolean(),
      tags: tagArb,
    }, { requiredKeys: ['name', 'producer', 'tables'] })));
    const withProducers = producers.filter((_, i) => i < base.productNames.length);
    return products.chain(prods => {
      // one ceiling per consumer for its tag shares (the library rejects two), and at least one share per consumer
      // Sometimes (with custom keys) the consumer's tag shares go by an expression over a custom key instead (issue 15): one
      // expression per consumer, kept only if it matches a column of every product it shares (else the ceiling alone).
      const expressionArb = tagKeys.length === 0 ? fc.constant(undefined) : fc.option(fc.constantFrom(...tagKeys)
        .chain(k => fc.subarray(k.values, { minLength: 1 }).map(values => ({ key: k.key, values }))), { nil: undefined, freq: 2 });
      const perConsumer = consumers.map(c => level.chain(ceiling => fc.tuple(
        fc.array(shareArb(prods, c.domain, ceiling), { minLength: 1, maxLength: 2 }), expressionArb,
      ).map(([list, expression]) => withExpression(list, prods, expression))));
      return fc.tuple(...perConsumer).map(lists => ({
        name: base.name,
        catalogKey: base.catalogKey,
        customTags: base.customTags,
        producers: withProducers,
        consumers,
        products: prods,
        shares: withoutModeConflicts(lists.flat()),
      }));
    });
  });
}

/** The consumer's tag shares by `expression` (with their ceiling), if it matches a column of each of their products. */
function withExpression(shares: ShareSpec[], products: ProductSpec[], expression?: { key: string; values: string[] }): ShareSpec[] {
  if (expression === undefined) return shares;
  const matches = shares.every(s => s.mode !== 'tags' || s.products.every(pn => {
    const p = products.find(x => x.name === pn)!;
    return p.tables.some(t => allColumns(t).some(col => expressionMatches(p, t, col, { ...s, expression })));
  }));
  return matches ? shares.map(s => (s.mode === 'tags' ? { ...s, expression } : s)) : shares;
}

/** A column's value of a custom key, computed from the spec alone: its own tag, else the product database's (partition keys have none of their own). */
export function customTagOf(p: ProductSpec, t: TableSpec, column: string, key: string): string | undefined {
  const own = t.columns.find(c => c.name === column)?.tags?.find(([k]) => k === key);
  return own ? own[1] : p.tags?.find(([k]) => k === key)?.[1];
}

/** Whether a tag share's expression (its custom condition, if any, and its ceiling) matches a column. */
export function expressionMatches(p: ProductSpec, t: TableSpec, column: string,
  s: { ceiling: Level; expression?: { key: string; values: string[] } }): boolean {
  const custom = s.expression === undefined || s.expression.values.includes(customTagOf(p, t, column, s.expression.key) ?? '');
  return custom && rank(levelOf(p, t, column)) <= rank(s.ceiling);
}

/**
 * Drops a share that shares a product with the same consumer both by tag and by name (the library
 * rejects it, tested in data-product-share.test.ts), or a second filter of one name on one table.
 */
function withoutModeConflicts(shares: ShareSpec[]): ShareSpec[] {
  const products = (s: ShareSpec) => (s.mode === 'tags' ? s.products : s.mode === 'tables' ? s.tables.map(t => t.product) : [s.product]);
  const out: ShareSpec[] = [];
  for (const s of shares) {
    const clash = out.some(o => o.consumer === s.consumer && (o.mode === 'tags') !== (s.mode === 'tags') && products(o).some(p => products(s).includes(p)));
    const sameFilter = s.mode === 'cells' && out.some(o => o.mode === 'cells' && o.product === s.product && o.table === s.table && o.filter === s.filter);
    if (!clash && !sameFilter) out.push(s);
  }
  return out;
}

function shareArb(products: ProductSpec[], consumerDomain: string, ceiling: Level): fc.Arbitrary<ShareSpec> {
  const consumer = fc.constant(consumerDomain);
  const productTable = fc.constantFrom(...products.flatMap(p => p.tables.map(t => ({ p, t }))));
  const tags = fc.record({
    mode: fc.constant('tags' as const),
    consumer,
    products: fc.subarray(products.map(p => p.name), { minLength: 1 }),
    ceiling: fc.constant(ceiling),
  });
  const tables = fc.record({
    mode: fc.constant('tables' as const),
    consumer,
    tables: fc.uniqueArray(productTable.chain(({ p, t }) => fc.record({
      product: fc.constant(p.name),
      table: fc.constant(t.name),
      columns: fc.option(fc.subarray(allColumns(t), { minLength: 1 }), { nil: undefined }),
    }, { requiredKeys: ['product', 'table'] })), { minLength: 1, maxLength: 2, selector: x => `${x.product}.${x.table}` }),
  });
  const cells = productTable.chain(({ p, t }) => fc.record({
    mode: fc.constant('cells' as const),
    consumer,
    product: fc.constant(p.name),
    table: fc.constant(t.name),
    filter: fc.oneof({ weight: 30, arbitrary: separated('_', 2, 12) }, { weight: 1, arbitrary: fc.constantFrom('EU_rows', 'eu-rows') }),
    rowFilter: rowFilterArb(t),
    excluded: fc.oneof(
      { weight: 50, arbitrary: fc.subarray(allColumns(t), { maxLength: allColumns(t).length - 1 }) },
      { weight: 1, arbitrary: fc.constant(allColumns(t)) }, // hides every column: a library error
    ),
  }, { requiredKeys: ['mode', 'consumer', 'product', 'table', 'filter', 'excluded'] }));
  return fc.oneof(tags, tables, cells);
}

/**
 * A row filter on a column of the table that Lake Formation row filters support (issue 15: a column the table lacks, or
 * of another type, is a synth error), its name quoted (a generated name may be a PartiQL keyword); rarely one naming a
 * column the table does not have (a library error on purpose); or none.
 */
function rowFilterArb(t: TableSpec): fc.Arbitrary<string | undefined> {
  const valid = filterableColumns(t).map(rowFilterOn);
  if (valid.length === 0) return fc.constant(undefined);
  return fc.oneof(
    { weight: 50, arbitrary: fc.constantFrom(...valid) },
    { weight: 15, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant('no_such_column = 1') },
  );
}

/** The columns (and partition key) of a table a row filter may name: string, int, double, decimal, boolean. */
export function filterableColumns(t: TableSpec): Array<{ name: string; type: ColumnSpec['type'] }> {
  return [...t.columns.filter(c => c.type !== 'date'), ...(t.partition ? [{ name: t.partition, type: 'string' as const }] : [])];
}

/** A row filter naming `c`, by its type. */
export function rowFilterOn(c: { name: string; type: ColumnSpec['type'] }): string {
  return c.type === 'string' ? `"${c.name}" = 'EU'` : c.type === 'boolean' ? `"${c.name}" = true` : `"${c.name}" > 100`;
}

export const allColumns = (t: TableSpec) => [...t.columns.map(c => c.name), ...(t.partition ? [t.partition] : [])];

/** A column's effective level, computed from the spec alone (the test's own model, not the library's). */
export function levelOf(p: ProductSpec, t: TableSpec, column: string): Level {
  const c = t.columns.find(x => x.name === column);
  return c?.level ?? c?.viaTable ?? p.defaultLevel ?? 'public';
}

// ---------------------------------------------------------------------------------------------
// Building a spec with a given library

/** The library module (src/ or an older release's lib/) and the aws-cdk-lib it was built with. */
export interface Libraries {
  readonly lib: any;
  readonly cdk: any;
}

export interface BuiltMesh {
  readonly app: any;
  /** The MeshDescription (databaseName() etc.). */
  readonly mesh: any;
  /** Stack name -> account. */
  readonly stacks: Record<string, string>;
}

/** Builds every stack of `spec` into a new App of `libs.cdk` (the Governance stack first: its shares feed the consumers). */
export function buildMesh(libs: Libraries, spec: MeshSpec, outdir?: string, policyValidationBeta1?: any[]): BuiltMesh {
  const { lib, cdk } = libs;
  const C = lib.Confidentiality;
  const levels: Record<Level, unknown> = { public: C.PUBLIC, private: C.PRIVATE, sensitive: C.SENSITIVE };
  const L = (l: Level | undefined) => (l === undefined ? undefined : levels[l]);
  const colType = (t: ColumnSpec['type']) => (t === 'decimal' ? lib.ColumnType.decimal(18, 2) : lib.ColumnType[t.toUpperCase()]);
  const productsOf = (domain: string) => spec.products.filter(p => p.producer === domain).map(p => p.name);
  const mesh = new lib.MeshDescription({
    name: spec.name,
    governance: {
      account: GOVERNANCE_ACCOUNT,
      region: REGION,
      catalogEncryptionKeyArn: spec.catalogKey ? `arn:aws:kms:${REGION}:${GOVERNANCE_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` : undefined,
    },
    producers: spec.producers.map(p => ({
      domain: p.domain,
      account: p.account,
      products: productsOf(p.domain),
      ...(p.shards ? { shards: p.shards } : {}),
    })),
    consumers: spec.consumers.map(c => ({ domain: c.domain, account: c.account })),
  });
  const app = new cdk.App({
    outdir,
    policyValidationBeta1,
    context: policyValidationBeta1 ? { '@aws-cdk/core:validationReportJson': true } : undefined,
  });
  const stacks: Record<string, string> = {};
  const gov = new cdk.Stack(app, 'Governance', { env: mesh.governanceEnv() });
  stacks.Governance = GOVERNANCE_ACCOUNT;
  const ontology = new lib.LfTagOntology(gov, 'Tags', { mesh, customTags: spec.customTags });
  const hub = new lib.GovernanceHub(gov, 'Hub', { mesh, ontology });
  const tagsOf = (tags?: Array<[string, string]>) => tags?.map(([k, v]) => ontology.key(k).value(v));
  const products = new Map<string, any>();
  for (const p of spec.products) {
    products.set(p.name, hub.addDataProduct(p.name, {
      owner: `${p.producer}@example.com`,
      defaultConfidentiality: L(p.defaultLevel),
      tables: p.tables.map(t => {
        // an own-property-only map: the test must not hit defect 1 through its own plain object
        const overrides: Record<string, unknown> = Object.create(null);
        for (const c of t.columns) if (c.viaTable !== undefined && c.level === undefined) overrides[c.name] = L(c.viaTable);
        return {
          name: t.name,
          columns: t.columns.map(c => ({ name: c.name, type: colType(c.type), confidentiality: L(c.level), tags: tagsOf(c.tags) })),
          partitionKeys: t.partition ? [{ name: t.partition, type: lib.ColumnType.STRING, projection: lib.PartitionProjection.date({ range: 'NOW-1YEARS,NOW' }) }] : undefined,
          columnConfidentiality: Object.keys(overrides).length ? overrides : undefined,
        };
      }),
      crawler: p.crawler ? { schedule: 'cron(0 3 * * ? *)' } : undefined,
      tags: tagsOf(p.tags),
    }));
  }
  spec.shares.forEach((s, i) => {
    const id = s.id ?? `Share${i}`;
    if (s.mode === 'tags') {
      // By expression (issue 15): the custom condition and the ceiling as a confidentiality condition, instead of maxConfidentiality.
      const tagExpression = s.expression ? lib.LfTagExpression.of([
        ontology.key(s.expression.key).anyOf(s.expression.values), ontology.confidentialityAtMost(L(s.ceiling)),
      ]) : undefined;
      new lib.DataProductShare(gov, id, {
        hub,
        consumer: s.consumer,
        products: s.products.map(n => products.get(n)),
        ...(tagExpression ? { tagExpression } : { maxConfidentiality: L(s.ceiling) }),
        allowSensitive: true,
      });
    } else if (s.mode === 'tables') {
      new lib.DataProductShare(gov, id, {
        hub,
        consumer: s.consumer,
        allowSensitive: true,
        tables: s.tables.map(t => ({ product: products.get(t.product), table: t.table, columns: t.columns })),
      });
    } else {
      new lib.DataProductShare(gov, id, {
        hub,
        consumer: s.consumer,
        allowSensitive: true,
        cellsFilter: { product: products.get(s.product), table: s.table, name: s.filter, rowFilter: s.rowFilter, excludedColumns: s.excluded },
      });
    }
  });
  const APPEND = lib.SettingsMutation.APPEND;
  for (const p of spec.producers) {
    const stack = new cdk.Stack(app, `Producer-${p.domain}`, { env: mesh.producerEnv(p.domain) });
    stacks[`Producer-${p.domain}`] = p.account;
    new lib.DataProducer(stack, 'Lake', { mesh, domain: p.domain, settingsMutation: p.append ? APPEND : undefined });
  }
  for (const c of spec.consumers) {
    const stack = new cdk.Stack(app, `Consumer-${c.domain}`, { env: mesh.consumerEnv(c.domain) });
    stacks[`Consumer-${c.domain}`] = c.account;
    const consumer = new lib.DataConsumer(stack, 'Consumer', { mesh, domain: c.domain, settingsMutation: c.append ? APPEND : undefined });
    for (const r of c.roles) consumer.addRole(r.name, { clearance: L(r.clearance), sageMaker: r.sageMaker });
  }
  return { app, mesh, stacks };
}

/** Whether `e` is a library error (the shape of src/private/validation.ts `fail`) rather than a raw JavaScript or construct error. */
export function isLibraryError(e: unknown): boolean {
  // The library's own validation error (typed, scoped to the construct), not a TypeError or a bare crash.
  if (!MeshValidationError.isMeshValidationError(e)) return false;
  return /^[A-Z][A-Za-z]+ '[^']*'[^:]*: /.test(e.message) && !/There is already a Construct|Cannot read prop|is not a function|is not iterable/.test(e.message);
}
