/*
 * The steps of a producer pipeline (issue 16): plain descriptions, jsii-friendly classes of one base (no unions).
 * Each says which medallion layer it reads and which it writes; the `DataPipeline` binds them to its roles,
 * locations and state machine. Heavy work runs on Glue Spark or Athena; a Lambda step is for small glue code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { GlueWorkerType } from './glue-worker-type';
import { MedallionLayer } from './mesh';
import { ErrorScope, throwValidationError } from './private/errors';
import { checkGlueSizing } from './private/glue-sizing';
import { dependOnRolePolicy } from './private/lake-formation';
import { GLUE_JOB_RUN_TRANSIENT, glueJobRunState, PipelineStepContext } from './private/pipeline-context';
import { PIPELINE_METADATA_KEY } from './report/stack-metadata';

/** What every step declares. */
export interface PipelineStepOptions {
  /** The step's name: lower-case letters, digits and hyphens (at most 32), unique in its pipeline, e.g. `clean`. */
  readonly name: string;
  /** The layer the step reads (bronze, silver or gold). */
  readonly reads: MedallionLayer;
  /**
   * The layer the step writes: the layer it reads or the one above (never bronze: raw data is the sources'). A step
   * that writes gold writes a candidate that the pipeline's data-quality gate checks before it publishes it to gold.
   */
  readonly writes: MedallionLayer;
  /**
   * How long the step may run before the pipeline fails it.
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
}

const LAYER_ORDER: MedallionLayer[] = [MedallionLayer.BRONZE, MedallionLayer.SILVER, MedallionLayer.GOLD];
const STEP_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const ATHENA_TRANSIENT = ['Athena.TooManyRequestsException', 'Athena.InternalServerException'];
const LAMBDA_TRANSIENT = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

/**
 * One step of a `DataPipeline`: a `GlueSparkStep`, an `AthenaSqlStep` or a `LambdaStep`.
 *
 * @example
 * const steps: PipelineStep[] = [
 *   new GlueSparkStep({ name: 'clean', reads: MedallionLayer.BRONZE, writes: MedallionLayer.SILVER, script: 'pipelines/glue_clean.py' }),
 *   new AthenaSqlStep({
 *     name: 'score', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD,
 *     queryString: 'INSERT INTO bank_insurance_silver.life_expectancy_policyholder_life_expectancy_candidate ' +
 *       'SELECT policy_id, customer_name, age, life_expectancy FROM bank_insurance_silver.policyholders',
 *     inputTables: ['policyholders'],
 *   }),
 * ];
 */
export abstract class PipelineStep {
  /** The step's name. */
  public readonly name: string;
  /** The layer it reads. */
  public readonly reads: MedallionLayer;
  /** The layer it writes. */
  public readonly writes: MedallionLayer;
  /** How long it may run. */
  public readonly timeout: Duration;
  /** What kind of step this is, for messages (`GlueSparkStep`). */
  public readonly kind: string;

  protected constructor(kind: string, options: PipelineStepOptions) {
    const who = `${kind} '${options?.name}'`;
    if (!options || typeof options.name !== 'string' || !STEP_NAME.test(options.name)) {
      throwValidationError(who, `name '${options?.name}' is invalid: use lower-case letters, digits and hyphens, starting with a letter, at most 32 ` +
        "characters, e.g. name: 'clean'.");
    }
    for (const prop of ['reads', 'writes'] as const) {
      if (!LAYER_ORDER.includes(options[prop])) {
        throwValidationError(who, `${prop} '${options[prop]}' is not a medallion layer: use MedallionLayer.BRONZE, SILVER or GOLD.`);
      }
    }
    if (LAYER_ORDER.indexOf(options.reads) > LAYER_ORDER.indexOf(options.writes)) {
      throwValidationError(who, `reads '${options.reads}' is a layer above the one it writes ('${options.writes}'): data moves up the medallion ` +
        '(bronze -> silver -> gold), so a step reads the layer it writes or the one below. Swap reads and writes, or read a lower layer.');
    }
    if (options.writes === MedallionLayer.BRONZE) {
      throwValidationError(who, "writes 'bronze': bronze holds the raw data the sources deliver, which pipelines read and never rewrite. " +
        'Write silver (cleaned data) or gold (the data product) instead.');
    }
    if (options.reads === MedallionLayer.BRONZE && options.writes === MedallionLayer.GOLD) {
      throwValidationError(who, "reads 'bronze' and writes 'gold': a step moves data up one layer at most, so that the cleaned data is kept in silver. " +
        'Split it into a bronze -> silver step and a silver -> gold step.');
    }
    const timeout = options.timeout ?? Duration.hours(1);
    if (!timeout.isUnresolved() && (timeout.toSeconds() < 60 || timeout.toMinutes({ integral: false }) > 2880)) {
      throwValidationError(who, `timeout ${timeout.toHumanString()} is out of range: give a step from 1 minute to 48 hours (Glue's limit), e.g. Duration.hours(1).`);
    }
    this.kind = kind;
    this.name = options.name;
    this.reads = options.reads;
    this.writes = options.writes;
    this.timeout = timeout;
  }

