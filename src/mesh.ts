/*
 * The mesh description: one plain-data, jsii-friendly description of a whole mesh, and the pure
 * functions that derive every name that crosses an account boundary (DM-36). No constructs here and no
 * runtime dependency on aws-cdk-lib: the report CLI and the tests use this module on its own.
 */
import type { Environment } from 'aws-cdk-lib';
import { throwValidationError } from './private/errors';
import { MEDALLION_LAYERS } from './private/layers';
import { readOnly } from './private/read-only';
import { consumerShardCount, jumpHash, productKey, SHARD_RESOURCE_WARNING } from './private/shard-hash';
import { checkName, describeValue, duplicates, listOf, NameRule, plural, requireLiteral, subject } from './private/validation';

/** The three layers of a producer's medallion lake. Shared data products live in gold. */
export enum MedallionLayer {
  /** Raw data as it arrives. Never reachable from another account. */
  BRONZE = 'bronze',
  /** Cleaned, conformed data. Never reachable from another account. */
  SILVER = 'silver',
  /** Curated data products, registered in the governance account and shared from there. */
  GOLD = 'gold',
}

/** The governance account: the central Lake Formation catalog. */
export interface GovernanceAccount {
  /** The 12-digit AWS account id. */
  readonly account: string;
  /** The AWS region of the mesh (every account of the mesh uses this region), e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The ARN of the customer managed KMS key that encrypts the governance account's Glue Data Catalog
   * (its catalog encryption settings), e.g. `arn:aws:kms:eu-west-1:111111111111:key/1234abcd-...` (DM-33).
   * Consumer roles then get `kms:Decrypt` on it: reading a shared table's metadata decrypts it with
   * the caller's permissions. The key's policy must also allow the consumer accounts (the library
   * cannot edit the policy of a key it does not create). A catalog encrypted with the AWS managed
   * `aws/glue` key cannot be shared with other accounts: use a customer managed key.
   * @default - the catalog is not encrypted with a customer managed key
   */
  readonly catalogEncryptionKeyArn?: string;
}

/** A producing line of business and the data products it publishes. */
export interface ProducerDomain {
  /**
   * The domain name: 2-20 characters, lower-case letters, digits and single hyphens, starting with a
   * letter (e.g. `insurance`, `retail-banking`). It becomes part of bucket, role and database names.
   */
  readonly domain: string;
  /** The producer's 12-digit AWS account id. */
  readonly account: string;
  /**
   * The producer's region.
   * @default - the governance region (cross-region meshes are not supported: any other value is an error)
   */
  readonly region?: string;
  /**
   * The data products this domain publishes: unique mesh-wide, 2-32 characters of lower-case letters,
   * digits and underscores, starting with a letter (e.g. `life_expectancy`), and not named like a layer
   * database (`<domain>_<layer>`, e.g. `insurance_gold`). Each lives under `<product>/` in the domain's gold bucket.
   */
  readonly products: string[];
  /**
   * How many stacks hold this domain's data products in the governance account (and its shared products in each
   * consumer account): each product goes to shard `MeshDescription.shardOf(product)`, a fixed hash of its name, so
   * adding or removing a product never moves another one. One shard holds about 450 resources (a product costs
   * 2 + 4 per table + 1 per consumer it is shared with; the synth fails with the number to set before a stack
   * passes CloudFormation's 500). Changing this number moves products between stacks: decide it once
   * (docs/operations.md, "Growing the mesh").
   * @default 1
   */
  readonly shards?: number;
}

/** A consuming line of business. */
export interface ConsumerDomain {
  /** The domain name (same rules as a producer domain), e.g. `ml`. */
  readonly domain: string;
  /** The consumer's 12-digit AWS account id. */
  readonly account: string;
  /**
   * The consumer's region.
   * @default - the governance region (any other value is an error)
   */
  readonly region?: string;
}

