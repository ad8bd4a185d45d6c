/*
 * `cdk-data-mesh codeowners [--assembly cdk.out] [--requests-dir requests] [--out .github/CODEOWNERS]
 * [--fallback-owner <owner>] [--check]`: writes the CODEOWNERS entries that make each product's owner the reviewer of
 * the access requests for it: `/<requests dir>/<product>/ <owner>`, one line per product of the synthesized assembly,
 * the owner read from the product database's `cdk-data-mesh:owner` parameter (DataProductOptions.owner). The entries
 * are one block between marker comments: the rest of an existing CODEOWNERS file is kept, and the block goes last
 * (GitHub: the last matching pattern wins). A product without an owner is an error, unless --fallback-owner names
 * who reviews its requests (that owner also owns the requests folder itself, for products added later).
 * Paths are relative to the repository root: the nearest directory above the current one with a `.git`.
 *
 * Exit codes: 0 written (--check: up to date), 1 a product without an owner, an owner GitHub cannot use, the
 * assembly unreadable, or (--check) the file is out of date, 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { optionValue, parseArgv } from '../report/argv';
import { AssemblyError, readAssembly } from '../report/assembly';
import { readMeshView } from '../report/request-view';

export const CODEOWNERS_USAGE = `usage: cdk-data-mesh codeowners [--assembly cdk.out] [--requests-dir requests] [--out .github/CODEOWNERS] [options]

Writes the CODEOWNERS entries that make each data product's owner (DataProductOptions.owner, read from
the synthesized assembly) the reviewer of the access requests for it: /<requests dir>/<product>/ <owner>.
They are one block between marker comments; the rest of the file is kept. Require a review from Code
Owners in the branch protection of the default branch, or the entries only suggest reviewers.

  --assembly <dir>          the synthesized cloud assembly of the governance app (default: cdk.out)
  --requests-dir <dir>      the governance app's requests folder (default: requests)
  --out <file>              the CODEOWNERS file (default: .github/CODEOWNERS)
  --fallback-owner <owner>  who reviews the requests of products without an owner, and owns the folder itself
                            (default: none; a product without an owner is then an error)
  --check                   write nothing; exit 1 if the file is not what it would write (for CI)
  -h, --help                this help

An owner is a GitHub user (@name), a team (@org/team) or an e-mail address; several are separated by
spaces or commas.

exit codes: 0 written (--check: up to date), 1 refused or out of date, 2 usage error`;

export const BEGIN_MARKER = '# BEGIN cdk-data-mesh access requests (written by cdk-data-mesh codeowners; do not edit by hand)';
export const END_MARKER = '# END cdk-data-mesh access requests';

export interface CodeownersIo {
  out(text: string): void;
  err(text: string): void;
}

const OWNER = /^(@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/** The owners of one value (`@a @org/b`, `a@x.example, @c`), or undefined when one of them is not a CODEOWNERS owner. */
export function ownersOf(value: string): string[] | undefined {
  const owners = value.split(/[\s,]+/).filter(o => o !== '');
  return owners.length > 0 && owners.every(o => OWNER.test(o)) ? owners : undefined;
}

/** The repository root: the nearest directory at or above `from` that holds `.git`, else `from`. */
export function repositoryRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}

/** The file with the block replaced (or appended last). */
export function withBlock(existing: string | undefined, block: string): string {
  const text = existing ?? '';
  const begin = text.indexOf(BEGIN_MARKER);
  const end = text.indexOf(END_MARKER);
  if (begin >= 0 && end > begin) {
    const rest = (text.slice(0, begin) + text.slice(end + END_MARKER.length).replace(/^\n/, '')).replace(/\n+$/, '');
    return `${rest === '' ? '' : `${rest}\n\n`}${block}`;
  }
  const kept = text.replace(/\n+$/, '');
  return `${kept === '' ? '' : `${kept}\n\n`}${block}`;
}