  /** Creates the step's resources and its state (called once by its pipeline). @internal */
  public abstract _bind(context: PipelineStepContext): sfn.State & sfn.INextable;
}

/** Props of a `GlueSparkStep`. */
export interface GlueSparkStepProps extends PipelineStepOptions {
  /**
   * The local path of the job's PySpark script (uploaded as an asset). The job receives `--input_path`, `--output_path`
   * and `--rejects_path` (s3:// URIs of the product's prefixes) and, in a step that writes gold, `--output_path` is the
   * candidate location the gate checks (`--output_path_<table>` for each table of a product with several).
   */
  readonly script: string;
  /**
   * The Glue version: '4.0' (Spark 3.3) or '5.0' (Spark 3.5).
   * @default '5.0'
   */
  readonly glueVersion?: string;
  /**
   * The worker type (docs/pipelines.md says how to size).
   * @default GlueWorkerType.G_1X
   */
  readonly workerType?: GlueWorkerType;
  /**
   * The number of workers (2 to 299 for G types).
   * @default 2
   */
  readonly numberOfWorkers?: number;
  /**
   * Glue job bookmarks: process only data that arrived since the last successful run (encrypted with the pipeline's key).
   * Not on a step that writes gold: the publication replaces gold with the candidate, so gold would hold only the
   * latest delta (a synth error).
   * @default false
   */
  readonly jobBookmarks?: boolean;
  /**
   * Local Python modules the script imports (`--extra-py-files`), e.g. the plain-PySpark transformation it wraps.
   * @default - none
   */
  readonly extraPythonModules?: string[];
  /**
   * Local files the job reads from its working directory (`--extra-files`), e.g. small reference data.
   * @default - none
   */
  readonly extraFiles?: string[];
  /**
   * More job arguments (names start with `--`; not the ones the pipeline sets).
   * @default - none
   */
  readonly arguments?: Record<string, string>;
}

const RESERVED_ARGUMENTS = ['--input_path', '--output_path', '--rejects_path', '--job-bookmark-option', '--extra-py-files', '--extra-files',
  '--enable-continuous-cloudwatch-log', '--enable-metrics', '--job-language', '--TempDir'];

/**
 * A Glue Spark job (a PySpark script asset) as a pipeline step: run and waited for (`.sync`), retried with back-off on
 * Glue's transient errors, with its own role that reads only the layer below and writes only the product's prefixes.
 *
 * @example
 * const clean = new GlueSparkStep({
 *   name: 'clean', reads: MedallionLayer.BRONZE, writes: MedallionLayer.SILVER,
 *   script: 'pipelines/life-expectancy/glue_clean.py',
 *   extraPythonModules: ['pipelines/life-expectancy/life_expectancy.py'],
 *   workerType: GlueWorkerType.G_1X, numberOfWorkers: 2,
 * });
 */
export class GlueSparkStep extends PipelineStep {
  /** The script's local path. */
  public readonly script: string;
  /** The worker type. */
  public readonly workerType: GlueWorkerType;
  /** The number of workers. */
  public readonly numberOfWorkers: number;
  private readonly props: GlueSparkStepProps;

