/*
 * Small hand-written templates for the doctor's rule tests: one builder per resource type, in the shape
 * CloudFormation takes (raw JSON, as anyone could write it), and `check` to run one rule on them.
 */
import { buildContext } from '../../../../src/report/analyze';
import type { DoctorFinding, DoctorOptions, Rule } from '../../../../src/report/context';
import type { StackTemplate } from '../../../../src/report/stack-template';

export const OWNER = '111122223333';
export const CONSUMER = '444455556666';
export const OTHER = '777788889999';
export const REGION = 'eu-west-1';

export const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
export const root = (account: string) => `arn:aws:iam::${account}:root`;

export type Resources = Record<string, any>;

/** A stack named `S<account>` (or `name`) in `REGION`. */
export function stack(account: string, resources: Resources, extra: Partial<StackTemplate> = {}): StackTemplate {
  return { stackName: `S${account}`, account, region: REGION, template: { Resources: resources }, ...extra };
}

/** Runs one rule on the stacks (after the Lake Formation and IAM evaluation, as the report does). */
export function check(rule: Rule, stacks: StackTemplate[], options: DoctorOptions = {}): DoctorFinding[] {
  return rule.check(buildContext(stacks, options));
}

/** The messages of the findings. */
export const messages = (findings: DoctorFinding[]) => findings.map(f => f.message);

const withDeps = (r: any, dependsOn?: string[]) => (dependsOn && dependsOn.length > 0 ? { ...r, DependsOn: dependsOn } : r);

export const settings = (admins: string[], props: any = {}, dependsOn?: string[]) => withDeps({
  Type: 'AWS::LakeFormation::DataLakeSettings',
  Properties: {
    Admins: admins.map(a => ({ DataLakePrincipalIdentifier: a })),
    CreateDatabaseDefaultPermissions: [],
    CreateTableDefaultPermissions: [],
    Parameters: { CROSS_ACCOUNT_VERSION: '4' },
    ...props,
  },
}, dependsOn);

export const database = (cat: string, name: string, input: any = { CreateTableDefaultPermissions: [] }, dependsOn?: string[]) => withDeps({
  Type: 'AWS::Glue::Database',
  Properties: { CatalogId: cat, DatabaseInput: { Name: name, ...input } },
}, dependsOn);

export const databaseLink = (cat: string, name: string, targetCatalog: string, target: string, dependsOn?: string[]) => withDeps({
  Type: 'AWS::Glue::Database',
  Properties: { CatalogId: cat, DatabaseInput: { Name: name, TargetDatabase: { CatalogId: targetCatalog, DatabaseName: target } } },
}, dependsOn);

export const table = (cat: string, db: string, name: string, columns: string[], input: any = {}, dependsOn?: string[]) => withDeps({
  Type: 'AWS::Glue::Table',
  Properties: {
    CatalogId: cat,
    DatabaseName: db,
    TableInput: { Name: name, ...input, StorageDescriptor: { Columns: columns.map(c => ({ Name: c, Type: 'string' })), ...(input.StorageDescriptor ?? {}) } },
  },
}, dependsOn);

export const lfTag = (cat: string, key: string, values: string[], dependsOn?: string[]) => withDeps({
  Type: 'AWS::LakeFormation::Tag',
  Properties: { CatalogId: cat, TagKey: key, TagValues: values },
}, dependsOn);

export const association = (resource: any, tags: Array<[catalog: string, key: string, values: string[]]>, dependsOn?: string[]) => withDeps({
  Type: 'AWS::LakeFormation::TagAssociation',
  Properties: { Resource: resource, LFTags: tags.map(([c, k, v]) => ({ CatalogId: c, TagKey: k, TagValues: v })) },
}, dependsOn);

export const grant = (principal: any, resource: any, permissions: string[], grantable: string[] = [], dependsOn?: string[]) => withDeps({
  Type: 'AWS::LakeFormation::PrincipalPermissions',
  Properties: {
    Principal: { DataLakePrincipalIdentifier: principal }, Resource: resource, Permissions: permissions, PermissionsWithGrantOption: grantable,
  },
}, dependsOn);

