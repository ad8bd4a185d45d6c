/*
 * DM-39: every change to a TagAssociation replaces it, and CloudFormation creates the replacement
 * before it deletes the old one, whose delete may strip the tags the replacement has just set.
 *
 * This test synthesizes version 1 and version 2 of a governance stack and its shard, which holds the
 * product's tables and associations since issue 13 (one column's level lowered,
 * another's raised, one column added), then replays the update the way CloudFormation runs it, on the
 * templates alone:
 *   1. create/update phase: new logical IDs and replaced associations are created (a new physical
 *      resource), changed Glue tables updated in place, in any order their dependencies allow;
 *   2. cleanup phase: the old physical resources of replaced and removed logical IDs are deleted
 *      (unless their UpdateReplacePolicy/DeletionPolicy is Retain), in any order; worst case, deleting
 *      an association strips its tag keys from every resource it names, even where the new association
 *      has just set them.
 * At every reachable intermediate state it evaluates Lake Formation's tag inheritance (column tag, else
 * table tag, else database tag) and checks that no column is ever less restricted than the lower of its
 * two declared levels, that the database always keeps producer=insurance and confidentiality=sensitive
 * (the table has no association of its own: it inherits the database's), and that after the update every column has exactly its
 * version-2 level. Further version-2 variants add, remove and change custom LF-tags (of the database
 * and of columns): a custom-tag change must never replace an association that carries producer or
 * confidentiality.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { bankMesh, buildBankMesh } from '../examples/typescript/bank-mesh';
import { ColumnSchema, ColumnType, Confidentiality, GovernanceHub, LfTagOntology, QualityRule } from '../src';
import { Change, plan as cfnPlan, subsets, UpdatePlan } from './support/cfn-update';
import { Res, Resources, resourcesOf } from './support/template';


const TABLE = 'policyholder_life_expectancy';
const DATABASE = bankMesh.databaseName('life_expectancy');

/** Version 1: the reference mesh's life_expectancy table. */
const V1_COLUMNS: ColumnSchema[] = [
  { name: 'policy_id', type: ColumnType.STRING },
  { name: 'customer_name', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE },
  { name: 'age', type: ColumnType.INT },
  { name: 'life_expectancy', type: ColumnType.DOUBLE, confidentiality: Confidentiality.SENSITIVE },
];
/** Version 2: customer_name private -> public, age public -> sensitive, smoker added (private). */
const V2_COLUMNS: ColumnSchema[] = [
  { name: 'policy_id', type: ColumnType.STRING },
  { name: 'customer_name', type: ColumnType.STRING, confidentiality: Confidentiality.PUBLIC },
  { name: 'age', type: ColumnType.INT, confidentiality: Confidentiality.SENSITIVE },
  { name: 'life_expectancy', type: ColumnType.DOUBLE, confidentiality: Confidentiality.SENSITIVE },
  { name: 'smoker', type: ColumnType.BOOLEAN, confidentiality: Confidentiality.PRIVATE },
];

/** Custom LF-tags of a version: `key -> value` on the database, and per column. */
interface CustomTags {
  readonly database?: Record<string, string>;
  readonly columns?: Record<string, Record<string, string>>;
}
/** The custom keys of the ontology in every version (the reference mesh's ontology has none). */
const CUSTOM_KEYS = [{ key: 'region', values: ['eu', 'us'] }, { key: 'retention', values: ['short', 'long'] }];

/**
 * The resources of every stack of a hub (the governance stack and its shards, issue 13), by logical ID: the logical IDs
 * are unique across them (a product keeps the IDs it had in the governance stack).
 */
function hubResources(hub: GovernanceHub): Resources {
  const out: Resources = {};
  for (const st of hub.stacks) {
    for (const [id, r] of Object.entries(resourcesOf(st))) {
      if (out[id]) throw new Error(`logical ID ${id} in two stacks`);
      out[id] = r;
    }
  }
  return out;
}

/**
 * The governance stack of the bank mesh and its shard with one product, life_expectancy, declared with `columns`
 * and `custom` tags; the ontology declares the custom keys `region` and `retention` in every version.
 */