  constructor(props: GlueSparkStepProps) {
    super('GlueSparkStep', props);
    const who = `GlueSparkStep '${props.name}'`;
    checkLocalFile(who, 'script', props.script, '.py');
    (props.extraPythonModules ?? []).forEach((m, i) => checkLocalFile(who, `extraPythonModules[${i}]`, m, '.py'));
    (props.extraFiles ?? []).forEach((m, i) => checkLocalFile(who, `extraFiles[${i}]`, m));
    checkGlueSizing(who, '', props);
    if (props.jobBookmarks && props.writes === MedallionLayer.GOLD) {
      throwValidationError(who, 'jobBookmarks is true on a step that writes gold: the step would write only the data that arrived since the last run, ' +
        'and the publication replaces each gold table with its candidate, so gold would hold only the latest delta. Remove jobBookmarks here (the ' +
        'gold step reads all of silver), and use bookmarks only on silver steps whose output appends.');
    }
    for (const key of Object.keys(props.arguments ?? {})) {
      if (!key.startsWith('--')) throwValidationError(who, `arguments key '${key}' must start with '--' (Glue job arguments), e.g. '--${key}'.`);
      if (RESERVED_ARGUMENTS.includes(key)) {
        throwValidationError(who, `arguments sets '${key}', which the pipeline sets itself (reserved: ${RESERVED_ARGUMENTS.join(', ')}). Use another name.`);
      }
    }
    this.script = props.script;
    this.workerType = props.workerType ?? GlueWorkerType.G_1X;
    this.numberOfWorkers = props.numberOfWorkers ?? 2;
    this.props = props;
  }

  /** @internal */
  public _bind(context: PipelineStepContext): sfn.State & sfn.INextable {
    const { scope, locations } = context;
    const role = context.stepRole('glue.amazonaws.com');
    const asset = (id: string, file: string) => {
      const a = new s3assets.Asset(scope, id, { path: file });
      // The one object, not the assets bucket (aws-cdk-lib's grantRead uses action and resource wildcards).
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [a.bucket.arnForObjects(a.s3ObjectKey)] }));
      return a;
    };
    const script = asset('Script', this.script);
    const modules = (this.props.extraPythonModules ?? []).map((m, i) => asset(`Module${i}`, m));
    const files = (this.props.extraFiles ?? []).map((m, i) => asset(`File${i}`, m));
    const securityConfiguration = context.securityConfiguration(context.outputLayer);
    context.grantGlueLogs(role, securityConfiguration);
    const tables = Object.keys(locations.candidatePaths);
    // A gold-writing step's outputs are this run's candidate prefixes, passed at run time (`<name>.$` intrinsics).
    const outputs: Record<string, string> = tables.length === 0 ? { '--output_path': locations.outputPath } : {};
    const runArguments: Record<string, string> = tables.length === 0 ? {}
      : tables.length === 1 ? { '--output_path.$': locations.candidatePaths[tables[0]] }
        : Object.fromEntries(tables.map(t => [`--output_path_${t}.$`, locations.candidatePaths[t]]));
    const job = new glue.CfnJob(scope, 'Job', {
      name: context.jobName,
      description: `cdk-data-mesh pipeline step ${this.name}: ${this.reads} -> ${this.writes}`,
      role: role.roleArn,
      command: { name: 'glueetl', pythonVersion: '3', scriptLocation: script.s3ObjectUrl },
      glueVersion: this.props.glueVersion ?? '5.0',
      workerType: this.workerType.name,
      numberOfWorkers: this.numberOfWorkers,
      // One run at a time (the state machine serializes runs, DM-50's pipeline too); Step Functions retries, not Glue.
      executionProperty: { maxConcurrentRuns: 1 },
      maxRetries: 0,
      timeout: Math.max(1, Math.ceil(this.timeout.toMinutes({ integral: false }))),
      securityConfiguration,
      defaultArguments: {
        '--job-language': 'python',
        '--job-bookmark-option': this.props.jobBookmarks ? 'job-bookmark-enable' : 'job-bookmark-disable',
        '--enable-continuous-cloudwatch-log': 'true',
        '--enable-metrics': 'true',
        ...(modules.length > 0 ? { '--extra-py-files': modules.map(m => m.s3ObjectUrl).join(',') } : {}),
        ...(files.length > 0 ? { '--extra-files': files.map(m => m.s3ObjectUrl).join(',') } : {}),
        ...(Object.keys(locations.inputPaths).length > 0
          ? Object.fromEntries(Object.entries(locations.inputPaths).map(([n, p]) => [`--input_path_${n}`, p])) : { '--input_path': locations.inputPath }),
        ...outputs,
        '--rejects_path': locations.rejectsPath,
        ...(this.props.arguments ?? {}),
      },
    });
    job.addMetadata(PIPELINE_METADATA_KEY, context.jobMetadata);
    dependOnRolePolicy(job, role);
    const task = glueJobRunState(scope, `Step ${this.name}`, context.jobName, this.timeout, context.stateMachineRole, runArguments);
    task.node.addDependency(job);
    return context.withRetries(task, GLUE_JOB_RUN_TRANSIENT);
  }
}

