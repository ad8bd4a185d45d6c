import { DoctorFinding, finding, Rule } from '../context';
import { catalogOf, grants, lower, pushTo } from './support/common';

/** The database a Lake Formation resource (PrincipalPermissions shape) names, lower case, with its catalog. */
function databaseOf(res: any, account: string): { catalog: string; database: string } | undefined {
  const named = res?.Database ?? res?.Table ?? res?.TableWithColumns;
  if (named) {
    const database = res.Database ? named.Name : named.DatabaseName;
    return database === undefined ? undefined : { catalog: catalogOf(named.CatalogId, account), database: lower(database) };
  }
  const filter = res?.DataCellsFilter;
  if (filter?.DatabaseName !== undefined) return { catalog: catalogOf(filter.TableCatalogId, account), database: lower(filter.DatabaseName) };
  return undefined;
}

/**
 * DM-36 across accounts (issue 13: shards): what a consumer account builds on a share — a resource link to a shared
 * database, a re-grant of a shared table — fails at deploy when the grant that shares it is not there yet (*typical
 * message*: `Resource does not exist or requester is not authorized`; the RAM invitation never arrives). Within one app
 * a stack that uses catalog G's database D in account A must be deployed after every stack of G that grants D (or an
 * LF-tag expression, which may match D) to account A or its principals: otherwise `cdk deploy --concurrency` or a
 * pipeline wave deploys them at the same time.
 */
export const rule: Rule = {
  id: 'DM-36',
  name: 'share-before-use',
  severity: 'error',
  description: "A stack that links or re-grants another account's shared database is deployed after the stacks whose grants share it.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    // Grants to another account: by `<grantee account>/<grantor catalog>/<database>`, and tag-expression grants by `<account>/<catalog>`.
    const named = new Map<string, Set<string>>();
    const byTags = new Map<string, Set<string>>();
    const add = (m: Map<string, Set<string>>, key: string, stack: string) => m.set(key, (m.get(key) ?? new Set()).add(stack));
    for (const { g, principal } of grants(ctx)) {
      if (!['account', 'iam'].includes(principal.kind) || !principal.account || principal.account === g.grantorAccount) continue;
      if (g.resource?.LFTagPolicy) {
        add(byTags, `${principal.account}/${catalogOf(g.resource.LFTagPolicy.CatalogId, g.grantorAccount)}`, g.stackName);
        continue;
      }
      const db = databaseOf(g.resource, g.grantorAccount);
      if (db && db.catalog === g.grantorAccount) add(named, `${principal.account}/${db.catalog}/${db.database}`, g.stackName);
    }
    if (named.size === 0 && byTags.size === 0) return out;

    // Uses in the grantee accounts: resource links (a Glue database with a target in another catalog) and grants on another catalog's resources.
    const uses = new Map<string, Array<{ r: ReturnType<typeof ctx.ofType>[number]; catalog: string; database: string; what: string }>>();
    for (const r of ctx.ofType('AWS::Glue::Database')) {
      const target = r.props?.DatabaseInput?.TargetDatabase;
      if (!target || target.CatalogId === undefined || String(target.CatalogId) === r.stack.account || target.DatabaseName === undefined) continue;
      pushTo(uses, r.stack.stackName, { r, catalog: String(target.CatalogId), database: lower(target.DatabaseName), what: 'its resource link' });
    }
    for (const { g, r } of grants(ctx)) {
      const db = databaseOf(g.resource, g.grantorAccount);
      if (db && db.catalog !== g.grantorAccount) pushTo(uses, r.stack.stackName, { r, catalog: db.catalog, database: db.database, what: 'its grant' });
    }
    for (const list of uses.values()) {
      const reported = new Set<string>();
      for (const use of list) {
        const account = use.r.stack.account;
        const sharing = new Set([...(named.get(`${account}/${use.catalog}/${use.database}`) ?? []), ...(byTags.get(`${account}/${use.catalog}`) ?? [])]);
        for (const stack of sharing) {
          if (reported.has(stack) || ctx.graph.stackDependsOn(use.r.stack.stackName, stack)) continue;
          reported.add(stack);
          out.push(finding(this, use.r,
            `${use.what} uses database ${use.database} of account ${use.catalog}, which stack ${stack} shares with account ${account}, but stack ` +
            `${use.r.stack.stackName} is not deployed after stack ${stack}: deployed first or at the same time (cdk deploy --concurrency, a ` +
            'pipeline wave), it fails because the share is not there yet.',
            `make stack ${use.r.stack.stackName} depend on stack ${stack} (stack.addDependency; in a pipeline, deploy it in a later wave or stage).`));
        }
      }
    }
    return out;
  },
};
