/* Reading cloud assemblies and resolving the intrinsic functions templates really contain. */
import * as fs from 'fs';
import * as path from 'path';
import { AssemblyError, readAssembly } from '../../src/report/assembly';
import { extractFacts } from '../../src/report/facts';
import { partitionOf, Resolver } from '../../src/report/resolver';
import { StackTemplate } from '../../src/report/stack-template';
import { copyAssembly, L1_ASSEMBLY, removeTmpDirs, tmpDir } from '../support/assembly';

afterAll(removeTmpDirs);

const stack = (template: any, extra: Partial<StackTemplate> = {}): StackTemplate =>
  ({ stackName: 'App', account: '123456789012', region: 'eu-west-1', template, ...extra });

describe('Resolver', () => {
  const template = {
    Parameters: {
      Env: { Type: 'String', Default: 'prod' },
      NoDefault: { Type: 'String' },
      FromSsm: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/acme/db-name' },
      Names: { Type: 'CommaDelimitedList', Default: 'a, b,c' },
    },
    Mappings: { Names: { prod: { Db: 'sales_prod' } } },
    Conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': ['x', 'x'] }] },
      Unknown: { 'Fn::Equals': [{ Ref: 'NoDefault' }, 'x'] },
    },
    Resources: {
      Named: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Sub': 'acme-${Env}-reader' } } },
      Unnamed: { Type: 'AWS::IAM::Role', Properties: {} },
      WithPath: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'etl', Path: '/data/' } },
      Db: { Type: 'AWS::Glue::Database', Properties: { DatabaseInput: { Name: { 'Fn::FindInMap': ['Names', { Ref: 'Env' }, 'Db'] } } } },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-bucket' } },
      Other: { Type: 'AWS::SQS::Queue', Properties: {} },
    },
  };
  const r = new Resolver(stack(template));

  test.each([
    ['pseudo parameters', [{ Ref: 'AWS::AccountId' }, { Ref: 'AWS::Region' }, { Ref: 'AWS::Partition' }, { Ref: 'AWS::URLSuffix' }, { Ref: 'AWS::StackName' }],
      ['123456789012', 'eu-west-1', 'aws', 'amazonaws.com', 'App']],
    ['parameters: default, none (placeholder), SSM (its Default is a name, not the value), lists',
      [{ Ref: 'Env' }, { Ref: 'NoDefault' }, { Ref: 'FromSsm' }, { Ref: 'Names' }], ['prod', '${NoDefault}', '${FromSsm}', ['a', 'b', 'c']]],
    ['Ref of named resources: role (RoleName or a stable placeholder), database, bucket; others a placeholder',
      [{ Ref: 'Named' }, { Ref: 'Unnamed' }, { Ref: 'Db' }, { Ref: 'Bucket' }, { Ref: 'Other' }],
      ['acme-prod-reader', 'App-Unnamed', 'sales_prod', 'acme-bucket', '${Other}']],
    ['Fn::GetAtt of roles (array and dotted forms, with a path) and buckets',
      [{ 'Fn::GetAtt': ['Named', 'Arn'] }, { 'Fn::GetAtt': 'Unnamed.Arn' }, { 'Fn::GetAtt': ['WithPath', 'Arn'] }, { 'Fn::GetAtt': ['Bucket', 'Arn'] }, { 'Fn::GetAtt': ['Named', 'RoleId'] }],
      ['arn:aws:iam::123456789012:role/acme-prod-reader', 'arn:aws:iam::123456789012:role/App-Unnamed', 'arn:aws:iam::123456789012:role/data/etl',
        'arn:aws:s3:::acme-bucket', '${Named.RoleId}']],
    ['Fn::Join', [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] }], ['arn:aws:iam::123456789012:root']],
    ['Fn::Sub, string form: pseudo parameters, parameters, ${Logical.Arn}, ${!Literal}',
      [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x-${AWS::Region}' }, { 'Fn::Sub': '${Named.Arn}' }, { 'Fn::Sub': '${!Env}-${Env}' }],
      ['arn:aws:iam::123456789012:role/x-eu-west-1', 'arn:aws:iam::123456789012:role/acme-prod-reader', '${Env}-prod']],
    ['Fn::Sub, array form: its variables win over parameters',
      [{ 'Fn::Sub': ['${Env}/${Db}/${AWS::AccountId}', { Env: 'test', Db: { Ref: 'Db' } }] }], ['test/sales_prod/123456789012']],
    ['Fn::Select and Fn::Split (out of range: a placeholder)',
      [{ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] }, { 'Fn::Select': ['2', { Ref: 'Names' }] }, { 'Fn::Select': [7, ['a']] }], ['b', 'c', '${Fn::Select}']],
    ['Fn::If with the template conditions (unknown conditions count as true)',
      [{ 'Fn::If': ['IsProd', 'p', 'q'] }, { 'Fn::If': ['NotProd', 'p', 'q'] }, { 'Fn::If': ['Both', 'p', 'q'] }, { 'Fn::If': ['Unknown', 'p', 'q'] }],
      ['p', 'q', 'p', 'p']],
  ])('%s', (_title, inputs, outputs) => {
    expect((inputs as any[]).map(i => r.resolve(i))).toEqual(outputs);
  });

  test('Ref AWS::NoValue removes the property or list item', () => {
    expect(r.resolve({ A: { Ref: 'AWS::NoValue' }, B: ['x', { 'Fn::If': ['NotProd', 'y', { Ref: 'AWS::NoValue' }] }] })).toEqual({ B: ['x'] });
  });

  test('conditions of resources', () => {
    expect([r.conditionHolds(undefined), r.conditionHolds('IsProd'), r.conditionHolds('NotProd'), r.conditionHolds('Unknown')]).toEqual([true, true, false, true]);
  });

  test('partitions follow the region', () => {
    expect(['eu-west-1', 'cn-north-1', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1'].map(partitionOf)).toEqual(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b']);
    expect(new Resolver(stack(template, { region: 'cn-north-1' })).resolve({ 'Fn::GetAtt': ['Named', 'Arn'] })).toBe('arn:aws-cn:iam::123456789012:role/acme-prod-reader');
  });

  test('a reference cycle ends in a placeholder, not a stack overflow', () => {
    const cyclic = new Resolver(stack({ Resources: { A: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Sub': '${A}' } } } } }));
    expect(cyclic.resolve({ Ref: 'A' })).toContain('${');
  });
});

describe('extractFacts', () => {
  test('Fn::ImportValue resolves exports of the same account and region only', () => {
    const exporter = stack({ Resources: {}, Outputs: { Db: { Value: 'sales', Export: { Name: 'acme-db' } } } });
    const db = (name: string) => ({ Resources: { T: { Type: 'AWS::Glue::Table', Properties: { DatabaseName: { 'Fn::ImportValue': 'acme-db' }, TableInput: { Name: name, StorageDescriptor: { Columns: [] } } } } } });
    const facts = extractFacts([exporter, stack(db('same'), { stackName: 'B' }), stack(db('other'), { stackName: 'C', account: '999999999999' })]);
    expect(facts.tables.map(t => `${t.catalog}:${t.database}.${t.name}`)).toEqual(['123456789012:sales.same', '999999999999:${fn::importvalue:acme-db}.other']);
  });

  test('Glue folds database and table names to lower case; columns are compared and reported lower-case', () => {
    const facts = extractFacts([stack({
      Resources: {
        T: { Type: 'AWS::Glue::Table', Properties: { CatalogId: '123456789012', DatabaseName: 'Sales', TableInput: { Name: 'Orders', StorageDescriptor: { Columns: [{ Name: 'OrderId' }] }, PartitionKeys: [{ Name: 'Dt' }] } } },
      },
    })]);
    expect(facts.tables).toEqual([expect.objectContaining({ catalog: '123456789012', database: 'sales', name: 'orders', columns: ['orderid', 'dt'] })]);
  });
});

describe('readAssembly', () => {
  test('reads the stacks of nested (stage) assemblies with their environments and deployment roles', () => {
    expect(readAssembly(L1_ASSEMBLY).map(s => [s.stackName, s.account, s.region, s.deploymentRoleArn])).toEqual([
      ['Lake', '210987654321', 'eu-central-1', 'arn:${AWS::Partition}:iam::210987654321:role/acme-deployer'],
      ['Analytics', '123456789012', 'eu-central-1', undefined],
      ['Partner-Consumer', '345678901234', 'eu-central-1', undefined],
    ]);
  });

  test('reads CDK nested stacks (asset templates) with the parameters their parent passes', () => {
    const dir = tmpDir('nested-');
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
      version: '41.0.0',
      artifacts: { Parent: { type: 'aws:cloudformation:stack', environment: 'aws://123456789012/eu-west-1', properties: { templateFile: 'Parent.template.json' } } },
    }));
    fs.writeFileSync(path.join(dir, 'Parent.template.json'), JSON.stringify({
      Resources: {
        Reader: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'reader' } },
        Child: {
          Type: 'AWS::CloudFormation::Stack',
          Metadata: { 'aws:asset:path': 'ParentChild.nested.template.json' },
          Properties: { Parameters: { ReaderArn: { 'Fn::GetAtt': ['Reader', 'Arn'] } } },
        },
      },
    }));
    fs.writeFileSync(path.join(dir, 'ParentChild.nested.template.json'), JSON.stringify({ Parameters: { ReaderArn: { Type: 'String' } }, Resources: {} }));
    const stacks = readAssembly(dir);
    expect(stacks.map(s => s.stackName)).toEqual(['Parent', 'Parent-Child']);
    expect(new Resolver(stacks[1]).resolve({ Ref: 'ReaderArn' })).toBe('arn:aws:iam::123456789012:role/reader');
  });

  test.each([
    ['a missing directory', (d: string) => path.join(d, 'nope'), /is not a directory/],
    ['a directory without manifest.json', (d: string) => { fs.rmSync(path.join(d, 'manifest.json')); return d; }, /is not a cloud assembly: .*manifest\.json does not exist\. Run 'cdk synth' first/],
    ['a manifest that is not JSON', (d: string) => { fs.writeFileSync(path.join(d, 'manifest.json'), '{'); return d; }, /cloud assembly manifest .* is not valid JSON/],
    ['a missing template', (d: string) => { fs.rmSync(path.join(d, 'Analytics.template.json')); return d; }, /cannot read template of stack Analytics .*ENOENT/],
    ['a template that is not JSON', (d: string) => { fs.writeFileSync(path.join(d, 'Lake.template.json'), 'Resources: {}'); return d; }, /template of stack Lake .* is not valid JSON/],
  ])('%s is an AssemblyError with a clear message', (_title, breakIt, message) => {
    const dir = breakIt(copyAssembly(L1_ASSEMBLY));
    expect(() => readAssembly(dir)).toThrow(AssemblyError);
    expect(() => readAssembly(dir)).toThrow(message);
  });
});
