/*
 * The IAM policy language, evaluated over resolved template JSON (IAM User Guide, "Policy evaluation
 * logic" and "IAM JSON policy elements reference"):
 * - Effect Allow/Deny; an explicit Deny wins over any Allow;
 * - Action/NotAction with `*` and `?` wildcards, case-insensitive;
 * - Resource/NotResource: ARNs compared segment by segment (partition, service, region, account) with
 *   wildcards, the resource part with wildcards that may span `/` and `:`; policy variables
 *   (`${aws:username}`) match anything and are recorded as assumptions;
 * - Principal/NotPrincipal of resource-based policies: `*`, an account (12 digits or `:root`), an IAM ARN;
 * - Condition: String*, Arn*, Bool, Null (with `IfExists` and the `ForAnyValue:`/`ForAllValues:` set
 *   operators). A condition whose key the request context does not know, or whose operator cannot be
 *   evaluated before deployment, is treated as satisfied and recorded.
 * No aws-cdk-lib import: plain data in, plain data out.
 */
import { own } from './own';

/** One policy statement, normalized. */
export interface Statement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions?: string[];
  readonly notActions?: string[];
  readonly resources?: string[];
  readonly notResources?: string[];
  readonly principal?: any;
  readonly notPrincipal?: any;
  readonly condition?: Record<string, Record<string, any>>;
  /** Where the statement comes from, e.g. `Stack/LogicalId` or `AWS managed policy AdministratorAccess`. */
  readonly source: string;
}

/** Who makes a request. */
export interface Caller {
  /** The IAM ARN (`arn:aws:iam::<acct>:role/<path><name>`). */
  readonly arn: string;
  readonly account: string;
}

/** One request: what the caller does, on what, with which condition keys (lower-case names). */
export interface Request {
  readonly action: string;
  readonly resource: string;
  readonly caller: Caller;
  /** Condition keys known for this request (lower-case) -> values; `[]` means known to be absent. */
  readonly context: Record<string, string[]>;
}

/** A condition that could not be evaluated and was treated as satisfied. */
export interface Assumption {
  readonly source: string;
  readonly sid?: string;
  readonly condition: string;
}

export interface StatementMatch {
  readonly matched: boolean;
  readonly assumed: Assumption[];
}

export interface Decision {
  /** The first Allow statement that matches, if any. */
  readonly allow?: Statement;
  /** The first Deny statement that matches, if any. */
  readonly deny?: Statement;
  readonly assumed: Assumption[];
}

const asList = (v: any): any[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const strings = (v: any): string[] => asList(v).map(x => (typeof x === 'string' ? x : JSON.stringify(x)));

/** The statements of a policy document (`Statement` may be one object or a list). */
export function statementsOf(document: any, source: string): Statement[] {
  if (!document || typeof document !== 'object') return [];
  return asList(document.Statement).filter(s => s && typeof s === 'object').map((s: any) => ({
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: String(s.Effect) === 'Deny' ? 'Deny' : 'Allow',
    actions: s.Action === undefined ? undefined : strings(s.Action),
    notActions: s.NotAction === undefined ? undefined : strings(s.NotAction),
    resources: s.Resource === undefined ? undefined : strings(s.Resource),
    notResources: s.NotResource === undefined ? undefined : strings(s.NotResource),
    principal: s.Principal,
    notPrincipal: s.NotPrincipal,
    condition: s.Condition && typeof s.Condition === 'object' ? s.Condition : undefined,
    source,
  }));
}

const globCache = new Map<string, RegExp>();

/** `*` and `?` wildcards; everything else literal. */
function glob(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let re = globCache.get(key);
  if (!re) {
    const body = pattern.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('');
    re = new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
    if (globCache.size > 10_000) globCache.clear();
    globCache.set(key, re);
  }
  return re;
}

/** An IAM action pattern (`glue:Get*`, `*`) against an action, case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return pattern === '*' || glob(pattern, true).test(action);
}

/** Policy variables (`${aws:username}`, `${s3:prefix}`) in a pattern: matched as `*`. */
const POLICY_VARIABLE = /\$\{[a-z][a-z0-9-]*:(?!:)[^}]*\}/g;

const WILDCARD = /[*?]/;

/**
 * An ARN pattern, parsed and compiled once: the report checks the same patterns for every (principal, table)
 * pair, and a statement of a large mesh lists thousands of them (issue 13).
 */