/** Props of a `MeshDescription`. Plain data: it can be loaded from JSON (`MeshDescription.fromJson`). */
export interface MeshDescriptionProps {
  /**
   * The mesh name: 2-16 characters, lower-case letters, digits and single hyphens, starting with a
   * letter (e.g. `bank`). It prefixes every derived name, so it cannot be `aws` (reserved KMS aliases) or
   * make bucket names start with a prefix S3 reserves (`sthree-`, `amzn-s3-demo-`).
   */
  readonly name: string;
  /** The governance account and the mesh's region. */
  readonly governance: GovernanceAccount;
  /** The producer domains (at least one). */
  readonly producers: ProducerDomain[];
  /**
   * The consumer domains.
   * @default - none
   */
  readonly consumers?: ConsumerDomain[];
  /**
   * The Lake Formation `CROSS_ACCOUNT_VERSION` written by every account of the mesh (DM-06). Version 3
   * or later shares through AWS RAM; 4 adds hybrid access mode; 5 uses wildcard RAM shares and cannot
   * be downgraded. Every DataLakeSettings the library writes uses this one value.
   * @default 4
   */
  readonly crossAccountVersion?: number;
  /**
   * The AWS partition, used only where a name must be a literal ARN outside a stack (the report,
   * the description's own `...Arn` helpers). Constructs build ARNs with `Stack.formatArn` (DM-11).
   * @default 'aws'
   */
  readonly partition?: string;
}

const MESH_NAME: NameRule = {
  description: 'lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen',
  pattern: /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/,
  minLength: 2,
  maxLength: 16,
  example: 'bank',
};

const DOMAIN_NAME: NameRule = {
  description: 'lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen',
  pattern: /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/,
  minLength: 2,
  maxLength: 20,
  example: 'insurance',
};

const PRODUCT_NAME: NameRule = {
  description: 'lower-case letters, digits and single underscores, starting with a letter and not ending with an underscore (a valid Glue/Athena name and S3 prefix)',
  pattern: /^[a-z](?:[a-z0-9]|_(?=[a-z0-9]))*$/,
  minLength: 2,
  maxLength: 32,
  example: 'life_expectancy',
};

const ACCOUNT_ID: NameRule = {
  description: 'a 12-digit AWS account id',
  pattern: /^\d{12}$/,
  minLength: 12,
  maxLength: 12,
  example: '111111111111',
};

const REGION: NameRule = {
  description: 'a lower-case AWS region code',
  pattern: /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/,
  minLength: 9,
  maxLength: 20,
  example: 'eu-west-1',
};

const SUPPORTED_CROSS_ACCOUNT_VERSIONS = [3, 4, 5];
/** The most shards a producer domain may have (stacks per account: CloudFormation's quota is 2,000 stacks). */
const MAX_SHARDS = 64;
const S3_BUCKET_MAX = 63;
const IAM_ROLE_MAX = 64;
/** Bucket name prefixes S3 rejects (S3 user guide, general purpose bucket naming rules). */
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
/** KMS aliases under this prefix belong to AWS managed keys. */
const RESERVED_KMS_ALIAS_PREFIX = 'alias/aws/';

/** Which role a domain plays, for lookups. */
type DomainKind = 'producer' | 'consumer';

/** Marks a `MeshDescription` (`MeshDescription.isMeshDescription`): `instanceof` fails when two copies of the library are installed. */
const MESH_DESCRIPTION_MARKER = Symbol.for('cdk-data-mesh.MeshDescription');

/**
 * A plain-data description of a data mesh and the deterministic names derived from it.
 *
 * Cross-account stacks cannot share tokens, so every construct takes this description and derives
 * the names it needs (role names and ARNs, bucket names, KMS aliases, database names) from it: a
 * producer stack can grant a governance role it has never seen. The description is validated when it
 * is created; every problem is reported with the prop, the value and the fix.
 *
 * @example
 * const mesh = new MeshDescription({
 *   name: 'bank',
 *   governance: { account: '111111111111', region: 'eu-west-1' },
 *   producers: [{ domain: 'insurance', account: '222222222222', products: ['life_expectancy', 'claims'] }],
 *   consumers: [{ domain: 'ml', account: '555555555555' }],
 * });
 */
