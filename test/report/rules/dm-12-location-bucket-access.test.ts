import { dataPath, GOV, goodBucketStatements, goodRoleStatements, OBJECTS } from './support/datapath';
import { check, database, forRole, getAtt, messages, registration, root, statement, table } from './support/templates';
import { rule } from '../../../src/report/rules/dm-12-location-bucket-access';

test('role, bucket policy (account root narrowed by aws:PrincipalArn), TLS-only deny: Lake Formation can use the location', () => {
  expect(check(rule, dataPath())).toEqual([]);
});

test('the bucket policy may name the role itself, or match it with ArnLike', () => {
  const direct = [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${GOV}:role/reg` }, Action: ['s3:ListBucket', ...OBJECTS], Resource: ['arn:aws:s3:::gold', 'arn:aws:s3:::gold/*'] },
  ];
  expect(check(rule, dataPath({ bucketStatements: direct }))).toEqual([]);
  const like = [{ ...forRole(GOV, 'reg', ['s3:ListBucket', ...OBJECTS], ['arn:aws:s3:::gold', 'arn:aws:s3:::gold/p/*']), Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${GOV}:role/re*` } } }];
  expect(check(rule, dataPath({ bucketStatements: like }))).toEqual([]);
  const equals = [{ ...like[0], Condition: { StringEquals: { 'aws:PrincipalArn': `arn:aws:iam::${GOV}:role/reg` } } }];
  expect(check(rule, dataPath({ bucketStatements: equals }))).toEqual([]);
});

test('the bucket policy lacks the object statement: an error naming the bucket policy and the actions', () => {
  const findings = check(rule, dataPath({ bucketStatements: goodBucketStatements().slice(0, 2) }));
  expect(messages(findings)).toEqual([
    `Gov/Location: Lake Formation cannot use location arn:aws:s3:::gold/p through arn:aws:iam::${GOV}:role/reg: the bucket policy of Prod/GoldPolicy does not allow the role ` +
    's3:GetObject, s3:PutObject, s3:DeleteObject on arn:aws:s3:::gold/p/*. Every query of the tables under it fails with AccessDenied. ' +
    `Fix: allow s3:ListBucket on arn:…:s3:::gold and s3:GetObject, s3:PutObject, s3:DeleteObject on arn:aws:s3:::gold/p/* both in the role's IAM policy and in the bucket policy of account 777788889999 (Principal: the role ARN, or arn:…:iam::${GOV}:root with ArnEquals aws:PrincipalArn = the role).`,
  ]);
});

