/*
 * The matrix view and the Mermaid diagram: what the demo prints (the reference mesh, and with its pipeline), confidentiality and
 * clearance read from the templates of an assembly this library did not write, 120 columns whatever the
 * number of principals, and large reports.
 */
import { MeshAccessReport } from '../../src';
import type { AccessReport, Topology } from '../../src/report/analyze';
import { formatTable } from '../../src/report/format';
import { formatMatrix } from '../../src/report/format-matrix';
import type { AccessEntry } from '../../src/report/lf-evaluator';
import type { Visibility } from '../../src/report/visibility';
import { removeTmpDirs, synthBankMesh, synthDemoMesh } from '../support/assembly';

const GOV = '111122223333';
const CONS = '444455556666';

/** The block of one table, and the cell of a principal (by its short name) for a column. */
function block(matrix: string, table: string): string {
  const start = matrix.indexOf(`\n${table} (`);
  const end = matrix.indexOf('\n\n', start + 1);
  return matrix.slice(start + 1, end);
}
function cell(tableBlock: string, principal: string, column: string, group = 'principal:'): string {
  const lines = tableBlock.split('\n');
  const header = lines.find(l => l.trimStart().startsWith(group))!;
  const at = header.search(new RegExp(`(?<=\\s)${principal}(\\s|$)`));
  expect([principal, at >= 0]).toEqual([principal, true]);
  return lines.find(l => l.startsWith(`${column} `))!.slice(at).split(/\s+/)[0];
}
function row(tableBlock: string, label: string): string[] {
  return tableBlock.split('\n').find(l => l.trimStart().startsWith(label))!.trim().split(/\s{2,}/).slice(1);
}

describe('the reference mesh (bank-mesh.ts; the demo adds its life-expectancy pipeline, below)', () => {
  let report: MeshAccessReport;
  beforeAll(() => {
    report = MeshAccessReport.fromAssemblyDirectory(synthBankMesh());
  }, 120_000);
  afterAll(removeTmpDirs);

  test('per table: every column with its confidentiality, the principals with their clearance, yes / -; no line over 120', () => {
    const m = report.toMatrix();
    expect(m.split('\n').filter(l => l.length > 120)).toEqual([]);
    expect(m).toMatch(/^[\x20-\x7e\n]*$/); // ASCII only
    const life = block(m, 'bank_life_expectancy.policyholder_life_expectancy');
    expect(life.split('\n').filter(l => /^[a-z_]+ {2,}(public|private|sensitive) /.test(l)).map(l => l.split(/\s+/).slice(0, 2).join(' ')))
      .toEqual(['policy_id public', 'customer_name private', 'age public', 'life_expectancy sensitive']);
    expect(row(life, 'account:')).toEqual(['governance', 'governance', 'ml', 'ml', 'exec', 'exec']);
    // issue 13: the hub admin reads every product through its producer=<domain> tag grants (TABLE: DESCRIBE+SELECT), so its clearance is sensitive.
    expect(row(life, 'clearance:')).toEqual(['sensitive', '-', 'private', 'private', 'sensitive', 'sensitive']);
    // ml's data scientist (clearance private) never sees life_expectancy; its customer_name is private, so it sees it.
    expect(cell(life, 'data-', 'life_expectancy')).toBe('-');
    expect(cell(life, 'data-', 'customer_name')).toBe('yes');
    expect(cell(life, 'executive', 'life_expectancy')).toBe('yes');
    const claims = block(m, 'bank_claims.claims');
    expect(cell(claims, 'analyst', 'claimant_name')).toBe('-');
    expect(cell(claims, 'analyst', 'amount')).toBe('yes');
    expect(m).toContain('principal "account" = the consumer account itself');
    expect(m.replace(/\n +/g, ' ')).toContain('levels, lowest first: public < private < sensitive.');
    // the governance principals' clearance is '-' yet they see every column: the legend says why
    expect(m.replace(/\n +/g, ' ')).toContain('(- = no grant by confidentiality tag: what it sees comes from named grants or from creating the table)');
    expect(m).toContain('  ml data-scientist = arn:aws:iam::555555555555:role/bank-ml-data-scientist');
    expect(m).toContain('18 entries, 8 principals, 3 tables read.');
  });

  test('the diagram: producers, the catalog, shares with their ceiling, roles with their clearance; no buckets, keys or unconnected lakes', () => {
    const d = report.toMermaid();
    expect(d.split('\n').filter(l => /subgraph/.test(l)).map(l => l.trim())).toEqual([
      'subgraph acc_222222222222["producer insurance 222222222222"]',
      'subgraph acc_333333333333["producer investments 333333333333"]',
      'subgraph acc_111111111111["governance 111111111111"]',
      'subgraph acc_444444444444["consumer bi 444444444444"]',
      'subgraph acc_555555555555["consumer ml 555555555555"]',
      'subgraph acc_666666666666["consumer exec 666666666666"]',
    ]);
    expect(d).toContain('p2["<b>bank_life_expectancy.policyholder_life_expectancy</b><br/>2 public, 1 private, 1 sensitive"]');
    expect(d).toContain('cat_111111111111 ==>|"<b>share up to private</b><br/>policyholder_life_expectancy"| acct_555555555555');
    expect(d).toContain('cat_111111111111 ==>|"<b>share up to public</b><br/>claims<br/>portfolios"| acct_444444444444');
    expect(d).toMatch(/r\d\(\["<b>data-scientist<\/b><br\/>clearance private"\]\)/);
    for (const p of d.match(/^ {4}p\d+/gm)!) expect(d).toContain(`  ${p.trim()} --> cat_111111111111`);
    expect(d).not.toMatch(/bucket|kms|HubAdmin|deployer|cfn-exec/i);
  });
});

