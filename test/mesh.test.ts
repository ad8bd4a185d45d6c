/*
 * The mesh description: every name that crosses an account boundary, derived from the reference mesh
 * of DESIGN.md (imported from the demo module, never copied), and the properties those names must
 * keep for any valid mesh: valid for S3, IAM, KMS and Glue, and collision-free.
 */
import { bankMesh } from '../examples/typescript/bank-mesh';
import { MedallionLayer, MeshDescription, MeshDescriptionProps } from '../src';

const LAYERS = [MedallionLayer.BRONZE, MedallionLayer.SILVER, MedallionLayer.GOLD];

/** S3 general purpose bucket naming rules (the subset a derived name could break). */
function isValidBucketName(name: string): boolean {
  return name.length >= 3 && name.length <= 63 &&
    /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) &&
    !name.includes('..') && !name.includes('--') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name);
}

/** IAM role names: 1-64 characters of `[\w+=,.@-]`. */
function isValidRoleName(name: string): boolean {
  return /^[\w+=,.@-]{1,64}$/.test(name);
}

/** Glue/Athena database names: lower-case letters, digits and underscores, at most 255 characters. */
function isValidGlueName(name: string): boolean {
  return /^[a-z0-9_]{1,255}$/.test(name);
}

/** KMS alias names: `alias/` + letters, digits, `/_-`, at most 256 characters, not under `alias/aws/`. */
function isValidKmsAlias(name: string): boolean {
  return /^alias\/[a-zA-Z0-9/_-]+$/.test(name) && name.length <= 256 && !name.startsWith('alias/aws/');
}

/** Every derived name of a mesh, by namespace. */
function derivedNames(mesh: MeshDescription) {
  return {
    buckets: mesh.producerDomains.flatMap(d => [...LAYERS.map(l => mesh.bucketName(d, l)), mesh.accessLogsBucketName(d)]),
    aliases: mesh.producerDomains.flatMap(d => LAYERS.map(l => mesh.keyAliasName(d, l))),
    governanceRoles: [...mesh.producerDomains.map(d => mesh.registrationRoleName(d)), ...mesh.products.map(p => mesh.crawlerRoleName(p))],
    databases: [...mesh.products.map(p => mesh.databaseName(p)), ...mesh.producerDomains.flatMap(d => LAYERS.map(l => mesh.layerDatabaseName(d, l)))],
    locations: mesh.products.map(p => mesh.productLocation(p)),
  };
}

function expectUnique(names: string[]): void {
  const seen = new Map<string, number>();
  for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
  expect([...seen].filter(([, count]) => count > 1).map(([n]) => n)).toEqual([]);
}

