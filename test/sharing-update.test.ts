/*
 * DM-39 for sharing: version 1 -> version 2 of the reference mesh, where exec's ceiling is lowered
 * (sensitive -> private) and the consumer bi is removed (its share and its stack). Every change to a
 * PrincipalPermissions or TagAssociation replaces it; CloudFormation creates new and replacing
 * resources first and deletes the old ones at cleanup, so an update passes through many states.
 *
 * Version 2 is the reference module itself (examples/typescript/bank-mesh.ts, never copied), built with
 * two edits applied through a jest mock of the package: DataProductShare to exec gets
 * maxConfidentiality PRIVATE, and the share to bi and bi's DataConsumer are not created (their stack
 * is then removed from the app). A test checks that the template diff is exactly that.
 *
 * The replay works on the synthesized templates only, stack by stack (governance update, exec update,
 * bi stack deletion, in every order; issue 13: each of them is the user's stack and its shards, one after the
 * other as `cdk deploy` runs them: an update goes base first then the shards in order, a deletion the shards
 * first, last one first):
 *   - create phase: every set of new/replacing resources closed under "waits for" (DependsOn and
 *     references among the changed resources);
 *   - cleanup: every subset of the old physical resources (replaced or removed logical IDs, Retain
 *     honoured), worst case: deleting a grant revokes exactly the permissions it names and deleting an
 *     association strips its keys, even where an identical new one has just granted or set them;
 *   - a stack deletion: every set of its grants and links closed under "dependents first".
 * At each state it evaluates Lake Formation access for every consumer principal (the accounts, and the
 * roles through their links and re-grants, capped by what their account holds with grant option) and
 * checks: access ⊆ access(v1) at every state, and after the update access ⊆ access(v2) (here: equal).
 */
import { App } from 'aws-cdk-lib';
import { bankMesh, buildBankMesh } from '../examples/typescript/bank-mesh';
import { MeshAccessReport } from '../src';
import { plan as cfnPlan, references, subsets, UpdatePlan } from './support/cfn-update';
import { Res, Resources } from './support/template';

let mockVersion: 1 | 2 = 1;

jest.mock('../src', () => {
  const actual = jest.requireActual('../src');
  /** Version 2 of the reference mesh: exec's share up to private, bi's share gone. */
  function DataProductShare(scope: any, id: string, props: any) {
    if (mockVersion === 2 && props.consumer === 'bi') return { removedInVersion2: id };
    const edited = mockVersion === 2 && props.consumer === 'exec'
      ? { ...props, maxConfidentiality: actual.Confidentiality.PRIVATE, allowSensitive: false } : props;
    return new actual.DataProductShare(scope, id, edited);
  }
  /** Version 2: no DataConsumer for bi (its stack is removed from the app below). */
  function DataConsumer(scope: any, id: string, props: any) {
    if (mockVersion === 2 && props.domain === 'bi') return { addRole: () => undefined };
    return new actual.DataConsumer(scope, id, props);
  }
  return { ...actual, DataProductShare, DataConsumer };
});

interface StackTemplate {
  readonly name: string;
  readonly account: string;
  readonly resources: Resources;
}
type Mesh = Record<string, StackTemplate>;

const GOV = bankMesh.governanceAccount;
const CONSUMER_STACKS = ['Consumer-bi', 'Consumer-ml', 'Consumer-exec'];
/** The stacks of the reference mesh (issue 13): the user's, and the shards next to them (`<stack>-<producer>`). */
const V1_STACKS = [
  'Consumer-bi', 'Consumer-bi-insurance', 'Consumer-bi-investments', 'Consumer-exec', 'Consumer-exec-insurance', 'Consumer-exec-investments',
  'Consumer-ml', 'Consumer-ml-insurance', 'Governance', 'Governance-insurance', 'Governance-investments', 'Producer-insurance', 'Producer-investments',
];
/** A user's stack and its shards, in deployment order (the shards are chained in producer order: insurance, investments). */
const withShards = (mesh: Mesh, base: string): string[] => [base, ...Object.keys(mesh).filter(n => n.startsWith(`${base}-`)).sort()];

