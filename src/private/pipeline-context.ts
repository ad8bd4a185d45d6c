/*
 * What a `DataPipeline` gives each of its steps when it binds them (issue 16): the step's S3 locations, its own
 * least-privilege role, the Glue security configuration of the layer it writes, the producer's workgroup, and the
 * retry/timeout conventions. Steps (src/pipeline-step.ts) only describe; the pipeline owns the resources.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { MedallionLayer } from '../mesh';

/**
 * The transient errors of a `glue:startJobRun.sync` task: the optimized Glue integration reports throttling
 * ("Rate exceeded") as `Glue.AWSGlueException`, not `Glue.ThrottlingException` (AWS Knowledge Center
 * "glue-throttling-rate-exceeded"), so that is retried (with back-off, a bounded number of times) as well.
 */
export const GLUE_JOB_RUN_TRANSIENT = ['Glue.AWSGlueException', 'Glue.ConcurrentRunsExceededException', 'Glue.InternalServiceException',
  'Glue.OperationTimeoutException'];
/** The transient errors of an aws-sdk Glue task (`arn:aws:states:::aws-sdk:glue:*`), which name the SDK's exceptions. */
export const GLUE_API_TRANSIENT = ['Glue.ConcurrentRunsExceededException', 'Glue.ThrottlingException', 'Glue.InternalServiceException',
  'Glue.OperationTimeoutException'];

/** Where one step reads and writes (s3:// URIs with a trailing slash). */
export interface StepLocations {
  readonly inputPath: string;
  readonly outputPath: string;
  readonly rejectsPath: string;
  /**
   * For a step that writes gold: the candidate location of each contract table (the gate checks them before publishing),
   * as an ASL intrinsic of the run (`States.Format('s3://.../_candidate/{}/<table>/', $$.Execution.Name)`): each run
   * writes a prefix of its own. `outputPath` of such a step is the same location as a `JsonPath.format` token.
   */
  readonly candidatePaths: Record<string, string>;
  /** For a step that reads bronze from several batch sources: each source's landing prefix, by source name (`-` as `_`). */
  readonly inputPaths: Record<string, string>;
}

/** The tables an Athena statement reads and writes (names in the read and written layer's databases). */
export interface AthenaTables {
  readonly inputs: string[];
  /** Tables it inserts into (existing), or the one it creates (CTAS). Gold-writing steps: the contract's tables. */
  readonly outputs: string[];
  /** Whether the statement creates its output (CTAS: the creator owns the new table in Lake Formation). */
  readonly creates: boolean;
}

/** What a step needs from its pipeline to render itself. */
export interface PipelineStepContext {
  /** The scope the step's resources are created in (one per step, under the pipeline). */
  readonly scope: Construct;
  /** The step's Glue job name: `<mesh>-<domain>-<product>-<step>`. */
  readonly jobName: string;
  readonly locations: StepLocations;
  /** The layer the step's output lands in (gold-writing steps write silver candidates). */
  readonly outputLayer: MedallionLayer;
  /** The state machine's role. */
  readonly stateMachineRole: iam.IRole;
  readonly timeout: Duration;
  /** The metadata of the step's Glue job for the doctor (PIPELINE_METADATA_KEY). */
  readonly jobMetadata: Record<string, unknown>;
  /** A role of the step's own (trusted by `servicePrincipal`), with S3/KMS access to exactly the step's locations. */
  stepRole(servicePrincipal: string): iam.Role;
  /** Grants an existing principal (a Lambda function's role) the step's S3/KMS access. */
  grantStepStorage(grantee: iam.IGrantable): void;
  /** The Glue security configuration (S3, CloudWatch logs and job bookmarks encrypted with KMS) for jobs writing `layer`. */
  securityConfiguration(layer: MedallionLayer): string;
  /** The log groups Glue writes for the role's job with `securityConfiguration` (private/glue-job.ts), and the pipeline key. */
  grantGlueLogs(role: iam.Role, securityConfiguration: string): void;
  /** The producer-pipeline Athena workgroup (created on first use) and the state machine role's access to it and the step's data. */
  athenaWorkGroup(reads: MedallionLayer, writes: MedallionLayer, tables: AthenaTables): string;
  /** Records a wildcard resource of a role's policy with the reason it cannot be narrowed (its cdk-nag IAM5 suppression). */
  explainWildcard(role: iam.IRole, resource: string, reason: string): void;
  /** Retries with back-off on `errors` (the service's transient errors) and the task's timeout. */
  withRetries<T extends sfn.TaskStateBase | sfn.CustomState>(task: T, errors: string[]): T;
}

/**
 * A `glue:startJobRun.sync` task with a state-level timeout (`TimeoutSeconds`) as well as the job run's own: aws-cdk-lib's
 * GlueStartJobRun renders its `taskTimeout` as the run's `Timeout` parameter only, so a run that never starts (no
 * capacity) would hold the state forever. The state machine role may run, poll and stop this job only.
 */
export function glueJobRunState(scope: Construct, id: string, jobName: string, timeout: Duration, stateMachineRole: iam.IRole,
  runArguments?: Record<string, string>): sfn.CustomState {
  const stack = Stack.of(scope);
  stateMachineRole.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['glue:BatchStopJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:StartJobRun'],
    resources: [stack.formatArn({ service: 'glue', resource: 'job', resourceName: jobName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
  }));
  return new sfn.CustomState(scope, id, {
    stateJson: {
      Type: 'Task',
      Resource: `arn:${stack.partition}:states:::glue:startJobRun.sync`,
      Parameters: { JobName: jobName, ...(runArguments && Object.keys(runArguments).length > 0 ? { Arguments: runArguments } : {}) },
      TimeoutSeconds: timeout.toSeconds(),
      ResultPath: null,
    },
  });
}
