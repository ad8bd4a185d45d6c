/*
 * Requests as code (issue 18): one JSON file per access request, `<requests dir>/<product>/<consumer>.json`. The one
 * set of checks that `cdk-data-mesh request` (before it writes a file) and `GovernanceHub.addAccessRequests` (before it
 * makes any share) both run, with the same messages, against a `MeshView`: what the mesh knows of consumers, products,
 * confidentiality levels and the shares already made. The CLI builds the view from a synthesized assembly
 * (request-view.ts), the hub from its own products and shares. Plain data: fs and path only, so the CLI loads no
 * aws-cdk-lib.
 *
 * The rules (docs/data-mart.md "Requests", D72):
 * - the file is JSON with known fields only, at the path its `product` and `consumer` name;
 * - consumer and product exist (close names are suggested), reason is not empty;
 * - clearance is a confidentiality level, at most the highest level of the product's columns (a higher one shows
 *   nothing more and would raise the consumer's one ceiling for every later product), unless it is the ceiling the
 *   consumer already has (tag-mode shares to one consumer use one ceiling, see DataProductShare);
 * - the top level (`sensitive`) needs `"sensitive": true` (the CLI's `--sensitive`), and the flag needs that level;
 * - the consumer's other tag-mode shares and requests use the same ceiling (not a tag expression);
 * - no share already gives the consumer the product (a duplicate, or an overlap with a named share or filter);
 * - expires is a calendar date `YYYY-MM-DD`, not before `requestedOn`; a new request's expiry is not in the past
 *   (a synth drops a request past its expiry instead: time-bound access, expiry.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { dayNumber, isExpired, isIsoDate } from './expiry';

/** One access request, as its file says. */
export interface AccessRequest {
  readonly consumer: string;
  readonly product: string;
  /** The confidentiality ceiling asked for: the share's `maxConfidentiality`. */
  readonly clearance: string;
  readonly reason: string;
  /** Acknowledges a clearance of the top level (`sensitive`): the share's `allowSensitive`. */
  readonly sensitive: boolean;
  /** The last day of access, `YYYY-MM-DD`. */
  readonly expires?: string;
  readonly requestedBy?: string;
  /** The day the request was written (`cdk-data-mesh request` sets it), `YYYY-MM-DD`. */
  readonly requestedOn?: string;
}

/** The fields of a request file, in the order files are written. */
export const REQUEST_FIELDS = ['consumer', 'product', 'clearance', 'reason', 'sensitive', 'expires', 'requestedBy', 'requestedOn'] as const;

/** A data product as the checks see it. */
export interface ProductView {
  readonly name: string;
  /** The distinct confidentiality levels of its columns. */
  readonly levels: string[];
  /** Its owner (`cdk-data-mesh:owner`), if it has one. */
  readonly owner?: string;
  /** Why it cannot be requested yet, if it cannot (e.g. not added to the hub yet): the message after `product '<name>' `. */
  readonly unavailable?: string;
}

/** A share already made (or requested): what a new request must not duplicate or contradict. */
export interface ShareView {
  readonly consumer: string;
  readonly products: string[];
  /** `tags`: by LF-tag expression (one ceiling or expression per consumer); `named`: tables or a data-cells filter. */
  readonly mode: 'tags' | 'named';
  readonly ceiling?: string;
  /** The expression of a share by `tagExpression`, as text. */
  readonly expression?: string;
  /** Who makes it, for messages: `DataProductShare 'ToMl'`, `request file requests/claims/ml.json`. */
  readonly by: string;
  /** The request file it was made from, when it was (a request is not checked against its own share). */
  readonly requestFile?: string;
}

/** What the checks know of the mesh. */
export interface MeshView {
  /** The confidentiality levels, lowest first (`public`, `private`, `sensitive`). */
  readonly levels: string[];
  readonly consumers: string[];
  readonly products: ProductView[];
  readonly shares: ShareView[];
}

/**
 * A consumer's one tag-mode setting among the shares made so far (DataProductShare: one ceiling or one expression per
 * consumer): `{ ceiling }` — a request must ask for it; `{ expression, by }` — it is shared by a tag expression, and a
 * request (a share by ceiling) is refused: change that share in the governance app; undefined — no tag share yet.
 */
