import { DoctorFinding, finding, Rule } from '../context';
import { catalogOf, describeResource, grants, lower } from './support/common';
import { covers, heldWithGrantOption } from './support/regrants';

/**
 * DM-22: an account grants permissions on a table or database of another account (by name, or through
 * its resource link) only if it holds them with grant option; Lake Formation refuses a re-grant of a
 * resource the account was never granted with grant option. (A re-grant naming more columns than it holds
 * is capped instead: see regrant-capped.)
 */
export const rule: Rule = {
  id: 'DM-22',
  name: 'regrant-not-held',
  severity: 'error',
  description: 'A named re-grant (Database, Table, TableWithColumns, DataCellsFilter) on another account\'s resource is backed by a grant of those permissions with grant option to the granting account.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const heldBy = heldWithGrantOption(ctx);
    for (const { g, r, principal } of grants(ctx)) {
      const res = g.resource ?? {};
      if (res.LFTagPolicy || res.LFTag || res.DataLocation || res.Catalog) continue;
      if (principal.account !== g.grantorAccount || !['iam', 'group'].includes(principal.kind)) continue; // re-shares: dm-22-reshare
      const wanted = [...new Set([...g.permissions, ...g.grantable])];
      const held = heldBy.get(g.grantorAccount);
      const refused: string[] = [];
      if (res.Database) {
        const catalog = catalogOf(res.Database.CatalogId, g.grantorAccount);
        const name = lower(res.Database.Name);
        if (catalog !== g.grantorAccount && ctx.facts.databases.some(d => d.catalog === catalog && d.name === name) && !covers(held?.databases.get(`${catalog}|${name}`), wanted)) {
          refused.push(`database ${name} of account ${catalog}`);
        }
      } else {
        for (const t of ctx.lf.tablesNamedBy(g)) {
          if (t.catalog === g.grantorAccount) continue;
          if (!covers(held?.tables.get(`${t.catalog}|${t.database}|${t.name}`), wanted)) refused.push(`${t.database}.${t.name} of account ${t.catalog}`);
        }
      }
      if (refused.length === 0) continue;
      out.push(finding(this, r,
        `account ${g.grantorAccount} grants ${g.principal} ${wanted.join(', ')} on ${describeResource(res, g.grantorAccount)} (${refused.join(', ')}), which it was never granted with grant option: Lake Formation refuses the grant (AccessDeniedException).`,
        `have the owner account grant account ${g.grantorAccount} ${wanted.join(', ')} with grant option on it (by name or by an LF-tag expression), or remove this grant.`));
    }
    return out;
  },
};