export interface ArnPattern {
  /** The pattern as written. */
  readonly pattern: string;
  /** The pattern with its policy variables replaced by `*`. */
  readonly effective: string;
  /** Everything before the first wildcard: an ARN the pattern matches starts with it. */
  readonly prefix: string;
  /** The ARN the pattern matches when it has no wildcard at all. */
  readonly literal?: string;
  /** Whether the pattern has a policy variable (matched as `*` and recorded as an assumption). */
  readonly variable: boolean;
  /** Whether `arn` (split with `splitArn`, or undefined when it is not an ARN) matches. */
  test(arn: string, split?: string[]): boolean;
}

const arnPatternCache = new Map<string, ArnPattern>();

/** Compiles an ARN pattern (cached: each distinct pattern is parsed and its wildcards compiled once). */
export function compileArnPattern(pattern: string): ArnPattern {
  let compiled = arnPatternCache.get(pattern);
  if (compiled) return compiled;
  const effective = pattern.replace(POLICY_VARIABLE, '*');
  const wild = effective.search(WILDCARD);
  const prefix = wild < 0 ? effective : effective.slice(0, wild);
  const base = { pattern, effective, prefix, variable: effective !== pattern };
  if (pattern === '*') {
    compiled = { ...base, test: () => true };
  } else if (wild < 0) {
    // No wildcard: segment-wise equality of two ARNs is equality of the strings (and a non-ARN is compared whole).
    compiled = { ...base, literal: effective, test: (arn: string) => arn === effective };
  } else {
    const segments = splitArn(effective)?.map(seg => {
      if (seg === '*') return () => true;
      if (!WILDCARD.test(seg)) return (x: string) => x === seg;
      const re = glob(seg, false);
      return (x: string) => re.test(x);
    });
    const whole = glob(effective, false);
    compiled = {
      ...base,
      test: (arn: string, split: string[] | undefined = splitArn(arn)) =>
        (segments && split ? segments.every((m, i) => m(split[i])) : whole.test(arn)),
    };
  }
  if (arnPatternCache.size > 200_000) arnPatternCache.clear();
  arnPatternCache.set(pattern, compiled);
  return compiled;
}

/**
 * An ARN pattern against an ARN: the first five colon-separated segments are compared one by one, the
 * resource part as a whole (its wildcards span `/` and `:`). Case-sensitive, as IAM compares ARNs.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  return compileArnPattern(pattern).test(arn);
}

export function splitArn(s: string): string[] | undefined {
  const parts = s.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * The ARN patterns of a Resource or NotResource list, indexed: literal ARNs in a set, wildcard patterns by their
 * literal prefix, so that a check looks at the few patterns that can match instead of every one of them.
 */
export class ArnPatternIndex {
  private readonly any: boolean;
  private readonly literals = new Set<string>();
  private readonly byPrefix = new Map<string, ArnPattern[]>();
  private readonly prefixLengths: number[];
  /** The patterns with a policy variable (their matches are recorded as assumptions). */
  public readonly variables: ArnPattern[] = [];

  constructor(patterns: string[]) {
    this.any = patterns.includes('*');
    for (const p of patterns.map(compileArnPattern)) {
      if (p.variable) this.variables.push(p);
      if (p.literal !== undefined) {
        this.literals.add(p.literal);
      } else {
        const list = this.byPrefix.get(p.prefix);
        if (list) list.push(p); else this.byPrefix.set(p.prefix, [p]);
      }
    }
    this.prefixLengths = [...new Set([...this.byPrefix.keys()].map(k => k.length))].sort((a, b) => a - b);
  }

  /** Whether any pattern matches `arn`. */
  public matches(arn: string): boolean {
    if (this.any || this.literals.has(arn)) return true;
    let split: string[] | undefined | null = null;
    for (const length of this.prefixLengths) {
      if (length > arn.length) break;
      const candidates = this.byPrefix.get(arn.slice(0, length));
      if (!candidates) continue;
      if (split === null) split = splitArn(arn);
      for (const p of candidates) if (p.test(arn, split)) return true;
    }
    return false;
  }
}

/** Action patterns compiled: literal actions (lower-case) in a set, wildcard patterns as regexes. */
class ActionIndex {
  private readonly any: boolean;
  private readonly literals = new Set<string>();
  private readonly patterns: RegExp[] = [];

