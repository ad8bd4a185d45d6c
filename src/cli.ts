#!/usr/bin/env node
/*
 * `cdk-data-mesh report <cdk.out> [--format table|json|mermaid]`: who sees which column, read from the
 * synthesized templates. It never loads aws-cdk-lib, so it starts fast and works on any assembly.
 */
import { evaluateAssembly } from './report/evaluate';
import { formatJson, formatMermaid, formatTable } from './report/format';

const USAGE = 'usage: cdk-data-mesh report <cloud assembly dir, e.g. cdk.out> [--format table|json|mermaid]';

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command !== 'report') {
    console.error(USAGE);
    return 2;
  }
  let format = 'table';
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--format') format = rest[++i];
    else if (rest[i].startsWith('--format=')) format = rest[i].slice('--format='.length);
    else positional.push(rest[i]);
  }
  if (positional.length !== 1 || !['table', 'json', 'mermaid'].includes(format)) {
    console.error(USAGE);
    return 2;
  }
  try {
    const report = evaluateAssembly(positional[0]);
    console.log(format === 'json' ? formatJson(report) : format === 'mermaid' ? formatMermaid(report) : formatTable(report));
    return 0;
  } catch (e) {
    console.error(`cdk-data-mesh: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
