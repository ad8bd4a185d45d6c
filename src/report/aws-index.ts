/*
 * What IAM, S3, KMS and Athena resources of an assembly say about one request: the identity policies of
 * a role or user (inline policies, AWS::IAM::Policy/RolePolicy/ManagedPolicy attached by name or ARN in
 * any stack of its account, groups, permissions boundary, a few well-known AWS managed policies), bucket
 * policies, key policies and their aliases, Athena workgroups. `check` combines them as AWS does:
 * an explicit Deny anywhere wins; within one account the identity policy or a resource policy naming the
 * caller allows; across accounts both must allow; a KMS key policy must always allow (directly, or the
 * caller's account so that its IAM policies apply).
 */
import {
  Assumption, awsManagedPolicyName, Caller, decide, KNOWN_AWS_MANAGED_POLICIES, principalNamesCaller, Request, Statement, statementsOf,
} from './iam';
import { own } from './own';
import type { ResolvedResource } from './resolver';

/** An IAM role or user defined in the assembly. */
export interface Identity extends Caller {
  readonly kind: 'role' | 'user';
  readonly name: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly statements: Statement[];
  /** Managed policies attached but not evaluated (AWS managed ones not in the known table, customer managed ones outside the assembly). */
  readonly unknownPolicies: string[];
  /**
   * The permissions boundary: its ARN as written (resolved), where its document is (`Stack/LogicalId` of the managed
   * policy, or `AWS managed policy <name>`), its statements; `unknown` when its policy is not evaluated.
   */
  readonly boundary?: { arn: string; source?: string; statements: Statement[]; unknown?: string };
}

export interface ResourcePolicy {
  readonly statements: Statement[];
  /** Where it is written (`Stack/LogicalId`). */
  readonly source: string;
}

export interface Bucket {
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly policy?: ResourcePolicy;
  /** `SSEAlgorithm` of the default encryption (`AES256`, `aws:kms`, `aws:kms:dsse`), if set. */
  readonly sseAlgorithm?: string;
  /** `KMSMasterKeyID` as resolved (key ARN, key id placeholder, alias name or ARN), if set. */
  readonly kmsKeyRef?: string;
}

export interface Key {
  readonly arn: string;
  /** The resolved `Ref` of the key (its id; a `${LogicalId}` placeholder before deployment). */
  readonly keyId: string;
  readonly account: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly policy: ResourcePolicy;
  /** `alias/...` names of the AWS::KMS::Alias resources that target the key. */
  readonly aliases: string[];
}

export interface WorkGroup {
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly outputLocation?: string;
  readonly encryptionOption?: string;
  readonly kmsKeyRef?: string;
}

/** How AWS would answer one request. */
export interface Verdict {
  readonly ok: boolean;
  /** The caller's identity policies: allow, deny (explicit), none, unknown (not evaluated policies or caller). */
  readonly identity: 'allow' | 'deny' | 'none' | 'unknown';
  /**
   * The resource policy: `allow` (names the caller), `account` (names the caller's account: its IAM
   * policies decide), `deny`, `none`, `unknown` (not in the assembly), `n/a` (none applies to the service).
   */
  readonly resource: 'allow' | 'account' | 'deny' | 'none' | 'unknown' | 'n/a';
  /** The statement that denies, as `source` (and Sid). */
  readonly deniedBy?: string;
  /**
   * The permissions boundary that does not allow what the identity policies allow (`permissions boundary <ARN>`, with
   * where its document is): the identity side is `none` because of it.
   */
  readonly blockedBy?: string;
  /** Why the identity side is unknown. */
  readonly unknown?: string;
  readonly assumed: Assumption[];
}

export interface CheckOptions {
  /** The resource's account (for the same-account/cross-account rules). */
  readonly owner?: string;
  /** The resource policy: statements, `unknown` (exists but not in the assembly), or undefined (none). */
  readonly resourcePolicy?: ResourcePolicy | 'unknown';
  /** KMS: a key policy must allow; no key policy statement, no access. */
  readonly kms?: boolean;
  /** Extra condition keys (lower-case). */
  readonly context?: Record<string, string[]>;
}