export class MeshDescription {
  /** Whether `x` is a `MeshDescription`, of this or any other copy of the library (a marker, as aws-cdk-lib's `isConstruct`). */
  public static isMeshDescription(x: any): x is MeshDescription {
    return x !== null && typeof x === 'object' && MESH_DESCRIPTION_MARKER in x;
  }

  /**
   * Creates a description from its JSON form (the same shape as `MeshDescriptionProps`).
   */
  public static fromJson(json: string): MeshDescription {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      return throwValidationError('MeshDescription', `fromJson: the text is not valid JSON (${(e as Error).message}). Pass the JSON form of MeshDescriptionProps.`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      const got = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
      return throwValidationError('MeshDescription', `fromJson: expected a JSON object { name, governance, producers, consumers }, got ${got}. Pass the JSON form of MeshDescriptionProps.`);
    }
    return new MeshDescription(parsed as MeshDescriptionProps);
  }

  /** The mesh name. */
  public readonly name: string;
  /** The governance account id. */
  public readonly governanceAccount: string;
  /** The mesh's region. */
  public readonly region: string;
  /** The AWS partition used by the description's literal ARNs. */
  public readonly partition: string;
  /** The `CROSS_ACCOUNT_VERSION` every account of the mesh uses. */
  public readonly crossAccountVersion: number;
  /** The KMS key that encrypts the governance account's Data Catalog, if any (DM-33). */
  public readonly catalogEncryptionKeyArn?: string;
  /** The producer domains, in declaration order (frozen: the description cannot change after validation). */
  public readonly producers: ProducerDomain[];
  /** The consumer domains, in declaration order (frozen: the description cannot change after validation). */
  public readonly consumers: ConsumerDomain[];

