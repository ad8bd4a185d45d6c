/* Who a Lake Formation `DataLakePrincipalIdentifier` names. */
import { iamArnPattern } from './iam-grammar';

export interface Principal {
  /** The holdings key: the principal, or `IAM_ALLOWED_PRINCIPALS@<account>` (the group is per account). */
  readonly key: string;
  /** As reported. */
  readonly principal: string;
  readonly account: string;
  readonly kind: 'account' | 'iam' | 'group' | 'organization' | 'other';
}

export const IAM_ALLOWED_PRINCIPALS = 'IAM_ALLOWED_PRINCIPALS';
const ACCOUNT_ID = /^\d{12}$/;

/** Who a `DataLakePrincipalIdentifier` names. `arn:…:iam::<acct>:root` is the account itself. */
export function normalizePrincipal(raw: string, contextAccount: string): Principal {
  if (ACCOUNT_ID.test(raw)) return { key: raw, principal: raw, account: raw, kind: 'account' };
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(raw);
  if (root) return { key: root[1], principal: root[1], account: root[1], kind: 'account' };
  const iam = /^arn:[^:]+:iam::(\d{12}):/.exec(raw);
  if (iam) return { key: raw, principal: raw, account: iam[1], kind: 'iam' };
  if (raw === IAM_ALLOWED_PRINCIPALS) return { key: `${raw}@${contextAccount}`, principal: raw, account: contextAccount, kind: 'group' };
  const org = /^arn:[^:]+:organizations::(\d{12}):/.exec(raw);
  if (org) return { key: raw, principal: raw, account: org[1], kind: 'organization' };
  return { key: raw, principal: raw, account: contextAccount, kind: 'other' };
}

/**
 * What Lake Formation accepts as a `DataLakePrincipalIdentifier` (LF-DG "Lake Formation permissions reference",
 * the `DataLakePrincipal` type of the API reference): an account id (or `arn:…:iam::<acct>:root`), an IAM role or
 * user ARN, `IAM_ALLOWED_PRINCIPALS`, `<acct>:IAMPrincipals`, an organization or OU ARN, a SAML provider's user or
 * group, an IAM Identity Center user or group, a QuickSight user or group. IAM groups are not principals of Lake
 * Formation. Role and user ARNs follow IAM's grammar (iam-grammar.ts, the same as the constructs' check): a path and a
 * name of 1 to 64 characters.
 */
const VALID_PRINCIPALS = [
  /^\d{12}$/,
  /^\d{12}:IAMPrincipals$/,
  /^IAM_ALLOWED_PRINCIPALS$/,
  /^arn:aws[a-z-]*:iam::\d{12}:root$/,
  iamArnPattern(['role', 'user']),
  /^arn:aws[a-z-]*:iam::\d{12}:saml-provider\/[\w.-]+:(user|group)\/\S+$/,
  /^arn:aws[a-z-]*:organizations::\d{12}:(organization\/o-[a-z0-9]+|ou\/o-[a-z0-9]+\/ou-[a-z0-9-]+)$/,
  /^arn:aws[a-z-]*:identitystore:::(user|group)\/\S+$/,
  /^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\d{12}:(user|group)\/\S+$/,
];

/**
 * Why a grant's principal cannot be judged or is refused: `unresolved` when its value is known only at deploy time
 * (a `${…}` placeholder of the resolver: a parameter without default, an attribute of a resource the resolver does not
 * know, a missing principal); `invalid` when it is a value Lake Formation refuses (a role name instead of its ARN, an
 * IAM group, a malformed ARN); undefined when it is a principal Lake Formation takes.
 */
export function principalProblem(raw: string): 'unresolved' | 'invalid' | undefined {
  if (raw.includes('${')) return 'unresolved';
  return VALID_PRINCIPALS.some(re => re.test(raw)) ? undefined : 'invalid';
}
