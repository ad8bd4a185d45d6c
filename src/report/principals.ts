/* Who a Lake Formation `DataLakePrincipalIdentifier` names. */

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