describe('the reference mesh (examples/typescript/bank-mesh.ts)', () => {
  test('description: name, governance account, region, partition, cross-account version, domains and products', () => {
    expect(bankMesh.name).toBe('bank');
    expect(bankMesh.governanceAccount).toBe('111111111111');
    expect(bankMesh.region).toBe('eu-west-1');
    expect(bankMesh.partition).toBe('aws');
    expect(bankMesh.crossAccountVersion).toBe(4);
    expect(bankMesh.producerDomains).toEqual(['insurance', 'investments']);
    expect(bankMesh.consumerDomains).toEqual(['bi', 'ml', 'exec']);
    expect(bankMesh.products).toEqual(['life_expectancy', 'claims', 'portfolios']);
  });

  test('every domain takes the governance region when it names none', () => {
    expect(bankMesh.producers).toEqual([
      { domain: 'insurance', account: '222222222222', region: 'eu-west-1', products: ['life_expectancy', 'claims'] },
      { domain: 'investments', account: '333333333333', region: 'eu-west-1', products: ['portfolios'] },
    ]);
    expect(bankMesh.consumers).toEqual([
      { domain: 'bi', account: '444444444444', region: 'eu-west-1' },
      { domain: 'ml', account: '555555555555', region: 'eu-west-1' },
      { domain: 'exec', account: '666666666666', region: 'eu-west-1' },
    ]);
    expect(bankMesh.producer('investments').account).toBe('333333333333');
    expect(bankMesh.consumer('exec').account).toBe('666666666666');
  });

  test('bucket names per layer: <mesh>-<domain>-<layer>-<account>-<region>', () => {
    expect(bankMesh.bucketName('insurance', MedallionLayer.BRONZE)).toBe('bank-insurance-bronze-222222222222-eu-west-1');
    expect(bankMesh.bucketName('insurance', MedallionLayer.SILVER)).toBe('bank-insurance-silver-222222222222-eu-west-1');
    expect(bankMesh.bucketName('insurance', MedallionLayer.GOLD)).toBe('bank-insurance-gold-222222222222-eu-west-1');
    expect(bankMesh.bucketName('investments', MedallionLayer.BRONZE)).toBe('bank-investments-bronze-333333333333-eu-west-1');
    expect(bankMesh.bucketName('investments', MedallionLayer.SILVER)).toBe('bank-investments-silver-333333333333-eu-west-1');
    expect(bankMesh.bucketName('investments', MedallionLayer.GOLD)).toBe('bank-investments-gold-333333333333-eu-west-1');
  });

  test('access logs bucket: <mesh>-<domain>-logs-<account>-<region>', () => {
    expect(bankMesh.accessLogsBucketName('insurance')).toBe('bank-insurance-logs-222222222222-eu-west-1');
    expect(bankMesh.accessLogsBucketName('investments')).toBe('bank-investments-logs-333333333333-eu-west-1');
  });

  test('DM-13 KMS aliases: alias/<mesh>/<domain>/<layer>, the name the governance IAM statement is conditioned on', () => {
    expect(bankMesh.keyAliasName('insurance', MedallionLayer.BRONZE)).toBe('alias/bank/insurance/bronze');
    expect(bankMesh.keyAliasName('insurance', MedallionLayer.SILVER)).toBe('alias/bank/insurance/silver');
    expect(bankMesh.keyAliasName('insurance', MedallionLayer.GOLD)).toBe('alias/bank/insurance/gold');
    expect(bankMesh.keyAliasName('investments', MedallionLayer.GOLD)).toBe('alias/bank/investments/gold');
  });

  test('DM-09 registration roles: <mesh>-lf-registration-<domain>, in the governance account', () => {
    expect(bankMesh.registrationRoleName('insurance')).toBe('bank-lf-registration-insurance');
    expect(bankMesh.registrationRoleName('investments')).toBe('bank-lf-registration-investments');
    expect(bankMesh.registrationRoleArn('insurance')).toBe('arn:aws:iam::111111111111:role/bank-lf-registration-insurance');
    expect(bankMesh.registrationRoleArn('investments')).toBe('arn:aws:iam::111111111111:role/bank-lf-registration-investments');
  });

  test('crawler roles: <mesh>-crawler-<product>, in the governance account', () => {
    expect(bankMesh.crawlerRoleName('life_expectancy')).toBe('bank-crawler-life_expectancy');
    expect(bankMesh.crawlerRoleName('claims')).toBe('bank-crawler-claims');
    expect(bankMesh.crawlerRoleName('portfolios')).toBe('bank-crawler-portfolios');
    expect(bankMesh.crawlerRoleArn('life_expectancy')).toBe('arn:aws:iam::111111111111:role/bank-crawler-life_expectancy');
    expect(bankMesh.crawlerRoleArn('claims')).toBe('arn:aws:iam::111111111111:role/bank-crawler-claims');
    expect(bankMesh.crawlerRoleArn('portfolios')).toBe('arn:aws:iam::111111111111:role/bank-crawler-portfolios');
  });

  test('product databases: <mesh>_<product>', () => {
    expect(bankMesh.databaseName('life_expectancy')).toBe('bank_life_expectancy');
    expect(bankMesh.databaseName('claims')).toBe('bank_claims');
    expect(bankMesh.databaseName('portfolios')).toBe('bank_portfolios');
  });

  test('layer databases: <mesh>_<domain>_<layer>', () => {
    expect(bankMesh.layerDatabaseName('insurance', MedallionLayer.BRONZE)).toBe('bank_insurance_bronze');
    expect(bankMesh.layerDatabaseName('insurance', MedallionLayer.SILVER)).toBe('bank_insurance_silver');
    expect(bankMesh.layerDatabaseName('insurance', MedallionLayer.GOLD)).toBe('bank_insurance_gold');
    expect(bankMesh.layerDatabaseName('investments', MedallionLayer.BRONZE)).toBe('bank_investments_bronze');
    expect(bankMesh.layerDatabaseName('investments', MedallionLayer.SILVER)).toBe('bank_investments_silver');
    expect(bankMesh.layerDatabaseName('investments', MedallionLayer.GOLD)).toBe('bank_investments_gold');
  });

  test('products live under gold/<product>/ of their producer: prefix and location', () => {
    expect(bankMesh.productPrefix('life_expectancy')).toBe('life_expectancy/');
    expect(bankMesh.productPrefix('claims')).toBe('claims/');
    expect(bankMesh.productPrefix('portfolios')).toBe('portfolios/');
    expect(bankMesh.productLocation('life_expectancy')).toBe('s3://bank-insurance-gold-222222222222-eu-west-1/life_expectancy/');
    expect(bankMesh.productLocation('claims')).toBe('s3://bank-insurance-gold-222222222222-eu-west-1/claims/');
    expect(bankMesh.productLocation('portfolios')).toBe('s3://bank-investments-gold-333333333333-eu-west-1/portfolios/');
  });

  test('producerOf: the domain that publishes a product', () => {
    expect(bankMesh.producerOf('life_expectancy').domain).toBe('insurance');
    expect(bankMesh.producerOf('claims').domain).toBe('insurance');
    expect(bankMesh.producerOf('portfolios')).toEqual({
      domain: 'investments', account: '333333333333', region: 'eu-west-1', products: ['portfolios'],
    });
  });

  test('DM-36 stack environments: every account of the mesh in the one region', () => {
    expect(bankMesh.governanceEnv()).toEqual({ account: '111111111111', region: 'eu-west-1' });
    expect(bankMesh.producerEnv('insurance')).toEqual({ account: '222222222222', region: 'eu-west-1' });
    expect(bankMesh.producerEnv('investments')).toEqual({ account: '333333333333', region: 'eu-west-1' });
    expect(bankMesh.consumerEnv('bi')).toEqual({ account: '444444444444', region: 'eu-west-1' });
    expect(bankMesh.consumerEnv('ml')).toEqual({ account: '555555555555', region: 'eu-west-1' });
    expect(bankMesh.consumerEnv('exec')).toEqual({ account: '666666666666', region: 'eu-west-1' });
  });

  test('toJson writes the full description with its defaults made explicit', () => {
    expect(JSON.parse(bankMesh.toJson())).toEqual({
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
      crossAccountVersion: 4,
      partition: 'aws',
    });
  });

  test('DM-36 fromJson(toJson()) round-trips: same description, same derived names, same JSON', () => {
    const copy = MeshDescription.fromJson(bankMesh.toJson());
    expect(copy).toBeInstanceOf(MeshDescription);
    expect(copy.toJson()).toBe(bankMesh.toJson());
    expect(derivedNames(copy)).toEqual(derivedNames(bankMesh));
    expect(copy.producers).toEqual(bankMesh.producers);
    expect(copy.consumers).toEqual(bankMesh.consumers);
  });

  test('DM-33 catalogEncryptionKeyArn: a customer managed key of the governance account (single- or multi-Region), kept through the JSON round trip; ' +
    'absent from the JSON when not set', () => {
    for (const arn of ['arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws:kms:eu-west-1:111111111111:key/mrk-1234abcd12ab34cd56ef1234567890ab']) {
      const withKey = new MeshDescription({ ...JSON.parse(bankMesh.toJson()), governance: { account: '111111111111', region: 'eu-west-1', catalogEncryptionKeyArn: arn } });
      expect(withKey.catalogEncryptionKeyArn).toBe(arn);
      expect(JSON.parse(withKey.toJson()).governance).toEqual({ account: '111111111111', region: 'eu-west-1', catalogEncryptionKeyArn: arn });
      expect(MeshDescription.fromJson(withKey.toJson()).catalogEncryptionKeyArn).toBe(arn);
    }
    expect(bankMesh.catalogEncryptionKeyArn).toBeUndefined();
  });

  test('the derived names of the reference mesh are valid S3, KMS, IAM and Glue names, and unique', () => {
    const names = derivedNames(bankMesh);
    expect(names.buckets).toHaveLength(8);
    for (const b of names.buckets) expect(isValidBucketName(b)).toBe(true);
    for (const a of names.aliases) expect(isValidKmsAlias(a)).toBe(true);
    for (const r of names.governanceRoles) expect(isValidRoleName(r)).toBe(true);
    for (const d of names.databases) expect(isValidGlueName(d)).toBe(true);
    for (const list of Object.values(names)) expectUnique(list);
  });
});

