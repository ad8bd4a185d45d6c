import { check, database, grant, onTable, OWNER, role, roleArn, stack, statement, table } from './support/templates';
import { rule } from '../../../src/report/rules/dm-60-firehose-schema-permissions';

const tableArn = `arn:aws:glue:eu-west-1:${OWNER}:table/raw/trades`;
const reads = statement(['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'], tableArn);

function delivery(statements: any[], options: { grant?: boolean; governed?: boolean } = {}) {
  return [stack(OWNER, {
    Db: database(OWNER, 'raw', options.governed === false ? {} : { CreateTableDefaultPermissions: [] }),
    Trades: table(OWNER, 'raw', 'trades', ['trade_id']),
    Role: role('delivery', statements),
    ...(options.grant === false ? {} : { Grant: grant(roleArn(OWNER, 'delivery'), onTable(OWNER, 'raw', 'trades'), ['DESCRIBE']) }),
    Delivery: {
      Type: 'AWS::KinesisFirehose::DeliveryStream',
      Properties: {
        ExtendedS3DestinationConfiguration: {
          BucketARN: 'arn:aws:s3:::raw-data',
          RoleARN: roleArn(OWNER, 'delivery'),
          DataFormatConversionConfiguration: {
            Enabled: true,
            SchemaConfiguration: { CatalogId: OWNER, DatabaseName: 'raw', TableName: 'trades', Region: 'eu-west-1', RoleARN: roleArn(OWNER, 'delivery'), VersionId: 'LATEST' },
          },
        },
      },
    },
  })];
}

test('the schema role reads the table in IAM and holds DESCRIBE in Lake Formation: nothing', () => {
  expect(check(rule, delivery([reads]))).toEqual([]);
});

test('without glue:GetTableVersions: an error naming the missing actions', () => {
  const findings = check(rule, delivery([statement(['glue:GetTable', 'glue:GetTableVersion'], tableArn)]));
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-60', 'error', 'Delivery']]);
  expect(findings[0].message).toContain('does not allow glue:GetTableVersions');
});

test('a governed database and no Lake Formation permission: an error; an IAMAllowedPrincipals database needs none', () => {
  expect(check(rule, delivery([reads], { grant: false }))[0].message).toContain('holds no Lake Formation permission on it');
  expect(check(rule, delivery([reads], { grant: false, governed: false }))).toEqual([]);
});
