/*
 * The IAM side of a query (DM-32, LF-DG "Lake Formation personas and IAM permissions reference",
 * "Resource links" and Athena's "Access to Amazon S3 query results"): Lake Formation decides which
 * columns a principal sees, but the principal's own IAM policies must still allow
 * - the Glue reads Athena makes: glue:GetDatabase on the catalog and the database, glue:GetTable (and
 *   glue:GetPartitions for a partitioned table without partition projection) on the catalog, the database
 *   and the table — for a query through a resource link, on the link in the consumer's catalog and on
 *   the target in the owner's catalog;
 * - lakeformation:GetDataAccess (resource `*`): Lake Formation vends the S3 credentials;
 * - when the principal's account has an Athena workgroup in the assembly, on one of them:
 *   athena:StartQueryExecution, GetQueryExecution and GetQueryResults, s3:PutObject and s3:GetObject under
 *   its output location and, when it encrypts with SSE_KMS/CSE_KMS, kms:GenerateDataKey and kms:Decrypt
 *   on its key (with the bucket and key policies where the assembly defines them).
 * Entries of principals the assembly does not define (and account-level entries) are not evaluated.
 */
import { AwsIndex, CheckOptions, Identity, parseS3Uri, Verdict, WorkGroup } from './aws-index';
import type { DoctorContext, MissingAction, MissingCause } from './context';
import type { CatalogTable, ResourceLink } from './facts';

interface Need {
  readonly action: string;
  readonly resource: string;
  /** How the resource is shown in `missing` (object prefixes as `<prefix>*`). */
  readonly display?: string;
  readonly options?: CheckOptions;
}

/** Why `v` does not allow the action. */
export function causeOf(v: Verdict, resourcePolicySource?: string): MissingCause {
  if (v.deniedBy) return { kind: 'deny', by: v.deniedBy };
  if (v.blockedBy) return { kind: 'boundary', by: v.blockedBy };
  if (v.identity === 'allow' && (v.resource === 'none' || v.resource === 'account')) {
    return { kind: 'resource-policy', by: resourcePolicySource ?? 'the resource policy' };
  }
  if (v.identity === 'unknown') return { kind: 'unknown', by: v.unknown };
  return { kind: 'absent' };
}

/** `<action> on <resource>`, and why when it is not simply absent from the identity policies. */
export function describeMissing(need: { action: string; resource: string; display?: string }, v: Verdict, resourcePolicySource?: string): string {
  return describeCause(`${need.action} on ${need.display ?? need.resource}`, causeOf(v, resourcePolicySource));
}

function describeCause(what: string, cause: MissingCause): string {
  switch (cause.kind) {
    case 'deny': return `${what}: denied by ${cause.by}`;
    case 'boundary': return `${what}: not allowed by its ${cause.by}`;
    case 'resource-policy': return `${what}: not allowed by ${cause.by}`;
    case 'unknown': return `${what}: unknown (${cause.by})`;
    default: return what;
  }
}

function check(aws: AwsIndex, identity: Identity, need: Need, cache: Map<string, MissingAction | null>): MissingAction | null {
  const key = `${identity.arn}|${need.action}|${need.resource}`;
  let result = cache.get(key);
  if (result === undefined) {
    const v = aws.check(identity, need.action, need.resource, need.options, 'DM-32');
    const policy = need.options?.resourcePolicy;
    const cause = causeOf(v, policy && policy !== 'unknown' ? policy.source : undefined);
    result = v.ok ? null : { text: describeCause(`${need.action} on ${need.display ?? need.resource}`, cause), action: need.action, cause };
    cache.set(key, result);
  }
  return result;
}

function glueArns(partition: string, region: string, catalog: string, database: string, table: string) {
  const base = `arn:${partition}:glue:${region}:${catalog}`;
  return { catalog: `${base}:catalog`, database: `${base}:database/${database}`, table: `${base}:table/${database}/${table}` };
}

/** The Glue reads of a query on `table` (through `link`, when the principal uses one). */
function glueNeeds(ctx: DoctorContext, partition: string, table: CatalogTable, link: ResourceLink | undefined): Need[] {
  const regionOfStack = (name: string, account: string) => ctx.stacks.find(s => s.stackName === name)?.region ?? ctx.regionOf(account) ?? 'unknown-region';
  const reads = (arns: { catalog: string; database: string; table: string }) => [
    { action: 'glue:GetDatabase', resource: arns.catalog },
    { action: 'glue:GetDatabase', resource: arns.database },
    { action: 'glue:GetTable', resource: arns.catalog },
    { action: 'glue:GetTable', resource: arns.database },
    { action: 'glue:GetTable', resource: arns.table },
    ...(table.partitioned && !table.projection
      ? [{ action: 'glue:GetPartitions', resource: arns.catalog }, { action: 'glue:GetPartitions', resource: arns.database }, { action: 'glue:GetPartitions', resource: arns.table }]
      : []),
  ];
  const needs: Need[] = [];
  if (link) {
    const region = regionOfStack(link.stackName, link.catalog);
    const arns = link.targetTable === undefined
      ? glueArns(partition, region, link.catalog, link.name, table.name)
      : glueArns(partition, region, link.catalog, link.database ?? '', link.name);
    needs.push(...reads(arns));
  }
  needs.push(...reads(glueArns(partition, regionOfStack(table.stackName, table.catalog), table.catalog, table.database, table.name)));
  return needs;
}