  constructor(patterns: string[]) {
    this.any = patterns.includes('*');
    for (const p of patterns) {
      if (WILDCARD.test(p)) this.patterns.push(glob(p, true)); else this.literals.add(p.toLowerCase());
    }
  }

  public matches(action: string): boolean {
    return this.any || this.literals.has(action.toLowerCase()) || this.patterns.some(re => re.test(action));
  }
}

interface CompiledStatement {
  readonly actions?: ActionIndex;
  readonly notActions?: ActionIndex;
  readonly resources?: ArnPatternIndex;
  readonly notResources?: ArnPatternIndex;
}

const compiledStatements = new WeakMap<Statement, CompiledStatement>();

/** A statement's actions and resources indexed, once per statement object (statements are read-only). */
function compileStatement(s: Statement): CompiledStatement {
  let c = compiledStatements.get(s);
  if (!c) {
    c = {
      actions: s.actions && new ActionIndex(s.actions),
      notActions: s.notActions && new ActionIndex(s.notActions),
      resources: s.resources && new ArnPatternIndex(s.resources),
      notResources: s.notResources && new ArnPatternIndex(s.notResources),
    };
    compiledStatements.set(s, c);
  }
  return c;
}

function hasPolicyVariable(s: string): boolean {
  POLICY_VARIABLE.lastIndex = 0;
  return POLICY_VARIABLE.test(s);
}

/** Whether a resource-based policy's `Principal` names the caller (`*`, its account, its ARN). */
export function principalMatches(principal: any, caller: Caller): boolean {
  if (principal === '*') return true;
  if (!principal || typeof principal !== 'object') return false;
  return strings(principal.AWS).some(p => {
    if (p === '*') return true;
    if (/^\d{12}$/.test(p)) return p === caller.account;
    const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(p);
    if (root) return root[1] === caller.account;
    return p.toLowerCase() === caller.arn.toLowerCase();
  });
}

/** Whether the principal element names the caller by its own ARN or `*` (not through its account). */
export function principalNamesCaller(principal: any, caller: Caller): boolean {
  if (principal === '*') return true;
  if (!principal || typeof principal !== 'object') return false;
  return strings(principal.AWS).some(p => p === '*' || p.toLowerCase() === caller.arn.toLowerCase());
}

/**
 * Whether a statement applies to a request. `resourcePolicy`: also check Principal/NotPrincipal (a
 * statement of a resource-based policy without a principal applies to nobody).
 */
export function matchStatement(s: Statement, req: Request, resourcePolicy: boolean): StatementMatch {
  const no: StatementMatch = { matched: false, assumed: [] };
  const c = compileStatement(s);
  if (c.actions !== undefined) {
    if (!c.actions.matches(req.action)) return no;
  } else if (c.notActions === undefined || c.notActions.matches(req.action)) {
    return no;
  }
  if (c.resources !== undefined) {
    if (!c.resources.matches(req.resource)) return no;
  } else if (c.notResources !== undefined) {
    if (c.notResources.matches(req.resource)) return no;
  } else if (!resourcePolicy) {
    return no; // an identity-policy statement must name its resources
  }
  if (resourcePolicy) {
    if (s.principal !== undefined) {
      if (!principalMatches(s.principal, req.caller)) return no;
    } else if (s.notPrincipal !== undefined) {
      // NotPrincipal exempts only the principals it names exactly: an account root there does not exempt
      // the account's roles (they must be listed by ARN).
      if (principalNamesCaller(s.notPrincipal, req.caller)) return no;
    } else {
      return no;
    }
  }
  const assumed: Assumption[] = [];
  for (const r of [...(c.resources?.variables ?? []), ...(c.notResources?.variables ?? [])]) {
    if (r.test(req.resource)) assumed.push({ source: s.source, sid: s.sid, condition: `policy variable in Resource ${r.pattern}` });
  }
  for (const [operator, block] of Object.entries(s.condition ?? {})) {
    if (!block || typeof block !== 'object') continue;
    for (const [key, values] of Object.entries(block)) {
      const result = evaluateCondition(operator, key, values, req.context);
      if (result === false) return no;
      if (result === undefined) assumed.push({ source: s.source, sid: s.sid, condition: `${operator} ${key}` });
    }
  }
  // A condition that cannot be evaluated is assumed in the request's favour: it satisfies an Allow and
  // does NOT trigger a Deny (guardrails such as aws:PrincipalOrgID or aws:SourceVpce would otherwise deny
  // everything). Either way the assumption is recorded (DM-32 assumed-conditions).
  if (s.effect === 'Deny' && assumed.length > 0) return { matched: false, assumed };
  return { matched: true, assumed };
}

