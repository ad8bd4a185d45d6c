/*
 * `npm run bench`: how the library scales (issue 13). Synthesizes generated meshes with the public API only —
 * P producers x N products each x C consumers; each product 2 tables x 20 columns (10 public, 5 private,
 * 5 sensitive); each consumer one tag share per producer of all its products and 3 roles (public, private and
 * sensitive clearance) — and records per size: synth wall time and peak RSS (median of --runs; every synth is a
 * child process of its own, so the RSS is that run's), stacks, resources, template bytes and outputs/parameters
 * per stack (max), the largest IAM policy (characters without whitespace, the way IAM counts), Lambda functions,
 * the CloudFormation and IAM limits broken, and the time of the report and of the doctor on the assembly.
 *
 *   npm run bench                                   # 1x5x3, 3x10x5, 10x50x10, 20x50x20, 3 runs each
 *   npm run bench -- --sizes 1x5x3,3x10x5 --runs 1  # some sizes, one run
 *   npm run bench -- --out /tmp/bench               # results.md/.json/.png elsewhere (default docs/bench)
 *   npm run bench -- --plot [docs/bench]            # results.md and results.png again from results.json (no synth)
 *
 * aws-cdk-lib stops a synth at more than 500 resources in a stack; the bench turns that check off with
 * aws-cdk-lib's documented context key `@aws-cdk/core:stackResourceLimit` = 0, so that what does not fit is
 * measured (and reported as a broken limit) rather than refused. Progress goes to stderr.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the library, aws-cdk-lib and the report are loaded lazily: each child
   process loads only what it measures, and a synth child's load time is measured apart from its construction. */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

const ROOT = path.join(__dirname, '..');
const DEFAULT_SIZES = ['1x5x3', '3x10x5', '10x50x10', '20x50x20'];
/** CloudFormation's limits per template (IAM's policy quotas are DM-42's: src/report/rules/dm-42-iam-policy-size.ts). */
export const LIMITS = {
  resources: 500,
  templateBytes: 1_000_000,
  outputs: 200,
  parameters: 200,
};

export interface Size { readonly producers: number; readonly products: number; readonly consumers: number }

export function parseSize(s: string): Size {
  const m = /^(\d+)x(\d+)x(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`bench: size '${s}' is not PxNxC (producers x products per producer x consumers), e.g. 3x10x5`);
  const [producers, products, consumers] = [m[1], m[2], m[3]].map(Number);
  if (producers < 1 || products < 1 || consumers < 1) throw new Error(`bench: size '${s}' needs at least 1 of each`);
  return { producers, products, consumers };
}

const sizeName = (s: Size) => `${s.producers}x${s.products}x${s.consumers}`;

// ---------------------------------------------------------------------------------------------
// The generated mesh (public API only).

