/*
 * The data path of every registered location (LF-DG "Requirements for roles used to register
 * locations", "Registering an Amazon S3 location in another AWS account", "Registering an encrypted
 * Amazon S3 location (across accounts)"): Lake Formation assumes the registration role to vend
 * credentials, so that role must be able to
 * - s3:ListBucket on the bucket, s3:GetObject/PutObject/DeleteObject under the location — its IAM policy,
 *   and the bucket policy when the bucket is in another account (DM-12);
 * - kms:Decrypt/GenerateDataKey/Encrypt on the bucket's key — its IAM policy (which may be scoped with
 *   `kms:ResourceAliases`) and the key policy (DM-13).
 * The service-linked role's policy is managed by Lake Formation (S3 of registered locations); it has no
 * KMS permissions: the key policy must name it.
 *
 * The S3 side is judged at the grain Lake Formation uses: it vends credentials for the location of the table
 * being queried (LF-DG "Underlying data access control"), so the role needs S3 on each table's location under
 * the registered location, not on the whole location. Where the assembly defines tables under a registration,
 * each table's location is checked (and the failing tables named); where it defines none, the location itself.
 */
import { Bucket, Identity, Key, parseS3Arn, Verdict } from './aws-index';
import type { DoctorContext } from './context';
import type { CatalogTable } from './facts';
import type { Caller } from './iam';
import type { ResolvedResource } from './resolver';
import { tableLocation } from './unverified';

export interface PathCheck {
  readonly action: string;
  readonly resource: string;
  readonly display: string;
  readonly verdict: Verdict;
}

/** The S3 side of one table's data path: its location under the registration. */
export interface TablePath {
  readonly table: CatalogTable;
  /** The table's key prefix in the bucket, without a trailing `/`. */
  readonly prefix: string;
  readonly s3: PathCheck[];
}

export interface LocationPath {
  readonly registration: ResolvedResource;
  readonly resourceArn: string;
  readonly bucketName: string;
  readonly prefix: string;
  readonly registrar: string;
  readonly roleArn: string;
  readonly serviceLinked: boolean;
  /** The registration role when the assembly defines it. */
  readonly identity?: Identity;
  readonly bucket?: Bucket;
  /** The S3 checks on the location as a whole (what a crawler or a writer of the whole location needs). */
  readonly s3: PathCheck[];
  /**
   * The tables of the assembly whose location lies under this registration (and under no more specific one of
   * the same account), each with the S3 checks on its own location: what queries of that table need.
   */
  readonly tables: TablePath[];
  /** The bucket's key, when the bucket encrypts with a customer managed key the assembly defines. */
  readonly key?: Key;
  /** The bucket encrypts with the AWS managed key `aws/s3` (SSE-KMS without a key id). */
  readonly awsManagedKey: boolean;
  readonly kms: PathCheck[];
}

