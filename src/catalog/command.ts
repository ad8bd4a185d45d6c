/*
 * `cdk-data-mesh catalog [cdk.out] --out <directory> [--today YYYY-MM-DD]`: writes the data mart's catalog, a
 * static site (docs/data-mart.md#catalog), from the synthesized templates through the report's one read path.
 * Exit codes: 0 written, 1 the assembly cannot be read or the directory cannot be written, 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderCatalog } from './html';
import { buildCatalogModel } from './model';
import { catalogExpiries } from './source';
import { contractFilesOf } from '../contracts/command';
import { analyzeContext, buildContext } from '../report/analyze';
import { optionValue, parseArgv } from '../report/argv';
import { AssemblyError, readAssembly } from '../report/assembly';
import { isIsoDate, isoDay } from '../report/expiry';
import { readProducts } from '../report/products';
import { meshViewOf } from '../report/request-view';
import { consumerTagMode } from '../report/requests';
import { readStackMetadata } from '../report/stack-metadata';

export const CATALOG_USAGE = `usage: cdk-data-mesh catalog [<cloud assembly directory, default ./cdk.out>] --out <directory> [--today YYYY-MM-DD]

Writes the data mart's catalog: a static site (index.html, one page per product, no server, nothing loaded
from the network) with every product's producer, owner, description, contract, schema with each column's
confidentiality, freshness and quality rules, which consumers and roles see which columns, the command that
requests access, and the shares that expire. Search and filters by producer, owner, confidentiality and column.

  --out <directory>    where to write the site (created; an earlier catalog there is replaced, any other
                       non-empty directory is refused)
  --today YYYY-MM-DD   the date expiries are counted from (default: today, UTC)

exit codes: 0 written, 1 the assembly cannot be read or the directory cannot be written, 2 usage error`;

const DEFAULT_ASSEMBLY = 'cdk.out';
const GENERATOR = '<meta name="generator" content="cdk-data-mesh catalog">';

export interface CatalogIo {
  out(text: string): void;
  err(text: string): void;
}

/** Runs `catalog` with its arguments (after the command word); returns the exit code. */
export function catalogMain(argv: string[], io: CatalogIo, now: () => Date = () => new Date()): number {
  const usage = (problem: string) => {
    io.err(`cdk-data-mesh catalog: ${problem} (see cdk-data-mesh catalog --help)`);
    return 2;
  };
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(CATALOG_USAGE);
    return 0;
  }
  const args = parseArgv(argv, {
    values: ['--out', '--today'],
    needs: { '--out': '--out needs a directory, e.g. --out site', '--today': "--today '' is not a date: use YYYY-MM-DD, e.g. --today 2027-03-01" },
  });
  if (args.problem) return usage(args.problem.message);
  const out = optionValue(args, '--out');
  const today = optionValue(args, '--today');
  if (today !== undefined && !isIsoDate(today)) return usage(`--today '${today}' is not a date: use YYYY-MM-DD, e.g. --today 2027-03-01`);
  const positional = args.positional;
  if (out === undefined) return usage('missing --out <directory> (where to write the site)');
  if (positional.length > 1) return usage(`expected one cloud assembly directory, got ${positional.length}: ${positional.join(' ')}`);
  const dir = positional[0] ?? DEFAULT_ASSEMBLY;
  if (positional.length === 0 && !fs.existsSync(dir)) {
    io.err(`cdk-data-mesh catalog: no ./${DEFAULT_ASSEMBLY} here: run 'cdk synth' first, or pass the cloud assembly directory`);
    return 1;
  }
  const site = path.resolve(out);
  const refusal = notACatalog(site);
  if (refusal !== undefined) {
    io.err(`cdk-data-mesh catalog: --out ${out}: ${refusal}; choose an empty or new directory, or the directory of an earlier catalog`);
    return 1;
  }

  let files: ReturnType<typeof renderCatalog>;
  let contractTexts = new Map<string, { path: string; text: string }>();
  let products = 0;
  try {
    // One resolution and one Lake Formation evaluation serve the report, the mesh view and the products.
    const stacks = readAssembly(dir);
    const ctx = buildContext(stacks);
    const analysis = analyzeContext(ctx);
    const productRecords = readProducts(stacks, ctx.resources, ctx.facts);
    const mesh = stacks.map(s => readStackMetadata(s.template)?.mesh).find(m => typeof m === 'string');
    // The consumers and their one tag-mode setting as the request checks see them (request-view.ts), so that a command
    // the catalog offers is one `cdk-data-mesh request` accepts; a governance-only assembly still names its consumers.
    const view = meshViewOf(ctx);
    const consumers = view.consumers;
    const notes: string[] = [];
    const ceilings = new Map<string, string>();
    const expressions = new Map<string, string>();
    for (const c of consumers) {
      const mode = consumerTagMode(view, c);
      if (mode !== undefined && 'ceiling' in mode) ceilings.set(c, mode.ceiling);
      if (mode !== undefined && 'expression' in mode) expressions.set(c, `${mode.expression} (${mode.by})`);
    }
    // The ODCS contracts the `contracts` command writes, next to the pages.
    const contracts = new Map<string, { path: string; text: string }>();
    try {
      for (const c of contractFilesOf(productRecords)) contracts.set(c.product.name, { path: `contracts/${c.file}`, text: c.yaml });
    } catch (e) {
      notes.push(`No contract exported: ${(e as Error).message}.`);
    }
    contractTexts = contracts;
    const model = buildCatalogModel({
      mesh,
      today: today ?? isoDay(now()),
      products: productRecords,
      report: analysis.report,
      visibility: analysis.visibility,
      consumers,
      ceilings,
      expressions,
      expiries: catalogExpiries(stacks),
      notes,
      contracts,
    });
    products = model.products.length;
    files = renderCatalog(model);
  } catch (e) {
    io.err(e instanceof AssemblyError
      ? `cdk-data-mesh catalog: cannot read the cloud assembly: ${e.message}`
      : `cdk-data-mesh catalog: internal error while reading ${dir}: ${(e as Error).stack ?? e}`);
    return 1;
  }
  try {
    // Replace an earlier catalog: its product pages may name products that are gone.
    fs.rmSync(path.join(site, 'products'), { recursive: true, force: true });
    fs.rmSync(path.join(site, 'contracts'), { recursive: true, force: true });
    for (const f of [...files, ...[...contractTexts.values()].map(c => ({ path: c.path, content: c.text }))]) {
      const target = path.join(site, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.content);
    }
  } catch (e) {
    io.err(`cdk-data-mesh catalog: cannot write the site into ${out}: ${(e as Error).message}`);
    return 1;
  }
  io.out(`catalog: ${products} product${products === 1 ? '' : 's'} written to ${path.join(out, 'index.html')} (open it in a browser; no server needed)`);
  return 0;
}

/** Why the directory must not be written into, or undefined (new, empty, or an earlier catalog). */
function notACatalog(site: string): string | undefined {
  if (!fs.existsSync(site)) return undefined;
  if (!fs.statSync(site).isDirectory()) return 'is a file, not a directory';
  const entries = fs.readdirSync(site);
  if (entries.length === 0) return undefined;
  const index = path.join(site, 'index.html');
  if (fs.existsSync(index) && fs.readFileSync(index, 'utf8').includes(GENERATOR)) return undefined;
  return 'the directory is not empty and holds no earlier catalog';
}