const lower = (s: string) => s.toLowerCase();

export class AwsIndex {
  private readonly identities = new Map<string, Identity>();
  private readonly bucketsByName = new Map<string, Bucket>();
  private readonly keysByArn = new Map<string, Key>();
  private readonly keysById = new Map<string, Key>();
  private readonly aliases = new Map<string, Key>();
  public readonly keys: Key[] = [];
  public readonly workGroups: WorkGroup[] = [];
  /** Every condition assumed to hold by a check, for the doctor to report. */
  public readonly assumptions = new Map<string, Assumption & { checks: Set<string> }>();

  constructor(resources: ResolvedResource[]) {
    const byType = (type: string) => resources.filter(r => r.type === type);
    const src = (r: ResolvedResource) => `${r.stack.stackName}/${r.logicalId}`;

    // Customer managed policies by ARN; policies attached to roles/users/groups by name, per account.
    const managed = new Map<string, Statement[]>();
    const attached = new Map<string, Statement[]>(); // `${account}|role|${name}` -> statements
    const attach = (account: string, kind: string, name: any, statements: Statement[]) => {
      if (typeof name !== 'string') return;
      const n = name.startsWith('arn:') ? name.replace(/^arn:[^:]+:iam::\d{12}:(role|user|group)\/(?:.*\/)?/, '') : name;
      const key = `${account}|${kind}|${lower(n)}`;
      attached.set(key, [...(attached.get(key) ?? []), ...statements]);
    };
    for (const r of byType('AWS::IAM::ManagedPolicy')) {
      const statements = statementsOf(r.props.PolicyDocument, src(r));
      managed.set(String(r.resolver.resolve({ Ref: r.logicalId })), statements);
      for (const [kind, list] of [['role', r.props.Roles], ['user', r.props.Users], ['group', r.props.Groups]] as const) {
        for (const n of Array.isArray(list) ? list : []) attach(r.stack.account, kind, n, statements);
      }
    }
    for (const r of byType('AWS::IAM::Policy')) {
      const statements = statementsOf(r.props.PolicyDocument, src(r));
      for (const [kind, list] of [['role', r.props.Roles], ['user', r.props.Users], ['group', r.props.Groups]] as const) {
        for (const n of Array.isArray(list) ? list : []) attach(r.stack.account, kind, n, statements);
      }
    }
    for (const [type, kind, prop] of [['AWS::IAM::RolePolicy', 'role', 'RoleName'], ['AWS::IAM::UserPolicy', 'user', 'UserName'], ['AWS::IAM::GroupPolicy', 'group', 'GroupName']]) {
      for (const r of byType(type)) attach(r.stack.account, kind, r.props[prop], statementsOf(r.props.PolicyDocument, src(r)));
    }
    const managedStatements = (arn: any, unknown: string[]): Statement[] => {
      if (typeof arn !== 'string') return [];
      const known = managed.get(arn);
      if (known) return known;
      const aws = awsManagedPolicyName(arn);
      const document = aws === undefined ? undefined : own(KNOWN_AWS_MANAGED_POLICIES, aws);
      if (document) return statementsOf(document, `AWS managed policy ${aws}`);
      unknown.push(arn);
      return [];
    };
    const inline = (r: ResolvedResource): Statement[] => (Array.isArray(r.props.Policies) ? r.props.Policies : [])
      .flatMap((p: any) => statementsOf(p?.PolicyDocument, `${src(r)} (inline policy ${p?.PolicyName})`));

    // Groups: their policies, and which users belong to them.
    const groupStatements = new Map<string, { statements: Statement[]; unknown: string[] }>();
    for (const r of byType('AWS::IAM::Group')) {
      const name = String(r.resolver.resolve({ Ref: r.logicalId }));
      const unknown: string[] = [];
      const statements = [...inline(r), ...(r.props.ManagedPolicyArns ?? []).flatMap((a: any) => managedStatements(a, unknown))];
      groupStatements.set(`${r.stack.account}|${lower(name)}`, { statements, unknown });
    }
    const userGroups = new Map<string, string[]>();
    for (const r of byType('AWS::IAM::UserToGroupAddition')) {
      for (const u of Array.isArray(r.props.Users) ? r.props.Users : []) {
        const k = `${r.stack.account}|${lower(String(u))}`;
        userGroups.set(k, [...(userGroups.get(k) ?? []), String(r.props.GroupName)]);
      }
    }

    for (const r of [...byType('AWS::IAM::Role'), ...byType('AWS::IAM::User')]) {
      const kind = r.type === 'AWS::IAM::Role' ? 'role' : 'user';
      const arn = String(r.resolver.resolve({ 'Fn::GetAtt': [r.logicalId, 'Arn'] }));
      const name = String(r.resolver.resolve({ Ref: r.logicalId }));
      const account = r.stack.account;
      const unknown: string[] = [];
      const statements: Statement[] = [
        ...inline(r),
        ...(Array.isArray(r.props.ManagedPolicyArns) ? r.props.ManagedPolicyArns : []).flatMap((a: any) => managedStatements(a, unknown)),
        ...(attached.get(`${account}|${kind}|${lower(name)}`) ?? []),
      ];
      if (kind === 'user') {
        const groups = [...(Array.isArray(r.props.Groups) ? r.props.Groups : []), ...(userGroups.get(`${account}|${lower(name)}`) ?? [])];
        for (const g of groups) {
          const group = groupStatements.get(`${account}|${lower(String(g))}`);
          statements.push(...(group?.statements ?? []), ...(attached.get(`${account}|group|${lower(String(g))}`) ?? []));
          unknown.push(...(group?.unknown ?? []));
        }
      }
      let boundary: Identity['boundary'];
      if (typeof r.props.PermissionsBoundary === 'string') {
        const u: string[] = [];
        const b = managedStatements(r.props.PermissionsBoundary, u);
        boundary = { arn: r.props.PermissionsBoundary, source: b[0]?.source, statements: b, unknown: u[0] };
      }
      this.identities.set(lower(arn), {
        arn, account, kind, name, stackName: r.stack.stackName, logicalId: r.logicalId, statements, unknownPolicies: unknown, boundary,
      });
    }

    const bucketPolicies = new Map<string, ResourcePolicy>();
    for (const r of byType('AWS::S3::BucketPolicy')) {
      const name = String(r.props.Bucket ?? '');
      const prev = bucketPolicies.get(name);
      const statements = [...(prev?.statements ?? []), ...statementsOf(r.props.PolicyDocument, src(r))];
      bucketPolicies.set(name, { statements, source: prev?.source ?? src(r) });
    }
    for (const r of byType('AWS::S3::Bucket')) {
      const name = String(r.resolver.resolve({ Ref: r.logicalId }));
      const rule = (r.props.BucketEncryption?.ServerSideEncryptionConfiguration ?? [])[0]?.ServerSideEncryptionByDefault;
      this.bucketsByName.set(name, {
        name,
        arn: String(r.resolver.resolve({ 'Fn::GetAtt': [r.logicalId, 'Arn'] })),
        account: r.stack.account,
        stackName: r.stack.stackName,
        logicalId: r.logicalId,
        policy: bucketPolicies.get(name),
        sseAlgorithm: typeof rule?.SSEAlgorithm === 'string' ? rule.SSEAlgorithm : undefined,
        kmsKeyRef: typeof rule?.KMSMasterKeyID === 'string' ? rule.KMSMasterKeyID : undefined,
      });
    }

    for (const r of byType('AWS::KMS::Key')) {
      const key: Key = {
        arn: String(r.resolver.resolve({ 'Fn::GetAtt': [r.logicalId, 'Arn'] })),
        keyId: String(r.resolver.resolve({ Ref: r.logicalId })),
        account: r.stack.account,
        stackName: r.stack.stackName,
        logicalId: r.logicalId,
        policy: { statements: statementsOf(r.props.KeyPolicy, src(r)), source: src(r) },
        aliases: [],
      };
      this.keys.push(key);
      this.keysByArn.set(key.arn, key);
      this.keysById.set(`${r.stack.stackName}|${key.keyId}`, key);
    }
    for (const r of byType('AWS::KMS::Alias')) {
      const key = this.key(String(r.props.TargetKeyId ?? ''), r.stack.stackName, r.stack.account);
      const name = String(r.props.AliasName ?? '');
      if (!key) continue;
      key.aliases.push(name);
      this.aliases.set(`${r.stack.account}|${name}`, key);
    }

    for (const r of byType('AWS::Athena::WorkGroup')) {
      const result = r.props.WorkGroupConfiguration?.ResultConfiguration ?? {};
      const name = String(r.props.Name ?? r.resolver.resolve({ Ref: r.logicalId }));
      this.workGroups.push({
        name,
        arn: `arn:${r.resolver.partition}:athena:${r.stack.region}:${r.stack.account}:workgroup/${name}`,
        account: r.stack.account,
        region: r.stack.region,
        stackName: r.stack.stackName,
        logicalId: r.logicalId,
        outputLocation: typeof result.OutputLocation === 'string' ? result.OutputLocation : undefined,
        encryptionOption: typeof result.EncryptionConfiguration?.EncryptionOption === 'string' ? result.EncryptionConfiguration.EncryptionOption : undefined,
        kmsKeyRef: typeof result.EncryptionConfiguration?.KmsKey === 'string' ? result.EncryptionConfiguration.KmsKey : undefined,
      });
    }
  }

