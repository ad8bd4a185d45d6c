#!/usr/bin/env node
/*
 * `cdk-data-mesh report <cdk.out> [--format table|json|mermaid] [--check]`: who sees which column, and
 * the mesh doctor's findings, read from the synthesized templates. `cdk-data-mesh doctor <cdk.out>` is
 * `report --check --format table`. It never loads aws-cdk-lib, so it starts fast and works on any assembly.
 * Exit codes: 0 report printed (with --check: and no error finding), 1 the assembly cannot be read or
 * (--check) an error finding, 2 usage error.
 */
import { analyzeAssembly } from './report/analyze';
import { AssemblyError } from './report/assembly';
import { formatJson, formatMermaid, formatTable } from './report/format';

export const USAGE = `usage: cdk-data-mesh report <cloud assembly directory, e.g. cdk.out> [--format table|json|mermaid] [--check]
       cdk-data-mesh doctor <cloud assembly directory>     (= report --check --format table)

Reads the CloudFormation templates of a synthesized cloud assembly (nested stage assemblies included)
and reports, with Lake Formation's and IAM's rules, which principal can read which columns of which
table, whether its queries would work, and the mesh doctor's findings (docs/doctor.md).

  --format table    a table for the terminal (default)
  --format json     {"access":[...],"findings":[...]} (the stable contract, see docs/report.md)
  --format mermaid  a Mermaid flowchart: accounts, buckets, databases, shares, principals
  --check           exit 1 when there is an error finding (warnings do not fail)
  -h, --help        this help

exit codes: 0 report printed (--check: no error finding), 1 the assembly cannot be read or (--check)
an error finding, 2 usage error`;

const FORMATS = ['table', 'json', 'mermaid'];

/** Where the CLI writes (replaceable in tests). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: text => process.stdout.write(`${text}\n`),
  err: text => process.stderr.write(`${text}\n`),
};

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export function main(argv: string[], io: CliIo = processIo): number {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    io.out(USAGE);
    return 0;
  }
  const usage = (problem: string) => {
    io.err(`cdk-data-mesh: ${problem}\n\n${USAGE}`);
    return 2;
  };
  const [command, ...rest] = argv;
  if (command === undefined) return usage('missing command');
  if (command !== 'report' && command !== 'doctor') return usage(`unknown command '${command}'`);
  let format = 'table';
  let check = command === 'doctor';
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--check') {
      check = true;
    } else if (arg === '--format') {
      if (i + 1 >= rest.length) return usage('--format needs a value (table, json or mermaid)');
      format = rest[++i];
    } else if (arg.startsWith('--format=')) {
      format = arg.slice('--format='.length);
    } else if (arg.startsWith('-') && arg !== '-') {
      return usage(`unknown option '${arg}'`);
    } else {
      positional.push(arg);
    }
  }
  if (!FORMATS.includes(format)) return usage(`unknown format '${format}' (use table, json or mermaid)`);
  if (positional.length === 0) return usage('missing the cloud assembly directory');
  if (positional.length > 1) return usage(`expected one cloud assembly directory, got ${positional.length}: ${positional.join(' ')}`);
  let text: string;
  let errors = 0;
  try {
    const { report, topology } = analyzeAssembly(positional[0]);
    text = format === 'json' ? formatJson(report) : format === 'mermaid' ? formatMermaid(report, topology) : formatTable(report);
    errors = report.findings.filter(f => f.severity === 'error').length;
  } catch (e) {
    io.err(e instanceof AssemblyError
      ? `cdk-data-mesh: cannot read the cloud assembly: ${e.message}`
      : `cdk-data-mesh: internal error while evaluating ${positional[0]}: ${(e as Error).stack ?? e}`);
    return 1;
  }
  io.out(text);
  if (check && errors > 0) {
    io.err(`cdk-data-mesh: ${errors} error finding${errors > 1 ? 's' : ''} (see docs/doctor.md for each rule and its fix)`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