/** Builds the mesh of `size` into `app` (the library is loaded from src/ or lib/, whichever `lib` points at). */
export function buildMesh(app: any, size: Size, lib: any, options: { shards?: number } = {}): void {
  const { Stack } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const { ColumnType, Confidentiality, DataConsumer, DataProducer, DataProductShare, GovernanceHub, LfTagOntology, MeshDescription } = lib;
  // Shards per producer (MeshDescription, issue 13): a product costs 2 + 4 per table + 1 per consumer in its governance
  // shard and 1 + 1 per role in a consumer's; `shardsFor` counts how the hash really spreads the declared products.
  const declared = Array.from({ length: size.producers }, (_, i) => ({
    domain: `prod${i}`,
    account: String(200_000_000_000 + i),
    products: Array.from({ length: size.products }, (__, k) => `d${i}_product_${k}`),
  }));
  const governance = { account: '100000000000', region: 'eu-west-1' };
  const plan = new MeshDescription({ name: 'bench', governance, producers: declared, consumers: [] });
  const producers = declared.map(p => ({ ...p, shards: options.shards ?? plan.shardsFor(p.domain, 2 + 4 * 2 + size.consumers, 1 + 3) }));
  const consumers = Array.from({ length: size.consumers }, (_, j) => ({ domain: `cons${j}`, account: String(300_000_000_000 + j) }));
  const mesh = new MeshDescription({ name: 'bench', governance, producers, consumers });
  const gov = new Stack(app, 'Governance', { env: mesh.governanceEnv() });
  const tags = new LfTagOntology(gov, 'Tags', { mesh });
  const hub = new GovernanceHub(gov, 'Hub', { mesh, ontology: tags });
  const level = (c: number) => (c < 10 ? undefined : c < 15 ? Confidentiality.PRIVATE : Confidentiality.SENSITIVE);
  const byProducer = producers.map(p => p.products.map((name: string) => hub.addDataProduct(name, {
    owner: `${p.domain}@bench.example`,
    tables: [0, 1].map(t => ({
      name: `t${t}`,
      columns: Array.from({ length: 20 }, (__, c) => ({ name: `c${c}`, type: ColumnType.STRING, confidentiality: level(c) })),
    })),
  })));
  for (const c of consumers) {
    byProducer.forEach((products, i) => new DataProductShare(gov, `To${c.domain}From${i}`, {
      hub, consumer: c.domain, products, maxConfidentiality: Confidentiality.SENSITIVE, allowSensitive: true,
    }));
  }
  for (const p of producers) new DataProducer(new Stack(app, `Producer-${p.domain}`, { env: mesh.producerEnv(p.domain) }), 'Lake', { mesh, domain: p.domain });
  for (const c of consumers) {
    const consumer = new DataConsumer(new Stack(app, `Consumer-${c.domain}`, { env: mesh.consumerEnv(c.domain) }), 'Consumer', { mesh, domain: c.domain });
    consumer.addRole('public-reader', { clearance: Confidentiality.PUBLIC });
    consumer.addRole('private-reader', { clearance: Confidentiality.PRIVATE });
    consumer.addRole('sensitive-reader', { clearance: Confidentiality.SENSITIVE });
  }
}

// ---------------------------------------------------------------------------------------------
// What a synthesized assembly holds.

export interface StackMeasure { name: string; resources: number; bytes: number; outputs: number; parameters: number; lambdas: number }
export interface PolicyMeasure { stack: string; kind: string; name: string; chars: number; limit: number }
export interface AssemblyMeasure { stacks: StackMeasure[]; policies: PolicyMeasure[]; broken: string[] }

/**
 * Measures every template of an assembly directory against CloudFormation's and IAM's limits. Policy sizes are
 * the doctor's (DM-42): the resolved document (intrinsics resolved as the report resolves them) without white space.
 */
export function measureAssembly(dir: string): AssemblyMeasure {
  const { readAssembly } = require(path.join(ROOT, 'src', 'report', 'assembly'));
  const { loadResources } = require(path.join(ROOT, 'src', 'report', 'resolver'));
  const { policySizes } = require(path.join(ROOT, 'src', 'report', 'rules', 'dm-42-iam-policy-size'));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const stacks: StackMeasure[] = [];
  for (const [name, art] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (art.type !== 'aws:cloudformation:stack') continue;
    const text = fs.readFileSync(path.join(dir, art.properties.templateFile), 'utf8');
    const t = JSON.parse(text);
    const resources = Object.values<any>(t.Resources ?? {});
    stacks.push({
      name,
      resources: resources.length,
      bytes: Buffer.byteLength(text),
      outputs: Object.keys(t.Outputs ?? {}).length,
      parameters: Object.keys(t.Parameters ?? {}).length,
      lambdas: resources.filter(r => r.Type === 'AWS::Lambda::Function').length,
    });
  }
  const policies: PolicyMeasure[] = policySizes(loadResources(readAssembly(dir))).map((p: any) => ({
    stack: p.resource.stack.stackName, kind: p.kind === 'inline' ? 'inline, role aggregate' : p.kind, name: p.resource.logicalId, chars: p.size, limit: p.quota,
  }));
  const broken: string[] = [];
  for (const s of stacks) {
    if (s.resources > LIMITS.resources) broken.push(`${s.name}: ${s.resources} resources > ${LIMITS.resources}`);
    if (s.bytes > LIMITS.templateBytes) broken.push(`${s.name}: template ${s.bytes} bytes > ${LIMITS.templateBytes}`);
    if (s.outputs > LIMITS.outputs) broken.push(`${s.name}: ${s.outputs} outputs > ${LIMITS.outputs}`);
    if (s.parameters > LIMITS.parameters) broken.push(`${s.name}: ${s.parameters} parameters > ${LIMITS.parameters}`);
  }
  for (const p of policies) if (p.chars > p.limit) broken.push(`${p.stack}: ${p.kind} policy ${p.name} ${p.chars} chars > ${p.limit}`);
  return { stacks, policies, broken };
}