function governance(columns: ColumnSchema[], custom: CustomTags = {}): Resources {
  const stack = new Stack(new App(), 'Governance', { env: bankMesh.governanceEnv() });
  const ontology = new LfTagOntology(stack, 'Tags', { mesh: bankMesh, customTags: CUSTOM_KEYS });
  const hub = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology });
  const tagsOf = (tags: Record<string, string> = {}) => Object.entries(tags).map(([k, v]) => ontology.key(k).value(v));
  const product = hub.addDataProduct('life_expectancy', {
    owner: 'insurance-data@bank.example',
    description: 'Life expectancy of policyholders, by policy.',
    // the reference mesh's table states its quality rules in the contract (the pipeline's gate runs them)
    tables: [{
      name: TABLE,
      columns: columns.map(c => ({ ...c, tags: tagsOf(custom.columns?.[c.name]) })),
      qualityRules: [QualityRule.between('age', 18, 110), QualityRule.between('life_expectancy', 0, 100)],
    }],
    tags: tagsOf(custom.database),
  });
  // The product's tables and associations live in its producer's shard, not in the governance stack.
  expect(Stack.of(product)).not.toBe(stack);
  expect(Object.values(resourcesOf(stack)).filter(r => r.Type === 'AWS::LakeFormation::TagAssociation' || r.Type === 'AWS::Glue::Table')).toEqual([]);
  return hubResources(hub);
}

/** The declared level of every column (the product's default, public, where the schema names none). */
function declared(columns: ColumnSchema[]): Map<string, Confidentiality> {
  return new Map(columns.map(c => [c.name, c.confidentiality ?? Confidentiality.PUBLIC]));
}

// ---------------------------------------------------------------------------------------------
// Lake Formation state, evaluated from template resources only.

type Level = Confidentiality | 'untagged';
const RANK: Record<Level, number> = { untagged: -1, public: 0, private: 1, sensitive: 2 };

class Catalog {
  /** Columns of each table (`db.table`), as the Glue table currently declares them. */
  public readonly columns = new Map<string, string[]>();
  /** LF-tags by resource: `db:<db>`, `table:<db>.<table>`, `column:<db>.<table>.<column>`. */
  public readonly tags = new Map<string, Map<string, string>>();

  public clone(): Catalog {
    const c = new Catalog();
    this.columns.forEach((v, k) => c.columns.set(k, [...v]));
    this.tags.forEach((v, k) => c.tags.set(k, new Map(v)));
    return c;
  }

  /** A Glue table created or updated in place: its columns are those of `table`; dropped columns lose their tags. */
  public putTable(table: Res): void {
    const input = table.Properties.TableInput;
    const key = `${table.Properties.DatabaseName}.${input.Name}`;
    const names = [...input.StorageDescriptor.Columns, ...(input.PartitionKeys ?? [])].map((c: any) => c.Name as string);
    for (const old of this.columns.get(key) ?? []) if (!names.includes(old)) this.tags.delete(`column:${key}.${old}`);
    this.columns.set(key, names);
  }

  /** Creating an association sets its value of each key on each resource it names (AddLFTagsToResource). */
  public associate(association: Res): void {
    for (const target of targets(association)) {
      const tags = this.tags.get(target) ?? new Map<string, string>();
      for (const t of association.Properties.LFTags) tags.set(t.TagKey, t.TagValues[0]);
      this.tags.set(target, tags);
    }
  }

  /** Worst case of deleting an association: its keys are removed from every resource it names, whatever their value now. */
  public strip(association: Res): void {
    for (const target of targets(association)) {
      for (const t of association.Properties.LFTags) this.tags.get(target)?.delete(t.TagKey);
    }
  }

  /** The custom tags (all but producer, confidentiality and discoverable, the mesh's keys) of a resource, e.g. `db:<db>`. */
  public custom(resource: string): Record<string, string> {
    return Object.fromEntries([...this.tags.get(resource)?.entries() ?? []]
      .filter(([k]) => k !== 'producer' && k !== 'confidentiality' && k !== 'discoverable').sort());
  }

  /** The effective confidentiality of a column: its own tag, else its table's, else its database's (LF inheritance). */
  public level(db: string, table: string, column: string): Level {
    for (const key of [`column:${db}.${table}.${column}`, `table:${db}.${table}`, `db:${db}`]) {
      const value = this.tags.get(key)?.get('confidentiality');
      if (value) return value as Confidentiality;
    }
    return 'untagged';
  }
}

