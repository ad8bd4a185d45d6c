/*
 * What the mesh doctor's rules read (one assembly, already resolved and evaluated) and what they return.
 * A rule is a small pure function of this context (cdk-nag's layout: one rule per file under rules/).
 */
import type { AwsIndex, Identity } from './aws-index';
import type { DependencyGraph } from './deps';
import type { MeshFacts } from './facts';
import type { AccessEntry, LfEvaluator } from './lf-evaluator';
import type { ResolvedResource } from './resolver';
import type { StackTemplate } from './stack-template';

export type Severity = 'error' | 'warning';

/** Why an action a query needs is missing, as data (DM-32 builds its fix from it, not from the message). */
export interface MissingCause {
  /** `deny`: an explicit Deny statement; `boundary`: the permissions boundary; `resource-policy`: a bucket or key policy; `absent`: no identity policy allows it; `unknown`: not evaluated. */
  readonly kind: 'deny' | 'boundary' | 'resource-policy' | 'absent' | 'unknown';
  /** What blocks it (the statement, the boundary or the resource policy), for every kind but `absent`. */
  readonly by?: string;
}

/** One missing action of a query: the text entries show (`<action> on <resource>[: why]`), the action and its cause. */
export interface MissingAction {
  readonly text: string;
  readonly action: string;
  readonly cause: MissingCause;
}

/** A finding with where it is and how to fix it (the report's JSON keeps `id`, `severity`, `message`). */
export interface DoctorFinding {
  readonly id: string;
  /** The name of the rule that reports it (its file is `rules/<id>-<rule>.ts`). */
  readonly rule?: string;
  readonly severity: Severity;
  /** `<stack>/<logical id>: <what> Fix: <fix>` */
  readonly message: string;
  readonly stackName?: string;
  readonly logicalId?: string;
  readonly what: string;
  readonly fix?: string;
}

/** One check of the pitfall catalog (docs/pitfalls.md, DM-01..DM-45). */
export interface Rule {
  /** The pitfall, e.g. `DM-24`. */
  readonly id: string;
  /** The rule's name (its file is `rules/<id>-<name>.ts`). */
  readonly name: string;
  /** The severity of its findings. */
  readonly severity: Severity;
  /** What it checks. */
  readonly description: string;
  check(context: DoctorContext): DoctorFinding[];
}

export interface DoctorOptions {
  /** The date deprecations are judged at (DM-41). Default: now. */
  readonly now?: Date;
  /** The rules to run. Default: every rule of the registry. */
  readonly rules?: Rule[];
  /** Called before each long step (the CLI's `--progress`). Default: silent. */
  readonly progress?: (step: string) => void;
}

/** A principal whose Lake Formation access its IAM policies do not let it use. */
export interface QueryGap {
  readonly identity: Identity;
  readonly entries: AccessEntry[];
  /** Each absent action with its resource (and why, when not simply absent). */
  readonly missing: string[];
  /** The same, as data: each action and what blocks it (an explicit Deny, the permissions boundary, a resource policy, or nothing allows it). */
  readonly actions: MissingAction[];
  /** Only unknowns (policies not evaluated): no finding, the entries say `unknown`. */
  readonly unknownOnly: boolean;
}

type Where = ResolvedResource | { stackName: string; logicalId: string } | undefined;

/** Builds a finding: `<stack>/<logical id>: <what> Fix: <fix>`. */
export function finding(rule: { id: string; severity: Severity; name?: string }, where: Where, what: string, fix?: string): DoctorFinding {
  const loc = where === undefined ? undefined : 'stack' in where ? { stackName: where.stack.stackName, logicalId: where.logicalId } : where;
  const prefix = loc ? `${loc.stackName}/${loc.logicalId}: ` : '';
  return {
    id: rule.id,
    severity: rule.severity,
    rule: rule.name,
    message: `${prefix}${what}${fix ? ` Fix: ${fix}` : ''}`,
    stackName: loc?.stackName,
    logicalId: loc?.logicalId,
    what,
    fix,
  };
}

export class DoctorContext {
  public readonly now: Date;
  /** Filled by the query-access step: principals with Lake Formation access their IAM policies do not allow using. */
  public readonly queryGaps: QueryGap[] = [];
  private readonly byType = new Map<string, ResolvedResource[]>();
  private readonly byId = new Map<string, ResolvedResource>();

  constructor(
    public readonly stacks: StackTemplate[],
    public readonly resources: ResolvedResource[],
    public readonly facts: MeshFacts,
    public readonly graph: DependencyGraph,
    public readonly aws: AwsIndex,
    public readonly lf: LfEvaluator,
    options: DoctorOptions = {},
  ) {
    this.now = options.now ?? new Date();
    for (const r of resources) {
      const list = this.byType.get(r.type) ?? [];
      list.push(r);
      this.byType.set(r.type, list);
      this.byId.set(`${r.stack.stackName}|${r.logicalId}`, r);
    }
  }

  /** The resources of these types, in stack and template order. */
  public ofType(...types: string[]): ResolvedResource[] {
    return types.flatMap(t => this.byType.get(t) ?? []);
  }

  /** One resource by stack name and logical id. */
  public resource(stackName: string, logicalId: string): ResolvedResource | undefined {
    return this.byId.get(`${stackName}|${logicalId}`);
  }

  /** The `AWS::LakeFormation::DataLakeSettings` of an account (and region, when given). */
  public settingsOf(account: string, region?: string): ResolvedResource[] {
    return this.ofType('AWS::LakeFormation::DataLakeSettings').filter(r => r.stack.account === account && (region === undefined || r.stack.region === region));
  }

  /** The region of an account's first stack (catalog ARNs are regional). */
  public regionOf(account: string): string | undefined {
    return this.stacks.find(s => s.account === account)?.region;
  }

  /** Whether the assembly has stacks in this account. */
  public hasAccount(account: string): boolean {
    return this.stacks.some(s => s.account === account);
  }
}

/** A 12-digit account id. */
export const ACCOUNT_ID = /^\d{12}$/;

/** Whether a resolved value is still unknown (a placeholder of the resolver). */
export function unresolved(v: any): boolean {
  return v === undefined || (typeof v === 'string' && v.includes('${')) || (typeof v === 'object' && v !== null && JSON.stringify(v).includes('${'));
}

/** A short name for a principal in messages: `role/<name>` for roles. */
export function shortPrincipal(p: string): string {
  const m = /^arn:[^:]+:iam::\d{12}:role\/(.+)$/.exec(p);
  return m ? `role/${m[1]}` : p;
}
