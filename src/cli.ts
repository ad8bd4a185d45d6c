#!/usr/bin/env node
/*
 * `cdk-data-mesh report [cdk.out] [--format matrix|table|json|mermaid] [--check] [--progress]`: who sees
 * which column, and the mesh doctor's findings, read from the synthesized templates. `cdk-data-mesh
 * doctor [cdk.out]` is `report --check`. Progress goes to stderr only (stdout stays parseable). It never
 * loads aws-cdk-lib, so it starts fast and works on any assembly. `cdk-data-mesh audit` (src/audit/command.ts,
 * docs/audit.md) holds the accounts' live state against the assembly; it is loaded only for that command.
 * Exit codes: 0 report printed (with --check: and no error finding), 1 the assembly cannot be read or
 * (--check) an error finding, 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeAssembly } from './report/analyze';
import { optionValue, parseArgv } from './report/argv';
import { AssemblyError } from './report/assembly';
import { isIsoDate } from './report/expiry';
import { formatJson, formatTable } from './report/format';
import { formatMatrix } from './report/format-matrix';
import { formatMermaid } from './report/format-mermaid';

export const USAGE = `usage: cdk-data-mesh report [<cloud assembly directory, default ./cdk.out>] [--format matrix|table|json|mermaid] [--check] [--progress]
       cdk-data-mesh doctor [<cloud assembly directory, default ./cdk.out>]   (= report --check)
       cdk-data-mesh request --consumer <domain> --product <name> --clearance <level> --reason "…" [options]   (request --help)
       cdk-data-mesh codeowners [--assembly cdk.out] [--requests-dir requests] [--out .github/CODEOWNERS]   (codeowners --help)
       cdk-data-mesh audit [<cloud assembly directory, default ./cdk.out>] [options]   (live against declared: audit --help)
       cdk-data-mesh catalog [<cloud assembly directory, default ./cdk.out>] --out <directory> [--today YYYY-MM-DD]   (the data mart's static site: catalog --help)
       cdk-data-mesh contracts [<cloud assembly directory, default ./cdk.out>] [--out <dir>]   (ODCS data contracts: contracts --help)
       cdk-data-mesh diff <base cloud assembly> <head cloud assembly> [options]   (who gains and loses access: diff --help)
       cdk-data-mesh --version

Reads the CloudFormation templates of a synthesized cloud assembly (nested stage assemblies included)
and reports, with Lake Formation's and IAM's rules, which principal can read which columns of which
table, whether its queries would work, and the mesh doctor's findings (docs/doctor.md).

  --format matrix   per table, its columns (confidentiality) x the principals (clearance): yes / - (default)
  --format table    one line per access entry (principal, table, visible columns, query)
  --format json     {"access":[...],"findings":[...],"metadata":[...]} (the stable contract, see docs/report.md)
  --format mermaid  a Mermaid flowchart: accounts, products, shares with their ceiling, roles with their clearance
  --check           exit 1 when there is an error finding (warnings do not fail)
  --progress        report each long step on stderr (default: only when stderr is a terminal)
  --today <date>    the day date-dependent rules judge by (share expiries, runtime deprecations; default: today, UTC)
  -h, --help        this help
  -V, --version     the package's version

exit codes: 0 report printed (--check: no error finding), 1 the assembly cannot be read or (--check)
an error finding, 2 usage error`;

const FORMATS = ['matrix', 'table', 'json', 'mermaid'];
const DEFAULT_ASSEMBLY = 'cdk.out';

/** Where the CLI writes (replaceable in tests). */
export interface CliIo {
  /** Whether stderr is a terminal (progress is then shown without --progress). Default: false. */
  readonly errIsTty?: boolean;
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: text => process.stdout.write(`${text}\n`),
  err: text => process.stderr.write(`${text}\n`),
  errIsTty: process.stderr.isTTY === true,
};

