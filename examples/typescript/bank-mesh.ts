/*
 * The reference mesh of DESIGN.md: a bank with producers `insurance` and `investments` and consumers
 * `bi`, `ml` and `exec`. The demo, the tests and the examples all build this one module.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { DataProducer, MeshDescription } from '../../src';

/** The bank's mesh description: every cross-account name derives from it. */
export const bankMesh = new MeshDescription({
  name: 'bank',
  governance: { account: '111111111111', region: 'eu-west-1' },
  producers: [
    { domain: 'insurance', account: '222222222222', products: ['life_expectancy', 'claims'] },
    { domain: 'investments', account: '333333333333', products: ['portfolios'] },
  ],
  consumers: [
    { domain: 'bi', account: '444444444444' },
    { domain: 'ml', account: '555555555555' },
    { domain: 'exec', account: '666666666666' },
  ],
});

export interface BankMeshOptions {
  /** Destroy buckets and keys with their stacks (demo accounts only). Default: retain. */
  readonly destroyData?: boolean;
}

export interface BankMesh {
  readonly mesh: MeshDescription;
  readonly producers: Record<string, { stack: Stack; lake: DataProducer }>;
}

/** Adds the bank mesh's stacks to `app`. */
export function buildBankMesh(app: App, options: BankMeshOptions = {}): BankMesh {
  const removalPolicy = options.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
  const producers: BankMesh['producers'] = {};
  for (const domain of bankMesh.producerDomains) {
    const stack = new Stack(app, `Producer-${domain}`, {
      env: bankMesh.producerEnv(domain),
      description: `cdk-data-mesh reference mesh: producer '${domain}'`,
    });
    const lake = new DataProducer(stack, 'Lake', { mesh: bankMesh, domain, removalPolicy });
    producers[domain] = { stack, lake };
  }
  return { mesh: bankMesh, producers };
}
