/*
 * Time-bound access (issue 18) on the construct side: "today" for a synth (the context key `cdk-data-mesh:today`,
 * else the real UTC date) and the governance stack's `Metadata['cdk-data-mesh:share']` list, which the report layer
 * reads (src/report/expiry.ts). The list is one Lazy per stack, sorted by share path: the order of declaration does
 * not change the template.
 */
import { Lazy, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { throwValidationError } from './errors';
import { isIsoDate, isoDay, TODAY_CONTEXT_KEY } from '../report/expiry';
import { ShareMetadata, SHARE_METADATA_KEY } from '../report/stack-metadata';

const RECORDS = new WeakMap<Stack, ShareMetadata[]>();

/** "Today" for this synth, `YYYY-MM-DD` (UTC): the context value `cdk-data-mesh:today` if set, else the real date. */
export function todayOf(scope: IConstruct): string {
  const value = scope.node.tryGetContext(TODAY_CONTEXT_KEY);
  if (value === undefined) return isoDay(new Date());
  if (!isIsoDate(value)) {
    throwValidationError(scope, `the context value ${TODAY_CONTEXT_KEY} '${String(value)}' is not a date. ` +
      `Give a calendar day YYYY-MM-DD (cdk synth -c ${TODAY_CONTEXT_KEY}=2027-03-31), or leave it unset for the real date.`);
  }
  return value;
}

/** Records a share's metadata in the template of its stack. */
export function recordShareMetadata(scope: IConstruct, record: ShareMetadata): void {
  const stack = Stack.of(scope);
  let records = RECORDS.get(stack);
  if (!records) {
    records = [];
    RECORDS.set(stack, records);
    const list = records;
    stack.templateOptions.metadata = {
      ...(stack.templateOptions.metadata ?? {}),
      [SHARE_METADATA_KEY]: Lazy.any({ produce: () => [...list].sort((a, b) => ((a.share ?? '') < (b.share ?? '') ? -1 : 1)) }),
    };
  }
  records.push(record);
}

/** The warning of a share past its last day: what is dropped, that deploying revokes it, and what to delete. */
export function expiryWarning(scope: IConstruct, label: string, consumer: string, expires: string, today: string, requestFile?: string): string {
  const fromContext = scope.node.tryGetContext(TODAY_CONTEXT_KEY) !== undefined;
  const what = requestFile !== undefined
    ? `Delete the request file ${requestFile} (its access has ended), or give it a later expires after review`
    : `Remove the share ${scope.node.path} from the app, or give it a later expires`;
  return `${label}: expired on ${expires} (today is ${today}${fromContext ? `, from the context value ${TODAY_CONTEXT_KEY}` : ''}): its grants to consumer ` +
    `'${consumer}' are dropped from this synth, and deploying it revokes them. ${what}.`;
}
