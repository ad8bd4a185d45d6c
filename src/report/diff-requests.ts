/*
 * The request files a diff reviews (issue 18; the format: docs/data-mart.md#requests, written by `cdk-data-mesh
 * request`): read one by one (`--request <file>`), or those added or changed between the requests directories of
 * base and head (`--requests-dir <dir>`, resolved against the directory that holds each cloud assembly, D77).
 */
import * as fs from 'fs';
import type { ReviewedRequest } from './access-diff';
import { formatProblems, isRequestExpired, parseRequest, readRequestDirectory, RequestFileText } from './requests';

/** A request file, a requests directory or an assembly the diff cannot read: exit 2. */
export class DiffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffInputError';
  }
}

/**
 * A request file as the diff reviews it: parsed by `parseRequest` of requests.ts, the one parser the `request` command
 * and the synth (`addAccessRequests`) use; any problem it reports refuses the file (the synth would refuse it too).
 */
function reviewed(input: RequestFileText): ReviewedRequest {
  const { request, problems } = parseRequest(input);
  if (problems.length > 0 || request === undefined) {
    throw new DiffInputError(formatProblems(problems).map(p => `the request file ${p}`).join('\n'));
  }
  const expires = request.expires !== undefined ? { expires: request.expires } : {};
  return { file: input.file, consumer: request.consumer, product: request.product, clearance: request.clearance, ...expires };
}

/** Reads one request file; `shown` is how messages and the output name it. */
export function readRequestFile(file: string, shown: string = file): ReviewedRequest {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new DiffInputError(`cannot read the request file ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return reviewed({ file: shown, text });
}

/**
 * The requests under review: the files of head's requests directory that base's lacks or holds with other content.
 * The directories are read by `readRequestDirectory` of requests.ts (what the synth reads); each file must sit at
 * `<product>/<consumer>.json` for the product and consumer it names (the path is what CODEOWNERS routes to the
 * product's owner: a file elsewhere would be reviewed by the wrong owner).
 */
export function requestsAddedBetween(baseDir: string, headDir: string, shownDir: string): ReviewedRequest[] {
  if (!fs.existsSync(headDir) || !fs.statSync(headDir).isDirectory()) {
    throw new DiffInputError(`--requests-dir: no directory ${headDir} beside the head assembly (a relative --requests-dir is resolved ` +
      'against the directory that holds each cloud assembly; pass the request files with --request instead)');
  }
  const relative = (f: RequestFileText) => `${f.product}/${f.consumer}.json`;
  const head = readRequestDirectory(headDir, shownDir.replace(/\/+$/, ''));
  if (head.problems.length > 0) throw new DiffInputError(formatProblems(head.problems).join('\n'));
  // Base's files, by path (its problems are base's: they do not make head's files reviewed or not).
  const base = new Map(fs.existsSync(baseDir) ? readRequestDirectory(baseDir).files.map(f => [relative(f), f.text]) : []);
  return head.files.filter(f => base.get(relative(f)) !== f.text).map(reviewed);
}

/** A problem with the requests' clearances against the head's confidentiality levels, or undefined. */
export function checkClearances(requests: readonly ReviewedRequest[], levels: readonly string[]): string | undefined {
  if (levels.length === 0) return undefined;
  const bad = requests.find(r => !levels.includes(r.clearance));
  return bad === undefined ? undefined
    : `the request file ${bad.file} has clearance '${bad.clearance}', which is no confidentiality level of the head assembly (${levels.join(', ')})`;
}

/**
 * A problem with a request under review that has already expired on `today`, or undefined. The synth drops such a
 * request with a warning (expiry must keep working on old files), so a pull request adding one would pass the synth
 * while granting nothing: the review refuses it instead, naming the file, its last day and today.
 */
export function checkNotExpired(requests: readonly ReviewedRequest[], today: string): string | undefined {
  const bad = requests.find(r => r.expires !== undefined && isRequestExpired({ expires: r.expires }, today));
  return bad === undefined ? undefined
    : `the request file ${bad.file} expired on ${bad.expires} (today is ${today}): it would grant nothing; give a later --expires or delete the file`;
}