function targets(association: Res): string[] {
  const r = association.Properties.Resource;
  if (r.Database) return [`db:${r.Database.Name}`];
  if (r.Table) return [`table:${r.Table.DatabaseName}.${r.Table.Name}`];
  const t = r.TableWithColumns;
  return (t.ColumnNames as string[]).map(c => `column:${t.DatabaseName}.${t.Name}.${c}`);
}

/** v1 fully deployed. */
function deployed(resources: Resources): Catalog {
  const catalog = new Catalog();
  Object.values(resources).filter(r => r.Type === 'AWS::Glue::Table').forEach(r => catalog.putTable(r));
  Object.values(resources).filter(r => r.Type === 'AWS::LakeFormation::TagAssociation').forEach(r => catalog.associate(r));
  return catalog;
}

// ---------------------------------------------------------------------------------------------
// CloudFormation's update, from the two templates.

/** Replacement from the CloudFormation resource schemas' create-only properties (support/replacement-model.ts). */
const plan = (v1: Resources, v2: Resources): UpdatePlan => cfnPlan(v1, v2);

/** Every set of changes CloudFormation may have completed at some instant: the sets closed under "waits for". */
function reachable(p: UpdatePlan): Change[][] {
  expect(p.changes.length).toBeLessThanOrEqual(16);
  return subsets(p.changes)
    .filter(done => done.every(c => p.waitsFor.get(c.id)!.every(d => done.some(x => x.id === d))))
    .map(done => order(done, p));
}

/** `done` in an order that respects "waits for". */
function order(done: Change[], p: UpdatePlan): Change[] {
  const out: Change[] = [];
  const left = [...done];
  while (left.length > 0) {
    const i = left.findIndex(c => p.waitsFor.get(c.id)!.every(d => out.some(o => o.id === d) || !left.some(l => l.id === d)));
    out.push(...left.splice(i, 1));
  }
  return out;
}

function apply(catalog: Catalog, change: Change, v2: Resources): void {
  const r = v2[change.id];
  if (r.Type === 'AWS::Glue::Table') catalog.putTable(r);
  if (r.Type === 'AWS::LakeFormation::TagAssociation') catalog.associate(r);
}


interface Replay {
  readonly plan: UpdatePlan;
  /** Columns less restricted than min(v1 level, v2 level) at some instant. */
  readonly during: string[];
  /** The database without producer=insurance or confidentiality=sensitive, or the table with a confidentiality of its own other than sensitive, at some instant. */
  readonly tagsLost: string[];
  /** Columns whose level after the update differs from their v2 level. */
  readonly after: string[];
  /** The catalog after the update (cleanup included). */
  readonly final: Catalog;
  readonly statesChecked: number;
}

