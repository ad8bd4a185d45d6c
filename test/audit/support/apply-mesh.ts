/*
 * Applies a synthesized mesh's Lake Formation and Glue resources to an AWS API (the moto server) through
 * the AWS SDK, as CloudFormation would: per account (credentials of a role assumed in it), settings,
 * LF-tags, databases and links, tables and links, registered locations, tag associations, grants. Read from
 * the templates with the report's resolver only (not with the audit's code), so the audit is checked
 * against an independent application of the same templates.
 *
 * moto quirks handled here (docs/audit.md, "What the emulator lacks"): AddLFTagsToResource replaces a
 * resource's tags (so the tags of one resource go in one call), and GetResourceLFTags fails on a database
 * or table that was never tagged (so every one gets a call, with no tags when it has none). Each column is
 * tagged in a call of its own (moto shares one list between the columns of one call).
 */
import { CreateDatabaseCommand, CreateTableCommand, GlueClient } from '@aws-sdk/client-glue';
import {
  AddLFTagsToResourceCommand, CreateLFTagCommand, GrantPermissionsCommand, LakeFormationClient, PutDataLakeSettingsCommand, RegisterResourceCommand,
} from '@aws-sdk/client-lakeformation';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { readAssembly } from '../../../src/report/assembly';
import { loadResources, ResolvedResource } from '../../../src/report/resolver';

export const AUDIT_ROLE = 'cdk-data-mesh-audit';