// ---------------------------------------------------------------------------------------------
// Children: one synth, or one report/doctor run, per process.

/** CPU time (user + system, milliseconds) since `since`: on a shared machine the wall time also counts the others' work. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

function childSynth(size: Size, outdir: string): void {
  const t0 = performance.now();
  const { App } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const lib = require(path.join(ROOT, 'src'));
  const tLoaded = performance.now();
  const cpuLoaded = process.cpuUsage();
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir, context: { '@aws-cdk/core:stackResourceLimit': 0 } });
  buildMesh(app, size, lib);
  const tBuilt = performance.now();
  app.synth();
  const tDone = performance.now();
  process.stdout.write(JSON.stringify({
    loadMs: tLoaded - t0, constructMs: tBuilt - tLoaded, synthMs: tDone - tBuilt, maxRssKb: process.resourceUsage().maxRSS, cpuMs: cpuMs(cpuLoaded),
  }));
}

function childReport(dir: string, command: 'report' | 'doctor'): void {
  const { analyzeAssembly } = require(path.join(ROOT, 'src', 'report', 'analyze'));
  const { formatJson, formatTable } = require(path.join(ROOT, 'src', 'report', 'format'));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { report } = analyzeAssembly(dir);
  const tAnalyzed = performance.now();
  let formatError: string | undefined;
  const entries = report.access.length;
  try {
    // `report` prints JSON here (the table formatter of this branch spreads every entry into Math.max, see issue 13);
    // `doctor` is `report --check --format table`.
    if (command === 'report') formatJson(report); else formatTable(report);
  } catch (e) {
    formatError = String((e as Error).message ?? e);
  }
  const tDone = performance.now();
  process.stdout.write(JSON.stringify({
    analyzeMs: tAnalyzed - t0,
    totalMs: tDone - t0,
    cpuMs: cpuMs(cpu0),
    entries,
    findings: report.findings.length,
    errors: report.findings.filter((f: any) => f.severity === 'error').map((f: any) => f.id),
    formatError,
  }));
}

function runChild(args: string[]): any {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=6144`.trim() },
  });
  if (r.status !== 0) throw new Error(`bench child ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr.split('\n').filter(l => l.length < 400).slice(-30).join('\n')}`);
  return JSON.parse(r.stdout);
}

// ---------------------------------------------------------------------------------------------
// The parent: sizes, medians, results.md/.json and the plot.

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const progress = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

interface SizeResult {
  size: string;
  products: number;
  runs: number;
  synthS: number;
  constructS: number;
  rssMb: number;
  synthCpuS: number;
  reportCpuS: number;
  doctorCpuS: number;
  stacks: number;
  totalResources: number;
  maxResources: { stack: string; value: number };
  maxBytes: { stack: string; value: number };
  maxOutputs: number;
  maxParameters: number;
  lambdas: number;
  largestPolicy: PolicyMeasure | undefined;
  broken: string[];
  reportS: number;
  doctorS: number;
  accessEntries: number;
  findings: number;
  errorRules: string[];
  formatError?: string;
}

function benchSize(size: Size, runs: number, work: string): SizeResult {
  const dir = path.join(work, sizeName(size));
  const synths: any[] = [];
  for (let i = 0; i < runs; i++) {
    progress(`${sizeName(size)}: synth ${i + 1}/${runs}`);
    synths.push(runChild(['--child-synth', sizeName(size), dir]));
    progress(`${sizeName(size)}: synth ${i + 1}/${runs} ${(synths[i].constructMs / 1000 + synths[i].synthMs / 1000).toFixed(1)} s, ${(synths[i].maxRssKb / 1024).toFixed(0)} MB`);
  }
  const m = measureAssembly(dir);
  const byMax = (f: (s: StackMeasure) => number) => m.stacks.reduce((a, s) => (f(s) > a.value ? { stack: s.name, value: f(s) } : a), { stack: '', value: -1 });
  progress(`${sizeName(size)}: ${m.stacks.length} stacks, max ${byMax(s => s.resources).value} resources; report and doctor`);
  const reports: any[] = [];
  const doctors: any[] = [];
  for (let i = 0; i < runs; i++) {
    reports.push(runChild(['--child-report', 'report', dir]));
    progress(`${sizeName(size)}: report ${i + 1}/${runs} ${(reports[i].totalMs / 1000).toFixed(1)} s`);
    doctors.push(runChild(['--child-report', 'doctor', dir]));
    progress(`${sizeName(size)}: doctor ${i + 1}/${runs} ${(doctors[i].totalMs / 1000).toFixed(1)} s${doctors[i].formatError ? ` (table format failed: ${doctors[i].formatError})` : ''}`);
  }
  const largestPolicy = [...m.policies].sort((a, b) => b.chars / b.limit - a.chars / a.limit)[0];
  return {
    size: sizeName(size),
    products: size.producers * size.products,
    runs,
    synthS: median(synths.map(s => (s.constructMs + s.synthMs) / 1000)),
    constructS: median(synths.map(s => s.constructMs / 1000)),
    rssMb: median(synths.map(s => s.maxRssKb / 1024)),
    synthCpuS: median(synths.map(s => s.cpuMs / 1000)),
    reportCpuS: median(reports.map(r => r.cpuMs / 1000)),
    doctorCpuS: median(doctors.map(r => r.cpuMs / 1000)),
    stacks: m.stacks.length,
    totalResources: m.stacks.reduce((a, s) => a + s.resources, 0),
    maxResources: byMax(s => s.resources),
    maxBytes: byMax(s => s.bytes),
    maxOutputs: Math.max(0, ...m.stacks.map(s => s.outputs)),
    maxParameters: Math.max(0, ...m.stacks.map(s => s.parameters)),
    lambdas: m.stacks.reduce((a, s) => a + s.lambdas, 0),
    largestPolicy,
    broken: m.broken,
    reportS: median(reports.map(r => r.totalMs / 1000)),
    doctorS: median(doctors.map(r => r.totalMs / 1000)),
    accessEntries: reports[0].entries,
    findings: reports[0].findings,
    errorRules: [...new Set<string>(reports[0].errors)].sort(),
    formatError: doctors.find(d => d.formatError)?.formatError,
  };
}

function machine(): Record<string, string> {
  let nproc = String(os.cpus().length);
  try { nproc = execFileSync('nproc', { encoding: 'utf8' }).trim(); } catch { /* os.cpus() */ }
  return {
    date: new Date().toISOString(),
    nproc,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    load: os.loadavg().map(l => l.toFixed(1)).join(' '),
  };
}

