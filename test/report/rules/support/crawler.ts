/* A governance account whose crawler crawls prefix `p/` of bucket `data`, registered with Lake Formation. */
import { getAtt, grant, registration, role, stack, statement } from './templates';
import type { StackTemplate } from '../../../../src/report/stack-template';

export const GOV = '111122223333';

export interface CrawlerOptions { crawler?: any; roleStatements?: any[]; grants?: Record<string, any>; registrationAccount?: string }

export function crawlerStack(o: CrawlerOptions = {}): StackTemplate[] {
  const crawlerRole = `arn:aws:iam::${GOV}:role/crawler`;
  const resources: Record<string, any> = {
    CrawlerRole: role('crawler', o.roleStatements ?? [statement('lakeformation:GetDataAccess', '*')]),
    Crawler: {
      Type: 'AWS::Glue::Crawler',
      Properties: {
        Name: 'c',
        Role: getAtt('CrawlerRole'),
        DatabaseName: 'sales',
        Targets: { S3Targets: [{ Path: 's3://data/p/' }] },
        LakeFormationConfiguration: { UseLakeFormationCredentials: true },
        ...(o.crawler ?? {}),
      },
      DependsOn: Object.keys(o.grants ?? {}),
    },
    ...(o.grants ?? {
      Db: grant(crawlerRole, { Database: { CatalogId: GOV, Name: 'sales' } }, ['CREATE_TABLE', 'DESCRIBE', 'ALTER']),
      Loc: grant(crawlerRole, { DataLocation: { CatalogId: GOV, ResourceArn: 'arn:aws:s3:::data/p' } }, ['DATA_LOCATION_ACCESS']),
    }),
  };
  if (!o.grants) resources.Crawler.DependsOn = ['Db', 'Loc'];
  const account = o.registrationAccount ?? GOV;
  const reg = { RegRole: role('reg'), Reg: registration('arn:aws:s3:::data/p', getAtt('RegRole')) };
  return account === GOV
    ? [stack(GOV, { ...resources, ...reg })]
    : [stack(GOV, resources), stack(account, reg, { stackName: 'Registrar' })];
}
