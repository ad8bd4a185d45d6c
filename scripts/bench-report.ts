/*
 * Benchmark of the access-report evaluator (not a test): generates synthetic meshes as raw CloudFormation
 * templates — P producers x K products x T tables x C columns in the governance catalog, N consumers —
 * and times reading the facts + evaluating (and, separately, the JSON output).
 *
 *   npx ts-node --project tsconfig.dev.json scripts/bench-report.ts            # the default sizes
 *   npx ts-node --project tsconfig.dev.json scripts/bench-report.ts 5 20 10 30 20   # one size: P K T C N
 *   BENCH_IMPL=/path/to/report npx ts-node ... scripts/bench-report.ts         # time another analyze.ts
 *
 * Each consumer receives a quarter of the products (tag `consumer_<n>=yes` on their databases) with the
 * mesh's two account grants (DATABASE DESCRIBE, TABLE SELECT up to a ceiling, with grant option), creates
 * a resource link per product, and re-grants its role by tag expression plus DESCRIBE on each link.
 */
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { AccessReport } from '../src/report/analyze';
import type { StackTemplate } from '../src/report/stack-template';

const impl = process.env.BENCH_IMPL ? path.resolve(process.env.BENCH_IMPL) : path.join(__dirname, '..', 'src', 'report');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { evaluateStacks } = require(path.join(impl, 'analyze')) as { evaluateStacks: (s: StackTemplate[]) => AccessReport };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { formatJson } = require(path.join(__dirname, '..', 'src', 'report', 'format')) as { formatJson: (r: AccessReport) => string };

const GOV = '100000000000';
const LEVELS = ['public', 'private', 'sensitive'];

interface Size { producers: number; products: number; tables: number; columns: number; consumers: number }

function generate(size: Size): StackTemplate[] {
  const r: Record<string, any> = {};
  const consumerAccount = (n: number) => String(200000000000 + n);
  const productsOf = new Map<number, string[]>();
  let p = 0;
  for (let prod = 0; prod < size.producers; prod++) {
    for (let k = 0; k < size.products; k++, p++) {
      const db = `product_${p}`;
      r[`Db${p}`] = { Type: 'AWS::Glue::Database', Properties: { CatalogId: GOV, DatabaseInput: { Name: db, CreateTableDefaultPermissions: [] } } };
      const dbTags = [{ CatalogId: GOV, TagKey: 'producer', TagValues: [`producer_${prod}`] }, { CatalogId: GOV, TagKey: 'confidentiality', TagValues: ['sensitive'] }];
      r[`Db${p}Tags`] = { Type: 'AWS::LakeFormation::TagAssociation', Properties: { Resource: { Database: { CatalogId: GOV, Name: db } }, LFTags: dbTags } };
      for (let c = 0; c < size.consumers; c++) {
        if ((p + c) % 4 !== 0) continue; // a quarter of the products per consumer
        productsOf.set(c, [...(productsOf.get(c) ?? []), db]);
        r[`Db${p}Consumer${c}`] = {
          Type: 'AWS::LakeFormation::TagAssociation',
          Properties: { Resource: { Database: { CatalogId: GOV, Name: db } }, LFTags: [{ CatalogId: GOV, TagKey: `consumer_${c}`, TagValues: ['yes'] }] },
        };
      }
      for (let t = 0; t < size.tables; t++) {
        const table = `table_${t}`;
        const columns = Array.from({ length: size.columns }, (_, i) => `col_${i}`);
        r[`Db${p}T${t}`] = {
          Type: 'AWS::Glue::Table',
          Properties: { CatalogId: GOV, DatabaseName: db, TableInput: { Name: table, StorageDescriptor: { Columns: columns.map(n => ({ Name: n, Type: 'string' })) } } },
        };
        r[`Db${p}T${t}Tags`] = {
          Type: 'AWS::LakeFormation::TagAssociation',
          Properties: { Resource: { Table: { CatalogId: GOV, DatabaseName: db, Name: table } }, LFTags: [{ CatalogId: GOV, TagKey: 'confidentiality', TagValues: ['sensitive'] }] },
        };
        LEVELS.forEach((level, li) => {
          const names = columns.filter((_, i) => i % LEVELS.length === li);
          r[`Db${p}T${t}${level}`] = {
            Type: 'AWS::LakeFormation::TagAssociation',
            Properties: {
              Resource: { TableWithColumns: { CatalogId: GOV, DatabaseName: db, Name: table, ColumnNames: names } },
              LFTags: [{ CatalogId: GOV, TagKey: 'confidentiality', TagValues: [level] }],
            },
          };
        });
      }
    }
  }
  const grant = (principal: any, resource: any, permissions: string[], grantable: string[]) => ({
    Type: 'AWS::LakeFormation::PrincipalPermissions',
    Properties: {
      Catalog: GOV,
      Principal: { DataLakePrincipalIdentifier: principal },
      Resource: resource,
      Permissions: permissions,
      PermissionsWithGrantOption: grantable,
    },
  });
  const ceiling = (c: number) => LEVELS.slice(0, (c % LEVELS.length) + 1);
  const stacks: StackTemplate[] = [];
  for (let c = 0; c < size.consumers; c++) {
    const expression = [{ TagKey: `consumer_${c}`, TagValues: ['yes'] }, { TagKey: 'confidentiality', TagValues: ceiling(c) }];
    r[`Share${c}Db`] = grant(consumerAccount(c), { LFTagPolicy: { CatalogId: GOV, ResourceType: 'DATABASE', Expression: [expression[0]] } }, ['DESCRIBE'], ['DESCRIBE']);
    r[`Share${c}Table`] = grant(consumerAccount(c), { LFTagPolicy: { CatalogId: GOV, ResourceType: 'TABLE', Expression: expression } }, ['SELECT', 'DESCRIBE'], ['SELECT', 'DESCRIBE']);
    const cr: Record<string, any> = {
      Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: `consumer-${c}-analyst` } },
      ReGrant: grant({ 'Fn::GetAtt': ['Role', 'Arn'] }, { LFTagPolicy: { CatalogId: GOV, ResourceType: 'TABLE', Expression: expression } }, ['SELECT'], []),
    };
    (productsOf.get(c) ?? []).forEach((db, i) => {
      cr[`Link${i}`] = { Type: 'AWS::Glue::Database', Properties: { CatalogId: consumerAccount(c), DatabaseInput: { Name: db, TargetDatabase: { CatalogId: GOV, DatabaseName: db } } } };
      cr[`Describe${i}`] = grant({ 'Fn::GetAtt': ['Role', 'Arn'] }, { Database: { CatalogId: consumerAccount(c), Name: db } }, ['DESCRIBE'], []);
    });
    stacks.push({ stackName: `Consumer-${c}`, account: consumerAccount(c), region: 'eu-west-1', template: { Resources: cr } });
  }
  return [{ stackName: 'Governance', account: GOV, region: 'eu-west-1', template: { Resources: r } }, ...stacks];
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

