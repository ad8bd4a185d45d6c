/*
 * What the catalog reads besides the access report, through the report layer's readers: the products (their
 * metadata, schema, quality rules: `readProducts` of src/report/products.ts) and the shares that expire
 * (src/report/expiry.ts).
 */
import { readShareExpiries } from '../report/expiry';
import type { ShareExpiry as ReportShareExpiry } from '../report/expiry';
import type { QualityRecord as ReportQualityRecord } from '../report/products';
import type { StackTemplate } from '../report/stack-template';

export type { ProductRecord, ProductTableRecord } from '../report/products';
export type QualityRecord = ReportQualityRecord;

/** A share with an expiry, as the catalog lists it (issue 18, interface 4): the report's record without its stack. */
export type ShareExpiry = Pick<ReportShareExpiry, 'consumer' | 'products' | 'expires' | 'requestFile' | 'dropped'>;

/** The shares with an expiry. */
export function catalogExpiries(stacks: StackTemplate[]): ShareExpiry[] {
  return readShareExpiries(stacks).map(e => ({
    consumer: e.consumer,
    products: [...e.products],
    expires: e.expires,
    ...(e.requestFile === undefined ? {} : { requestFile: e.requestFile }),
    ...(e.dropped === true ? { dropped: true } : {}),
  }));
}
