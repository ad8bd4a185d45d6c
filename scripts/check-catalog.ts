/*
 * Checks the data mart's catalog (`cdk-data-mesh catalog`) in a real browser; CI runs it (.ci/run, "catalog site ...").
 *
 *   npx ts-node --project tsconfig.dev.json scripts/check-catalog.ts [--docs]
 *
 * Synthesizes the reference mesh (examples/typescript), writes its catalog with the CLI command, opens it over
 * file:// in headless Chromium (Debian's /usr/bin/chromium, CHROMIUM overrides) driven by playwright-core, and
 * asserts: no console error and no network request; search narrows the list; each filter (producer, owner,
 * confidentiality, column name) narrows it; the keyboard reaches search, filters and a product in that order and
 * Enter opens it, with a visible focus; axe-core finds no serious or critical violation on any page; the ML
 * consumer's row of life_expectancy does not read the sensitive column; a hostile description renders as text.
 * The reference mesh with the bank-requests fixture (hub.addAccessRequests, cdk-data-mesh:today 2027-03-20) lists
 * its real expiring share (claims for ml, in 11 days, its request file). Screenshots go to .ci/out/catalog.png,
 * catalog-product.png, catalog-modified.png and catalog-expiring.png (with --docs, also docs/img/). Run it from the
 * repository root (the fixture's path is relative).
 * Exit 0 when every check passes, 1 otherwise (Chromium missing included: the check never passes unchecked).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { App } from 'aws-cdk-lib';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from './chromium';
import { buildDemoMesh } from '../examples/typescript/life-expectancy-pipeline';
import { catalogMain } from '../src/catalog/command';

const ROOT = path.join(__dirname, '..');
const AXE_JS = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TODAY = '2026-12-02';
/** The fixture's request (claims for ml, expires 2027-03-31), named as the synth records it: relative to the repository. */
const REQUESTS_DIR = 'test/requests/fixtures/bank-requests';
const REQUESTS_TODAY = '2027-03-20';
const HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> & "quotes" \'too\'';

const problems: string[] = [];
function check(ok: boolean, what: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) problems.push(what);
}

function writeCatalog(assembly: string, out: string, today = TODAY): void {
  const lines: string[] = [];
  const code = catalogMain([assembly, '--out', out, '--today', today], { out: t => lines.push(t), err: t => lines.push(t) });
  if (code !== 0) throw new Error(`cdk-data-mesh catalog exited ${code}: ${lines.join('\n')}`);
}

/**
 * The second catalog's assembly: the description of the Glue database `bank_claims` set to `description` (hostile),
 * and two share expiries recorded as DataProductShare records them (`Metadata['cdk-data-mesh:share']`).
 */
function modifyAssembly(assembly: string, description: string): void {
  let done = false;
  for (const file of fs.readdirSync(assembly).filter(f => f.endsWith('.template.json'))) {
    const full = path.join(assembly, file);
    const template = JSON.parse(fs.readFileSync(full, 'utf8'));
    if (file === 'Governance.template.json') {
      template.Metadata = {
        ...template.Metadata,
        'cdk-data-mesh:share': [
          { consumer: 'bi', products: ['life_expectancy'], maxConfidentiality: 'public', expires: '2026-12-10', requestFile: 'requests/life_expectancy/bi.json' },
          { consumer: 'exec', products: ['claims', 'portfolios'], expires: '2027-06-30' },
        ],
      };
    }
    for (const r of Object.values<any>(template.Resources ?? {})) {
      if (r.Type === 'AWS::Glue::Database' && r.Properties?.DatabaseInput?.Name === 'bank_claims') {
        r.Properties.DatabaseInput.Description = description;
        done = true;
      }
    }
    fs.writeFileSync(full, JSON.stringify(template));
  }
  if (!done) throw new Error('no Glue database bank_claims in the assembly');
}

const visibleProducts = (page: Page) => page.$$eval('#products > li.product', cards =>
  cards.filter(c => !(c as any).hidden).map(c => String((c as any).dataset.product)));