/** Props of an `AthenaSqlStep`. */
export interface AthenaSqlStepProps extends PipelineStepOptions {
  /**
   * The statement: a `CREATE TABLE ... AS SELECT` or an `INSERT INTO ... SELECT` over the producer's layer databases
   * (`<mesh>_<domain>_<layer>`). It runs in the pipeline's Athena workgroup as the state machine's role.
   */
  readonly queryString: string;
  /**
   * The tables the statement reads, by name in the database of the layer the step reads (`<mesh>_<domain>_<reads>`):
   * the state machine's role gets DESCRIBE and SELECT on these tables only.
   */
  readonly inputTables: string[];
  /**
   * The tables the statement writes, by name in the database of the layer it writes: for INSERT INTO, existing tables
   * (the role gets ALTER, DELETE, DESCRIBE, INSERT, SELECT on them); for CTAS, the one table it creates (the role gets
   * CREATE_TABLE on the database and, as the creator, owns the new table). A step that writes gold writes the
   * contract's candidate tables (`<product>_<table>_candidate` in the silver database) and leaves this out.
   * @default - required unless the step writes gold
   */
  readonly outputTables?: string[];
}

/**
 * An Athena SQL statement (CTAS or INSERT INTO) as a pipeline step, run in the producer pipeline's workgroup
 * (results encrypted with the layer's key) and waited for.
 *
 * @example
 * const summary = new AthenaSqlStep({
 *   name: 'summary', reads: MedallionLayer.SILVER, writes: MedallionLayer.SILVER,
 *   queryString: 'INSERT INTO bank_insurance_silver.policy_counts SELECT country, count(*) FROM bank_insurance_silver.policyholders GROUP BY country',
 *   inputTables: ['policyholders'],
 *   outputTables: ['policy_counts'],
 * });
 */
export class AthenaSqlStep extends PipelineStep {
  /** The statement. */
  public readonly queryString: string;
  /** The tables it reads. */
  public readonly inputTables: string[];
  /** The tables it writes (empty for a gold-writing step: the pipeline's candidate tables). */
  public readonly outputTables: string[];
  private readonly creates: boolean;

  constructor(props: AthenaSqlStepProps) {
    super('AthenaSqlStep', props);
    const who = `AthenaSqlStep '${props.name}'`;
    const sql = typeof props.queryString === 'string' ? props.queryString.trim() : '';
    if (!/^(create\s+table\s[\s\S]+\sas\s|insert\s+into\s)/i.test(sql)) {
      throwValidationError(who, 'queryString must be a CREATE TABLE ... AS SELECT or an INSERT INTO ... SELECT statement, got ' +
        `'${sql.slice(0, 60)}'. Other statements (DROP, ALTER, SELECT) do not move data up the medallion.`);
    }
    this.creates = /^create\s/i.test(sql);
    const names = (prop: string, list: string[] | undefined): string[] => {
      if (!Array.isArray(list) || list.length === 0) {
        throwValidationError(who, `${prop} is required: the tables the statement ${prop === 'inputTables' ? 'reads' : 'writes'}, by name in the layer's ` +
          `database (the state machine's role gets table-level grants on these only), e.g. ${prop}: ['claims_raw'].`);
      }
      list.forEach((t, i) => {
        if (typeof t !== 'string' || !/^[a-z_][a-z0-9_]{0,127}$/.test(t)) {
          throwValidationError(who, `${prop}[${i}] '${t}' is not a Glue table name (lower-case letters, digits, underscores), e.g. 'claims_raw'.`);
        }
        if (!new RegExp(`\\b${t}\\b`, 'i').test(sql)) {
          throwValidationError(who, `${prop}[${i}] '${t}' does not occur in queryString: declare the tables the statement names, no others.`);
        }
      });
      return [...list];
    };
    this.inputTables = names('inputTables', props.inputTables);
    if (props.writes === MedallionLayer.GOLD) {
      if (props.outputTables !== undefined) {
        throwValidationError(who, 'outputTables is set on a step that writes gold: such a step inserts into the pipeline\'s candidate tables ' +
          '(<product>_<table>_candidate in the silver database), which the pipeline grants. Remove outputTables.');
      }
      if (this.creates) {
        throwValidationError(who, 'queryString is a CREATE TABLE ... AS SELECT on a step that writes gold: the gold candidates are tables of the pipeline. ' +
          'Write INSERT INTO <silver database>.<product>_<table>_candidate SELECT ...');
      }
      this.outputTables = [];
    } else {
      this.outputTables = names('outputTables', props.outputTables);
      if (this.creates && this.outputTables.length !== 1) {
        throwValidationError(who, `outputTables has ${this.outputTables.length} tables, but a CREATE TABLE ... AS SELECT creates one. Name that table only.`);
      }
    }
    this.queryString = sql;
  }

