/*
 * Issue 15: bad inputs that passed synth before, each a synth-time error naming the construct, the prop,
 * the value and the fix: a data-cells filter's row filter naming a column the table does not have (or of a
 * type Lake Formation's row filters do not support, or beyond the PartiQL subset they accept), a role ARN
 * that is not an IAM role ARN wherever the library takes one, and grantQuery on a role of another account.
 */
import { App, Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { bankMesh } from '../examples/typescript/bank-mesh';
import {
  ColumnType, Confidentiality, DataConsumer, DataProducer, DataProductShare, GovernanceHub, LfTagOntology, PartitionProjection,
} from '../src';
import { expectThrowsMessage } from './support/bad-input';
import { checkRowFilter, FilterColumn } from '../src/private/row-filter';

/** A governance stack of the bank mesh with a claims table of many column types (and a partition key). */
function setup(app = new App()) {
  const stack = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
  const hub = new GovernanceHub(stack, 'Hub', { mesh: bankMesh, ontology: new LfTagOntology(stack, 'Tags', { mesh: bankMesh }) });
  const claims = hub.addDataProduct('claims', {
    tables: [{
      name: 'claims',
      columns: [
        { name: 'claim_id', type: ColumnType.STRING },
        { name: 'region', type: ColumnType.varchar(8) },
        { name: 'amount', type: ColumnType.decimal(18, 2) },
        { name: 'open', type: ColumnType.BOOLEAN },
        { name: 'claim_date', type: ColumnType.DATE },
        { name: 'codes', type: ColumnType.arrayOf(ColumnType.STRING) },
        { name: 'attributes', type: ColumnType.mapOf(ColumnType.STRING, ColumnType.STRING) },
        { name: 'date', type: ColumnType.STRING },
      ],
      partitionKeys: [{ name: 'ingest_date', type: ColumnType.STRING, projection: PartitionProjection.date({ range: 'NOW-1YEARS,NOW' }) }],
    }],
  });
  return { app, stack, hub, claims };
}
const SHARE = "DataProductShare 'Share'";
const COLUMNS = 'claim_id, region, amount, open, claim_date, codes, attributes, date, ingest_date';
const filter = (rowFilter: string) => () => {
  const s = setup();
  new DataProductShare(s.stack, 'Share', { hub: s.hub, consumer: 'bi', cellsFilter: { product: s.claims, table: 'claims', name: 'f', rowFilter } });
};

describe('row filters Lake Formation would refuse', () => {
  test.each<[string, string, string]>([
    ['a column the table does not have', "country = 'EU'",
      `${SHARE}: cellsFilter.rowFilter 'country = 'EU'' names column 'country', which table 'claims.claims' does not have (columns: ${COLUMNS}). ` +
      "Name a declared column of the table (a string constant goes in single quotes), or declare the column in the table's schema."],
    ['a string constant in double quotes (a quoted identifier in PartiQL)', 'region = "EU"',
      `${SHARE}: cellsFilter.rowFilter 'region = "EU"' names column 'EU', which table 'claims.claims' does not have (columns: ${COLUMNS}). ` +
      "Name a declared column of the table (a string constant goes in single quotes), or declare the column in the table's schema."],
    ['a quoted name in another case', '"Region" = \'EU\'',
      `${SHARE}: cellsFilter.rowFilter '"Region" = 'EU'' names column 'Region', which table 'claims.claims' does not have (a quoted name is exact: ` +
      `write "region") (columns: ${COLUMNS}). Name a declared column of the table (a string constant goes in single quotes), or declare the column in the table's schema.`],
    ['a date column', "claim_date > DATE '2024-01-01'",
      `${SHARE}: cellsFilter.rowFilter 'claim_date > DATE '2024-01-01'' names column 'claim_date' of type 'date', which Lake Formation row filters do not ` +
      'support (supported: string, char, varchar, int, bigint, float, double, decimal, boolean, struct). Filter on a column of a supported type (e.g. keep ' +
      "a string copy of 'claim_date'), or share the table without a row filter."],
    ['an array column', "codes = 'x'",
      `${SHARE}: cellsFilter.rowFilter 'codes = 'x'' names column 'codes' of type 'array<string>', which Lake Formation row filters do not support ` +
      '(supported: string, char, varchar, int, bigint, float, double, decimal, boolean, struct). Filter on a column of a supported type (e.g. keep a ' +
      "string copy of 'codes'), or share the table without a row filter."],
    ['a map column, deep inside the expression', "(region = 'EU' AND amount > 10) OR attributes IS NOT NULL",
      `${SHARE}: cellsFilter.rowFilter '(region = 'EU' AND amount > 10) OR attributes IS NOT NULL' names column 'attributes' of type 'map<string,string>', ` +
      'which Lake Formation row filters do not support (supported: string, char, varchar, int, bigint, float, double, decimal, boolean, struct). Filter on ' +
      "a column of a supported type (e.g. keep a string copy of 'attributes'), or share the table without a row filter."],
    ['a function', "upper(region) = 'EU'",
      `${SHARE}: cellsFilter.rowFilter 'upper(region) = 'EU'' calls 'upper(...)' (position 1); Lake Formation allows no functions in a row filter. ` +
      "Compare columns with constants only, e.g. region = 'EU' or amount BETWEEN 10 AND 100."],
    ['a column compared with a column', 'claim_id = region',
      `${SHARE}: cellsFilter.rowFilter 'claim_id = region' compares column 'claim_id' with column 'region'; Lake Formation row filters compare columns ` +
      "with constants only. Compare each column with a constant, e.g. claim_id = 'value'."],
    ['IS NULL on a partition column', 'ingest_date IS NULL',
      `${SHARE}: cellsFilter.rowFilter 'ingest_date IS NULL' tests partition column 'ingest_date' with IS [NOT] NULL, which Lake Formation row filters do ` +
      "not allow on partition columns. Compare 'ingest_date' with a value instead, or test a data column."],
    ['a column named like a keyword, unquoted', "date = 'x'",
      `${SHARE}: cellsFilter.rowFilter 'date = 'x'' uses 'date' (position 1) as a column name, but it is a PartiQL keyword. Write the column in double ` +
      'quotes, "date" (LF-DG: column names that are keywords are escaped with double quotes).'],
    ['an unterminated string', "region = 'EU",
      `${SHARE}: cellsFilter.rowFilter 'region = 'EU' has an unterminated string constant starting at position 10. Close it with ' (write a quote inside it as '').`],
    ['a character outside the subset', "region = 'EU'; DROP TABLE claims",
      `${SHARE}: cellsFilter.rowFilter 'region = 'EU'; DROP TABLE claims' has ';' at position 14, which a Lake Formation row filter does not accept. Use ` +
      'comparisons (=, <>, !=, <, >, <=, >=, BETWEEN, IN, LIKE, IS [NOT] NULL) combined with AND, OR and NOT, and put string constants in single quotes.'],
    ['a field of a column that is not a struct', "region.code = 'x'",
      `${SHARE}: cellsFilter.rowFilter 'region.code = 'x'' names field 'region.code', but column 'region' is a 'varchar(8)', not a struct. Compare 'region' itself.`],
    ['too long', `region IN (${Array.from({ length: 400 }, (_, i) => `'r${i}'`).join(', ')})`, ''],
  ])('%s', (name, rowFilter, message) => {
    if (name === 'too long') {
      expect(filter(rowFilter)).toThrow(/cellsFilter\.rowFilter '.*' has \d{4} characters; Lake Formation accepts row filters of less than 2048\. Shorten it/s);
      return;
    }
    expectThrowsMessage(filter(rowFilter), message);
  });

  test('what Lake Formation accepts passes: strings with column-like words, quoted names, keywords, typed literals and nested parentheses', () => {
    for (const ok of [
      "region = 'EU'",
      "region = 'country = ''x'' AND upper(y)'",
      '"date" = \'2024\'',
      "(region = 'EU' AND amount > 10.5) OR (NOT open = true AND claim_id LIKE 'C%' ESCAPE '\\')",
      "region IN ('EU', 'US') AND amount BETWEEN 1e3 AND 2E4",
      "ingest_date >= '2024-01-01' AND claim_id IS NOT NULL AND amount <> -1 AND region != 'x'",
    ]) expect(filter(ok)).not.toThrow();
  });

  test.each<[string, string, string]>([
    ['a string constant for a decimal column', "amount = 'x'",
      "compares column 'amount' of type 'decimal(18,2)' with the string constant 'x' (position 10); Lake Formation requires a number constant for it " +
      '(LF-DG: the column value must match the data type of the column). Write a number without quotes, e.g. amount = 10.'],
    ['a number for a string column', 'region = 10',
      "compares column 'region' of type 'varchar(8)' with the number constant 10 (position 10); Lake Formation requires a string constant for it " +
      "(LF-DG: the column value must match the data type of the column). Put the constant in single quotes, e.g. region = 'EU'."],
    ['a quoted boolean', "open = 'true'",
      "compares column 'open' of type 'boolean' with the string constant 'true' (position 8); Lake Formation requires a boolean constant for it " +
      '(LF-DG: the column value must match the data type of the column). Write true or false without quotes, e.g. open = true.'],
    ['a string bound of BETWEEN, after NOT', "amount NOT BETWEEN 1 AND '5'", "with the string constant '5' (position 26)"],
    ['a number inside IN', "region IN ('EU', 3)", "compares column 'region' of type 'varchar(8)' with the number constant 3 (position 18)"],
    ['a negative number for a string column', 'claim_id <> -1', 'with the number constant -1 (position 13)'],
    ['LIKE on a number', "amount LIKE '1%'",
      "matches column 'amount' of type 'decimal(18,2)' with LIKE, which compares strings. Compare 'amount' with =, <, >, BETWEEN or IN instead."],
    ['a reserved word as a column name, unquoted', "order = 'x'",
      "uses 'order' (position 1) as a column name, but it is a PartiQL keyword. Write the column in double quotes, \"order\""],
    ['value unquoted', 'value > 1', "uses 'value' (position 1) as a column name, but it is a PartiQL keyword"],
    ['user unquoted, later in the expression', "region = 'EU' AND user = 'x'", "uses 'user' (position 19) as a column name, but it is a PartiQL keyword"],
  ])('a constant or name Lake Formation refuses: %s', (_name, rowFilter, message) => {
    expect(filter(rowFilter)).toThrow(message);
  });

  test('a constant of the column\'s kind, and a reserved word in double quotes, pass', () => {
    for (const ok of ["amount = 10 AND region IN ('EU', 'US') AND open = false", 'amount BETWEEN -1 AND 2.5', "\"date\" = 'x'"]) expect(filter(ok)).not.toThrow();
    const columns = new Map<string, FilterColumn>([['order', { type: 'string', partitionKey: false }], ['value', { type: 'int', partitionKey: false }]]);
    expect(checkRowFilter('X', 'rowFilter', "\"order\" = 'x' AND \"value\" > 1", 't', columns)).toEqual(['order', 'value']);
  });

  test('smallint and tinyint columns are refused (not among the types LF-DG lists)', () => {
    const columns = new Map<string, FilterColumn>([['s', { type: 'smallint', partitionKey: false }], ['t', { type: 'tinyint', partitionKey: false }]]);
    expect(() => checkRowFilter('X', 'rowFilter', 's = 1', 't', columns)).toThrow("names column 's' of type 'smallint', which Lake Formation row filters do not support");
    expect(() => checkRowFilter('X', 'rowFilter', 't = 1', 't', columns)).toThrow("names column 't' of type 'tinyint', which Lake Formation row filters do not support");
    // Through a share too: ColumnType.SMALLINT and TINYINT.
    for (const type of [ColumnType.SMALLINT, ColumnType.TINYINT]) {
      const s = setup();
      const p = s.hub.addDataProduct('life_expectancy', { tables: [{ name: 'le', columns: [{ name: 'n', type }] }] });
      expect(() => new DataProductShare(s.stack, 'Share', { hub: s.hub, consumer: 'bi', cellsFilter: { product: p, table: 'le', name: 'f', rowFilter: 'n = 1' } }))
        .toThrow(`cellsFilter.rowFilter 'n = 1' names column 'n' of type '${type.name}', which Lake Formation row filters do not support`);
    }
  });

  test('a field of a struct column is checked against the struct\'s fields: existence, supported type and constant kind', () => {
    const columns = new Map<string, FilterColumn>([['addr', { type: 'struct<city:string,zip:int,geo:struct<lat:double>,tags:array<string>>', partitionKey: false }]]);
    const check = (f: string) => () => checkRowFilter('X', 'rowFilter', f, 't', columns);
    expect(check("addr.city = 'Paris' AND addr.zip > 7 AND addr.geo.lat < 1.5")).not.toThrow();
    expect(check("addr.street = 'x'")).toThrow("names field 'addr.street', which struct 'addr' does not have (fields: city, zip, geo, tags). Name a declared field of 'addr'.");
    expect(check("addr.tags = 'x'")).toThrow("names field 'addr.tags' of type 'array<string>', which Lake Formation row filters do not support");
    expect(check("addr.zip = '75001'")).toThrow("compares column 'addr.zip' of type 'int' with the string constant '75001' (position 12)");
    expect(check('addr.geo.lat = true')).toThrow("compares column 'addr.geo.lat' of type 'double' with the boolean constant true");
  });

  test('the parser returns the columns a filter names, once each', () => {
    const columns = new Map<string, FilterColumn>([['a', { type: 'string', partitionKey: false }], ['b', { type: 'int', partitionKey: false }]]);
    expect(checkRowFilter('X', 'rowFilter', "a = 'b' AND (b > 1 OR \"a\" = 'a')", 't', columns)).toEqual(['a', 'b']);
  });
});

describe('role ARNs that are not IAM role ARNs', () => {
  const governance = (admin: string) => () => {
    const stack = new Stack(new App(), 'Governance', { env: bankMesh.governanceEnv() });
    new GovernanceHub(stack, 'Hub', {
      mesh: bankMesh, ontology: new LfTagOntology(stack, 'Tags', { mesh: bankMesh }), additionalAdmins: [iam.Role.fromRoleArn(stack, 'Admin', admin)],
    });
  };
  const FIX = "Pass the role's ARN as IAM shows it, arn:<partition>:iam::<account>:role/<path/><name>, e.g. 'arn:aws:iam::123456789012:role/my-role'.";
  test.each<[string, () => unknown, string]>([
    ['a space in the name (hub additionalAdmins)', governance('arn:aws:iam::111111111111:role/data admins'),
      `GovernanceHub 'Hub': additionalAdmins[0] (its roleArn) 'arn:aws:iam::111111111111:role/data admins' is not a valid IAM role ARN: it contains white space. ${FIX}`],
    ['another service', governance('arn:aws:sts::111111111111:assumed-role/admins/me'),
      'GovernanceHub \'Hub\': additionalAdmins[0] (its roleArn) \'arn:aws:sts::111111111111:assumed-role/admins/me\' is not a valid IAM role ARN: it is an ARN ' +
      `of service 'sts', not of IAM. ${FIX}`],
    ['no account', governance('arn:aws:iam:::role/admins'),
      `GovernanceHub 'Hub': additionalAdmins[0] (its roleArn) 'arn:aws:iam:::role/admins' is not a valid IAM role ARN: it names no account. ${FIX}`],
    ['a user, not a role', governance('arn:aws:iam::111111111111:user/admin'),
      'GovernanceHub \'Hub\': additionalAdmins[0] (its roleArn) \'arn:aws:iam::111111111111:user/admin\' is not a valid IAM role ARN: it names resource ' +
      `'user/admin', which is not a role (role/<name>). ${FIX}`],
    ['deploymentRoleArn of a producer', () => {
      new DataProducer(new Stack(new App(), 'Producer', { env: bankMesh.producerEnv('insurance') }), 'Lake', {
        mesh: bankMesh, domain: 'insurance', deploymentRoleArn: 'arn:aws:iam::22222222222:role/deployer',
      });
    }, "DataProducer 'Lake': deploymentRoleArn 'arn:aws:iam::22222222222:role/deployer' is not a valid IAM role ARN: it names account '22222222222', " +
      `which is not a 12-digit account id. ${FIX}`],
    ['producer additionalAdmins', () => {
      const stack = new Stack(new App(), 'Producer', { env: bankMesh.producerEnv('insurance') });
      new DataProducer(stack, 'Lake', { mesh: bankMesh, domain: 'insurance', additionalAdmins: [iam.Role.fromRoleArn(stack, 'A', 'arn:aws:iam::222222222222:role/a b')] });
    }, `DataProducer 'Lake': additionalAdmins[0] (its roleArn) 'arn:aws:iam::222222222222:role/a b' is not a valid IAM role ARN: it contains white space. ${FIX}`],
    ['a producer grantee', () => {
      const stack = new Stack(new App(), 'Producer', { env: bankMesh.producerEnv('insurance') });
      const lake = new DataProducer(stack, 'Lake', { mesh: bankMesh, domain: 'insurance' });
      lake.grantDataEngineering(iam.Role.fromRoleArn(stack, 'Etl', 'arn:aws:iam::222222222222:role/etl\tjob'));
    }, "DataProducer 'Lake': grantDataEngineering(grantee): the grantee's roleArn 'arn:aws:iam::222222222222:role/etl\tjob' is not a valid IAM role ARN: " +
      `it contains white space. ${FIX}`],
    ['a consumer grantQuery role', () => {
      const c = consumer();
      c.grantQuery(iam.Role.fromRoleArn(c, 'R', 'arn:aws:iam::444444444444:role/my analyst'), Confidentiality.PUBLIC);
    },
    "DataConsumer 'Bi': grantQuery('my analyst', public): the role's roleArn 'arn:aws:iam::444444444444:role/my analyst' is not a valid IAM role ARN: " +
      `it contains white space. ${FIX}`],
  ])('%s', (_name, build, message) => expectThrowsMessage(build, message));

  test('valid ARNs pass: a path, a partition token, an account token, a role created in the app', () => {
    expect(governance('arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef')).not.toThrow();
    expect(governance(`arn:${Aws.PARTITION}:iam::111111111111:role/admins`)).not.toThrow();
    expect(governance(`arn:aws:iam::${Aws.ACCOUNT_ID}:role/admins`)).not.toThrow();
    expect(() => {
      const c = consumer();
      c.grantQuery(new iam.Role(c, 'Own', { assumedBy: new iam.AccountRootPrincipal() }), Confidentiality.PUBLIC);
    }).not.toThrow();
  });
});

/** A bi consumer after a public tag share of claims to bi. */
function consumer() {
  const s = setup();
  new DataProductShare(s.stack, 'ToBi', { hub: s.hub, consumer: 'bi', products: [s.claims] });
  return new DataConsumer(new Stack(s.app, 'Consumer', { env: bankMesh.consumerEnv('bi') }), 'Bi', { mesh: bankMesh, domain: 'bi' });
}

describe('grantQuery on a role of another account', () => {
  test('an imported role of another account (its ARN shows it) is refused', () => {
    const c = consumer();
    expectThrowsMessage(() => c.grantQuery(iam.Role.fromRoleArn(c, 'Ml', 'arn:aws:iam::555555555555:role/scientist'), Confidentiality.PUBLIC),
      "DataConsumer 'Bi': grantQuery('scientist', public): the role is in account 555555555555, but consumer 'bi' is account 444444444444. Lake Formation " +
      "lets an account re-grant what it received only to principals of its own account (DM-22), and the query policy would be written to another account's " +
      "role. Pass a role of account 444444444444 (e.g. iam.Role.fromRoleArn(this, 'Analyst', 'arn:aws:iam::444444444444:role/<name>')), or add a " +
      "DataConsumer for account 555555555555's domain and share with it.");
  });

  test('a role created in a stack of another account is refused too (its stack tells the account)', () => {
    const c = consumer();
    const other = new Stack(App.of(c)!, 'Other', { env: bankMesh.consumerEnv('ml') });
    expect(() => c.grantQuery(new iam.Role(other, 'R', { assumedBy: new iam.AccountRootPrincipal() }), Confidentiality.PUBLIC))
      .toThrow("grantQuery('Other/R', public): the role is in account 555555555555, but consumer 'bi' is account 444444444444.");
  });

  test('an ARN whose account is a token is not checked (it resolves at deploy time; the doctor checks the templates)', () => {
    const c = consumer();
    expect(() => c.grantQuery(iam.Role.fromRoleArn(c, 'T', `arn:aws:iam::${Aws.ACCOUNT_ID}:role/analyst`), Confidentiality.PUBLIC)).not.toThrow();
  });
});
