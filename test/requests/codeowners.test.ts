/*
 * `cdk-data-mesh codeowners` (issue 18, item 4): each product's requests folder is owned by the product's owner (the
 * `cdk-data-mesh:owner` parameter of its database), in one block of CODEOWNERS that keeps the rest of the file; a
 * product without an owner is an error unless --fallback-owner says who reviews; --check tells CI the file is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { removeTmp, synthShop, tmpDir } from './shop';
import { main } from '../../src/cli';
import { BEGIN_MARKER, END_MARKER, ownersOf, withBlock } from '../../src/requests/codeowners';
import { synthBankMesh } from '../support/assembly';

let bank: string;
beforeAll(() => {
  bank = synthBankMesh();
});
afterAll(removeTmp);

/** A repository (a directory with .git) to run in. */
function repo(): string {
  const dir = tmpDir('repo-');
  fs.mkdirSync(path.join(dir, '.git'));
  return dir;
}

function run(cwd: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = main(['codeowners', ...argv], { out: t => out.push(t), err: t => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.chdir(previous);
  }
}

const BLOCK = [
  '# BEGIN cdk-data-mesh access requests (written by cdk-data-mesh codeowners; do not edit by hand)',
  "# Each data product's owner reviews the access requests for it (/governance/requests/<product>/<consumer>.json, docs/data-mart.md).",
  '# Regenerate after adding a product or changing an owner: cdk-data-mesh codeowners.',
  '/governance/requests/claims/ insurance-data@bank.example',
  '/governance/requests/life_expectancy/ insurance-data@bank.example',
  '/governance/requests/portfolios/ investments-data@bank.example',
  '# END cdk-data-mesh access requests',
  '',
].join('\n');

test('DM-54: the reference mesh: each product\'s requests folder is owned by its owner, paths from the repository root', () => {
  const root = repo();
  const app = path.join(root, 'governance');
  fs.mkdirSync(app);
  const r = run(app, '--assembly', bank, '--out', '../.github/CODEOWNERS');
  expect([r.code, r.err]).toEqual([0, '']);
  expect(fs.readFileSync(path.join(root, '.github', 'CODEOWNERS'), 'utf8')).toBe(BLOCK);
  expect(r.out).toContain('wrote ../.github/CODEOWNERS: 3 products');
  expect(run(app, '--assembly', bank, '--out', '../.github/CODEOWNERS', '--check').code).toBe(0);
});

test('the rest of an existing CODEOWNERS is kept, the block is replaced in place of the old one and goes last; --check sees a stale file', () => {
  const root = repo();
  const file = path.join(root, '.github', 'CODEOWNERS');
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, '* @bank/platform\n/docs/ @bank/writers\n');
  expect(run(root, '--assembly', bank).code).toBe(0);
  const first = fs.readFileSync(file, 'utf8');
  expect(first).toBe(`* @bank/platform\n/docs/ @bank/writers\n\n${BLOCK.replace(/\/governance\/requests\//g, '/requests/')}`);
  expect(run(root, '--assembly', bank).code).toBe(0);
  expect(fs.readFileSync(file, 'utf8')).toBe(first);
  fs.writeFileSync(file, first.replace('investments-data@bank.example', '@someone-else'));
  const stale = run(root, '--assembly', bank, '--check');
  expect(stale.code).toBe(1);
  expect(stale.err).toContain('.github/CODEOWNERS is out of date: run cdk-data-mesh codeowners (without --check) and commit it.');
  expect(withBlock(`a\n${BEGIN_MARKER}\nold\n${END_MARKER}\nb\n`, 'NEW\n')).toBe('a\nb\n\nNEW\n');
  expect(withBlock(undefined, 'NEW\n')).toBe('NEW\n');
});

test('DM-54: a product without an owner is an error naming it and the fix; --fallback-owner reviews it and owns the folder', () => {
  const shop = synthShop({ owners: { orders: '@shop/sales-data' } });
  const root = repo();
  const refused = run(root, '--assembly', shop);
  expect(refused.code).toBe(1);
  expect(refused.err).toContain("product 'customers' has no owner, so nobody in particular would review its access requests. Set owner in " +
    "hub.addDataProduct('customers', { owner: '@org/team', … }) and synthesize again, or pass --fallback-owner.");
  expect(refused.err).toContain('refused (1 problem); nothing written.');
  expect(fs.existsSync(path.join(root, '.github'))).toBe(false);
  expect(run(root, '--assembly', shop, '--fallback-owner', '@shop/data-governance').code).toBe(0);
  expect(fs.readFileSync(path.join(root, '.github', 'CODEOWNERS'), 'utf8').split('\n').filter(l => l.startsWith('/'))).toEqual([
    '/requests/ @shop/data-governance',
    '/requests/customers/ @shop/data-governance  # no owner declared: --fallback-owner',
    '/requests/orders/ @shop/sales-data',
  ]);
});

test('an owner GitHub cannot use is an error; owners are users, teams or e-mail addresses', () => {
  const shop = synthShop({ owners: { orders: 'Sales team', customers: '@shop/crm, crm@shop.example' } });
  const r = run(repo(), '--assembly', shop);
  expect(r.code).toBe(1);
  expect(r.err).toContain("product 'orders' has owner 'Sales team', which GitHub cannot use as a code owner.");
  expect(ownersOf('@shop/crm, crm@shop.example')).toEqual(['@shop/crm', 'crm@shop.example']);
  expect(ownersOf('@-bad')).toBeUndefined();
  expect(run(repo(), '--assembly', shop, '--fallback-owner', 'nobody').err).toContain("--fallback-owner 'nobody' is not a CODEOWNERS owner");
});
