/* Which accounts share across accounts, and the CROSS_ACCOUNT_VERSION each account's settings set. */
import { grants } from './common';
import type { DoctorContext } from '../../context';
import type { ResolvedResource } from '../../resolver';

/** Accounts that grant to, or receive grants from, another account (account, role, user or organization principals). */
export function sharingAccounts(ctx: DoctorContext): Set<string> {
  const out = new Set<string>();
  for (const { g, principal } of grants(ctx)) {
    if (['account', 'iam', 'organization'].includes(principal.kind) && principal.account !== g.grantorAccount) {
      out.add(g.grantorAccount);
      if (principal.kind !== 'organization') out.add(principal.account);
    }
  }
  return out;
}

/** The settings of each account with the CROSS_ACCOUNT_VERSION they set (undefined when they set none). */
export function versions(ctx: DoctorContext): Array<{ settings: ResolvedResource; version?: string }> {
  return ctx.ofType('AWS::LakeFormation::DataLakeSettings').map(settings => {
    const v = settings.props.Parameters?.CROSS_ACCOUNT_VERSION;
    return { settings, version: v === undefined || v === null ? undefined : String(v) };
  });
}
