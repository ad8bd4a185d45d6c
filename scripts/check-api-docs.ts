/*
 * API.md documents every public prop with its default and every class with an example (issue 8).
 *
 * Reads the compiled jsii assembly (`.jsii`, so run `npx projen compile` first) and fails, listing
 * each one, on:
 *   - an optional property of a struct (a `...Props`/`...Options` interface) without `@default`;
 *   - a public class (construct or not) without `@example`.
 *
 *   npx ts-node --project tsconfig.dev.json scripts/check-api-docs.ts [path/to/.jsii]
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

interface Docs { readonly default?: string; readonly example?: string; readonly summary?: string; readonly stability?: string }
interface TypeRef { readonly fqn?: string; readonly collection?: { elementtype: TypeRef }; readonly union?: { types: TypeRef[] } }
interface Property { readonly name: string; readonly optional?: boolean; readonly docs?: Docs; readonly type?: TypeRef; readonly locationInModule?: { filename: string; line: number } }
interface Callable { readonly parameters?: Array<{ name: string; type: TypeRef }> }
interface JsiiType {
  readonly fqn: string;
  readonly kind: 'class' | 'interface' | 'enum';
  readonly datatype?: boolean;
  readonly abstract?: boolean;
  readonly docs?: Docs;
  readonly properties?: Property[];
  readonly initializer?: Callable;
  readonly methods?: Callable[];
  readonly interfaces?: string[];
  readonly locationInModule?: { filename: string; line: number };
}

function loadAssembly(file: string): { name: string; types: Record<string, JsiiType> } {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (raw.schema === 'jsii/file-redirect') { // a compressed assembly: .jsii points at .jsii.gz
    const target = path.join(path.dirname(file), raw.filename);
    const buf = fs.readFileSync(target);
    return JSON.parse((raw.compression === 'gzip' ? zlib.gunzipSync(buf) : buf).toString('utf8'));
  }
  return raw;
}

const file = process.argv[2] ?? path.join(__dirname, '..', '.jsii');
if (!fs.existsSync(file)) {
  console.error(`${file} not found: run 'npx projen compile' first`);
  process.exit(2);
}
const assembly = loadAssembly(file);
const where = (loc?: { filename: string; line: number }) => (loc ? ` (${loc.filename}:${loc.line})` : '');

// `@default` says what happens when a caller leaves a property out, so it is required on the structs
// a caller passes in: those reachable from a constructor or method parameter (through nested structs,
// collections, unions and parent interfaces). Structs that are only returned (report results) are
// listed as skipped.
const types = assembly.types ?? {};
const inputStructs = new Set<string>();
const visitRef = (ref?: TypeRef): void => {
  if (!ref) return;
  if (ref.collection) return visitRef(ref.collection.elementtype);
  if (ref.union) return ref.union.types.forEach(visitRef);
  const t = ref.fqn ? types[ref.fqn] : undefined;
  if (!t || t.kind !== 'interface' || !t.datatype || inputStructs.has(t.fqn)) return;
  inputStructs.add(t.fqn);
  (t.interfaces ?? []).forEach((fqn) => visitRef({ fqn }));
  (t.properties ?? []).forEach((p) => visitRef(p.type));
};
for (const t of Object.values(types)) {
  for (const c of [t.initializer, ...(t.methods ?? [])]) (c?.parameters ?? []).forEach((p) => visitRef(p.type));
}

const noDefault: string[] = [];
const outputOnly: string[] = [];
const noExample: string[] = [];
let structProps = 0;
let classes = 0;
for (const type of Object.values(assembly.types ?? {})) {
  const name = type.fqn.replace(`${assembly.name}.`, '');
  if (type.kind === 'interface' && type.datatype) {
    if (!inputStructs.has(type.fqn)) {
      outputOnly.push(name);
      continue;
    }
    for (const p of type.properties ?? []) {
      if (!p.optional) continue;
      structProps++;
      if (!p.docs?.default?.trim()) noDefault.push(`${name}.${p.name}${where(p.locationInModule)}`);
    }
  } else if (type.kind === 'class') {
    classes++;
    if (!type.docs?.example?.trim()) noExample.push(`${name}${where(type.locationInModule)}`);
  }
}

console.log(`${assembly.name}: ${structProps} optional properties of input structs, ${classes} public classes`);
if (outputOnly.length) console.log(`skipped (returned, never passed in): ${outputOnly.sort().join(', ')}`);
if (noDefault.length) {
  console.log(`\n${noDefault.length} optional propert${noDefault.length === 1 ? 'y has' : 'ies have'} no @default:`);
  for (const n of noDefault.sort()) console.log(`  - ${n}`);
}
if (noExample.length) {
  console.log(`\n${noExample.length} public class${noExample.length === 1 ? ' has' : 'es have'} no @example:`);
  for (const n of noExample.sort()) console.log(`  - ${n}`);
}
if (noDefault.length || noExample.length) {
  console.log('\nAdd the missing `@default` / `@example` tags to the TSDoc in src/ (API.md is generated from them).');
  process.exit(1);
}
console.log('every optional input-struct property has @default and every public class has @example');