function replay(v1: Resources, v2: Resources, v1Levels: Map<string, Confidentiality>, v2Levels: Map<string, Confidentiality>): Replay {
  const p = plan(v1, v2);
  const during = new Set<string>();
  const tagsLost = new Set<string>();
  let statesChecked = 0;
  const check = (catalog: Catalog, when: string) => {
    statesChecked++;
    for (const column of catalog.columns.get(`${DATABASE}.${TABLE}`) ?? []) {
      const bounds = [v1Levels.get(column), v2Levels.get(column)].filter((l): l is Confidentiality => l !== undefined);
      const required = bounds.reduce((a, b) => RANK[a] <= RANK[b] ? a : b);
      const level = catalog.level(DATABASE, TABLE, column);
      if (RANK[level] < RANK[required]) during.add(`${column} is ${level} (at least ${required} required) ${when}`);
    }
    // The fail-closed tag of the database (which the table inherits) and the producer tag never go missing.
    const db = catalog.tags.get(`db:${DATABASE}`);
    if (db?.get('producer') !== 'insurance') tagsLost.add(`database ${DATABASE} has producer ${db?.get('producer') ?? 'missing'} ${when}`);
    if (db?.get('confidentiality') !== 'sensitive') tagsLost.add(`database ${DATABASE} has confidentiality ${db?.get('confidentiality') ?? 'missing'} ${when}`);
    // The table has no association of its own (issue 13): it inherits the database's sensitive; a level of its own would override it.
    const table = catalog.tags.get(`table:${DATABASE}.${TABLE}`)?.get('confidentiality');
    if (table !== undefined && table !== 'sensitive') tagsLost.add(`table ${TABLE} has confidentiality ${table} ${when}`);
  };
  const initial = deployed(v1);
  check(initial, 'before the update');
  let created = initial;
  for (const done of reachable(p)) {
    const catalog = initial.clone();
    done.forEach(c => apply(catalog, c, v2));
    check(catalog, `after ${done.map(c => `${c.kind} ${c.id}`).join(', ') || 'nothing'}`);
    if (done.length === p.changes.length) created = catalog;
  }
  let final = created;
  for (const deleted of subsets(p.deletions)) {
    const catalog = created.clone();
    deleted.forEach(d => d.old.Type === 'AWS::LakeFormation::TagAssociation' && catalog.strip(d.old));
    check(catalog, `after all creates and deleting ${deleted.map(d => d.id).join(', ') || 'nothing'}`);
    if (deleted.length === p.deletions.length) final = catalog;
  }
  const after: string[] = [];
  const columns = final.columns.get(`${DATABASE}.${TABLE}`) ?? [];
  for (const [column, level] of v2Levels) {
    const actual = columns.includes(column) ? final.level(DATABASE, TABLE, column) : 'missing';
    if (actual !== level) after.push(`${column} is ${actual}, declared ${level}`);
  }
  return { plan: p, during: [...during].sort(), tagsLost: [...tagsLost].sort(), after: after.sort(), final, statesChecked };
}

// ---------------------------------------------------------------------------------------------

const v1 = governance(V1_COLUMNS);
const v2 = governance(V2_COLUMNS);
const v1Levels = declared(V1_COLUMNS);
const v2Levels = declared(V2_COLUMNS);

/** Template surgery for the counter-examples. */
function edit(resources: Resources, change: (id: string, r: Res) => Res | undefined): Resources {
  const out: Resources = {};
  for (const [id, r] of Object.entries(JSON.parse(JSON.stringify(resources)) as Resources)) {
    const changed = change(id, r);
    if (changed) out[id] = changed;
  }
  return out;
}
const isAssociation = (r: Res, kind: 'Database' | 'Table' | 'TableWithColumns') =>
  r.Type === 'AWS::LakeFormation::TagAssociation' && r.Properties.Resource[kind] !== undefined;
/** Without the database-level `confidentiality` tag (and any table-level association: there is none since issue 13). */
const withoutFailClosed = (resources: Resources) => edit(resources, (_, r) => {
  if (isAssociation(r, 'Table')) return undefined;
  if (isAssociation(r, 'Database')) r.Properties.LFTags = r.Properties.LFTags.filter((t: any) => t.TagKey !== 'confidentiality');
  return r;
});
/** Without the Retain policies of the column associations: their deletes run (and strip, worst case). */
const withoutRetain = (resources: Resources) => edit(resources, (_, r) => {
  delete r.DeletionPolicy;
  delete r.UpdateReplacePolicy;
  return r;
});

