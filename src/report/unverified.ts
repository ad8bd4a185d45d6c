/*
 * Data paths the assembly cannot show: a registered location, or the location of a table someone reads,
 * in an S3 bucket that no template of the assembly defines (a producer stack left out of the app, or a
 * bucket made elsewhere). The doctor cannot check its bucket policy, key or registration role's access
 * (DM-12, DM-13), so the report does not call the entries of those tables `effective`: it marks them
 * `unverified`. Decided from what the assembly contains (the bucket a resource names is defined nowhere),
 * never from names of the reference mesh.
 */
import { parseS3Arn, parseS3Uri } from './aws-index';
import type { DoctorContext } from './context';
import type { CatalogTable } from './facts';
import type { ResolvedResource } from './resolver';

/** A bucket that registrations or read tables name and no template of the assembly defines. */
export interface MissingBucket {
  readonly bucket: string;
  /** The `AWS::LakeFormation::Resource`s whose location is in the bucket. */
  readonly registrations: ResolvedResource[];
  /** The tables (with at least one access entry) whose data is in the bucket. */
  readonly tables: CatalogTable[];
}

const CACHE = new WeakMap<DoctorContext, MissingBucket[]>();

const DATABASE_LOCATIONS = new WeakMap<DoctorContext, Map<string, string | undefined>>();

/** The S3 location of a table: its own `StorageDescriptor.Location`, else its database's `LocationUri` (databases indexed once). */
export function tableLocation(ctx: DoctorContext, t: CatalogTable): string | undefined {
  let byDatabase = DATABASE_LOCATIONS.get(ctx);
  if (!byDatabase) {
    byDatabase = new Map();
    for (const d of ctx.facts.databases) if (!byDatabase.has(`${d.catalog}|${d.name}`)) byDatabase.set(`${d.catalog}|${d.name}`, d.location);
    DATABASE_LOCATIONS.set(ctx, byDatabase);
  }
  const own = t.location ?? byDatabase.get(`${t.catalog}|${t.database}`);
  return typeof own === 'string' && /^s3a?:\/\//.test(own) ? own : undefined;
}

/** The bucket a location names, when it is known (not a deploy-time value). */
function bucketOf(uri: string | undefined): string | undefined {
  const b = uri === undefined ? undefined : parseS3Uri(uri)?.bucket;
  return b === undefined || b.includes('${') ? undefined : b;
}

/** Every bucket named by a registration or a read table's location that the assembly does not define (computed once per context). */
export function missingBuckets(ctx: DoctorContext): MissingBucket[] {
  const cached = CACHE.get(ctx);
  if (cached) return cached;
  const found = new Map<string, { registrations: ResolvedResource[]; tables: CatalogTable[] }>();
  const entry = (bucket: string) => {
    let e = found.get(bucket);
    if (!e) {
      e = { registrations: [], tables: [] };
      found.set(bucket, e);
    }
    return e;
  };
  for (const r of ctx.ofType('AWS::LakeFormation::Resource')) {
    const loc = parseS3Arn(typeof r.props.ResourceArn === 'string' ? r.props.ResourceArn : '');
    if (!loc || loc.bucket.includes('${') || ctx.aws.bucket(loc.bucket)) continue;
    entry(loc.bucket).registrations.push(r);
  }
  const read = new Set<CatalogTable>();
  for (const a of ctx.lf.access) {
    const t = ctx.lf.entryMeta.get(a)?.table;
    if (t) read.add(t);
  }
  for (const t of read) {
    const bucket = bucketOf(tableLocation(ctx, t));
    if (bucket === undefined || ctx.aws.bucket(bucket)) continue;
    entry(bucket).tables.push(t);
  }
  const out = [...found].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([bucket, e]) => ({ bucket, ...e }));
  CACHE.set(ctx, out);
  return out;
}

/** Marks the access entries of tables whose data lies in a bucket the assembly does not define: `unverified`, not `effective`. */
export function markUnverified(ctx: DoctorContext): void {
  const tables = new Set(missingBuckets(ctx).flatMap(m => m.tables));
  if (tables.size === 0) return;
  for (const a of ctx.lf.access) {
    const t = ctx.lf.entryMeta.get(a)?.table;
    if (t && tables.has(t)) {
      a.unverified = true;
      a.effective = false;
    }
  }
}
