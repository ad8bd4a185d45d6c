#!/usr/bin/env node
/*
 * `cdk-data-mesh report <cdk.out> [--format table|json|mermaid]`: who sees which column, read from the
 * synthesized templates. It never loads aws-cdk-lib, so it starts fast and works on any assembly.
 * Exit codes: 0 report printed, 1 the assembly cannot be read, 2 usage error.
 */
import { analyzeAssembly } from './report/evaluate';
import { formatJson, formatMermaid, formatTable } from './report/format';
import { AssemblyError } from './report/template-model';

export const USAGE = `usage: cdk-data-mesh report <cloud assembly directory, e.g. cdk.out> [--format table|json|mermaid]

Reads the CloudFormation templates of a synthesized cloud assembly (nested stage assemblies included)
and reports, with Lake Formation's rules, which principal can read which columns of which table.

  --format table    a table for the terminal (default)
  --format json     {"access":[...],"findings":[...]} (the stable contract, see docs/report.md)
  --format mermaid  a Mermaid flowchart: accounts, buckets, databases, shares, principals
  -h, --help        this help

exit codes: 0 report printed, 1 the assembly cannot be read, 2 usage error`;

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
  if (command !== 'report') return usage(`unknown command '${command}'`);
  let format = 'table';
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--format') {
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
  try {
    const { report, topology } = analyzeAssembly(positional[0]);
    text = format === 'json' ? formatJson(report) : format === 'mermaid' ? formatMermaid(report, topology) : formatTable(report);
  } catch (e) {
    io.err(e instanceof AssemblyError
      ? `cdk-data-mesh: cannot read the cloud assembly: ${e.message}`
      : `cdk-data-mesh: internal error while evaluating ${positional[0]}: ${(e as Error).stack ?? e}`);
    return 1;
  }
  io.out(text);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
