/*
 * Compile every TypeScript snippet of docs/*.md with jsii-rosetta in strict mode, as
 * `jsii-rosetta extract --strict` does for README.md and the `@example`s of the assembly (issue 8).
 *
 * jsii-rosetta only reads snippets from an assembly, so this writes a copy of the compiled assembly
 * (`.jsii`) whose README is the docs, into .rosetta-docs/ next to a copy of package.json and links to
 * lib/ and rosetta/ (the fixtures), and runs `jsii-rosetta extract --strict` on it. Errors name the
 * docs file and line.
 *
 *   npx projen compile && npx ts-node --project tsconfig.dev.json scripts/rosetta.ts
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const work = path.join(root, '.rosetta-docs');
const docsDir = path.join(root, 'docs');

const assemblyFile = path.join(root, '.jsii');
if (!fs.existsSync(assemblyFile)) {
  console.error('.jsii not found: run `npx projen compile` first');
  process.exit(2);
}
const assembly = JSON.parse(fs.readFileSync(assemblyFile, 'utf8'));
if (assembly.schema === 'jsii/file-redirect') {
  console.error('a compressed assembly is not supported here');
  process.exit(2);
}

/** Run jsii-rosetta; print its output with snippet names mapped by `rename`; true if it passed. */
function rosetta(dir: string, rename: (text: string) => string): boolean {
  const r = spawnSync('npx', ['jsii-rosetta', 'extract', '--strict', dir], { cwd: root, encoding: 'utf8' });
  const output = rename(`${r.stdout ?? ''}${r.stderr ?? ''}`)
    .split('\n').filter((l) => !/^!!|^\s*$/.test(l)).join('\n'); // not the Node end-of-life banner
  if (output.trim()) console.log(output);
  if (r.status !== 0) console.error(`jsii-rosetta failed (exit ${r.status}): fix the snippets above (a complete program is marked \`\`\`ts nofixture)`);
  return r.status === 0;
}

// 1. README.md and the @examples, from the compiled assembly (which embeds README.md when compiled).
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
if (assembly.readme?.markdown !== readme) {
  console.error('README.md changed since the last compile: run `npx projen compile` first');
  process.exit(2);
}
const readmeBlocks = (readme.match(/^ {0,3}```(ts|typescript)\b/gm) ?? []).length;
console.log(`README.md (${readmeBlocks} TypeScript snippets) and the @examples of ${assembly.name} (jsii-rosetta --strict)`);
let ok = rosetta(root, (t) => t.replace(/[^\s]*-README-L(\d+)\.ts:(\d+):(\d+)/g, (_, l, sl, col) => `README.md:${l} (code block; line ${sl}:${col} of it with the fixture)`));
if (ok) console.log('every TypeScript snippet of README.md and every @example compiles');

// docs/*.md concatenated; remember where each file starts to map rosetta's line numbers back.
const files = fs.existsSync(docsDir) ? fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')).sort() : [];
const segments: Array<{ file: string; start: number; lines: number }> = [];
let markdown = '';
let line = 1;
let tsBlocks = 0;
for (const f of files) {
  const text = fs.readFileSync(path.join(docsDir, f), 'utf8').replace(/\n?$/, '\n');
  const lines = text.split('\n').length - 1;
  segments.push({ file: `docs/${f}`, start: line, lines });
  tsBlocks += (text.match(/^ {0,3}```(ts|typescript)\b/gm) ?? []).length;
  markdown += text;
  line += lines;
}
if (tsBlocks === 0) {
  console.log(`no TypeScript snippets in ${files.length} docs/*.md file(s): nothing more to compile`);
  process.exit(ok ? 0 : 1);
}

// The assembly with the docs as its README and no @examples (those are compiled with the real one).
const stripExamples = (docs?: { example?: string }) => { if (docs) delete docs.example; };
for (const t of Object.values<any>(assembly.types ?? {})) {
  stripExamples(t.docs);
  stripExamples(t.initializer?.docs);
  for (const m of [...(t.methods ?? []), ...(t.properties ?? []), ...(t.members ?? [])]) stripExamples(m.docs);
}
assembly.readme = { markdown };

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work);
fs.writeFileSync(path.join(work, '.jsii'), JSON.stringify(assembly));
fs.copyFileSync(path.join(root, 'package.json'), path.join(work, 'package.json'));
for (const link of ['lib', 'rosetta']) fs.symlinkSync(path.join(root, link), path.join(work, link), 'dir');

console.log(`\n${tsBlocks} TypeScript snippet(s) of ${segments.map((s) => s.file).join(', ')} (jsii-rosetta --strict)`);
const where = (l: number) => {
  const s = segments.find((x) => l >= x.start && l < x.start + x.lines);
  return s ? `${s.file}:${l - s.start + 1}` : `line ${l}`;
};
if (rosetta(work, (t) => t.replace(/[^\s]*-README-L(\d+)\.ts:(\d+):(\d+)/g, (_, l, sl, col) => `${where(Number(l))} (code block; line ${sl}:${col} of it with the fixture)`))) {
  console.log('every TypeScript snippet of docs/*.md compiles');
} else {
  ok = false;
}
process.exit(ok ? 0 : 1);