  constructor(props: MeshDescriptionProps) {
    Object.defineProperty(this, MESH_DESCRIPTION_MARKER, { value: true });
    const who = subject('MeshDescription', props?.name ?? '(unnamed)');
    if (!props || typeof props !== 'object') {
      throwValidationError('MeshDescription', 'props are required: { name, governance, producers, consumers }.');
    }
    checkName(who, 'name', props.name, MESH_NAME);
    if (!props.governance) {
      throwValidationError(who, "governance is required, e.g. { account: '111111111111', region: 'eu-west-1' }.");
    }
    checkName(who, 'governance.account', props.governance.account, ACCOUNT_ID);
    checkName(who, 'governance.region', props.governance.region, REGION);

    const partition = props.partition ?? 'aws';
    requireLiteral(who, 'partition', partition);
    if (!/^aws(?:-[a-z]+)*$/.test(partition)) {
      throwValidationError(who, `partition '${partition}' is invalid: use 'aws', 'aws-cn' or 'aws-us-gov'.`);
    }

    this.checkCatalogKey(who, props.governance, partition);

    const version = props.crossAccountVersion ?? 4;
    if (typeof version !== 'number') {
      throwValidationError(who, `crossAccountVersion must be a number, got ${typeof version} ${typeof version === 'string' ? `'${version}'` : describeValue(version)}. ` +
        'Write it without quotes, e.g. crossAccountVersion: 4 (the Lake Formation setting is written as a string for you, DM-06).');
    }
    if (!SUPPORTED_CROSS_ACCOUNT_VERSIONS.includes(version)) {
      throwValidationError(who, `crossAccountVersion ${version} is not supported: use 3, 4 (the default) or 5. ` +
        'Versions 1 and 2 cannot share LF-tag policies through AWS RAM (DM-06).');
    }

    if (!Array.isArray(props.producers) || props.producers.length === 0) {
      throwValidationError(who, "producers must list at least one producer domain, e.g. [{ domain: 'insurance', account: '222222222222', products: ['claims'] }].");
    }
    const consumers = props.consumers ?? [];
    if (!Array.isArray(consumers)) {
      throwValidationError(who, 'consumers must be a list of { domain, account }.');
    }

    const region = props.governance.region;
    props.producers.forEach((p, i) => this.checkDomain(who, `producers[${i}]`, p, region));
    consumers.forEach((c, i) => this.checkDomain(who, `consumers[${i}]`, c, region));

    for (const [list, prop] of [[props.producers, 'producers'], [consumers, 'consumers']] as const) {
      const dup = duplicates(list.map(d => d.domain));
      if (dup.length > 0) {
        const fix = prop === 'producers' ? 'Each domain appears once; list all of its products in one entry.' : 'Each domain appears once: remove the repeated entry.';
        throwValidationError(who, `${prop} declares domain '${dup[0]}' more than once. ${fix}`);
      }
    }
    // A domain may both produce and consume (DM-40), but then it is one line of business in one account.
    for (const c of consumers) {
      const p = props.producers.find(x => x.domain === c.domain);
      if (p && p.account !== c.account) {
        throwValidationError(who, `domain '${c.domain}' is a producer in account ${p.account} and a consumer in account ${c.account}. ` +
          'A domain that both produces and consumes must use one account; otherwise give the consumer its own domain name.');
      }
    }

    props.producers.forEach((p, i) => {
      if (!Array.isArray(p.products) || p.products.length === 0) {
        throwValidationError(who, `producers[${i}].products of domain '${p.domain}' is empty. List the data products it publishes, e.g. ['claims'].`);
      }
      p.products.forEach((prod, j) => checkName(who, `producers[${i}].products[${j}]`, prod, PRODUCT_NAME));
    });
    props.producers.forEach((p, i) => {
      if (p.shards === undefined) return;
      if (typeof p.shards !== 'number' || !Number.isInteger(p.shards) || p.shards < 1 || p.shards > MAX_SHARDS) {
        throwValidationError(who, `producers[${i}].shards of domain '${p.domain}' is ${describeValue(p.shards)}: use a whole number from 1 to ${MAX_SHARDS} ` +
          '(the number of stacks that hold its data products), or omit it for 1.');
      }
    });
    const allProducts = props.producers.flatMap(p => p.products);
    const dupProducts = duplicates(allProducts);
    if (dupProducts.length > 0) {
      const owners = props.producers.filter(p => p.products.includes(dupProducts[0])).map(p => p.domain);
      throwValidationError(who, `product '${dupProducts[0]}' is declared more than once (by ${listOf([...new Set(owners)])}). ` +
        'Product names are unique mesh-wide: rename one of them, e.g. by prefixing the domain.');
    }

    // Product databases (governance catalog, consumers' resource links) and layer databases (producer catalogs) must never share
    // a name: one account may play several roles (DM-40), and a name must not depend on which accounts happen to differ.
    for (const p of props.producers) {
      for (const layer of MEDALLION_LAYERS) {
        const clash = `${glueSafe(p.domain)}_${layer}`;
        if (allProducts.includes(clash)) {
          throwValidationError(who, `product '${clash}' would get the Glue database name '${glueSafe(props.name)}_${clash}', which is the ${layer} layer database ` +
            `of producer '${p.domain}'. A product may not be named <domain>_<layer>: rename it, e.g. '${clash}_products'.`);
        }
      }
    }

    this.name = props.name;
    this.governanceAccount = props.governance.account;
    this.region = region;
    this.partition = partition;
    this.crossAccountVersion = version;
    this.catalogEncryptionKeyArn = props.governance.catalogEncryptionKeyArn;
    // Frozen deep copies: the description is validated once, here, so nothing may change it afterwards (a `push` on a
    // product list would otherwise change derived names behind the validation's back). The domains are read-only
    // rather than frozen: jsii must be able to tag them for the other languages (src/private/read-only.ts).
    this.producers = Object.freeze(props.producers.map(p =>
      readOnly({
        domain: p.domain,
        account: p.account,
        region,
        products: Object.freeze([...p.products]) as string[],
        ...(p.shards !== undefined ? { shards: p.shards } : {}),
      }))) as ProducerDomain[];
    this.consumers = Object.freeze(consumers.map(c => readOnly({ domain: c.domain, account: c.account, region }))) as ConsumerDomain[];

    // Derived names must be valid too: check them once, here, rather than at deploy time.
    for (const p of this.producers) {
      for (const layer of MEDALLION_LAYERS) this.checkBucketName(who, p.domain, this.bucketName(p.domain, layer));
      if (this.keyAliasName(p.domain, MedallionLayer.GOLD).startsWith(RESERVED_KMS_ALIAS_PREFIX)) {
        throwValidationError(who, `name '${this.name}' would put the KMS key aliases under '${RESERVED_KMS_ALIAS_PREFIX}' (e.g. '${this.keyAliasName(p.domain, MedallionLayer.GOLD)}'), ` +
          'which AWS reserves for AWS managed keys (DM-13). Choose another mesh name.');
      }
      this.checkBucketName(who, p.domain, this.accessLogsBucketName(p.domain));
      this.checkRoleName(who, `producer '${p.domain}'`, this.registrationRoleName(p.domain));
    }
    for (const product of allProducts) {
      this.checkRoleName(who, `product '${product}'`, this.crawlerRoleName(product));
    }
  }

