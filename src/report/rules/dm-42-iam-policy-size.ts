import { DoctorFinding, finding, Rule } from '../context';
import type { ResolvedResource } from '../resolver';

/**
 * IAM's policy-size quotas (IAM User Guide, "IAM and AWS STS quotas": "IAM doesn't count white space when
 * calculating the size of a policy"). The role trust quota is the default (it can be raised to 4,096); the
 * others are hard limits.
 */
export const IAM_POLICY_QUOTAS = {
  managedPolicy: 6_144,
  roleInline: 10_240,
  userInline: 2_048,
  groupInline: 5_120,
  roleTrust: 2_048,
};

/**
 * A policy document's size the way IAM counts it: its JSON without white space. Values the resolver could not
 * know before deployment count as their `${...}` placeholder, which is usually shorter than the deployed value
 * (a generated name or id): the size is a lower bound.
 */
export function iamPolicySize(document: unknown): number {
  return JSON.stringify(document ?? {}).replace(/\s+/g, '').length;
}

const INLINE: Record<string, { prop: string; quota: number; kind: string }> = {
  'AWS::IAM::Role': { prop: 'Roles', quota: IAM_POLICY_QUOTAS.roleInline, kind: 'role' },
  'AWS::IAM::User': { prop: 'Users', quota: IAM_POLICY_QUOTAS.userInline, kind: 'user' },
  'AWS::IAM::Group': { prop: 'Groups', quota: IAM_POLICY_QUOTAS.groupInline, kind: 'group' },
};

const FIX = 'keep each policy\'s resources constant in size — ARN patterns over derived names (cdk-data-mesh\'s own roles use ' +
  '`database/<mesh>_*`-style patterns) rather than one ARN per product — or split the statements over several customer managed ' +
  'policies (at most 10 per role by default) so that each stays within its quota.';

/** One policy (or a principal's inline policies together) and its size against its quota. */
export interface PolicySize {
  /** The managed policy, or the role/user/group whose inline or trust policy it is. */
  readonly resource: ResolvedResource;
  readonly kind: 'managed' | 'inline' | 'trust';
  readonly size: number;
  readonly quota: number;
}

/** Every managed policy, every principal's inline policies together, and every role's trust policy, with their sizes. */
export function policySizes(resources: ResolvedResource[]): PolicySize[] {
  const out: PolicySize[] = [];
  const ofType = (...types: string[]) => resources.filter(r => types.includes(r.type));
  for (const r of ofType('AWS::IAM::ManagedPolicy')) {
    out.push({ resource: r, kind: 'managed', size: iamPolicySize(r.props.PolicyDocument), quota: IAM_POLICY_QUOTAS.managedPolicy });
  }
  // Inline policies: on the principal itself (Policies) and in AWS::IAM::Policy / AWS::IAM::RolePolicy resources naming it.
  const inline = new Map<ResolvedResource, number>();
  const principals = ofType(...Object.keys(INLINE));
  const byRef = new Map(principals.map(p => [`${p.stack.stackName}|ref|${p.logicalId}`, p] as const));
  const byName = new Map<string, ResolvedResource>();
  for (const p of principals) {
    const name = p.props.RoleName ?? p.props.UserName ?? p.props.GroupName;
    if (typeof name === 'string') byName.set(`${p.stack.stackName}|${p.type}|${name}`, p);
    inline.set(p, (Array.isArray(p.props.Policies) ? p.props.Policies : []).reduce((n: number, ip: any) => n + iamPolicySize(ip?.PolicyDocument), 0));
  }
  const attach = (r: ResolvedResource, type: string, raw: any, resolved: any, size: number) => {
    const target = (raw && typeof raw === 'object' && typeof raw.Ref === 'string' ? byRef.get(`${r.stack.stackName}|ref|${raw.Ref}`) : undefined)
      ?? (typeof resolved === 'string' ? byName.get(`${r.stack.stackName}|${type}|${resolved}`) : undefined);
    if (target && target.type === type) inline.set(target, (inline.get(target) ?? 0) + size);
  };
  for (const r of ofType('AWS::IAM::Policy')) {
    const size = iamPolicySize(r.props.PolicyDocument);
    for (const [type, { prop }] of Object.entries(INLINE)) {
      const raw: any[] = Array.isArray(r.raw?.Properties?.[prop]) ? r.raw.Properties[prop] : [];
      const resolved: any[] = Array.isArray(r.props[prop]) ? r.props[prop] : [];
      raw.forEach((x, i) => attach(r, type, x, resolved[i], size));
    }
  }
  for (const r of ofType('AWS::IAM::RolePolicy')) attach(r, 'AWS::IAM::Role', r.raw?.Properties?.RoleName, r.props.RoleName, iamPolicySize(r.props.PolicyDocument));
  for (const [p, size] of inline) out.push({ resource: p, kind: 'inline', size, quota: INLINE[p.type].quota });
  for (const p of ofType('AWS::IAM::Role')) {
    if (p.props.AssumeRolePolicyDocument !== undefined) {
      out.push({ resource: p, kind: 'trust', size: iamPolicySize(p.props.AssumeRolePolicyDocument), quota: IAM_POLICY_QUOTAS.roleTrust });
    }
  }
  return out;
}

/**
 * DM-42: every IAM policy of the assembly is within IAM's size quotas — a customer managed policy 6,144
 * characters, the inline policies of one role 10,240 together (user 2,048, group 5,120), a role's trust policy
 * 2,048. CloudFormation accepts the template; the IAM call fails at deployment ("LimitExceeded: Cannot exceed
 * quota for PolicySize" / "ACLSizePerRole"). aws-cdk-lib moves statements that overflow a role's inline policy
 * into managed policies, but cannot split one statement, so a statement that lists an ARN per product outgrows
 * them all.
 */
export const rule: Rule = {
  id: 'DM-42',
  name: 'iam-policy-size',
  severity: 'error',
  description: 'Every IAM policy is within IAM\'s size quotas (white space excluded): managed policy 6,144 characters, a role\'s inline policies 10,240 together, a trust policy 2,048.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const { resource, kind, size, quota } of policySizes(ctx.resources)) {
      if (size <= quota) continue;
      const principal = INLINE[resource.type]?.kind ?? 'principal';
      if (kind === 'managed') {
        out.push(finding(this, resource, `the customer managed policy document has ${size} characters (white space excluded), over IAM's quota of ` +
          `${quota}: creating or updating it fails with LimitExceeded (PolicySize).`, FIX));
      } else if (kind === 'inline') {
        out.push(finding(this, resource, `the inline policies of this ${principal} have ${size} characters together (white space excluded), over IAM's quota of ` +
          `${quota} per ${principal}: the policy that passes it fails to attach with LimitExceeded.`, FIX));
      } else {
        out.push(finding(this, resource, `the trust policy has ${size} characters (white space excluded), over IAM's default quota of ${quota}: ` +
          'creating the role fails with LimitExceeded (ACLSizePerRole).',
        'trust fewer principals by ARN (an account, or a condition on aws:PrincipalArn with a wildcard), or request the quota increase to 4,096.'));
      }
    }
    return out;
  },
};
