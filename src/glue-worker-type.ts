/*
 * The worker types of a Glue Spark batch job (issue 16), as an enum-like class (aws-cdk-lib's glue-alpha
 * WorkerType does the same): the four standard G types, and `of()` for a type this version does not list yet.
 * G.025X (streaming jobs only) and Z.2X (Ray jobs only) are refused: a pipeline step is a Spark batch job.
 */
import type { Duration } from 'aws-cdk-lib';
import { throwValidationError } from './private/errors';

/** Worker types of the Glue ETL jobs that run for Spark batch jobs, and would fail at run time for a batch job. */
const NOT_FOR_SPARK_BATCH: Record<string, string> = {
  'G.025X': 'G.025X is for Glue streaming jobs only',
  'Z.2X': 'Z.2X is for Glue Ray jobs only',
};

/**
 * The worker type of a Glue Spark batch job (a `GlueSparkStep`, a pipeline's gate and publisher).
 *
 * @example
 * const score = new GlueSparkStep({
 *   name: 'score', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script: 'pipelines/glue_score.py',
 *   workerType: GlueWorkerType.G_2X, numberOfWorkers: 10,
 * });
 */
export class GlueWorkerType {
  /** 4 vCPU, 16 GB memory, 94 GB disk per worker: the default, for most transformations. */
  public static readonly G_1X = new GlueWorkerType('G.1X');
  /** 8 vCPU, 32 GB memory, 138 GB disk per worker: memory-hungry transformations (wide joins, ML). */
  public static readonly G_2X = new GlueWorkerType('G.2X');
  /** 16 vCPU, 64 GB memory, 256 GB disk per worker (Glue 3.0 or later, some regions). */
  public static readonly G_4X = new GlueWorkerType('G.4X');
  /** 32 vCPU, 128 GB memory, 512 GB disk per worker (Glue 3.0 or later, some regions). */
  public static readonly G_8X = new GlueWorkerType('G.8X');

  /**
   * A worker type this version does not list (a new Glue type), e.g. `GlueWorkerType.of('G.12X')`. Refuses the types
   * that cannot run a Spark batch job (G.025X: streaming only; Z.2X: Ray only) and names that are not Glue worker types.
   */
  public static of(workerType: string): GlueWorkerType {
    if (typeof workerType !== 'string' || !/^[A-Z]\.\d+X$/.test(workerType)) {
      throwValidationError(`GlueWorkerType.of('${workerType}')`, `workerType '${workerType}' is not a Glue worker type name (like 'G.1X'). ` +
        'Use GlueWorkerType.G_1X, G_2X, G_4X or G_8X, or of() with a Glue worker type name.');
    }
    const why = NOT_FOR_SPARK_BATCH[workerType];
    if (why) {
      throwValidationError(`GlueWorkerType.of('${workerType}')`, `workerType '${workerType}' cannot run a Spark batch job: ${why}. ` +
        'Use GlueWorkerType.G_1X (the default), G_2X, G_4X or G_8X.');
    }
    return new GlueWorkerType(workerType);
  }

  /** Whether `x` is a `GlueWorkerType` (of this or another copy of the library). @internal */
  public static _isGlueWorkerType(x: unknown): x is GlueWorkerType {
    return x !== null && typeof x === 'object' && typeof (x as any).name === 'string' && (x as any).__glueWorkerType === true;
  }

  /** The name Glue knows the type by, e.g. `G.1X`. */
  public readonly name: string;
  /** @internal */
  public readonly __glueWorkerType = true;

  private constructor(name: string) {
    this.name = name;
  }
}

/**
 * The size of one of a `DataPipeline`'s own Glue jobs (its data-quality gate, its publisher): a big product is one
 * configuration change.
 */
export interface GlueJobSizing {
  /**
   * The worker type (the publisher only: Glue Data Quality evaluation runs take a number of workers, not a type).
   * @default - the gold-writing step's, when it is a GlueSparkStep; else GlueWorkerType.G_1X
   */
  readonly workerType?: GlueWorkerType;
  /**
   * The number of workers (2 to 299).
   * @default - the gold-writing step's, when it is a GlueSparkStep; else 2
   */
  readonly numberOfWorkers?: number;
  /**
   * How long the job (the evaluation run of each table, or the publication) may run.
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
}