export const onDatabase = (cat: string, name: string) => ({ Database: { CatalogId: cat, Name: name } });
export const onTable = (cat: string, db: string, name: string) => ({ Table: { CatalogId: cat, DatabaseName: db, Name: name } });
export const onTags = (cat: string, expression: Record<string, string[]>, type = 'TABLE') => ({
  LFTagPolicy: { CatalogId: cat, ResourceType: type, Expression: Object.entries(expression).map(([k, v]) => ({ TagKey: k, TagValues: v })) },
});
export const onTag = (cat: string, key: string, values: string[]) => ({ LFTag: { CatalogId: cat, TagKey: key, TagValues: values } });

export const statement = (action: string | string[], resource: any, extra: any = {}) => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });

export const role = (name: string | undefined, statements: any[] = [], extra: any = {}) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lakeformation.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    ...(name ? { RoleName: name } : {}),
    ...(statements.length > 0 ? { Policies: [{ PolicyName: 'inline', PolicyDocument: { Version: '2012-10-17', Statement: statements } }] } : {}),
    ...extra,
  },
});

export const policy = (roles: any[], statements: any[]) => ({
  Type: 'AWS::IAM::Policy',
  Properties: { PolicyName: 'p', Roles: roles, PolicyDocument: { Version: '2012-10-17', Statement: statements } },
});

export const bucket = (name: string, kmsKey?: any) => ({
  Type: 'AWS::S3::Bucket',
  Properties: {
    BucketName: name,
    ...(kmsKey !== undefined
      ? { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', ...(kmsKey ? { KMSMasterKeyID: kmsKey } : {}) } }] } }
      : {}),
  },
});

export const bucketPolicy = (bucketRef: any, statements: any[]) => ({
  Type: 'AWS::S3::BucketPolicy',
  Properties: { Bucket: bucketRef, PolicyDocument: { Version: '2012-10-17', Statement: statements } },
});

/** A key whose policy enables IAM policies of its own account, plus `statements`. */
export const key = (account: string, statements: any[] = []) => ({
  Type: 'AWS::KMS::Key',
  Properties: {
    KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: root(account) }, Action: 'kms:*', Resource: '*' }, ...statements] },
  },
});

export const alias = (name: string, keyId: string) => ({ Type: 'AWS::KMS::Alias', Properties: { AliasName: name, TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } } });

export const registration = (location: string, roleRef: any, extra: any = {}, dependsOn?: string[]) => withDeps({
  Type: 'AWS::LakeFormation::Resource',
  Properties: { ResourceArn: location, UseServiceLinkedRole: false, ...(roleRef === undefined ? {} : { RoleArn: roleRef }), ...extra },
}, dependsOn);

export const workGroup = (name: string, bucketRef: any, keyRef?: any) => ({
  Type: 'AWS::Athena::WorkGroup',
  Properties: {
    Name: name,
    WorkGroupConfiguration: {
      EnforceWorkGroupConfiguration: true,
      ResultConfiguration: {
        OutputLocation: { 'Fn::Join': ['', ['s3://', bucketRef, '/results/']] },
        ...(keyRef ? { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: keyRef } } : {}),
      },
    },
  },
});

export const getAtt = (id: string, attr = 'Arn') => ({ 'Fn::GetAtt': [id, attr] });
export const ref = (id: string) => ({ Ref: id });

/** A statement of a bucket or key policy for another account narrowed to one role by aws:PrincipalArn. */
export const forRole = (account: string, name: string, action: string | string[], resource: any) => ({
  Effect: 'Allow',
  Principal: { AWS: root(account) },
  Action: action,
  Resource: resource,
  Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn(account, name) } },
});

/**
 * A catalog account with database `sales` and tables `t` (c1..c3) and `u` (u1), created in order after
 * its settings (admins: the deployer), with `extra` resources.
 */
export function catalog(account: string, extra: Resources = {}, admins: string[] = [roleArn(account, 'deployer')]): StackTemplate {
  return stack(account, {
    Settings: settings(admins),
    Db: database(account, 'sales', { CreateTableDefaultPermissions: [] }, ['Settings']),
    T: table(account, 'sales', 't', ['c1', 'c2', 'c3'], {}, ['Db']),
    U: table(account, 'sales', 'u', ['u1'], {}, ['Db']),
    ...extra,
  }, { deploymentRoleArn: roleArn(account, 'deployer') });
}