export function consumerTagMode(view: MeshView, consumer: string): { ceiling: string } | { expression: string; by: string } | undefined {
  const tags = view.shares.filter(s => s.consumer === consumer && s.mode === 'tags');
  const byExpression = tags.find(s => s.ceiling === undefined);
  if (byExpression) return { expression: byExpression.expression ?? '(an expression)', by: byExpression.by };
  const withCeiling = tags.find(s => s.ceiling !== undefined);
  return withCeiling ? { ceiling: withCeiling.ceiling! } : undefined;
}

/**
 * Whether a request is past its expiry on `today` (`YYYY-MM-DD`): its `expires` is a date before today. A request
 * without (or with an invalid) `expires` is not expired. The synth drops such a request with a warning (that is how
 * access ends); `cdk-data-mesh request` refuses to write one, and `cdk-data-mesh diff` refuses one the change ADDS.
 */
export function isRequestExpired(request: Pick<AccessRequest, 'expires'>, today: string): boolean {
  return isIsoDate(request.expires) && isIsoDate(today) && isExpired(request.expires, today);
}

/** One refused request: the file (as the app or the CLI names it), the field, and a message that starts with the field. */
export interface RequestProblem {
  readonly file: string;
  readonly field?: string;
  readonly message: string;
}

/** A request file's text, and the product and consumer its path names. */
export interface RequestFileText {
  readonly file: string;
  readonly text: string;
  readonly product?: string;
  readonly consumer?: string;
}

/** A parsed request, where it is, and whether it is past its expiry on the day of the check. */
export interface CheckedRequest {
  readonly file: string;
  readonly request: AccessRequest;
  readonly expired: boolean;
}

/** `new`: the CLI writes it (an expiry in the past is refused); `synth`: the app reads it (past its expiry it is dropped). */
export type CheckMode = 'new' | 'synth';

/** `<dir>/<product>/<consumer>.json` */
export function requestFilePath(dir: string, product: string, consumer: string): string {
  return path.join(dir, product, `${consumer}.json`);
}

/** The file's text: the fields in their order, two-space JSON, a final newline (what the CLI writes). */
export function formatRequest(request: AccessRequest): string {
  const out: Record<string, unknown> = {};
  for (const field of REQUEST_FIELDS) if (request[field] !== undefined) out[field] = request[field];
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Files a requests directory may hold besides request files (ignored). */
const IGNORED = /^(\..*|readme(\..*)?|codeowners)$/i;

/**
 * The request files of a directory: `<dir>/<product>/<consumer>.json`. Anything else (a file at the top, a folder in
 * a product folder, a file that is not `.json`) is a problem; dot files and READMEs are ignored.
 * `display` names the directory in messages (the path as the app or the CLI was given it).
 */
export function readRequestDirectory(dir: string, display: string = dir): { files: RequestFileText[]; problems: RequestProblem[] } {
  const files: RequestFileText[] = [];
  const problems: RequestProblem[] = [];
  const shown = (...parts: string[]) => path.posix.join(display.split(path.sep).join('/'), ...parts);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    problems.push({
      file: display,
      message: `the requests directory ${display} does not exist (resolved: ${path.resolve(dir)}). ` +
      'Create it (cdk-data-mesh request writes into it), or pass the directory that holds <product>/<consumer>.json files.',
    });
    return { files, problems };
  }
  for (const top of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => cmp(a.name, b.name))) {
    if (IGNORED.test(top.name)) continue;
    if (!top.isDirectory()) {
      problems.push({ file: shown(top.name), message: `is not in a product folder: request files live at ${shown('<product>', '<consumer>.json')}. Move it there, or delete it.` });
      continue;
    }
    for (const entry of fs.readdirSync(path.join(dir, top.name), { withFileTypes: true }).sort((a, b) => cmp(a.name, b.name))) {
      if (IGNORED.test(entry.name)) continue;
      const file = shown(top.name, entry.name);
      if (!entry.isFile() || !entry.name.endsWith('.json')) {
        problems.push({ file, message: 'is not a request file: a product folder holds <consumer>.json files only. Move it, or delete it.' });
        continue;
      }
      files.push({ file, text: fs.readFileSync(path.join(dir, top.name, entry.name), 'utf8'), product: top.name, consumer: entry.name.slice(0, -'.json'.length) });
    }
  }
  return { files, problems };
}

