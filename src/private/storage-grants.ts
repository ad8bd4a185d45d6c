/*
 * Explicit, wildcard-free S3 + KMS grants on a medallion bucket. aws-cdk-lib's bucket grants use action
 * wildcards (`s3:GetObject*`, `s3:DeleteObject*`, `kms:ReEncrypt*`); the mesh names each action.
 */
import * as iam from 'aws-cdk-lib/aws-iam';

export type StorageAccess = 'read' | 'write' | 'readwrite';

const BUCKET_READ = ['s3:GetBucketLocation', 's3:ListBucket'];
const BUCKET_WRITE = ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'];
const OBJECT_READ = ['s3:GetObject', 's3:GetObjectVersion'];
const OBJECT_WRITE = ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:ListMultipartUploadParts', 's3:PutObject'];
const KEY_READ = ['kms:Decrypt', 'kms:DescribeKey'];
// Multipart uploads under SSE-KMS decrypt the data key of earlier parts: writers need Decrypt too.
const KEY_WRITE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];

/** The actions of an access level, per resource kind (sorted, de-duplicated). */
export function storageActions(access: StorageAccess): { bucket: string[]; objects: string[]; key: string[] } {
  const read = access !== 'write';
  const write = access !== 'read';
  const pick = (r: string[], w: string[]) => [...new Set([...(read ? r : []), ...(write ? w : [])])].sort();
  return { bucket: pick(BUCKET_READ, BUCKET_WRITE), objects: pick(OBJECT_READ, OBJECT_WRITE), key: pick(KEY_READ, KEY_WRITE) };
}

export interface StorageTarget {
  readonly bucketArn: string;
  /** The key ARN, or a `key/*` ARN scoped by `keyConditions`. */
  readonly keyArn: string;
  readonly keyConditions?: Record<string, Record<string, unknown>>;
}

/** Grants `grantee` the given access to a bucket, its objects and its key, in the grantee's own policy. */
export function grantStorage(grantee: iam.IGrantable, target: StorageTarget, access: StorageAccess): iam.Grant {
  const actions = storageActions(access);
  return iam.Grant.addToPrincipal({
    grantee,
    actions: [...actions.bucket, ...actions.objects],
    resourceArns: [target.bucketArn, `${target.bucketArn}/*`],
  }).combine(iam.Grant.addToPrincipal({
    grantee,
    actions: actions.key,
    resourceArns: [target.keyArn],
    conditions: target.keyConditions,
  }));
}

/**
 * Grants `grantee` access to the objects under one prefix of a bucket: `s3:ListBucket` (and, to write,
 * `s3:ListBucketMultipartUploads`) conditioned on `s3:prefix`; `s3:GetBucketLocation` in a statement of its own (the
 * request carries no `s3:prefix`, so under that condition it would always be denied); the object actions on
 * `<prefix>*`; and the key only through S3 in `region` (`kms:ViaService`).
 */
export function grantPrefixStorage(grantee: iam.IGrantable, target: StorageTarget, prefix: string, access: StorageAccess, region: string): iam.Grant {
  const actions = storageActions(access);
  const keyConditions = target.keyConditions ?? {};
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:GetBucketLocation'],
    resourceArns: [target.bucketArn],
  }).combine(iam.Grant.addToPrincipal({
    grantee,
    actions: actions.bucket.filter(a => a !== 's3:GetBucketLocation'),
    resourceArns: [target.bucketArn],
    conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
  })).combine(iam.Grant.addToPrincipal({
    grantee,
    actions: actions.objects,
    resourceArns: [`${target.bucketArn}/${prefix}*`],
  })).combine(iam.Grant.addToPrincipal({
    grantee,
    actions: actions.key,
    resourceArns: [target.keyArn],
    conditions: { ...keyConditions, StringEquals: { ...(keyConditions.StringEquals ?? {}), 'kms:ViaService': `s3.${region}.amazonaws.com` } },
  }));
}
