/*
 * `cdk-data-mesh request --consumer <domain> --product <name> --clearance <level> --reason "…" [--expires YYYY-MM-DD]
 * [--sensitive] [--requests-dir requests] [--assembly cdk.out] [--today YYYY-MM-DD] [--requested-by <who>]`: writes one
 * access request file, `<requests dir>/<product>/<consumer>.json`, after the checks `GovernanceHub.addAccessRequests`
 * runs at synth (src/report/requests.ts) against the synthesized assembly (consumers, products, levels, the shares
 * already made) and the request files already there. A refused request writes nothing. docs/data-mart.md "Requests".
 *
 * Exit codes: 0 written, 1 refused (or the assembly cannot be read), 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { optionValue, parseArgv } from '../report/argv';
import { AssemblyError, readAssembly } from '../report/assembly';
import { isExpired, isIsoDate, isoDay } from '../report/expiry';
import { readMeshView } from '../report/request-view';
import {
  AccessRequest, checkRequests, formatRequest, parseRequest, readRequestDirectory, requestFilePath, RequestProblem, ShareView,
} from '../report/requests';

export const REQUEST_USAGE = `usage: cdk-data-mesh request --consumer <domain> --product <name> --clearance <level> --reason "<why>" [options]

Writes one access request, <requests dir>/<product>/<consumer>.json, for the governance app's
hub.addAccessRequests(<requests dir>) to turn into a share; commit it and open a pull request: the
product's owner reviews it (cdk-data-mesh codeowners). The request is checked first, as synth checks it,
against the synthesized assembly and the request files already there; a refused request writes nothing.

  --consumer <domain>        the consumer domain that asks (as the mesh description names it)
  --product <name>           the data product asked for
  --clearance <level>        the highest confidentiality level to see (public, private, sensitive)
  --reason "<why>"           why the consumer needs it (the owner reads it)
  --sensitive                acknowledge a clearance of the top level (sensitive)
  --expires <YYYY-MM-DD>     the last day of access (time-bound access; default: none)
  --requested-by <who>       who asks (an e-mail or a GitHub handle; default: none)
  --requests-dir <dir>       the governance app's requests folder (default: requests)
  --assembly <dir>           the synthesized cloud assembly of the governance app (default: cdk.out)
  --today <YYYY-MM-DD>       the date to check the expiry against (default: today, UTC)
  -h, --help                 this help

exit codes: 0 written, 1 refused or the assembly cannot be read, 2 usage error`;

/** Where the command writes (replaceable in tests). */
export interface RequestIo {
  out(text: string): void;
  err(text: string): void;
}

const VALUE_OPTIONS: Record<string, string> = {
  '--consumer': 'consumer',
  '--product': 'product',
  '--clearance': 'clearance',
  '--reason': 'reason',
  '--expires': 'expires',
  '--requested-by': 'requestedBy',
  '--requests-dir': 'requestsDir',
  '--assembly': 'assembly',
  '--today': 'today',
};
/** The option of each request field, for messages (a problem's message starts with its field). */
const OPTION_OF: Record<string, string> = {
  consumer: '--consumer',
  product: '--product',
  clearance: '--clearance',
  reason: '--reason',
  sensitive: '--sensitive',
  expires: '--expires',
  requestedBy: '--requested-by',
  requestedOn: '--today',
};