  /** The role or user with this ARN, if the assembly defines it (role names compare case-insensitively). */
  public identity(arn: string): Identity | undefined {
    return this.identities.get(lower(arn));
  }

  public bucket(name: string): Bucket | undefined {
    return this.bucketsByName.get(name);
  }

  /**
   * The key a reference names: its ARN, its id (`${LogicalId}` placeholder of `stackName`), an alias
   * name (`alias/x`, in `account`) or an alias ARN.
   */
  public key(ref: string, stackName?: string, account?: string): Key | undefined {
    const byArn = this.keysByArn.get(ref);
    if (byArn) return byArn;
    if (stackName !== undefined) {
      const byId = this.keysById.get(`${stackName}|${ref}`);
      if (byId) return byId;
    }
    const aliasArn = /^arn:[^:]+:kms:[^:]*:(\d{12}):(alias\/.+)$/.exec(ref);
    if (aliasArn) return this.aliases.get(`${aliasArn[1]}|${aliasArn[2]}`);
    if (ref.startsWith('alias/') && account !== undefined) return this.aliases.get(`${account}|${ref}`);
    return undefined;
  }

  /** The request context every check knows: who calls, over TLS. */
  private baseContext(caller: Caller): Record<string, string[]> {
    const kind = /:user\//.test(caller.arn) ? 'User' : 'AssumedRole';
    return {
      'aws:principalarn': [caller.arn],
      'aws:principalaccount': [caller.account],
      'aws:principaltype': [kind],
      'aws:securetransport': ['true'],
      'kms:calleraccount': [caller.account],
    };
  }

