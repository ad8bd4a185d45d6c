/*
 * Renders the demo's Mermaid diagram (`cdk-data-mesh report --format mermaid` of the reference bank mesh)
 * in headless Chromium and checks that it is legible; CI runs it (.ci/run, "mermaid diagram ...").
 *
 *   npx ts-node --project tsconfig.dev.json scripts/render-mermaid.ts [--docs] [--file diagram.mmd]
 *
 * Offline: a local HTTP server serves one page and mermaid from node_modules; Chromium is Debian's
 * (/usr/bin/chromium, CHROMIUM overrides), driven by playwright-core. "Legible" is asserted on the SVG:
 * mermaid renders without error; every text box (node, edge and account labels) lies inside the SVG and
 * overlaps no other; every product node has an edge; no label is clipped by its own box. The picture goes
 * to .ci/out/mermaid-demo.png (and, with --docs, docs/img/mesh-diagram.png for the README).
 * Exit 0 when legible, 1 otherwise (Chromium missing included: the check never passes unchecked).
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { chromiumMissing, launchChromium } from './chromium';
import { buildBankMesh } from '../examples/typescript/bank-mesh';
import { MeshAccessReport } from '../src';

const ROOT = path.join(__dirname, '..');
const MERMAID_JS = path.join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><style>body { margin: 16px; background: #fff; font-family: sans-serif; }</style>
<script src="/mermaid.min.js"></script></head>
<body><div id="out"></div>
<script>
(async () => {
  try {
    const text = await (await fetch('/diagram.mmd')).text();
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', flowchart: { htmlLabels: true, useMaxWidth: false } });
    const { svg } = await mermaid.render('mesh', text);
    document.getElementById('out').innerHTML = svg;
    window.__rendered = { ok: true };
  } catch (e) {
    window.__rendered = { ok: false, error: String(e && e.message || e) };
  }
})();
</script></body></html>`;

interface Box { kind: string; text: string; x: number; y: number; w: number; h: number; clipped: boolean }

function overlap(a: Box, b: Box): boolean {
  const eps = 1; // touching borders are not an overlap
  return a.x + eps < b.x + b.w && b.x + eps < a.x + a.w && a.y + eps < b.y + b.h && b.y + eps < a.y + a.h;
}

function demoDiagram(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mermaid-demo-'));
  try {
    const app = new App({ outdir });
    buildBankMesh(app);
    return MeshAccessReport.fromAssemblyDirectory(app.synth().directory).toMermaid();
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const missing = chromiumMissing('the diagram');
  if (missing !== undefined) {
    console.error(missing);
    return 1;
  }
  const file = process.argv.indexOf('--file');
  const diagram = file > 0 ? fs.readFileSync(process.argv[file + 1], 'utf8') : demoDiagram();
  const outDir = path.join(ROOT, '.ci', 'out');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'mermaid-demo.mmd'), `${diagram}\n`);

  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    else if (url === '/mermaid.min.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(fs.readFileSync(MERMAID_JS));
    else if (url === '/diagram.mmd') res.writeHead(200, { 'content-type': 'text/plain' }).end(diagram);
    else res.writeHead(404).end();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  const { context, close } = await launchChromium({ width: 1600, height: 1000 });
  const problems: string[] = [];
  try {
    const page = context.pages()[0] ?? await context.newPage();
    // Nothing but the local server: any other request is a failure (the check runs offline).
    await page.route('**/*', route => (route.request().url().startsWith(`http://127.0.0.1:${port}/`) ? route.continue() : route.abort()));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => (globalThis as any).__rendered !== undefined, undefined, { timeout: 60_000 });
    const rendered = await page.evaluate(() => (globalThis as any).__rendered as { ok: boolean; error?: string });
    if (!rendered.ok) {
      problems.push(`mermaid failed to render: ${rendered.error}`);
    } else {
      // Runs in the page: the DOM is reached through globalThis (this script is compiled without the DOM's types).
      const facts = await page.evaluate(() => {
        const doc = (globalThis as any).document;
        const svg = doc.querySelector('#out svg');
        const frame = svg.getBoundingClientRect();
        const found: Box[] = [];
        const add = (kind: string, el: any) => {
          const r = el.getBoundingClientRect();
          const text = String(el.textContent ?? '').trim();
          if (text === '' || r.width === 0) return;
          // A label is clipped when its content is wider or taller than the box that shows it.
          const clipped = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
          found.push({ kind, text, x: r.x, y: r.y, w: r.width, h: r.height, clipped });
        };
        svg.querySelectorAll('g.node .nodeLabel').forEach((el: any) => add('node', el));
        svg.querySelectorAll('g.edgeLabel .edgeLabel, g.edgeLabel span').forEach((el: any) => {
          if (el.closest('span') === el || el.classList.contains('edgeLabel')) add('edge', el);
        });
        svg.querySelectorAll('g.cluster-label .nodeLabel, g.cluster .cluster-label span').forEach((el: any) => add('account', el));
        const ids: string[] = [...svg.querySelectorAll('g.node')].map((n: any) => String(n.id));
        const edges: string[] = [...svg.querySelectorAll('path.flowchart-link, g.edgePaths path')].map((p: any) => String(p.id));
        return { frame: { x: frame.x, y: frame.y, w: frame.width, h: frame.height }, boxes: found, ids, edges, errors: svg.querySelectorAll('.error-icon').length as number };
      });
      if (facts.errors > 0) problems.push(`mermaid drew ${facts.errors} error icon(s)`);
      // The same text box may be found through two selectors: one box per position and text.
      const seen = new Set<string>();
      const boxes = facts.boxes.filter(b => {
        const k = `${b.text}|${Math.round(b.x)}|${Math.round(b.y)}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      const f = facts.frame;
      for (const b of boxes) {
        if (b.x < f.x - 1 || b.y < f.y - 1 || b.x + b.w > f.x + f.w + 1 || b.y + b.h > f.y + f.h + 1) problems.push(`${b.kind} label "${b.text}" lies outside the SVG`);
        if (b.clipped) problems.push(`${b.kind} label "${b.text}" is clipped by its box`);
      }
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          // A node label sits inside its account's box, not on its title: account titles are checked against everything.
          if (overlap(a, b)) problems.push(`${a.kind} label "${a.text}" overlaps ${b.kind} label "${b.text}"`);
        }
      }
      const products = [...diagram.matchAll(/^\s+(p\d+)\[/gm)].map(m => m[1]);
      if (products.length === 0) problems.push('the diagram has no product node');
      for (const p of products) {
        if (!new RegExp(`^\\s+${p} -->|--> ${p}$`, 'm').test(diagram)) problems.push(`product ${p} has no edge`);
        if (!facts.ids.some(id => new RegExp(`-${p}-\\d+$`).test(id))) problems.push(`product ${p} was not drawn`);
      }
      const edgeLines = diagram.split('\n').filter(l => /-->|==>/.test(l)).length;
      if (facts.edges.length < edgeLines) problems.push(`${edgeLines} edges written, ${facts.edges.length} drawn`);
      if (/\{\{|"bucket |:kms:|:s3:::|key\//i.test(diagram)) problems.push('infrastructure in the diagram (buckets or keys)');
      const kinds = ['node', 'edge', 'account'].map(k => `${boxes.filter(b => b.kind === k).length} ${k}`).join(', ');
      console.log(`rendered: ${facts.ids.length} nodes, ${facts.edges.length} edges, text boxes: ${kinds}; SVG ${Math.round(f.w)}x${Math.round(f.h)} px`);
      if (!boxes.some(b => b.kind === 'account') || !boxes.some(b => b.kind === 'edge')) problems.push(`the label boxes were not found (${kinds}): the checks would prove nothing`);
      const shot = path.join(outDir, 'mermaid-demo.png');
      await page.locator('#out svg').screenshot({ path: shot });
      console.log(`screenshot: ${path.relative(ROOT, shot)}`);
      if (process.argv.includes('--docs')) {
        fs.mkdirSync(path.join(ROOT, 'docs', 'img'), { recursive: true });
        fs.copyFileSync(shot, path.join(ROOT, 'docs', 'img', 'mesh-diagram.png'));
        console.log('copied to docs/img/mesh-diagram.png');
      }
    }
  } finally {
    await close();
    server.close();
  }
  for (const p of problems) console.error(`FAIL: ${p}`);
  console.log(problems.length === 0 ? 'the diagram is legible' : `${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

main().then(code => process.exit(code), e => {
  console.error(`FAIL: ${e instanceof Error ? e.stack : e}`);
  process.exit(1);
});
