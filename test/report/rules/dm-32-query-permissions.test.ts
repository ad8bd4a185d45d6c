import { consumer, owner } from './support/sharing';
import { bucket, catalog, check, CONSUMER, getAtt, grant, key, onDatabase, onTable, OWNER, ref, role, roleArn, statement, workGroup } from './support/templates';
import { rule } from '../../../src/report/rules/dm-32-query-permissions';

const glue = (account: string, db: string) => statement(['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'], [
  `arn:aws:glue:eu-west-1:${account}:catalog`, `arn:aws:glue:eu-west-1:${account}:database/${db}`, `arn:aws:glue:eu-west-1:${account}:table/${db}/*`,
]);
const dataAccess = statement('lakeformation:GetDataAccess', '*');

test('a role Lake Formation lets read a table but whose IAM policies allow nothing: an error listing the actions by resource', () => {
  const findings = check(rule, [catalog(OWNER, { Reader: role('reader'), G: grant(getAtt('Reader'), onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']) })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-32', 'error', 'Reader']]);
  expect(findings[0].what).toBe('role/reader may read sales.t through Lake Formation, but its IAM policies do not allow: ' +
    `glue:GetDatabase on arn:aws:glue:eu-west-1:${OWNER}:catalog, arn:aws:glue:eu-west-1:${OWNER}:database/sales; ` +
    `glue:GetTable on arn:aws:glue:eu-west-1:${OWNER}:catalog, arn:aws:glue:eu-west-1:${OWNER}:database/sales, arn:aws:glue:eu-west-1:${OWNER}:table/sales/t; ` +
    'lakeformation:GetDataAccess on *. Its queries fail with AccessDenied.');
});

test('Glue reads and GetDataAccess (or AdministratorAccess, a known AWS managed policy): nothing', () => {
  expect(check(rule, [catalog(OWNER, { Reader: role('reader', [glue(OWNER, 'sales'), dataAccess]), G: grant(getAtt('Reader'), onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']) })])).toEqual([]);
  const admin = role('reader', [], { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
  expect(check(rule, [catalog(OWNER, { Reader: admin, G: grant(getAtt('Reader'), onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']) })])).toEqual([]);
});

test('through a resource link: the link in the consumer catalog and the target in the owner catalog; with a workgroup: Athena, its results bucket and key', () => {
  const analyst = roleArn(CONSUMER, 'analyst');
  const stacks = (statements: any[]) => [
    owner({ Share: grant(CONSUMER, onTable(OWNER, 'sales', 't'), ['SELECT', 'DESCRIBE'], ['SELECT', 'DESCRIBE'], ['T']) }),
    consumer({
      Analyst: role('analyst', statements),
      Describe: grant(analyst, onDatabase(CONSUMER, 'sales_link'), ['DESCRIBE'], [], ['Link']),
      Select: grant(analyst, onTable(CONSUMER, 'sales_link', 't'), ['SELECT'], [], ['Describe']),
      Key: key(CONSUMER),
      Results: bucket('results', getAtt('Key')),
      Wg: workGroup('wg', ref('Results'), getAtt('Key')),
    }),
  ];
  const athena = [
    statement(['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults'], 'arn:aws:athena:eu-west-1:444455556666:workgroup/wg'),
    statement(['s3:PutObject', 's3:GetObject'], 'arn:aws:s3:::results/results/*'),
    statement(['kms:GenerateDataKey', 'kms:Decrypt'], getAtt('Key')),
  ];
  expect(check(rule, stacks([glue(CONSUMER, 'sales_link'), glue(OWNER, 'sales'), dataAccess, ...athena]))).toEqual([]);
  const targetOnly = check(rule, stacks([glue(OWNER, 'sales'), dataAccess, ...athena]));
  expect(targetOnly[0].what).toContain(`glue:GetTable on arn:aws:glue:eu-west-1:${CONSUMER}:catalog, arn:aws:glue:eu-west-1:${CONSUMER}:database/sales_link, arn:aws:glue:eu-west-1:${CONSUMER}:table/sales_link/t. Its queries fail`);
  const noAthena = check(rule, stacks([glue(CONSUMER, 'sales_link'), glue(OWNER, 'sales'), dataAccess]));
  expect(noAthena[0].what).toBe('role/analyst may read sales.t through Lake Formation, but its IAM policies do not allow: ' +
    'athena:StartQueryExecution on arn:aws:athena:eu-west-1:444455556666:workgroup/wg; athena:GetQueryExecution on arn:aws:athena:eu-west-1:444455556666:workgroup/wg; ' +
    'athena:GetQueryResults on arn:aws:athena:eu-west-1:444455556666:workgroup/wg; s3:PutObject on arn:aws:s3:::results/results/*; s3:GetObject on arn:aws:s3:::results/results/*; ' +
    'kms:GenerateDataKey on arn:aws:kms:eu-west-1:444455556666:key/${Key}; kms:Decrypt on arn:aws:kms:eu-west-1:444455556666:key/${Key}. Its queries fail with AccessDenied.');
});

test('an AWS managed policy the doctor does not know: the entries say unknown, no finding', () => {
  const ctxStacks = [catalog(OWNER, {
    Reader: role('reader', [], { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonAthenaFullAccess'] }),
    G: grant(getAtt('Reader'), onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']),
  })];
  expect(check(rule, ctxStacks)).toEqual([]);
});