export interface AccountClients {
  readonly lf: LakeFormationClient;
  readonly glue: GlueClient;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Clients acting in `account` (moto maps an assumed role's keys to the role's account). */
export async function clientsFor(account: string, endpoint: string, region = 'eu-west-1'): Promise<AccountClients> {
  const sts = new STSClient({ region, endpoint });
  const r = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/mesh-applier`, RoleSessionName: 'apply' }));
  sts.destroy();
  const c = r.Credentials!;
  const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
  const config = { region, endpoint, credentials };
  return { lf: new LakeFormationClient(config), glue: new GlueClient(config), credentials };
}

const lower = (v: any) => String(v ?? '').toLowerCase();

/** Applies every Lake Formation and Glue resource of the assembly; returns the clients per account (destroy them). */
export async function applyMesh(assemblyDir: string, endpoint: string): Promise<Map<string, AccountClients>> {
  const resources = loadResources(readAssembly(assemblyDir));
  const accounts = [...new Set(resources.map(r => r.stack.account))].sort();
  const clients = new Map<string, AccountClients>();
  for (const a of accounts) clients.set(a, await clientsFor(a, endpoint));
  const of = (type: string) => resources.filter(r => r.type === type);
  const byAccount = (rs: ResolvedResource[]) => {
    const m = new Map<string, ResolvedResource[]>();
    for (const r of rs) m.set(r.stack.account, [...(m.get(r.stack.account) ?? []), r]);
    return m;
  };

  for (const [account, rs] of byAccount(of('AWS::LakeFormation::DataLakeSettings'))) {
    const admins = rs.flatMap(r => r.props.Admins ?? []);
    const p = rs[rs.length - 1].props;
    await clients.get(account)!.lf.send(new PutDataLakeSettingsCommand({
      CatalogId: account,
      DataLakeSettings: {
        DataLakeAdmins: admins,
        CreateTableDefaultPermissions: p.CreateTableDefaultPermissions ?? [],
        CreateDatabaseDefaultPermissions: p.CreateDatabaseDefaultPermissions ?? [],
        Parameters: p.Parameters,
        TrustedResourceOwners: p.TrustedResourceOwners,
      },
    }));
  }
  for (const r of of('AWS::LakeFormation::Tag')) {
    const catalog = r.props.CatalogId ?? r.stack.account;
    await clients.get(r.stack.account)!.lf.send(new CreateLFTagCommand({ CatalogId: catalog, TagKey: r.props.TagKey, TagValues: r.props.TagValues }));
  }
  const databases = of('AWS::Glue::Database');
  for (const r of databases) {
    const catalog = r.props.CatalogId ?? r.stack.account;
    await clients.get(r.stack.account)!.glue.send(new CreateDatabaseCommand({ CatalogId: catalog, DatabaseInput: r.props.DatabaseInput }));
  }
  const tables = of('AWS::Glue::Table');
  for (const r of tables) {
    await clients.get(r.stack.account)!.glue.send(new CreateTableCommand({
      CatalogId: r.props.CatalogId ?? r.stack.account, DatabaseName: r.props.DatabaseName, TableInput: r.props.TableInput,
    }));
  }
  for (const r of of('AWS::LakeFormation::Resource')) {
    await clients.get(r.stack.account)!.lf.send(new RegisterResourceCommand({
      ResourceArn: r.props.ResourceArn, RoleArn: r.props.RoleArn, UseServiceLinkedRole: r.props.UseServiceLinkedRole,
    }));
  }

  // Tags: one call per database, table and column, with every tag CloudFormation would have attached to it.
  const tags = new Map<string, { account: string; resource: any; tags: Map<string, any> }>();
  const slot = (account: string, key: string, resource: any) => {
    let s = tags.get(key);
    if (!s) tags.set(key, s = { account, resource, tags: new Map() });
    return s;
  };
  for (const r of databases) {
    if (r.props.DatabaseInput?.TargetDatabase) continue;
    const catalog = String(r.props.CatalogId ?? r.stack.account);
    const name = lower(r.props.DatabaseInput?.Name);
    slot(r.stack.account, `${catalog}|db|${name}`, { Database: { CatalogId: catalog, Name: name } });
  }
  for (const r of tables) {
    if (r.props.TableInput?.TargetTable) continue;
    const catalog = String(r.props.CatalogId ?? r.stack.account);
    const db = lower(r.props.DatabaseName);
    const name = lower(r.props.TableInput?.Name);
    slot(r.stack.account, `${catalog}|table|${db}|${name}`, { Table: { CatalogId: catalog, DatabaseName: db, Name: name } });
  }
  for (const r of of('AWS::LakeFormation::TagAssociation')) {
    const res = r.props.Resource ?? {};
    const add = (key: string, resource: any) => {
      const s = slot(r.stack.account, key, resource);
      for (const t of r.props.LFTags ?? []) {
        s.tags.set(lower(t.TagKey), { CatalogId: String(t.CatalogId ?? r.stack.account), TagKey: t.TagKey, TagValues: t.TagValues });
      }
    };
    if (res.Database) add(`${res.Database.CatalogId}|db|${lower(res.Database.Name)}`, { Database: { CatalogId: res.Database.CatalogId, Name: lower(res.Database.Name) } });
    if (res.Table) {
      const t = res.Table;
      add(`${t.CatalogId}|table|${lower(t.DatabaseName)}|${lower(t.Name)}`, { Table: { CatalogId: t.CatalogId, DatabaseName: lower(t.DatabaseName), Name: lower(t.Name) } });
    }
    if (res.TableWithColumns) {
      const t = res.TableWithColumns;
      for (const c of t.ColumnNames ?? []) {
        add(`${t.CatalogId}|column|${lower(t.DatabaseName)}|${lower(t.Name)}|${lower(c)}`,
          { TableWithColumns: { CatalogId: t.CatalogId, DatabaseName: lower(t.DatabaseName), Name: lower(t.Name), ColumnNames: [lower(c)] } });
      }
    }
  }
  for (const s of tags.values()) {
    const r = await clients.get(s.account)!.lf.send(new AddLFTagsToResourceCommand({ Resource: s.resource, LFTags: [...s.tags.values()] }));
    if ((r.Failures ?? []).length > 0) throw new Error(`AddLFTagsToResource ${JSON.stringify(s.resource)}: ${JSON.stringify(r.Failures)}`);
  }

  for (const r of of('AWS::LakeFormation::PrincipalPermissions')) {
    await clients.get(r.stack.account)!.lf.send(new GrantPermissionsCommand({
      CatalogId: r.props.Catalog ?? r.stack.account,
      Principal: r.props.Principal,
      Resource: r.props.Resource,
      Permissions: r.props.Permissions,
      PermissionsWithGrantOption: r.props.PermissionsWithGrantOption ?? [],
    }));
  }
  if (of('AWS::LakeFormation::DataCellsFilter').length > 0 || of('AWS::LakeFormation::Permissions').length > 0) {
    throw new Error('this helper applies no DataCellsFilter (moto has no CreateDataCellsFilter) and no legacy Permissions');
  }
  return clients;
}

export function destroyClients(clients: Map<string, AccountClients>): void {
  for (const c of clients.values()) {
    c.lf.destroy();
    c.glue.destroy();
  }
}
