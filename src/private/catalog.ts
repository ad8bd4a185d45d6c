/*
 * The Glue Data Catalog as IAM sees it: ARNs of its resources and the action lists the mesh grants,
 * each named by what it is for (the lists differ on purpose: see each).
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Where a catalog ARN points when not the stack's own account and region. */
export interface CatalogArnOptions {
  /** @default the stack's account */
  readonly account?: string;
  /** @default the stack's region */
  readonly region?: string;
}

/** The ARN of a Glue catalog resource: `catalog`, `database/<db>`, `table/<db>/<table>`, `job/<name>`, ... */
export function glueArn(scope: IConstruct, resource: string, resourceName?: string, options: CatalogArnOptions = {}): string {
  return Stack.of(scope).formatArn({
    service: 'glue', account: options.account, region: options.region, resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** Reading table definitions and partitions (governance admins, producer roles, crawlers). */
export const GLUE_CATALOG_READ = ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetPartition', 'glue:GetPartitions', 'glue:GetTable', 'glue:GetTables'];

/**
 * The Glue reads of an Athena query (DM-32): the catalog reads, BatchGetPartition (Athena reads the
 * partitions of partitioned tables with it) and SearchTables (the data analyst persona's catalog search,
 * LF-DG "Lake Formation personas and IAM permissions reference"). All support catalog, database and table resources.
 */
export const GLUE_QUERY_READ = ['glue:BatchGetPartition', 'glue:GetDatabase', 'glue:GetDatabases', 'glue:GetPartition', 'glue:GetPartitions',
  'glue:GetTable', 'glue:GetTables', 'glue:SearchTables'];
