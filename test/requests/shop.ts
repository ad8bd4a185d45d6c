/*
 * A small mesh for the request tests whose consumers have no share yet: shop (producer sales: orders, customers;
 * returns declared but not added), consumers bi and ml. Products get `owners` when given.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { ColumnType, Confidentiality, GovernanceHub, LfTagOntology, MeshDescription } from '../../src';

const tmp: string[] = [];

/** A fresh temporary directory (removed by `removeTmp`). */
export function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmp.push(dir);
  return dir;
}

export function removeTmp(): void {
  tmp.splice(0).forEach(d => fs.rmSync(d, { recursive: true, force: true }));
}

/** A requests directory with these files (`<product>/<consumer>.json` -> content; a string is written as is). */
export function requestsDir(files: Record<string, unknown>, dir: string = tmpDir('requests-')): string {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** A request's content. */
export const request = (consumer: string, product: string, clearance: string, more: Record<string, unknown> = {}) => ({
  consumer, product, clearance, reason: `${consumer} needs ${product}`, ...more,
});

export function shop(options: { owners?: Record<string, string>; outdir?: string; today?: string } = {}) {
  const mesh = new MeshDescription({
    name: 'shop',
    governance: { account: '111111111111', region: 'eu-west-1' },
    producers: [{ domain: 'sales', account: '222222222222', products: ['orders', 'customers', 'returns'] }],
    consumers: [{ domain: 'bi', account: '444444444444' }, { domain: 'ml', account: '555555555555' }],
  });
  const app = new App({ context: { 'cdk-data-mesh:today': options.today ?? '2026-12-02' }, ...(options.outdir ? { outdir: options.outdir } : {}) });
  const gov = new Stack(app, 'Governance', { env: mesh.governanceEnv() });
  const hub = new GovernanceHub(gov, 'Hub', { mesh, ontology: new LfTagOntology(gov, 'Tags', { mesh }) });
  const owner = (name: string) => (options.owners?.[name] !== undefined ? { owner: options.owners[name] } : {});
  hub.addDataProduct('orders', {
    ...owner('orders'),
    tables: [{
      name: 'orders',
      columns: [{ name: 'order_id', type: ColumnType.STRING }, { name: 'buyer', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE }],
    }],
  });
  hub.addDataProduct('customers', {
    ...owner('customers'),
    tables: [{
      name: 'customers',
      columns: [{ name: 'customer_id', type: ColumnType.STRING }, { name: 'income', type: ColumnType.DOUBLE, confidentiality: Confidentiality.SENSITIVE }],
    }],
  });
  return { app, gov, hub };
}

/** The shop mesh synthesized into a fresh directory (its cdk.out). */
export function synthShop(options: { owners?: Record<string, string> } = {}): string {
  const outdir = tmpDir('shop-out-');
  shop({ ...options, outdir }).app.synth();
  return outdir;
}
