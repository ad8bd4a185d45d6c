/*
 * The pipeline: read the stacks once, resolve and extract the facts, evaluate Lake Formation (who sees
 * which columns), complete each entry with IAM (`effective`, `missing`) and run the doctor's rules.
 * Formats (format.ts) and the commands (cli.ts, access-report.ts, mesh-doctor.ts) sit on top of it.
 */
import { readAssembly } from './assembly';
import { AwsIndex } from './aws-index';
import { DoctorContext, DoctorFinding, DoctorOptions } from './context';
import { DependencyGraph } from './deps';
import { extractFacts, MeshFacts, ResourceLink } from './facts';
import { AccessEntry, LfEvaluator, MetadataEntry } from './lf-evaluator';
import { completeQueryAccess } from './query-access';
import { loadResources } from './resolver';
import { RULES, runRules } from './rules';
import { refusedGrants } from './rules/support/regrants';
import type { StackTemplate } from './stack-template';
import { markUnverified } from './unverified';
import { Visibility, visibilityOf } from './visibility';

export interface Finding {
  id: string;
  severity: 'error' | 'warning';
  message: string;
}

export type { MetadataEntry } from './lf-evaluator';

/** The JSON contract: exactly these three keys. */
export interface AccessReport {
  access: AccessEntry[];
  findings: Finding[];
  /** Principals that can DESCRIBE a table, with the columns they see the metadata of only (discovery; disjoint from their access columns). */
  metadata: MetadataEntry[];
}

/** What the Mermaid diagram draws besides the access entries. */
export interface Topology {
  accounts: Array<{ account: string; role?: string; domain?: string; stacks: string[] }>;
  buckets: Array<{ account: string; name: string }>;
  databases: Array<{ catalog: string; name: string }>;
  tables: Array<{ catalog: string; database: string; name: string }>;
  links: ResourceLink[];
}

export interface Analysis {
  report: AccessReport;
  topology: Topology;
  /** The findings with where they are (stack, logical id) and their fix: for the CDK validation plugin. */
  diagnostics: DoctorFinding[];
  /** What the matrix and the diagram show besides the entries: every column's confidentiality, every principal's clearance. */
  visibility: Visibility;
  /** How many stacks (nested ones included) the assembly has. */
  stacks: number;
}

/** Evaluates a cloud assembly directory. */
export function evaluateAssembly(dir: string): AccessReport {
  return analyzeAssembly(dir).report;
}

/** Evaluates already-loaded stacks. */
export function evaluateStacks(stacks: StackTemplate[], options: DoctorOptions = {}): AccessReport {
  return analyzeStacks(stacks, options).report;
}

export function analyzeAssembly(dir: string, options: DoctorOptions = {}): Analysis {
  options.progress?.(`reading the cloud assembly ${dir}…`);
  return analyzeStacks(readAssembly(dir), options);
}

/**
 * Reads the stacks once, evaluates Lake Formation (who sees which columns), completes each entry with
 * IAM (`effective`, `missing`) and runs the doctor's rules (findings).
 */
export function analyzeStacks(stacks: StackTemplate[], options: DoctorOptions = {}): Analysis {
  return analyzeContext(buildContext(stacks, options), options);
}

/**
 * The same from a context already built, for a command that reads more of the assembly than the report (the
 * catalog's products and mesh view, the diff's product databases) and should resolve and evaluate it once.
 */
export function analyzeContext(ctx: DoctorContext, options: DoctorOptions = {}): Analysis {
  options.progress?.(`running the doctor's ${(options.rules ?? RULES).length} rules…`);
  const diagnostics = runRules(ctx, options.rules);
  const findings = diagnostics.map(d => ({ id: d.id, severity: d.severity, message: d.message }));
  const report = { access: ctx.lf.access, findings, metadata: ctx.lf.metadata };
  return { report, topology: topologyOf(ctx.facts), diagnostics, visibility: visibilityOf(ctx), stacks: ctx.stacks.length };
}

/**
 * Everything the doctor's rules read: resources, facts, dependencies, IAM, the Lake Formation evaluation
 * with each entry's IAM side (`effective`, `missing`) completed.
 */
export function buildContext(stacks: StackTemplate[], options: DoctorOptions = {}): DoctorContext {
  options.progress?.(`resolving ${stacks.length} templates…`);
  const resources = loadResources(stacks);
  const facts = extractFacts(stacks, resources);
  options.progress?.(`evaluating Lake Formation (${facts.grants.length} grants, ${facts.tables.length} tables)…`);
  const lf = new LfEvaluator(facts);
  const ctx = new DoctorContext(stacks, resources, facts, new DependencyGraph(stacks), new AwsIndex(resources), lf, options);
  // Grants Lake Formation refuses give nothing (D45): decided before the evaluation (what each account holds, tag values, principals).
  lf.run(refusedGrants(ctx));
  options.progress?.(`evaluating IAM for ${lf.access.length} access entries…`);
  completeQueryAccess(ctx);
  markUnverified(ctx);
  return ctx;
}

function topologyOf(facts: MeshFacts): Topology {
  const accounts = new Map<string, Topology['accounts'][number]>();
  for (const s of facts.stacks) {
    const a = accounts.get(s.account) ?? { account: s.account, stacks: [] };
    accounts.set(s.account, { ...a, role: a.role ?? s.role, domain: a.domain ?? s.domain, stacks: [...a.stacks, s.stackName] });
  }
  return {
    accounts: [...accounts.values()].sort((a, b) => compare(a.account, b.account)),
    buckets: facts.buckets.map(b => ({ account: b.account, name: b.name })),
    databases: facts.databases.map(d => ({ catalog: d.catalog, name: d.name })),
    tables: facts.tables.map(t => ({ catalog: t.catalog, database: t.database, name: t.name })),
    links: [...facts.links],
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