describe('DM-39: a column-level change never exposes a column, during or after the update', () => {
  test('version 1 is the reference mesh\'s life_expectancy product', () => {
    const bank = buildBankMesh(new App());
    const reference: Resources = Template.fromStack(Stack.of(bank.governance.hub.dataProduct('life_expectancy'))).toJSON().Resources;
    const compared = Object.entries(v1).filter(([, r]) => r.Type === 'AWS::LakeFormation::TagAssociation' || r.Type === 'AWS::Glue::Table');
    expect(compared).toHaveLength(6); // the table, the database association, the discovery association (D66), three column associations
    for (const [id, r] of compared) expect(reference[id]).toEqual(r);
  });

  test('the update replaces the three column associations and updates the table; no grant changes', () => {
    const p = plan(v1, v2);
    const summary = p.changes.map(c => `${c.kind} ${v2[c.id].Type}`).sort();
    expect(summary).toEqual([
      'replace AWS::LakeFormation::TagAssociation',
      'replace AWS::LakeFormation::TagAssociation',
      'replace AWS::LakeFormation::TagAssociation',
      'update AWS::Glue::Table',
    ]);
    // Every replaced association waits for the table update, so the new column exists before it is tagged.
    const tableId = p.changes.find(c => v2[c.id].Type === 'AWS::Glue::Table')!.id;
    for (const c of p.changes.filter(x => x.kind === 'replace')) expect(p.waitsFor.get(c.id)).toEqual([tableId]);
    const grants = (r: Resources) => Object.entries(r).filter(([, x]) => x.Type === 'AWS::LakeFormation::PrincipalPermissions');
    expect(grants(v2)).toEqual(grants(v1));
  });

  test('the old column associations are retained, not deleted: nothing strips the levels just set', () => {
    const p = plan(v1, v2);
    expect(p.deletions).toEqual([]);
    expect(p.retained).toHaveLength(3);
  });

  test('every column, at every reachable state, is at least min(v1 level, v2 level); after the update, exactly its v2 level', () => {
    const r = replay(v1, v2, v1Levels, v2Levels);
    expect(r.statesChecked).toBeGreaterThanOrEqual(5);
    expect(r.during).toEqual([]);
    expect(r.tagsLost).toEqual([]);
    expect(r.after).toEqual([]);
  });

  test('while untagged, the added column inherits the database\'s sensitive (the table has no tag of its own)', () => {
    const p = plan(v1, v2);
    const catalog = deployed(v1);
    apply(catalog, p.changes.find(c => v2[c.id].Type === 'AWS::Glue::Table')!, v2);
    expect(catalog.columns.get(`${DATABASE}.${TABLE}`)).toContain('smoker');
    expect(catalog.tags.get(`column:${DATABASE}.${TABLE}.smoker`)).toBeUndefined();
    expect(catalog.tags.get(`table:${DATABASE}.${TABLE}`)).toBeUndefined();
    expect(catalog.level(DATABASE, TABLE, 'smoker')).toBe('sensitive');
  });

  test('counter-example: without the database-level sensitive, the added column is unrestricted until it is tagged', () => {
    const r = replay(withoutFailClosed(v1), withoutFailClosed(v2), v1Levels, v2Levels);
    expect(r.during.length).toBeGreaterThan(0);
    expect(r.during.every(v => v.startsWith('smoker is untagged (at least private required)'))).toBe(true);
  });

  test('no table-level association in either version: the database-level sensitive alone covers the table (issue 13)', () => {
    for (const r of [v1, v2]) expect(Object.values(r).filter(x => isAssociation(x, 'Table'))).toEqual([]);
    const r = replay(v1, v2, v1Levels, v2Levels);
    expect(r.plan.deletions).toEqual([]);
    expect(r.final.tags.get(`table:${DATABASE}.${TABLE}`)).toBeUndefined();
    expect(r.during).toEqual([]);
  });

  test('counter-example: if the old column associations were deleted (no Retain), fail closed still hides the stripped columns, but leaves them wrong', () => {
    const r = replay(withoutRetain(v1), withoutRetain(v2), v1Levels, v2Levels);
    expect(r.plan.deletions).toHaveLength(3);
    expect(r.during).toEqual([]);
    expect(r.after).toEqual(['customer_name is sensitive, declared public', 'policy_id is sensitive, declared public']);
  });

  test('counter-example: with neither Retain nor fail closed, the stripped columns are exposed', () => {
    const r = replay(withoutRetain(withoutFailClosed(v1)), withoutRetain(withoutFailClosed(v2)), v1Levels, v2Levels);
    expect(r.during).toEqual(expect.arrayContaining([
      expect.stringMatching(/^customer_name is untagged \(at least public required\)/),
      expect.stringMatching(/^age is untagged \(at least public required\)/),
      expect.stringMatching(/^life_expectancy is untagged \(at least sensitive required\)/),
    ]));
  });
});

