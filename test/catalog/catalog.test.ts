/*
 * The data mart's catalog (issue 18): its model from the reference mesh, the rendered pages (escaping, the
 * request commands, expiring access with an injected date) and the `catalog` command's options and files.
 * The site in a real browser is scripts/check-catalog.ts (CI).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildDemoMesh } from '../../examples/typescript/life-expectancy-pipeline';
import { CATALOG_USAGE, catalogMain } from '../../src/catalog/command';
import { escapeHtml, renderCatalog } from '../../src/catalog/html';
import { buildCatalogModel, CatalogModel, requestCommand, shellWord } from '../../src/catalog/model';
import { ProductRecord } from '../../src/catalog/source';
import { main } from '../../src/cli';
import { analyzeStacks } from '../../src/report/analyze';
import { readAssembly } from '../../src/report/assembly';
import { readProducts } from '../../src/report/products';
import { readMeshView } from '../../src/report/request-view';
import { checkRequests, requestFilePath } from '../../src/report/requests';
import { readStackMetadata } from '../../src/report/stack-metadata';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-test-'));
const assembly = path.join(work, 'cdk.out');
let model: CatalogModel;

beforeAll(() => {
  const app = new App({ outdir: assembly });
  buildDemoMesh(app);
  app.synth();
  const stacks = readAssembly(assembly);
  const analysis = analyzeStacks(stacks);
  model = buildCatalogModel({
    mesh: 'bank',
    today: '2026-12-02',
    products: readProducts(stacks),
    report: analysis.report,
    visibility: analysis.visibility,
    consumers: ['ml', 'bi', 'exec'],
    expiries: [],
    ceilings: new Map([['bi', 'public'], ['ml', 'private'], ['exec', 'sensitive']]),
  });
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = catalogMain(argv, { out: t => out.push(t), err: t => err.push(t) }, () => new Date('2026-12-02T10:00:00Z'));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the model of the reference mesh', () => {
  test('every product with its producer, owner, tables and column levels', () => {
    expect(model.products.map(p => [p.name, p.producer, p.owner, p.database])).toEqual([
      ['claims', 'insurance', 'insurance-data@bank.example', 'bank_claims'],
      ['life_expectancy', 'insurance', 'insurance-data@bank.example', 'bank_life_expectancy'],
      ['portfolios', 'investments', 'investments-data@bank.example', 'bank_portfolios'],
    ]);
    const life = model.products.find(p => p.name === 'life_expectancy')!;
    expect(life.tables[0].columns.map(c => [c.name, c.confidentiality])).toEqual([
      ['policy_id', 'public'], ['customer_name', 'private'], ['age', 'public'], ['life_expectancy', 'sensitive'],
    ]);
    expect(model.levels).toEqual(['public', 'private', 'sensitive']);
    const claims = model.products.find(p => p.name === 'claims')!;
    expect(claims.tables[0].columns.filter(c => c.partition).map(c => c.name)).toEqual(['ingest_date']);
  });

  test('who sees what comes from the evaluator: ML and its data scientist never read life_expectancy', () => {
    const life = model.products.find(p => p.name === 'life_expectancy')!;
    const ml = life.access.filter(a => a.consumer === 'ml');
    // Discovery shows them the name and type of life_expectancy (DESCRIBE on the table): described in their row, never read.
    expect(ml.map(a => [a.kind, a.principal, a.clearance, a.metadataOnly, a.columns, a.described, a.hidden])).toEqual([
      ['account', '555555555555', 'private', false, ['age', 'customer_name', 'policy_id'], ['life_expectancy'], []],
      ['role', 'arn:aws:iam::555555555555:role/bank-ml-data-scientist', 'private', false, ['age', 'customer_name', 'policy_id'], ['life_expectancy'], []],
    ]);
    expect(life.access.filter(a => a.consumer === 'exec').every(a => a.columns.includes('life_expectancy'))).toBe(true);
    // Producer and governance principals are no consumers: not listed.
    expect(life.access.every(a => a.consumer !== null)).toBe(true);
    // bi has no share of it: discovery shows it every column as metadata, no data.
    const bi = life.access.filter(a => a.consumer === 'bi');
    expect(bi.map(a => [a.kind, a.metadataOnly, a.columns.length, a.hidden])).toEqual([['account', true, 4, []], ['role', true, 4, []]]);
  });

  test('the request command: for a consumer without a share, with its one ceiling; a consumer with a share changes it', () => {
    const life = model.products.find(p => p.name === 'life_expectancy')!;
    expect(life.requests).toEqual([
      { consumer: 'bi', shared: false, clearance: 'public', command: 'npx cdk-data-mesh request --consumer bi --product life_expectancy --clearance public --reason "…"' },
      { consumer: 'exec', current: 'sensitive', shared: true },
      { consumer: 'ml', current: 'private', shared: true },
    ]);
    const claims = model.products.find(p => p.name === 'claims')!;
    expect(claims.requests.find(r => r.consumer === 'ml')).toEqual({ consumer: 'ml', shared: false, clearance: 'private', command: requestCommand('ml', 'claims', 'private') });
    // Without a ceiling: the product's highest level below the top; the top level needs --sensitive.
    const stacks = readAssembly(assembly);
    const analysis = analyzeStacks(stacks);
    const free = buildCatalogModel({ today: '2026-12-02', products: readProducts(stacks), report: analysis.report, visibility: analysis.visibility, consumers: ['bi'], expiries: [] });
    expect(free.products.find(p => p.name === 'life_expectancy')!.requests[0].clearance).toBe('private');
    expect(requestCommand('bi', 'life_expectancy', 'sensitive', true)).toBe('npx cdk-data-mesh request --consumer bi --product life_expectancy --clearance sensitive --sensitive --reason "…"');
  });
});

test('every request command the catalog offers passes the request checks (src/report/requests.ts), one at a time', () => {
  const view = readMeshView(readAssembly(assembly));
  const offered = model.products.flatMap(p => p.requests.filter(r => r.command !== undefined).map(r => ({ product: p.name, ...r })));
  expect(offered.map(r => `${r.consumer}/${r.product}/${r.clearance}`)).toEqual(['ml/claims/private', 'bi/life_expectancy/public', 'ml/portfolios/private']);
  for (const r of offered) {
    const sensitive = r.command!.includes(' --sensitive');
    const request = { consumer: r.consumer, product: r.product, clearance: r.clearance!, reason: 'catalog test', sensitive };
    const result = checkRequests([{ file: requestFilePath('requests', r.product, r.consumer), request }], view, '2026-12-02', 'new');
    expect([r.command, result.problems]).toEqual([r.command, []]);
  }
});

describe('the pages', () => {
  test('an index, one page per product, a stylesheet and a script; nothing from the network', () => {
    const files = renderCatalog(model);
    expect(files.map(f => f.path)).toEqual(['index.html', 'products/claims.html', 'products/life_expectancy.html', 'products/portfolios.html', 'catalog.css', 'catalog.js']);
    // Nothing loaded from elsewhere: every src and stylesheet is a file of the site (links to a support page are fine).
    for (const f of files) expect(f.content).not.toMatch(/\ssrc="(?!catalog\.js|\.\.\/catalog\.js)|<link [^>]*href="(?!(\.\.\/)?catalog\.css)|@import|url\(/);
    expect(files.find(f => f.path === 'products/claims.html')!.content).toMatch(/<a href="(https:|mailto:)[^"]+">/);
    const index = files[0].content;
    expect(index).toContain('<script src="catalog.js"></script>');
    expect(index).not.toMatch(/<script>|\son[a-z]+=/);
    expect(index).toContain('<label for="q">Search</label>');
    expect(index).toContain('data-levels="public private sensitive"');
  });

  test('a hostile name, description and owner render as text', () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>\'&';
    const product: ProductRecord = {
      name: 'x"><script>alert(3)</script>',
      producer: 'p<b>',
      governanceAccount: '111111111111',
      database: 'db',
      owner: hostile,
      description: hostile,
      discoverable: true,
      freshness: 'PT26H',
      updateFrequency: 'P1D',
      retention: 'P2555D',
      supportContact: hostile,
      quality: [{ dqdl: 'Rules = [ RowCount > 0 ] </pre><script>', description: hostile }],
      tables: [{ name: 't', partitionKeys: [], columns: [{ name: 'c', type: 'string', confidentiality: 'public', comment: hostile }] }],
    };
    const m = buildCatalogModel({
      today: '2026-12-02',
      products: [product],
      report: { access: [], findings: [], metadata: [] },
      visibility: { levels: ['public'], tables: [], principals: new Map() },
      consumers: ['ml'],
      expiries: [],
      contracts: new Map([[product.name, { path: 'contracts/x.odcs.yaml', text: `description: ${hostile}` }]]),
    });
    const [index, page] = renderCatalog(m);
    expect(page.path).toBe('products/x-script-alert-3-script.html');
    // Freshness, frequency, retention, quality rules and the contract are shown.
    expect(page.content).toContain('data at most 26 hours old (PT26H)');
    expect(page.content).toContain('every 1 day (P1D)');
    expect(page.content).toContain('kept 2555 days (P2555D)');
    expect(page.content).toContain('Rules = [ RowCount &gt; 0 ] &lt;/pre&gt;&lt;script&gt;');
    expect(page.content).toContain('<a href="../contracts/x.odcs.yaml">');
    expect(page.content).toContain('<code>description: &lt;img src=x');
    for (const f of [index, page]) {
      expect(f.content).not.toContain('<img');
      expect(f.content).not.toMatch(/<script>|<b>/);
      expect(f.content).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;&#39;&amp;');
    }
    // The request command is quoted for the shell and escaped for HTML.
    expect(page.content).toContain('--product &#39;x&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;&#39; --clearance public');
    expect(escapeHtml('<a href="x">\'&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(shellWord("it's")).toBe('\'it\'\\\'\'s\'');
    expect(shellWord('life_expectancy')).toBe('life_expectancy');
  });

  test('expiring access is counted from the injected date, soonest first, on the index and the product', () => {
    const stacks = readAssembly(assembly);
    const analysis = analyzeStacks(stacks);
    const m = buildCatalogModel({
      today: '2027-03-20',
      products: readProducts(stacks),
      report: analysis.report,
      visibility: analysis.visibility,
      consumers: ['ml'],
      expiries: [
        { consumer: 'ml', products: ['life_expectancy'], expires: '2027-03-31', requestFile: 'requests/life_expectancy/ml.json' },
        { consumer: 'bi', products: ['claims', 'portfolios'], expires: '2027-06-30' },
        { consumer: 'exec', products: ['claims'], expires: '2027-03-01' },
      ],
    });
    expect(m.expiring.map(x => [x.consumer, x.expires, x.daysLeft, x.state])).toEqual([
      ['exec', '2027-03-01', -19, 'expired'], ['ml', '2027-03-31', 11, 'soon'], ['bi', '2027-06-30', 102, 'later'],
    ]);
    expect(m.products.find(p => p.name === 'life_expectancy')!.expiring.map(x => x.consumer)).toEqual(['ml']);
    const files = renderCatalog(m);
    const index = files.find(f => f.path === 'index.html')!.content;
    expect(index).toContain('expired 19 days ago, still granted by this assembly: synthesize again and deploy');
    expect(index).toContain('in 11 days (soon)');
    expect(index).toContain('<code>requests/life_expectancy/ml.json</code>');
    const life = files.find(f => f.path === 'products/life_expectancy.html')!.content;
    expect(life).toContain('in 11 days (soon)');
    expect(life).not.toContain('2027-06-30');
  });
});

describe('cdk-data-mesh catalog', () => {
  test('writes the site; a second run replaces it (a product page that is gone is removed)', () => {
    const site = path.join(work, 'site');
    expect(run([assembly, '--out', site])).toEqual({ code: 0, out: `catalog: 3 products written to ${path.join(site, 'index.html')} (open it in a browser; no server needed)`, err: '' });
    expect(fs.readdirSync(path.join(site, 'products')).sort()).toEqual(['claims.html', 'life_expectancy.html', 'portfolios.html']);
    expect(fs.readFileSync(path.join(site, 'index.html'), 'utf8')).toContain('on 2026-12-02');
    // The ODCS contracts of the contracts command, next to the pages; each consumer's ceiling read from the assembly.
    expect(fs.readdirSync(path.join(site, 'contracts')).sort()).toEqual(['claims.odcs.yaml', 'life_expectancy.odcs.yaml', 'portfolios.odcs.yaml']);
    const life = fs.readFileSync(path.join(site, 'products', 'life_expectancy.html'), 'utf8');
    expect(life).toContain('npx cdk-data-mesh request --consumer bi --product life_expectancy --clearance public --reason &quot;…&quot;');
    expect(fs.readFileSync(path.join(site, 'products', 'claims.html'), 'utf8')).toContain('--consumer ml --product claims --clearance private --reason');
    fs.writeFileSync(path.join(site, 'products', 'gone.html'), 'old');
    expect(run([assembly, `--out=${site}`, '--today', '2027-01-15']).code).toBe(0);
    expect(fs.existsSync(path.join(site, 'products', 'gone.html'))).toBe(false);
    expect(fs.readFileSync(path.join(site, 'index.html'), 'utf8')).toContain('on 2027-01-15');
  });

  test('refuses to write into a directory that holds something else', () => {
    const other = path.join(work, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'notes.txt'), 'mine');
    const r = run([assembly, '--out', other]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`--out ${other}: the directory is not empty and holds no earlier catalog`);
    expect(fs.readdirSync(other)).toEqual(['notes.txt']);
  });

  test.each([
    [['--today', '2027-02-30', '--out', 'x'], "--today '2027-02-30' is not a date: use YYYY-MM-DD"],
    [['--today', '27-01-01', '--out', 'x'], "--today '27-01-01' is not a date"],
    [['--out'], '--out needs a directory'],
    [[], 'missing --out <directory>'],
    [['a', 'b', '--out', 'x'], 'expected one cloud assembly directory, got 2'],
    [['--format', 'json'], "unknown option '--format'"],
  ])('usage error %j', (argv, message) => {
    const r = run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  test('an unreadable assembly exits 1', () => {
    const r = run([path.join(work, 'missing'), '--out', path.join(work, 'site2')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot read the cloud assembly');
  });

  test('the CLI dispatches it; its help is its own, and the CLI usage names it', () => {
    const out: string[] = [];
    expect(main(['catalog', '--help'], { out: t => out.push(t), err: () => undefined })).toBe(0);
    expect(out.join('\n')).toBe(CATALOG_USAGE);
    const usage: string[] = [];
    main(['--help'], { out: t => usage.push(t), err: () => undefined });
    expect(usage.join('\n')).toContain('cdk-data-mesh catalog [<cloud assembly directory, default ./cdk.out>] --out <directory>');
  });
});

describe('the reference mesh with the bank-requests fixture (hub.addAccessRequests), synthesized on a set day', () => {
  const REQUESTS = 'test/requests/fixtures/bank-requests';
  /** The demo mesh + the fixture's requests, synthesized with cdk-data-mesh:today = `synthDay`; its assembly directory. */
  function synthOn(synthDay: string): string {
    const dir = fs.mkdtempSync(path.join(work, `requests-${synthDay}-`));
    const app = new App({ outdir: dir, context: { 'cdk-data-mesh:today': synthDay } });
    buildDemoMesh(app).governance.hub.addAccessRequests(REQUESTS);
    app.synth();
    return dir;
  }
  const rowOf = (html: string) => /<table class="expiring">[\s\S]*?<tbody>\s*(<tr[\s\S]*?<\/tr>)/.exec(html)?.[1] ?? '';
  let before: string;
  beforeAll(() => { before = synthOn('2027-03-20'); });

  test('the real row: claims/ml in 11 days, its request file named, on the index and on the claims page', () => {
    const site = path.join(work, 'site-requests');
    expect(run([before, '--out', site, '--today', '2027-03-20']).code).toBe(0);
    const row = rowOf(fs.readFileSync(path.join(site, 'index.html'), 'utf8'));
    expect(row).toContain('<th scope="row">ml</th>');
    expect(row).toContain('<a href="products/claims.html">claims</a>');
    expect(row).toContain('<time datetime="2027-03-31">2027-03-31</time>');
    expect(row).toContain('in 11 days (soon)');
    expect(row).toContain(`<code>${REQUESTS}/claims/ml.json</code>`);
    expect(rowOf(fs.readFileSync(path.join(site, 'products', 'claims.html'), 'utf8'))).toContain('in 11 days (soon)');
    // The request made the share: ML reads claims now, so its claims row offers no request command.
    const claims = fs.readFileSync(path.join(site, 'products', 'claims.html'), 'utf8');
    expect(claims).not.toContain('--consumer ml --product claims');
  });

  test('counted after the expiry from an assembly synthesized before it: still granted, synthesize again and deploy', () => {
    const site = path.join(work, 'site-requests-late');
    expect(run([before, '--out', site, '--today', '2027-04-02']).code).toBe(0);
    const row = rowOf(fs.readFileSync(path.join(site, 'index.html'), 'utf8'));
    expect(row).toContain('expired 2 days ago, still granted by this assembly: synthesize again and deploy');
  });

  test('an assembly synthesized after the expiry dropped the share: deploy, then delete the file; never "expired -N days ago"', () => {
    const after = synthOn('2027-04-02');
    for (const today of ['2027-04-02', '2027-03-01']) {
      const site = path.join(work, `site-dropped-${today}`);
      expect(run([after, '--out', site, '--today', today]).code).toBe(0);
      const row = rowOf(fs.readFileSync(path.join(site, 'index.html'), 'utf8'));
      expect(row).toContain(`dropped from this synth: deploy, then delete <code>${REQUESTS}/claims/ml.json</code>`);
      expect(row).not.toMatch(/expired -?\d+ days? ago|in \d+ day/);
    }
  });
});

