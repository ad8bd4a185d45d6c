/*
 * What `cdk-data-mesh request` and `cdk-data-mesh codeowners` know of a mesh, read from a synthesized assembly through
 * the one read path (reader → resolver → facts → evaluator): the consumer domains, the data products with their
 * owners and the confidentiality levels of their columns, and the shares already made — by LF-tag expression (the
 * consumer tag on the product databases and the consumer account's tag grant: its ceiling or expression) or by name
 * (grants of tables, columns or data-cells filters to the consumer account), and those made from request files
 * (`Metadata['cdk-data-mesh:share']`). No aws-cdk-lib: it works on any assembly the constructs wrote.
 */
import { buildContext } from './analyze';
import type { DoctorContext } from './context';
import { readShareMetadata } from './expiry';
import { normalizePrincipal } from './principals';
import { readProducts } from './products';
import type { MeshView, ProductView, ShareView } from './requests';
import { CONFIDENTIALITY_KEY, CONFIDENTIALITY_LEVELS, readStackMetadata } from './stack-metadata';
import type { StackTemplate } from './stack-template';
import { visibilityOf } from './visibility';

/** A product as the assembly shows it. */
export interface AssemblyProduct extends ProductView {
  /** Its Glue database in the governance catalog. */
  readonly database: string;
  readonly producer: string;
}

/** The mesh of an assembly, for requests and CODEOWNERS. */
export interface AssemblyMeshView extends MeshView {
  readonly mesh?: string;
  readonly products: AssemblyProduct[];
  /** Consumer domain -> its account, when the assembly says. */
  readonly consumerAccounts: Map<string, string>;
}

const CONSUMER_KEY_PREFIX = 'consumer_';
const READ = new Set(['SELECT', 'ALL', 'SUPER']);

/** Reads the mesh of the stacks of an assembly (see the file comment). */
export function readMeshView(stacks: StackTemplate[]): AssemblyMeshView {
  return meshViewOf(buildContext(stacks));
}

