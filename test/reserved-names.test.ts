/*
 * Issue 14, defect 1: names that are also properties of Object.prototype (`constructor`, `__proto__`,
 * `toString`, `hasOwnProperty`...) are valid Glue names (the lower-case ones) and must behave like any
 * other name: a column named `constructor` gets exactly the level it declares (or the default), in the
 * template and in the access report, and a public-clearance analyst never sees it when it is private or
 * sensitive. The same for a table, a product and a domain named `constructor`.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  ColumnType, Confidentiality, DataConsumer, DataProductShare, GovernanceHub, LfTagOntology, MeshAccessReport, MeshDescription,
} from '../src';
import { evaluateStacks } from '../src/report/analyze';
import { evaluateCondition } from '../src/report/iam';

const GOV = '111111111111';
const mesh = new MeshDescription({
  name: 'proto',
  governance: { account: GOV, region: 'eu-west-1' },
  producers: [{ domain: 'constructor', account: '222222222222', products: ['constructor', 'plain'] }],
  consumers: [
    { domain: 'bi', account: '444444444444' },
    { domain: 'exec', account: '666666666666' },
  ],
});

/** `{ __proto__: v }` in a literal sets the prototype; a computed key (or JSON) makes it an own property, as a user's data would. */
function levels(entries: Array<[string, Confidentiality]>): Record<string, Confidentiality> {
  const out: Record<string, Confidentiality> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function build(sharesByTable: boolean) {
  const app = new App();
  const gov = new Stack(app, 'Governance', { env: mesh.governanceEnv() });
  const ontology = new LfTagOntology(gov, 'Tags', { mesh });
  const hub = new GovernanceHub(gov, 'Hub', { mesh, ontology });
  const product = hub.addDataProduct('constructor', {
    tables: [
      {
        // explicit levels through columnConfidentiality, which is a record keyed by column name
        name: 'constructor',
        columns: [
          { name: 'id', type: ColumnType.STRING },
          { name: 'constructor', type: ColumnType.STRING },
          { name: '__proto__', type: ColumnType.STRING },
          { name: 'hasownproperty', type: ColumnType.STRING },
        ],
        columnConfidentiality: levels([['constructor', Confidentiality.SENSITIVE], ['__proto__', Confidentiality.PRIVATE]]),
      },
      {
        // explicit levels on the columns themselves
        name: '__proto__',
        columns: [
          { name: 'id', type: ColumnType.STRING },
          { name: 'constructor', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE },
          { name: '__proto__', type: ColumnType.STRING, confidentiality: Confidentiality.SENSITIVE },
        ],
      },
    ],
  });
  // no explicit level at all: the product default (sensitive) applies
  const plain = hub.addDataProduct('plain', {
    defaultConfidentiality: Confidentiality.SENSITIVE,
    tables: [{
      name: 'events',
      columns: [
        { name: 'id', type: ColumnType.STRING, confidentiality: Confidentiality.PUBLIC },
        { name: 'constructor', type: ColumnType.STRING },
        { name: '__proto__', type: ColumnType.STRING },
      ],
    }],
  });
  if (sharesByTable) {
    // A table-name share re-grants the whole table: only the consumer's clearance caps what its roles see.
    new DataProductShare(gov, 'ToBi', {
      hub,
      consumer: 'bi',
      tables: [{ product, table: 'constructor' }, { product, table: '__proto__' }, { product: plain, table: 'events' }],
    });
  } else {
    new DataProductShare(gov, 'ToBi', { hub, consumer: 'bi', products: [product, plain], maxConfidentiality: Confidentiality.PUBLIC });
  }
  new DataProductShare(gov, 'ToExec', {
    hub, consumer: 'exec', products: [product, plain], maxConfidentiality: Confidentiality.SENSITIVE, allowSensitive: true,
  });
  const consumers: Record<string, DataConsumer> = {};
  for (const [domain, role, clearance] of [['bi', 'analyst', Confidentiality.PUBLIC], ['exec', 'executive', Confidentiality.SENSITIVE]] as const) {
    const stack = new Stack(app, `Consumer-${domain}`, { env: mesh.consumerEnv(domain) });
    consumers[domain] = new DataConsumer(stack, 'Consumer', { mesh, domain });
    consumers[domain].addRole(role, { clearance });
  }
  return { app, gov, hub, product, consumers };
}

/** [column, its confidentiality values], from the TableWithColumns associations of `table` (entries: a literal `{ __proto__: ... }` would not compare). */
function columnLevels(template: Template, database: string, table: string): Array<[string, string[]]> {
  const out = new Map<string, string[]>();
  for (const a of Object.values<any>(template.findResources('AWS::LakeFormation::TagAssociation'))) {
    const twc = a.Properties.Resource.TableWithColumns;
    if (!twc || twc.DatabaseName !== database || twc.Name !== table) continue;
    for (const tag of a.Properties.LFTags.filter((t: any) => t.TagKey === 'confidentiality')) {
      for (const c of twc.ColumnNames) out.set(c, [...(out.get(c) ?? []), ...tag.TagValues]);
    }
  }
  return [...out.entries()].sort(([a], [b]) => a.localeCompare(b));
}

describe.each([false, true])('columns, a table and a product named after Object.prototype properties (share by table names: %s)', byTable => {
  const { app, gov, hub, product } = build(byTable);
  // issue 13: the products' tag associations are in the shard of their producer: Governance-constructor (a reserved name as a stack name too).
  const shard = Stack.of(product);
  const template = Template.fromStack(shard);

  test('the products live in the shard Governance-constructor, next to the governance stack', () => {
    expect(hub.stacks.map(x => x.stackName)).toEqual(['Governance', 'Governance-constructor']);
    expect(shard).toBe(hub.stacks[1]);
    expect(Template.fromStack(gov).findResources('AWS::LakeFormation::TagAssociation')).toEqual({});
  });
  const report = MeshAccessReport.fromAssemblyDirectory(app.synth().directory);
  const analyst = 'arn:aws:iam::444444444444:role/proto-bi-analyst';
  const executive = 'arn:aws:iam::666666666666:role/proto-exec-executive';

  test('every column is tagged with exactly its own level', () => {
    expect(columnLevels(template, 'proto_constructor', 'constructor')).toEqual([
      ['__proto__', ['private']], ['constructor', ['sensitive']], ['hasownproperty', ['public']], ['id', ['public']],
    ]);
    expect(columnLevels(template, 'proto_constructor', '__proto__')).toEqual([['__proto__', ['sensitive']], ['constructor', ['private']], ['id', ['public']]]);
    expect(columnLevels(template, 'proto_plain', 'events')).toEqual([['__proto__', ['sensitive']], ['constructor', ['sensitive']], ['id', ['public']]]);
  });

  test('the public-clearance analyst sees only the public columns; the executive sees every column', () => {
    expect(report.columnsFor(analyst, 'proto_constructor', 'constructor')).toEqual(['hasownproperty', 'id']);
    expect(report.columnsFor(analyst, 'proto_constructor', '__proto__')).toEqual(['id']);
    expect(report.columnsFor(analyst, 'proto_plain', 'events')).toEqual(['id']);
    expect(report.columnsFor(executive, 'proto_constructor', 'constructor')).toEqual(['__proto__', 'constructor', 'hasownproperty', 'id']);
    expect(report.columnsFor(executive, 'proto_constructor', '__proto__')).toEqual(['__proto__', 'constructor', 'id']);
    expect(report.columnsFor(executive, 'proto_plain', 'events')).toEqual(['__proto__', 'constructor', 'id']);
    expect(report.whoCanRead('proto_constructor', 'constructor', 'constructor')).not.toContain(analyst);
    expect(report.findings.filter(f => f.severity === 'error')).toEqual([]);
  });
});

test('the consumer links a product named constructor', () => {
  const { consumers } = build(false);
  expect(consumers.bi.resourceLinks).toEqual({ constructor: 'proto_constructor', plain: 'proto_plain' });
  // The links are in bi's shard of producer 'constructor' (issue 13).
  expect(consumers.bi.stacks.map(x => x.stackName)).toEqual(['Consumer-bi', 'Consumer-bi-constructor']);
  expect(Template.fromStack(consumers.bi.stacks[0]).findResources('AWS::Glue::Database')).toEqual({});
  const links = Template.fromStack(consumers.bi.stacks[1]).findResources('AWS::Glue::Database');
  expect(Object.values<any>(links).map(l => l.Properties.DatabaseInput.Name).sort()).toEqual(['proto_constructor', 'proto_plain']);
});

describe('names that are not valid Glue names, or name nothing, fail with the library error', () => {
  function hub() {
    const app = new App();
    const gov = new Stack(app, 'Governance', { env: mesh.governanceEnv() });
    const ontology = new LfTagOntology(gov, 'Tags', { mesh });
    return new GovernanceHub(gov, 'Hub', { mesh, ontology });
  }
  test.each(['toString', 'hasOwnProperty', 'valueOf'])('column %s (upper case)', name => {
    expect(() => hub().addDataProduct('constructor', { tables: [{ name: 't', columns: [{ name, type: ColumnType.STRING }] }] }))
      .toThrow(`tables[0].columns[0].name '${name}' is invalid: it must be lower-case letters`);
  });
  test.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('columnConfidentiality naming a column %s the table does not have', name => {
    expect(() => hub().addDataProduct('constructor', {
      tables: [{ name: 't', columns: [{ name: 'id', type: ColumnType.STRING }], columnConfidentiality: levels([[name, Confidentiality.PRIVATE]]) }],
    })).toThrow(`tables[0].columnConfidentiality names column '${name}', which table 't' does not have (columns: id)`);
  });
  test('a level that is not a level fails closed, wherever it comes from', () => {
    expect(() => hub().addDataProduct('constructor', {
      tables: [{ name: 't', columns: [{ name: 'constructor', type: ColumnType.STRING, confidentiality: 'secret' as Confidentiality }] }],
    })).toThrow("tables[0].columns[0].confidentiality 'secret' is not a confidentiality level");
  });
});

describe('the report reads template keys named after Object.prototype properties as plain names', () => {
  const stack = (template: any) => ({ stackName: 'S', account: GOV, region: 'eu-west-1', template });
  test('Ref and GetAtt of a missing logical id `constructor` resolve to a placeholder, not to a function', () => {
    const table = {
      Type: 'AWS::Glue::Table',
      Properties: {
        CatalogId: GOV,
        DatabaseName: { Ref: 'constructor' },
        TableInput: { Name: { 'Fn::Sub': '${toString}' }, StorageDescriptor: { Columns: [{ Name: 'constructor' }, { Name: 'toString' }] } },
      },
    };
    const grant = {
      Type: 'AWS::LakeFormation::PrincipalPermissions',
      Properties: {
        Catalog: GOV,
        Principal: { DataLakePrincipalIdentifier: { 'Fn::GetAtt': ['hasOwnProperty', 'Arn'] } },
        Resource: { Table: { CatalogId: GOV, DatabaseName: { Ref: 'constructor' }, Name: { 'Fn::Sub': '${toString}' } } },
        Permissions: ['SELECT'],
        PermissionsWithGrantOption: [],
      },
    };
    const report = evaluateStacks([stack({ Resources: { Table: table, Grant: grant } })]);
    expect(report.access.map(a => [a.principal, a.database, a.table, a.columns])).toEqual([
      ['${hasOwnProperty.Arn}', '${constructor}', '${tostring}', ['constructor', 'tostring']],
    ]);
  });
  test('condition operators and keys named after Object.prototype properties cannot be evaluated (not a crash, not a match)', () => {
    expect(evaluateCondition('constructor', 'aws:SourceAccount', ['1'], { 'aws:sourceaccount': ['1'] })).toBeUndefined();
    expect(evaluateCondition('StringEquals', 'constructor', ['x'], {})).toBeUndefined();
    expect(evaluateCondition('Null', 'constructor', ['true'], {})).toBeUndefined();
  });
});
