import { DoctorFinding, finding, Rule } from '../context';
import { catalogOf, grants, lower, pushTo } from './support/common';

/**
 * DM-30 (LF-DG "Creating resource links"): a resource link is created whatever its target, but queries
 * through it fail unless the target is shared with the link's account. Checked for targets the assembly
 * defines.
 */
export const rule: Rule = {
  id: 'DM-30',
  name: 'link-target-not-shared',
  severity: 'error',
  description: "A resource link's target (in the assembly) is shared with the link's account (a grant on the database, on one of its tables, or by an LF-tag expression matching them).",
  check(ctx) {
    const out: DoctorFinding[] = [];
    // Grants by (principal account, grantor account), databases by catalog and name: indexed once, not scanned per link.
    const byAccounts = new Map<string, ReturnType<typeof grants>>();
    for (const x of grants(ctx)) {
      const key = `${x.principal.account}|${x.g.grantorAccount}`;
      pushTo(byAccounts, key, x);
    }
    const databases = new Map<string, typeof ctx.facts.databases[number]>();
    for (const d of ctx.facts.databases) if (!databases.has(`${d.catalog}|${d.name}`)) databases.set(`${d.catalog}|${d.name}`, d);
    for (const link of ctx.facts.links) {
      if (link.targetCatalog === link.catalog) continue;
      const db = databases.get(`${link.targetCatalog}|${link.targetDatabase}`);
      if (!db) continue;
      const tables = ctx.lf.tablesOf(db.catalog, db.name).filter(t => link.targetTable === undefined || t.name === link.targetTable);
      const shared = (byAccounts.get(`${link.catalog}|${link.targetCatalog}`) ?? []).some(({ g, principal }) => {
        if (principal.account !== link.catalog || !['account', 'iam'].includes(principal.kind) || g.grantorAccount !== link.targetCatalog) return false;
        const res = g.resource ?? {};
        const catalog = catalogOf((res.Database ?? res.LFTagPolicy)?.CatalogId, g.grantorAccount);
        if (res.Database && link.targetTable === undefined) return catalog === db.catalog && lower(res.Database.Name) === db.name;
        if (res.LFTagPolicy && String(res.LFTagPolicy.ResourceType).toUpperCase() === 'DATABASE' && link.targetTable === undefined) {
          return catalog === db.catalog && ctx.lf.databaseMatches(db.catalog, db.name, res.LFTagPolicy.Expression);
        }
        return ctx.lf.tablesNamedBy(g).some(t => tables.includes(t));
      });
      if (shared) continue;
      const target = `${link.targetDatabase}${link.targetTable ? `.${link.targetTable}` : ''}`;
      out.push(finding(this, { stackName: link.stackName, logicalId: link.logicalId },
        `resource link ${link.database ? `${link.database}.` : ''}${link.name} targets ${target} of account ${link.targetCatalog}, which the assembly does not share with account ${link.catalog}: queries through the link fail.`,
        `share ${target} with account ${link.catalog} from account ${link.targetCatalog} (DESCRIBE on the database, SELECT on its tables, with grant option), or fix the link's target.`));
    }
    return out;
  },
};
