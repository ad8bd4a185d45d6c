/*
 * `cdk-data-mesh contracts [cdk.out] --out <dir>`: one Open Data Contract Standard v3 document per data product of
 * the assembly (docs/data-mart.md#contracts), read from the templates through the report's one read path (reader ->
 * resolver -> facts -> products). Progress on stderr; stdout lists the files written.
 *
 * Exit codes: 0 contracts written, 1 the assembly cannot be read, has no data product, or a file cannot be written,
 * 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ODCS_API_VERSION, odcsYaml, productToOdcs } from './odcs';
import { optionValue, parseArgv } from '../report/argv';
import { AssemblyError, readAssembly } from '../report/assembly';
import { ProductRecord, readProducts } from '../report/products';
import type { StackTemplate } from '../report/stack-template';

export const CONTRACTS_USAGE = `usage: cdk-data-mesh contracts [<cloud assembly directory, default ./cdk.out>] [--out <directory, default ./contracts>] [--product <name>]... [--progress]

Writes one Open Data Contract Standard (ODCS ${ODCS_API_VERSION}) YAML document per data product of the assembly,
<out>/<product>.odcs.yaml: its producer, owner, team, description, support contact, update frequency,
freshness and retention, and per table its columns (Glue type, confidentiality, comment), partition keys and
quality rules, as the synthesized templates declare them (docs/data-mart.md#contracts).

  --out <directory>   where to write (created if missing; other files there are left alone)
  --product <name>    only this product (repeatable)
  --progress          report each step on stderr
  -h, --help          this help

exit codes: 0 contracts written, 1 the assembly cannot be read, has no (such) data product, or a file
cannot be written, 2 usage error`;

/** Where the command writes (replaceable in tests). */
export interface ContractsIo {
  out(text: string): void;
  err(text: string): void;
}

/** The contracts of these stacks: file name -> YAML text, sorted by product. */
export function contractFiles(stacks: StackTemplate[], only: string[] = []): Array<{ product: ProductRecord; file: string; yaml: string }> {
  return contractFilesOf(readProducts(stacks).filter(p => only.length === 0 || only.includes(p.name)));
}

/** The contracts of products already read (`readProducts`): file name -> YAML text, in the products' order. */
export function contractFilesOf(products: ProductRecord[]): Array<{ product: ProductRecord; file: string; yaml: string }> {
  const seen = new Map<string, ProductRecord>();
  return products.map(p => {
    const file = `${p.name}.odcs.yaml`;
    const other = seen.get(file);
    if (other) {
      throw new AssemblyError(`two data products are named '${p.name}' (databases ${other.database} in account ${other.governanceAccount} and ${p.database} in ` +
        `account ${p.governanceAccount}): export them from one mesh's assembly at a time`);
    }
    seen.set(file, p);
    return { product: p, file, yaml: odcsYaml(productToOdcs(p)) };
  });
}

/** Runs `contracts` with `argv` (after the command name); returns the exit code. */
export function contractsMain(argv: string[], io: ContractsIo): number {
  const usage = (problem: string) => {
    io.err(`cdk-data-mesh contracts: ${problem} (see contracts --help)`);
    return 2;
  };
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(CONTRACTS_USAGE);
    return 0;
  }
  const args = parseArgv(argv, {
    values: ['--out', '--product'],
    repeatable: ['--product'],
    flags: ['--progress'],
    needs: { '--out': '--out needs a directory', '--product': '--product needs a product name' },
  });
  if (args.problem) return usage(args.problem.message);
  const out = optionValue(args, '--out') ?? 'contracts';
  const progress = args.flags.has('--progress');
  const only = [...(args.values.get('--product') ?? [])];
  const positional = args.positional;
  if (positional.length > 1) return usage(`expected one cloud assembly directory, got ${positional.length}: ${positional.join(' ')}`);
  const dir = positional[0] ?? 'cdk.out';
  const started = Date.now();
  const step = (text: string) => { if (progress) io.err(`cdk-data-mesh contracts: ${text} (${((Date.now() - started) / 1000).toFixed(1)} s)`); };
  let files: ReturnType<typeof contractFiles>;
  try {
    step(`reading the cloud assembly ${dir}…`);
    const stacks = readAssembly(dir);
    step(`reading the data products of ${stacks.length} stacks…`);
    files = contractFiles(stacks, only);
    if (files.length === 0) {
      io.err(only.length > 0
        ? `cdk-data-mesh contracts: no data product named ${only.map(o => `'${o}'`).join(', ')} in ${dir} (products: ${readProducts(stacks).map(p => p.name).join(', ') || 'none'})`
        : `cdk-data-mesh contracts: ${dir} has no data product (no Glue database with a cdk-data-mesh:producer parameter): synthesize the governance app`);
      return 1;
    }
    const missing = only.filter(o => !files!.some(f => f.product.name === o));
    if (missing.length > 0) {
      io.err(`cdk-data-mesh contracts: no data product named ${missing.map(o => `'${o}'`).join(', ')} in ${dir}`);
      return 1;
    }
  } catch (e) {
    io.err(e instanceof AssemblyError
      ? `cdk-data-mesh contracts: cannot read the cloud assembly: ${e.message}`
      : `cdk-data-mesh contracts: internal error while reading ${dir}: ${(e as Error).stack ?? e}`);
    return 1;
  }
  try {
    fs.mkdirSync(out, { recursive: true });
    for (const f of files) {
      const file = path.join(out, f.file);
      fs.writeFileSync(file, f.yaml);
      io.out(file);
    }
  } catch (e) {
    io.err(`cdk-data-mesh contracts: cannot write to ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 1;
  }
  io.err(`contracts: ${files.length} data contract${files.length === 1 ? '' : 's'} written to ${out}`);
  return 0;
}
