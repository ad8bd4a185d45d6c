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
  expect(findings[0].what).toBe('role/reader may read sales.t through Lake Formation, but IAM does not allow: ' +
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
      // SELECT on the target (a grant naming the table through the link would grant nothing, DM-45).
      Select: grant(analyst, onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['Describe']),
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
  expect(noAthena[0].what).toBe('role/analyst may read sales.t through Lake Formation, but IAM does not allow: ' +
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

describe('what blocks an action its own policy allows: the permissions boundary, or an explicit Deny, named in the message and the fix', () => {
  const boundaryPolicy = (statements: any[]) => ({
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: { ManagedPolicyName: 'reader-boundary', PolicyDocument: { Version: '2012-10-17', Statement: statements } },
  });
  const reading = (extra: Record<string, any>, readerExtra: any = {}, statements: any[] = [glue(OWNER, 'sales'), dataAccess]) => [catalog(OWNER, {
    Reader: role('reader', statements, readerExtra),
    G: grant(getAtt('Reader'), onTable(OWNER, 'sales', 't'), ['SELECT'], [], ['T']),
    ...extra,
  })];

  test('a boundary that does not allow lakeformation:GetDataAccess: the finding names the boundary (ARN and logical ID), not "allow these actions in its policies"', () => {
    const findings = check(rule, reading({ Boundary: boundaryPolicy([glue(OWNER, 'sales')]) }, { PermissionsBoundary: ref('Boundary') }));
    expect(findings).toHaveLength(1);
    const boundaryArn = `arn:aws:iam::${OWNER}:policy/reader-boundary`;
    expect(findings[0].what).toBe('role/reader may read sales.t through Lake Formation, but IAM does not allow: ' +
      `lakeformation:GetDataAccess on *: not allowed by its permissions boundary ${boundaryArn} (S${OWNER}/Boundary). Its queries fail with AccessDenied.`);
    expect(findings[0].fix).toBe(`allow in its permissions boundary ${boundaryArn} (S${OWNER}/Boundary), which does not allow what its policies do, lakeformation:GetDataAccess.`);
    expect(findings[0].fix).not.toContain('allow these actions in its policies');
  });

  test('the same boundary allowing GetDataAccess too: nothing', () => {
    expect(check(rule, reading({ Boundary: boundaryPolicy([glue(OWNER, 'sales'), dataAccess]) }, { PermissionsBoundary: ref('Boundary') }))).toEqual([]);
  });

  test('an explicit Deny in another policy of the role: the finding names the statement (logical ID, policy name, Sid) to remove or narrow', () => {
    const deny = {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: 'guardrail',
        Roles: [ref('Reader')],
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Sid: 'NoLakeFormation', Effect: 'Deny', Action: 'lakeformation:*', Resource: '*' }] },
      },
    };
    const findings = check(rule, reading({ Guardrail: deny }));
    expect(findings[0].what).toContain(`lakeformation:GetDataAccess on *: denied by S${OWNER}/Guardrail (NoLakeFormation). Its queries fail`);
    expect(findings[0].fix).toBe(`remove or narrow the Deny statement S${OWNER}/Guardrail (NoLakeFormation), which denies lakeformation:GetDataAccess.`);
  });

  test('missing from every policy as well as blocked: both fixes, each with its actions', () => {
    const findings = check(rule, reading({ Boundary: boundaryPolicy([statement('glue:*', '*')]) }, { PermissionsBoundary: ref('Boundary') }, [dataAccess]));
    expect(findings[0].fix).toMatch(/^allow in its permissions boundary .* lakeformation:GetDataAccess; allow glue:GetDatabase, glue:GetTable in its policies: /);
  });
});
