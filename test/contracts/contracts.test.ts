/*
 * Data contracts (issue 18): `cdk-data-mesh contracts` writes one ODCS v3 document per product of an assembly;
 * DataContract.fromOdcs declares a product from one; declared, synthesized and exported, a contract comes back equal.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parse } from 'yaml';
import { bankMesh } from '../../examples/typescript/bank-mesh';
import { ColumnType, Confidentiality, DataContract, GovernanceHub, LfTagOntology, QualityRule } from '../../src';
import { main } from '../../src/cli';
import { readAssembly } from '../../src/report/assembly';
import { removeTmpDirs, synthBankMesh, tmpDir } from '../support/assembly';

afterAll(removeTmpDirs);

const FIXTURE = path.join(__dirname, 'fixtures', 'claims.odcs.yaml');

function run(argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: t => out.push(t), err: t => err.push(t) });
  return { code, out, err };
}

/** A governance app of the bank mesh with one product declared by `declare`. */
function governanceApp(declare: (hub: GovernanceHub) => void): { dir: string; stack: Stack } {
  const dir = tmpDir('contracts-');
  const app = new App({ outdir: dir });
  const gov = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
  const hub = new GovernanceHub(gov, 'Hub', { mesh: bankMesh, ontology: new LfTagOntology(gov, 'Tags', { mesh: bankMesh }) });
  declare(hub);
  app.synth();
  return { dir, stack: gov };
}