/** Runs `cdk-data-mesh codeowners`; returns the exit code. */
export function codeownersMain(argv: string[], io: CodeownersIo, cwd: string = process.cwd()): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(CODEOWNERS_USAGE);
    return 0;
  }
  const usage = (problem: string) => {
    io.err(`cdk-data-mesh codeowners: ${problem} (see cdk-data-mesh codeowners --help)`);
    return 2;
  };
  const names: Record<string, string> = { '--assembly': 'assembly', '--requests-dir': 'requestsDir', '--out': 'out', '--fallback-owner': 'fallback' };
  const args = parseArgv(argv, { values: Object.keys(names), flags: ['--check'], positional: false });
  if (args.problem) return usage(args.problem.message);
  const values: Record<string, string> = {};
  for (const [name, key] of Object.entries(names)) {
    const value = optionValue(args, name);
    if (value !== undefined) values[key] = value;
  }
  const check = args.flags.has('--check');
  const fail = (message: string) => {
    io.err(`cdk-data-mesh codeowners: ${message}`);
    return 1;
  };
  const fallback = values.fallback;
  if (fallback !== undefined && ownersOf(fallback) === undefined) {
    return fail(`--fallback-owner '${fallback}' is not a CODEOWNERS owner. Give a GitHub user (@name), a team (@org/team) or an e-mail address.`);
  }
  let stacks;
  try {
    stacks = readAssembly(path.resolve(cwd, values.assembly ?? 'cdk.out'));
  } catch (e) {
    if (!(e instanceof AssemblyError)) throw e;
    return fail(`cannot read the cloud assembly: ${e.message}`);
  }
  const view = readMeshView(stacks);
  if (view.products.length === 0) return fail('the assembly has no data product (no governance Glue database with the cdk-data-mesh:producer parameter). Pass the governance app\'s cdk.out.');

  const root = repositoryRoot(cwd);
  const requests = path.resolve(cwd, values.requestsDir ?? 'requests');
  const relative = path.relative(root, requests).split(path.sep).join('/');
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return fail(`--requests-dir ${requests} is outside the repository ${root}: CODEOWNERS paths are relative to the repository root.`);
  }
  const base = `/${relative === '' ? '' : `${relative}/`}`;
  const problems: string[] = [];
  const lines: string[] = [];
  for (const p of view.products) {
    if (p.owner === undefined) {
      if (fallback === undefined) {
        problems.push(`product '${p.name}' has no owner, so nobody in particular would review its access requests. Set owner in ` +
          `hub.addDataProduct('${p.name}', { owner: '@org/team', … }) and synthesize again, or pass --fallback-owner.`);
        continue;
      }
      lines.push(`${base}${p.name}/ ${fallback}  # no owner declared: --fallback-owner`);
      continue;
    }
    const owners = ownersOf(p.owner);
    if (owners === undefined) {
      problems.push(`product '${p.name}' has owner '${p.owner}', which GitHub cannot use as a code owner. Set owner to a GitHub user (@name), a team ` +
        '(@org/team) or an e-mail address.');
      continue;
    }
    lines.push(`${base}${p.name}/ ${owners.join(' ')}`);
  }
  if (problems.length > 0) {
    problems.forEach(p => io.err(`cdk-data-mesh codeowners: ${p}`));
    return fail(`refused (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing written.`);
  }
  const block = [
    BEGIN_MARKER,
    `# Each data product's owner reviews the access requests for it (${base}<product>/<consumer>.json, docs/data-mart.md).`,
    '# Regenerate after adding a product or changing an owner: cdk-data-mesh codeowners.',
    ...(fallback !== undefined ? [`${base} ${ownersOf(fallback)!.join(' ')}`] : []),
    ...lines,
    END_MARKER,
    '',
  ].join('\n');
  const out = path.resolve(cwd, values.out ?? path.join('.github', 'CODEOWNERS'));
  const existing = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : undefined;
  const text = withBlock(existing, block);
  const shown = path.relative(cwd, out).split(path.sep).join('/') || out;
  if (check) {
    if (existing === text) {
      io.out(`${shown} is up to date (${lines.length} product${lines.length === 1 ? '' : 's'}).`);
      return 0;
    }
    return fail(`${shown} is out of date: run cdk-data-mesh codeowners (without --check) and commit it.`);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  io.out(`wrote ${shown}: ${lines.length} product${lines.length === 1 ? '' : 's'}, each one's requests (${base}<product>/) reviewed by its owner.`);
  return 0;
}
