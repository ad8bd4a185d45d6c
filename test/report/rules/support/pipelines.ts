/* A pipeline Glue job as DataPipeline writes it (metadata 'cdk-data-mesh:pipeline'), for the DM-49..DM-51 rule tests. */
import { OWNER } from './templates';

export const GOLD_BUCKET = `mesh-sales-gold-${OWNER}-eu-west-1`;

type Write = { database: string; table: string; location: string };

export const pipelineJob = (roleRef: any, writes: Write[], args: Record<string, string> = {}) => ({
  Type: 'AWS::Glue::Job',
  Metadata: { 'cdk-data-mesh:pipeline': { product: 'orders', domain: 'sales', goldBucket: GOLD_BUCKET, writes } },
  Properties: {
    Name: 'mesh-sales-orders-publish',
    Role: roleRef,
    Command: { Name: 'glueetl', ScriptLocation: 's3://assets/publish.py' },
    DefaultArguments: args,
  },
});

export const goldWrite = { database: 'mesh_sales_gold', table: 'orders', location: `s3://${GOLD_BUCKET}/orders/orders/` };