  /** The names of the producer domains. */
  public get producerDomains(): string[] {
    return this.producers.map(p => p.domain);
  }

  /** The names of the consumer domains. */
  public get consumerDomains(): string[] {
    return this.consumers.map(c => c.domain);
  }

  /** Every data product of the mesh, in declaration order. */
  public get products(): string[] {
    return this.producers.flatMap(p => p.products);
  }

  /** The producer domain named `domain`; an error lists the known domains if there is none. */
  public producer(domain: string): ProducerDomain {
    return this.find('producer', domain) as ProducerDomain;
  }

  /** The consumer domain named `domain`; an error lists the known domains if there is none. */
  public consumer(domain: string): ConsumerDomain {
    return this.find('consumer', domain);
  }

  /** The producer domain that publishes `product`. */
  public producerOf(product: string): ProducerDomain {
    const p = this.producers.find(x => x.products.includes(product));
    if (!p) {
      throwValidationError(subject('MeshDescription', this.name), `product '${product}' is not declared by any producer (declared: ${listOf(this.products)}). ` +
        "Add it to its producer's products in the mesh description.");
    }
    return p;
  }

  /**
   * The shard of a data product: a number from 0 to its producer's `shards` - 1, fixed by the product's name alone
   * (a jump consistent hash of its SHA-256), so that adding or removing a product moves no other one, and raising
   * `shards` from n to m moves only the (m - n) / m of the products that the new shards take, none between old ones.
   */
  public shardOf(product: string): number {
    return jumpHash(productKey(product), this.producerOf(product).shards ?? 1);
  }

  /**
   * The smallest `shards` for a producer's declared products (issue 13) such that its fullest governance shard, at
   * `resourcesPerProduct` resources a product, and its fullest consumer shard, at `consumerResourcesPerProduct`, hold
   * at most `maxResources`. The products are spread by a hash, so a shard may hold twice the average: this counts the
   * real spread. A product costs about 2 + 4 per table + 1 per consumer it is shared with in the governance account,
   * and 1 + 1 per consumer role that may query it in a consumer account.
   *
   * @param domain the producer domain
   * @param resourcesPerProduct resources a product costs in its governance shard
   * @param consumerResourcesPerProduct resources a product costs in a consumer's shard (0: not counted)
   * @param maxResources the most resources a shard may hold (default 360, below which the synth does not warn; it fails past 450)
   */
  public shardsFor(domain: string, resourcesPerProduct: number, consumerResourcesPerProduct?: number, maxResources?: number): number {
    const who = subject('MeshDescription', this.name);
    const producer = this.producers.find(p => p.domain === domain);
    if (!producer) {
      throwValidationError(who, `shardsFor: '${domain}' is not a producer domain of the mesh (producers: ${listOf(this.producerDomains)}).`);
    }
    const max = maxResources ?? SHARD_RESOURCE_WARNING;
    const perConsumer = consumerResourcesPerProduct ?? 0;
    for (const [what, value] of [['resourcesPerProduct', resourcesPerProduct], ['consumerResourcesPerProduct', perConsumer], ['maxResources', max]] as const) {
      if (!Number.isFinite(value) || value < 0) throwValidationError(who, `shardsFor: ${what} is ${describeValue(value)}; give a number of resources (0 or more).`);
    }
    const keys = producer.products.map(productKey);
    const fullest = (buckets: number) => {
      const counts = new Array<number>(buckets).fill(0);
      for (const k of keys) counts[jumpHash(k, buckets)]++;
      return Math.max(...counts);
    };
    for (let shards = 1; shards <= MAX_SHARDS; shards++) {
      if (fullest(shards) * resourcesPerProduct <= max && fullest(consumerShardCount(shards)) * perConsumer <= max) return shards;
    }
    return throwValidationError(who, `shardsFor: producer '${domain}' with ${producer.products.length} products at ${resourcesPerProduct} resources each ` +
      `(${perConsumer} in a consumer) needs more than ${MAX_SHARDS} shards of at most ${max} resources. Split the producer into two domains.`);
  }

