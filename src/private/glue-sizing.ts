/* Glue Spark batch job sizing checks, shared by GlueSparkStep and DataPipeline (its gate and publisher). */
import { Token } from 'aws-cdk-lib';
import { GlueWorkerType } from '../glue-worker-type';
import { ErrorScope, throwValidationError } from './errors';

/** The Glue versions of Spark batch jobs a job may use (older ones are end of support). */
const GLUE_VERSIONS = ['4.0', '5.0'];

/** How a Glue Spark batch job is sized (a step, a pipeline's gate and publisher). */
export interface GlueSizing {
  readonly glueVersion?: string;
  readonly workerType?: GlueWorkerType;
  readonly numberOfWorkers?: number;
}

/**
 * Refuses a Glue version other than 4.0/5.0, a worker type that is not a `GlueWorkerType` and a number of workers out
 * of 2..299, naming the prop (`prefix` + name, e.g. `publishSizing.workerType`) and the fix.
 */
export function checkGlueSizing(scope: ErrorScope, prefix: string, sizing: GlueSizing | undefined): void {
  if (sizing === undefined) return;
  const workerType = sizing.workerType;
  if (workerType !== undefined && !(workerType instanceof GlueWorkerType) && !GlueWorkerType._isGlueWorkerType(workerType)) {
    throwValidationError(scope, `${prefix}workerType '${typeof workerType === 'object' ? JSON.stringify(workerType) : workerType}' is not a GlueWorkerType: ` +
      "use GlueWorkerType.G_1X, G_2X, G_4X or G_8X (or GlueWorkerType.of('G.12X') for a type this version does not list).");
  }
  const workers = sizing.numberOfWorkers ?? 2;
  if (!Token.isUnresolved(workers) && (!Number.isInteger(workers) || workers < 2 || workers > 299)) {
    throwValidationError(scope, `${prefix}numberOfWorkers ${workers} is out of range: a Glue Spark job has 2 to 299 workers (one is the driver), ` +
      `e.g. ${prefix}numberOfWorkers: 2.`);
  }
  const version = sizing.glueVersion ?? '5.0';
  if (!GLUE_VERSIONS.includes(version)) {
    throwValidationError(scope, `${prefix}glueVersion '${version}' is not supported: use ${GLUE_VERSIONS.map(v => `'${v}'`).join(' or ')} ` +
      `(Glue Spark 3 versions in support), e.g. ${prefix}glueVersion: '5.0'.`);
  }
}