function synthesize(version: 1 | 2): Mesh {
  mockVersion = version;
  try {
    const app = new App();
    buildBankMesh(app);
    // bi's shards are created by its DataConsumer, which version 2 does not create: removing its stack removes everything of bi.
    if (version === 2) expect(app.node.tryRemoveChild('Consumer-bi')).toBe(true);
    const stacks = app.synth().stacks.map(s => ({ name: s.stackName, account: s.environment.account, resources: s.template.Resources as Resources }));
    return Object.fromEntries(stacks.map(s => [s.name, s]));
  } finally {
    mockVersion = 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Lake Formation state, from template resources only.

/** A permission as Lake Formation holds it: catalog, principal, resource, permission and grant option (one tag value per atom). */
type Atom = string;

class World {
  /** Tags by `db:<db>`, `table:<db>.<table>`, `column:<db>.<table>.<column>` (governance catalog). */
  public readonly tags = new Map<string, Map<string, string>>();
  /** Columns of each governance table `db.table`. */
  public readonly tables = new Map<string, string[]>();
  /** Resource links: `<catalog>:<name>` -> target database. */
  public readonly links = new Map<string, string>();
  public readonly atoms = new Set<Atom>();

  public clone(): World {
    const w = new World();
    this.tags.forEach((v, k) => w.tags.set(k, new Map(v)));
    this.tables.forEach((v, k) => w.tables.set(k, [...v]));
    this.links.forEach((v, k) => w.links.set(k, v));
    this.atoms.forEach(a => w.atoms.add(a));
    return w;
  }

  /** A resource created (or replaced by a new physical resource). */
  public create(stack: StackTemplate, r: Res): void {
    switch (r.Type) {
      case 'AWS::Glue::Table': {
        const input = r.Properties.TableInput;
        this.tables.set(`${r.Properties.DatabaseName}.${input.Name}`, [...input.StorageDescriptor.Columns, ...(input.PartitionKeys ?? [])].map((c: any) => c.Name));
        break;
      }
      case 'AWS::Glue::Database':
        if (r.Properties.DatabaseInput.TargetDatabase) {
          const t = r.Properties.DatabaseInput.TargetDatabase;
          this.links.set(`${r.Properties.CatalogId}:${r.Properties.DatabaseInput.Name}`, `${t.CatalogId}:${t.DatabaseName}`);
        }
        break;
      case 'AWS::LakeFormation::TagAssociation':
        for (const target of targets(r)) {
          const tags = this.tags.get(target) ?? new Map<string, string>();
          for (const t of r.Properties.LFTags) tags.set(t.TagKey, t.TagValues[0]);
          this.tags.set(target, tags);
        }
        break;
      case 'AWS::LakeFormation::PrincipalPermissions':
        atoms(stack, r).forEach(a => this.atoms.add(a));
        break;
      default:
        break;
    }
  }

  /** Worst case of deleting a resource: it revokes / strips / removes exactly what it names, whatever else holds the same. */
  public delete(stack: StackTemplate, r: Res): void {
    switch (r.Type) {
      case 'AWS::Glue::Database':
        if (r.Properties.DatabaseInput.TargetDatabase) this.links.delete(`${r.Properties.CatalogId}:${r.Properties.DatabaseInput.Name}`);
        break;
      case 'AWS::LakeFormation::TagAssociation':
        for (const target of targets(r)) for (const t of r.Properties.LFTags) this.tags.get(target)?.delete(t.TagKey);
        break;
      case 'AWS::LakeFormation::PrincipalPermissions':
        atoms(stack, r).forEach(a => this.atoms.delete(a));
        break;
      default:
        break;
    }
  }

  /** Effective tags of a governance column: database, overridden by table, overridden by column. */
  public columnTags(db: string, table: string, column: string): Map<string, string> {
    return new Map([...(this.tags.get(`db:${db}`) ?? []), ...(this.tags.get(`table:${db}.${table}`) ?? []), ...(this.tags.get(`column:${db}.${table}.${column}`) ?? [])]);
  }

  /**
   * Who can read which governance column: `principal -> db.table.column`. An account reads what it holds
   * SELECT on (granted by the governance catalog); a role of a consumer account reads what its account
   * holds SELECT on with grant option, what its re-grant names, on a database it has DESCRIBE on a link to.
   */
  public access(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    const add = (principal: string, column: string) => out.set(principal, (out.get(principal) ?? new Set()).add(column));
    const parsed = [...this.atoms].map(a => JSON.parse(a) as AtomData);
    for (const [key, columns] of this.tables) {
      const [db, table] = key.split('.');
      for (const column of columns) {
        const tags = this.columnTags(db, table, column);
        const selects = (catalog: string, principal: string, grantable: boolean) => parsed.some(a =>
          a.catalog === catalog && a.principal === principal && a.permission === 'SELECT' && (!grantable || a.grantable) &&
          selectsColumn(a.resource, tags, db, table, column));
        const accounts = new Set(parsed.filter(a => a.catalog === GOV && /^\d{12}$/.test(a.principal)).map(a => a.principal));
        for (const account of accounts) {
          if (selects(GOV, account, false)) add(account, `${key}.${column}`);
        }
        for (const a of parsed.filter(x => x.catalog !== GOV && x.permission === 'SELECT')) {
          if (!selects(GOV, a.catalog, true) || !selectsColumn(a.resource, tags, db, table, column)) continue;
          const linked = [...this.links].some(([link, target]) => target === `${GOV}:${db}` && link.startsWith(`${a.catalog}:`) &&
            parsed.some(d => d.catalog === a.catalog && d.principal === a.principal && d.permission === 'DESCRIBE' &&
              d.resource.Database?.CatalogId === a.catalog && `${a.catalog}:${d.resource.Database.Name}` === link));
          if (linked) add(a.principal, `${key}.${column}`);
        }
      }
    }
    return out;
  }
}

interface AtomData {
  readonly catalog: string;
  readonly principal: string;
  readonly resource: any;
  readonly permission: string;
  readonly grantable: boolean;
}

function targets(association: Res): string[] {
  const r = association.Properties.Resource;
  if (r.Database) return [`db:${r.Database.Name}`];
  if (r.Table) return [`table:${r.Table.DatabaseName}.${r.Table.Name}`];
  const t = r.TableWithColumns;
  return (t.ColumnNames as string[]).map(c => `column:${t.DatabaseName}.${t.Name}.${c}`);
}

/** A template principal as Lake Formation sees it: an account id, a role ARN of the stack, or (in a shard) a partition-aware role ARN. */
function principalOf(stack: StackTemplate, p: any): string {
  if (typeof p === 'string') return p;
  if (p['Fn::Join']) return (p['Fn::Join'][1] as any[]).map(x => typeof x === 'string' ? x : x.Ref === 'AWS::Partition' ? 'aws' : `<${JSON.stringify(x)}>`).join(p['Fn::Join'][0]);
  const roleId = p['Fn::GetAtt'][0];
  return `arn:aws:iam::${stack.account}:role/${stack.resources[roleId].Properties.RoleName}`;
}

/** The atoms a PrincipalPermissions grants: one per permission (and per tag value / column for LF-tag and column resources). */
function atoms(stack: StackTemplate, r: Res): Atom[] {
  const p = r.Properties;
  const resources: any[] = p.Resource.LFTag
    ? (p.Resource.LFTag.TagValues as string[]).map(v => ({ LFTag: { ...p.Resource.LFTag, TagValues: [v] } }))
    : p.Resource.TableWithColumns
      ? (p.Resource.TableWithColumns.ColumnNames as string[]).map(c => ({ TableWithColumns: { ...p.Resource.TableWithColumns, ColumnNames: [c] } }))
      : [p.Resource];
  const principal = principalOf(stack, p.Principal.DataLakePrincipalIdentifier);
  const grantable = new Set<string>(p.PermissionsWithGrantOption ?? []);
  return resources.flatMap(resource => (p.Permissions as string[]).map(permission =>
    JSON.stringify({ catalog: String(p.Catalog ?? stack.account), principal, resource, permission, grantable: grantable.has(permission) })));
}

/** Whether a grant's resource names a column (LF-tag policies match the column's effective tags: keys ANDed, values ORed). */
function selectsColumn(resource: any, tags: Map<string, string>, db: string, table: string, column: string): boolean {
  if (resource.LFTagPolicy) {
    return resource.LFTagPolicy.ResourceType === 'TABLE' &&
      (resource.LFTagPolicy.Expression as any[]).every(e => tags.has(e.TagKey) && e.TagValues.includes(tags.get(e.TagKey)));
  }
  const t = resource.Table ?? resource.TableWithColumns;
  if (t) return t.DatabaseName === db && (t.TableWildcard !== undefined || t.Name === table) && (!t.ColumnNames || t.ColumnNames.includes(column));
  return false;
}

/** Everything deployed. */
function deployed(mesh: Mesh): World {
  const w = new World();
  const order = ['AWS::Glue::Table', 'AWS::Glue::Database', 'AWS::LakeFormation::TagAssociation', 'AWS::LakeFormation::PrincipalPermissions'];
  for (const type of order) {
    for (const stack of Object.values(mesh)) Object.values(stack.resources).filter(x => x.Type === type).forEach(r => w.create(stack, r));
  }
  return w;
}

// ---------------------------------------------------------------------------------------------
// CloudFormation's update of one stack, from its two templates.

/** Replacement from the CloudFormation resource schemas' create-only properties (support/replacement-model.ts). */
const plan = (v1: Resources, v2: Resources): UpdatePlan => cfnPlan(v1, v2);

/** The states a stack update passes through, starting from `start`; the last one is the state after the update. */
function updateStates(start: World, from: StackTemplate, to: StackTemplate): Array<{ world: World; when: string }> {
  const p = plan(from.resources, to.resources);
  expect(p.changes.length).toBeLessThanOrEqual(12);
  expect(p.deletions.length).toBeLessThanOrEqual(12);
  const states: Array<{ world: World; when: string }> = [];
  let created = start;
  for (const done of subsets(p.changes)) {
    if (!done.every(c => p.waitsFor.get(c.id)!.every(d => done.some(x => x.id === d)))) continue;
    const w = start.clone();
    done.forEach(c => w.create(to, to.resources[c.id]));
    states.push({ world: w, when: `${to.name}: created ${done.map(c => c.id).join(', ') || 'nothing'}` });
    if (done.length === p.changes.length) created = w;
  }
  let final = created;
  for (const deleted of subsets(p.deletions)) {
    const w = created.clone();
    deleted.forEach(d => w.delete(from, d.old));
    states.push({ world: w, when: `${to.name}: all created, deleted ${deleted.map(d => d.id).join(', ') || 'nothing'}` });
    if (deleted.length === p.deletions.length) final = w;
  }
  states.push({ world: final, when: `${to.name}: updated` });
  return states;
}

/** The states a stack deletion passes through: its grants and links, deleted dependents first. */
function deletionStates(start: World, stack: StackTemplate): Array<{ world: World; when: string }> {
  const relevant = Object.entries(stack.resources)
    .filter(([, r]) => (r.Type === 'AWS::LakeFormation::PrincipalPermissions' || r.Type === 'AWS::Glue::Database') && r.DeletionPolicy !== 'Retain');
  const ids = relevant.map(([id]) => id);
  const dependents = (id: string) => relevant.filter(([, r]) => [...(r.DependsOn ?? []), ...references(r.Properties)].includes(id)).map(([d]) => d);
  const states: Array<{ world: World; when: string }> = [];
  let final = start;
  for (const deleted of subsets(ids)) {
    if (!deleted.every(id => dependents(id).every(d => deleted.includes(d)))) continue;
    const w = start.clone();
    deleted.forEach(id => w.delete(stack, stack.resources[id]));
    states.push({ world: w, when: `${stack.name} deletion: deleted ${deleted.join(', ') || 'nothing'}` });
    if (deleted.length === ids.length) final = w;
  }
  states.push({ world: final, when: `${stack.name}: deleted` });
  return states;
}

type Phase = 'governance' | 'exec' | 'bi';
const PHASES: Phase[] = ['governance', 'exec', 'bi'];
function permutations<T>(items: T[]): T[][] {
  return items.length <= 1 ? [items] : items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map(p => [x, ...p]));
}

interface Replay {
  /** Columns a principal could read at some state but not in version 1. */
  readonly wider: string[];
  /** After the update: columns wider than version 2, and columns of version 2 not reachable. */
  readonly widerThanV2: string[];
  readonly narrowerThanV2: string[];
  /** Permissions held after the update, compared with a fresh deployment of version 2. */
  readonly atomsMissing: string[];
  readonly atomsExtra: string[];
  readonly states: number;
}

function diff(a: Map<string, Set<string>>, b: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  for (const [principal, columns] of a) for (const c of columns) if (!b.get(principal)?.has(c)) out.push(`${principal} ${c}`);
  return out.sort();
}

/** Replays v1 -> v2 in one order of the phases; every state is checked against v1, the final one against v2. */
function replay(v1: Mesh, v2: Mesh, order: Phase[] = PHASES): Replay {
  const accessV1 = deployed(v1).access();
  const fresh = deployed(v2);
  const wider = new Set<string>();
  let states = 0;
  let world = deployed(v1);
  for (const phase of order) {
    // Each phase is a user's stack and its shards, one stack after the other (a deletion: the shards first, last one first).
    const stacks = phase === 'governance' ? withShards(v1, 'Governance') : phase === 'exec' ? withShards(v1, 'Consumer-exec') : withShards(v1, 'Consumer-bi').reverse();
    for (const name of stacks) {
      const steps = phase === 'bi' ? deletionStates(world, v1[name]) : updateStates(world, v1[name], v2[name]);
      for (const { world: w, when } of steps) {
        states++;
        diff(w.access(), accessV1).forEach(d => wider.add(`${d} (${when})`));
      }
      world = steps[steps.length - 1].world;
    }
  }
  const final = world.access();
  return {
    wider: [...wider].sort(),
    widerThanV2: diff(final, fresh.access()),
    narrowerThanV2: diff(fresh.access(), final),
    atomsMissing: [...fresh.atoms].filter(a => !world.atoms.has(a)).sort(),
    atomsExtra: [...world.atoms].filter(a => !fresh.atoms.has(a)).sort(),
    states,
  };
}

// ---------------------------------------------------------------------------------------------

const v1 = synthesize(1);
const v2 = synthesize(2);
const EXEC = bankMesh.consumer('exec').account;
const ML = bankMesh.consumer('ml').account;
const BI = bankMesh.consumer('bi').account;

/** Template surgery for the counter-examples. */
function edit(mesh: Mesh, change: (stack: string, id: string, r: Res) => Res | undefined): Mesh {
  const copy: Mesh = JSON.parse(JSON.stringify(mesh));
  for (const stack of Object.values(copy)) {
    for (const [id, r] of Object.entries(stack.resources)) {
      const changed = change(stack.name, id, r);
      if (changed) stack.resources[id] = changed; else delete stack.resources[id];
    }
  }
  return copy;
}

describe('DM-39: v1 -> v2 of the reference mesh (exec\'s ceiling sensitive -> private, consumer bi removed)', () => {
  test('version 2 differs from version 1 exactly by exec\'s ceiling and bi\'s removal', () => {
    expect(Object.keys(v1).sort()).toEqual(V1_STACKS);
    expect(Object.keys(v2).sort()).toEqual(V1_STACKS.filter(n => n !== 'Consumer-bi' && !n.startsWith('Consumer-bi-')));
    expect([withShards(v1, 'Governance'), withShards(v1, 'Consumer-exec'), withShards(v1, 'Consumer-bi')]).toEqual([
      ['Governance', 'Governance-insurance', 'Governance-investments'], ['Consumer-exec', 'Consumer-exec-insurance', 'Consumer-exec-investments'],
      ['Consumer-bi', 'Consumer-bi-insurance', 'Consumer-bi-investments'],
    ]);
    for (const name of ['Producer-insurance', 'Producer-investments', 'Consumer-ml', 'Consumer-ml-insurance', 'Consumer-exec-insurance', 'Consumer-exec-investments']) {
      const p = plan(v1[name].resources, v2[name].resources);
      expect({ name, changes: p.changes, deletions: p.deletions }).toEqual({ name, changes: [], deletions: [] });
    }
    const describe = (mesh: Mesh, stack: string, id: string) => {
      const r = mesh[stack].resources[id];
      if (r.Type === 'AWS::LakeFormation::TagAssociation') return `${r.Properties.LFTags[0].TagKey} on ${r.Properties.Resource.Database?.Name}`;
      if (r.Type !== 'AWS::LakeFormation::PrincipalPermissions') return r.Type;
      const p = r.Properties;
      const principal = principalOf(mesh[stack], p.Principal.DataLakePrincipalIdentifier);
      const res = p.Resource.LFTag ? `${p.Resource.LFTag.TagKey}=${p.Resource.LFTag.TagValues.join('|')}`
        : p.Resource.LFTagPolicy ? `${p.Resource.LFTagPolicy.ResourceType} ${p.Resource.LFTagPolicy.Expression.map((e: any) => `${e.TagKey}=${e.TagValues.join('|')}`).join(' AND ')}`
          : JSON.stringify(p.Resource);
      return `${principal}: ${res}`;
    };
    const gov = plan(v1.Governance.resources, v2.Governance.resources);
    expect(gov.changes.map(c => `${c.kind} ${describe(v2, 'Governance', c.id)}`)).toEqual([
      `create ${EXEC}: TABLE consumer_exec=yes AND confidentiality=public|private`,
    ]);
    expect(gov.deletions.map(d => describe(v1, 'Governance', d.id)).sort()).toEqual([
      `${BI}: DATABASE consumer_bi=yes`,
      `${BI}: TABLE consumer_bi=yes AND confidentiality=public`,
      `${BI}: consumer_bi=yes`,
      `${EXEC}: TABLE consumer_exec=yes AND confidentiality=public|private|sensitive`,
      // Not the DESCRIBE grants on confidentiality=public (bi) and =sensitive (exec): they are also the hub's discovery grants
      // (D66: every value of confidentiality, per consumer account), the same resource, so they stay.
    ]);
    expect(gov.retained).toEqual([]);
    // bi's consumer tags are in the products' shards (claims: insurance, portfolios: investments); nothing is created there.
    for (const [shard, db] of [['Governance-insurance', 'bank_claims'], ['Governance-investments', 'bank_portfolios']]) {
      const p = plan(v1[shard].resources, v2[shard].resources);
      expect({ shard, changes: p.changes, deletions: p.deletions.map(d => describe(v1, shard, d.id)), retained: p.retained })
        .toEqual({ shard, changes: [], deletions: [`consumer_bi on ${db}`], retained: [] });
    }
    const exec = plan(v1['Consumer-exec'].resources, v2['Consumer-exec'].resources);
    expect(exec.changes.map(c => `${c.kind} ${describe(v2, 'Consumer-exec', c.id)}`).sort()).toEqual([
      `create arn:aws:iam::${EXEC}:role/bank-exec-executive: TABLE consumer_exec=yes AND confidentiality=public|private`,
      'update Custom::RamInvitationAcceptance', // the Nonce: the acceptance re-runs (DM-29)
    ]);
    expect(exec.deletions.map(d => describe(v1, 'Consumer-exec', d.id))).toEqual([
      `arn:aws:iam::${EXEC}:role/bank-exec-executive: TABLE consumer_exec=yes AND confidentiality=public|private|sensitive`,
    ]);
  });

  test('the evaluator agrees with MeshAccessReport on both versions (consumer principals)', () => {
    for (const mesh of [v1, v2]) {
      const report = MeshAccessReport.fromTemplates(Object.values(mesh).map(s => ({
        stackName: s.name, account: s.account, region: bankMesh.region, template: { Resources: s.resources },
      })));
      const fromReport = new Map<string, Set<string>>();
      for (const a of report.access.filter(x => x.account !== GOV)) {
        a.columns.forEach(c => fromReport.set(a.principal, (fromReport.get(a.principal) ?? new Set()).add(`${a.database}.${a.table}.${c}`)));
      }
      const ours = deployed(mesh).access();
      expect(diff(ours, fromReport)).toEqual([]);
      expect(diff(fromReport, ours)).toEqual([]);
    }
  });

  test('what changes: exec (account and executive) loses the sensitive columns, bi (account and analyst) everything; ml nothing', () => {
    const a1 = deployed(v1).access();
    const a2 = deployed(v2).access();
    expect(diff(a2, a1)).toEqual([]);
    const lost = diff(a1, a2);
    const exec = ['bank_life_expectancy.policyholder_life_expectancy.life_expectancy', 'bank_portfolios.portfolios.risk_score'];
    expect(lost.filter(l => l.includes(EXEC))).toEqual([EXEC, `arn:aws:iam::${EXEC}:role/bank-exec-executive`].flatMap(p => exec.map(c => `${p} ${c}`)).sort());
    expect(lost.filter(l => l.includes(BI))).toHaveLength(2 * (6 + 3));
    expect(lost.filter(l => l.includes(ML))).toEqual([]);
    expect(lost).toHaveLength(4 + 18);
  });

  test.each(permutations(PHASES).map(o => [o.join(' -> '), o] as const))(
    'in the order %s, no principal ever reads a column it could not read in v1; afterwards exactly v2', (_, order) => {
      const r = replay(v1, v2, [...order]);
      // Not vacuous: 58 states with the shards (issue 13: the update is split over more, smaller stacks, so fewer subsets per stack;
      // the governance stack's four deletions give 16 cleanup states: the tag-value grants stay, D66).
      expect(r.states).toBeGreaterThan(50);
      expect(r.wider).toEqual([]);
      expect(r.widerThanV2).toEqual([]);
      expect(r.narrowerThanV2).toEqual([]);
    });

  test('after the update every principal holds exactly the permissions of a fresh v2 deployment (nothing revoked that v2 needs, nothing left over)', () => {
    const r = replay(v1, v2);
    expect(r.atomsMissing).toEqual([]);
    expect(r.atomsExtra).toEqual([]);
  });

  test('counter-example: a v2 that raises ml\'s ceiling (its TABLE grant reaches sensitive) is reported as widening, during and after the update', () => {
    const raised = edit(v2, (stack, _, r) => {
      const policy = r.Properties?.Resource?.LFTagPolicy;
      if (stack === 'Governance' && r.Properties?.Principal?.DataLakePrincipalIdentifier === ML && policy?.ResourceType === 'TABLE' &&
        policy.Expression[0].TagKey === 'consumer_ml') {
        policy.Expression[1].TagValues = ['public', 'private', 'sensitive'];
      }
      return r;
    });
    const r = replay(v1, raised);
    expect(r.wider).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^${ML} bank_life_expectancy.policyholder_life_expectancy.life_expectancy \\(Governance: created`)),
    ]));
    expect(r.widerThanV2).toEqual([]); // wider than v1, but equal to the (wrong) v2 it deploys
  });

  test('counter-example: grants and consumer tags that survive their removal (Retain, as the hub\'s column associations have) leave exec ' +
    'reading sensitive columns and bi reading after the update', () => {
    const retain = (r: Res) => ({ ...r, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const grantsRetained = (mesh: Mesh) => edit(mesh, (_, __, r) => r.Type === 'AWS::LakeFormation::PrincipalPermissions' ? retain(r) : r);
    const allRetained = (mesh: Mesh) => edit(grantsRetained(mesh), (_, __, r) =>
      r.Type === 'AWS::LakeFormation::TagAssociation' && r.Properties.LFTags[0].TagKey.startsWith('consumer_') ? retain(r) : r);
    const onlyGrants = replay(grantsRetained(v1), grantsRetained(v2));
    expect(onlyGrants.wider).toEqual([]);
    // exec keeps its old sensitive grants; bi's retained grants match nothing once consumer_bi is stripped from the databases (fail closed).
    expect(onlyGrants.widerThanV2).toEqual([EXEC, `arn:aws:iam::${EXEC}:role/bank-exec-executive`].flatMap(p =>
      ['bank_life_expectancy.policyholder_life_expectancy.life_expectancy', 'bank_portfolios.portfolios.risk_score'].map(c => `${p} ${c}`)).sort());
    const all = replay(allRetained(v1), allRetained(v2));
    expect(all.wider).toEqual([]);
    expect(all.widerThanV2).toEqual(expect.arrayContaining([`${BI} bank_claims.claims.amount`, `${BI} bank_portfolios.portfolios.portfolio_id`]));
  });

  test('counter-example: one DESCRIBE grant naming all tag values (instead of one per value) is replaced, and its delete revokes the values the new grant gave', () => {
    /** The shape before the fix: the tag-value grants of a principal and key merged into one, whose logical ID follows its values. */
    const merged = (mesh: Mesh) => {
      const out: Mesh = JSON.parse(JSON.stringify(mesh));
      const gov = out.Governance.resources;
      // Without the hub's discovery grants (D66), which hold every value of confidentiality and producer for every consumer
      // account whatever its shares (so those values never change): each account keeps the levels its share's TABLE policy names.
      const pp = Object.entries(gov).filter(([, r]) => r.Type === 'AWS::LakeFormation::PrincipalPermissions');
      const levels = new Map<string, string[]>();
      for (const [, r] of pp) {
        const expression: any[] = r.Properties.Resource.LFTagPolicy?.Expression ?? [];
        const c = expression.find(e => e.TagKey === 'confidentiality');
        if (c && expression.some(e => String(e.TagKey).startsWith('consumer_'))) levels.set(r.Properties.Principal.DataLakePrincipalIdentifier, c.TagValues);
      }
      for (const [id, r] of pp) {
        const tag = r.Properties.Resource.LFTag;
        if (tag && (tag.TagKey === 'producer' || (tag.TagKey === 'confidentiality'
          && !(levels.get(r.Properties.Principal.DataLakePrincipalIdentifier) ?? []).includes(tag.TagValues[0])))) delete gov[id];
      }
      const groups = new Map<string, string[]>();
      for (const [id, r] of Object.entries(gov)) {
        const tag = r.Type === 'AWS::LakeFormation::PrincipalPermissions' ? r.Properties.Resource.LFTag : undefined;
        if (tag) groups.set(`${r.Properties.Principal.DataLakePrincipalIdentifier}|${tag.TagKey}`, [...(groups.get(`${r.Properties.Principal.DataLakePrincipalIdentifier}|${tag.TagKey}`) ?? []), id]);
      }
      for (const ids of groups.values()) {
        const values = ids.map(id => gov[id].Properties.Resource.LFTag.TagValues[0]);
        const first = gov[ids[0]];
        const id = `Merged${first.Properties.Principal.DataLakePrincipalIdentifier}${first.Properties.Resource.LFTag.TagKey}${values.join('')}`;
        ids.forEach(old => delete gov[old]);
        gov[id] = { ...first, Properties: { ...first.Properties, Resource: { LFTag: { ...first.Properties.Resource.LFTag, TagValues: values } } } };
      }
      return out;
    };
    const r = replay(merged(v1), merged(v2));
    expect(r.wider).toEqual([]);
    expect(r.widerThanV2).toEqual([]);
    // Column access is unchanged, but exec can no longer DESCRIBE (so re-grant by) public and private: the next consumer deployment fails.
    const missing = r.atomsMissing.map(a => JSON.parse(a) as AtomData).map(a => `${a.principal} ${a.permission} ${a.resource.LFTag?.TagKey}=${a.resource.LFTag?.TagValues[0]}`);
    expect(missing.sort()).toEqual([`${EXEC} DESCRIBE confidentiality=private`, `${EXEC} DESCRIBE confidentiality=public`]);
    // With one grant per value (the library), nothing is missing.
    expect(replay(v1, v2).atomsMissing).toEqual([]);
  });

  test('the consumer tags are never stripped from a product a remaining consumer still reads', () => {
    const r = replay(v1, v2);
    expect(r.narrowerThanV2).toEqual([]);
    const final = deployed(v2);
    for (const db of ['bank_life_expectancy', 'bank_claims', 'bank_portfolios']) expect(final.tags.get(`db:${db}`)?.get('consumer_exec')).toBe('yes');
    expect(final.tags.get('db:bank_claims')?.has('consumer_bi')).toBe(false);
  });
});

test('the consumer stacks of version 1 are the reference mesh\'s (the mock passes version 1 through unchanged)', () => {
  const reference = (() => {
    const app = new App();
    buildBankMesh(app);
    return app.synth();
  })();
  expect(CONSUMER_STACKS.every(n => V1_STACKS.includes(n))).toBe(true);
  for (const name of V1_STACKS) expect(v1[name].resources).toEqual(reference.getStackByName(name).template.Resources);
});