function bench(size: Size): void {
  const stacks = generate(size);
  const resources = stacks.reduce((n, s) => n + Object.keys(s.template.Resources).length, 0);
  const grants = stacks.reduce((n, s) => n + Object.values<any>(s.template.Resources).filter(x => x.Type === 'AWS::LakeFormation::PrincipalPermissions').length, 0);
  evaluateStacks(stacks.slice(0, 1)); // warm up the JIT on a small input
  const runs = [0, 1, 2].map(() => time(() => evaluateStacks(stacks)));
  const [report] = runs[0];
  const best = Math.min(...runs.map(([, ms]) => ms));
  const [json, jsonMs] = time(() => formatJson(report));
  const tables = size.producers * size.products * size.tables;
  console.log([
    `${size.producers}x${size.products}x${size.tables}x${size.columns}, ${size.consumers} consumers`.padEnd(32),
    `${tables} tables`.padStart(12), `${tables * size.columns} columns`.padStart(16), `${resources} resources`.padStart(16), `${grants} grants`.padStart(12),
    `${report.access.length} entries`.padStart(14), `evaluate ${best.toFixed(0)} ms`.padStart(18), `json ${jsonMs.toFixed(0)} ms (${(json.length / 1e6).toFixed(1)} MB)`.padStart(24),
  ].join(' '));
}

const args = process.argv.slice(2).map(Number);
const sizes: Size[] = args.length === 5
  ? [{ producers: args[0], products: args[1], tables: args[2], columns: args[3], consumers: args[4] }]
  : [
    { producers: 2, products: 5, tables: 4, columns: 20, consumers: 5 },
    { producers: 5, products: 20, tables: 10, columns: 30, consumers: 20 },
    { producers: 10, products: 20, tables: 10, columns: 30, consumers: 40 },
    { producers: 10, products: 40, tables: 10, columns: 40, consumers: 40 },
    { producers: 20, products: 40, tables: 10, columns: 40, consumers: 80 },
  ];
console.log(`node ${process.version}, ${os.cpus().length} cores, evaluator ${path.relative(process.cwd(), impl) || '.'}`);
for (const size of sizes) bench(size);
