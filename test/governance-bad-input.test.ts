/*
 * Bad input to LfTagOntology / GovernanceHub / the declared schema: each is a synth-time error whose
 * message names the construct, the prop, the bad value and the fix. Messages are compared exactly.
 */
import { App, Stack } from 'aws-cdk-lib';
import { bankMesh } from '../examples/typescript/bank-mesh';
import {
  ColumnSchema, ColumnType, Confidentiality, DataProductOptions, GovernanceHub, LfTagOntology, MeshDescription, PartitionKeySchema,
  PartitionProjection, TableSchema,
} from '../src';

const GOLD = 's3://bank-insurance-gold-222222222222-eu-west-1';
const HUB = "GovernanceHub 'Hub'";
const CLAIMS = `${HUB} data product 'claims'`;

/** A governance stack of the reference mesh whose ontology has one custom key, `region` (eu, us). */
function setup(stackId = 'Governance') {
  const app = new App();
  const stack = new Stack(app, stackId, { env: bankMesh.governanceEnv() });
  const ontology = new LfTagOntology(stack, 'Tags', { mesh: bankMesh, customTags: [{ key: 'region', values: ['eu', 'us'] }] });
  const hub = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology });
  return { app, stack, ontology, hub };
}

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
    "LfTagOntology 'Tags': tag key 'cost_center' is not defined (defined: producer, consumer_bi, consumer_ml, consumer_exec, confidentiality, region). " +
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
  ['invalid decimal precision', () => ColumnType.decimal(40, 2),
    'ColumnType: decimal(40, 2) is invalid: precision must be 1-38 and scale 0-precision, e.g. decimal(18, 2).'],
  ['invalid decimal scale', () => ColumnType.decimal(10, 12),
    'ColumnType: decimal(10, 12) is invalid: precision must be 1-38 and scale 0-precision, e.g. decimal(18, 2).'],
  ['invalid varchar length', () => ColumnType.varchar(0),
    'ColumnType: varchar(0) is invalid: length must be an integer from 1 to 65535, e.g. varchar(255).'],
  ['date projection without a range end', () => PartitionProjection.date({ range: 'NOW-3YEARS' }),
    "PartitionProjection: date range 'NOW-3YEARS' is invalid: write 'start,end', e.g. 'NOW-3YEARS,NOW'."],
  ['date projection with an unknown interval unit', () => PartitionProjection.date({ range: 'NOW-3YEARS,NOW', intervalUnit: 'FORTNIGHTS' }),
    "PartitionProjection: intervalUnit 'FORTNIGHTS' is invalid: use one of YEARS, MONTHS, WEEKS, DAYS, HOURS, MINUTES, SECONDS."],
  ['date projection with a zero interval', () => PartitionProjection.date({ range: 'NOW-3YEARS,NOW', interval: 0 }),
    'PartitionProjection: date interval 0 is invalid: use a positive integer, e.g. 1.'],
  ['integer projection with min > max', () => PartitionProjection.integer(24, 0),
    'PartitionProjection: integer range 24..0 is invalid: min and max are integers with min <= max, e.g. integer(0, 23).'],
  ['integer projection with negative digits', () => PartitionProjection.integer(0, 23, -2),
    'PartitionProjection: integer digits -2 is invalid: use a positive integer (the zero-padded width), e.g. integer(0, 23, 2).'],
  ['enum projection with a comma in a value', () => PartitionProjection.enumValues(['eu', 'us,ca']),
    "PartitionProjection: enumValues ['eu', 'us,ca'] is invalid: give at least one value, none empty or containing a comma (Athena joins them " +
    "with commas), e.g. enumValues(['eu', 'us'])."],
];

test.each(cases)('%s', (_, build, message) => {
  let error: Error | undefined;
  try {
    build();
  } catch (e) {
    error = e as Error;
  }
  expect(error?.message).toBe(message);
});

test('at least 15 bad inputs are covered', () => {
  expect(cases.length).toBeGreaterThanOrEqual(15);
});
