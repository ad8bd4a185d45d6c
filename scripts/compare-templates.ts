/*
 * Compare the CloudFormation templates of several cloud assemblies (issue 8: the bank mesh written in
 * TypeScript, Python and Java must synthesize the same templates as the demo).
 *
 *   npx ts-node --project tsconfig.dev.json scripts/compare-templates.ts REFERENCE_DIR NAME=DIR...
 *
 * Each assembly must have the same stacks as the reference, and each template must be equal to the
 * reference's once the `AWS::CDK::Metadata` resources are removed (their analytics string names the
 * language). Everything else counts: the `BootstrapVersion` parameter and rule, every asset hash (the
 * RAM handler ships pre-bundled in the package, so its hash must not depend on the language) and
 * every property. The asset directories of the assemblies are compared too.
 */
import * as fs from 'fs';
import * as path from 'path';

type Json = any;

function load(dir: string): { templates: Map<string, Json>; assets: string[] } {
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw new Error(`${dir}: no cloud assembly (manifest.json) there`);
  const templates = new Map<string, Json>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.template.json')).sort()) {
    templates.set(f.replace(/\.template\.json$/, ''), JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  }
  const assets = fs.readdirSync(dir).filter((n) => n.startsWith('asset.')).sort();
  return { templates, assets };
}

/** The template without the resources that name the synthesizing language. */
function normalize(template: Json): { template: Json; metadataResources: number } {
  const t = JSON.parse(JSON.stringify(template));
  let metadataResources = 0;
  for (const [id, r] of Object.entries<Json>(t.Resources ?? {})) {
    if (r?.Type === 'AWS::CDK::Metadata') {
      delete t.Resources[id];
      metadataResources++;
    }
  }
  return { template: t, metadataResources };
}

/** Paths at which two JSON values differ (at most `limit`). */
function diff(a: Json, b: Json, at = '', out: string[] = [], limit = 20): string[] {
  if (out.length >= limit) return out;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) {
    out.push(`${at || '/'}: ${short(a)} != ${short(b)}`);
  } else if (Array.isArray(a)) {
    if (a.length !== b.length) out.push(`${at}: ${a.length} items != ${b.length} items`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) diff(a[i], b[i], `${at}[${i}]`, out, limit);
  } else if (a && typeof a === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(k in b)) out.push(`${at}/${k}: only in the reference`);
      else if (!(k in a)) out.push(`${at}/${k}: missing from the reference`);
      else diff(a[k], b[k], `${at}/${k}`, out, limit);
      if (out.length >= limit) break;
    }
  } else if (a !== b) {
    out.push(`${at}: ${short(a)} != ${short(b)}`);
  }
  return out;
}

function short(v: Json): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

const [referenceDir, ...others] = process.argv.slice(2);
if (!referenceDir || others.length === 0) {
  console.error('usage: compare-templates.ts REFERENCE_DIR NAME=DIR...');
  process.exit(2);
}

const reference = load(referenceDir);
if (reference.templates.size === 0) {
  console.error(`${referenceDir}: no templates`);
  process.exit(1);
}
let failures = 0;
let resources = 0;
for (const t of reference.templates.values()) resources += Object.keys(normalize(t).template.Resources ?? {}).length;
console.log(`reference ${referenceDir}: ${reference.templates.size} stacks (${[...reference.templates.keys()].join(', ')}), ` +
  `${resources} resources besides AWS::CDK::Metadata, assets: ${reference.assets.join(', ') || 'none'}`);

for (const arg of others) {
  const [name, dir] = arg.includes('=') ? arg.split(/=(.*)/s) : [arg, arg];
  let other: ReturnType<typeof load>;
  try {
    other = load(dir);
  } catch (e) {
    console.log(`FAIL ${name}: ${(e as Error).message}`);
    failures++;
    continue;
  }
  const problems: string[] = [];
  const missing = [...reference.templates.keys()].filter((s) => !other.templates.has(s));
  const extra = [...other.templates.keys()].filter((s) => !reference.templates.has(s));
  if (missing.length) problems.push(`stacks missing: ${missing.join(', ')}`);
  if (extra.length) problems.push(`stacks not in the reference: ${extra.join(', ')}`);
  let metadata = 0;
  for (const [stack, refTemplate] of reference.templates) {
    const template = other.templates.get(stack);
    if (!template) continue;
    const a = normalize(refTemplate);
    const b = normalize(template);
    metadata += b.metadataResources;
    const d = diff(a.template, b.template);
    if (d.length) problems.push(`${stack}: templates differ:\n      ${d.join('\n      ')}`);
  }
  if (JSON.stringify(other.assets) !== JSON.stringify(reference.assets)) {
    problems.push(`asset directories differ: ${other.assets.join(', ') || 'none'} (reference: ${reference.assets.join(', ') || 'none'})`);
  }
  if (problems.length) {
    failures++;
    console.log(`FAIL ${name} (${dir}):\n  - ${problems.join('\n  - ')}`);
  } else {
    console.log(`same ${name} (${dir}): ${other.templates.size} stacks equal to the reference ` +
      `(${metadata} AWS::CDK::Metadata resources ignored), same assets`);
  }
}
if (failures) {
  console.log(`${failures} of ${others.length} assemblies differ from ${referenceDir}`);
  process.exit(1);
}
console.log(`all ${others.length} assemblies synthesize the same templates as ${referenceDir}`);
