/*
 * `cdk-data-mesh diff <base cdk.out> <head cdk.out>`: what a change does to access (issue 18, docs/data-mart.md#diff).
 * Both assemblies go through the report's one read path (src/report/analyze.ts); the comparison is
 * src/report/access-diff.ts, the formats src/report/format-diff.ts. This file parses the command line, reads, prints.
 *
 * Exit codes: 0 no blocking change, 1 a blocking change per --fail-on, 2 usage error or something cannot be read
 * (an assembly, a request file, the requests directory).
 */
import * as path from 'path';
import { AccessDiff, DiffSide, diffAccess, FAIL_ON, FailOn, ReviewedRequest } from '../report/access-diff';
import { analyzeContext, buildContext } from '../report/analyze';
import { ArgvSpec, optionValue, parseArgv } from '../report/argv';
import { AssemblyError, readAssembly } from '../report/assembly';
import { checkClearances, checkNotExpired, DiffInputError, readRequestFile, requestsAddedBetween } from '../report/diff-requests';
import { isIsoDate, isoDay } from '../report/expiry';
import { formatDiffJson, formatDiffMarkdown } from '../report/format-diff';
import { productDatabases } from '../report/products';

export const DIFF_USAGE = `usage: cdk-data-mesh diff <base cloud assembly> <head cloud assembly> [options]

Evaluates both assemblies with the report's rules and prints, per principal (grouped by consumer and account) and
per table, the columns gained and lost, the row filters changed, the tables newly seen or no longer seen and the
metadata-only changes, with each column's confidentiality (docs/data-mart.md#diff).

  --format markdown|json       markdown for a pull-request comment (default) or the JSON contract of docs/data-mart.md
  --fail-on <list>             what makes the change blocking (exit 1), comma-separated (default: sensitive):
                                 sensitive  a principal gains a column of the top confidentiality level, or sees
                                            one in more rows
                                 widening   a principal gains access no reviewed request covers
                                 none       nothing blocks (report only)
  --request <file>             a request file under review (repeatable)
  --requests-dir <dir>         the requests under review are the files of <dir> added or changed between base and
                               head; a relative <dir> is resolved against the directory holding each assembly
  --today YYYY-MM-DD           the day a request under review must not have expired by (default: today, UTC)
  -h, --help                   this help

exit codes: 0 no blocking change, 1 a blocking change, 2 usage error or an input cannot be read`;

/** Where the command writes (replaceable in tests). */
export interface DiffIo {
  out(text: string): void;
  err(text: string): void;
}

/** What to compare and how. */
export interface DiffRun {
  readonly base: string;
  readonly head: string;
  readonly failOn: FailOn[];
  readonly requestFiles: string[];
  readonly requestsDir?: string;
  /** The day requests under review must not have expired by (`YYYY-MM-DD`). Default: today (UTC). */
  readonly today?: string;
}

/** The side of one assembly: its evaluation and its data products. */
export function readSide(dir: string): DiffSide {
  const stacks = readAssembly(dir);
  const ctx = buildContext(stacks);
  const analysis = analyzeContext(ctx);
  return { report: analysis.report, visibility: analysis.visibility, products: productDatabases(stacks, ctx.resources) };
}

/** Reads both assemblies and the requests, compares. Throws AssemblyError or DiffInputError. */
export function runDiff(run: DiffRun): AccessDiff {
  const base = readSide(run.base);
  const head = readSide(run.head);
  const requests: ReviewedRequest[] = run.requestFiles.map(f => readRequestFile(f));
  if (run.requestsDir !== undefined) {
    const side = (assembly: string) => path.join(path.dirname(path.resolve(assembly)), run.requestsDir!);
    if (path.isAbsolute(run.requestsDir)) {
      throw new DiffInputError(`--requests-dir ${run.requestsDir}: give a path relative to the directory holding each assembly ` +
        '(base and head have a requests directory each); for files of one directory use --request');
    }
    requests.push(...requestsAddedBetween(side(run.base), side(run.head), run.requestsDir));
  }
  const problem = checkClearances(requests, head.visibility.levels) ?? checkNotExpired(requests, run.today ?? isoDay(new Date()));
  if (problem !== undefined) throw new DiffInputError(problem);
  return diffAccess(base, head, { failOn: run.failOn, requests });
}

type Parsed = { format: string; run: DiffRun };

const DIFF_ARGS: ArgvSpec = { values: ['--format', '--fail-on', '--request', '--requests-dir', '--today'], repeatable: ['--request'] };

function parse(argv: string[]): Parsed | string {
  const args = parseArgv(argv, DIFF_ARGS);
  if (args.problem) return args.problem.message;
  const format = optionValue(args, '--format') ?? 'markdown';
  let failOn: FailOn[] = ['sensitive'];
  const failOnValue = optionValue(args, '--fail-on');
  if (failOnValue !== undefined) {
    const names = failOnValue.split(',').map(s => s.trim().toLowerCase()).filter(s => s !== '');
    const unknown = names.filter(n => n !== 'none' && !(FAIL_ON as readonly string[]).includes(n));
    if (unknown.length > 0 || names.length === 0) return `--fail-on takes ${FAIL_ON.join(', ')} or none (comma-separated), got '${failOnValue}'`;
    if (names.includes('none') && names.length > 1) return `--fail-on none excludes ${names.filter(n => n !== 'none').join(', ')}`;
    failOn = names.filter((n): n is FailOn => n !== 'none');
  }
  const requestFiles = [...(args.values.get('--request') ?? [])];
  const requestsDir = optionValue(args, '--requests-dir');
  const today = optionValue(args, '--today');
  if (today !== undefined && !isIsoDate(today)) return `--today takes a date YYYY-MM-DD, got '${today}'`;
  const positional = args.positional;
  if (positional.length !== 2) return `expected two cloud assembly directories (base and head), got ${positional.length}${positional.length > 0 ? `: ${positional.join(' ')}` : ''}`;
  if (!['markdown', 'json'].includes(format)) return `unknown format '${format}' (use markdown or json)`;
  return { format, run: { base: positional[0], head: positional[1], failOn, requestFiles, requestsDir, ...(today !== undefined ? { today } : {}) } };
}

/** `cdk-data-mesh diff ...` (argv after `diff`); returns the exit code. */
export function diffMain(argv: string[], io: DiffIo): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(DIFF_USAGE);
    return 0;
  }
  const p = parse(argv);
  if (typeof p === 'string') {
    io.err(`cdk-data-mesh diff: ${p} (see --help)`);
    return 2;
  }
  let diff: AccessDiff;
  try {
    diff = runDiff(p.run);
  } catch (e) {
    const err = e as Error;
    if (err instanceof AssemblyError) {
      io.err(`cdk-data-mesh diff: cannot read a cloud assembly: ${err.message}`);
      return 2;
    }
    if (err instanceof DiffInputError) {
      io.err(`cdk-data-mesh diff: ${err.message}`);
      return 2;
    }
    io.err(`cdk-data-mesh diff: internal error: ${err?.stack ?? e}`);
    return 2;
  }
  io.out(p.format === 'json' ? formatDiffJson(diff) : formatDiffMarkdown(diff));
  const blocking = diff.blocking.length;
  io.err(`diff: ${diff.summary.principals} principal${diff.summary.principals === 1 ? '' : 's'} with a change, ` +
    `${blocking} blocking change${blocking === 1 ? '' : 's'}${diff.failOn.length > 0 ? ` (--fail-on ${diff.failOn.join(',')})` : ''}`);
  return blocking > 0 ? 1 : 0;
}
