/*
 * The request files a diff reviews (issue 18; the format: docs/data-mart.md#requests, written by `cdk-data-mesh
 * request`): read one by one (`--request <file>`), or those added or changed between the requests directories of
 * base and head (`--requests-dir <dir>`, resolved against the directory that holds each cloud assembly, D77).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ReviewedRequest } from './access-diff';

/** A request file, a requests directory or an assembly the diff cannot read: exit 2. */
export class DiffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffInputError';
  }
}

/** Reads one request file; `shown` is how messages and the output name it. */
export function readRequestFile(file: string, shown: string = file): ReviewedRequest {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new DiffInputError(`cannot read the request file ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let json: any;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DiffInputError(`the request file ${shown} is not JSON: ${(e as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new DiffInputError(`the request file ${shown} must hold a JSON object`);
  const missing = ['consumer', 'product', 'clearance'].filter(k => typeof json[k] !== 'string' || json[k] === '');
  if (missing.length > 0) {
    throw new DiffInputError(`the request file ${shown} lacks ${missing.map(k => `"${k}"`).join(', ')} (a non-empty string each: ` +
      'write it with `cdk-data-mesh request`)');
  }
  return { file: shown, consumer: json.consumer, product: json.product, clearance: String(json.clearance).toLowerCase() };
}

/** The `<product>/<consumer>.json` files of a requests directory, relative, sorted; [] when it does not exist. */
function requestFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const product of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!product.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(dir, product.name), { withFileTypes: true })) {
      if (f.isFile() && f.name.endsWith('.json')) out.push(`${product.name}/${f.name}`);
    }
  }
  return out.sort();
}

/**
 * The requests under review: the files of head's requests directory that base's lacks or holds with other content.
 * Each must sit at `<product>/<consumer>.json` for the product and consumer it names (the path is what CODEOWNERS
 * routes to the product's owner: a file elsewhere would be reviewed by the wrong owner).
 */
export function requestsAddedBetween(baseDir: string, headDir: string, shownDir: string): ReviewedRequest[] {
  if (!fs.existsSync(headDir) || !fs.statSync(headDir).isDirectory()) {
    throw new DiffInputError(`--requests-dir: no directory ${headDir} beside the head assembly (a relative --requests-dir is resolved ` +
      'against the directory that holds each cloud assembly; pass the request files with --request instead)');
  }
  const out: ReviewedRequest[] = [];
  for (const rel of requestFiles(headDir)) {
    const head = fs.readFileSync(path.join(headDir, rel), 'utf8');
    const baseFile = path.join(baseDir, rel);
    if (fs.existsSync(baseFile) && fs.readFileSync(baseFile, 'utf8') === head) continue;
    const shown = `${shownDir.replace(/\/+$/, '')}/${rel}`;
    const request = readRequestFile(path.join(headDir, rel), shown);
    const expected = `${request.product}/${request.consumer}.json`;
    if (rel !== expected) {
      throw new DiffInputError(`the request file ${shown} asks for product '${request.product}' for consumer '${request.consumer}': ` +
        `it must be ${shownDir.replace(/\/+$/, '')}/${expected} (its path routes the review to the product's owner)`);
    }
    out.push(request);
  }
  return out;
}

/** A problem with the requests' clearances against the head's confidentiality levels, or undefined. */
export function checkClearances(requests: readonly ReviewedRequest[], levels: readonly string[]): string | undefined {
  if (levels.length === 0) return undefined;
  const bad = requests.find(r => !levels.includes(r.clearance));
  return bad === undefined ? undefined
    : `the request file ${bad.file} has clearance '${bad.clearance}', which is no confidentiality level of the head assembly (${levels.join(', ')})`;
}
