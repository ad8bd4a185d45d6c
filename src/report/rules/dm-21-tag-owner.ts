import { DoctorFinding, finding, Rule } from '../context';
import { catalogOf, grants, lower } from './support/common';
import { associations } from './support/tag-associations';

/**
 * DM-21: a resource carries only LF-tags of the account that owns it; an external account attaches the
 * owner's tags to shared resources only when the owner granted it ASSOCIATE on them.
 */
export const rule: Rule = {
  id: 'DM-21',
  name: 'tag-owner',
  severity: 'error',
  description: "Tag associations use LF-tags of the tagged resource's catalog; an association made from another account is backed by an ASSOCIATE grant on the tag.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    const all = grants(ctx);
    for (const a of associations(ctx)) {
      if (a.kind === 'none') continue;
      for (const t of a.tags) {
        if (t.catalog !== a.catalog) {
          out.push(finding(this, a.r,
            `attaches LF-tag ${t.key} of catalog ${t.catalog} to a resource of catalog ${a.catalog}: a resource carries only LF-tags of its owner account.`,
            `use an LF-tag of catalog ${a.catalog} (CatalogId: "${a.catalog}").`));
          continue;
        }
        const account = a.r.stack.account;
        if (account === a.catalog) continue;
        const allowed = all.some(({ g, principal }) => g.grantorAccount === t.catalog && principal.account === account && principal.kind === 'account'
          && g.resource?.LFTag && lower(g.resource.LFTag.TagKey) === t.key && catalogOf(g.resource.LFTag.CatalogId, g.grantorAccount) === t.catalog
          && [...g.permissions, ...g.grantable].includes('ASSOCIATE')
          && t.values.every(v => (g.resource.LFTag.TagValues ?? []).map(lower).some((x: string) => x === v || x === '*')));
        if (!allowed) {
          out.push(finding(this, a.r,
            `account ${account} attaches LF-tag ${t.key}=${t.values.join('|')} of account ${t.catalog} to a resource of that account without an ASSOCIATE grant on the tag from ${t.catalog} in the assembly: Lake Formation refuses it.`,
            `grant account ${account} ASSOCIATE on LF-tag ${t.key} (${t.values.join(', ')}) from account ${t.catalog}, or tag the resource in account ${t.catalog}.`));
        }
      }
    }
    return out;
  },
};
