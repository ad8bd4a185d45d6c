/*
 * Bad input: every invalid mesh description or construct prop is a synth-time error whose message
 * names the construct or description, the prop, the bad value and the fix. Each case asserts the
 * exact message (a string is compared whole; a regexp is anchored).
 */
import { App, CliCredentialsStackSynthesizer, Duration, Environment, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { bankMesh } from '../examples/typescript/bank-mesh';
import { DataProducer, DataProducerProps, LayerKeyArns, MedallionLayer, MeshDescription, MeshDescriptionProps, SettingsMutation } from '../src';

/** A valid description (the reference mesh's shape) that each case breaks in one place. */
const VALID: MeshDescriptionProps = {
  name: 'bank',
  governance: { account: '111111111111', region: 'eu-west-1' },
  producers: [
    { domain: 'insurance', account: '222222222222', products: ['life_expectancy', 'claims'] },
    { domain: 'investments', account: '333333333333', products: ['portfolios'] },
  ],
  consumers: [
    { domain: 'bi', account: '444444444444' },
    { domain: 'ml', account: '555555555555' },
  ],
};

const mesh = (changes: Partial<MeshDescriptionProps>) => () => new MeshDescription({ ...VALID, ...changes });
const catalogKey = (arn: string) => mesh({ governance: { ...VALID.governance, catalogEncryptionKeyArn: arn } });
const KEY_EXAMPLE = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const producers = (...list: MeshDescriptionProps['producers']) => mesh({ producers: list });
const consumers = (...list: NonNullable<MeshDescriptionProps['consumers']>) => mesh({ consumers: list });

/** An insurance DataProducer in a fresh app, in a stack at `env` (default: the producer's own environment). */
function producer(props: Partial<DataProducerProps> = {}, env: Environment | 'agnostic' = bankMesh.producerEnv('insurance')) {
  return () => {
    const app = new App();
    const stack = new Stack(app, 'Insurance', env === 'agnostic' ? {} : { env });
    return new DataProducer(stack, 'Lake', { mesh: bankMesh, domain: 'insurance', ...props });
  };
}

const MESH = "MeshDescription 'bank'";
const NAME_RULE = 'lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen';
const PRODUCT_RULE = 'lower-case letters, digits and single underscores, starting with a letter and not ending with an underscore ' +
  '(a valid Glue/Athena name and S3 prefix)';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const cases: Array<[title: string, build: () => unknown, message: string | RegExp]> = [
  // ---- mesh, domain and product names -------------------------------------------------------------
  ['upper-case mesh name', mesh({ name: 'Bank' }),
    `MeshDescription 'Bank': name 'Bank' is invalid: it must be ${NAME_RULE}, e.g. 'bank'.`],
  ['mesh name longer than 16 characters', mesh({ name: 'bank-of-the-north' }),
    `MeshDescription 'bank-of-the-north': name 'bank-of-the-north' is 17 characters long; it must be 2 to 16 characters (${NAME_RULE}), e.g. 'bank'.`],
  ['mesh name of one character', mesh({ name: 'b' }),
    `MeshDescription 'b': name 'b' is 1 character long; it must be 2 to 16 characters (${NAME_RULE}), e.g. 'bank'.`],
  ['mesh name with a trailing hyphen', mesh({ name: 'bank-' }),
    `MeshDescription 'bank-': name 'bank-' is invalid: it must be ${NAME_RULE}, e.g. 'bank'.`],
  ['mesh name with a double hyphen', mesh({ name: 'bank--eu' }),
    `MeshDescription 'bank--eu': name 'bank--eu' is invalid: it must be ${NAME_RULE}, e.g. 'bank'.`],
  ['mesh name starting with a digit', mesh({ name: '1bank' }),
    `MeshDescription '1bank': name '1bank' is invalid: it must be ${NAME_RULE}, e.g. 'bank'.`],
  ['upper-case producer domain', producers({ domain: 'Insurance', account: '222222222222', products: ['claims'] }),
    `${MESH}: producers[0].domain 'Insurance' is invalid: it must be ${NAME_RULE}, e.g. 'insurance'.`],
  ['upper-case consumer domain', consumers({ domain: 'ML', account: '555555555555' }),
    `${MESH}: consumers[0].domain 'ML' is invalid: it must be ${NAME_RULE}, e.g. 'insurance'.`],
  ['domain longer than 20 characters', producers({ domain: 'retail-banking-europe', account: '222222222222', products: ['claims'] }),
    `${MESH}: producers[0].domain 'retail-banking-europe' is 21 characters long; it must be 2 to 20 characters (${NAME_RULE}), e.g. 'insurance'.`],
  ['domain with an underscore', producers({ domain: 'retail_banking', account: '222222222222', products: ['claims'] }),
    `${MESH}: producers[0].domain 'retail_banking' is invalid: it must be ${NAME_RULE}, e.g. 'insurance'.`],
  ['domain with a trailing hyphen', consumers({ domain: 'bi-', account: '444444444444' }),
    `${MESH}: consumers[0].domain 'bi-' is invalid: it must be ${NAME_RULE}, e.g. 'insurance'.`],
  ['upper-case product', producers({ domain: 'insurance', account: '222222222222', products: ['claims', 'Policies'] }),
    `${MESH}: producers[0].products[1] 'Policies' is invalid: it must be ${PRODUCT_RULE}, e.g. 'life_expectancy'.`],
  ['product longer than 32 characters', producers({ domain: 'insurance', account: '222222222222', products: ['customer_lifetime_value_forecasts'] }),
    `${MESH}: producers[0].products[0] 'customer_lifetime_value_forecasts' is 33 characters long; it must be 2 to 32 characters (${PRODUCT_RULE}), ` +
    "e.g. 'life_expectancy'."],
  ['product with a hyphen', producers({ domain: 'insurance', account: '222222222222', products: ['life-expectancy'] }),
    `${MESH}: producers[0].products[0] 'life-expectancy' is invalid: it must be ${PRODUCT_RULE}, e.g. 'life_expectancy'.`],
  ['product with a trailing underscore', producers({ domain: 'insurance', account: '222222222222', products: ['claims_'] }),
    `${MESH}: producers[0].products[0] 'claims_' is invalid: it must be ${PRODUCT_RULE}, e.g. 'life_expectancy'.`],
  ['product with a slash (a path, not a name)', producers({ domain: 'insurance', account: '222222222222', products: ['gold/claims'] }),
    `${MESH}: producers[0].products[0] 'gold/claims' is invalid: it must be ${PRODUCT_RULE}, e.g. 'life_expectancy'.`],

  // ---- derived names ------------------------------------------------------------------------------
  ['derived bucket name over 63 characters',
    mesh({ name: 'northwind-bank01', producers: [{ domain: 'retail-banking-eu', account: '222222222222', products: ['claims'] }] }),
    "MeshDescription 'northwind-bank01': the derived bucket name 'northwind-bank01-retail-banking-eu-bronze-222222222222-eu-west-1' of domain " +
    "'retail-banking-eu' is 64 characters; S3 allows 63. Shorten the mesh name 'northwind-bank01' or the domain name 'retail-banking-eu' by 1 character."],
  ['derived bucket name with a prefix S3 reserves', mesh({ name: 'sthree' }),
    "MeshDescription 'sthree': the derived bucket name 'sthree-insurance-bronze-222222222222-eu-west-1' of domain 'insurance' starts with 'sthree-', " +
    "a prefix S3 reserves. Rename the mesh 'sthree' (or the domain) so that bucket names do not start with 'xn--', 'sthree-', 'amzn-s3-demo-'."],
  ['DM-13 derived KMS alias under alias/aws/', mesh({ name: 'aws' }),
    "MeshDescription 'aws': name 'aws' would put the KMS key aliases under 'alias/aws/' (e.g. 'alias/aws/insurance/gold'), which AWS reserves " +
    'for AWS managed keys (DM-13). Choose another mesh name.'],
  ['product named like a layer database (<domain>_<layer>)',
    producers({ domain: 'insurance', account: '222222222222', products: ['insurance_gold'] }),
    `${MESH}: product 'insurance_gold' would get the Glue database name 'bank_insurance_gold', which is the gold layer database of producer ` +
    "'insurance'. A product may not be named <domain>_<layer>: rename it, e.g. 'insurance_gold_products'."],

  // ---- duplicates and structure -------------------------------------------------------------------
  ['duplicate product across producers', producers(
    { domain: 'insurance', account: '222222222222', products: ['life_expectancy', 'claims'] },
    { domain: 'investments', account: '333333333333', products: ['claims'] }),
  `${MESH}: product 'claims' is declared more than once (by insurance, investments). Product names are unique mesh-wide: rename one of them, ` +
    'e.g. by prefixing the domain.'],
  ['duplicate product within one producer', producers({ domain: 'insurance', account: '222222222222', products: ['claims', 'claims'] }),
    `${MESH}: product 'claims' is declared more than once (by insurance). Product names are unique mesh-wide: rename one of them, e.g. by prefixing the domain.`],
  ['duplicate producer domain', producers(
    { domain: 'insurance', account: '222222222222', products: ['claims'] },
    { domain: 'insurance', account: '222222222222', products: ['life_expectancy'] }),
  `${MESH}: producers declares domain 'insurance' more than once. Each domain appears once; list all of its products in one entry.`],
  ['duplicate consumer domain', consumers({ domain: 'ml', account: '555555555555' }, { domain: 'ml', account: '555555555555' }),
    `${MESH}: consumers declares domain 'ml' more than once. Each domain appears once: remove the repeated entry.`],
  ['producer with no products', producers({ domain: 'insurance', account: '222222222222', products: [] }),
    `${MESH}: producers[0].products of domain 'insurance' is empty. List the data products it publishes, e.g. ['claims'].`],
  ['no producers', producers(),
    `${MESH}: producers must list at least one producer domain, e.g. [{ domain: 'insurance', account: '222222222222', products: ['claims'] }].`],

  // ---- accounts, regions, versions, tokens --------------------------------------------------------
  ['governance account id of 11 digits', mesh({ governance: { account: '11111111111', region: 'eu-west-1' } }),
    `${MESH}: governance.account '11111111111' is 11 characters long; it must be exactly 12 characters (a 12-digit AWS account id), e.g. '111111111111'.`],
  ['producer account id with a letter', producers({ domain: 'insurance', account: '22222222222O', products: ['claims'] }),
    `${MESH}: producers[0].account '22222222222O' is invalid: it must be a 12-digit AWS account id, e.g. '111111111111'.`],
  ['consumer account id with dashes', consumers({ domain: 'bi', account: '4444-4444-4444' }),
    `${MESH}: consumers[0].account '4444-4444-4444' is 14 characters long; it must be exactly 12 characters (a 12-digit AWS account id), e.g. '111111111111'.`],
  ['account id given as a number', producers({ domain: 'insurance', account: 222222222222 as unknown as string, products: ['claims'] }),
    `${MESH}: producers[0].account must be a string (quote it), got number 222222222222, e.g. '111111111111'.`],
  ['governance account id given as a number', mesh({ governance: { account: 111111111111 as unknown as string, region: 'eu-west-1' } }),
    `${MESH}: governance.account must be a string (quote it), got number 111111111111, e.g. '111111111111'.`],
  ['region that is not a region code', mesh({ governance: { account: '111111111111', region: 'europe-west' } }),
    `${MESH}: governance.region 'europe-west' is invalid: it must be a lower-case AWS region code, e.g. 'eu-west-1'.`],
  ['upper-case region', mesh({ governance: { account: '111111111111', region: 'EU-WEST-1' } }),
    `${MESH}: governance.region 'EU-WEST-1' is invalid: it must be a lower-case AWS region code, e.g. 'eu-west-1'.`],
  ['consumer region different from the governance region', consumers({ domain: 'bi', account: '444444444444', region: 'us-east-1' }),
    `${MESH}: consumers[0].region 'us-east-1' of domain 'bi' differs from the governance region 'eu-west-1'. Every account of a mesh uses the ` +
    'governance region: remove the region or set it to the governance region.'],
  ['producer region different from the governance region', producers({ domain: 'insurance', account: '222222222222', region: 'eu-central-1', products: ['claims'] }),
    `${MESH}: producers[0].region 'eu-central-1' of domain 'insurance' differs from the governance region 'eu-west-1'. Every account of a mesh uses the ` +
    'governance region: remove the region or set it to the governance region.'],
  ['DM-40 a domain that is producer and consumer in different accounts', consumers({ domain: 'insurance', account: '444444444444' }),
    `${MESH}: domain 'insurance' is a producer in account 222222222222 and a consumer in account 444444444444. A domain that both produces and ` +
    'consumes must use one account; otherwise give the consumer its own domain name.'],
  ['DM-06 crossAccountVersion 2 (no RAM sharing)', mesh({ crossAccountVersion: 2 }),
    `${MESH}: crossAccountVersion 2 is not supported: use 3, 4 (the default) or 5. Versions 1 and 2 cannot share LF-tag policies through AWS RAM (DM-06).`],
  ['DM-06 crossAccountVersion 6 (does not exist)', mesh({ crossAccountVersion: 6 }),
    `${MESH}: crossAccountVersion 6 is not supported: use 3, 4 (the default) or 5. Versions 1 and 2 cannot share LF-tag policies through AWS RAM (DM-06).`],
  ['DM-06 crossAccountVersion as a string', mesh({ crossAccountVersion: '4' as unknown as number }),
    `${MESH}: crossAccountVersion must be a number, got string '4'. Write it without quotes, e.g. crossAccountVersion: 4 ` +
    '(the Lake Formation setting is written as a string for you, DM-06).'],
  ['DM-36 a token as account id', consumers({ domain: 'bi', account: Token.asString({ Ref: 'AWS::AccountId' }) }),
    new RegExp(`^${escapeRegExp(`${MESH}: consumers[0].account must be a literal string, got an unresolved token (`)}\\$\\{Token\\[[A-Za-z.]+\\d+\\]\\}` +
      `${escapeRegExp('). Cross-account names are derived at synth time, so write the value itself (e.g. the 12-digit account id).')}$`)],
  ['partition in upper case', mesh({ partition: 'AWS' }),
    `${MESH}: partition 'AWS' is invalid: use 'aws', 'aws-cn' or 'aws-us-gov'.`],
  ['DM-33 catalogEncryptionKeyArn: the AWS managed aws/glue key (cannot be shared)',
    catalogKey('arn:aws:kms:eu-west-1:111111111111:alias/aws/glue'),
    `${MESH}: governance.catalogEncryptionKeyArn 'arn:aws:kms:eu-west-1:111111111111:alias/aws/glue' is the AWS managed key aws/glue: resources ` +
    'encrypted with it cannot be shared with other accounts (its key policy cannot be changed to admit them, DM-33). Encrypt the Data Catalog with ' +
    `a customer managed key and pass its key ARN, e.g. '${KEY_EXAMPLE}'.`],
  ['DM-33 catalogEncryptionKeyArn: an alias ARN', catalogKey('arn:aws:kms:eu-west-1:111111111111:alias/bank/catalog'),
    `${MESH}: governance.catalogEncryptionKeyArn 'arn:aws:kms:eu-west-1:111111111111:alias/bank/catalog' is an alias ARN; IAM policies name a key ` +
    `by its key ARN. Pass the key ARN the alias points to, e.g. '${KEY_EXAMPLE}'.`],
  ['DM-33 catalogEncryptionKeyArn: not an ARN', catalogKey('1234abcd-12ab-34cd-56ef-1234567890ab'),
    `${MESH}: governance.catalogEncryptionKeyArn '1234abcd-12ab-34cd-56ef-1234567890ab' is not a KMS key ARN. Pass the ARN of the key that ` +
    `encrypts the governance account's Data Catalog, e.g. '${KEY_EXAMPLE}'.`],
  ['DM-33 catalogEncryptionKeyArn: a key id that is not one', catalogKey('arn:aws:kms:eu-west-1:111111111111:key/my-key'),
    `${MESH}: governance.catalogEncryptionKeyArn 'arn:aws:kms:eu-west-1:111111111111:key/my-key' has key id 'my-key', which is not a KMS key id ` +
    `(a UUID, or mrk-... for a multi-Region key), e.g. '${KEY_EXAMPLE}'.`],
  ['DM-33 catalogEncryptionKeyArn: a key of another account', catalogKey('arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    `${MESH}: governance.catalogEncryptionKeyArn 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab' is a key of ` +
    'account 222222222222, region eu-west-1, partition aws, but the Data Catalog it encrypts is the governance account\'s: account 111111111111, ' +
    `region eu-west-1, partition aws. Pass the key of the governance account's catalog encryption settings, e.g. '${KEY_EXAMPLE}'.`],
  ['DM-33 catalogEncryptionKeyArn: a key of another region', catalogKey('arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    `${MESH}: governance.catalogEncryptionKeyArn 'arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab' is a key of ` +
    'account 111111111111, region eu-central-1, partition aws, but the Data Catalog it encrypts is the governance account\'s: account 111111111111, ' +
    `region eu-west-1, partition aws. Pass the key of the governance account's catalog encryption settings, e.g. '${KEY_EXAMPLE}'.`],
  ['DM-33 catalogEncryptionKeyArn: a token', catalogKey(Token.asString({ 'Fn::ImportValue': 'CatalogKey' })),
    new RegExp(`^${escapeRegExp(`${MESH}: governance.catalogEncryptionKeyArn must be a literal string, got an unresolved token (`)}\\$\\{Token\\[[A-Za-z.]+\\d+\\]\\}` +
      `${escapeRegExp('). Cross-account names are derived at synth time, so write the value itself (e.g. the 12-digit account id).')}$`)],

  // ---- JSON and lookups ---------------------------------------------------------------------------
  ['fromJson with invalid JSON', () => MeshDescription.fromJson("{ name: 'bank' }"),
    /^MeshDescription: fromJson: the text is not valid JSON \(Expected property name or '\}' in JSON at position 2[^)]*\)\. Pass the JSON form of MeshDescriptionProps\.$/],
  ['fromJson with a JSON array', () => MeshDescription.fromJson('[]'),
    'MeshDescription: fromJson: expected a JSON object { name, governance, producers, consumers }, got an array. Pass the JSON form of MeshDescriptionProps.'],
  ['fromJson with a valid JSON object that is an invalid description', () => MeshDescription.fromJson(JSON.stringify({ ...VALID, name: 'Bank' })),
    `MeshDescription 'Bank': name 'Bank' is invalid: it must be ${NAME_RULE}, e.g. 'bank'.`],
  ['a derived name of an unknown domain', () => bankMesh.bucketName('retail', 'gold' as never),
    `${MESH}: 'retail' is not a producer domain of the mesh (producers: insurance, investments). Use one of those, or add 'retail' to producers ` +
    'in the mesh description.'],
  ['the producer of an unknown product', () => bankMesh.producerOf('loans'),
    `${MESH}: product 'loans' is not declared by any producer (declared: life_expectancy, claims, portfolios). Add it to its producer's products ` +
    'in the mesh description.'],

  // ---- DataProducer props -------------------------------------------------------------------------
  ['DataProducer without a domain', producer({ domain: undefined as unknown as string }),
    "DataProducer 'Lake': domain is required: the producer domain this stack builds, one of insurance, investments (mesh 'bank')."],
  ['DataProducer of an unknown domain', producer({ domain: 'retail' }),
    "DataProducer 'Lake': domain 'retail' is not a producer domain of mesh 'bank' (producers: insurance, investments). Use one of those, or add " +
    "'retail' to producers in the mesh description."],
  ['DataProducer of a consumer domain', producer({ domain: 'ml' }, bankMesh.consumerEnv('ml')),
    "DataProducer 'Lake': domain 'ml' is not a producer domain of mesh 'bank' (producers: insurance, investments). Use one of those, or add " +
    "'ml' to producers in the mesh description."],
  ['DM-36 DataProducer in an environment-agnostic stack', producer({}, 'agnostic'),
    "DataProducer 'Lake': stack 'Insurance' is environment-agnostic, but the producer 'insurance' lives in account 222222222222, region eu-west-1. " +
    "Create the stack with { env: mesh.producerEnv('insurance') }."],
  ['DM-36 DataProducer in the wrong account', producer({}, bankMesh.producerEnv('investments')),
    "DataProducer 'Lake': stack 'Insurance' is in account 333333333333, region eu-west-1, but the mesh description places the producer 'insurance' " +
    "in account 222222222222, region eu-west-1. Create the stack with { env: mesh.producerEnv('insurance') }."],
  ['DM-36 DataProducer in the wrong region', producer({}, { account: '222222222222', region: 'eu-central-1' }),
    "DataProducer 'Lake': stack 'Insurance' is in account 222222222222, region eu-central-1, but the mesh description places the producer 'insurance' " +
    "in account 222222222222, region eu-west-1. Create the stack with { env: mesh.producerEnv('insurance') }."],
  ['autoDeleteObjects without RemovalPolicy.DESTROY', producer({ autoDeleteObjects: true }),
    "DataProducer 'Lake': autoDeleteObjects is true but removalPolicy is not RemovalPolicy.DESTROY. Emptying buckets only makes sense when they are " +
    'destroyed: set removalPolicy: RemovalPolicy.DESTROY too (demos only), or drop autoDeleteObjects.'],
  ['access logs kept less than a day', producer({ accessLogsRetention: Duration.hours(12) }),
    "DataProducer 'Lake': accessLogsRetention 12 hours is shorter than one day. Use Duration.days(n) with n >= 1."],
  ['DM-40 two stacks REPLACE the settings of one account and region', () => {
    const app = new App();
    new DataProducer(new Stack(app, 'First', { env: bankMesh.producerEnv('insurance') }), 'Lake', { mesh: bankMesh, domain: 'insurance' });
    new DataProducer(new Stack(app, 'Second', { env: bankMesh.producerEnv('insurance') }), 'Lake', { mesh: bankMesh, domain: 'insurance' });
  },
  "DataProducer 'Lake': stack 'Second' writes the Lake Formation settings of account 222222222222 in eu-west-1 with REPLACE, but stack 'First' " +
    "already does (DM-40): the second deployment would wipe the first one's admins. Put both constructs in one stack, or set settingsMutation: " +
    'SettingsMutation.APPEND on all but one of them.'],
  ['DM-02 DM-40 conflicting settingsMutation in one stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Insurance', { env: bankMesh.producerEnv('insurance') });
    new DataProducer(stack, 'Lake', { mesh: bankMesh, domain: 'insurance', settingsMutation: SettingsMutation.APPEND });
    new DataProducer(stack, 'Lake2', { mesh: bankMesh, domain: 'insurance', settingsMutation: SettingsMutation.REPLACE });
  },
  "DataProducer 'Lake2': settingsMutation REPLACE conflicts with APPEND requested by DataProducer 'Lake' in the same stack 'Insurance'. A stack has " +
    'one Lake Formation settings resource (DM-40): give both constructs the same settingsMutation.'],
  ['DM-06 two meshes with different crossAccountVersion in one stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Insurance', { env: bankMesh.producerEnv('insurance') });
    const v5 = new MeshDescription({ ...JSON.parse(bankMesh.toJson()), crossAccountVersion: 5 });
    new DataProducer(stack, 'Lake', { mesh: bankMesh, domain: 'insurance', settingsMutation: SettingsMutation.APPEND });
    new DataProducer(stack, 'Lake2', { mesh: v5, domain: 'insurance', settingsMutation: SettingsMutation.APPEND });
  },
  "DataProducer 'Lake2': CROSS_ACCOUNT_VERSION 5 conflicts with 4 requested by DataProducer 'Lake' in the same stack (DM-06). Use one mesh " +
    'description for every construct of the account.'],
  ['DM-01 a non-default synthesizer without deploymentRoleArn', () => {
    const app = new App();
    const stack = new Stack(app, 'Insurance', { env: bankMesh.producerEnv('insurance'), synthesizer: new CliCredentialsStackSynthesizer() });
    new DataProducer(stack, 'Lake', { mesh: bankMesh, domain: 'insurance' });
  },
  "DataProducer 'Lake': stack 'Insurance' uses CliCredentialsStackSynthesizer, so the library cannot tell which role deploys it. Pass " +
    'deploymentRoleArn (the role CloudFormation runs as): it must be a Lake Formation admin to create grants (DM-01).'],
  ['fromDataProducerAttributes with a keyArns key that is not a layer', () => {
    const stack = new Stack(new App(), 'Consumer', { env: bankMesh.consumerEnv('ml') });
    DataProducer.fromDataProducerAttributes(stack, 'Insurance', {
      mesh: bankMesh,
      domain: 'insurance',
      keyArns: { platinum: 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab' } as unknown as LayerKeyArns,
    });
  },
  "DataProducer 'Insurance': keyArns has key 'platinum'; the layers are bronze, silver, gold."],
  ['fromDataProducerAttributes with a key alias ARN in keyArns', () => {
    const stack = new Stack(new App(), 'Pipelines', { env: bankMesh.producerEnv('insurance') });
    DataProducer.fromDataProducerAttributes(stack, 'Insurance', {
      mesh: bankMesh, domain: 'insurance', keyArns: { gold: 'arn:aws:kms:eu-west-1:222222222222:alias/bank/insurance/gold' },
    });
  },
  "DataProducer 'Insurance': keyArns.gold 'arn:aws:kms:eu-west-1:222222222222:alias/bank/insurance/gold' is an alias ARN; IAM grants need the " +
    "key ARN (key/<key id>), not an alias. Pass the ARN of the producer's gold key, e.g. keyArns: { gold: " +
    "'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab' }, or omit keyArns.gold (grants then use key/* in account " +
    "222222222222, conditioned on the alias 'alias/bank/insurance/gold')."],
  ['fromDataProducerAttributes with a key of another account in keyArns', () => {
    const stack = new Stack(new App(), 'Pipelines', { env: bankMesh.producerEnv('insurance') });
    DataProducer.fromDataProducerAttributes(stack, 'Insurance', {
      mesh: bankMesh, domain: 'insurance', keyArns: { silver: 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    });
  },
  "DataProducer 'Insurance': keyArns.silver 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab' is a key of account " +
    "333333333333, not of the producer 'insurance' (account 222222222222). Pass the ARN of the producer's silver key, e.g. keyArns: { silver: " +
    "'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab' }, or omit keyArns.silver (grants then use key/* in account " +
    "222222222222, conditioned on the alias 'alias/bank/insurance/silver')."],
  ['grantRead of gold to a role of another account', () => {
    const app = new App();
    const lake = producer()();
    const consumer = new Stack(app, 'Ml', { env: bankMesh.consumerEnv('ml') });
    lake.grantRead(new iam.Role(consumer, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }), MedallionLayer.GOLD);
  },
  "DataProducer 'Lake': grantRead(grantee, 'gold') refused: the grantee is in account 555555555555, not in the producer account 222222222222. " +
    'Bronze and silver are never reachable from another account, and gold data products reach other accounts only through Lake Formation: ' +
    'register the product with GovernanceHub.addDataProduct and share it with a DataProductShare. Grant a principal of account 222222222222 instead.'],
  ['additionalAdmins with a role of another account', producer({
    additionalAdmins: [iam.Role.fromRoleArn(new Stack(new App(), 'Refs'), 'Sso', 'arn:aws:iam::111111111111:role/data-admins')],
  }),
  "DataProducer 'Lake': additionalAdmins[0] is a role of account 111111111111; Lake Formation admins of the producer 'insurance' must be roles " +
    "of its account 222222222222. Pass a role of that account (e.g. iam.Role.fromRoleArn(this, 'Admin', 'arn:aws:iam::222222222222:role/<name>')), " +
    'or grant the other account through a DataProductShare.'],
];

describe('bad input is a synth-time error with the exact, helpful message', () => {
  test('the table covers at least 20 cases and every title is unique', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(new Set(cases.map(([title]) => title)).size).toBe(cases.length);
  });

  test.each(cases)('%s', (_title, build, message) => {
    const exact = typeof message === 'string' ? new RegExp(`^${escapeRegExp(message)}$`) : message;
    expect(exact.source.startsWith('^') && exact.source.endsWith('$')).toBe(true);
    expect(build).toThrow(exact);
  });
});
