import { DoctorFinding, finding, Rule } from '../context';
import { setOwn } from '../own';
import { describeResource, grants } from './support/common';

/** A resource in a canonical form: keys sorted, names lower-case, CatalogId filled in. */
function canonical(value: any, account: string): any {
  if (Array.isArray(value)) return value.map(v => canonical(v, account)).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? value.toLowerCase() : value;
  const out: any = {};
  for (const k of Object.keys(value).sort()) setOwn(out, k, canonical(value[k], account));
  return out;
}

function withCatalog(res: any, account: string): any {
  const out: any = {};
  for (const [k, v] of Object.entries<any>(res ?? {})) {
    if (v && typeof v === 'object' && !Array.isArray(v) && k !== 'Catalog') out[k] = { ...(k === 'DataCellsFilter' ? { TableCatalogId: account } : { CatalogId: account }), ...v };
    else out[k] = v;
  }
  return out;
}

/**
 * DM-25: a PrincipalPermissions is identified by principal + resource: a second resource for the same
 * pair fails with AlreadyExists (and deleting either revokes the grant of both). Merge the permissions
 * into one resource.
 */
export const rule: Rule = {
  id: 'DM-25',
  name: 'duplicate-grants',
  severity: 'error',
  description: 'No two grants of one account name the same principal and resource.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const first = new Map<string, string>();
    for (const { g, r, principal } of grants(ctx)) {
      const key = `${g.grantorAccount}|${principal.key.toLowerCase()}|${JSON.stringify(canonical(withCatalog(g.resource, g.grantorAccount), g.grantorAccount))}`;
      const prev = first.get(key);
      if (prev === undefined) {
        first.set(key, `${r.stack.stackName}/${r.logicalId}`);
        continue;
      }
      out.push(finding(this, r,
        `grants ${g.principal} on ${describeResource(g.resource, g.grantorAccount)} again (first granted by ${prev}): the second fails with AlreadyExists, and deleting either one revokes the grant.`,
        `merge the permissions into ${prev} and remove ${r.logicalId}.`));
    }
    return out;
  },
};