async function axe(page: Page, name: string, axeSource: string): Promise<void> {
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') does not apply to it.
  await page.evaluate(axeSource);
  // No preload: axe would fetch the stylesheets, which the page's CSP (connect-src) forbids.
  const result = await page.evaluate(async () => (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'], preload: false }));
  const bad = (result.violations as any[]).filter(v => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) console.error(`  axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} node(s): ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join('; ')})`);
  check(bad.length === 0, `axe-core: no serious or critical violation on ${name} (${result.violations.length} violation(s) in all)`);
}

async function main(): Promise<number> {
  const missing = chromiumMissing('the catalog');
  if (missing !== undefined) {
    console.error(missing);
    return 1;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-check-'));
  const assembly = path.join(work, 'cdk.out');
  const site = path.join(work, 'site');
  const hostile = path.join(work, 'hostile');
  const app = new App({ outdir: assembly });
  buildDemoMesh(app);
  app.synth();
  writeCatalog(assembly, site);
  modifyAssembly(assembly, HOSTILE);
  writeCatalog(assembly, hostile);
  // The reference mesh + the bank-requests fixture (hub.addAccessRequests), synthesized and counted on REQUESTS_TODAY.
  const withRequests = path.join(work, 'cdk.out.requests');
  const requestsSite = path.join(work, 'requests');
  const requestsApp = new App({ outdir: withRequests, context: { 'cdk-data-mesh:today': REQUESTS_TODAY } });
  buildDemoMesh(requestsApp).governance.hub.addAccessRequests(REQUESTS_DIR);
  requestsApp.synth();
  writeCatalog(withRequests, requestsSite, REQUESTS_TODAY);
  const axeSource = fs.readFileSync(AXE_JS, 'utf8');

  const outDir = path.join(ROOT, '.ci', 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const { context, close } = await launchChromium({ width: 1280, height: 900 });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  try {
    const page = context.pages()[0] ?? await context.newPage();
    page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', err => consoleErrors.push(`page error: ${err.message}`));
    // The site is files only: any other request fails the check.
    await page.route('**/*', route => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const index = pathToFileURL(path.join(site, 'index.html')).href;
    await page.goto(index);
    check(await page.title() === 'Data products of the bank mesh', 'the index page has its title');
    check((await visibleProducts(page)).join(',') === 'claims,life_expectancy,portfolios', 'the index lists the three products of the reference mesh');

    // Search and each filter narrow the list.
    await page.fill('#q', 'life');
    check((await visibleProducts(page)).join(',') === 'life_expectancy', "search 'life' shows life_expectancy only");
    check((await page.textContent('#count'))?.trim() === '1 of 3 products', 'the count says 1 of 3 products');
    await page.fill('#q', 'nothing-like-this');
    check(await page.isVisible('#none'), 'a search that matches nothing says so');
    await page.click('button[type=reset]');
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#products > li.product:not([hidden])').length === 3);
    check((await visibleProducts(page)).length === 3, 'Clear shows every product again');
    const filters: Array<[string, string, string, string]> = [
      ['select', '#producer', 'investments', 'portfolios'],
      ['select', '#owner', 'insurance-data@bank.example', 'claims,life_expectancy'],
      ['select', '#confidentiality', 'sensitive', 'life_expectancy,portfolios'],
      ['fill', '#column', 'claimant', 'claims'],
    ];
    for (const [kind, selector, value, expected] of filters) {
      if (kind === 'select') await page.selectOption(selector, value); else await page.fill(selector, value);
      const shown = (await visibleProducts(page)).join(',');
      check(shown === expected, `filter ${selector} = ${value} shows ${expected} (shows ${shown || 'nothing'})`);
      if (kind === 'select') await page.selectOption(selector, ''); else await page.fill(selector, '');
    }
    await page.selectOption('#producer', 'insurance');
    await page.selectOption('#confidentiality', 'sensitive');
    check((await visibleProducts(page)).join(',') === 'life_expectancy', 'filters combine (insurance and sensitive: life_expectancy)');
    await axe(page, 'the index (filtered)', axeSource);

    // The keyboard: skip link, search, the filters, Clear, then the first product; Enter opens it.
    await page.goto(index);
    const order: string[] = [];
    let outline = '';
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = (globalThis as any).document.activeElement;
        const style = (globalThis as any).getComputedStyle(el);
        return { id: el.id || (el.getAttribute('href') ?? el.tagName.toLowerCase()), outline: `${style.outlineStyle} ${style.outlineWidth}` };
      });
      order.push(focused.id);
      if (focused.id === 'q') outline = focused.outline;
    }
    const expected = ['#main', 'q', 'producer', 'owner', 'confidentiality', 'column', 'button', 'products/claims.html'];
    check(order.join(' > ') === expected.join(' > '), `Tab reaches ${expected.join(' > ')} (reached ${order.join(' > ')})`);
    check(/^solid [2-9]/.test(outline), `the focused search box shows a visible outline (${outline})`);
    await Promise.all([page.waitForURL(/products\/claims\.html$/), page.keyboard.press('Enter')]);
    check((await page.textContent('h1'))?.trim() === 'claims', 'Enter on the product link opens the claims page');
    await axe(page, 'the claims page', axeSource);

    // The index, unfiltered, for the screenshot and axe.
    await page.goto(index);
    await axe(page, 'the index', axeSource);
    await page.screenshot({ path: path.join(outDir, 'catalog.png'), fullPage: true });

    // life_expectancy: the ML consumer and its data scientist never read the sensitive column (discovery lets them
    // describe it: its name and type, no data); exec reads it.
    await page.goto(pathToFileURL(path.join(site, 'products', 'life_expectancy.html')).href);
    const rows = await page.$$eval('table.access tbody tr', trs => trs.map(tr => {
      const cells: Record<string, string> = {};
      (tr as any).querySelectorAll('td[data-column]').forEach((td: any) => { cells[td.dataset.column] = td.textContent.trim(); });
      return { consumer: String((tr as any).dataset.consumer), kind: String((tr as any).dataset.kind), cells };
    }));
    const ml = rows.filter(r => r.consumer === 'ml');
    check(ml.length === 2 && ml.every(r => r.cells.life_expectancy === 'describe' && r.cells.age === 'reads'),
      `the ML rows (account and role) read age, and only describe life_expectancy (${JSON.stringify(ml)})`);
    check(rows.some(r => r.consumer === 'exec' && r.cells.life_expectancy === 'reads'), 'the exec rows read life_expectancy (the check can tell)');
    const bi = rows.filter(r => r.consumer === 'bi');
    check(bi.length > 0 && bi.every(r => Object.values(r.cells).every(c => c === 'describe')),
      `bi (no share) sees life_expectancy's columns as metadata only (${JSON.stringify(bi)})`);
    const command = await page.textContent('table.requests tr[data-consumer="bi"] code');
    check(command === 'npx cdk-data-mesh request --consumer bi --product life_expectancy --clearance public --reason "…"',
      `bi's request command asks with its one ceiling, public (${command})`);
    check((await page.textContent('table.requests tr[data-consumer="ml"] td:last-child'))?.startsWith('shared already') === true,
      'ml, which has a share, is told to change it rather than request');
    check(await page.isVisible('a[href="../contracts/life_expectancy.odcs.yaml"]'), 'the page links the exported ODCS contract');
    await axe(page, 'the life_expectancy page', axeSource);
    await page.screenshot({ path: path.join(outDir, 'catalog-product.png'), fullPage: true });
    for (const p of ['portfolios']) {
      await page.goto(pathToFileURL(path.join(site, 'products', `${p}.html`)).href);
      await axe(page, `the ${p} page`, axeSource);
    }

    // A hostile description is text: no element, no script run.
    for (const file of ['index.html', 'products/claims.html']) {
      await page.goto(pathToFileURL(path.join(hostile, ...file.split('/'))).href);
      const facts = await page.evaluate(() => ({
        xss: (globalThis as any).__xss,
        imgs: (globalThis as any).document.querySelectorAll('img').length,
        text: String((globalThis as any).document.body.innerText),
      }));
      check(facts.xss === undefined && facts.imgs === 0 && facts.text.includes('<img src=x onerror="window.__xss=1"><script>'),
        `a hostile description renders as text on ${file}`);
    }

    // Expiring access, counted from --today, on the index and on the product's page.
    await page.goto(pathToFileURL(path.join(hostile, 'index.html')).href);
    const expiring = await page.$$eval('table.expiring tbody tr', trs => trs.map(tr => String((tr as any).innerText).replace(/\s+/g, ' ').trim()));
    check(expiring.length === 2 && expiring[0].startsWith('bi life_expectancy 2026-12-10 in 8 days (soon) requests/life_expectancy/bi.json')
      && expiring[1].startsWith('exec claims, portfolios 2027-06-30 in 210 days'), `the index lists expiring access soonest first (${JSON.stringify(expiring)})`);
    await axe(page, 'the index with expiring access', axeSource);
    await page.screenshot({ path: path.join(outDir, 'catalog-modified.png'), fullPage: true });
    await page.goto(pathToFileURL(path.join(hostile, 'products', 'life_expectancy.html')).href);
    const own = await page.$$eval('table.expiring tbody tr', trs => trs.length);
    check(own === 1, 'the life_expectancy page lists its one expiring share');

    // The real expiry: the request file's share, from a synth with cdk-data-mesh:today set, on the index and on claims.
    await page.goto(pathToFileURL(path.join(requestsSite, 'index.html')).href);
    const real = await page.$$eval('table.expiring tbody tr', trs => trs.map(tr => String((tr as any).innerText).replace(/\s+/g, ' ').trim()));
    check(real.length === 1 && real[0] === `ml claims 2027-03-31 in 11 days (soon) ${REQUESTS_DIR}/claims/ml.json`,
      `the index lists the fixture's request: ml, claims, in 11 days, its request file (${JSON.stringify(real)})`);
    await axe(page, 'the index with the fixture\'s request', axeSource);
    await page.screenshot({ path: path.join(outDir, 'catalog-expiring.png'), fullPage: true });
    await page.goto(pathToFileURL(path.join(requestsSite, 'products', 'claims.html')).href);
    const claimsRow = await page.$$eval('table.expiring tbody tr', trs => trs.map(tr => String((tr as any).innerText).replace(/\s+/g, ' ').trim()));
    check(claimsRow.length === 1 && claimsRow[0].includes('in 11 days (soon)'), `the claims page lists it too (${JSON.stringify(claimsRow)})`);
    check((await page.textContent('table.requests tr[data-consumer="ml"] td:last-child'))?.startsWith('shared already') === true,
      'ml, shared with claims by its request, is offered no second request');
    check(consoleErrors.length === 0, `no console error or warning${consoleErrors.length === 0 ? '' : `: ${consoleErrors.join(' | ')}`}`);
    check(requests.length === 0, `no network request${requests.length === 0 ? '' : `: ${requests.join(' ')}`}`);
    console.log(`screenshots: ${['catalog.png', 'catalog-product.png', 'catalog-modified.png', 'catalog-expiring.png'].map(f => path.relative(ROOT, path.join(outDir, f))).join(', ')}`);
    if (process.argv.includes('--docs')) {
      fs.mkdirSync(path.join(ROOT, 'docs', 'img'), { recursive: true });
      fs.copyFileSync(path.join(outDir, 'catalog.png'), path.join(ROOT, 'docs', 'img', 'catalog.png'));
      fs.copyFileSync(path.join(outDir, 'catalog-product.png'), path.join(ROOT, 'docs', 'img', 'catalog-product.png'));
      fs.copyFileSync(path.join(outDir, 'catalog-expiring.png'), path.join(ROOT, 'docs', 'img', 'catalog-expiring.png'));
      console.log('copied to docs/img/catalog.png, docs/img/catalog-product.png and docs/img/catalog-expiring.png');
    }
  } finally {
    await close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(problems.length === 0 ? 'the catalog works in the browser' : `${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

main().then(code => process.exit(code), e => {
  console.error(`FAIL: ${e instanceof Error ? e.stack : e}`);
  process.exit(1);
});
