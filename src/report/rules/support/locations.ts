/* Registered locations (AWS::LakeFormation::Resource) and whether an S3 URI lies under one. */
import { parseS3Arn, parseS3Uri } from '../../aws-index';
import type { DoctorContext } from '../../context';
import type { ResolvedResource } from '../../resolver';

export interface Registered {
  readonly resource: ResolvedResource;
  readonly account: string;
  readonly bucket: string;
  readonly prefix: string;
}

export function registeredLocations(ctx: DoctorContext): Registered[] {
  return ctx.ofType('AWS::LakeFormation::Resource').flatMap(r => {
    const loc = parseS3Arn(String(r.props.ResourceArn ?? ''));
    return loc ? [{ resource: r, account: r.stack.account, bucket: loc.bucket, prefix: loc.prefix.replace(/\/+$/, '') }] : [];
  });
}

/** Whether `bucket/key` lies under `prefix` of `bucket` (whole path segments). */
export function under(reg: { bucket: string; prefix: string }, bucket: string, key: string): boolean {
  if (reg.bucket !== bucket) return false;
  if (reg.prefix === '') return true;
  const k = key.replace(/\/+$/, '');
  return k === reg.prefix || k.startsWith(`${reg.prefix}/`);
}

/** The registrations covering an `s3://` URI. */
export function covering(regs: Registered[], uri: string): Registered[] {
  const loc = parseS3Uri(uri);
  return loc ? regs.filter(r => under(r, loc.bucket, loc.prefix)) : [];
}
