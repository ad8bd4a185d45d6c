/*
 * An owner account with database `sales` (tables t: c1..c3, u: u1), tagged `domain=sales` with columns
 * tagged `level`, and a consumer account with a link `sales_link`: what the DM-22/DM-30 tests share.
 */
import {
  association, catalog, CONSUMER, databaseLink, grant, lfTag, onTags, OWNER, roleArn, settings, stack, Resources,
} from './templates';
import type { StackTemplate } from '../../../../src/report/stack-template';

export const ANALYST = roleArn(CONSUMER, 'analyst');

export function owner(extra: Resources = {}): StackTemplate {
  return catalog(OWNER, {
    Domain: lfTag(OWNER, 'domain', ['sales'], ['Settings']),
    Level: lfTag(OWNER, 'level', ['low', 'high'], ['Settings']),
    DbTag: association({ Database: { CatalogId: OWNER, Name: 'sales' } }, [[OWNER, 'domain', ['sales']]], ['Db', 'Domain']),
    Low: association({ TableWithColumns: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't', ColumnNames: ['c1', 'c2'] } }, [[OWNER, 'level', ['low']]], ['T', 'Level']),
    High: association({ TableWithColumns: { CatalogId: OWNER, DatabaseName: 'sales', Name: 't', ColumnNames: ['c3'] } }, [[OWNER, 'level', ['high']]], ['T', 'Level']),
    ...extra,
  });
}

/** The account-level share: DATABASE DESCRIBE on domain=sales, TABLE SELECT on domain=sales AND level=low, with grant option. */
export const shareByTags = (level: string[] = ['low']) => ({
  ShareDb: grant(CONSUMER, onTags(OWNER, { domain: ['sales'] }, 'DATABASE'), ['DESCRIBE'], ['DESCRIBE'], ['DbTag']),
  ShareTables: grant(CONSUMER, onTags(OWNER, { domain: ['sales'], level }), ['SELECT', 'DESCRIBE'], ['SELECT', 'DESCRIBE'], ['ShareDb', 'Low', 'High']),
});

export function consumer(extra: Resources = {}): StackTemplate {
  return stack(CONSUMER, {
    Settings: settings([roleArn(CONSUMER, 'deployer')]),
    Link: databaseLink(CONSUMER, 'sales_link', OWNER, 'sales', ['Settings']),
    ...extra,
  }, { deploymentRoleArn: roleArn(CONSUMER, 'deployer') });
}