export function serviceLinkedRoleArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess`;
}

const CACHE = new WeakMap<DoctorContext, LocationPath[]>();

/** The data path of every `AWS::LakeFormation::Resource` whose location is an S3 ARN (computed once per context). */
export function locationPaths(ctx: DoctorContext): LocationPath[] {
  const cached = CACHE.get(ctx);
  if (cached) return cached;
  const out: LocationPath[] = [];
  for (const r of ctx.ofType('AWS::LakeFormation::Resource')) {
    const arn = typeof r.props.ResourceArn === 'string' ? r.props.ResourceArn : '';
    const loc = parseS3Arn(arn);
    if (!loc || loc.bucket.includes('${')) continue;
    const prefix = loc.prefix.replace(/\/+$/, '');
    const serviceLinked = r.props.UseServiceLinkedRole === true || String(r.props.UseServiceLinkedRole).toLowerCase() === 'true';
    const registrar = r.stack.account;
    const roleArn = serviceLinked ? serviceLinkedRoleArn(loc.partition, registrar) : String(r.props.RoleArn ?? '');
    const identity = serviceLinked ? undefined : ctx.aws.identity(roleArn);
    const callerAccount = /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? registrar;
    const caller: Identity | Caller = identity ?? { arn: roleArn, account: callerAccount };
    const bucket = ctx.aws.bucket(loc.bucket);
    const check = (action: string, resource: string, display: string, extra: Record<string, string[]> = {}): PathCheck => ({
      action,
      resource,
      display,
      verdict: ctx.aws.check(caller, action, resource, {
        owner: bucket?.account,
        resourcePolicy: bucket ? bucket.policy ?? { statements: [], source: `${bucket.stackName}/${bucket.logicalId} (no bucket policy)` } : 'unknown',
        context: extra,
      }, 'DM-12'),
    });
    const bucketArn = `arn:${loc.partition}:s3:::${loc.bucket}`;
    const s3Checks = (under: string) => {
      const objects = `${bucketArn}/${under ? `${under}/` : ''}`;
      return [
        check('s3:ListBucket', bucketArn, bucketArn, { 's3:prefix': [under ? `${under}/` : ''] }),
        ...['s3:GetObject', 's3:PutObject', 's3:DeleteObject'].map(a => check(a, `${objects}cdk-data-mesh-probe`, `${objects}*`)),
      ];
    };
    const s3 = s3Checks(prefix);
    const tables = (tablesUnder(ctx).get(r) ?? []).map(t => ({ table: t.table, prefix: t.prefix, s3: s3Checks(t.prefix) }));
    const kmsAlgorithm = bucket?.sseAlgorithm !== undefined && /^aws:kms/.test(bucket.sseAlgorithm);
    const key = bucket?.kmsKeyRef ? ctx.aws.key(bucket.kmsKeyRef, bucket.stackName, bucket.account) : undefined;
    const kms: PathCheck[] = [];
    if (key) {
      const region = ctx.stacks.find(s => s.stackName === key.stackName)?.region ?? '';
      for (const action of ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt']) {
        kms.push({
          action,
          resource: key.arn,
          display: key.arn,
          verdict: ctx.aws.check(caller, action, key.arn, {
            owner: key.account,
            kms: true,
            resourcePolicy: key.policy,
            context: { 'kms:resourcealiases': key.aliases, 'kms:viaservice': [`s3.${region}.amazonaws.com`] },
          }, 'DM-13'),
        });
      }
    }
    out.push({
      registration: r,
      resourceArn: arn,
      bucketName: loc.bucket,
      prefix,
      registrar,
      roleArn,
      serviceLinked,
      identity,
      bucket,
      s3,
      tables,
      key,
      awsManagedKey: kmsAlgorithm && bucket?.kmsKeyRef === undefined,
      kms,
    });
  }
  CACHE.set(ctx, out);
  return out;
}

const TABLES = new WeakMap<DoctorContext, Map<ResolvedResource, Array<{ table: CatalogTable; prefix: string }>>>();

/**
 * The tables under each registration: every table whose location (its own, else its database's) lies under a
 * location registered in its catalog's account, assigned to the most specific such registration. Registrations
 * are indexed by account and bucket once; each table looks at the few of its bucket.
 */
function tablesUnder(ctx: DoctorContext): Map<ResolvedResource, Array<{ table: CatalogTable; prefix: string }>> {
  const cached = TABLES.get(ctx);
  if (cached) return cached;
  const regs = new Map<string, Array<{ r: ResolvedResource; prefix: string }>>();
  for (const r of ctx.ofType('AWS::LakeFormation::Resource')) {
    const loc = parseS3Arn(typeof r.props.ResourceArn === 'string' ? r.props.ResourceArn : '');
    if (!loc || loc.bucket.includes('${')) continue;
    const key = `${r.stack.account}|${loc.bucket}`;
    regs.set(key, [...(regs.get(key) ?? []), { r, prefix: loc.prefix.replace(/\/+$/, '') }]);
  }
  const out = new Map<ResolvedResource, Array<{ table: CatalogTable; prefix: string }>>();
  for (const table of ctx.facts.tables) {
    const uri = tableLocation(ctx, table);
    const m = uri === undefined ? null : /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri);
    if (!m || m[2].includes('${')) continue;
    const prefix = m[2].replace(/\/+$/, '');
    let best: { r: ResolvedResource; prefix: string } | undefined;
    for (const reg of regs.get(`${table.catalog}|${m[1]}`) ?? []) {
      const inside = reg.prefix === '' || prefix === reg.prefix || prefix.startsWith(`${reg.prefix}/`);
      if (inside && (best === undefined || reg.prefix.length > best.prefix.length)) best = reg;
    }
    if (!best) continue;
    const list = out.get(best.r);
    if (list) list.push({ table, prefix }); else out.set(best.r, [{ table, prefix }]);
  }
  TABLES.set(ctx, out);
  return out;
}