/** Parses a request file: JSON, an object, known fields of the right types. Semantic checks are `checkRequests`. */
export function parseRequest(input: RequestFileText): { request?: AccessRequest; problems: RequestProblem[] } {
  const problems: RequestProblem[] = [];
  const add = (field: string | undefined, message: string) => problems.push({ file: input.file, field, message });
  let data: any;
  try {
    data = JSON.parse(input.text);
  } catch (e) {
    add(undefined, `is not valid JSON (${(e as Error).message}). Write it as cdk-data-mesh request does: {"consumer": …, "product": …, "clearance": …, "reason": …}.`);
    return { problems };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    add(undefined, 'is not a JSON object. Write it as cdk-data-mesh request does: {"consumer": …, "product": …, "clearance": …, "reason": …}.');
    return { problems };
  }
  for (const key of Object.keys(data)) {
    if (!(REQUEST_FIELDS as readonly string[]).includes(key)) {
      const near = closest(key, [...REQUEST_FIELDS]);
      add(key, `${key} is not a field of a request (${near.length > 0 ? `did you mean ${near.map(q).join(' or ')}? ` : ''}fields: ${REQUEST_FIELDS.join(', ')}). ` +
        'Remove it or fix its name.');
    }
  }
  const text = (field: string, required: boolean): string | undefined => {
    const v = Object.prototype.hasOwnProperty.call(data, field) ? data[field] : undefined;
    if (v === undefined || v === null) {
      if (required) add(field, `${field} is missing. ${FIXES[field]}`);
      return undefined;
    }
    if (typeof v !== 'string') {
      add(field, `${field} ${JSON.stringify(v)} is not a string. ${FIXES[field]}`);
      return undefined;
    }
    return v;
  };
  const consumer = text('consumer', true);
  const product = text('product', true);
  const clearance = text('clearance', true);
  const reason = text('reason', true);
  if (reason !== undefined && reason.trim() === '') add('reason', `reason is empty. ${FIXES.reason}`);
  const expires = text('expires', false);
  if (expires !== undefined && !isIsoDate(expires)) add('expires', `expires '${expires}' is not a date. ${FIXES.expires}`);
  const requestedBy = text('requestedBy', false);
  const requestedOn = text('requestedOn', false);
  if (requestedOn !== undefined && !isIsoDate(requestedOn)) add('requestedOn', `requestedOn '${requestedOn}' is not a date. ${FIXES.requestedOn}`);
  if (isIsoDate(expires) && isIsoDate(requestedOn) && dayNumber(expires)! < dayNumber(requestedOn)!) {
    add('expires', `expires ${expires} is before requestedOn ${requestedOn}: the access would end before it was asked for. ${FIXES.expires}`);
  }
  const sensitive = Object.prototype.hasOwnProperty.call(data, 'sensitive') ? data.sensitive : false;
  if (typeof sensitive !== 'boolean') add('sensitive', `sensitive ${JSON.stringify(sensitive)} is not true or false. ${FIXES.sensitive}`);
  if (input.product !== undefined && product !== undefined && product !== input.product) {
    add('product', `product '${product}' differs from the folder the file is in ('${input.product}'): a request lives at <product>/<consumer>.json. ` +
      'Move the file, or fix the field.');
  }
  if (input.consumer !== undefined && consumer !== undefined && consumer !== input.consumer) {
    add('consumer', `consumer '${consumer}' differs from the file's name ('${input.consumer}.json'): a request lives at <product>/<consumer>.json. ` +
      'Rename the file, or fix the field.');
  }
  // The request's own values are usable (the checks against the mesh can run too, so that a file's problems come at
  // once); an unknown field or a misplaced file is a problem, but does not hide the others.
  const usable = (f: string) => !problems.some(p => p.field === f);
  if (consumer === undefined || product === undefined || clearance === undefined || reason === undefined ||
    !['reason', 'sensitive', 'expires', 'requestedBy', 'requestedOn'].every(usable)) {
    return { problems };
  }
  return {
    request: {
      consumer,
      product,
      clearance,
      reason,
      sensitive: sensitive as boolean,
      ...(expires !== undefined ? { expires } : {}),
      ...(requestedBy !== undefined ? { requestedBy } : {}),
      ...(requestedOn !== undefined ? { requestedOn } : {}),
    },
    problems,
  };
}