function markdown(results: SizeResult[], host: Record<string, string>, runs: number, notes?: string): string {
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  const lines = [
    '# Scale benchmark (`npm run bench`)',
    '',
    'Generated by `scripts/bench.ts` — do not edit by hand (re-run the bench). Meshes built with the public API:',
    'P producers × N products each × C consumers; each product 2 tables × 20 columns (10 public, 5 private,',
    '5 sensitive); each consumer one tag share per producer of all its products and 3 roles (public, private,',
    'sensitive). aws-cdk-lib\'s 500-resource check is off (`@aws-cdk/core:stackResourceLimit` = 0) so that what',
    'does not fit is measured; the limits are checked by the bench instead.',
    '',
    `Machine: ${host.nproc} cores (${host.cpu}), ${host.memory}, Node ${host.node}, load ${host.load} at the start; ${host.date}.`,
    `Runs per size: ${runs}${runs < 3 ? ' (fewer than 3: single-run numbers, not medians)' : ' (medians)'}. Each synth, report and doctor is a child process of its own; times are wall clock with the process\'s CPU time (user + system) in parentheses (on a shared machine the wall time also counts other processes\' work).`,
    '',
    '| mesh | products | synth (CPU) | of which construction | peak RSS | stacks | resources (total) | max resources / stack | max template | max outputs / parameters | Lambda functions | largest IAM policy | report (CPU) | doctor (CPU) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(r => `| ${r.size} | ${r.products} | ${r.synthS.toFixed(1)} s (${r.synthCpuS.toFixed(1)} s) | ${r.constructS.toFixed(1)} s | ${r.rssMb.toFixed(0)} MB | ${r.stacks} | ` +
      `${r.totalResources} | ${r.maxResources.value} (${r.maxResources.stack}) | ${kb(r.maxBytes.value)} (${r.maxBytes.stack}) | ${r.maxOutputs} / ${r.maxParameters} | ` +
      `${r.lambdas} | ${r.largestPolicy ? `${r.largestPolicy.chars} / ${r.largestPolicy.limit} (${r.largestPolicy.kind}, ${r.largestPolicy.stack})` : '—'} | ` +
      `${r.reportS.toFixed(1)} s (${r.reportCpuS.toFixed(1)} s) | ${r.doctorS.toFixed(1)} s (${r.doctorCpuS.toFixed(1)} s)${r.formatError ? ' (table format failed)' : ''} |`),
    '',
    '## Limits broken',
    '',
    ...results.flatMap(r => [
      `- **${r.size}**: ${r.broken.length === 0 ? 'none' : `${r.broken.length} — ${r.broken.slice(0, 6).join('; ')}${r.broken.length > 6 ? `; … (${r.broken.length - 6} more)` : ''}`}`,
    ]),
    '',
    '## Report and doctor',
    '',
    'The report is `analyzeAssembly` + `formatJson`; the doctor is `analyzeAssembly` + `formatTable` (`doctor` = `report --check --format table`).',
    '',
    ...results.map(r => `- **${r.size}**: ${r.accessEntries} access entries, ${r.findings} findings (error rules: ${r.errorRules.join(', ') || 'none'})` +
      `${r.formatError ? `; the table format failed: ${r.formatError}` : ''}`),
    '',
    '![resources and time against products](results.png)',
    '',
    ...(notes ? [notes.trim(), ''] : []),
  ];
  return lines.join('\n');
}