describe('the consumers the catalog offers requests to', () => {
  test('a governance-only assembly (no consumer stack) still names every consumer and its request commands', () => {
    const dir = path.join(work, 'governance-only');
    fs.cpSync(assembly, dir, { recursive: true });
    const manifestFile = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    const consumerStacks = readAssembly(assembly).filter(s => readStackMetadata(s.template)?.role === 'consumer').map(s => s.stackName);
    expect(consumerStacks.length).toBeGreaterThan(0);
    for (const [id, a] of Object.entries<any>(manifest.artifacts)) {
      if (consumerStacks.includes(a?.properties?.stackName ?? id)) delete manifest.artifacts[id];
    }
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const site = path.join(work, 'site-governance-only');
    expect(run([dir, '--out', site])).toEqual(expect.objectContaining({ code: 0 }));
    const claims = fs.readFileSync(path.join(site, 'products', 'claims.html'), 'utf8');
    for (const consumer of ['bi', 'exec', 'ml']) expect(claims).toContain(`<tr data-consumer="${consumer}"><th scope="row">${consumer}</th>`);
    expect(claims).toContain('--consumer ml --product claims --clearance private --reason');
  });

  test('a consumer shared with by a tag expression gets no request command (requests.ts refuses it): change it in the app', () => {
    const stacks = readAssembly(assembly);
    const analysis = analyzeStacks(stacks);
    const m = buildCatalogModel({
      today: '2026-12-02',
      products: readProducts(stacks),
      report: analysis.report,
      visibility: analysis.visibility,
      consumers: ['bi', 'ml'],
      expiries: [],
      ceilings: new Map([['bi', 'public']]),
      expressions: new Map([['ml', "confidentiality IN (public) AND domain IN (claims) (DataProductShare 'ToMl')"]]),
    });
    const claims = m.products.find(p => p.name === 'claims')!;
    expect(claims.requests.find(r => r.consumer === 'ml')).toEqual({
      consumer: 'ml',
      shared: false,
      expression: "confidentiality IN (public) AND domain IN (claims) (DataProductShare 'ToMl')",
    });
    const page = renderCatalog(m).find(f => f.path === 'products/claims.html')!.content;
    expect(page).toContain('shared by expression: change it in the app (confidentiality IN (public) AND domain IN (claims) (DataProductShare &#39;ToMl&#39;))');
    expect(page).not.toContain('--consumer ml --product claims');
  });
});