  /**
   * The suffix of the stacks that hold a product's shard: `-<domain>` when its producer has one shard, else
   * `-<domain>-<n>` (n from 1), e.g. the governance stack `Governance` keeps the product in `Governance-insurance`.
   */
  public shardSuffix(product: string): string {
    const p = this.producerOf(product);
    return (p.shards ?? 1) === 1 ? `-${p.domain}` : `-${p.domain}-${this.shardOf(product) + 1}`;
  }

  /**
   * The consumer shard of a data product, from 0 (issue 13): a product costs a link and a DESCRIBE grant per role in a
   * consumer account, about a fifth of its cost in the governance account, so a producer's products are spread over
   * ceil(shards / 4) consumer shards, by the same jump consistent hash of the product's name.
   */
  public consumerShardOf(product: string): number {
    return jumpHash(productKey(product), consumerShardCount(this.producerOf(product).shards ?? 1));
  }

  /**
   * The suffix of the consumer stacks that hold the resource link of a product: `-<domain>` while its producer has up to
   * 4 shards, else `-<domain>-<n>` with n = `consumerShardOf(product)` + 1.
   */
  public consumerShardSuffix(product: string): string {
    const p = this.producerOf(product);
    return consumerShardCount(p.shards ?? 1) === 1 ? `-${p.domain}` : `-${p.domain}-${this.consumerShardOf(product) + 1}`;
  }

  /** The stack environment of the governance account. */
  public governanceEnv(): Environment {
    return { account: this.governanceAccount, region: this.region };
  }

  /** The stack environment of a producer domain. */
  public producerEnv(domain: string): Environment {
    return { account: this.producer(domain).account, region: this.region };
  }

  /** The stack environment of a consumer domain. */
  public consumerEnv(domain: string): Environment {
    return { account: this.consumer(domain).account, region: this.region };
  }

  /** The name of a producer's medallion bucket: `<mesh>-<domain>-<layer>-<account>-<region>`. */
  public bucketName(domain: string, layer: MedallionLayer): string {
    const p = this.producer(domain);
    return `${this.name}-${p.domain}-${layer}-${p.account}-${this.region}`;
  }

  /** The name of a producer's server access logs bucket: `<mesh>-<domain>-logs-<account>-<region>`. */
  public accessLogsBucketName(domain: string): string {
    const p = this.producer(domain);
    return `${this.name}-${p.domain}-logs-${p.account}-${this.region}`;
  }

  /**
   * The alias of the KMS key of a producer's layer: `alias/<mesh>/<domain>/<layer>`. The governance
   * side conditions its IAM statement on this alias (`kms:ResourceAliases`, DM-13).
   */
  public keyAliasName(domain: string, layer: MedallionLayer): string {
    const p = this.producer(domain);
    return `alias/${this.name}/${p.domain}/${layer}`;
  }

  /** The key prefix of a data product in its producer's gold bucket: `<product>/`. */
  public productPrefix(product: string): string {
    this.producerOf(product);
    return `${product}/`;
  }