describe('partition (DM-11)', () => {
  const props: MeshDescriptionProps = {
    name: 'bank',
    governance: { account: '111111111111', region: 'cn-north-1' },
    producers: [{ domain: 'insurance', account: '222222222222', products: ['claims'] }],
    partition: 'aws-cn',
  };

  test('the literal ARNs of the description use its partition', () => {
    const mesh = new MeshDescription(props);
    expect(mesh.partition).toBe('aws-cn');
    expect(mesh.registrationRoleArn('insurance')).toBe('arn:aws-cn:iam::111111111111:role/bank-lf-registration-insurance');
    expect(mesh.crawlerRoleArn('claims')).toBe('arn:aws-cn:iam::111111111111:role/bank-crawler-claims');
    expect(mesh.bucketName('insurance', MedallionLayer.GOLD)).toBe('bank-insurance-gold-222222222222-cn-north-1');
  });

  test('the partition survives the JSON round trip; GovCloud regions are accepted', () => {
    expect(MeshDescription.fromJson(new MeshDescription(props).toJson()).partition).toBe('aws-cn');
    const gov = new MeshDescription({ ...props, governance: { account: '111111111111', region: 'us-gov-west-1' }, partition: 'aws-us-gov' });
    expect(gov.registrationRoleArn('insurance')).toBe('arn:aws-us-gov:iam::111111111111:role/bank-lf-registration-insurance');
    expect(gov.bucketName('insurance', MedallionLayer.BRONZE)).toBe('bank-insurance-bronze-222222222222-us-gov-west-1');
  });
});

