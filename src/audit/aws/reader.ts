/*
 * The audit's live reader: one account's Lake Formation, Glue and RAM state through the AWS SDK v3, read
 * only (the exact IAM policy is in docs/audit.md). Bundled with esbuild into assets/audit/reader.js (the
 * SDK is no runtime dependency of the library, D54); jsii does not compile this directory.
 *
 * Every list is read to its last page; every call is retried on throttling, 5xx and network errors with
 * exponential back-off and jitter (the SDK's own retries are off, so the policy is this file's and
 * testable); a call that still fails is recorded in the state's `errors` and the rest is read. An account
 * whose credentials do not work (or are another account's) rejects with a message that says so.
 */
import { GetDatabasesCommand, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import {
  DataLakeResourceType, GetDataLakeSettingsCommand, GetResourceLFTagsCommand, LakeFormationClient, ListDataCellsFilterCommand, ListLFTagsCommand,
  ListPermissionsCommand, ListResourcesCommand,
} from '@aws-sdk/client-lakeformation';
import { GetResourceShareInvitationsCommand, GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AccountTarget, LiveReader, ReaderOptions } from '../reader-api';
import { AccountState, emptyState, ReadError } from '../state';

const RETRYABLE_NAMES = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ProvisionedThroughputExceededException',
  'InternalServiceException', 'InternalFailure', 'InternalServerError', 'ServiceUnavailable', 'ServiceUnavailableException',
  'RequestTimeout', 'RequestTimeoutException', 'TimeoutError',
]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED']);
const MAX_DELAY_MS = 20_000;
/** GetResourceLFTags calls in flight per account. */
const TAG_CONCURRENCY = 8;

/** The resource types ListPermissions is asked for one by one (besides once without a filter). */
export const PERMISSION_RESOURCE_TYPES: DataLakeResourceType[] = [
  'CATALOG', 'DATABASE', 'TABLE', 'DATA_LOCATION', 'LF_TAG', 'LF_TAG_POLICY_DATABASE', 'LF_TAG_POLICY_TABLE', 'LF_NAMED_TAG_EXPRESSION',
];