  /** The S3 location of a data product: `s3://<gold bucket>/<product>/`. */
  public productLocation(product: string): string {
    const p = this.producerOf(product);
    return `s3://${this.bucketName(p.domain, MedallionLayer.GOLD)}/${this.productPrefix(product)}`;
  }

  /**
   * The name of the governance role that Lake Formation uses to reach a producer's gold bucket
   * (registration with a custom role, DM-09): `<mesh>-lf-registration-<domain>`.
   */
  public registrationRoleName(domain: string): string {
    const p = this.producer(domain);
    return `${this.name}-lf-registration-${p.domain}`;
  }

  /** The ARN of the governance registration role for a producer domain (in the description's partition). */
  public registrationRoleArn(domain: string): string {
    return this.roleArn(this.governanceAccount, this.registrationRoleName(domain));
  }

  /** The name of the governance crawler role of a data product: `<mesh>-crawler-<product>`. */
  public crawlerRoleName(product: string): string {
    this.producerOf(product);
    return `${this.name}-crawler-${product}`;
  }

  /** The ARN of the governance crawler role of a data product. */
  public crawlerRoleArn(product: string): string {
    return this.roleArn(this.governanceAccount, this.crawlerRoleName(product));
  }

  /** The Glue database of a data product in the governance catalog: `<mesh>_<product>` (hyphens become underscores). */
  public databaseName(product: string): string {
    this.producerOf(product);
    return `${glueSafe(this.name)}_${product}`;
  }

  /** The producer-local Glue database of a medallion layer: `<mesh>_<domain>_<layer>`. */
  public layerDatabaseName(domain: string, layer: MedallionLayer): string {
    const p = this.producer(domain);
    return `${glueSafe(this.name)}_${glueSafe(p.domain)}_${layer}`;
  }

  /** The JSON form of the description (round-trips through `MeshDescription.fromJson`). */
  public toJson(): string {
    return JSON.stringify({
      name: this.name,
      governance: {
        account: this.governanceAccount,
        region: this.region,
        ...(this.catalogEncryptionKeyArn !== undefined ? { catalogEncryptionKeyArn: this.catalogEncryptionKeyArn } : {}),
      },
      producers: this.producers.map(p => ({ domain: p.domain, account: p.account, products: p.products })),
      consumers: this.consumers.map(c => ({ domain: c.domain, account: c.account })),
      crossAccountVersion: this.crossAccountVersion,
      partition: this.partition,
    }, undefined, 2);
  }

  private roleArn(account: string, roleName: string): string {
    return ['arn', this.partition, 'iam', '', account, `role/${roleName}`].join(':');
  }

  private find(kind: DomainKind, domain: string): ProducerDomain | ConsumerDomain {
    const list: ReadonlyArray<ProducerDomain | ConsumerDomain> = kind === 'producer' ? this.producers : this.consumers;
    const found = list.find(d => d.domain === domain);
    if (!found) {
      throwValidationError(subject('MeshDescription', this.name), `'${domain}' is not a ${kind} domain of the mesh (${kind}s: ${listOf(list.map(d => d.domain))}). ` +
        `Use one of those, or add '${domain}' to ${kind}s in the mesh description.`);
    }
    return found;
  }

  private checkDomain(who: string, prop: string, d: ProducerDomain | ConsumerDomain, region: string): void {
    if (!d || typeof d !== 'object') {
      throwValidationError(who, `${prop} must be an object { domain, account }.`);
    }
    checkName(who, `${prop}.domain`, d.domain, DOMAIN_NAME);
    checkName(who, `${prop}.account`, d.account, ACCOUNT_ID);
    if (d.region !== undefined) {
      checkName(who, `${prop}.region`, d.region, REGION);
      if (d.region !== region) {
        throwValidationError(who, `${prop}.region '${d.region}' of domain '${d.domain}' differs from the governance region '${region}'. ` +
          'Every account of a mesh uses the governance region: remove the region or set it to the governance region.');
      }
    }
  }

