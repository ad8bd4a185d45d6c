import { DoctorFinding, finding, Rule } from '../context';
import type { ResolvedResource } from '../resolver';
import { catalogOf, grants, lower } from './support/common';

/**
 * DM-28: a grant, tag association or data filter depends on the database, table, resource link, data
 * filter or registered location of its stack it names, or CloudFormation may create it first
 * (EntityNotFoundException).
 */
export const rule: Rule = {
  id: 'DM-28',
  name: 'grant-dependency',
  severity: 'error',
  description: 'Grants, tag associations and data filters depend on the databases, tables, links, filters and registered locations they name (in another stack of the account: their stack is deployed after it).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const index = new Map<string, ResolvedResource>();
    for (const r of ctx.ofType('AWS::Glue::Database')) index.set(`${r.stack.stackName}|db|${catalogOf(r.props.CatalogId, r.stack.account)}|${lower(r.props.DatabaseInput?.Name)}`, r);
    for (const r of ctx.ofType('AWS::Glue::Table')) index.set(`${r.stack.stackName}|table|${catalogOf(r.props.CatalogId, r.stack.account)}|${lower(r.props.DatabaseName)}|${lower(r.props.TableInput?.Name)}`, r);
    for (const r of ctx.ofType('AWS::LakeFormation::DataCellsFilter')) {
      index.set(`${r.stack.stackName}|filter|${catalogOf(r.props.TableCatalogId, r.stack.account)}|${lower(r.props.DatabaseName)}|${lower(r.props.TableName)}|${r.props.Name}`, r);
    }
    for (const r of ctx.ofType('AWS::LakeFormation::Resource')) index.set(`${r.stack.stackName}|location|${String(r.props.ResourceArn).replace(/\/+$/, '')}`, r);
    const named = (r: ResolvedResource, res: any): string[] => {
      const acct = r.stack.account;
      const s = r.stack.stackName;
      const keys: string[] = [];
      if (res?.Database) keys.push(`${s}|db|${catalogOf(res.Database.CatalogId, acct)}|${lower(res.Database.Name)}`);
      for (const t of [res?.Table, res?.TableWithColumns]) {
        if (!t) continue;
        keys.push(`${s}|db|${catalogOf(t.CatalogId, acct)}|${lower(t.DatabaseName)}`);
        if (t.Name !== undefined) keys.push(`${s}|table|${catalogOf(t.CatalogId, acct)}|${lower(t.DatabaseName)}|${lower(t.Name)}`);
      }
      if (res?.DataCellsFilter) {
        const f = res.DataCellsFilter;
        keys.push(`${s}|filter|${catalogOf(f.TableCatalogId, acct)}|${lower(f.DatabaseName)}|${lower(f.TableName)}|${f.Name}`);
      }
      if (res?.DataLocation) keys.push(`${s}|location|${String(res.DataLocation.ResourceArn).replace(/\/+$/, '')}`);
      return keys;
    };
    const users: Array<{ r: ResolvedResource; keys: string[] }> = [];
    for (const { g, r } of grants(ctx)) users.push({ r, keys: named(r, g.resource) });
    for (const r of ctx.ofType('AWS::LakeFormation::TagAssociation')) users.push({ r, keys: named(r, r.props.Resource) });
    for (const r of ctx.ofType('AWS::LakeFormation::DataCellsFilter')) {
      const table = { CatalogId: r.props.TableCatalogId, DatabaseName: r.props.DatabaseName, Name: r.props.TableName };
      users.push({ r, keys: named(r, { Table: table }) });
    }
    // Across stacks (issue 13: shards): the same keys without the stack name; only a stack dependency orders them.
    const anyStack = new Map<string, ResolvedResource>();
    for (const [k, r] of index) {
      const key = `${r.stack.account}|${k.slice(k.indexOf('|') + 1)}`;
      if (!anyStack.has(key)) anyStack.set(key, r);
    }
    for (const { r, keys } of users) {
      for (const k of [...new Set(keys)]) {
        const target = index.get(k);
        if (!target) {
          const other = anyStack.get(`${r.stack.account}|${k.slice(k.indexOf('|') + 1)}`);
          if (!other || other.stack.stackName === r.stack.stackName || ctx.graph.stackDependsOn(r.stack.stackName, other.stack.stackName)) continue;
          out.push(finding(this, r,
            `names ${other.type.replace('AWS::', '')} ${other.logicalId} of stack ${other.stack.stackName}, but stack ${r.stack.stackName} is not deployed after that stack: ` +
            'CloudFormation may create it first and Lake Formation fails with EntityNotFoundException.',
            `make stack ${r.stack.stackName} depend on stack ${other.stack.stackName}.`));
          continue;
        }
        if (target === r || ctx.graph.dependsOn(r.stack.stackName, r.logicalId, target.logicalId)) continue;
        out.push(finding(this, r,
          `names ${target.type.replace('AWS::', '')} ${target.logicalId} of the same stack without depending on it: CloudFormation may create it first and Lake Formation fails with EntityNotFoundException.`,
          `add DependsOn: ["${target.logicalId}"] to ${r.logicalId}.`));
      }
    }
    return out;
  },
};