/** An SVG chart: resources (max per stack, total) and times (synth, report) against products, log-log. */
function chartSvg(results: SizeResult[]): string {
  const W = 900; const H = 560; const L = 80; const R = 80; const T = 50; const B = 70;
  const xs = results.map(r => r.products);
  const lx = (v: number) => Math.log10(Math.max(v, 1));
  const [x0, x1] = [Math.floor(lx(Math.min(...xs))), Math.ceil(lx(Math.max(...xs)) + 0.01)];
  const res = results.flatMap(r => [r.maxResources.value, r.totalResources]);
  const tim = results.flatMap(r => [r.synthS, r.synthCpuS, r.reportCpuS, r.doctorCpuS]).map(t => Math.max(t, 0.01));
  const [r0, r1] = [Math.floor(lx(Math.min(...res))), Math.ceil(lx(Math.max(...res)) + 0.01)];
  const [t0, t1] = [Math.floor(Math.log10(Math.min(...tim))), Math.ceil(Math.log10(Math.max(...tim)) + 0.01)];
  const px = (v: number) => L + ((lx(v) - x0) / (x1 - x0 || 1)) * (W - L - R);
  const pyR = (v: number) => H - B - ((lx(v) - r0) / (r1 - r0 || 1)) * (H - T - B);
  const pyT = (v: number) => H - B - ((Math.log10(Math.max(v, 0.01)) - t0) / (t1 - t0 || 1)) * (H - T - B);
  const series = [
    { name: 'max resources per stack (left)', color: '#1f77b4', y: (r: SizeResult) => pyR(r.maxResources.value), dash: '' },
    { name: 'resources, all stacks (left)', color: '#aec7e8', y: (r: SizeResult) => pyR(r.totalResources), dash: '' },
    { name: 'synth seconds, wall (right)', color: '#d62728', y: (r: SizeResult) => pyT(r.synthS), dash: '6 4' },
    { name: 'synth CPU seconds (right)', color: '#ff7f0e', y: (r: SizeResult) => pyT(r.synthCpuS), dash: '2 3' },
    { name: 'report CPU seconds (right)', color: '#2ca02c', y: (r: SizeResult) => pyT(r.reportCpuS), dash: '6 4' },
    { name: 'doctor CPU seconds (right)', color: '#9467bd', y: (r: SizeResult) => pyT(r.doctorCpuS), dash: '2 3' },
  ];
  const el: string[] = [];
  for (let e = x0; e <= x1; e++) el.push(`<line x1="${px(10 ** e)}" y1="${T}" x2="${px(10 ** e)}" y2="${H - B}" stroke="#eee"/><text x="${px(10 ** e)}" y="${H - B + 20}" text-anchor="middle">${10 ** e}</text>`);
  for (let e = r0; e <= r1; e++) el.push(`<line x1="${L}" y1="${pyR(10 ** e)}" x2="${W - R}" y2="${pyR(10 ** e)}" stroke="#eee"/><text x="${L - 8}" y="${pyR(10 ** e) + 4}" text-anchor="end">${10 ** e}</text>`);
  for (let e = t0; e <= t1; e++) el.push(`<text x="${W - R + 8}" y="${pyT(10 ** e) + 4}">${+(10 ** e).toPrecision(2)} s</text>`);
  el.push(`<line x1="${L}" y1="${pyR(LIMITS.resources)}" x2="${W - R}" y2="${pyR(LIMITS.resources)}" stroke="#1f77b4" stroke-dasharray="1 3"/>` +
    `<text x="${L + 6}" y="${pyR(LIMITS.resources) - 5}" fill="#1f77b4">CloudFormation limit: 500 resources per stack</text>`);
  for (const s of series) {
    el.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2.5" stroke-dasharray="${s.dash}" points="${results.map(r => `${px(r.products)},${s.y(r)}`).join(' ')}"/>`);
    for (const r of results) el.push(`<circle cx="${px(r.products)}" cy="${s.y(r)}" r="4" fill="${s.color}"/>`);
  }
  series.forEach((s, i) => el.push(`<line x1="${L + 10}" y1="${T + 14 + i * 18}" x2="${L + 40}" y2="${T + 14 + i * 18}" stroke="${s.color}" stroke-width="2.5" stroke-dasharray="${s.dash}"/>` +
    `<text x="${L + 48}" y="${T + 18 + i * 18}">${s.name}</text>`));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="13">` +
    '<rect width="100%" height="100%" fill="white"/>' +
    `<text x="${W / 2}" y="28" text-anchor="middle" font-size="16">cdk-data-mesh: resources and time against products (log-log; ${results.map(r => r.size).join(', ')})</text>` +
    `<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="#999"/>${el.join('')}` +
    `<text x="${W / 2}" y="${H - 25}" text-anchor="middle">data products in the mesh</text>` +
    `<text transform="translate(20 ${H / 2}) rotate(-90)" text-anchor="middle">resources</text>` +
    `<text transform="translate(${W - 15} ${H / 2}) rotate(90)" text-anchor="middle">seconds</text></svg>`;
}

/** Screenshots the SVG with a headless Chromium (no network); returns false when there is none. */
function renderPng(svgFile: string, pngFile: string): boolean {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(f => fs.existsSync(f));
  if (!chromium) return false;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-chromium-'));
  const r = spawnSync(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${profile}`,
    `--screenshot=${pngFile}`, '--window-size=900,560', `file://${svgFile}`,
  ], { encoding: 'utf8', timeout: 120_000 });
  fs.rmSync(profile, { recursive: true, force: true });
  return r.status === 0 && fs.existsSync(pngFile);
}