/** JSON with sorted keys and sorted permission lists: one key per grant, whichever call listed it. */
function canonicalJson(value: any): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter(k => value[k] !== undefined).map(k => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The grants of several ListPermissions answers, each (principal, resource, permissions, grant options) once, in first-seen order. */
export function dedupePermissions(items: any[]): any[] {
  const seen = new Set<string>();
  return items.filter(p => {
    const key = canonicalJson({
      Principal: p?.Principal,
      Resource: p?.Resource,
      Permissions: [...(p?.Permissions ?? [])].sort(),
      PermissionsWithGrantOption: [...(p?.PermissionsWithGrantOption ?? [])].sort(),
      Condition: p?.Condition,
    });
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether an SDK error is worth another try: throttling, a 5xx, a timeout or a network error. */
export function isRetryable(e: any): boolean {
  const status = e?.$metadata?.httpStatusCode;
  return RETRYABLE_NAMES.has(e?.name) || RETRYABLE_NAMES.has(e?.Code) || status === 429 || (typeof status === 'number' && status >= 500)
    || RETRYABLE_CODES.has(e?.code) || e?.$retryable !== undefined;
}

/** The delay before try `attempt + 1` (attempt >= 1): base * 2^(attempt-1), capped, with jitter in [50 %, 100 %]. */
export function backoffDelay(attempt: number, baseDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

function describe(e: any): string {
  const name = e?.name && e.name !== 'Error' ? `${e.name}: ` : '';
  const status = e?.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : '';
  return `${name}${e?.message ?? String(e)}${status}`.replace(/\s+/g, ' ').trim();
}

class AccountReader {
  public readonly errors: ReadError[] = [];
  private readonly lf: LakeFormationClient;
  private readonly glue: GlueClient;
  private readonly ram: RAMClient;
  private readonly sts: STSClient;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;

  constructor(private readonly target: AccountTarget, private readonly options: ReaderOptions) {
    const region = target.region;
    const endpoint = options.endpoint;
    const requestHandler = new NodeHttpHandler({ connectionTimeout: 10_000, requestTimeout: options.requestTimeoutMs ?? 30_000 });
    const clientConfig = { region, ...(endpoint ? { endpoint } : {}) };
    const base = target.profile ? fromIni({ profile: target.profile, clientConfig }) : undefined;
    const credentials = target.roleArn
      ? fromTemporaryCredentials({
        ...(base ? { masterCredentials: base } : {}),
        params: { RoleArn: target.roleArn, RoleSessionName: 'cdk-data-mesh-audit', ...(target.externalId ? { ExternalId: target.externalId } : {}) },
        clientConfig,
      })
      : base;
    // maxAttempts 1: the retries are this reader's (call()), with its back-off.
    const config = { ...clientConfig, requestHandler, maxAttempts: 1, ...(credentials ? { credentials } : {}) };
    this.lf = new LakeFormationClient(config);
    this.glue = new GlueClient(config);
    this.ram = new RAMClient(config);
    this.sts = new STSClient(config);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 8);
    this.baseDelayMs = options.baseDelayMs ?? 200;
  }

  public destroy(): void {
    for (const c of [this.lf, this.glue, this.ram, this.sts]) c.destroy();
  }

  /** One call with retries; throws the last error. */
  public async call<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (e) {
        if (attempt >= this.maxAttempts || !isRetryable(e)) throw e;
        await new Promise(r => setTimeout(r, backoffDelay(attempt, this.baseDelayMs)));
      }
    }
  }

  /** Every page of a list (`tokenIn` in the request, `tokenOut` in the response); a failure is recorded and ends the list. */
  public async pages<T>(operation: string, page: (token: string | undefined) => Promise<any>, key: string, tokenOut = 'NextToken'): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    try {
      do {
        const response = await this.call(() => page(token));
        out.push(...(response?.[key] ?? []));
        token = response?.[tokenOut] || undefined;
        if (token !== undefined) {
          if (seen.has(token)) throw new Error(`the service returned the page token ${token} twice`);
          seen.add(token);
        }
      } while (token !== undefined);
    } catch (e) {
      this.errors.push({ operation, message: describe(e) });
    }
    return out;
  }

  public async one<T>(operation: string, send: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.call(send);
    } catch (e) {
      this.errors.push({ operation, message: describe(e) });
      return undefined;
    }
  }

  public async read(): Promise<AccountState> {
    const { account, region } = this.target;
    const who = this.target.roleArn ? `role ${this.target.roleArn}` : this.target.profile ? `profile ${this.target.profile}` : 'the default credentials';
    let identity: any;
    try {
      identity = await this.call(() => this.sts.send(new GetCallerIdentityCommand({})));
    } catch (e) {
      throw new Error(`cannot reach account ${account} with ${who}: ${describe(e)}`);
    }
    if (identity?.Account !== account) {
      throw new Error(`the credentials of ${who} are for account ${identity?.Account ?? 'unknown'}, not ${account}: name the right profile or role for it`);
    }
    const progress = (text: string) => this.options.progress?.(`${account}: ${text}`);
    progress('Lake Formation permissions, LF-tags, settings, locations, filters…');
    const [permissions, lfTags, settings, resources, filters] = await Promise.all([
      this.permissions(),
      this.pages<any>('lakeformation:ListLFTags', t => this.lf.send(new ListLFTagsCommand({ CatalogId: account, NextToken: t })), 'LFTags'),
      this.one('lakeformation:GetDataLakeSettings', () => this.lf.send(new GetDataLakeSettingsCommand({ CatalogId: account }))),
      this.pages<any>('lakeformation:ListResources', t => this.lf.send(new ListResourcesCommand({ NextToken: t })), 'ResourceInfoList'),
      this.pages<any>('lakeformation:ListDataCellsFilter', t => this.lf.send(new ListDataCellsFilterCommand({ NextToken: t })), 'DataCellsFilters'),
    ]);
    progress('Glue databases and tables…');
    const databases = await this.pages<any>('glue:GetDatabases', t => this.glue.send(new GetDatabasesCommand({ CatalogId: account, NextToken: t })), 'DatabaseList');
    const tables: any[] = [];
    for (const db of databases) {
      if (db.TargetDatabase) continue; // a resource link has no tables of its own
      tables.push(...await this.pages<any>(`glue:GetTables ${db.Name}`,
        t => this.glue.send(new GetTablesCommand({ CatalogId: account, DatabaseName: db.Name, NextToken: t })), 'TableList'));
    }
    progress(`LF-tags of ${databases.length} databases and ${tables.length} tables…`);
    const resourceLfTags = await this.resourceTags(databases.filter(d => !d.TargetDatabase), tables.filter(t => !t.TargetTable));
    progress('RAM shares and invitations…');
    const [own, received, invitations] = await Promise.all([
      this.pages<any>('ram:GetResourceShares SELF', t => this.ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', nextToken: t })), 'resourceShares', 'nextToken'),
      this.pages<any>('ram:GetResourceShares OTHER-ACCOUNTS',
        t => this.ram.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS', nextToken: t })), 'resourceShares', 'nextToken'),
      this.pages<any>('ram:GetResourceShareInvitations', t => this.ram.send(new GetResourceShareInvitationsCommand({ nextToken: t })), 'resourceShareInvitations', 'nextToken'),
    ]);
    return {
      ...emptyState(account, region, new Date().toISOString()),
      listPermissions: { PrincipalResourcePermissions: permissions },
      listLfTags: { LFTags: lfTags },
      resourceLfTags,
      dataLakeSettings: settings ? strip(settings) : {},
      listResources: { ResourceInfoList: resources },
      listDataCellsFilter: { DataCellsFilters: filters },
      glueDatabases: { DatabaseList: databases.map(jsonSafe) },
      glueTables: { TableList: tables.map(jsonSafe) },
      resourceShares: { resourceShares: [...own, ...received].map(jsonSafe) },
      resourceShareInvitations: { resourceShareInvitations: invitations.map(jsonSafe) },
      errors: this.errors,
    };
  }

  /**
   * ListPermissions once without a filter and once per resource type, each to its last page, de-duplicated: AWS lists
   * tag-expression grants only under LF_TAG_POLICY_DATABASE / LF_TAG_POLICY_TABLE (LF_TAG_POLICY answers the database
   * ones only, aws-sdk-js#4583), and the mesh's shares are such grants.
   */
  private async permissions(): Promise<any[]> {
    const account = this.target.account;
    const lists = await Promise.all([undefined, ...PERMISSION_RESOURCE_TYPES].map(type => this.pages<any>(
      type ? `lakeformation:ListPermissions ResourceType=${type}` : 'lakeformation:ListPermissions',
      t => this.lf.send(new ListPermissionsCommand({ CatalogId: account, NextToken: t, ...(type ? { ResourceType: type } : {}) })),
      'PrincipalResourcePermissions')));
    return dedupePermissions(lists.flat());
  }

  /** GetResourceLFTags (assigned tags only: the audit applies inheritance itself) per database and table, a few at a time. */
  private async resourceTags(databases: any[], tables: any[]): Promise<AccountState['resourceLfTags']> {
    const account = this.target.account;
    const jobs: Array<() => Promise<AccountState['resourceLfTags']>> = [];
    const ask = async (Resource: any) => {
      const r = await this.one(`lakeformation:GetResourceLFTags ${JSON.stringify(Resource)}`,
        () => this.lf.send(new GetResourceLFTagsCommand({ CatalogId: account, Resource, ShowAssignedLFTags: true })));
      return r === undefined ? undefined : { Resource, ...strip(r) };
    };
    for (const db of databases) {
      jobs.push(async () => {
        const r = await ask({ Database: { CatalogId: account, Name: db.Name } });
        return r ? [r] : [];
      });
    }
    for (const t of tables) {
      jobs.push(async () => {
        const out: AccountState['resourceLfTags'] = [];
        const table = await ask({ Table: { CatalogId: account, DatabaseName: t.DatabaseName, Name: t.Name } });
        if (table) out.push(table);
        const columns = [...(t.StorageDescriptor?.Columns ?? []), ...(t.PartitionKeys ?? [])].map((c: any) => c.Name);
        // AWS answers a Table with its columns' tags too; an answer without LFTagsOnColumns asks for them by name.
        if (table && table.LFTagsOnColumns === undefined && columns.length > 0) {
          const cols = await ask({ TableWithColumns: { CatalogId: account, DatabaseName: t.DatabaseName, Name: t.Name, ColumnNames: columns } });
          if (cols) out.push(cols);
        }
        return out;
      });
    }
    const results: AccountState['resourceLfTags'][] = new Array(jobs.length);
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(TAG_CONCURRENCY, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]();
      }
    }));
    return results.flat();
  }
}

function strip(r: any): any {
  const { $metadata, ...rest } = r ?? {};
  return rest;
}

/** Dates as ISO strings (the SDK parses timestamps; the CLI prints them as strings), as the export file holds them. */
function jsonSafe(value: any): any {
  return JSON.parse(JSON.stringify(value));
}

/** The bundle's export (src/audit/reader-api.ts). */
export const reader: LiveReader = {
  async readAccount(target, options) {
    const r = new AccountReader(target, options);
    try {
      return await r.read();
    } finally {
      r.destroy();
    }
  },
};