describe('what npm run demo prints: the reference mesh with the life-expectancy pipeline', () => {
  let m: string;
  beforeAll(() => {
    m = MeshAccessReport.fromAssemblyDirectory(synthDemoMesh()).toMatrix();
  }, 120_000);
  afterAll(removeTmpDirs);

  test('ml still never sees life_expectancy; the pipeline\'s tables and roles stay in the insurance account', () => {
    expect(m.split('\n').filter(l => l.length > 120)).toEqual([]);
    const life = block(m, 'bank_life_expectancy.policyholder_life_expectancy');
    expect(row(life, 'account:')).toEqual(['governance', 'governance', 'ml', 'ml', 'exec', 'exec']);
    expect(row(life, 'clearance:')).toEqual(['sensitive', '-', 'private', 'private', 'sensitive', 'sensitive']);
    expect(cell(life, 'account', 'life_expectancy')).toBe('-'); // the first "account" principal is ml's
    expect(cell(life, 'data-', 'life_expectancy')).toBe('-');
    expect(cell(life, 'data-', 'customer_name')).toBe('yes');
    expect(cell(life, 'executive', 'life_expectancy')).toBe('yes');
    // the pipeline's gold table (the producer's copy the hub registers) and its silver candidate: insurance principals only
    const gold = block(m, 'bank_insurance_gold.policyholder_life_expectancy');
    const candidate = block(m, 'bank_insurance_silver.life_expectancy_policyholder_life_expectancy_candidate');
    expect([...new Set(row(gold, 'account:'))]).toEqual(['insurance']);
    expect([...new Set(row(candidate, 'account:'))]).toEqual(['insurance']);
    expect(m).toContain('arn:aws:iam::222222222222:role/Producer-insurance-LifeExpectancyPipelinePublishRole');
    expect(m).toContain('27 entries, 15 principals, 5 tables read.');
  });
});

describe('confidentiality and clearance come from the templates (an assembly this library did not write)', () => {
  const tag = (key: string, values: string[]) => ({ Type: 'AWS::LakeFormation::Tag', Properties: { CatalogId: GOV, TagKey: key, TagValues: values } });
  const column = (name: string, value: string) => ({
    Type: 'AWS::LakeFormation::TagAssociation',
    Properties: {
      Resource: { TableWithColumns: { CatalogId: GOV, DatabaseName: 'hr', Name: 'staff', ColumnNames: [name] } },
      LFTags: [{ CatalogId: GOV, TagKey: 'secrecy_level', TagValues: [value] }, { CatalogId: GOV, TagKey: 'confidentiality', TagValues: [value] }],
    },
  });
  const byTag = (principal: string, values?: string[]) => ({
    Type: 'AWS::LakeFormation::PrincipalPermissions',
    Properties: {
      Principal: { DataLakePrincipalIdentifier: principal },
      Resource: { LFTagPolicy: { CatalogId: GOV, ResourceType: 'TABLE', Expression: [{ TagKey: 'team', TagValues: ['hr'] }, ...(values ? [{ TagKey: 'confidentiality', TagValues: values }] : [])] } },
      Permissions: ['SELECT'],
      PermissionsWithGrantOption: [],
    },
  });
  const template = {
    Resources: {
      // The key's values in their order, lowest first (as this template writes them: not the library's names).
      Levels: tag('confidentiality', ['open', 'internal', 'secret']),
      Team: tag('team', ['hr']),
      Db: { Type: 'AWS::Glue::Database', Properties: { CatalogId: GOV, DatabaseInput: { Name: 'hr', CreateTableDefaultPermissions: [] } } },
      Staff: {
        Type: 'AWS::Glue::Table',
        Properties: { CatalogId: GOV, DatabaseName: 'hr', TableInput: { Name: 'staff', StorageDescriptor: { Columns: [{ Name: 'id' }, { Name: 'dept' }, { Name: 'salary' }] } } },
      },
      TableTags: { Type: 'AWS::LakeFormation::TagAssociation', Properties: { Resource: { Table: { CatalogId: GOV, DatabaseName: 'hr', Name: 'staff' } }, LFTags: [{ CatalogId: GOV, TagKey: 'team', TagValues: ['hr'] }, { CatalogId: GOV, TagKey: 'confidentiality', TagValues: ['open'] }] } },
      DeptTag: column('dept', 'internal'),
      SalaryTag: column('salary', 'secret'),
      Clerk: byTag(`arn:aws:iam::${GOV}:role/clerk`, ['open', 'internal']),
      Odd: byTag(`arn:aws:iam::${GOV}:role/odd`, ['open', 'secret']),
      Boss: byTag(`arn:aws:iam::${GOV}:role/boss`),
      Partner: byTag(CONS, ['open']),
      Named: {
        Type: 'AWS::LakeFormation::PrincipalPermissions',
        Properties: {
          Principal: { DataLakePrincipalIdentifier: `arn:aws:iam::${GOV}:role/auditor` },
          Resource: { TableWithColumns: { CatalogId: GOV, DatabaseName: 'hr', Name: 'staff', ColumnNames: ['id', 'salary'] } },
          Permissions: ['SELECT'],
          PermissionsWithGrantOption: [],
        },
      },
    },
  };
  const r = MeshAccessReport.fromTemplates([{ stackName: 'Hr', account: GOV, region: 'eu-west-1', template }]);
  const m = r.toMatrix();
  const staff = block(m, 'hr.staff');

  test('each column\'s effective confidentiality tag (column over table); the levels in the order of the tag\'s values', () => {
    expect(staff.split('\n').filter(l => /^(id|dept|salary) /.test(l)).map(l => l.split(/\s+/).slice(0, 2))).toEqual([['id', 'open'], ['dept', 'internal'], ['salary', 'secret']]);
    expect(m.replace(/\n +/g, ' ')).toContain('levels, lowest first: open < internal < secret.');
  });

  test('clearance from the tag grants: the highest level of a lowest-first set, a+b otherwise, every level without a clause, - for grants by name', () => {
    expect(row(staff, 'principal:')).toEqual(['auditor', 'boss', 'clerk', 'odd', 'account']);
    expect(row(staff, 'clearance:')).toEqual(['-', 'secret', 'internal', 'open+secret', 'open']);
    expect([cell(staff, 'clerk', 'salary'), cell(staff, 'clerk', 'dept'), cell(staff, 'odd', 'dept'), cell(staff, 'auditor', 'salary'), cell(staff, 'account', 'dept')])
      .toEqual(['-', 'yes', '-', 'yes', '-']);
  });
});

