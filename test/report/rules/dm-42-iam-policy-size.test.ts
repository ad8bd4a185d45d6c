import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { check, OWNER, policy, role, stack, statement } from './support/templates';
import { buildMesh } from '../../../scripts/bench';
import * as lib from '../../../src';
import { readAssembly } from '../../../src/report/assembly';
import { iamPolicySize, rule } from '../../../src/report/rules/dm-42-iam-policy-size';

const glueArns = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:glue:eu-west-1:${OWNER}:table/mesh_product_number_${i}/*`);
const managed = (roles: any[], statements: any[]) => ({
  Type: 'AWS::IAM::ManagedPolicy',
  Properties: { Roles: roles, PolicyDocument: { Version: '2012-10-17', Statement: statements } },
});

test('IAM counts characters without white space', () => {
  expect(iamPolicySize({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Sid: 'a b' }] }))
    .toBe(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Sid: 'ab' }] }).length);
});

test('a managed policy over 6,144 characters, two inline policies of one role over 10,240 together, a trust policy over 2,048: errors', () => {
  const trust = { Version: '2012-10-17', Statement: Array.from({ length: 40 }, (_, i) => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:role/trusted-role-${i}` }, Action: 'sts:AssumeRole' })) };
  const findings = check(rule, [stack(OWNER, {
    Big: managed([{ Ref: 'Reader' }], [statement('glue:GetTable', glueArns(110))]),
    Reader: role('reader'),
    Inline1: policy([{ Ref: 'Writer' }], [statement('glue:GetTable', glueArns(100))]),
    Inline2: policy(['writer'], [statement('glue:GetTables', glueArns(100))]),
    Writer: role('writer'),
    Trusted: role('trusted', [], { AssumeRolePolicyDocument: trust }),
  })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-42', 'error', 'Big'], ['DM-42', 'error', 'Writer'], ['DM-42', 'error', 'Trusted']]);
  expect(findings[0].what).toMatch(/customer managed policy document has \d+ characters .* quota of 6144/);
  expect(findings[1].what).toMatch(/inline policies of this role have \d+ characters together .* quota of 10240 per role/);
  expect(findings[2].what).toMatch(/trust policy has \d+ characters .* quota of 2048/);
  expect(findings[0].fix).toContain('ARN patterns');
});

test('policies within the quotas (the same inline policies on two roles, each under 10,240): nothing', () => {
  expect(check(rule, [stack(OWNER, {
    Small: managed([{ Ref: 'Reader' }], [statement('glue:GetTable', glueArns(80))]),
    Reader: role('reader', [statement('glue:GetTable', glueArns(80))]),
    Inline1: policy([{ Ref: 'A' }], [statement('glue:GetTable', glueArns(100))]),
    Inline2: policy([{ Ref: 'B' }], [statement('glue:GetTables', glueArns(100))]),
    A: role('a'),
    B: role('b'),
  })])).toEqual([]);
});

describe('a generated mesh with 24 products shared with one consumer (issue 13)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dm42-'));
  const app = new App({ outdir, context: { '@aws-cdk/core:stackResourceLimit': 0 } });
  buildMesh(app, { producers: 1, products: 24, consumers: 1 }, lib);
  app.synth();
  const stacks = readAssembly(outdir);
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("the library's own policies are within the quotas: they name the products by pattern", () => {
    expect(check(rule, stacks)).toEqual([]);
  });

  test("the consumer role's Glue statement with 4 ARNs per product (the shape before issue 13, in aws-cdk-lib's overflow policy): error", () => {
    const consumer = stacks.find(s => s.stackName === 'Consumer-cons0')!;
    const resources = consumer.template.Resources;
    const roleId = Object.keys(resources).find(id => resources[id].Type === 'AWS::IAM::Role' && /RolePublicReader/.test(id))!;
    const cat = (account: string) => `arn:aws:glue:eu-west-1:${account}`;
    const perProduct = Array.from({ length: 24 }, (_, k) => `bench_d0_product_${k}`).flatMap(db => [
      `${cat(consumer.account)}:database/${db}`, `${cat(consumer.account)}:table/${db}/*`, `${cat('100000000000')}:database/${db}`, `${cat('100000000000')}:table/${db}/*`,
    ]);
    const glueRead = ['glue:BatchGetPartition', 'glue:GetDatabase', 'glue:GetDatabases', 'glue:GetPartition', 'glue:GetPartitions', 'glue:GetTable', 'glue:GetTables', 'glue:SearchTables'];
    const mutated = {
      ...consumer,
      template: {
        ...consumer.template,
        Resources: {
          ...resources,
          OverflowPolicy1: managed([{ Ref: roleId }], [statement(glueRead, [`${cat(consumer.account)}:catalog`, `${cat('100000000000')}:catalog`, ...perProduct])]),
        },
      },
    };
    const findings = check(rule, stacks.map(s => (s === consumer ? mutated : s)));
    expect(findings.map(f => [f.id, f.logicalId])).toEqual([['DM-42', 'OverflowPolicy1']]);
  });
});
