/*
 * The reference mesh of DESIGN.md: a bank with producers `insurance` and `investments` and consumers
 * `bi`, `ml` and `exec`. The demo, the tests and the examples all build this one module.
 */
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  ColumnType, Confidentiality, DataConsumer, DataProducer, DataProductShare, GovernanceHub, LfTagOntology, MeshDescription,
  PartitionProjection, QualityRule,
} from '../../src';

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
  /** Products that opt out of discovery (D66; tests). Default: none, every product is discoverable. */
  readonly undiscoverable?: string[];
  /** The consumers' discovery re-grants to their roles (tests). Default: true. */
  readonly consumerDiscovery?: boolean;
}

export interface BankMesh {
  readonly mesh: MeshDescription;
  readonly governance: { stack: Stack; tags: LfTagOntology; hub: GovernanceHub };
  readonly producers: Record<string, { stack: Stack; lake: DataProducer }>;
  readonly consumers: Record<string, { stack: Stack; consumer: DataConsumer }>;
}

/** Each consumer's local role and its clearance (DESIGN.md: the ML team never sees sensitive columns). */
export const bankRoles: Record<string, { role: string; clearance: Confidentiality; sageMaker?: boolean }> = {
  bi: { role: 'analyst', clearance: Confidentiality.PUBLIC },
  ml: { role: 'data-scientist', clearance: Confidentiality.PRIVATE, sageMaker: true },
  exec: { role: 'executive', clearance: Confidentiality.SENSITIVE },
};

/** Adds the bank mesh's stacks to `app`. */
export function buildBankMesh(app: App, options: BankMeshOptions = {}): BankMesh {
  const removalPolicy = options.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

  // Governance account: tags, catalog, products.
  const gov = new Stack(app, 'Governance', { env: bankMesh.governanceEnv(), description: 'cdk-data-mesh reference mesh: governance' });
  const tags = new LfTagOntology(gov, 'Tags', { mesh: bankMesh });
  const hub = new GovernanceHub(gov, 'Hub', { mesh: bankMesh, ontology: tags, removalPolicy });
  const lifeExpectancy = hub.addDataProduct('life_expectancy', {
    discoverable: !(options.undiscoverable ?? []).includes('life_expectancy'),
    owner: 'insurance-data@bank.example',
    // The contract's metadata (issue 18): in the catalog for DESCRIBE, in the exported ODCS contract.
    team: 'insurance-actuarial',
    supportContact: 'https://chat.bank.example/insurance-data',
    updateFrequency: Duration.days(1),
    freshness: Duration.hours(26),
    retention: Duration.days(3650),
    description: 'Life expectancy of policyholders, by policy.',
    tables: [{
      name: 'policyholder_life_expectancy',
      columns: [
        { name: 'policy_id', type: ColumnType.STRING },
        { name: 'customer_name', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE },
        { name: 'age', type: ColumnType.INT },
        { name: 'life_expectancy', type: ColumnType.DOUBLE, confidentiality: Confidentiality.SENSITIVE },
      ],
      qualityRules: [QualityRule.between('age', 18, 110), QualityRule.between('life_expectancy', 0, 100)],
    }],
  });
  const claims = hub.addDataProduct('claims', {
    discoverable: !(options.undiscoverable ?? []).includes('claims'),
    owner: 'insurance-data@bank.example',
    team: 'insurance-claims',
    supportContact: 'claims-support@bank.example',
    updateFrequency: Duration.days(1),
    freshness: Duration.hours(30),
    retention: Duration.days(2555),
    description: 'Insurance claims, partitioned by ingestion date.',
    tables: [{
      name: 'claims',
      columns: [
        { name: 'claim_id', type: ColumnType.STRING },
        { name: 'policy_id', type: ColumnType.STRING },
        { name: 'claim_date', type: ColumnType.DATE },
        { name: 'amount', type: ColumnType.decimal(18, 2) },
        { name: 'status', type: ColumnType.STRING },
        { name: 'claimant_name', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE },
      ],
      partitionKeys: [{ name: 'ingest_date', type: ColumnType.STRING, projection: PartitionProjection.date({ range: 'NOW-3YEARS,NOW' }) }],
    }],
    crawler: { schedule: 'cron(0 3 * * ? *)' },
  });
  const portfolios = hub.addDataProduct('portfolios', {
    discoverable: !(options.undiscoverable ?? []).includes('portfolios'),
    owner: 'investments-data@bank.example',
    team: 'investments-data-engineering',
    supportContact: 'investments-data@bank.example',
    updateFrequency: Duration.hours(6),
    freshness: Duration.hours(8),
    retention: Duration.days(1825),
    description: 'Client portfolios and their risk.',
    tables: [{
      name: 'portfolios',
      columns: [
        { name: 'portfolio_id', type: ColumnType.STRING },
        { name: 'client_name', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE },
        { name: 'asset_class', type: ColumnType.STRING },
        { name: 'market_value', type: ColumnType.decimal(18, 2) },
        { name: 'risk_score', type: ColumnType.DOUBLE, confidentiality: Confidentiality.SENSITIVE },
      ],
    }],
  });

  // Shares: by LF-tag expression, one ceiling per consumer.
  new DataProductShare(gov, 'ToMl', { hub, consumer: 'ml', products: [lifeExpectancy], maxConfidentiality: Confidentiality.PRIVATE });
  new DataProductShare(gov, 'ToExec', {
    hub, consumer: 'exec', products: [lifeExpectancy, claims, portfolios], maxConfidentiality: Confidentiality.SENSITIVE, allowSensitive: true,
  });
  new DataProductShare(gov, 'ToBi', { hub, consumer: 'bi', products: [claims, portfolios], maxConfidentiality: Confidentiality.PUBLIC });

  // Producer accounts: medallion lakes, gold reachable by the governance registration roles only.
  const producers: BankMesh['producers'] = {};
  for (const domain of bankMesh.producerDomains) {
    const stack = new Stack(app, `Producer-${domain}`, {
      env: bankMesh.producerEnv(domain),
      description: `cdk-data-mesh reference mesh: producer '${domain}'`,
    });
    const lake = new DataProducer(stack, 'Lake', { mesh: bankMesh, domain, removalPolicy });
    producers[domain] = { stack, lake };
  }
  // Consumer accounts: accept the shares, link them, re-grant by clearance.
  const consumers: BankMesh['consumers'] = {};
  for (const domain of bankMesh.consumerDomains) {
    const stack = new Stack(app, `Consumer-${domain}`, {
      env: bankMesh.consumerEnv(domain),
      description: `cdk-data-mesh reference mesh: consumer '${domain}'`,
    });
    const consumer = new DataConsumer(stack, 'Consumer', { mesh: bankMesh, domain, removalPolicy, discovery: options.consumerDiscovery });
    const { role, clearance, sageMaker } = bankRoles[domain];
    consumer.addRole(role, { clearance, sageMaker });
    consumers[domain] = { stack, consumer };
  }
  return { mesh: bankMesh, governance: { stack: gov, tags, hub }, producers, consumers };
}
