/*
 * The access report as a typed, jsii-friendly API: evaluate a synthesized cloud assembly and assert on
 * who sees which column in your own tests. Reads CloudFormation JSON only (no aws-cdk-lib import).
 */
import { AccessReport as RawReport, Analysis, analyzeAssembly, analyzeStacks, Topology } from './report/analyze';
import { formatJson, formatTable } from './report/format';
import { formatMatrix } from './report/format-matrix';
import { formatMermaid } from './report/format-mermaid';
import type { Visibility } from './report/visibility';

/** What one principal can read of one table. */
export interface ColumnAccess {
  /** The consumer domain of the principal's account, when the assembly says (stack metadata). */
  readonly consumer?: string;
  /** The principal's 12-digit account. */
  readonly account: string;
  /** The resolved principal ARN, or the account id for an account-level grant. */
  readonly principal: string;
  /** The database in the owner's catalog. */
  readonly database: string;
  /** The resource link the principal queries through, if any. */
  readonly via?: string;
  /** The table. */
  readonly table: string;
  /** The visible columns, sorted. */
  readonly columns: string[];
  /** The row filter of a data-cells filter, if any. */
  readonly rowFilter?: string;
  /**
   * Whether a query would work: Lake Formation grants the columns and the principal's IAM policies allow
   * what the query needs (Glue reads, lakeformation:GetDataAccess, Athena with its results bucket and key).
   * Account-level entries and principals the assembly does not define are not evaluated (true).
   */
  readonly effective: boolean;
  /** Each absent IAM action with its resource (and why, when a policy denies it or it is unknown). */
  readonly missing: string[];
  /**
   * The table's data lies in an S3 bucket that no template of the assembly defines (a producer stack left
   * out, or a bucket made elsewhere): its data path was not checked, and `effective` is false.
   *
   * @default false
   */
  readonly unverified?: boolean;
}

/**
 * A table whose metadata one principal can see (Lake Formation `DESCRIBE`: database, table, column names and types,
 * comments, parameters, LF-tags), with the columns it sees as metadata only, not reading them: discovery.
 *
 * For a principal that reads some columns of the table (an `access` entry), the columns hidden from it: the two are disjoint.
 */
export interface MetadataAccess {
  /** The consumer domain of the principal's account, when the assembly says (stack metadata). */
  readonly consumer?: string;
  /** The principal's 12-digit account. */
  readonly account: string;
  /** The resolved principal ARN, or the account id for an account-level grant. */
  readonly principal: string;
  /** The database in the owner's catalog. */
  readonly database: string;
  /** The table. */
  readonly table: string;
  /** The columns whose names and types it sees but cannot read (every column, for a principal that reads none), sorted. */
  readonly columns: string[];
  /** The resource link the principal browses through, if any. */
  readonly via?: string;
}

/** A problem found in the templates. */
export interface AccessFinding {
  /** The pitfall id, e.g. `DM-22`. */
  readonly id: string;
  /** `error` or `warning`. */
  readonly severity: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** A CloudFormation template and where it deploys, for `MeshAccessReport.fromTemplates`. */
export interface TemplateInput {
  /** The stack name. */
  readonly stackName: string;
  /** The 12-digit account the stack deploys to. */
  readonly account: string;
  /** The region. */
  readonly region: string;
  /** The template (parsed JSON). */
  readonly template: any;
  /**
   * The role CloudFormation deploys the stack with (the manifest's `cloudFormationExecutionRoleArn`;
   * `${AWS::Partition}` is resolved). It creates the stack's Glue tables and so holds Lake Formation's
   * implicit table-creator permissions, which the report lists.
   *
   * @default - unknown: no table-creator access is reported for this stack
   */
  readonly deploymentRoleArn?: string;
  /**
   * The names of the stacks this one is deployed after (the manifest's stack dependencies). The doctor judges the order
   * of resources in different stacks by them (e.g. a shard after the stack with its account's settings and LF-tags).
   *
   * @default - none: the stack may be deployed at any time relative to the others
   */
  readonly dependsOnStacks?: string[];
}

/**
 * Who sees which column, evaluated from synthesized templates with Lake Formation's rules.
 *
 * @example
 * const report = MeshAccessReport.fromAssemblyDirectory(app.synth().directory);
 * expect(report.columnsFor('ml', 'bank_life_expectancy', 'policyholder_life_expectancy')).not.toContain('life_expectancy');
 */
export class MeshAccessReport {
  /** Evaluates a cloud assembly directory (e.g. `cdk.out`, or `app.synth().directory`). */
  public static fromAssemblyDirectory(directory: string): MeshAccessReport {
    return new MeshAccessReport(analyzeAssembly(directory));
  }