describe('names of other valid meshes', () => {
  test('hyphens in mesh and domain names become underscores in Glue names, nowhere else', () => {
    const mesh = new MeshDescription({
      name: 'north-bank',
      governance: { account: '111111111111', region: 'eu-west-1' },
      producers: [{ domain: 'retail-banking', account: '222222222222', products: ['card_payments'] }],
    });
    expect(mesh.bucketName('retail-banking', MedallionLayer.SILVER)).toBe('north-bank-retail-banking-silver-222222222222-eu-west-1');
    expect(mesh.keyAliasName('retail-banking', MedallionLayer.GOLD)).toBe('alias/north-bank/retail-banking/gold');
    expect(mesh.registrationRoleName('retail-banking')).toBe('north-bank-lf-registration-retail-banking');
    expect(mesh.crawlerRoleName('card_payments')).toBe('north-bank-crawler-card_payments');
    expect(mesh.databaseName('card_payments')).toBe('north_bank_card_payments');
    expect(mesh.layerDatabaseName('retail-banking', MedallionLayer.GOLD)).toBe('north_bank_retail_banking_gold');
  });

  test('DM-06 crossAccountVersion 3 and 5 are accepted and kept; a mesh without consumers is valid', () => {
    const base = { name: 'bank', governance: { account: '111111111111', region: 'eu-west-1' }, producers: [{ domain: 'insurance', account: '222222222222', products: ['claims'] }] };
    expect(new MeshDescription({ ...base, crossAccountVersion: 3 }).crossAccountVersion).toBe(3);
    expect(new MeshDescription({ ...base, crossAccountVersion: 5 }).crossAccountVersion).toBe(5);
    expect(new MeshDescription(base).consumers).toEqual([]);
  });

  test('DM-40 a domain may both produce and consume in one account: it keeps one set of names', () => {
    const mesh = new MeshDescription({
      name: 'bank',
      governance: { account: '111111111111', region: 'eu-west-1' },
      producers: [{ domain: 'insurance', account: '222222222222', products: ['claims'] }],
      consumers: [{ domain: 'insurance', account: '222222222222', region: 'eu-west-1' }],
    });
    expect(mesh.producerEnv('insurance')).toEqual(mesh.consumerEnv('insurance'));
  });

  test('a long-but-valid mesh: 16-character mesh and domain, 32-character product; every name fits its service', () => {
    const mesh = new MeshDescription({
      name: 'northwind-bank01',
      governance: { account: '111111111111', region: 'eu-west-1' },
      producers: [{ domain: 'retail-banking-x', account: '222222222222', products: ['customer_lifetime_value_forecast'] }],
      consumers: [{ domain: 'analytics-and-report', account: '444444444444' }],
    });
    expect(mesh.name).toHaveLength(16);
    expect(mesh.bucketName('retail-banking-x', MedallionLayer.BRONZE)).toBe('northwind-bank01-retail-banking-x-bronze-222222222222-eu-west-1');
    expect(mesh.bucketName('retail-banking-x', MedallionLayer.BRONZE)).toHaveLength(63);
    expect(mesh.crawlerRoleName('customer_lifetime_value_forecast')).toBe('northwind-bank01-crawler-customer_lifetime_value_forecast');
    expect(mesh.crawlerRoleName('customer_lifetime_value_forecast')).toHaveLength(57);
    expect(mesh.registrationRoleName('retail-banking-x')).toBe('northwind-bank01-lf-registration-retail-banking-x');
    expect(mesh.databaseName('customer_lifetime_value_forecast')).toBe('northwind_bank01_customer_lifetime_value_forecast');
    expect(mesh.layerDatabaseName('retail-banking-x', MedallionLayer.SILVER)).toBe('northwind_bank01_retail_banking_x_silver');
    const names = derivedNames(mesh);
    for (const b of names.buckets) expect(isValidBucketName(b)).toBe(true);
    for (const a of names.aliases) expect(isValidKmsAlias(a)).toBe(true);
    for (const r of names.governanceRoles) expect(isValidRoleName(r)).toBe(true);
    for (const d of names.databases) expect(isValidGlueName(d)).toBe(true);
  });

  test('a 20-character domain (the maximum) fits with a 12-character mesh name', () => {
    const mesh = new MeshDescription({
      name: 'northwind-eu',
      governance: { account: '111111111111', region: 'eu-west-1' },
      producers: [{ domain: 'corporate-finance-eu', account: '222222222222', products: ['ledger'] }],
    });
    expect(mesh.bucketName('corporate-finance-eu', MedallionLayer.SILVER)).toBe('northwind-eu-corporate-finance-eu-silver-222222222222-eu-west-1');
    expect(mesh.registrationRoleName('corporate-finance-eu')).toBe('northwind-eu-lf-registration-corporate-finance-eu');
    expect(mesh.layerDatabaseName('corporate-finance-eu', MedallionLayer.BRONZE)).toBe('northwind_eu_corporate_finance_eu_bronze');
    for (const b of derivedNames(mesh).buckets) expect(isValidBucketName(b)).toBe(true);
  });

  test('the longest names the rules allow keep every IAM role name within 64 characters (the IAM check can never fire)', () => {
    // Bucket names cap mesh + domain at 32 characters (63 - layer - account - shortest region - hyphens); products are capped at 32.
    const mesh = new MeshDescription({
      name: 'abcdefghijklmnop',
      governance: { account: '111111111111', region: 'eu-west-1' },
      producers: [{ domain: 'qrstuvwxyzabcdef', account: '222222222222', products: ['a'.repeat(32)] }],
    });
    expect(mesh.registrationRoleName('qrstuvwxyzabcdef')).toHaveLength(49);
    expect(mesh.crawlerRoleName('a'.repeat(32))).toHaveLength(57);
    expect(isValidRoleName(mesh.crawlerRoleName('a'.repeat(32)))).toBe(true);
  });
});