describe('export of the reference mesh', () => {
  const assembly = synthBankMesh();
  const out = path.join(tmpDir('contracts-out-'), 'contracts');
  const result = run(['contracts', assembly, '--out', out]);

  test('one ODCS v3 file per product, listed on stdout; the summary on stderr; exit 0', () => {
    expect(result.code).toBe(0);
    expect(result.out).toEqual(['claims', 'life_expectancy', 'portfolios'].map(p => path.join(out, `${p}.odcs.yaml`)));
    expect(result.err).toEqual([`contracts: 3 data contracts written to ${out}`]);
  });

  test('each column carries its confidentiality as classification: the ML-hidden life_expectancy is sensitive', () => {
    const c = parse(fs.readFileSync(path.join(out, 'life_expectancy.odcs.yaml'), 'utf8'));
    expect(c).toMatchObject({ apiVersion: 'v3.0.2', kind: 'DataContract', name: 'life_expectancy', domain: 'insurance', dataProduct: 'life_expectancy', status: 'active' });
    expect(c.team).toEqual([{ username: 'insurance-data@bank.example', role: 'owner' }, { name: 'insurance-actuarial', role: 'team' }]);
    expect(c.support).toEqual([{ channel: 'support', url: 'https://chat.bank.example/insurance-data', tool: 'other' }]);
    expect(c.slaProperties).toEqual([
      { property: 'frequency', value: 1, unit: 'd' },
      { property: 'latency', value: 26, unit: 'h' },
      { property: 'retention', value: 10, unit: 'y' },
    ]);
    expect(c.description).toEqual({ purpose: 'Life expectancy of policyholders, by policy.' });
    expect(c.schema[0].properties.map((p: any) => `${p.name}:${p.physicalType}:${p.logicalType}:${p.classification}`)).toEqual([
      'policy_id:string:string:public', 'customer_name:string:string:private', 'age:int:integer:public', 'life_expectancy:double:number:sensitive',
    ]);
  });

  test('partition keys are properties with partitioned, their position and their projection', () => {
    const c = parse(fs.readFileSync(path.join(out, 'claims.odcs.yaml'), 'utf8'));
    const key = c.schema[0].properties.find((p: any) => p.name === 'ingest_date');
    expect(key).toMatchObject({ partitioned: true, partitionKeyPosition: 1, physicalType: 'string' });
    expect(key.customProperties[0].value).toMatchObject({ type: 'date', range: 'NOW-3YEARS,NOW' });
    // access decisions (the consumer keys shares attach) are not part of the contract
    expect(c.tags).toEqual(['producer:insurance']);
  });

  test('the command loads neither aws-cdk-lib nor constructs nor any construct file (the one read path)', () => {
    const root = path.join(__dirname, '..', '..');
    const script = [
      "require('ts-node').register({ project: 'tsconfig.dev.json', transpileOnly: true });",
      "const { main } = require('./src/cli.ts');",
      `const code = main(['contracts', ${JSON.stringify(assembly)}, '--out', ${JSON.stringify(tmpDir('contracts-proc-'))}], { out() {}, err() {} });`,
      'console.log(JSON.stringify({ code, loaded: Object.keys(require.cache) }));',
    ].join('\n');
    const child = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    const { code, loaded } = JSON.parse(child.stdout);
    expect(code).toBe(0);
    const files = (loaded as string[]).map(f => path.relative(root, f));
    expect(files.filter(f => f.startsWith('src') && f !== 'src/cli.ts' && !f.startsWith('src/report/') && !f.startsWith('src/contracts/'))).toEqual([]);
    expect(files.filter(f => /node_modules\/(aws-cdk-lib|constructs)\//.test(f))).toEqual([]);
  }, 60_000);

  test('--product exports one product; an unknown product or a missing assembly exits 1 naming it; a bad option exits 2', () => {
    const one = tmpDir('contracts-one-');
    expect(run(['contracts', assembly, '--out', one, '--product', 'claims']).code).toBe(0);
    expect(fs.readdirSync(one)).toEqual(['claims.odcs.yaml']);
    const unknown = run(['contracts', assembly, '--out', one, '--product', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('\n')).toContain("no data product named 'nope'");
    const missing = run(['contracts', path.join(one, 'no-such-dir'), '--out', one]);
    expect(missing.code).toBe(1);
    expect(missing.err.join('\n')).toContain('cannot read the cloud assembly');
    expect(run(['contracts', assembly, '--bogus']).code).toBe(2);
    expect(run(['contracts', assembly, '--out']).code).toBe(2);
  });
});

describe('round trip: declared from a contract, synthesized, exported', () => {
  const text = fs.readFileSync(FIXTURE, 'utf8');
  const contract = DataContract.fromOdcs(text);
  const { dir, stack } = governanceApp(hub => hub.addDataProduct(contract.product, contract.productOptions()));

  test('the exported contract equals the one declared (every field, order of lists included)', () => {
    const out = tmpDir('contracts-rt-');
    expect(run(['contracts', dir, '--out', out]).code).toBe(0);
    expect(parse(fs.readFileSync(path.join(out, 'claims.odcs.yaml'), 'utf8'))).toEqual(parse(text));
  });

  test('the contract reads the schema, the metadata and the quality rules', () => {
    const t = contract.table('claims');
    expect(t.columns.map(c => `${c.name}:${c.type.name}:${c.confidentiality}`)).toEqual([
      'claim_id:string:public', 'policy_id:string:public', 'amount:decimal(18,2):public', 'status:string:public', 'tags:array<string>:public',
      'claimant_name:string:private', 'diagnosis:string:sensitive',
    ]);
    expect(t.partitionKeys!.map(k => k.name)).toEqual(['ingest_date']);
    expect(t.qualityRules!.map(r => r.expression)).toEqual([
      'ColumnValues "status" in ["open", "paid", "rejected"]', '(ColumnValues "amount" >= 0) and (ColumnValues "amount" <= 10000000)', 'RowCount >= 1',
    ]);
    expect(contract.metadata.owner).toBe('insurance-data@bank.example');
    expect(contract.metadata.retention!.toHours()).toBe(7 * 365 * 24);
  });

  test('the metadata is catalog metadata a consumer can DESCRIBE: database and table parameters under cdk-data-mesh:', () => {
    const shard = readAssembly(dir).find(s => Object.values<any>(s.template.Resources ?? {}).some(r => r.Type === 'AWS::Glue::Database'))!;
    const resources = Object.values<any>(shard.template.Resources);
    const db = resources.find(r => r.Type === 'AWS::Glue::Database').Properties.DatabaseInput;
    expect(db.Parameters).toEqual({
      'cdk-data-mesh:producer': 'insurance',
      'cdk-data-mesh:owner': 'insurance-data@bank.example',
      'cdk-data-mesh:team': 'insurance-claims-engineering',
      'cdk-data-mesh:support': 'claims-support@bank.example',
      'cdk-data-mesh:update-frequency': 'P1D',
      'cdk-data-mesh:freshness': 'PT26H',
      'cdk-data-mesh:retention': 'P2555D',
      'cdk-data-mesh:contract-version': '2.1.0',
    });
    const table = resources.find(r => r.Type === 'AWS::Glue::Table').Properties.TableInput;
    expect(JSON.parse(table.Parameters['cdk-data-mesh:quality'])).toEqual(contract.table('claims').qualityRules!.map(r => r.expression));
    expect(stack).toBeDefined();
  });
});

describe('products without the new props keep their templates', () => {
  test('no contract metadata: the database has only producer and owner; tables no quality parameter', () => {
    const { dir } = governanceApp(hub => hub.addDataProduct('claims', {
      owner: 'o@bank.example',
      tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }] }],
    }));
    const shard = readAssembly(dir).find(s => Object.values<any>(s.template.Resources ?? {}).some(r => r.Type === 'AWS::Glue::Database'))!;
    const t = Template.fromJSON(shard.template);
    t.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Parameters: { 'cdk-data-mesh:producer': 'insurance', 'cdk-data-mesh:owner': 'o@bank.example' } } });
    const params = Object.values<any>(shard.template.Resources).find(r => r.Type === 'AWS::Glue::Table').Properties.TableInput.Parameters;
    expect(Object.keys(params).filter(k => k.startsWith('cdk-data-mesh:'))).toEqual([]);
  });
});