/** Runs `cdk-data-mesh request` with `argv` (after the command name); returns the exit code. */
export function requestMain(argv: string[], io: RequestIo, now: () => Date = () => new Date()): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(REQUEST_USAGE);
    return 0;
  }
  const usage = (problem: string) => {
    io.err(`cdk-data-mesh request: ${problem} (see cdk-data-mesh request --help)`);
    return 2;
  };
  const args = parseArgv(argv, { values: Object.keys(VALUE_OPTIONS), flags: ['--sensitive'], positional: false });
  if (args.problem) {
    return usage(args.problem.kind === 'unexpected-argument'
      ? `${args.problem.message} (every value follows its option, e.g. --reason "…")`
      : args.problem.message);
  }
  const values: Record<string, string> = {};
  for (const [name, field] of Object.entries(VALUE_OPTIONS)) {
    const value = optionValue(args, name);
    if (value !== undefined) values[field] = value;
  }
  const sensitive = args.flags.has('--sensitive');
  if (values.today !== undefined && !isIsoDate(values.today)) return usage(`--today '${values.today}' is not a date: give YYYY-MM-DD`);
  const today = values.today ?? isoDay(now());
  const requestsDir = values.requestsDir ?? 'requests';
  const assembly = values.assembly ?? 'cdk.out';
  const refuse = (problems: RequestProblem[]) => {
    for (const p of problems) io.err(`cdk-data-mesh request: ${asOption(p)}`);
    io.err(`cdk-data-mesh request: refused (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing written.`);
    return 1;
  };

  // The request's own fields: the same parser the synth uses (missing and malformed values).
  const fields: Record<string, unknown> = { sensitive };
  for (const f of ['consumer', 'product', 'clearance', 'reason', 'expires', 'requestedBy']) if (values[f] !== undefined) fields[f] = values[f];
  const parsed = parseRequest({ file: '(request)', text: JSON.stringify(fields) });
  // A required option left out is a usage error (exit 2), with what the option is for.
  const missing = ['consumer', 'product', 'clearance', 'reason'].filter(f => values[f] === undefined);
  if (missing.length > 0) {
    for (const p of parsed.problems.filter(x => x.field !== undefined && missing.includes(x.field))) io.err(`cdk-data-mesh request: ${asOption(p)}`);
    return usage(`missing ${missing.map(f => OPTION_OF[f]).join(', ')}`);
  }
  if (!parsed.request || parsed.problems.length > 0) return refuse(parsed.problems);
  // The day of the request is recorded (a synth then refuses an expiry before it); a past expiry is refused below.
  const request: AccessRequest = { ...parsed.request, requestedOn: today };
  const target = requestFilePath(requestsDir, request.product, request.consumer);
  const shown = target.split(path.sep).join('/');

  let stacks;
  try {
    stacks = readAssembly(assembly);
  } catch (e) {
    if (!(e instanceof AssemblyError)) throw e;
    io.err(`cdk-data-mesh request: cannot read the cloud assembly: ${e.message} The request is checked against the synthesized governance app: ` +
      'run \'cdk synth\' first, or pass --assembly <dir>. Nothing written.');
    return 1;
  }
  const view = readMeshView(stacks);

  // The request files already there come first: a share made from one of them is that file.
  const existing: ShareView[] = [];
  const problems: RequestProblem[] = [];
  if (fs.existsSync(requestsDir)) {
    for (const f of readRequestDirectory(requestsDir).files) {
      const r = parseRequest(f).request;
      if (!r || f.file === shown || (r.expires !== undefined && isExpired(r.expires, today))) continue;
      existing.push({ consumer: r.consumer, products: [r.product], mode: 'tags', ceiling: r.clearance, by: `request file ${f.file}`, requestFile: f.file });
    }
  }
  if (fs.existsSync(target)) {
    problems.push({
      file: shown,
      field: 'product',
      message: `product '${request.product}' is already requested for consumer '${request.consumer}': ${shown} exists. ` +
        'Edit that file in a pull request (its owner reviews the change), or delete it first.',
    });
  }
  const checked = checkRequests([{ file: shown, request }], { ...view, shares: [...existing, ...view.shares] }, today, 'new');
  problems.push(...checked.problems);
  if (problems.length > 0) return refuse(problems);

  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, formatRequest(request));
  const owner = view.products.find(p => p.name === request.product)?.owner;
  io.out(`wrote ${shown}: consumer '${request.consumer}' asks for product '${request.product}' up to ${request.clearance}` +
    `${request.expires !== undefined ? ` until ${request.expires}` : ''}.`);
  io.out(`next: commit it and open a pull request; ${owner !== undefined ? `the product's owner (${owner})` : 'the product\'s owner'} reviews it ` +
    '(cdk-data-mesh codeowners writes the CODEOWNERS entry). Once merged, the next synth makes the share.');
  return 0;
}

/** A problem as the CLI says it: its field as the option (`--consumer 'mlx' is not …`). */
function asOption(p: RequestProblem): string {
  const option = p.field !== undefined ? OPTION_OF[p.field] : undefined;
  if (option !== undefined && p.message.startsWith(`${p.field} `)) return `${option}${p.message.slice(p.field!.length)}`;
  return p.file === '(request)' ? p.message : `${p.file}: ${p.message}`;
}