test('aws:PrincipalArn names another role, or the root of another account: an error', () => {
  const other = goodBucketStatements().map(s => (s.Condition?.ArnEquals ? { ...s, Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${GOV}:role/someone-else` } } } : s));
  expect(check(rule, dataPath({ bucketStatements: other }))[0].message).toContain('does not allow the role s3:ListBucket on arn:aws:s3:::gold;');
  const wrongAccount = goodBucketStatements().map(s => (s.Condition?.ArnEquals ? { ...s, Principal: { AWS: root('999999999999') } } : s));
  expect(check(rule, dataPath({ bucketStatements: wrongAccount }))).toHaveLength(1);
});

test('the registration role\'s IAM policy lacks ListBucket, or a Deny statement matches: errors saying which', () => {
  expect(check(rule, dataPath({ roleStatements: goodRoleStatements().slice(1) }))[0].message)
    .toContain("the registration role's IAM policies do not allow s3:ListBucket on arn:aws:s3:::gold. Every query");
  const deny = { Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::gold/*', Sid: 'NoDeletes' };
  expect(check(rule, dataPath({ bucketStatements: [...goodBucketStatements(), deny] }))[0].message)
    .toContain('Prod/GoldPolicy (NoDeletes) denies s3:DeleteObject on arn:aws:s3:::gold/p/*');
});

test('a role statement narrowed by a condition the doctor cannot evaluate is assumed to hold (no finding here; recorded for DM-32 assumed-conditions)', () => {
  const roleStatements = [statement(['s3:ListBucket', ...OBJECTS], ['arn:aws:s3:::gold', 'arn:aws:s3:::gold/*'], { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })];
  expect(check(rule, dataPath({ roleStatements: [...roleStatements, ...goodRoleStatements().slice(2)] }))).toEqual([]);
});

describe('judged per table location under the registration (Lake Formation vends credentials for the queried table\'s location)', () => {
  // D39: one registration on the whole gold bucket, the tables under <gold>/<product>/...
  const withTables = (bucketStatements: any[]) => {
    const stacks = dataPath({
      registration: registration('arn:aws:s3:::gold', getAtt('Reg'), {}, []),
      roleStatements: [
        statement('s3:ListBucket', 'arn:aws:s3:::gold'), statement(OBJECTS, 'arn:aws:s3:::gold/*'),
      ],
      bucketStatements,
    });
    Object.assign(stacks[0].template.Resources, {
      Db: database(GOV, 'sales'),
      T1: table(GOV, 'sales', 'orders', ['a'], { StorageDescriptor: { Location: 's3://gold/sales/orders/' } }),
      T2: table(GOV, 'sales', 'refunds', ['a'], { StorageDescriptor: { Location: 's3://gold/sales/refunds' } }),
    });
    return stacks;
  };
  const onProducts = (prefixes: string[]) => [
    forRole(GOV, 'reg', 's3:ListBucket', 'arn:aws:s3:::gold'),
    forRole(GOV, 'reg', OBJECTS, prefixes.map(p => `arn:aws:s3:::gold/${p}/*`)),
  ];

  test('the bucket policy allows the role on the tables\' prefixes only, not on the rest of the bucket: no finding (every table can be read)', () => {
    expect(check(rule, withTables(onProducts(['sales'])))).toEqual([]);
    expect(check(rule, withTables(onProducts(['sales/orders', 'sales/refunds'])))).toEqual([]);
  });

  test('a table outside the prefixes the bucket policy allows: an error naming that table only, on its own location', () => {
    expect(messages(check(rule, withTables(onProducts(['sales/orders']))))).toEqual([
      `Gov/Location: Lake Formation cannot read 1 of the 2 tables under location arn:aws:s3:::gold through arn:aws:iam::${GOV}:role/reg (it vends credentials for ` +
      'each table\'s own location): the bucket policy of Prod/GoldPolicy does not allow the role s3:GetObject, s3:PutObject, s3:DeleteObject on ' +
      'arn:aws:s3:::gold/sales/refunds/*. Every query of this table fails with AccessDenied: sales.refunds. ' +
      'Fix: allow s3:ListBucket on arn:…:s3:::gold (s3:prefix of each table\'s location) and s3:GetObject, s3:PutObject, s3:DeleteObject under each table\'s ' +
      `location both in the role's IAM policy and in the bucket policy of account 777788889999 (Principal: the role ARN, or arn:…:iam::${GOV}:root with ArnEquals aws:PrincipalArn = the role).`,
    ]);
  });

  test('s3:ListBucket narrowed by s3:prefix to the tables\' prefixes is enough; narrowed to another prefix names the tables', () => {
    const listFor = (prefix: string) => [
      {
        ...forRole(GOV, 'reg', 's3:ListBucket', 'arn:aws:s3:::gold'),
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${GOV}:role/reg` }, StringLike: { 's3:prefix': `${prefix}/*` },
        },
      },
      forRole(GOV, 'reg', OBJECTS, 'arn:aws:s3:::gold/sales/*'),
    ];
    expect(check(rule, withTables(listFor('sales')))).toEqual([]);
    const found = check(rule, withTables(listFor('hr')));
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('cannot read 2 of the 2 tables under location arn:aws:s3:::gold');
    expect(found[0].message).toContain('does not allow the role s3:ListBucket on arn:aws:s3:::gold.');
    expect(found[0].message).toContain('Every query of these tables fails with AccessDenied: sales.orders, sales.refunds.');
  });
});