/** Chart and results.md again from a recorded results.json (after editing notes.md, or where Chromium was missing). */
function plotOnly(out: string): void {
  const recorded = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as { machine: Record<string, string>; runs: number; results: SizeResult[] };
  const notesFile = path.join(out, 'notes.md');
  const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8') : undefined;
  fs.writeFileSync(path.join(out, 'results.md'), markdown(recorded.results, recorded.machine, recorded.runs, notes));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-data-mesh-bench-'));
  const svg = path.join(work, 'results.svg');
  fs.writeFileSync(svg, chartSvg(recorded.results));
  const png = renderPng(svg, path.join(out, 'results.png'));
  fs.rmSync(work, { recursive: true, force: true });
  if (!png) throw new Error('bench --plot: no headless Chromium at /usr/bin/chromium to render results.png (install Debian\'s chromium)');
  progress(`wrote ${path.relative(process.cwd(), out)}/results.md and results.png from results.json`);
}

function main(argv: string[]): void {
  if (argv[0] === '--child-synth') return childSynth(parseSize(argv[1]), argv[2]);
  if (argv[0] === '--child-report') return childReport(argv[2], argv[1] as 'report' | 'doctor');
  if (argv[0] === '--plot') return plotOnly(path.resolve(argv[1] ?? 'docs/bench'));
  let sizes = DEFAULT_SIZES;
  let runs = 3;
  let out = path.join(ROOT, 'docs', 'bench');
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--sizes') sizes = value().split(',');
    else if (flag === '--runs') runs = Number(value());
    else if (flag === '--out') out = path.resolve(value());
    else throw new Error(`bench: unknown option '${argv[i]}' (use --sizes 1x5x3,3x10x5 --runs 3 --out docs/bench)`);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`bench: --runs must be a positive integer, got '${runs}'`);
  const parsed = sizes.map(parseSize);
  const host = machine();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-data-mesh-bench-'));
  progress(`sizes ${sizes.join(', ')}, ${runs} run(s) each; assemblies under ${work}`);
  const results: SizeResult[] = [];
  fs.mkdirSync(out, { recursive: true });
  const notesFile = path.join(out, 'notes.md');
  for (const size of parsed) {
    results.push(benchSize(size, runs, work));
    fs.rmSync(path.join(work, sizeName(size)), { recursive: true, force: true });
    // Written after every size: a long run that is stopped keeps what it measured.
    fs.writeFileSync(path.join(out, 'results.json'), `${JSON.stringify({ machine: host, runs, results }, undefined, 2)}\n`);
    // notes.md (hand-written: profiles, before/after) is appended to the generated results.md.
    fs.writeFileSync(path.join(out, 'results.md'), markdown(results, host, runs, fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8') : undefined));
    progress(`${sizeName(size)}: written to ${path.relative(process.cwd(), out)}/results.md and results.json`);
  }
  const svg = path.join(work, 'results.svg');
  fs.writeFileSync(svg, chartSvg(results));
  const png = renderPng(svg, path.join(out, 'results.png'));
  if (!png) fs.copyFileSync(svg, path.join(out, 'results.svg'));
  fs.rmSync(work, { recursive: true, force: true });
  progress(`wrote ${path.relative(process.cwd(), out)}/results.md, results.json and ${png ? 'results.png' : 'results.svg (no Chromium for the PNG)'}`);
}

if (require.main === module) main(process.argv.slice(2));