describe('bad contract metadata and bad contracts fail with the prop or field named', () => {
  const tables = [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }] }];
  const declare = (options: any) => () => governanceApp(hub => hub.addDataProduct('claims', { tables, ...options }));

  test.each([
    [{ supportContact: 'call Bob' }, /supportContact 'call Bob' is neither an e-mail address nor an https:\/\/ URL/],
    [{ freshness: Duration.minutes(90) }, /freshness 1 hour 30 minutes is not a whole number of hours/],
    [{ retention: Duration.seconds(0) }, /retention .* is not a whole number of hours \(at least 1\)/],
    [{ contractVersion: 'v2' }, /contractVersion 'v2' is not a semantic version/],
    [{ team: 'a\nb' }, /team 'a\nb' is invalid: give one line of text/],
    [{ tables: [{ ...tables[0], qualityRules: [QualityRule.between('amount', 0, 1)] }] },
      /tables\[0\]\.qualityRules\[0\] \(.*\) checks column 'amount', which table 'claims' does not declare \(columns: claim_id\)/],
  ])('%p', (options, message) => {
    expect(declare(options)).toThrow(message);
  });

  const fixture = parse(fs.readFileSync(FIXTURE, 'utf8'));
  const edit = (change: (c: any) => void): string => {
    const c = structuredClone(fixture);
    change(c);
    return JSON.stringify(c);
  };
  test.each([
    ['kind', edit(c => { c.kind = 'Other'; }), /DataContract.fromOdcs: kind is 'Other', expected 'DataContract'/],
    ['apiVersion', edit(c => { c.apiVersion = 'v2.2.2'; }), /apiVersion is 'v2.2.2', expected an ODCS v3 version/],
    ['schema', edit(c => { delete c.schema; }), /schema is missing or empty/],
    ['classification', edit(c => { c.schema[0].properties[1].classification = 'secret'; }),
      /schema\[0\]\.properties\[1\]\.classification 'secret' of column 'policy_id' is not a confidentiality level \(levels: public, private, sensitive\)/],
    ['physicalType', edit(c => { c.schema[0].properties[2].physicalType = 'money'; }),
      /schema\[0\]\.properties\[2\]\.physicalType of column 'amount' 'money' is not a column type/],
    ['quality', edit(c => { c.schema[0].quality[0] = { type: 'sql', query: 'SELECT 1' }; }),
      /schema\[0\]\.quality\[0\] is a sql check: the pipeline's gate runs AWS Glue Data Quality rules/],
    ['sla unit', edit(c => { c.slaProperties[0].unit = 'fortnight'; }), /slaProperties\[0\]\.unit 'fortnight' is not a unit/],
    ['projection', edit(c => { delete c.schema[0].properties[7].customProperties; }),
      /schema\[0\]\.properties\[7\]\.customProperties of partition key 'ingest_date' has no partitionProjection/],
    ['yaml', 'a: [1, 2', /\(document\) not valid YAML/],
  ])('%s', (_, text, message) => {
    expect(() => DataContract.fromOdcs(text)).toThrow(message);
  });

  test('a contract without classification declares the column without a level (the product default applies)', () => {
    const c = DataContract.fromOdcs(edit(x => { delete x.schema[0].properties[0].classification; }));
    expect(c.table('claims').columns[0].confidentiality).toBeUndefined();
    expect(c.table('claims').columns[5].confidentiality).toBe(Confidentiality.PRIVATE);
  });

  test('fromOdcsFile reads a file and names it in errors', () => {
    expect(DataContract.fromOdcsFile(FIXTURE).product).toBe('claims');
    expect(() => DataContract.fromOdcsFile('/no/such/file.yaml')).toThrow(/DataContract.fromOdcsFile: cannot read \/no\/such\/file.yaml: ENOENT/);
  });
});