const FIXES: Record<string, string> = {
  consumer: 'Give the consumer domain that asks for access, as the mesh description names it.',
  product: 'Give the data product asked for, as the mesh description names it.',
  clearance: 'Give the highest confidentiality level the consumer needs to see, e.g. "public".',
  reason: 'Say why the consumer needs the data: the product owner reviews it.',
  sensitive: 'Set "sensitive": true only to acknowledge a clearance of the top level.',
  expires: 'Give the last day of access as a calendar date YYYY-MM-DD, e.g. "2027-03-31", or leave it out.',
  requestedOn: 'Give the day of the request as YYYY-MM-DD, or leave it out.',
};

/**
 * Checks requests against the mesh and each other. `view.shares` holds the shares made so far (in code, in the
 * assembly, or from other request files); a share made from one of `requests` is not checked against its request.
 * Past its expiry on `today`, a request is refused in `new` mode and only marked `expired` in `synth` mode (the synth
 * drops it with a warning; it is not checked against the mesh, so that a stale file never blocks a synth).
 */
export function checkRequests(requests: Array<{ file: string; request: AccessRequest }>, view: MeshView, today: string, mode: CheckMode):
{ checked: CheckedRequest[]; problems: RequestProblem[] } {
  const problems: RequestProblem[] = [];
  const checked: CheckedRequest[] = [];
  const top = view.levels[view.levels.length - 1];
  const rank = (level: string) => view.levels.indexOf(level);
  const mine = new Set(requests.map(r => r.file));
  const active = requests.filter(r => r.request.expires === undefined || !isExpired(r.request.expires, today));
  for (const { file, request } of requests) {
    const add = (field: string, message: string) => problems.push({ file, field, message });
    const expired = request.expires !== undefined && isExpired(request.expires, today);
    if (expired && mode === 'new') {
      add('expires', `expires ${request.expires} is in the past (today is ${today}). ${FIXES.expires}`);
      continue;
    }
    checked.push({ file, request, expired });
    if (expired) continue;
    const { consumer, product: productName, clearance } = request;
    if (!view.consumers.includes(consumer)) {
      add('consumer', `consumer '${consumer}' is not a consumer of the mesh (${suggest(consumer, view.consumers)}consumers: ${list(view.consumers)}). ` +
        'Use one of those names, or add the consumer to the mesh description first.');
    }
    const product = view.products.find(p => p.name === productName);
    if (product?.unavailable !== undefined) {
      add('product', `product '${productName}' ${product.unavailable}.`);
      continue;
    }
    if (!product) {
      add('product', `product '${productName}' is not a data product of the mesh (${suggest(productName, view.products.map(p => p.name))}products: ` +
        `${list(view.products.map(p => p.name))}). Use one of those names.`);
    }
    if (rank(clearance) < 0) {
      add('clearance', `clearance '${clearance}' is not a confidentiality level (${suggest(clearance, view.levels)}levels, lowest first: ${view.levels.join(', ')}). ` +
        FIXES.clearance);
      continue;
    }
    if (clearance === top && !request.sensitive) {
      add('sensitive', `sensitive is not set, but clearance ${clearance} shows the consumer the product's ${top} columns, which needs an explicit acknowledgement. ` +
        'Set "sensitive": true (cdk-data-mesh request --sensitive), or ask for a lower clearance.');
    } else if (clearance !== top && request.sensitive) {
      add('sensitive', `sensitive is true, but clearance ${clearance} shows no ${top} column. Remove "sensitive", or ask for clearance ${top}.`);
    }
    if (!product || !view.consumers.includes(consumer)) continue;

    // The consumer's one ceiling (DataProductShare): the shares made so far, then the other requests of this consumer.
    const fromThese = (s: ShareView) => s.requestFile !== undefined && (mine.has(s.requestFile) || s.requestFile === file);
    const others = view.shares.filter(s => s.consumer === consumer && !fromThese(s));
    const tagShares: ShareView[] = [
      ...others.filter(s => s.mode === 'tags'),
      ...active.filter(r => r.file !== file && r.request.consumer === consumer && rank(r.request.clearance) >= 0)
        .map(r => ({ consumer, products: [r.request.product], mode: 'tags' as const, ceiling: r.request.clearance, by: `request file ${r.file}`, requestFile: r.file })),
    ];
    const byExpression = tagShares.find(s => s.ceiling === undefined);
    const otherCeiling = tagShares.find(s => s.ceiling !== undefined && s.ceiling !== clearance);
    if (byExpression) {
      add('clearance', `consumer '${consumer}' is shared with by the tag expression ${byExpression.expression ?? '(an expression)'} (${byExpression.by}); ` +
        'a request makes a share by ceiling, and tag-mode shares to one consumer use one expression (DataProductShare). ' +
        `Share '${productName}' with '${consumer}' in the governance app instead (add it to the products of ${byExpression.by}).`);
    } else if (otherCeiling) {
      add('clearance', `clearance ${clearance} differs from ${otherCeiling.ceiling}, the ceiling of ${otherCeiling.by} for consumer '${consumer}': tag-mode shares ` +
        `to one consumer use one ceiling (the consumer tag is on the databases, so a second ceiling would widen the first). Ask for ${otherCeiling.ceiling}, ` +
        'or change the consumer\'s ceiling in the governance app first.');
    } else {
      const highest = [...product.levels].sort((a, b) => rank(a) - rank(b)).pop();
      const sameAsConsumer = tagShares.some(s => s.ceiling === clearance);
      if (highest !== undefined && rank(clearance) > rank(highest) && !sameAsConsumer) {
        add('clearance', `clearance ${clearance} is above what product '${productName}' allows: its highest column level is ${highest}, so ${clearance} would ` +
          `show nothing more and would set consumer '${consumer}''s one ceiling for every product shared with it later. Ask for ${highest}.`);
      }
    }
    // Duplicates and overlaps: a share that already gives the consumer the product.
    const covering = others.find(s => s.products.includes(productName));
    if (covering) {
      add('product', covering.mode === 'tags'
        ? `product '${productName}' is already shared with consumer '${consumer}' ${covering.ceiling !== undefined ? `up to ${covering.ceiling}` : 'by tag expression'} ` +
          `by ${covering.by}: the request duplicates it. Delete the request${covering.ceiling !== undefined && covering.ceiling !== clearance
            ? ', or change that share\'s ceiling in the governance app' : ''}.`
        : `product '${productName}' is already shared with consumer '${consumer}' by name (tables or a data-cells filter) by ${covering.by}: a share by ` +
          'ceiling would overlap it and restrict nothing. Delete the request, or replace the named share in the governance app.');
    }
  }
  return { checked, problems };
}

