/*
 * Bad input to LfTagOntology / GovernanceHub / the declared schema: each is a synth-time error whose
 * message names the construct, the prop, the bad value and the fix. Messages are compared exactly.
 */
import { App, Stack } from 'aws-cdk-lib';
import { bankMesh } from '../examples/typescript/bank-mesh';
import {
  ColumnSchema, ColumnType, Confidentiality, DataProduct, DataProductOptions, GovernanceHub, LfTagDefinition, LfTagOntology, MeshDescription,
  PartitionKeySchema, PartitionProjection, TableSchema,
} from '../src';
import { expectThrowsMessage } from './support/bad-input';

const GOLD = 's3://bank-insurance-gold-222222222222-eu-west-1';
const HUB = "GovernanceHub 'Hub'";
const CLAIMS = `${HUB} data product 'claims'`;

/** A governance stack of the reference mesh (or `mesh`) whose ontology has one custom key, `region` (eu, us), unless `customTags` says otherwise. */
function setup(stackId = 'Governance', customTags: LfTagDefinition[] = [{ key: 'region', values: ['eu', 'us'] }], mesh = bankMesh) {
  const app = new App();
  const stack = new Stack(app, stackId, { env: mesh.governanceEnv() });
  const ontology = new LfTagOntology(stack, 'Tags', { mesh, customTags });
  const hub = new GovernanceHub(stack, 'Hub', { mesh, ontology });
  return { app, stack, ontology, hub };
}
/** The reference mesh with the insurance products renamed to `products`. */
const meshWith = (products: string[]) => MeshDescription.fromJson(JSON.stringify({
  ...JSON.parse(bankMesh.toJson()),
  producers: [{ domain: 'insurance', account: '222222222222', products }, { domain: 'investments', account: '333333333333', products: ['portfolios'] }],
}));
const PRODUCT = `${GOLD}/claims/`;

const col = (name: string, extra: Partial<ColumnSchema> = {}): ColumnSchema => ({ name, type: ColumnType.STRING, ...extra });
const ingestDate = (extra: Partial<PartitionKeySchema> = {}): PartitionKeySchema =>
  ({ name: 'ingest_date', type: ColumnType.STRING, projection: PartitionProjection.date({ range: 'NOW-3YEARS,NOW' }), ...extra });
const claimsTable = (extra: Partial<TableSchema> = {}): TableSchema => ({ name: 'claims', columns: [col('claim_id'), col('claimant_name')], ...extra });
/** Adds the `claims` product with `options` (tables default to one valid table). */
const addClaims = (options: Partial<DataProductOptions> = {}) => () => {
  const { hub } = setup();
  hub.addDataProduct('claims', { tables: [claimsTable()], ...options });
};
const withTable = (extra: Partial<TableSchema>) => addClaims({ tables: [claimsTable(extra)] });