describe('the other forms of a contract carry the new parts', () => {
  test('toJson/fromJson keep the quality rules; fromDataProduct keeps the metadata', () => {
    const c = DataContract.fromOdcs(fs.readFileSync(FIXTURE, 'utf8'));
    const plain = new DataContract({ product: 'claims', tables: [{ ...c.table('claims'), partitionKeys: undefined }] });
    expect(DataContract.fromJson(plain.toJson()).table('claims').qualityRules!.map(r => r.expression)).toEqual(c.table('claims').qualityRules!.map(r => r.expression));
    let product: any;
    governanceApp(hub => { product = hub.addDataProduct(c.product, c.productOptions()); });
    const back = DataContract.fromDataProduct(product);
    expect(back.metadata.team).toBe('insurance-claims-engineering');
    expect(back.metadata.freshness!.toHours()).toBe(26);
  });

  test('productOptions(settings): what the contract does not state (crawler, discovery) joins what it states, in every language (no spread needed)', () => {
    const c = DataContract.fromOdcs(fs.readFileSync(FIXTURE, 'utf8'));
    const options = c.productOptions({ crawler: { schedule: 'cron(0 3 * * ? *)' }, discoverable: false });
    expect(options.crawler).toEqual({ schedule: 'cron(0 3 * * ? *)' });
    expect(options.discoverable).toBe(false);
    expect(options.team).toBe('insurance-claims-engineering');
    expect(options.tables.map(t => t.name)).toEqual(['claims']);
    expect(c.productOptions().crawler).toBeUndefined();
  });

  test('contracts --help prints the command\'s usage; the CLI usage names the command', () => {
    const help = run(['contracts', '--help']);
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toMatch(/^usage: cdk-data-mesh contracts/);
    expect(run(['--help']).out.join('\n')).toContain('cdk-data-mesh contracts [<cloud assembly directory');
  });
});