/** Evaluates statements: the first matching Allow and Deny, and the conditions assumed to hold. */
export function decide(statements: Statement[], req: Request, resourcePolicy: boolean): Decision {
  let allow: Statement | undefined;
  let deny: Statement | undefined;
  const assumed: Assumption[] = [];
  for (const s of statements) {
    if (s.effect === 'Allow' ? allow !== undefined : deny !== undefined) continue;
    const m = matchStatement(s, req, resourcePolicy);
    assumed.push(...m.assumed);
    if (!m.matched) continue;
    if (s.effect === 'Allow') allow = s; else deny = s;
  }
  return { allow, deny, assumed };
}

type Base = (ctx: string, policy: string) => boolean;

const BASE: Record<string, { test: Base; negated: boolean }> = {
  stringequals: { test: (c, p) => c === p, negated: false },
  stringnotequals: { test: (c, p) => c === p, negated: true },
  stringequalsignorecase: { test: (c, p) => c.toLowerCase() === p.toLowerCase(), negated: false },
  stringnotequalsignorecase: { test: (c, p) => c.toLowerCase() === p.toLowerCase(), negated: true },
  stringlike: { test: (c, p) => glob(p, false).test(c), negated: false },
  stringnotlike: { test: (c, p) => glob(p, false).test(c), negated: true },
  arnequals: { test: (c, p) => arnMatches(p, c), negated: false },
  arnlike: { test: (c, p) => arnMatches(p, c), negated: false },
  arnnotequals: { test: (c, p) => arnMatches(p, c), negated: true },
  arnnotlike: { test: (c, p) => arnMatches(p, c), negated: true },
  bool: { test: (c, p) => c.toLowerCase() === p.toLowerCase(), negated: false },
};

/**
 * One condition key of one operator: true, false, or undefined when it cannot be evaluated (unknown
 * key, unsupported operator, policy variable in the value).
 */
export function evaluateCondition(operator: string, key: string, policyValues: any, context: Record<string, string[]>): boolean | undefined {
  let op = operator;
  let set: 'any' | 'all' | undefined;
  const prefix = /^(ForAnyValue|ForAllValues):/i.exec(op);
  if (prefix) {
    set = prefix[1].toLowerCase() === 'foranyvalue' ? 'any' : 'all';
    op = op.slice(prefix[0].length);
  }
  const ifExists = /IfExists$/i.test(op);
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  const values = strings(policyValues);
  const ctx = own<string[]>(context, key.toLowerCase());
  if (op.toLowerCase() === 'null') {
    if (ctx === undefined) return undefined;
    const absent = ctx.length === 0;
    return values.some(v => (v.toLowerCase() === 'true') === absent);
  }
  const base = own<{ test: Base; negated: boolean }>(BASE, op.toLowerCase());
  if (!base || ctx === undefined || values.some(hasPolicyVariable)) return undefined;
  if (ctx.length === 0) {
    if (set === 'all') return true; // vacuously
    if (set === 'any') return false;
    return ifExists || base.negated;
  }
  const matchesAny = (c: string) => values.some(p => base.test(c, p));
  if (set === 'all') return ctx.every(c => (base.negated ? !matchesAny(c) : matchesAny(c)));
  if (set === 'any') return ctx.some(c => (base.negated ? !matchesAny(c) : matchesAny(c)));
  // A single-valued key: positive operators match when a value matches; negated ones when none does.
  return base.negated ? !ctx.some(matchesAny) : ctx.some(matchesAny);
}

/**
 * AWS managed policies whose documents are stable and well known (IAM "AWS managed policies for job
 * functions"; the AWS Managed Policy Reference). Any other AWS managed policy is reported as unknown.
 */
export const KNOWN_AWS_MANAGED_POLICIES: Record<string, any> = {
  AdministratorAccess: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  PowerUserAccess: {
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['account:GetAccountInformation', 'account:GetPrimaryEmail', 'account:ListRegions', 'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeEffectivePolicy', 'organizations:DescribeOrganization'],
        Resource: '*',
      },
    ],
  },
};

/** `arn:<partition>:iam::aws:policy/<path><name>` -> name, for AWS managed policies. */
export function awsManagedPolicyName(arn: string): string | undefined {
  const m = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? m[1] : undefined;
}
