/*
 * DM-39: every change to a TagAssociation replaces it, and CloudFormation creates the replacement
 * before it deletes the old one, whose delete may strip the tags the replacement has just set.
 *
 * This test synthesizes version 1 and version 2 of a governance stack (one column's level lowered,
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
 * two declared levels, and that after the update every column has exactly its version-2 level.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { bankMesh, buildBankMesh } from '../examples/typescript/bank-mesh';
import { ColumnSchema, ColumnType, Confidentiality, GovernanceHub, LfTagOntology } from '../src';

interface Res {
  Type: string;
  Properties?: any;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
type Resources = Record<string, Res>;

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

/** The governance stack of the bank mesh with one product, life_expectancy, declared with `columns`. */
function governance(columns: ColumnSchema[]): Resources {
  const stack = new Stack(new App(), 'Governance', { env: bankMesh.governanceEnv() });
  const ontology = new LfTagOntology(stack, 'Tags', { mesh: bankMesh });
  const hub = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology });
  hub.addDataProduct('life_expectancy', {
    owner: 'insurance-data@bank.example',
    description: 'Life expectancy of policyholders, by policy.',
    tables: [{ name: TABLE, columns }],
  });
  return Template.fromStack(stack).toJSON().Resources;
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

interface Change {
  readonly id: string;
  readonly kind: 'create' | 'replace' | 'update';
}
interface UpdatePlan {
  /** Create/update phase, with the changed resources each change waits for. */
  readonly changes: Change[];
  readonly waitsFor: Map<string, string[]>;
  /** Cleanup phase: old physical resources deleted (Retain policies honoured). */
  readonly deletions: Array<{ id: string; old: Res }>;
  /** Old physical resources left in place by a Retain policy. */
  readonly retained: string[];
}

/** Every create-only property change replaces these types (their CloudFormation schemas mark all properties create-only). */
const REPLACED_ON_ANY_CHANGE = ['AWS::LakeFormation::TagAssociation', 'AWS::LakeFormation::PrincipalPermissions'];

function references(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {value.forEach(v => references(v, out));} else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string') out.add(o.Ref);
    if (Array.isArray(o['Fn::GetAtt'])) out.add(o['Fn::GetAtt'][0] as string);
    Object.values(o).forEach(v => references(v, out));
  }
  return out;
}

function plan(v1: Resources, v2: Resources): UpdatePlan {
  const changes: Change[] = [];
  const deletions: UpdatePlan['deletions'] = [];
  const retained: string[] = [];
  for (const [id, r] of Object.entries(v2)) {
    const old = v1[id];
    if (!old) {
      changes.push({ id, kind: 'create' });
    } else if (JSON.stringify(old.Properties) !== JSON.stringify(r.Properties)) {
      expect(old.Type).toBe(r.Type);
      if (REPLACED_ON_ANY_CHANGE.includes(r.Type)) {
        changes.push({ id, kind: 'replace' });
        if (old.UpdateReplacePolicy === 'Retain') retained.push(id);
        else deletions.push({ id, old });
      } else {
        changes.push({ id, kind: 'update' });
      }
    }
  }
  for (const [id, old] of Object.entries(v1)) {
    if (v2[id]) continue;
    if (old.DeletionPolicy === 'Retain') retained.push(id);
    else deletions.push({ id, old });
  }
  const changed = new Set(changes.map(c => c.id));
  const waitsFor = new Map(changes.map(c => {
    const r = v2[c.id];
    return [c.id, [...new Set([...(r.DependsOn ?? []), ...references(r.Properties)])].filter(d => changed.has(d) && d !== c.id)];
  }));
  return { changes, waitsFor, deletions, retained };
}

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

/** Every subset of the deletions (cleanup runs them in any order; each strip is independent of the others). */
function subsets<T>(items: T[]): T[][] {
  if (items.length === 0) return [[]];
  const rest = subsets(items.slice(1));
  return [...rest, ...rest.map(s => [items[0], ...s])];
}

interface Replay {
  readonly plan: UpdatePlan;
  /** Columns less restricted than min(v1 level, v2 level) at some instant. */
  readonly during: string[];
  /** Columns whose level after the update differs from their v2 level. */
  readonly after: string[];
  readonly statesChecked: number;
}

function replay(v1: Resources, v2: Resources, v1Levels: Map<string, Confidentiality>, v2Levels: Map<string, Confidentiality>): Replay {
  const p = plan(v1, v2);
  const during = new Set<string>();
  let statesChecked = 0;
  const check = (catalog: Catalog, when: string) => {
    statesChecked++;
    for (const column of catalog.columns.get(`${DATABASE}.${TABLE}`) ?? []) {
      const bounds = [v1Levels.get(column), v2Levels.get(column)].filter((l): l is Confidentiality => l !== undefined);
      const required = bounds.reduce((a, b) => RANK[a] <= RANK[b] ? a : b);
      const level = catalog.level(DATABASE, TABLE, column);
      if (RANK[level] < RANK[required]) during.add(`${column} is ${level} (at least ${required} required) ${when}`);
    }
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
  return { plan: p, during: [...during].sort(), after: after.sort(), statesChecked };
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
/** Without the table-level `sensitive` association and the database-level `confidentiality` tag. */
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
    const reference: Resources = Template.fromStack(buildBankMesh(new App()).governance.stack).toJSON().Resources;
    for (const [id, r] of Object.entries(v1)) {
      if (r.Type === 'AWS::LakeFormation::TagAssociation' || r.Type === 'AWS::Glue::Table') expect(reference[id]).toEqual(r);
    }
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
    expect(r.after).toEqual([]);
  });

  test('while untagged, the added column inherits the table\'s sensitive', () => {
    const p = plan(v1, v2);
    const catalog = deployed(v1);
    apply(catalog, p.changes.find(c => v2[c.id].Type === 'AWS::Glue::Table')!, v2);
    expect(catalog.columns.get(`${DATABASE}.${TABLE}`)).toContain('smoker');
    expect(catalog.tags.get(`column:${DATABASE}.${TABLE}.smoker`)).toBeUndefined();
    expect(catalog.level(DATABASE, TABLE, 'smoker')).toBe('sensitive');
  });

  test('counter-example: without the table- and database-level sensitive, the added column is unrestricted until it is tagged', () => {
    const r = replay(withoutFailClosed(v1), withoutFailClosed(v2), v1Levels, v2Levels);
    expect(r.during.length).toBeGreaterThan(0);
    expect(r.during.every(v => v.startsWith('smoker is untagged (at least private required)'))).toBe(true);
  });

  test('the database-level sensitive alone still covers a lost table-level tag (the association deleted from v2)', () => {
    const r = replay(v1, edit(v2, (_, x) => isAssociation(x, 'Table') ? undefined : x), v1Levels, v2Levels);
    expect(r.plan.deletions.map(d => v1[d.id].Properties.Resource.Table?.Name)).toEqual([TABLE]);
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
