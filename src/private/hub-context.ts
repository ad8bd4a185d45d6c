/*
 * What a GovernanceHub gives the constructs of its stack that build on it (its DataProducts and the
 * DataProductShares): the stack's Lake Formation settings and grants, the registered location of each
 * product and the crawlers' logging. A narrow interface instead of a list of `_` members on the hub.
 */
import * as glue from 'aws-cdk-lib/aws-glue';
import * as lf from 'aws-cdk-lib/aws-lakeformation';
import { IConstruct } from 'constructs';
import { LakeFormationGrants, LakeFormationSettings } from './lake-formation';
import type { OwnerShard } from './shards';

/** The shard of a data product (issue 13): where its resources live (the hub's stand-in there is the product's scope). */
export type HubShard = OwnerShard;

export interface HubContext {
  /** The governance stack's one DataLakeSettings (DM-01, DM-40). */
  readonly settings: LakeFormationSettings;
  /** The governance stack's grants, merged and chained (DM-24, DM-25). */
  readonly grants: LakeFormationGrants;
  /** The registered location that holds a data product: its producer's gold bucket (DM-14). */
  registration(product: string): lf.CfnResource;
  /** The shard of a data product (created on first use). */
  shard(product: string): HubShard;
  /** The log groups of Glue crawlers in the governance account (`/aws-glue/crawlers*`). */
  crawlerLogGroupsArn(): string;
  /** The Glue security configuration of the hub's crawlers (created with the first crawler; crawlers name it by its `name`). */
  crawlerSecurityConfiguration(): glue.CfnSecurityConfiguration;
}

/**
 * Kept on the hub under a `Symbol.for` key, not in a module-level map: `GovernanceHub.isGovernanceHub` accepts
 * a hub built by another installed copy of the library, and that copy's context must be found too (D32).
 */
const HUB_CONTEXT = Symbol.for('cdk-data-mesh.HubContext');

/** Called by the hub's constructor. */
export function provideHubContext(hub: IConstruct, context: HubContext): void {
  Object.defineProperty(hub, HUB_CONTEXT, { value: context });
}

/** The context of a hub (built by any copy of the library). */
export function hubContext(hub: IConstruct): HubContext {
  const context: HubContext | undefined = (hub as any)[HUB_CONTEXT];
  if (!context) throw new Error(`internal: '${hub.node.path}' is not a GovernanceHub of cdk-data-mesh`);
  return context;
}