  /**
   * Whether `caller` may perform `action` on `resource`. `caller` is an Identity of the assembly, or a
   * bare Caller whose identity policies are unknown (a principal the assembly does not define).
   * `check` = the DM id of the check (recorded with the assumptions).
   */
  public check(caller: Identity | Caller, action: string, resource: string, options: CheckOptions = {}, check = ''): Verdict {
    const req: Request = { action, resource, caller, context: { ...this.baseContext(caller), ...(options.context ?? {}) } };
    const identity = 'statements' in caller ? caller : undefined;
    const assumed: Assumption[] = [];
    const id = identity ? decide(identity.statements, req, false) : undefined;
    const boundary = identity?.boundary && !identity.boundary.unknown ? decide(identity.boundary.statements, req, false) : undefined;
    const policy = options.resourcePolicy === 'unknown' ? undefined : options.resourcePolicy;
    const res = policy ? decide(policy.statements, req, true) : undefined;
    assumed.push(...(id?.assumed ?? []), ...(boundary?.assumed ?? []), ...(res?.assumed ?? []));
    for (const a of assumed) {
      const k = `${a.source}|${a.sid ?? ''}|${a.condition}`;
      const entry = this.assumptions.get(k) ?? { ...a, checks: new Set<string>() };
      if (check) entry.checks.add(check);
      this.assumptions.set(k, entry);
    }
    const deny = id?.deny ?? boundary?.deny ?? res?.deny;
    const label = (s: Statement) => `${s.source}${s.sid ? ` (${s.sid})` : ''}`;
    let identityState: Verdict['identity'];
    let unknown: string | undefined;
    let blockedBy: string | undefined;
    if (id?.deny || boundary?.deny) {
      identityState = 'deny';
    } else if (!identity) {
      identityState = 'unknown';
      unknown = `the assembly does not define ${caller.arn}`;
    } else if (id?.allow && (!identity.boundary || boundary?.allow || identity.boundary.unknown)) {
      identityState = 'allow';
      if (identity.boundary?.unknown) unknown = `permissions boundary ${identity.boundary.unknown} is not evaluated`;
    } else if (id?.allow && identity.boundary && !boundary?.allow) {
      identityState = 'none';
      const b = identity.boundary;
      blockedBy = `permissions boundary ${b.arn}${b.source ? ` (${b.source})` : ''}`;
    } else if (identity.unknownPolicies.length > 0) {
      identityState = 'unknown';
      unknown = `${identity.unknownPolicies.join(', ')} ${identity.unknownPolicies.length > 1 ? 'are' : 'is'} not evaluated`;
    } else {
      identityState = 'none';
    }
    let resourceState: Verdict['resource'];
    if (options.resourcePolicy === undefined) resourceState = options.kms ? 'none' : 'n/a';
    else if (options.resourcePolicy === 'unknown') resourceState = 'unknown';
    else if (res?.deny) resourceState = 'deny';
    else if (res?.allow) resourceState = principalNamesCaller(res.allow.principal, caller) ? 'allow' : 'account';
    else resourceState = 'none';
    if (resourceState === 'allow' && res?.allow) {
      // Another Allow statement may name the caller directly while the first one names its account.
      const direct = policy!.statements.some(s => s.effect === 'Allow' && principalNamesCaller(s.principal, caller) && decide([s], req, true).allow);
      if (!direct) resourceState = 'account';
    } else if (resourceState === 'account' && policy) {
      const direct = policy.statements.some(s => s.effect === 'Allow' && principalNamesCaller(s.principal, caller) && decide([s], req, true).allow);
      if (direct) resourceState = 'allow';
    }
    const sameAccount = options.owner === undefined || options.owner === caller.account;
    const idAllows = identityState === 'allow';
    let ok: boolean;
    if (deny) ok = false;
    else if (options.kms) ok = sameAccount ? resourceState === 'allow' || (resourceState === 'account' && idAllows) : idAllows && (resourceState === 'allow' || resourceState === 'account');
    else if (resourceState === 'n/a' || resourceState === 'unknown') ok = idAllows;
    else ok = sameAccount ? idAllows || resourceState === 'allow' : idAllows && (resourceState === 'allow' || resourceState === 'account');
    return { ok, identity: identityState, resource: resourceState, deniedBy: deny ? label(deny) : undefined, blockedBy, unknown, assumed };
  }
}

/** `s3://bucket/prefix` -> bucket and key prefix (without a leading `/`). */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri);
  return m ? { bucket: m[1], prefix: m[2] } : undefined;
}

/** `arn:<partition>:s3:::bucket/prefix` -> bucket and prefix. */
export function parseS3Arn(arn: string): { bucket: string; prefix: string; partition: string } | undefined {
  const m = /^arn:([^:]+):s3:::([^/]+)\/?(.*)$/.exec(arn);
  return m ? { partition: m[1], bucket: m[2], prefix: m[3] } : undefined;
}