  /**
   * DM-33: the catalog key must be a customer managed key of the governance account, in the mesh's region and
   * partition, named by its key ARN (IAM statements name keys by key ARN; an alias ARN would match nothing).
   */
  private checkCatalogKey(who: string, governance: GovernanceAccount, partition: string): void {
    const arn = governance.catalogEncryptionKeyArn;
    const prop = 'governance.catalogEncryptionKeyArn';
    if (arn === undefined) return;
    requireLiteral(who, prop, arn);
    const example = `arn:${partition}:kms:${governance.region}:${governance.account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    if (typeof arn !== 'string') {
      throwValidationError(who, `${prop} must be a string, got ${typeof arn} ${describeValue(arn)}, e.g. '${example}'.`);
    }
    if (/:alias\/aws\/glue$/.test(arn) || arn === 'alias/aws/glue') {
      throwValidationError(who, `${prop} '${arn}' is the AWS managed key aws/glue: resources encrypted with it cannot be shared with other accounts ` +
        '(its key policy cannot be changed to admit them, DM-33). Encrypt the Data Catalog with a customer managed key and pass its key ARN, ' +
        `e.g. '${example}'.`);
    }
    const m = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/.exec(arn);
    if (!m) {
      throwValidationError(who, `${prop} '${arn}' is not a KMS key ARN. Pass the ARN of the key that encrypts the governance account's Data Catalog, e.g. '${example}'.`);
    }
    const [, arnPartition, arnRegion, arnAccount, kind, id] = m;
    if (kind === 'alias') {
      throwValidationError(who, `${prop} '${arn}' is an alias ARN; IAM policies name a key by its key ARN. Pass the key ARN the alias points to, e.g. '${example}'.`);
    }
    if (!/^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/.test(id)) {
      throwValidationError(who, `${prop} '${arn}' has key id '${id}', which is not a KMS key id (a UUID, or mrk-... for a multi-Region key), e.g. '${example}'.`);
    }
    if (arnAccount !== governance.account || arnRegion !== governance.region || arnPartition !== partition) {
      throwValidationError(who, `${prop} '${arn}' is a key of account ${arnAccount}, region ${arnRegion}, partition ${arnPartition}, but the Data Catalog it encrypts ` +
        `is the governance account's: account ${governance.account}, region ${governance.region}, partition ${partition}. ` +
        `Pass the key of the governance account's catalog encryption settings, e.g. '${example}'.`);
    }
  }

  private checkBucketName(who: string, domain: string, bucket: string): void {
    const reserved = RESERVED_BUCKET_PREFIXES.find(prefix => bucket.startsWith(prefix));
    if (reserved) {
      throwValidationError(who, `the derived bucket name '${bucket}' of domain '${domain}' starts with '${reserved}', a prefix S3 reserves. ` +
        `Rename the mesh '${this.name}' (or the domain) so that bucket names do not start with ${listOf(RESERVED_BUCKET_PREFIXES.map(x => `'${x}'`))}.`);
    }
    if (bucket.length > S3_BUCKET_MAX) {
      throwValidationError(who, `the derived bucket name '${bucket}' of domain '${domain}' is ${bucket.length} characters; S3 allows ${S3_BUCKET_MAX}. ` +
        `Shorten the mesh name '${this.name}' or the domain name '${domain}' by ${plural(bucket.length - S3_BUCKET_MAX, 'character')}.`);
    }
  }

  private checkRoleName(who: string, owner: string, role: string): void {
    if (role.length > IAM_ROLE_MAX) {
      throwValidationError(who, `the derived IAM role name '${role}' of ${owner} is ${role.length} characters; IAM allows ${IAM_ROLE_MAX}. ` +
        `Shorten the mesh name '${this.name}' or the ${owner.split(' ')[0]} name by ${plural(role.length - IAM_ROLE_MAX, 'character')}.`);
    }
  }
}

/** Glue and Athena names use underscores where domain and mesh names use hyphens (an injective mapping: those names have no underscores). */
function glueSafe(name: string): string {
  return name.replace(/-/g, '_');
}