const cases: Array<[string, () => unknown, string]> = [
  ['column tag (columnConfidentiality) on a column that does not exist',
    withTable({ columnConfidentiality: { claimant: Confidentiality.PRIVATE } }),
    `${CLAIMS}: tables[0].columnConfidentiality names column 'claimant', which table 'claims' does not have (columns: claim_id, claimant_name). ` +
    'Fix the column name or declare the column.'],
  ['product location outside the registered gold location',
    addClaims({ location: `${GOLD}/life_expectancy/` }),
    `${CLAIMS}: location '${GOLD}/life_expectancy/' is outside the product's registered location '${GOLD}/claims/' (DM-14). ` +
    'Lake Formation vends credentials only under registered locations: keep the product under its gold prefix.'],
  ['product location in the silver bucket',
    addClaims({ location: 's3://bank-insurance-silver-222222222222-eu-west-1/claims/' }),
    `${CLAIMS}: location 's3://bank-insurance-silver-222222222222-eu-west-1/claims/' is outside the product's registered location '${GOLD}/claims/' (DM-14). ` +
    'Lake Formation vends credentials only under registered locations: keep the product under its gold prefix.'],
  ['product location escaping its prefix with ..',
    addClaims({ location: `${GOLD}/claims/../life_expectancy/` }),
    `${CLAIMS}: location '${GOLD}/claims/../life_expectancy/' is not a plain S3 URI: write 's3://<bucket>/<prefix>/' without empty, '.' or '..' segments, ` +
    `e.g. '${GOLD}/claims/'.`],
  ['table location outside the product',
    withTable({ location: `${GOLD}/life_expectancy/claims/` }),
    `${CLAIMS}: tables[0].location '${GOLD}/life_expectancy/claims/' is outside the product location '${GOLD}/claims/' (DM-14). ` +
    "Put table 'claims' under the product's prefix, or omit location."],
  ['tag from another ontology',
    () => {
      const { hub } = setup();
      const other = setup('OtherGovernance').ontology;
      hub.addDataProduct('claims', { tables: [claimsTable({ columns: [col('claim_id', { tags: [other.key('region').value('eu')] })] })] });
    },
    `${CLAIMS}: tables[0].columns[0].tags: tag 'region=eu' comes from ontology 'OtherGovernance/Tags', not from 'Governance/Tags'. ` +
    "Build tags from the ontology passed to this construct's props, e.g. ontology.key('region')."],
  ['tag value the ontology does not define',
    () => {
      const { hub, ontology } = setup();
      hub.addDataProduct('claims', { tables: [claimsTable()], tags: [ontology.key('region').value('asia')] });
    },
    "LfTagOntology 'Tags': tag value 'asia' is not defined for key 'region' (defined: eu, us). Use a defined value, or add it to the ontology."],
  ['tag key the ontology does not define',
    () => setup().ontology.key('cost_center'),
    "LfTagOntology 'Tags': tag key 'cost_center' is not defined (defined: producer, consumer_bi, consumer_ml, consumer_exec, confidentiality, discoverable, region). " +
    'Add it to customTags, or use a defined key.'],
  ['duplicate tables',
    addClaims({ tables: [claimsTable(), claimsTable({ name: 'payments' }), claimsTable()] }),
    `${CLAIMS}: tables declares table 'claims' twice (tables[0] and tables[2]). Table names are unique within a product: rename one, ` +
    'or merge their columns into one table.'],
  ['duplicate columns',
    withTable({ columns: [col('claim_id'), col('amount'), col('claim_id')] }),
    `${CLAIMS}: tables[0].columns of table 'claims' declares 'claim_id' twice (tables[0].columns[0] and tables[0].columns[2]). Rename or remove one.`],
  ['column equal to a partition key',
    withTable({ columns: [col('claim_id'), col('ingest_date')], partitionKeys: [ingestDate()] }),
    `${CLAIMS}: tables[0].partitionKeys[0] 'ingest_date' of table 'claims' is also one of its columns (tables[0].columns[1]). ` +
    'In Glue and Athena a partition key is a column of its own: remove it from columns, or rename one of them.'],
  ['upper-case table name',
    withTable({ name: 'Claims' }),
    `${CLAIMS}: tables[0].name 'Claims' is invalid: it must be lower-case letters, digits and underscores, starting with a letter or underscore ` +
    "(a Glue/Athena name), e.g. 'policyholder_life_expectancy'."],
  ['hyphen in a column name',
    withTable({ columns: [col('claim-id')] }),
    `${CLAIMS}: tables[0].columns[0].name 'claim-id' is invalid: it must be lower-case letters, digits and underscores, starting with a letter or ` +
    "underscore (a Glue/Athena name), e.g. 'policyholder_life_expectancy'."],
  ['table name longer than 128 characters',
    withTable({ name: 't'.repeat(129) }),
    `${CLAIMS}: tables[0].name '${'t'.repeat(129)}' is 129 characters long; it must be 1 to 128 characters (lower-case letters, digits and ` +
    "underscores, starting with a letter or underscore (a Glue/Athena name)), e.g. 'policyholder_life_expectancy'."],
  ['partition key name starting with a digit',
    withTable({ partitionKeys: [ingestDate({ name: '1day' })] }),
    `${CLAIMS}: tables[0].partitionKeys[0].name '1day' is invalid: it must be lower-case letters, digits and underscores, starting with a letter or ` +
    "underscore (a Glue/Athena name), e.g. 'policyholder_life_expectancy'."],
  ['product not declared in the mesh',
    () => setup().hub.addDataProduct('payments', { tables: [claimsTable()] }),
    `${HUB}: data product 'payments' is not declared in the mesh description (declared: life_expectancy, claims, portfolios). ` +
    "Add it to its producer's products in the MeshDescription first: its location and cross-account names derive from there."],
  ['product added twice',
    () => {
      const { hub } = setup();
      hub.addDataProduct('claims', { tables: [claimsTable()] });
      hub.addDataProduct('claims', { tables: [claimsTable()] });
    },
    `${HUB}: data product 'claims' is added twice. Add each product once with all of its tables.`],
  ['empty tables',
    addClaims({ tables: [] }),
    `${CLAIMS}: tables is empty. Declare at least one table (the data contract): column tags need declared tables (DM-17).`],
  ['empty columns',
    withTable({ columns: [] }),
    `${CLAIMS}: tables[0].columns of table 'claims' is empty. Declare the table's columns.`],
  ['partition key without projection',
    withTable({ partitionKeys: [{ name: 'ingest_date', type: ColumnType.STRING } as PartitionKeySchema] }),
    `${CLAIMS}: tables[0].partitionKeys[0] 'ingest_date' of table 'claims' has no projection. Give it a PartitionProjection so that new ` +
    "partitions need no manual step, e.g. projection: PartitionProjection.date({ range: 'NOW-3YEARS,NOW' })."],
  ['crawler schedule that is not cron',
    addClaims({ crawler: { schedule: 'rate(1 day)' } }),
    `${CLAIMS}: crawler.schedule 'rate(1 day)' is invalid: Glue crawlers take a cron expression with 6 fields (minutes hours ` +
    "day-of-month month day-of-week year), e.g. 'cron(0 3 * * ? *)'; omit schedule to run the crawler on demand."],
  ['crawler schedule with 5 cron fields',
    addClaims({ crawler: { schedule: 'cron(0 3 * * ?)' } }),
    `${CLAIMS}: crawler.schedule 'cron(0 3 * * ?)' is invalid: Glue crawlers take a cron expression with 6 fields (minutes hours ` +
    "day-of-month month day-of-week year), e.g. 'cron(0 3 * * ? *)'; omit schedule to run the crawler on demand."],
  ['hub in the wrong account',
    () => {
      const app = new App();
      const ontology = new LfTagOntology(new Stack(app, 'Governance', { env: bankMesh.governanceEnv() }), 'Tags', { mesh: bankMesh });
      new GovernanceHub(new Stack(app, 'Insurance', { env: bankMesh.producerEnv('insurance') }), 'Hub', { mesh: bankMesh, ontology });
    },
    `${HUB}: stack 'Insurance' is in account 222222222222, region eu-west-1, but the mesh description places the governance account in ` +
    'account 111111111111, region eu-west-1. Create the stack with { env: mesh.governanceEnv() }.'],
  ['hub in an environment-agnostic stack',
    () => {
      const app = new App();
      const ontology = new LfTagOntology(new Stack(app, 'Governance', { env: bankMesh.governanceEnv() }), 'Tags', { mesh: bankMesh });
      new GovernanceHub(new Stack(app, 'Anywhere'), 'Hub', { mesh: bankMesh, ontology });
    },
    `${HUB}: stack 'Anywhere' is environment-agnostic, but the governance account lives in account 111111111111, region eu-west-1. ` +
    'Create the stack with { env: mesh.governanceEnv() }.'],
  ['ontology in another stack than the hub',
    () => {
      const app = new App();
      const ontology = new LfTagOntology(new Stack(app, 'Tags', { env: bankMesh.governanceEnv() }), 'Tags', { mesh: bankMesh });
      new GovernanceHub(new Stack(app, 'Hub', { env: bankMesh.governanceEnv() }), 'Hub', { mesh: bankMesh, ontology });
    },
    `${HUB}: ontology 'Tags/Tags' is in stack 'Tags', the hub in stack 'Hub'. Create both in the one governance stack: they share its ` +
    'Lake Formation settings and tags (DM-40).'],
  ['ontology from another mesh',
    () => {
      const other = MeshDescription.fromJson(bankMesh.toJson());
      const stack = new Stack(new App(), 'Governance', { env: bankMesh.governanceEnv() });
      new GovernanceHub(stack, 'Hub', { mesh: other, ontology: new LfTagOntology(stack, 'Tags', { mesh: bankMesh }) });
    },
    `${HUB}: ontology 'Governance/Tags' was built from MeshDescription 'bank', not from the hub's mesh 'bank' (a different object). ` +
    'Pass the same MeshDescription object to the LfTagOntology and the GovernanceHub.'],
  ['confidentiality set through column tags',
    () => {
      const { hub, ontology } = setup();
      hub.addDataProduct('claims', { tables: [claimsTable({ columns: [col('claimant_name', { tags: [ontology.confidentialityIs(Confidentiality.PRIVATE)] })] })] });
    },
    `${CLAIMS}: tables[0].columns[0].tags sets confidentiality 'private' on column 'claimant_name' of table 'claims'. Set the column's ` +
    'confidentiality prop instead (e.g. confidentiality: Confidentiality.PRIVATE): the hub tags every column with exactly one level (DM-39).'],
  ['consumer key in product tags (only a share decides who sees a product)',
    () => {
      const { hub, ontology } = setup();
      hub.addDataProduct('claims', { tables: [claimsTable()], tags: [ontology.consumerKey('ml').value('yes')] });
    },
    `${CLAIMS}: tags uses consumer key 'consumer_ml': only a DataProductShare decides which consumers see a product (it attaches the ` +
    'consumer keys and grants in one place). Remove it from tags and share the product with a DataProductShare.'],
  ['producer key in product tags',
    () => {
      const { hub, ontology } = setup();
      hub.addDataProduct('claims', { tables: [claimsTable()], tags: [ontology.producedBy('investments')] });
    },
    `${CLAIMS}: tags uses key 'producer', which the hub sets itself (databases: producer=<domain> and confidentiality=sensitive; ` +
    'columns: their confidentiality prop). Remove it from tags; tags take custom keys of the ontology only.'],
  ['column tag with two values of one key',
    () => {
      const { hub, ontology } = setup();
      hub.addDataProduct('claims', { tables: [claimsTable({ columns: [col('claim_id', { tags: [ontology.key('region').anyOf(['eu', 'us'])] })] })] });
    },
    `${CLAIMS}: tables[0].columns[0].tags: tag 'region' has 2 values (eu, us); a resource carries one value per key (DM-19). Use key.value(v).`],
  ['column level that is not a confidentiality level',
    withTable({ columns: [col('claim_id', { confidentiality: 'secret' as Confidentiality })] }),
    `${CLAIMS}: tables[0].columns[0].confidentiality 'secret' is not a confidentiality level (levels: public, private, sensitive). ` +
    'Use Confidentiality.PUBLIC, Confidentiality.PRIVATE or Confidentiality.SENSITIVE.'],
  // columnConfidentiality never silently changes a level a column declares.
  ['columnConfidentiality lowers a column\'s explicit level',
    withTable({ columns: [col('claim_id'), col('claimant_name', { confidentiality: Confidentiality.PRIVATE })], columnConfidentiality: { claimant_name: Confidentiality.PUBLIC } }),
    `${CLAIMS}: tables[0].columnConfidentiality['claimant_name'] is 'public', but tables[0].columns[1].confidentiality of table 'claims' is 'private'; ` +
    'columnConfidentiality never changes a level the column declares. Remove one of the two, or set both to the same level.'],
  ['columnConfidentiality differs from a partition key\'s explicit level',
    withTable({
      partitionKeys: [ingestDate({ confidentiality: Confidentiality.SENSITIVE })],
      columnConfidentiality: { ingest_date: Confidentiality.PRIVATE },
    }),
    `${CLAIMS}: tables[0].columnConfidentiality['ingest_date'] is 'private', but tables[0].partitionKeys[0].confidentiality of table 'claims' is 'sensitive'; ` +
    'columnConfidentiality never changes a level the column declares. Remove one of the two, or set both to the same level.'],
  ['partition key level that is not a confidentiality level',
    withTable({ partitionKeys: [ingestDate({ confidentiality: 'secret' as Confidentiality })] }),
    `${CLAIMS}: tables[0].partitionKeys[0].confidentiality 'secret' is not a confidentiality level (levels: public, private, sensitive). ` +
    'Use Confidentiality.PUBLIC, Confidentiality.PRIVATE or Confidentiality.SENSITIVE.'],
  // A DataProduct exists only through hub.addDataProduct (one database per product name).
  ['a DataProduct created with new instead of hub.addDataProduct',
    () => {
      const { hub } = setup();
      hub.addDataProduct('claims', { tables: [claimsTable()] });
      // @ts-expect-error the constructor is private: TypeScript refuses it, and JavaScript callers get the error below
      new DataProduct(hub, 'Claims2', { hub, name: 'claims', tables: [claimsTable()] });
    },
    "DataProduct 'Claims2': a data product is created with hub.addDataProduct(name, options), not with new DataProduct(...): the hub keeps " +
    'one product per name, so that no product gets two databases.'],
  ['a table the product does not declare, asked of the product',
    () => setup().hub.addDataProduct('claims', { tables: [claimsTable()] })._columns('payments'),
    `${CLAIMS}: table 'payments' is not declared in this product (declared: claims). Name a declared table, or declare it in the tables of ` +
    "hub.addDataProduct('claims', ...)."],
  // Construct IDs keep only letters and digits: names that differ in punctuation alone are refused by name.
  ['two tables whose names differ only in underscores',
    addClaims({ tables: [claimsTable({ name: 'claim_2024' }), claimsTable({ name: 'claim__2024' })] }),
    `${CLAIMS}: table 'claim__2024' (tables[1]) would get construct ID 'TableClaim2024', which table 'claim_2024' (tables[0]) already has ` +
    '(construct IDs keep only the letters and digits of a table name). Rename one of the two tables, e.g. add a letter or digit to its name.'],
  // No table-level association any more (issue 13): a table named like another table's column association clashes instead.
  ['a table named like another table\'s column association',
    addClaims({ tables: [claimsTable(), claimsTable({ name: 'claims_columns_confidentiality_public' })] }),
    `${CLAIMS}: table 'claims_columns_confidentiality_public' (tables[1]) would get construct ID 'TableClaimsColumnsConfidentialityPublic', which ` +
    "the public columns' association of table 'claims' (tables[0]) already has (construct IDs keep only the letters and digits of a table name). " +
    'Rename one of the two tables, e.g. add a letter or digit to its name.'],
  // One registered location per producer (issue 13): the products' construct IDs clash.
  ['two products whose names differ only in underscores',
    () => setup('Governance', [], meshWith(['claims_2024', 'claims2024'])),
    `${HUB}: data product 'claims2024' would get construct ID 'Claims2024', which data product 'claims_2024' already has ` +
    '(construct IDs keep only letters and digits). Rename the data product in the MeshDescription so that its name differs in a letter or digit.'],
  ['a product named like a resource of the hub',
    () => setup('Governance', [], meshWith(['admin_role'])),
    `${HUB}: data product 'admin_role' would get construct ID 'AdminRole', which the hub's admin role already has (construct IDs keep only ` +
    'letters and digits). Rename the data product in the MeshDescription so that its name differs in a letter or digit.'],
  // Tags of one resource (DM-19).
  ['a column tag key set twice',
    () => {
      const { hub, ontology } = setup();
      hub.addDataProduct('claims', { tables: [claimsTable({ columns: [col('claim_id', { tags: [ontology.key('region').value('eu'), ontology.key('region').value('us')] })] })] });
    },
    `${CLAIMS}: tables[0].columns[0].tags sets key 'region' twice (eu, us); a resource carries one value per key (DM-19). Keep one of them, ` +
    "e.g. ontology.key('region').value('eu')."],
  ['50 custom tags on a column (51 with its confidentiality)',
    () => {
      const keys = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, values: ['v'] }));
      const { hub, ontology } = setup('Governance', keys);
      hub.addDataProduct('claims', { tables: [claimsTable({ columns: [col('claim_id', { tags: keys.map(k => ontology.key(k.key).value('v')) })] })] });
    },
    `${CLAIMS}: tables[0].columns[0].tags has 50 tags, and the column also carries confidentiality: 51 in all, but Lake Formation allows at most ` +
    '50 LF-tags per resource (DM-19). Remove at least 1 of these tags (keep the keys your grants use).'],
  // Schema: partition keys, map keys and table locations.
  ['an array partition key',
    withTable({ partitionKeys: [ingestDate({ name: 'codes', type: ColumnType.arrayOf(ColumnType.STRING) })] }),
    `${CLAIMS}: tables[0].partitionKeys[0] 'codes' of table 'claims' has type 'array<string>'; a partition key must be a primitive type (each ` +
    'partition is a key=value/ prefix of the S3 keys). Use a primitive type, e.g. type: ColumnType.STRING, and keep the array in a column.'],
  ['a map partition key',
    withTable({ partitionKeys: [ingestDate({ name: 'labels', type: ColumnType.mapOf(ColumnType.STRING, ColumnType.STRING) })] }),
    `${CLAIMS}: tables[0].partitionKeys[0] 'labels' of table 'claims' has type 'map<string,string>'; a partition key must be a primitive type ` +
    '(each partition is a key=value/ prefix of the S3 keys). Use a primitive type, e.g. type: ColumnType.STRING, and keep the map in a column.'],
  ['a map whose key is an array', () => ColumnType.mapOf(ColumnType.arrayOf(ColumnType.STRING), ColumnType.INT),
    "ColumnType.mapOf: map<array<string>,int> is invalid: the key type 'array<string>' must be a primitive type (Hive and Athena map keys " +
    'cannot be arrays or maps), e.g. ColumnType.mapOf(ColumnType.STRING, ColumnType.INT); keep the array or map in the value.'],
  ['an array of a missing type', () => ColumnType.arrayOf(undefined as unknown as ColumnType),
    'ColumnType.arrayOf: the element type is missing: pass a ColumnType constant or factory, e.g. ColumnType.arrayOf(ColumnType.STRING).'],
  ['a table at the product location itself',
    withTable({ location: PRODUCT }),
    `${CLAIMS}: tables[0].location '${PRODUCT}' of table 'claims' is the product location itself; Athena reads every object under a table's ` +
    `location, so table 'claims' would read the files of every other table. Give it a prefix of its own, e.g. '${PRODUCT}claims/', or omit location.`],
  ['two tables at one location',
    addClaims({ tables: [claimsTable(), claimsTable({ name: 'payments', location: `${PRODUCT}claims` })] }),
    `${CLAIMS}: tables[1].location '${PRODUCT}claims/' of table 'payments' is also the location of table 'claims' (tables[0]); each table reads ` +
    "every object under its location, so each would read the other's files. Give table 'payments' a prefix of its own, " +
    `e.g. '${PRODUCT}payments/', or omit location.`],
  ['a table location inside another table\'s',
    addClaims({ tables: [claimsTable(), claimsTable({ name: 'payments', location: `${PRODUCT}claims/payments/` })] }),
    `${CLAIMS}: tables[0].location '${PRODUCT}claims/' of table 'claims' contains tables[1].location '${PRODUCT}claims/payments/' of table ` +
    "'payments'; Athena reads every object under a table's location, so table 'claims' would also read the files of 'payments'. Give the " +
    `tables sibling prefixes, e.g. '${PRODUCT}claims/' and '${PRODUCT}payments/'.`],
  ['invalid decimal precision', () => ColumnType.decimal(40, 2),
    'ColumnType.decimal: decimal(40, 2) is invalid: precision must be an integer from 1 to 38 and scale an integer from 0 to precision, ' +
    'e.g. ColumnType.decimal(18, 2).'],
  ['invalid decimal scale', () => ColumnType.decimal(10, 12),
    'ColumnType.decimal: decimal(10, 12) is invalid: precision must be an integer from 1 to 38 and scale an integer from 0 to precision, ' +
    'e.g. ColumnType.decimal(18, 2).'],
  ['invalid varchar length', () => ColumnType.varchar(0),
    'ColumnType.varchar: varchar(0) is invalid: length must be an integer from 1 to 65535, e.g. ColumnType.varchar(255).'],
  ['date projection without a range end', () => PartitionProjection.date({ range: 'NOW-3YEARS' }),
    "PartitionProjection.date: range 'NOW-3YEARS' is invalid: write 'start,end' (dates in format, or relative to NOW), e.g. range: 'NOW-3YEARS,NOW'."],
  ['date projection with an unknown interval unit', () => PartitionProjection.date({ range: 'NOW-3YEARS,NOW', intervalUnit: 'FORTNIGHTS' }),
    "PartitionProjection.date: intervalUnit 'FORTNIGHTS' is invalid: use one of YEARS, MONTHS, WEEKS, DAYS, HOURS, MINUTES, SECONDS, " +
    "e.g. intervalUnit: 'DAYS'."],
  ['date projection with a zero interval', () => PartitionProjection.date({ range: 'NOW-3YEARS,NOW', interval: 0 }),
    'PartitionProjection.date: interval 0 is invalid: use a positive integer (a number of intervalUnit), e.g. interval: 1.'],
  ['integer projection with min > max', () => PartitionProjection.integer(24, 0),
    'PartitionProjection.integer: range 24..0 is invalid: min and max are integers with min <= max, e.g. PartitionProjection.integer(0, 23).'],
  ['integer projection with negative digits', () => PartitionProjection.integer(0, 23, -2),
    'PartitionProjection.integer: digits -2 is invalid: use a positive integer (the zero-padded width), e.g. PartitionProjection.integer(0, 23, 2).'],
  ['date projection with an empty format', () => PartitionProjection.date({ range: 'NOW-3YEARS,NOW', format: ' ' }),
    "PartitionProjection.date: format ' ' is invalid: give the Java date format of the values in the S3 keys, e.g. format: 'yyyy-MM-dd'."],
  ['enum projection with a comma in a value', () => PartitionProjection.enumValues(['eu', 'us,ca']),
    "PartitionProjection.enumValues: ['eu', 'us,ca'] is invalid: give at least one value, none empty or containing a comma (Athena joins " +
    "them with commas), e.g. PartitionProjection.enumValues(['eu', 'us'])."],
];

test.each(cases)('%s', (_, build, message) => {
  expectThrowsMessage(build, message);
});

test('at least 15 bad inputs are covered', () => {
  expect(cases.length).toBeGreaterThanOrEqual(15);
});