/** Reads, parses and checks every request file of a directory (what `addAccessRequests` does before it makes any share). */
export function checkRequestDirectory(dir: string, display: string, view: MeshView, today: string):
{ checked: CheckedRequest[]; problems: RequestProblem[] } {
  const read = readRequestDirectory(dir, display);
  const problems = [...read.problems];
  const parsed: Array<{ file: string; request: AccessRequest }> = [];
  for (const f of read.files) {
    const r = parseRequest(f);
    problems.push(...r.problems);
    if (r.request) parsed.push({ file: f.file, request: r.request });
  }
  const result = checkRequests(parsed, view, today, 'synth');
  return { checked: result.checked, problems: [...problems, ...result.problems] };
}

/** Problems as lines: `<file>: <message>`, sorted by file. */
export function formatProblems(problems: RequestProblem[]): string[] {
  return [...problems].sort((a, b) => cmp(a.file, b.file)).map(p => `${p.file}: ${p.message}`);
}

/** Up to three names close to `name` (edit distance, or one containing the other), closest first. */
export function closest(name: string, candidates: string[]): string[] {
  const n = name.toLowerCase();
  return candidates
    .map(c => ({ c, d: c.toLowerCase().includes(n) || n.includes(c.toLowerCase()) ? 0.5 : distance(n, c.toLowerCase()) }))
    .filter(x => x.c !== name && x.d <= Math.max(2, Math.floor(n.length / 3)))
    .sort((a, b) => a.d - b.d || cmp(a.c, b.c))
    .slice(0, 3)
    .map(x => x.c);
}

/** `did you mean 'x'? ` or nothing. */
function suggest(name: string, candidates: string[]): string {
  const near = closest(name, candidates);
  return near.length > 0 ? `did you mean ${near.map(q).join(' or ')}? ` : '';
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

const q = (s: string) => `'${s}'`;
const list = (names: string[]) => (names.length > 0 ? [...names].sort().join(', ') : 'none');

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