  /** @internal */
  public _bind(context: PipelineStepContext): sfn.State & sfn.INextable {
    const tables = { inputs: this.inputTables, outputs: this.outputTables, creates: this.creates };
    const workGroup = context.athenaWorkGroup(this.reads, this.writes, tables);
    const state = new sfn.CustomState(context.scope, `Step ${this.name}`, {
      stateJson: {
        Type: 'Task',
        Resource: `arn:${Stack.of(context.scope).partition}:states:::athena:startQueryExecution.sync`,
        Parameters: { QueryString: this.queryString, WorkGroup: workGroup },
        TimeoutSeconds: this.timeout.toSeconds(),
        ResultPath: null,
      },
    });
    return context.withRetries(state, ATHENA_TRANSIENT);
  }
}

/** Props of a `LambdaStep`. */
export interface LambdaStepProps extends PipelineStepOptions {
  /**
   * The function. It is invoked with `{ "input_path", "output_path", "rejects_path", "execution" }` and gets S3/KMS access to exactly
   * those prefixes (its role must be in the producer account).
   */
  readonly handler: lambda.IFunction;
}

/**
 * A Lambda function as a pipeline step, for small glue code (listing a manifest, calling an API); heavy work belongs
 * in a `GlueSparkStep` or an `AthenaSqlStep`.
 *
 * @example
 * // handler: a lambda.IFunction of the producer account
 * const manifest = new LambdaStep({ name: 'manifest', reads: MedallionLayer.SILVER, writes: MedallionLayer.SILVER, handler });
 */
export class LambdaStep extends PipelineStep {
  /** The function. */
  public readonly handler: lambda.IFunction;

  constructor(props: LambdaStepProps) {
    super('LambdaStep', props);
    if (!props.handler || typeof (props.handler as any).functionArn !== 'string') {
      throwValidationError(`LambdaStep '${props.name}'`, 'handler is required: the lambda.IFunction to invoke, e.g. handler: myFunction.');
    }
    this.handler = props.handler;
  }

  /** @internal */
  public _bind(context: PipelineStepContext): sfn.State & sfn.INextable {
    context.grantStepStorage(this.handler);
    const task = new tasks.LambdaInvoke(context.scope, 'Run', {
      stateName: `Step ${this.name}`,
      lambdaFunction: this.handler,
      payload: sfn.TaskInput.fromObject({
        ...(Object.keys(context.locations.inputPaths).length > 0
          ? { input_paths: context.locations.inputPaths } : { input_path: context.locations.inputPath }),
        output_path: context.locations.outputPath,
        rejects_path: context.locations.rejectsPath,
        execution: sfn.JsonPath.executionName,
      }),
      taskTimeout: sfn.Timeout.duration(this.timeout),
      retryOnServiceExceptions: false,
      resultPath: sfn.JsonPath.DISCARD,
    });
    context.explainWildcard(context.stateMachineRole, `${this.handler.functionArn}:*`,
      `aws-cdk-lib's LambdaInvoke lets the state machine invoke the versions and aliases of step ${this.name}'s function (<function ARN>:*), ` +
      'which the function may publish after deployment; the wildcard covers that one function.');
    return context.withRetries(task, LAMBDA_TRANSIENT);
  }
}

/** Refuses a local file that is missing (or of the wrong kind), naming the prop and the path. */
function checkLocalFile(scope: ErrorScope, prop: string, file: string, extension?: string): void {
  if (typeof file !== 'string' || file === '') {
    throwValidationError(scope, `${prop} is required: the local path of a file, e.g. ${prop}: 'pipelines/clean.py'.`);
  }
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    throwValidationError(scope, `${prop} '${file}' does not exist (resolved: ${path.resolve(file)}). Give the path of the file, relative to the ` +
      'directory cdk synth runs in, or an absolute path (e.g. path.join(__dirname, ...)).');
  }
  if (extension && !file.endsWith(extension)) {
    throwValidationError(scope, `${prop} '${file}' is not a ${extension} file. Glue runs Python scripts and modules: pass a ${extension} file.`);
  }
}
