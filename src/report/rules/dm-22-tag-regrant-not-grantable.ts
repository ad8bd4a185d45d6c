import { DoctorFinding, finding, Rule } from '../context';
import { catalogOf, expressionText, grants } from './support/common';
import { tagRegrantAuthorized } from './support/regrants';

/**
 * DM-22: an account re-grants by LF-tag expression on another account's catalog only with the identical
 * expression held with grant option, or with DESCRIBE (or ASSOCIATE) with grant option on every key and
 * value of the expression (which also allows narrower expressions).
 */
export const rule: Rule = {
  id: 'DM-22',
  name: 'tag-regrant-not-grantable',
  severity: 'error',
  description: "A re-grant by LF-tag expression on another account's catalog is backed by the identical expression with grant option, or by DESCRIBE/ASSOCIATE with grant option on its keys and values.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const { g, r } of grants(ctx)) {
      const policy = g.resource?.LFTagPolicy;
      if (!policy || tagRegrantAuthorized(ctx, g)) continue;
      const catalog = catalogOf(policy.CatalogId, g.grantorAccount);
      out.push(finding(this, r,
        `account ${g.grantorAccount} grants ${g.principal} by LF-tag expression ${expressionText(policy.Expression)} of account ${catalog}, but holds neither that expression with grant option nor DESCRIBE with grant option on its LF-tag values: Lake Formation refuses the grant.`,
        `have account ${catalog} grant account ${g.grantorAccount} DESCRIBE with grant option on the LF-tag values (AWS::LakeFormation::PrincipalPermissions on LFTag), or the identical expression with grant option.`));
    }
    return out;
  },
};
