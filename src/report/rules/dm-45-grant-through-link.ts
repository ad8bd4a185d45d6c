import { DoctorFinding, finding, Rule } from '../context';
import { linkName } from '../lf-evaluator';
import { catalogOf, grants } from './support/common';

/** Permissions a resource link can hold: on a link they mean the link itself. */
const LINK_PERMISSIONS = new Set(['DESCRIBE', 'DROP']);

/**
 * DM-45 (LF-DG "Granting resource link permissions": "Granting permissions on a resource link doesn't grant
 * permissions on the target (linked) database or table. You must grant permissions on the target separately."):
 * a grant of data permissions (SELECT, ALL, ...) that names a table through a database resource link, or a table
 * link, gives nothing on the target: the principal reads nothing of it.
 */
export const rule: Rule = {
  id: 'DM-45',
  name: 'grant-through-link',
  severity: 'warning',
  description: 'Grants of data permissions name the target table in its owner\'s catalog, not a table through a resource link (a grant on a link does not grant its target).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const { g, r } of grants(ctx)) {
      const t = g.resource?.Table ?? g.resource?.TableWithColumns;
      if (!t) continue;
      const data = [...new Set([...g.permissions, ...g.grantable])].filter(p => !LINK_PERMISSIONS.has(p));
      if (data.length === 0) continue;
      const catalog = catalogOf(t.CatalogId, g.grantorAccount);
      const link = ctx.lf.throughLink(catalog, t.DatabaseName, t.TableWildcard !== undefined && t.TableWildcard !== null ? undefined : t.Name);
      if (!link) continue;
      const table = link.targetTable ?? (t.Name === undefined ? '*' : String(t.Name).toLowerCase());
      const target = `${link.targetDatabase}.${table} of account ${link.targetCatalog}`;
      out.push(finding(this, r,
        `grant ${g.logicalId} gives ${g.principal} ${data.join(', ')} on ${t.DatabaseName}.${t.Name ?? '*'} through resource link ${linkName(link)} of account ${link.catalog}: ` +
        `a grant on a resource link does not grant its target ${target}, so the principal reads nothing of it (LF-DG "Granting resource link permissions").`,
        `name the target instead (CatalogId ${link.targetCatalog}, DatabaseName ${link.targetDatabase}${link.targetTable ? `, Name ${link.targetTable}` : ''}; ` +
        `account ${g.grantorAccount} must hold it with grant option when it does not own it), and keep DESCRIBE on the link for the way through it.`));
    }
    return out;
  },
};