/** A report of `tables` tables x `principals` principals, each entry one column, with the objects the matrix reads. */
function large(tables: number, principals: number): { report: AccessReport; topology: Topology; visibility: Visibility } {
  const access: AccessEntry[] = [];
  const views: Visibility['tables'] = [];
  const pv: Visibility['principals'] = new Map();
  for (let p = 0; p < principals; p++) {
    const principal = `arn:aws:iam::${CONS}:role/reader-${p}`;
    pv.set(`${CONS}|${principal}`, { account: CONS, principal, kind: 'principal', levels: ['public'], clearance: 'public' });
  }
  for (let t = 0; t < tables; t++) {
    views.push({ catalog: GOV, database: 'db', name: `t${t}`, columns: [{ name: 'c', confidentiality: 'public' }, { name: 'd', confidentiality: 'private' }] });
    for (let p = 0; p < principals; p++) {
      access.push({
        consumer: 'c',
        account: CONS,
        principal: `arn:aws:iam::${CONS}:role/reader-${p}`,
        database: 'db',
        via: null,
        table: `t${t}`,
        columns: ['c'],
        rowFilter: null,
        effective: true,
        missing: [],
        unverified: false,
      });
    }
  }
  const topology: Topology = { accounts: [{ account: CONS, role: 'consumer', domain: 'c', stacks: ['C'] }], buckets: [], databases: [], tables: [], links: [] };
  return { report: { access, findings: [], metadata: [] }, topology, visibility: { levels: ['public', 'private'], tables: views, principals: pv } };
}

test('many principals wrap into column groups of at most 120 characters, each repeating the column names', () => {
  const { report, topology, visibility } = large(1, 20);
  const m = formatMatrix(report, topology, visibility);
  expect(m.split('\n').filter(l => l.length > 120)).toEqual([]);
  const headers = m.split('\n').filter(l => l.trimStart().startsWith('principal:'));
  expect(headers.length).toBeGreaterThan(2);
  expect(headers.flatMap(h => h.trim().split(/\s{2,}/).slice(1))).toEqual(Array.from({ length: 20 }, (_, i) => `reader-${i}`));
  expect(m.split('\n').filter(l => l.startsWith('c  '))).toHaveLength(headers.length);
  expect(m.split('\n').filter(l => l.startsWith('d  ')).every(l => !l.includes('yes'))).toBe(true);
});

test('200,000 entries: the table and the matrix format (no call with one argument per entry)', () => {
  const { report, topology, visibility } = large(2000, 100);
  expect(report.access).toHaveLength(200_000);
  const table = formatTable(report);
  expect(table.split('\n')).toHaveLength(200_000 + 4);
  const m = formatMatrix(report, topology, visibility);
  expect(m).toContain('200000 entries, 100 principals, 2000 tables read.');
  expect(m.split('\n').filter(l => l.length > 120)).toEqual([]);
}, 120_000);
