/*
 * `cdk-data-mesh request` (issue 18, item 4): a good request writes exactly the file the governance app turns into its
 * share (the walkthrough's fixture); every bad input is refused with a message naming the option, and writes nothing.
 * Checked against the synthesized reference mesh (and the small shop mesh, whose consumers have no share yet).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { removeTmp, request, requestsDir, synthShop, tmpDir } from './shop';
import { buildBankMesh } from '../../examples/typescript/bank-mesh';
import { main } from '../../src/cli';
import { synthBankMesh } from '../support/assembly';

const FIXTURE = path.join(__dirname, 'fixtures', 'bank-requests');
let bank: string;
let shopOut: string;
beforeAll(() => {
  bank = synthBankMesh();
  shopOut = synthShop();
});
afterAll(removeTmp);

/** Runs the CLI; returns its exit code, stdout and stderr. */
function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: t => out.push(t), err: t => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every file under `dir`, relative. */
function filesOf(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter(e => e.isFile())
    .map(e => path.relative(dir, path.join(e.parentPath ?? (e as any).path, e.name))).sort();
}

const ml = ['--consumer', 'ml', '--product', 'claims', '--clearance', 'private', '--reason', 'fraud model'];

test('a good request writes <dir>/<product>/<consumer>.json: exactly the walkthrough\'s file', () => {
  const dir = path.join(tmpDir('cli-'), 'requests');
  const reason = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'claims', 'ml.json'), 'utf8')).reason;
  const r = run('request', '--consumer', 'ml', '--product', 'claims', '--clearance', 'private', '--reason', reason, '--expires', '2027-03-31',
    '--requested-by', 'ml-team@bank.example', '--requests-dir', dir, '--assembly', bank, '--today', '2026-12-02');
  expect([r.code, r.err]).toEqual([0, '']);
  expect(fs.readFileSync(path.join(dir, 'claims', 'ml.json'), 'utf8')).toBe(fs.readFileSync(path.join(FIXTURE, 'claims', 'ml.json'), 'utf8'));
  expect(r.out).toContain(`wrote ${dir.split(path.sep).join('/')}/claims/ml.json: consumer 'ml' asks for product 'claims' up to private until 2027-03-31.`);
  expect(r.out).toContain("the product's owner (insurance-data@bank.example) reviews it");
  // docs/data-mart.md's walkthrough runs this very command, and shows this very file.
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'data-mart.md'), 'utf8');
  expect(doc).toContain(`npx cdk-data-mesh request --consumer ml --product claims --clearance private \\\n     --reason "${reason}" \\\n     --expires 2027-03-31 --requested-by ml-team@bank.example`);
  expect(doc).toContain(fs.readFileSync(path.join(FIXTURE, 'claims', 'ml.json'), 'utf8'));
});