describe('DM-39: a custom-tag change never replaces the producer/confidentiality associations, and never strips them', () => {
  const associations = (r: Resources) => Object.entries(r).filter(([, x]) => x.Type === 'AWS::LakeFormation::TagAssociation');
  /** The associations that carry producer or confidentiality, by logical ID. */
  const failClosed = (r: Resources) => Object.fromEntries(associations(r)
    .filter(([, x]) => (x.Properties.LFTags as any[]).some(t => t.TagKey === 'producer' || t.TagKey === 'confidentiality')));
  const column = (c: string) => `column:${DATABASE}.${TABLE}.${c}`;
  const db = `db:${DATABASE}`;

  const EU_COLUMNS = { policy_id: { region: 'eu' }, customer_name: { region: 'eu' } };
  const variants: Array<[string, ColumnSchema[], CustomTags, ColumnSchema[], CustomTags]> = [
    ['a database custom tag added', V1_COLUMNS, {}, V1_COLUMNS, { database: { region: 'eu' } }],
    ['a database custom tag removed', V1_COLUMNS, { database: { region: 'eu', retention: 'long' } }, V1_COLUMNS, { database: { retention: 'long' } }],
    ['a database custom tag changed', V1_COLUMNS, { database: { region: 'eu' } }, V1_COLUMNS, { database: { region: 'us' } }],
    ['a column custom tag changed (another column keeps the old value)', V1_COLUMNS, { columns: EU_COLUMNS },
      V1_COLUMNS, { columns: { ...EU_COLUMNS, customer_name: { region: 'us' } } }],
    ['a column custom tag added to a column, with a level change and a new column', V1_COLUMNS, { columns: EU_COLUMNS },
      V2_COLUMNS, { columns: { ...EU_COLUMNS, age: { region: 'eu' }, smoker: { retention: 'short' } } }],
    ['every custom tag of the database and of the columns removed', V1_COLUMNS, { database: { region: 'eu' }, columns: EU_COLUMNS }, V1_COLUMNS, {}],
  ];

  test.each(variants)('%s: producer/confidentiality associations unchanged; levels and fail-closed tags hold at every state; custom tags end as declared',
    (_, c1, t1, c2, t2) => {
      const r1 = governance(c1, t1);
      const r2 = governance(c2, t2);
      const r = replay(r1, r2, declared(c1), declared(c2));
      // Only a level change (c1 != c2) may touch a confidentiality association; a custom-tag change never does.
      if (c1 === c2) expect(failClosed(r2)).toEqual(failClosed(r1));
      expect(r.plan.changes.length + r.plan.deletions.length).toBeGreaterThan(0);
      expect(r.during).toEqual([]);
      expect(r.tagsLost).toEqual([]);
      expect(r.after).toEqual([]);
      expect(r.final.custom(db)).toEqual(t2.database ?? {});
      for (const { name } of c2) expect({ name, tags: r.final.custom(column(name)) }).toEqual({ name, tags: t2.columns?.[name] ?? {} });
    });

  test('without the fix (one database association for producer, confidentiality and custom tags), adding a custom tag strips producer and confidentiality', () => {
    /** The v1.x layout: the custom tags merged into the producer/confidentiality association of the database. */
    const merged = (r: Resources) => {
      const out = edit(r, (_, x) => isAssociation(x, 'Database') && !(x.Properties.LFTags as any[]).some(t => t.TagKey === 'producer') ? undefined : x);
      const [id, main] = Object.entries(out).find(([, x]) => isAssociation(x, 'Database'))!;
      const custom = associations(r).filter(([, x]) => isAssociation(x, 'Database') && x !== r[id]).flatMap(([, x]) => x.Properties.LFTags);
      out[id] = { ...main, Properties: { ...main.Properties, LFTags: [...main.Properties.LFTags, ...custom] } };
      return out;
    };
    const r = replay(merged(governance(V1_COLUMNS)), merged(governance(V1_COLUMNS, { database: { region: 'eu' } })), v1Levels, v1Levels);
    expect(r.tagsLost).toEqual(expect.arrayContaining([
      expect.stringMatching(/^database bank_life_expectancy has producer missing/),
      expect.stringMatching(/^database bank_life_expectancy has confidentiality missing/),
    ]));
  });

  test('without the fix (custom tags in the confidentiality associations), changing a column custom tag leaves columns at the wrong level', () => {
    /** The v1.x layout: one association per distinct (confidentiality, custom tags) set of columns, not retained when it has custom tags. */
    const merged = (r: Resources) => {
      const out = edit(r, (_, x) => isAssociation(x, 'TableWithColumns') ? undefined : x);
      const byColumn = new Map<string, any[]>();
      for (const [, x] of associations(r).filter(([, a]) => isAssociation(a, 'TableWithColumns'))) {
        for (const c of x.Properties.Resource.TableWithColumns.ColumnNames) byColumn.set(c, [...byColumn.get(c) ?? [], ...x.Properties.LFTags]);
      }
      const groups = new Map<string, string[]>();
      for (const [c, tags] of byColumn) {
        const key = JSON.stringify(tags.sort((a, b) => a.TagKey.localeCompare(b.TagKey)));
        groups.set(key, [...groups.get(key) ?? [], c]);
      }
      for (const [key, columns] of groups) {
        const tags = JSON.parse(key) as any[];
        out[`Columns${key.replace(/[^A-Za-z0-9]/g, '')}`] = {
          Type: 'AWS::LakeFormation::TagAssociation',
          Properties: { LFTags: tags, Resource: { TableWithColumns: { CatalogId: '111111111111', DatabaseName: DATABASE, Name: TABLE, ColumnNames: columns.sort() } } },
          ...(tags.length === 1 ? { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } : {}),
        };
      }
      return out;
    };
    const t1: CustomTags = { columns: EU_COLUMNS };
    const t2: CustomTags = { columns: { ...EU_COLUMNS, customer_name: { region: 'us' } } };
    const r = replay(merged(governance(V1_COLUMNS, t1)), merged(governance(V1_COLUMNS, t2)), v1Levels, v1Levels);
    // customer_name's group {private, region=eu} is replaced by {private, region=us}: the old one's delete strips its confidentiality.
    expect(r.after).toEqual(['customer_name is sensitive, declared private']);
  });

  test('the custom associations: one per database key and one per column key=value, replaced but retained, deleted when removed', () => {
    const r = governance(V1_COLUMNS, { database: { region: 'eu', retention: 'long' }, columns: { ...EU_COLUMNS, age: { region: 'us' } } });
    const custom = associations(r).filter(([id, x]) => !failClosed(r)[id] && x.Properties.LFTags[0].TagKey !== 'discoverable').map(([, x]) => ({
      on: x.Properties.Resource.Database ? 'database' : x.Properties.Resource.TableWithColumns.ColumnNames.join(','),
      tags: (x.Properties.LFTags as any[]).map(t => `${t.TagKey}=${t.TagValues.join('|')}`).join(','),
      deletion: x.DeletionPolicy,
      replace: x.UpdateReplacePolicy,
    }));
    // DeletionPolicy Delete is CloudFormation's default, written out so that cfn-lint W3011 sees both policies (issue 14).
    expect(custom).toEqual([
      { on: 'database', tags: 'region=eu', deletion: 'Delete', replace: 'Retain' },
      { on: 'database', tags: 'retention=long', deletion: 'Delete', replace: 'Retain' },
      { on: 'customer_name,policy_id', tags: 'region=eu', deletion: 'Delete', replace: 'Retain' },
      { on: 'age', tags: 'region=us', deletion: 'Delete', replace: 'Retain' },
    ]);
  });

  test('known limit: the only column with key=value moved to another value loses the key (fail closed), a key dropped from some columns of a group lingers', () => {
    // The old key=value association disappears: its delete strips `region` from customer_name, which region=us has just set.
    const moved = replay(governance(V1_COLUMNS, { columns: { customer_name: { region: 'eu' } } }),
      governance(V1_COLUMNS, { columns: { customer_name: { region: 'us' } } }), v1Levels, v1Levels);
    expect(moved.final.custom(column('customer_name'))).toEqual({});
    // The region=eu association still names policy_id: replaced and retained, so customer_name keeps region=eu.
    const dropped = replay(governance(V1_COLUMNS, { columns: EU_COLUMNS }), governance(V1_COLUMNS, { columns: { policy_id: { region: 'eu' } } }),
      v1Levels, v1Levels);
    expect(dropped.final.custom(column('customer_name'))).toEqual({ region: 'eu' });
    // Either way, producer, confidentiality and the column levels are untouched.
    for (const r of [moved, dropped]) expect([r.during, r.tagsLost, r.after]).toEqual([[], [], []]);
  });
});
