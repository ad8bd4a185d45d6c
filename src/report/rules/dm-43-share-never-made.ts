import { ACCOUNT_ID, DoctorFinding, finding, Rule } from '../context';
import { isDiscoveryExpression } from '../discovery';
import { catalogOf, grants, lower } from './support/common';

/** The custom resource that accepts the RAM invitations of a sender account at deploy time (DM-29): its properties say what it waits for. */
function isAcceptance(type: string, props: any): boolean {
  return (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') && typeof props?.SenderAccountId === 'string';
}

/**
 * DM-43: a consumer waits at deploy time for the RAM invitation of a share the governance account never makes (a
 * `receivedShares` entry, or any acceptance listing a database, with no cross-account grant behind it): the
 * acceptance times out, or succeeds on another share while the links and re-grants of this one fail. Checked when
 * the sender's stacks are in the assembly: each database the acceptance expects (`DatabaseNames`; without them, any)
 * is shared by the sender with the acceptance's account — a grant to the account or one of its principals on the
 * database, on one of its tables, on a data filter of it, or by an LF-tag expression matching it or its tables.
 * Discovery (D66): a consumer accepts the invitations of every product database of the mesh, since Lake Formation shares
 * the discoverable ones through RAM; a database it neither links nor is shared is no failure when the sender grants it
 * the discovery expression (nothing of the consumer names that database).
 */
export const rule: Rule = {
  id: 'DM-43',
  name: 'share-never-made',
  severity: 'error',
  description: "Every share a consumer expects (the databases its RAM acceptance waits for) is made by the sender account's grants, when the sender's stacks are in the assembly.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    const acceptances = ctx.resources.filter(r => isAcceptance(r.type, r.props));
    if (acceptances.length === 0) return out;
    // What each sender shares with each account: `<sender>|<recipient>` -> databases of the sender's catalog (indexed once).
    const shared = new Map<string, Set<string>>();
    /** `<sender>|<recipient>` pairs with a discovery grant (DESCRIBE on databases tagged discoverable=yes). */
    const discovery = new Set<string>();
    const add = (key: string, db: string) => shared.set(key, (shared.get(key) ?? new Set<string>()).add(db));
    for (const { g, principal } of grants(ctx)) {
      if (!['account', 'iam'].includes(principal.kind) || principal.account === g.grantorAccount) continue;
      const key = `${g.grantorAccount}|${principal.account}`;
      const res = g.resource ?? {};
      if (res.LFTagPolicy && isDiscoveryExpression(res.LFTagPolicy.Expression)) discovery.add(key);
      const named = res.Database ?? res.Table ?? res.TableWithColumns;
      if (named) {
        if (catalogOf(named.CatalogId, g.grantorAccount) === g.grantorAccount) add(key, lower(res.Database ? named.Name : named.DatabaseName));
      } else if (res.DataCellsFilter) {
        if (catalogOf(res.DataCellsFilter.TableCatalogId, g.grantorAccount) === g.grantorAccount) add(key, lower(res.DataCellsFilter.DatabaseName));
      } else if (res.LFTagPolicy && catalogOf(res.LFTagPolicy.CatalogId, g.grantorAccount) === g.grantorAccount) {
        if (String(res.LFTagPolicy.ResourceType).toUpperCase() === 'DATABASE') {
          for (const d of ctx.facts.databases) {
            if (d.catalog === g.grantorAccount && ctx.lf.databaseMatches(d.catalog, d.name, res.LFTagPolicy.Expression)) add(key, d.name);
          }
        } else {
          for (const t of ctx.lf.tablesNamedBy(g)) add(key, t.database);
        }
      }
      if (!shared.has(key)) shared.set(key, new Set());
    }
    for (const r of acceptances) {
      const sender = String(r.props.SenderAccountId);
      const recipient = r.stack.account;
      if (!ACCOUNT_ID.test(sender) || sender === recipient || !ctx.hasAccount(sender)) continue;
      const got = shared.get(`${sender}|${recipient}`);
      const expected: string[] = (Array.isArray(r.props.DatabaseNames) ? r.props.DatabaseNames : []).map(lower).filter((d: string) => !d.includes('${'));
      if (expected.length === 0) {
        if (got !== undefined) continue;
        out.push(finding(this, r,
          `the RAM acceptance of account ${recipient} waits for an invitation from account ${sender}, whose stacks in the assembly grant account ${recipient} nothing: ` +
          'no invitation is ever sent, and the acceptance fails after waiting.',
          `share with account ${recipient} from account ${sender} (a DataProductShare for this consumer), or stop expecting it (remove the consumer's receivedShares, or acceptRamInvitations: false).`));
        continue;
      }
      const linked = new Set(ctx.facts.links.filter(l => l.catalog === recipient && l.targetCatalog === sender).map(l => l.targetDatabase));
      const missing = expected.filter(d => !got?.has(d) && !(discovery.has(`${sender}|${recipient}`) && !linked.has(d)));
      if (missing.length === 0) continue;
      out.push(finding(this, r,
        `account ${recipient} expects account ${sender} to share database${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (its RAM acceptance waits for ${missing.length > 1 ? 'them' : 'it'}), ` +
        `but the grants of account ${sender} in the assembly never share ${missing.length > 1 ? 'them' : 'it'} with account ${recipient}: no invitation comes for ${missing.length > 1 ? 'them' : 'it'}, ` +
        `the acceptance waits${got && got.size > 0 ? ' (or accepts the other shares)' : ''}, and the resource links and re-grants of ${missing.length > 1 ? 'these databases' : 'this database'} fail.`,
        `share ${missing.join(', ')} with account ${recipient} in account ${sender} (a DataProductShare naming ${missing.length > 1 ? 'them' : 'it'} for this consumer), ` +
        "or remove it from the consumer's receivedShares."));
    }
    return out;
  },
};