describe('bad requests are refused, naming the option, and write nothing', () => {
  const cases: Array<[string, string[], RegExp, ('bank' | 'shop')?]> = [
    ['an unknown consumer', ['--consumer', 'mlx', '--product', 'claims', '--clearance', 'private', '--reason', 'x'],
      /--consumer 'mlx' is not a consumer of the mesh \(did you mean 'ml'\? consumers: bi, exec, ml\)/],
    ['an unknown product', ['--consumer', 'ml', '--product', 'claim', '--clearance', 'private', '--reason', 'x'],
      /--product 'claim' is not a data product of the mesh \(did you mean 'claims'\? products: claims, life_expectancy, portfolios\)/],
    ['a clearance that is not a level', ['--consumer', 'ml', '--product', 'claims', '--clearance', 'privat', '--reason', 'x'],
      /--clearance 'privat' is not a confidentiality level \(did you mean 'private'\?/],
    ['a clearance above what the product allows', ['--consumer', 'ml', '--product', 'orders', '--clearance', 'sensitive', '--sensitive', '--reason', 'x'],
      /--clearance sensitive is above what product 'orders' allows: its highest column level is private/, 'shop'],
    ['a sensitive clearance without --sensitive', ['--consumer', 'ml', '--product', 'customers', '--clearance', 'sensitive', '--reason', 'x'],
      /--sensitive is not set, but clearance sensitive shows the consumer the product's sensitive columns, which needs an explicit acknowledgement/, 'shop'],
    ['a request a share of the assembly already covers', ['--consumer', 'ml', '--product', 'life_expectancy', '--clearance', 'private', '--reason', 'x'],
      /--product 'life_expectancy' is already shared with consumer 'ml' up to private by the share in the assembly \(grant Governance\/[A-Za-z0-9]+\): the request duplicates it/],
    ['a clearance other than the consumer\'s one ceiling', ['--consumer', 'bi', '--product', 'life_expectancy', '--clearance', 'private', '--reason', 'x'],
      /--clearance private differs from public, the ceiling of the share in the assembly \(grant Governance\/[A-Za-z0-9]+\) for consumer 'bi'/],
    ['an expiry in the past', [...ml, '--expires', '2026-12-01'], /--expires 2026-12-01 is in the past \(today is 2026-12-02\)/],
    ['a malformed expiry', [...ml, '--expires', '2027-13-01'], /--expires '2027-13-01' is not a date. Give the last day of access as a calendar date YYYY-MM-DD/],
    ['an empty reason', ['--consumer', 'ml', '--product', 'claims', '--clearance', 'private', '--reason', ' '], /--reason is empty/],
  ];
  test.each(cases)('%s', (_name, args, message, mesh = 'bank') => {
    const dir = path.join(tmpDir('cli-'), 'requests');
    const r = run('request', ...args, '--requests-dir', dir, '--assembly', mesh === 'bank' ? bank : shopOut, '--today', '2026-12-02');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/cdk-data-mesh request: refused \(\d+ problems?\); nothing written\./);
    expect(fs.existsSync(dir)).toBe(false);
  });

  test('a duplicate of a request file already there, and a ceiling other than another request\'s', () => {
    const dir = requestsDir({ 'claims/ml.json': request('ml', 'claims', 'private') });
    const before = filesOf(dir);
    const again = run('request', ...ml, '--requests-dir', dir, '--assembly', bank, '--today', '2026-12-02');
    expect(again.code).toBe(1);
    expect(again.err).toContain(`--product 'claims' is already requested for consumer 'ml': ${dir.split(path.sep).join('/')}/claims/ml.json exists`);
    const other = run('request', '--consumer', 'ml', '--product', 'portfolios', '--clearance', 'public', '--reason', 'x', '--requests-dir', dir, '--assembly', bank);
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/--clearance public differs from private, the ceiling of request file .*claims\/ml\.json for consumer 'ml'/);
    expect(filesOf(dir)).toEqual(before);
    expect(fs.readFileSync(path.join(dir, 'claims', 'ml.json'), 'utf8')).toBe(JSON.stringify(request('ml', 'claims', 'private'), null, 2));
  });

  test('no assembly: refused with the fix (synthesize first)', () => {
    const dir = path.join(tmpDir('cli-'), 'requests');
    const r = run('request', ...ml, '--requests-dir', dir, '--assembly', path.join(dir, 'no-cdk.out'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read the cloud assembly: .* run 'cdk synth' first, or pass --assembly <dir>. Nothing written./);
    expect(fs.existsSync(dir)).toBe(false);
  });

  test.each([
    ['a missing reason', ['--consumer', 'ml', '--product', 'claims', '--clearance', 'private'], /--reason is missing. Say why the consumer needs the data/, /missing --reason \(see/],
    ['a missing clearance', ['--consumer', 'ml', '--product', 'claims', '--reason', 'x'], /--clearance is missing/, /missing --clearance \(see/],
    ['no option at all', [], /--consumer is missing/, /missing --consumer, --product, --clearance, --reason \(see/],
  ])('a required option left out is a usage error (exit 2): %s', (_name, args, message, usage) => {
    const dir = path.join(tmpDir('cli-'), 'requests');
    const r = run('request', ...args, '--requests-dir', dir, '--assembly', bank, '--today', '2026-12-02');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(usage);
    expect(fs.existsSync(dir)).toBe(false);
  });

  test('usage errors exit 2', () => {
    expect(run('request', ...ml, '--expire', '2027-01-01').err).toMatch(/unknown option '--expire'/);
    expect(run('request', ...ml, '--today', 'tomorrow').code).toBe(2);
    expect(run('request', ...ml, 'claims').code).toBe(2);
    expect(run('request', '--consumer').code).toBe(2);
    expect(run('request', '--help').out).toContain('usage: cdk-data-mesh request --consumer <domain>');
  });
});

test('doctor --today: the expiry warning appears 14 days before the last day, not 15', () => {
  // The reference mesh with the walkthrough's request, synthesized on 2026-12-02 (the request is in force).
  const outdir = tmpDir('bank-requests-out-');
  const app = new App({ outdir, context: { 'cdk-data-mesh:today': '2026-12-02' } });
  buildBankMesh(app).governance.hub.addAccessRequests(FIXTURE);
  app.synth();
  const on = (day: string) => run('doctor', outdir, '--today', day);
  const fourteen = on('2027-03-17').out.replace(/\s+/g, ' ');
  expect(fourteen).toMatch(/WARNING DM-52: the access request \S*claims\/ml\.json gives consumer 'ml' claims up to private until 2027-03-31: 14 days left/);
  expect(on('2027-03-16').out).not.toContain('DM-52');
  expect(run('doctor', outdir, '--today', '2027-02-30').code).toBe(2);
});
