/*
 * Time-bound access (issue 18): the calendar dates shares expire on, and the shares' expiries as the templates record
 * them (`Metadata['cdk-data-mesh:share']`, stack-metadata.ts). Plain data, no import beyond the report: the constructs,
 * the request files' validation, the doctor and the catalog use the same arithmetic. A date is a UTC calendar day
 * `YYYY-MM-DD`; a share expiring on D is in force through D and dropped by a synth on D+1 or later.
 */
import { ShareMetadata, SHARE_METADATA_KEY } from './stack-metadata';
import type { StackTemplate } from './stack-template';

/** The CDK context key (and the CLI's `--today`) that sets "today" for everything date-dependent. */
export const TODAY_CONTEXT_KEY = 'cdk-data-mesh:today';

/** How many days before its expiry the doctor warns about a share (DM-52). */
export const EXPIRY_WARNING_DAYS = 14;

/** One share with an expiry, as the report layer reads it. */
export interface ShareExpiry {
  readonly consumer: string;
  readonly products: string[];
  /** The last day of access, `YYYY-MM-DD`. */
  readonly expires: string;
  readonly requestFile?: string;
  /** The ceiling of a tag-mode share. */
  readonly maxConfidentiality?: string;
  /** The share's construct path. */
  readonly share?: string;
  /** true when the synth dropped it (expired). */
  readonly dropped?: boolean;
  /** The stack whose template records it. */
  readonly stackName: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number (days since 1970-01-01) of a valid `YYYY-MM-DD`, else undefined (`2027-02-30` is not a date). */
export function dayNumber(date: unknown): number | undefined {
  if (typeof date !== 'string') return undefined;
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return Math.round(t / 86_400_000);
}

/** Whether `date` is a valid `YYYY-MM-DD` calendar day. */
export function isIsoDate(date: unknown): date is string {
  return dayNumber(date) !== undefined;
}

/** The UTC calendar day of `now`, `YYYY-MM-DD`. */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Days from `from` to `to` (both valid `YYYY-MM-DD`): 14 for 2027-03-17 → 2027-03-31. */
export function daysBetween(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === undefined || b === undefined) throw new Error(`internal: not a YYYY-MM-DD date: ${a === undefined ? from : to}`);
  return b - a;
}

/** Whether a share expiring on `expires` is past its last day on `today`. */
export function isExpired(expires: string, today: string): boolean {
  return daysBetween(today, expires) < 0;
}

/** The records of `Metadata['cdk-data-mesh:share']` of one template: the template's list and resources' own records. */
function shareRecords(template: any): ShareMetadata[] {
  const records: unknown[] = [];
  const top = template?.Metadata?.[SHARE_METADATA_KEY];
  if (Array.isArray(top)) records.push(...top);
  else if (top !== undefined) records.push(top);
  for (const resource of Object.values<any>(template?.Resources ?? {})) {
    const own = resource?.Metadata?.[SHARE_METADATA_KEY];
    if (own !== undefined) records.push(...(Array.isArray(own) ? own : [own]));
  }
  return records.filter((r): r is ShareMetadata => r !== null && typeof r === 'object' && typeof (r as any).consumer === 'string' &&
    Array.isArray((r as any).products));
}

/** Every recorded share of the stacks, expiring or not, with the stack that records it. */
export function readShareMetadata(stacks: StackTemplate[]): Array<ShareMetadata & { readonly stackName: string }> {
  return stacks.flatMap(s => shareRecords(s.template).map(r => ({ ...r, stackName: s.stackName })));
}

/**
 * The shares with an expiry (`DataProductShare.expires`, a request file's `expires`), dropped ones included
 * (`dropped: true`), sorted by expiry date, consumer, then share path.
 */
export function readShareExpiries(stacks: StackTemplate[]): ShareExpiry[] {
  return readShareMetadata(stacks)
    .filter(r => isIsoDate(r.expires))
    .map(r => ({
      consumer: r.consumer,
      products: [...r.products].map(String).sort(),
      expires: r.expires!,
      ...(r.requestFile !== undefined ? { requestFile: r.requestFile } : {}),
      ...(r.maxConfidentiality !== undefined ? { maxConfidentiality: r.maxConfidentiality } : {}),
      ...(r.share !== undefined ? { share: r.share } : {}),
      ...(r.dropped ? { dropped: true } : {}),
      stackName: r.stackName,
    }))
    .sort((a, b) => cmp(a.expires, b.expires) || cmp(a.consumer, b.consumer) || cmp(a.share ?? '', b.share ?? ''));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