/** The needs of querying through one Athena workgroup. */
function workGroupNeeds(aws: AwsIndex, wg: WorkGroup, partition: string): Need[] {
  const needs: Need[] = ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults'].map(action => ({ action, resource: wg.arn }));
  const out = wg.outputLocation ? parseS3Uri(wg.outputLocation) : undefined;
  if (out) {
    const bucket = aws.bucket(out.bucket);
    const options: CheckOptions = {
      owner: bucket?.account,
      resourcePolicy: bucket ? bucket.policy ?? { statements: [], source: `${bucket.stackName}/${bucket.logicalId} (no bucket policy)` } : 'unknown',
    };
    const base = `arn:${partition}:s3:::${out.bucket}/${out.prefix}`;
    for (const action of ['s3:PutObject', 's3:GetObject']) needs.push({ action, resource: `${base}cdk-data-mesh-probe`, display: `${base}*`, options });
  }
  if (wg.encryptionOption && /KMS/i.test(wg.encryptionOption) && wg.kmsKeyRef) {
    const key = aws.key(wg.kmsKeyRef, wg.stackName, wg.account);
    const options: CheckOptions = {
      owner: key?.account,
      kms: true,
      resourcePolicy: key ? key.policy : 'unknown',
      context: {
        ...(key ? { 'kms:resourcealiases': key.aliases } : {}),
        'kms:viaservice': [`s3.${wg.region}.amazonaws.com`],
      },
    };
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) needs.push({ action, resource: key?.arn ?? wg.kmsKeyRef, options });
  }
  return needs;
}

/** Fills `effective` and `missing` of every entry of an IAM principal the assembly defines; records the gaps for DM-32. */
export function completeQueryAccess(ctx: DoctorContext): void {
  const cache = new Map<string, MissingAction | null>();
  const athena = new Map<string, MissingAction[]>();
  const gaps = new Map<string, { identity: Identity; entries: typeof ctx.lf.access; missing: Map<string, MissingAction> }>();
  for (const entry of ctx.lf.access) {
    const meta = ctx.lf.entryMeta.get(entry);
    if (!meta || meta.principal.kind !== 'iam') continue;
    const identity = ctx.aws.identity(entry.principal);
    if (!identity) continue;
    const partition = /^arn:([^:]+):/.exec(identity.arn)?.[1] ?? 'aws';
    const missing: MissingAction[] = [];
    const needs = [...glueNeeds(ctx, partition, meta.table, meta.link), { action: 'lakeformation:GetDataAccess', resource: '*' }];
    for (const need of needs) {
      const m = check(ctx.aws, identity, need, cache);
      if (m !== null && !missing.some(x => x.text === m.text)) missing.push(m);
    }
    let viaAthena = athena.get(identity.arn);
    if (viaAthena === undefined) {
      // Any one workgroup of the account will do: report the one missing the least.
      let best: MissingAction[] = [];
      const workGroups = ctx.aws.workGroups.filter(w => w.account === identity.account)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const [i, wg] of workGroups.entries()) {
        const m = workGroupNeeds(ctx.aws, wg, partition).map(n => check(ctx.aws, identity, n, cache)).filter((x): x is MissingAction => x !== null);
        if (i === 0 || m.length < best.length) best = m;
        if (m.length === 0) break;
      }
      viaAthena = best;
      athena.set(identity.arn, viaAthena);
    }
    missing.push(...viaAthena);
    entry.missing = missing.map(m => m.text);
    entry.effective = missing.length === 0;
    if (missing.length > 0) {
      const gap = gaps.get(identity.arn) ?? { identity, entries: [], missing: new Map<string, MissingAction>() };
      gap.entries.push(entry);
      missing.forEach(m => { if (!gap.missing.has(m.text)) gap.missing.set(m.text, m); });
      gaps.set(identity.arn, gap);
    }
  }
  for (const gap of gaps.values()) {
    const actions = [...gap.missing.values()];
    ctx.queryGaps.push({
      identity: gap.identity, entries: gap.entries, missing: actions.map(m => m.text), actions, unknownOnly: actions.every(m => m.cause.kind === 'unknown'),
    });
  }
}