describe('collision-free names', () => {
  /** Every valid domain name of 2-3 characters over a small alphabet that makes near-collisions likely. */
  function candidates(alphabet: string[], pattern: RegExp): string[] {
    const out: string[] = [];
    const grow = (prefix: string) => {
      if (prefix.length >= 2 && pattern.test(prefix)) out.push(prefix);
      if (prefix.length < 3) for (const c of alphabet) grow(prefix + c);
    };
    alphabet.forEach(grow);
    return out;
  }

  test('distinct domains and products never share a bucket, KMS alias, governance role, database or location', () => {
    const domains = [
      ...candidates(['a', 'b', '1', '-'], /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/),
      // Domains named like layers, or like a domain plus a layer, are the likeliest to collide.
      'gold', 'logs', 'bronze', 'silver', 'a-gold', 'a-logs', 'ab-bronze', 'gold-silver',
    ];
    const products = [...candidates(['a', 'b', '1', '_'], /^[a-z](?:[a-z0-9]|_(?=[a-z0-9]))*$/), 'gold', 'logs', 'gold_silver_logs', 'lf_registration'];
    expect(domains.length).toBeGreaterThanOrEqual(30);
    expect(products.length).toBeGreaterThanOrEqual(30);
    const mesh = new MeshDescription({
      name: 'mx',
      governance: { account: '111111111111', region: 'eu-west-1' },
      // All producers in one account: the worst case for per-account namespaces (KMS aliases, Glue databases).
      producers: domains.map((domain, i) => ({
        domain,
        account: '222222222222',
        products: products.filter((_, j) => j % domains.length === i),
      })).map((p, i) => (p.products.length > 0 ? p : { ...p, products: [`p${i}`] })),
    });
    const names = derivedNames(mesh);
    expect(names.buckets).toHaveLength(domains.length * 4);
    for (const list of Object.values(names)) expectUnique(list);
  });

  test('mesh, domain and product names that differ only by hyphen or underscore placement still differ', () => {
    const mesh = new MeshDescription({
      name: 'ab',
      governance: { account: '111111111111', region: 'eu-west-1' },
      producers: [
        { domain: 'a-bc', account: '222222222222', products: ['a_bc'] },
        { domain: 'ab-c', account: '222222222222', products: ['ab_c'] },
        { domain: 'abc', account: '222222222222', products: ['abc'] },
      ],
    });
    const names = derivedNames(mesh);
    for (const list of Object.values(names)) expectUnique(list);
    expect(mesh.layerDatabaseName('a-bc', MedallionLayer.GOLD)).toBe('ab_a_bc_gold');
    expect(mesh.layerDatabaseName('ab-c', MedallionLayer.GOLD)).toBe('ab_ab_c_gold');
    expect(mesh.databaseName('a_bc')).toBe('ab_a_bc');
  });
});