/**
 * The version of the package this file belongs to: the nearest package.json named `cdk-data-mesh` above
 * this file (src/ under ts-node, lib/ when installed), read at run time.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg?.name === 'cdk-data-mesh' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no (readable) package.json here: look further up
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export function main(argv: string[], io: CliIo = processIo): number {
  if (argv[0] === 'catalog') {
    // Loaded only for the catalog (issue 18): `report` and `doctor` keep loading nothing but src/report.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { catalogMain } = require('./catalog/command') as typeof import('./catalog/command');
    return catalogMain(argv.slice(1), io);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (argv[0] === 'contracts') return (require('./contracts/command') as typeof import('./contracts/command')).contractsMain(argv.slice(1), io);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (argv[0] === 'diff') return (require('./diff/command') as typeof import('./diff/command')).diffMain(argv.slice(1), io);
  if (argv[0] === 'request' || argv[0] === 'codeowners') return requestsMain(argv[0], argv.slice(1), io);
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-V')) {
    io.out(packageVersion());
    return 0;
  }
  const usage = (problem: string) => {
    io.err(`cdk-data-mesh: ${problem} (see --help)`);
    return 2;
  };
  const [command, ...rest] = argv;
  if (command === undefined) return usage('missing command: report, doctor or audit');
  if (command === 'audit') return usage('audit reads AWS asynchronously: call run(), not main()');
  if (command !== 'report' && command !== 'doctor') return usage(`unknown command '${command}' (use report, doctor, audit, contracts, catalog, request, codeowners or diff)`);
  const args = parseArgv(rest, {
    values: ['--format', '--today'],
    flags: ['--check', '--progress'],
    needs: { '--format': '--format needs a value (matrix, table, json or mermaid)', '--today': '--today needs a date YYYY-MM-DD' },
  });
  if (args.problem) return usage(args.problem.message);
  const format = optionValue(args, '--format') ?? 'matrix';
  const check = command === 'doctor' || args.flags.has('--check');
  const progress = io.errIsTty === true || args.flags.has('--progress');
  const todayValue = optionValue(args, '--today');
  if (todayValue !== undefined && !isIsoDate(todayValue)) return usage(`--today needs a date YYYY-MM-DD, got '${todayValue}'`);
  const now = todayValue === undefined ? undefined : new Date(`${todayValue}T12:00:00Z`);
  const positional = args.positional;
  if (!FORMATS.includes(format)) return usage(`unknown format '${format}' (use matrix, table, json or mermaid)`);
  if (positional.length > 1) return usage(`expected one cloud assembly directory, got ${positional.length}: ${positional.join(' ')}`);
  const dir = positional[0] ?? DEFAULT_ASSEMBLY;
  if (positional.length === 0 && !fs.existsSync(dir)) {
    io.err(`cdk-data-mesh: no ./${DEFAULT_ASSEMBLY} here: run 'cdk synth' first, or pass the cloud assembly directory (see --help)`);
    return 1;
  }
  const started = Date.now();
  const step = progress ? (text: string) => io.err(`cdk-data-mesh: ${text} (${((Date.now() - started) / 1000).toFixed(1)} s)`) : undefined;
  let text: string;
  let summary: string;
  let errors = 0;
  try {
    const analysis = analyzeAssembly(dir, { progress: step, now });
    const { report, topology, visibility } = analysis;
    step?.(`formatting (${format})…`);
    text = format === 'json' ? formatJson(report)
      : format === 'mermaid' ? formatMermaid(report, topology, visibility)
        : format === 'table' ? formatTable(report)
          : formatMatrix(report, topology, visibility);
    errors = report.findings.filter(f => f.severity === 'error').length;
    const warnings = report.findings.length - errors;
    summary = `${command === 'doctor' ? 'doctor' : check ? 'report --check' : 'report'}: ${analysis.stacks} stack${analysis.stacks === 1 ? '' : 's'}, ` +
      `${report.access.length} access entr${report.access.length === 1 ? 'y' : 'ies'}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  } catch (e) {
    io.err(e instanceof AssemblyError
      ? `cdk-data-mesh: cannot read the cloud assembly: ${e.message}`
      : `cdk-data-mesh: internal error while evaluating ${dir}: ${(e as Error).stack ?? e}`);
    return 1;
  }
  io.out(text);
  // The summary: on stdout after a text format, on stderr after json/mermaid (their stdout stays parseable).
  if (check || format === 'matrix' || format === 'table') {
    if (format === 'json' || format === 'mermaid') io.err(summary); else io.out(`\n${summary}`);
  }
  if (check && errors > 0) {
    io.err(`cdk-data-mesh: ${errors} error finding${errors > 1 ? 's' : ''} (see docs/doctor.md for each rule and its fix)`);
    return 1;
  }
  return 0;
}

/**
 * `request` and `codeowners` (requests as code, docs/data-mart.md): loaded only for those commands, so that `report` and
 * `doctor` keep loading nothing but src/report. (A require, as for the audit.)
 */
function requestsMain(command: 'request' | 'codeowners', argv: string[], io: CliIo): number {
  if (command === 'request') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { requestMain } = require('./requests/command') as typeof import('./requests/command');
    return requestMain(argv, io);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { codeownersMain } = require('./requests/codeowners') as typeof import('./requests/codeowners');
  return codeownersMain(argv, io);
}

/** Runs the CLI, `audit` (which reads AWS) included; resolves to the exit code. */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  if (argv[0] === 'audit' && !argv.includes('--version') && !argv.includes('-V')) {
    // Loaded only for the audit: `report` and `doctor` keep loading nothing but src/report. (A require: under
    // module node16 an import() stays an ESM import in the compiled CommonJS.)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { auditMain } = require('./audit/command') as typeof import('./audit/command');
    return auditMain(argv.slice(1), io);
  }
  return main(argv, io);
}

if (require.main === module) {
  void run(process.argv.slice(2)).then(code => { process.exitCode = code; });
}