/** The same, from a context already built (the doctor's). */
export function meshViewOf(ctx: DoctorContext): AssemblyMeshView {
  const { facts } = ctx;
  const governance = ctx.stacks.filter(s => readStackMetadata(s.template)?.role === 'governance');
  const mesh = governance.map(s => readStackMetadata(s.template)?.mesh).find(m => typeof m === 'string');
  const visibility = visibilityOf(ctx);
  const levels = visibility.levels.length > 0 ? visibility.levels : [...CONFIDENTIALITY_LEVELS];

  // Products: the product databases as the report reads them (products.ts); each with the levels of its columns.
  const products: AssemblyProduct[] = readProducts(ctx.stacks, ctx.resources, facts).map(p => {
    const columnLevels = visibility.tables.filter(t => t.database === p.database)
      .flatMap(t => t.columns.map(c => c.confidentiality).filter((l): l is string => l !== undefined));
    const owner = p.owner?.trim() || undefined;
    const own = [...new Set(columnLevels)];
    return { name: p.name, database: p.database, producer: p.producer, levels: own, ...(owner !== undefined ? { owner } : {}) };
  });
  products.sort((a, b) => cmp(a.name, b.name));
  const productOf = new Map(products.map(p => [p.database, p.name]));

  // Consumers: the consumer stacks' domains, and the consumer keys of the ontology (consumer_<domain>, hyphens as underscores).
  const consumerAccounts = new Map<string, string>();
  for (const s of facts.stacks) if (s.role === 'consumer' && s.domain) consumerAccounts.set(s.domain, s.account);
  const keyOf = (domain: string) => `${CONSUMER_KEY_PREFIX}${domain.replace(/-/g, '_')}`;
  const domainOfKey = new Map([...consumerAccounts.keys()].map(d => [keyOf(d), d]));
  for (const r of ctx.ofType('AWS::LakeFormation::Tag')) {
    const key = String(r.props?.TagKey ?? '').toLowerCase();
    if (key.startsWith(CONSUMER_KEY_PREFIX) && !domainOfKey.has(key)) domainOfKey.set(key, key.slice(CONSUMER_KEY_PREFIX.length).replace(/_/g, '-'));
  }
  const consumers = [...new Set(domainOfKey.values())].sort();

  // Shares made from request files (and other recorded shares), by consumer and product.
  const recorded = readShareMetadata(ctx.stacks).filter(r => !r.dropped);
  const shares: ShareView[] = recorded.filter(r => r.requestFile !== undefined).map(r => ({
    consumer: r.consumer, products: [...r.products], mode: 'tags' as const, ceiling: r.maxConfidentiality, by: `request file ${r.requestFile}`, requestFile: r.requestFile,
  }));
  const fromRequests = (consumer: string, product: string) => shares.some(s => s.consumer === consumer && s.products.includes(product));

  for (const [key, consumer] of domainOfKey) {
    // Tag mode: the product databases tagged consumer_<domain>=yes, and the expression of the consumer's tag grant on tables.
    const tagged = facts.databases.filter(d => (facts.tags.get(`${d.catalog}|db|${d.name}`) ?? []).some(t => t.key === key && t.value === 'yes'))
      .map(d => productOf.get(d.name)).filter((p): p is string => p !== undefined && !fromRequests(consumer, p));
    const grant = facts.grants.find(g => {
      const policy = g.resource?.LFTagPolicy;
      return policy && String(policy.ResourceType).toUpperCase() === 'TABLE' && g.permissions.some(p => READ.has(p)) &&
        (Array.isArray(policy.Expression) ? policy.Expression : []).some((e: any) => String(e?.TagKey ?? '').toLowerCase() === key);
    });
    if (grant && !consumerAccounts.has(consumer)) consumerAccounts.set(consumer, normalizePrincipal(grant.principal, grant.grantorAccount).account);
    if (tagged.length > 0) {
      const clauses: Array<{ key: string; values: string[] }> = (grant?.resource?.LFTagPolicy?.Expression ?? [])
        .map((e: any) => ({ key: String(e?.TagKey ?? '').toLowerCase(), values: (Array.isArray(e?.TagValues) ? e.TagValues : []).map((v: any) => String(v).toLowerCase()) }))
        .filter((c: { key: string }) => c.key !== key);
      const confidentiality = clauses.find(c => c.key === CONFIDENTIALITY_KEY);
      const byCeiling = clauses.length === 1 && confidentiality !== undefined && confidentiality.values.every((v, i) => levels[i] === v);
      const where = grant ? `the share in the assembly (grant ${grant.stackName}/${grant.logicalId})` : 'the share in the assembly';
      shares.push({
        consumer,
        products: tagged,
        mode: 'tags',
        ...(byCeiling ? { ceiling: confidentiality.values[confidentiality.values.length - 1] } : {}),
        ...(!byCeiling && clauses.length > 0 ? { expression: clauses.map(c => `${c.key} IN (${c.values.join(', ')})`).join(' AND ') } : {}),
        ...(!byCeiling && clauses.length === 0 ? { expression: '(every level)' } : {}),
        by: where,
      });
    }
    // Named mode: grants of tables, columns or filters to the consumer account.
    const account = consumerAccounts.get(consumer);
    if (account === undefined) continue;
    for (const g of facts.grants) {
      const p = normalizePrincipal(g.principal, g.grantorAccount);
      if (p.kind !== 'account' || p.account !== account || g.grantorAccount === account) continue;
      const res = g.resource ?? {};
      const named = res.Table ?? res.TableWithColumns ?? res.DataCellsFilter;
      const product = named ? productOf.get(String(named.DatabaseName ?? '').toLowerCase()) : undefined;
      if (product === undefined || !g.permissions.some(x => READ.has(x))) continue;
      shares.push({ consumer, products: [product], mode: 'named', by: `the named share in the assembly (grant ${g.stackName}/${g.logicalId})` });
    }
  }
  return { mesh, levels, consumers, products, shares, consumerAccounts };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