  /** Evaluates templates you load yourself (hand-written ones included). */
  public static fromTemplates(templates: TemplateInput[]): MeshAccessReport {
    return new MeshAccessReport(analyzeStacks(templates.map(t => ({
      stackName: t.stackName,
      account: t.account,
      region: t.region,
      template: t.template,
      deploymentRoleArn: t.deploymentRoleArn,
      dependsOnStacks: t.dependsOnStacks ? [...t.dependsOnStacks] : undefined,
    }))));
  }

  /** Every access entry, sorted by account, principal, database and table. */
  public readonly access: ColumnAccess[];
  /** Every finding of the mesh doctor (docs/doctor.md), errors first. */
  public readonly findings: AccessFinding[];
  /** Every metadata-only entry (columns it can DESCRIBE, not read), sorted like `access`: what discovery shows. */
  public readonly metadata: MetadataAccess[];
  private readonly raw: RawReport;
  private readonly topology: Topology;
  private readonly visibility: Visibility;

  private constructor(analysis: Analysis) {
    const raw = analysis.report;
    this.raw = raw;
    this.topology = analysis.topology;
    this.visibility = analysis.visibility;
    this.access = raw.access.map(a => ({
      consumer: a.consumer ?? undefined,
      account: a.account,
      principal: a.principal,
      database: a.database,
      via: a.via ?? undefined,
      table: a.table,
      columns: [...a.columns],
      rowFilter: a.rowFilter ?? undefined,
      effective: a.effective,
      missing: [...a.missing],
      unverified: a.unverified ? true : undefined,
    }));
    this.findings = raw.findings.map(f => ({ ...f }));
    this.metadata = raw.metadata.map(m => ({
      consumer: m.consumer ?? undefined,
      account: m.account,
      principal: m.principal,
      database: m.database,
      table: m.table,
      columns: [...m.columns],
      via: m.via ?? undefined,
    }));
  }

  /**
   * The columns of `database.table` that `who` can read, merged over its entries. `who` is a consumer
   * domain (its accounts' principals), a 12-digit account id (the principals of that account, not the
   * account-level grant itself) or a principal exactly as reported (a role ARN, `IAM_ALLOWED_PRINCIPALS`,
   * or an account id's account-level entries through `access`). Names compare case-insensitively.
   */
  public columnsFor(who: string, database: string, table: string): string[] {
    const cols = new Set<string>();
    const db = database.toLowerCase();
    const tbl = table.toLowerCase();
    for (const a of this.access) {
      if (a.database === db && a.table === tbl && matchesWho(a, who)) a.columns.forEach(c => cols.add(c));
    }
    return [...cols].sort();
  }

  /** Whether `who` (consumer domain, account id or principal, as for `columnsFor`) can read `column`. */
  public canRead(who: string, database: string, table: string, column: string): boolean {
    return this.columnsFor(who, database, table).includes(column.toLowerCase());
  }

  /** Every principal (account-level grants included) that can read `column` of `database.table`, sorted. */
  public whoCanRead(database: string, table: string, column: string): string[] {
    const db = database.toLowerCase();
    const tbl = table.toLowerCase();
    const col = column.toLowerCase();
    return [...new Set(this.access.filter(a => a.database === db && a.table === tbl && a.columns.includes(col)).map(a => a.principal))].sort();
  }

  /** Whether some finding is an error (what `cdk-data-mesh report --check` fails on). */
  public hasErrors(): boolean {
    return this.findings.some(f => f.severity === 'error');
  }

  /** The JSON contract: `{"access":[...],"findings":[...],"metadata":[...]}`. */
  public toJson(): string {
    return formatJson(this.raw);
  }

  /** A terminal table: one line per access entry. */
  public toTable(): string {
    return formatTable(this.raw);
  }

  /**
   * The matrix view, what `npm run demo` and the CLI print by default: per table, its columns with their confidentiality by the principals that read it with their clearance, `yes` or `-` in each cell, in at most 120 columns.
   */
  public toMatrix(): string {
    return formatMatrix(this.raw, this.topology, this.visibility);
  }

  /** A Mermaid diagram: accounts, products, shares with their ceiling, roles with their clearance. */
  public toMermaid(): string {
    return formatMermaid(this.raw, this.topology, this.visibility);
  }
}

/** A consumer domain, an account id (its principals) or one principal. */
function matchesWho(a: ColumnAccess, who: string): boolean {
  if (/^\d{12}$/.test(who)) return a.account === who && a.principal !== who;
  return a.principal === who || (a.consumer === who && a.principal !== a.account);
}