describe('the description cannot change after validation', () => {
  const props = (): MeshDescriptionProps => ({
    name: 'bank',
    governance: { account: '111111111111', region: 'eu-west-1' },
    producers: [{ domain: 'insurance', account: '222222222222', products: ['claims'] }],
    consumers: [{ domain: 'bi', account: '444444444444' }],
  });

  test('the arrays and objects it returns are frozen: a push or an assignment throws and no derived name changes', () => {
    const mesh = new MeshDescription(props());
    const before = derivedNames(mesh);
    expect(() => mesh.producers[0].products.push('Bad Name!')).toThrow(TypeError);
    expect(() => mesh.producers.push({ domain: 'Bad Domain!', account: '1', products: [] })).toThrow(TypeError);
    expect(() => mesh.consumers.push({ domain: 'x', account: '1' })).toThrow(TypeError);
    expect(() => { (mesh.producers[0] as { account: string }).account = '999999999999'; }).toThrow(TypeError);
    expect(() => mesh.producer('insurance').products.splice(0, 1)).toThrow(TypeError);
    expect(mesh.products).toEqual(['claims']);
    expect(mesh.producer('insurance').account).toBe('222222222222');
    expect(derivedNames(mesh)).toEqual(before);
    // Derived lists are fresh copies: changing one changes nothing else.
    mesh.products.push('other');
    mesh.producerDomains.push('other');
    expect(mesh.products).toEqual(['claims']);
    expect(mesh.producerDomains).toEqual(['insurance']);
  });

  test('the props it was built from can change afterwards without changing it', () => {
    const p = props();
    const mesh = new MeshDescription(p);
    p.producers[0].products.push('Bad Name!');
    (p.producers[0] as { domain: string }).domain = 'Other';
    p.consumers!.push({ domain: 'ml', account: '555555555555' });
    expect(mesh.products).toEqual(['claims']);
    expect(mesh.producerDomains).toEqual(['insurance']);
    expect(mesh.consumerDomains).toEqual(['bi']);
  });
});

describe('two meshes in one account (README: names are unique within one mesh only)', () => {
  test('mesh names that prefix each other\'s domains collide: bank + x-insurance and bank-x + insurance share buckets and layer databases', () => {
    const mesh = (name: string, domain: string) => new MeshDescription({
      name, governance: { account: '111111111111', region: 'eu-west-1' }, producers: [{ domain, account: '222222222222', products: ['claims'] }],
    });
    const a = mesh('bank', 'x-insurance');
    const b = mesh('bank-x', 'insurance');
    expect(a.bucketName('x-insurance', MedallionLayer.GOLD)).toBe(b.bucketName('insurance', MedallionLayer.GOLD));
    expect(a.layerDatabaseName('x-insurance', MedallionLayer.GOLD)).toBe(b.layerDatabaseName('insurance', MedallionLayer.GOLD));
    // Meshes whose names are not prefixes of each other's domains do not collide.
    const c = mesh('lake', 'insurance');
    expect(c.bucketName('insurance', MedallionLayer.GOLD)).not.toBe(b.bucketName('insurance', MedallionLayer.GOLD));
  });
});
