import * as path from 'path';
import { ArnFormat, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lf from 'aws-cdk-lib/aws-lakeformation';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { IBatchSource } from './batch-source';
import { DataContract } from './data-contract';
import { DataProducer } from './data-producer';
import type { DataProduct } from './data-product';
import { GlueJobSizing, GlueWorkerType } from './glue-worker-type';
import { MedallionLayer } from './mesh';
import { GlueSparkStep, PipelineStep } from './pipeline-step';
import { glueArn, GLUE_CATALOG_READ } from './private/catalog';
import { checkSameColumns } from './private/contracts';
import { throwValidationError } from './private/errors';
import { glueSecurityConfiguration, grantGlueJobLogs } from './private/glue-job';
import { checkGlueSizing } from './private/glue-sizing';
import { dependOnRolePolicy, LakeFormationGrants, LakeFormationSettings } from './private/lake-formation';
import { MEDALLION_LAYERS } from './private/layers';
import { GET_DATA_ACCESS_REASON, suppressNag, suppressWildcards, Wildcard } from './private/nag';
import { AthenaTables, GLUE_API_TRANSIENT, GLUE_JOB_RUN_TRANSIENT, glueJobRunState, PipelineStepContext, StepLocations } from './private/pipeline-context';
import { objectCreatedPattern } from './private/s3-events';
import { checkSchedule } from './private/schedule';
import { grantPrefixStorage } from './private/storage-grants';
import { pascal } from './private/strings';
import { TABLE_FORMATS } from './private/table-formats';
import { listOf } from './private/validation';
import { QualityRule } from './quality-rule';
import { GATE_METADATA_KEY } from './report/product-metadata';
import { PIPELINE_METADATA_KEY } from './report/stack-metadata';
import { DataFormat, TableSchema } from './schema';

/** Props of a `DataPipeline`. */
export interface DataPipelineProps {
  /** The producer whose lake the pipeline runs in (a `DataProducer` of the same stack). */
  readonly producer: DataProducer;
  /**
   * The data contract of the product the pipeline publishes: its product (one of the producer's) and the tables the
   * pipeline writes to gold, column for column. Use the same contract in `hub.addDataProduct`.
   */
  readonly contract: DataContract;
  /** The steps, in order: at least one, the last that writes gold writes each table of the contract. */
  readonly steps: PipelineStep[];
  /**
   * The governance side's product, when governance and producer are one app: its declared tables must equal the
   * contract's (column names and types, in order), or synthesis fails naming the column.
   * @default - not compared (separate apps share the contract's JSON file instead)
   */
  readonly product?: DataProduct;
  /**
   * The prefix of the bronze bucket the pipeline reads (and whose new objects start it with `runOnNewBronzeObjects`).
   * @default - `<product>/`
   */
  readonly bronzePrefix?: string;
  /**
   * The batch sources (of this producer) whose files the pipeline reads, instead of `bronzePrefix`: the bronze-reading
   * steps read their landing prefixes (Glue: `--input_path` for one source, `--input_path_<source>` for each of several,
   * `-` written `_`; Lambda: `input_path` or `input_paths`), Athena steps their bronze tables (`inputTables`), and
   * `runOnNewBronzeObjects` starts a run on their `objectCreatedEventPattern`.
   * @default - none: the steps read `bronzePrefix`
   */
  readonly sources?: IBatchSource[];
  /**
   * Run on a schedule: an EventBridge schedule expression, `rate(<n> <unit>)` or `cron(<6 fields>)`.
   * @default - no schedule
   */
  readonly schedule?: string;
  /**
   * Run when new objects arrive under `bronzePrefix` (S3 -> EventBridge; the bronze bucket's EventBridge notifications
   * are turned on). Runs never overlap: a run that starts while another is running ends at once.
   * @default false
   */
  readonly runOnNewBronzeObjects?: boolean;
  /**
   * Key columns of each gold table (complete and unique in the gate), as `table.column` or, for a one-table contract, `column`.
   * @default - the first column of each table
   */
  readonly keyColumns?: string[];
  /**
   * More rules of the data-quality gate, on a one-table contract's table (allowed values, ranges, any DQDL).
   * @default - only the rules the contract implies
   */
  readonly qualityRules?: QualityRule[];
  /**
   * The size of the data-quality gate's evaluation runs (one per table): `numberOfWorkers` and `timeout` (no worker type).
   * @default - the gold-writing step's number of workers (a GlueSparkStep's; else 2), 1 hour
   */
  readonly gateSizing?: GlueJobSizing;
  /**
   * The size of the job that publishes the checked candidates to gold.
   * @default - the gold-writing step's worker type and number (a GlueSparkStep's; else G.1X x 2), 1 hour
   */
  readonly publishSizing?: GlueJobSizing;
  /**
   * How long one run may take in all.
   * @default Duration.hours(6)
   */
  readonly timeout?: Duration;
  /**
   * How long the state machine's logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the pipeline's key, logs and table definitions when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

const LAYER_ORDER = MEDALLION_LAYERS;
const PARQUET = TABLE_FORMATS[DataFormat.PARQUET];
/** What a writer of a table needs in Lake Formation: a full-table grant, never one by a partial column match (DM-37). */
const TABLE_WRITE = ['ALTER', 'DELETE', 'DESCRIBE', 'INSERT', 'SELECT'];
/** The library's own Glue script that publishes checked candidates to gold (shipped in the package, next to lib/). */
const PUBLISH_SCRIPT = path.join(__dirname, '..', 'glue-scripts', 'publish_gold.py');

/** Marks a `DataPipeline` (`DataPipeline.isDataPipeline`). */
const DATA_PIPELINE_MARKER = Symbol.for('cdk-data-mesh.DataPipeline');


/**
 * A producer's serverless pipeline for one data product, bronze -> silver -> gold, on Step Functions with AWS Glue
 * Spark (and Athena) doing the work: the user's steps, then a Glue Data Quality gate on the gold candidates
 * (rules generated from the data contract plus the user's), then the publication of the checked candidates to the
 * product's gold prefix. Gold is untouched when a step or the gate fails; the failure is published as an
 * EventBridge event and to an encrypted SNS topic, and an alarm fires. Each step runs with a role of its own that
 * reads only its input prefix and writes only its output prefixes (S3 and KMS), and the writers of the gold and
 * candidate tables get full-table Lake Formation grants (DM-37).
 *
 * @example
 * const contract = DataContract.fromJson(contractJson);
 * new DataPipeline(insurance, 'LifeExpectancyPipeline', {
 *   producer: lake,
 *   contract,
 *   steps: [
 *     new GlueSparkStep({ name: 'clean', reads: MedallionLayer.BRONZE, writes: MedallionLayer.SILVER, script: 'pipelines/glue_clean.py' }),
 *     new GlueSparkStep({ name: 'score', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script: 'pipelines/glue_score.py' }),
 *   ],
 *   schedule: 'cron(0 3 * * ? *)',
 *   runOnNewBronzeObjects: true,
 *   qualityRules: [QualityRule.between('age', 18, 110)],
 * });
 */
export class DataPipeline extends Construct {
  /** Whether `x` is a `DataPipeline`, of this or any other copy of the library. */
  public static isDataPipeline(x: any): x is DataPipeline {
    return x !== null && typeof x === 'object' && DATA_PIPELINE_MARKER in x;
  }

  /** The product the pipeline publishes. */
  public readonly productName: string;
  /** The state machine (start it by hand with `grantStartExecution`, or let the triggers do it). */
  public readonly stateMachine: sfn.StateMachine;
  /** The encrypted SNS topic that failed runs and the alarms notify. */
  public readonly failureTopic: sns.ITopic;
  /** The KMS key of the pipeline's logs, topic and Glue bookmarks. */
  public readonly key: kms.IKey;
  /** The alarm on failed runs. */
  public readonly failedRunsAlarm: cloudwatch.IAlarm;
  /** The role of each step, by step name (Glue steps; Athena steps run as the state machine's role, Lambda steps as their function's). */
  public readonly stepRoles: Record<string, iam.IRole> = {};
  /** The role of the data-quality gate's evaluation runs. */
  public readonly qualityRole: iam.IRole;
  /** The role of the job that publishes checked candidates to gold: the only role of the pipeline that writes gold. */
  public readonly publishRole: iam.IRole;
  /** The names of the Glue Data Quality rulesets of the gate, by table. */
  public readonly rulesetNames: Record<string, string> = {};

  private readonly producer: DataProducer;
  private readonly contract: DataContract;
  private readonly baseName: string;
  private readonly grants: LakeFormationGrants;
  private readonly securityConfigurations = new Map<MedallionLayer, glue.CfnSecurityConfiguration>();
  private readonly candidateTables = new Map<string, glue.CfnTable>();
  private readonly goldTables = new Map<string, glue.CfnTable>();
  private readonly smRole: iam.Role;
  private readonly wildcards = new Map<iam.IRole, Wildcard[]>();
  private workGroupName?: string;
  private readonly dataAccess = new Set<iam.IRole>();

  constructor(scope: Construct, id: string, props: DataPipelineProps) {
    super(scope, id);
    Object.defineProperty(this, DATA_PIPELINE_MARKER, { value: true });
    const { producer, contract } = props;
    if (!producer || typeof (producer as any)._database !== 'function') {
      throwValidationError(this, 'producer is required: the DataProducer (of this stack) whose lake the pipeline runs in.');
    }
    if (Stack.of(producer) !== Stack.of(this)) {
      throwValidationError(this, `producer '${producer.node.path}' is in stack '${Stack.of(producer).stackName}', not in this pipeline's stack ` +
        `'${Stack.of(this).stackName}'. Create the pipeline in the producer's stack: its roles, tables and grants live in the producer account.`);
    }
    if (!DataContract.isDataContract(contract)) {
      throwValidationError(this, 'contract is required: the DataContract of the product the pipeline publishes (DataContract.fromJson or new DataContract).');
    }
    const mesh = producer.mesh;
    const product = contract.product;
    if (!mesh.products.includes(product)) {
      throwValidationError(this, `contract.product '${product}' is not a data product of mesh '${mesh.name}' (products: ${listOf(mesh.products)}). ` +
        `Use one of producer '${producer.domain}''s products (${listOf(mesh.producer(producer.domain).products)}), or add it to the mesh description.`);
    }
    const owner = mesh.producerOf(product).domain;
    if (owner !== producer.domain) {
      throwValidationError(this, `contract.product '${product}' is a product of producer '${owner}', not of '${producer.domain}': a pipeline publishes ` +
        `its own producer's products only. Build it in producer '${owner}''s stack, or use one of ${listOf(mesh.producer(producer.domain).products)}.`);
    }
    contract.tables.forEach((t, i) => {
      if ((t.format ?? DataFormat.PARQUET) !== DataFormat.PARQUET) {
        throwValidationError(this, `contract.tables[${i}] '${t.name}' has format '${t.format}': a pipeline publishes Parquet. Declare format: DataFormat.PARQUET (the default).`);
      }
      if (t.partitionKeys && t.partitionKeys.length > 0) {
        throwValidationError(this, `contract.tables[${i}] '${t.name}' is partitioned: pipelines publish unpartitioned tables for now. Remove partitionKeys, or publish with your own step.`);
      }
      if (t.location !== undefined) {
        throwValidationError(this, `contract.tables[${i}] '${t.name}' sets location '${t.location}': a pipeline publishes each table at its default location ` +
          `(${mesh.productLocation(product)}${t.name}/). Remove location.`);
      }
    });
    if (props.product !== undefined) {
      if (props.product.productName !== product) {
        throwValidationError(this, `product is '${props.product.productName}' but contract.product is '${product}'. Pass the governance product of the contract.`);
      }
      checkSameColumns(this, { product, tables: props.product._schemas, source: `the governance product '${product}' (hub.addDataProduct)` },
        { tables: contract.tables, source: "the pipeline's contract" });
    }
    this.checkSteps(props.steps);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const sources = this.checkSources(props);
    const bronzePrefix = props.bronzePrefix ?? (sources.length > 0 ? sources[0].prefix : `${product}/`);
    if (typeof bronzePrefix !== 'string' || !/^([A-Za-z0-9!_.*'()-]+\/)+$/.test(bronzePrefix)) {
      throwValidationError(this, `bronzePrefix '${bronzePrefix}' is invalid: give an S3 key prefix of safe characters ending with '/', without a leading ` +
        `'/', e.g. '${product}/'.`);
    }
    if (props.schedule !== undefined) checkSchedule(this, 'schedule', props.schedule);
    const timeout = props.timeout ?? Duration.hours(6);
    const { gate: gateSizing, publish: publishSizing } = this.sizingOf(props);

    this.producer = producer;
    this.contract = contract;
    this.productName = product;
    this.baseName = `${mesh.name}-${producer.domain}-${product.replace(/_/g, '-')}`;
    if (this.baseName.length > 64) {
      throwValidationError(this, `the pipeline's name '${this.baseName}' (<mesh>-<domain>-<product>) is ${this.baseName.length} characters; state machine and ` +
        'Glue names built from it allow 64 here. Shorten the mesh, domain or product name.');
    }
    const stack = Stack.of(this);
    const settings = LakeFormationSettings.of(this, { requester: this, crossAccountVersion: mesh.crossAccountVersion });
    this.grants = LakeFormationGrants.of(this, settings);

    // The pipeline's key: state machine logs, the failure topic, Glue's CloudWatch logs and job bookmarks.
    const key = new kms.Key(this, 'Key', {
      description: `cdk-data-mesh ${this.baseName}: pipeline logs, notifications and Glue bookmarks`,
      enableKeyRotation: true,
      removalPolicy,
    });
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchLogs',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsToSns',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
    this.key = key;

    const topic = new sns.Topic(this, 'Failures', {
      displayName: `cdk-data-mesh ${this.baseName} failed runs`,
      masterKey: key,
      enforceSSL: true,
    });
    this.failureTopic = topic;

    this.smRole = new iam.Role(this, 'StateMachineRole', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': stack.account } }),
      description: `cdk-data-mesh ${this.baseName}: the pipeline's state machine`,
    });

    // Catalog: the producer-local gold table of each contract table, and the candidate the gate checks (silver).
    const silverDb = producer.databaseName(MedallionLayer.SILVER);
    const goldDb = producer.databaseName(MedallionLayer.GOLD);
    for (const table of contract.tables) {
      const T = pascal(table.name);
      this.goldTables.set(table.name, this.table(`GoldTable${T}`, goldDb, table.name, this.goldLocation(table.name), table, MedallionLayer.GOLD, removalPolicy));
      this.candidateTables.set(table.name, this.table(`CandidateTable${T}`, silverDb, this.candidateTableName(table.name), this.candidateLocation(table.name),
        table, MedallionLayer.SILVER, removalPolicy));
    }

    // Steps.
    let chain: sfn.Chain | undefined;
    const add = (fragment: sfn.IChainable) => {
      chain = chain ? chain.next(fragment) : sfn.Chain.start(fragment);
    };
    add(this.pointCandidatesAtRun());
    let silverOutput: string | undefined;
    props.steps.forEach(step => {
      const locations = this.locations(step, bronzePrefix, silverOutput, sources);
      if (step.writes === MedallionLayer.SILVER) silverOutput = locations.outputPath;
      add(step._bind(this.stepContext(step, locations)));
    });

    // The data-quality gate: one Glue Data Quality ruleset per table, evaluated on its candidate.
    const quality = new Construct(this, 'Quality');
    const qualityRole = new iam.Role(quality, 'Role', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: `cdk-data-mesh ${this.baseName}: Glue Data Quality evaluation of the gold candidates`,
    });
    this.qualityRole = qualityRole;
    const keyColumns = this.keyColumnsOf(props.keyColumns);
    const userRules = props.qualityRules ?? [];
    if (userRules.length > 0 && contract.tables.length > 1) {
      throwValidationError(this, `qualityRules apply to a one-table contract; this one has ${contract.tables.length} tables (${listOf(contract.tableNames)}). ` +
        'Express per-table rules with QualityRule.dqdl in a ruleset of your own, or split the product.');
    }
    userRules.forEach((r, i) => {
      if (!(r instanceof QualityRule) && typeof (r as any)?.expression !== 'string') throwValidationError(this, `qualityRules[${i}] is not a QualityRule.`);
      const table = contract.tables[0];
      if (r.column && !table.columns.some(c => c.name === r.column)) {
        throwValidationError(this, `qualityRules[${i}] checks column '${r.column}', which table '${table.name}' does not declare (columns: ` +
          `${listOf(table.columns.map(c => c.name))}). Fix the column name.`);
      }
    });
    const resultsPrefix = `${this.silverBase()}_quality/`;
    this.grantPrefix(qualityRole, MedallionLayer.SILVER, `${product}/_candidate/`, 'read');
    this.grantPrefix(qualityRole, MedallionLayer.SILVER, `${product}/_quality/`, 'write');
    const rulesetArns: string[] = [];
    for (const table of contract.tables) {
      const T = pascal(table.name);
      const name = `${this.baseName}-${table.name.replace(/_/g, '-')}`;
      const rules = [
        `ColumnCount = ${table.columns.length}`,
        ...table.columns.map(c => `ColumnExists "${c.name}"`),
        ...keyColumns[table.name].flatMap(c => [`IsComplete "${c}"`, `IsUnique "${c}"`]),
        'RowCount > 0',
        // The contract's own rules (issue 18: the same the product's catalog entry and ODCS contract state), then the pipeline's.
        ...(table.qualityRules ?? []).map(r => r.expression),
        ...(table === contract.tables[0] ? userRules.map(r => r.expression) : []),
      ];
      const ruleset = new glue.CfnDataQualityRuleset(quality, `Ruleset${T}`, {
        name,
        description: `cdk-data-mesh ${this.baseName}: the gate before gold of table ${table.name} (generated from the data contract)`,
        ruleset: `Rules = [\n  ${rules.join(',\n  ')}\n]`,
        targetTable: { databaseName: silverDb, tableName: this.candidateTableName(table.name) },
      });
      ruleset.node.addDependency(this.candidateTables.get(table.name)!);
      // The product table it gates, so that the doctor can check that it runs the rules the catalog's contract states (DM-46).
      ruleset.addMetadata(GATE_METADATA_KEY, { product, table: table.name });
      this.rulesetNames[table.name] = name;
      rulesetArns.push(glueArn(this, 'dataQualityRuleset', name));
      this.lfGrant(qualityRole, ['DESCRIBE'], { database: { catalogId: stack.account, name: silverDb } }, producer._database(MedallionLayer.SILVER));
      this.lfGrant(qualityRole, ['DESCRIBE', 'SELECT'],
        { table: { catalogId: stack.account, databaseName: silverDb, name: this.candidateTableName(table.name) } },
        this.candidateTables.get(table.name)!);
    }
    qualityRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'QualityCatalog',
      actions: GLUE_CATALOG_READ,
      resources: [glueArn(this, 'catalog'), glueArn(this, 'database', silverDb),
        ...contract.tables.map(t => glueArn(this, 'table', `${silverDb}/${this.candidateTableName(t.name)}`))],
    }));
    qualityRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'QualityRulesets',
      actions: ['glue:GetDataQualityRuleset', 'glue:PublishDataQuality'],
      resources: rulesetArns,
    }));
    this.grantQualityLogsTo(qualityRole);

    this.smRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'PassQualityRole',
      actions: ['iam:PassRole'],
      resources: [qualityRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'glue.amazonaws.com' } },
    }));
    // The data contract, before the gate: every file of each candidate against the contract's columns and types (the
    // gate's DQDL checks column names only), its verdict next to the gate's results; a violation fails the run here.
    const contractCheck = new Construct(this, 'ContractCheck');
    const checkRole = new iam.Role(contractCheck, 'Role', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: `cdk-data-mesh ${this.baseName}: checks the gold candidates against the data contract`,
    });
    this.grantPrefix(checkRole, MedallionLayer.SILVER, `${product}/_candidate/`, 'read');
    this.grantPrefix(checkRole, MedallionLayer.SILVER, `${product}/_quality/`, 'write');
    this.grantGlueLogsTo(checkRole, this.securityConfiguration(MedallionLayer.SILVER));
    const checkScript = new s3assets.Asset(contractCheck, 'Script', { path: PUBLISH_SCRIPT });
    checkRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [checkScript.bucket.arnForObjects(checkScript.s3ObjectKey)] }));
    const checkJobName = `${this.baseName}-contract`;
    const checkJob = new glue.CfnJob(contractCheck, 'Job', {
      name: checkJobName,
      description: `cdk-data-mesh ${this.baseName}: checks the candidates of ${listOf(contract.tableNames)} against the data contract (before the gate)`,
      role: checkRole.roleArn,
      command: { name: 'glueetl', pythonVersion: '3', scriptLocation: checkScript.s3ObjectUrl },
      glueVersion: '5.0',
      // It reads Parquet footers only: the gate's number of workers is plenty.
      workerType: GlueWorkerType.G_1X.name,
      numberOfWorkers: gateSizing.numberOfWorkers,
      executionProperty: { maxConcurrentRuns: 1 },
      maxRetries: 0,
      timeout: Math.max(1, Math.ceil(gateSizing.timeout.toMinutes({ integral: false }))),
      securityConfiguration: this.securityConfiguration(MedallionLayer.SILVER),
      defaultArguments: { ...this.contractArguments(resultsPrefix), '--mode': 'check' },
    });
    checkJob.addMetadata(PIPELINE_METADATA_KEY, this.jobMetadata([]));
    dependOnRolePolicy(checkJob, checkRole);
    const checkTask = glueJobRunState(contractCheck, 'Data contract check', checkJobName, gateSizing.timeout, this.smRole, { '--run_id.$': '$$.Execution.Name' });
    checkTask.node.addDependency(checkJob);
    add(this.withRetries(checkTask, GLUE_JOB_RUN_TRANSIENT));
    for (const table of contract.tables) {
      add(this.gate(quality, table, qualityRole, resultsPrefix, gateSizing));
    }

    // Publication: the only writer of gold, after the gate.
    const publish = new Construct(this, 'Publish');
    const publishRole = new iam.Role(publish, 'Role', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: `cdk-data-mesh ${this.baseName}: publishes the checked candidates to gold`,
    });
    this.publishRole = publishRole;
    this.grantPrefix(publishRole, MedallionLayer.SILVER, `${product}/_candidate/`, 'read');
    this.grantPrefix(publishRole, MedallionLayer.GOLD, mesh.productPrefix(product), 'write');
    this.grantGlueLogsTo(publishRole, this.securityConfiguration(MedallionLayer.GOLD));
    const script = new s3assets.Asset(publish, 'Script', { path: PUBLISH_SCRIPT });
    publishRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [script.bucket.arnForObjects(script.s3ObjectKey)] }));
    for (const table of contract.tables) {
      this.lfGrant(publishRole, ['DESCRIBE'], { database: { catalogId: stack.account, name: goldDb } }, producer._database(MedallionLayer.GOLD));
      this.lfGrant(publishRole, TABLE_WRITE, { table: { catalogId: stack.account, databaseName: goldDb, name: table.name } },
        this.goldTables.get(table.name)!);
    }
    const publishJobName = `${this.baseName}-publish`;
    const publishJob = new glue.CfnJob(publish, 'Job', {
      name: publishJobName,
      description: `cdk-data-mesh ${this.baseName}: publishes the gate-checked candidates of ${listOf(contract.tableNames)} to gold`,
      role: publishRole.roleArn,
      command: { name: 'glueetl', pythonVersion: '3', scriptLocation: script.s3ObjectUrl },
      glueVersion: '5.0',
      workerType: publishSizing.workerType.name,
      numberOfWorkers: publishSizing.numberOfWorkers,
      executionProperty: { maxConcurrentRuns: 1 },
      maxRetries: 0,
      timeout: Math.max(1, Math.ceil(publishSizing.timeout.toMinutes({ integral: false }))),
      securityConfiguration: this.securityConfiguration(MedallionLayer.GOLD),
      defaultArguments: { ...this.contractArguments(resultsPrefix), '--mode': 'publish' },
    });
    const published = contract.tables.map(t => ({ database: goldDb, table: t.name, location: this.goldLocation(t.name) }));
    publishJob.addMetadata(PIPELINE_METADATA_KEY, this.jobMetadata(published));
    dependOnRolePolicy(publishJob, publishRole);
    const publishTask = glueJobRunState(publish, 'Publish to gold', publishJobName, publishSizing.timeout, this.smRole, { '--run_id.$': '$$.Execution.Name' });
    publishTask.node.addDependency(publishJob);
    add(this.withRetries(publishTask, GLUE_JOB_RUN_TRANSIENT));

    // The run: steps, gate, publication; any failure notifies (SNS, EventBridge) and fails the execution.
    const run = new sfn.Parallel(this, 'Run', { stateName: 'Run', resultPath: sfn.JsonPath.DISCARD });
    run.branch(chain!);
    const detail = {
      'pipeline': this.baseName,
      'product': product,
      'execution.$': '$$.Execution.Id',
      'error.$': '$.error.Error',
      'cause.$': '$.error.Cause',
    };
    const notify = new tasks.SnsPublish(this, 'Notify', {
      stateName: 'Notify failure',
      topic,
      subject: `cdk-data-mesh pipeline ${this.baseName} failed`,
      message: sfn.TaskInput.fromObject(detail),
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    });
    const failureEvent = new tasks.EventBridgePutEvents(this, 'FailureEvent', {
      stateName: 'Publish failure event',
      entries: [{ source: 'cdk-data-mesh.pipeline', detailType: 'Data pipeline run failed', detail: sfn.TaskInput.fromObject(detail) }],
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    });
    this.smRole.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'FailureTopicKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }));
    const failed = new sfn.Fail(this, 'Failed', { stateName: 'Run failed', error: 'PipelineRunFailed', cause: `A step, the data-quality gate or the publication of ${product} failed; gold is unchanged.` });
    notify.next(failureEvent).next(failed);

    // One run at a time (D50): a lock item per pipeline in DynamoDB, taken with a conditional PutItem (strongly
    // consistent, unlike ListExecutions) before the run and released after it, in success and in the catch.
    const definition = this.runLock(run, notify, key, timeout);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${this.baseName}`,
      encryptionKey: key,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: this.baseName,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      role: this.smRole,
      timeout,
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      comment: `cdk-data-mesh: ${product} bronze -> silver -> gold (${props.steps.map(s => s.name).join(', ')}, quality gate, publish)`,
    });
    // aws-cdk-lib's StateMachine depends on its whole role construct: the role as well as its policy, and the role
    // dependency is redundant (the state machine references the role: cfn-lint W3005). Construct dependencies become
    // DependsOn only at synthesis and cannot be removed one by one; the L2's metrics, grants and task policies are worth
    // more than the L1 (unlike the RAM provider's function, src/private/ram-acceptor.ts), so the warning is ignored here only.
    (this.stateMachine.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    this.smRole.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'LogsKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }));

    // Alarms.
    const alarmAction = new cwActions.SnsAction(topic);
    const failedAlarm = new cloudwatch.Alarm(this, 'FailedRunsAlarm', {
      alarmDescription: `cdk-data-mesh ${this.baseName}: a run failed (a step, the data-quality gate or the publication); gold is unchanged.`,
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    failedAlarm.addAlarmAction(alarmAction);
    this.failedRunsAlarm = failedAlarm;
    const timedOut = new cloudwatch.Alarm(this, 'TimedOutRunsAlarm', {
      alarmDescription: `cdk-data-mesh ${this.baseName}: a run exceeded its timeout.`,
      metric: this.stateMachine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    timedOut.addAlarmAction(alarmAction);

    // Triggers: a schedule, new bronze objects (S3 -> EventBridge), and manual starts (grantStartExecution).
    if (props.schedule) {
      new events.Rule(this, 'Schedule', {
        description: `cdk-data-mesh ${this.baseName}: scheduled run`,
        schedule: events.Schedule.expression(props.schedule),
        targets: [new targets.SfnStateMachine(this.stateMachine)],
      });
    }
    if (props.runOnNewBronzeObjects) {
      producer._enableBronzeEventBridge();
      new events.Rule(this, 'NewBronzeObjects', {
        description: `cdk-data-mesh ${this.baseName}: run when objects arrive under s3://${mesh.bucketName(producer.domain, MedallionLayer.BRONZE)}/` +
          (sources.length > 0 ? listOf(sources.map(src => src.prefix)) : bronzePrefix),
        eventPattern: sources.length > 0 ? mergedPatterns(sources.map(src => src.objectCreatedEventPattern))
          : objectCreatedPattern(mesh.bucketName(producer.domain, MedallionLayer.BRONZE), bronzePrefix),
        targets: [new targets.SfnStateMachine(this.stateMachine)],
      });
    }

    this.explainWildcards();
  }

  /** Grants starting a run by hand (the manual trigger). */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(grantee);
  }

  // ------------------------------------------------------------------------------------------------

  private checkSteps(steps: PipelineStep[]): void {
    if (!Array.isArray(steps) || steps.length === 0) {
      throwValidationError(this, 'steps is empty: give at least one step, the last that writes gold producing the contract\'s tables, e.g. a GlueSparkStep ' +
        'that reads silver and writes gold.');
    }
    steps.forEach((s, i) => {
      if (!(s instanceof PipelineStep) && typeof (s as any)?._bind !== 'function') {
        throwValidationError(this, `steps[${i}] is not a PipelineStep: use GlueSparkStep, AthenaSqlStep or LambdaStep.`);
      }
    });
    const seen = new Map<string, number>();
    steps.forEach((s, i) => {
      if (seen.has(s.name)) throwValidationError(this, `steps[${i}] and steps[${seen.get(s.name)}] are both named '${s.name}'. Give each step a name of its own.`);
      seen.set(s.name, i);
    });
    if (!steps.some(s => s.writes === MedallionLayer.GOLD)) {
      throwValidationError(this, `no step writes gold (steps: ${steps.map(s => `${s.name}: ${s.reads} -> ${s.writes}`).join(', ')}): a pipeline publishes ` +
        'the product\'s tables, so one step must write gold (its candidates pass the data-quality gate before publication).');
    }
    // Data moves up: a step never reads a layer below one an earlier step already wrote... and never reads above what exists.
    let highest = MedallionLayer.BRONZE;
    steps.forEach((s, i) => {
      if (LAYER_ORDER.indexOf(s.reads) > LAYER_ORDER.indexOf(highest) && s.reads !== MedallionLayer.SILVER) {
        throwValidationError(this, `steps[${i}] '${s.name}' reads ${s.reads}, which no earlier step of this pipeline writes. Order the steps bronze -> silver -> gold.`);
      }
      if (LAYER_ORDER.indexOf(s.writes) > LAYER_ORDER.indexOf(highest)) highest = s.writes;
    });
    const gold = steps.map((s, i) => [s, i] as const).filter(([s]) => s.writes === MedallionLayer.GOLD);
    const last = steps.length - 1;
    if (gold[gold.length - 1][1] !== last) {
      throwValidationError(this, `steps[${gold[gold.length - 1][1]}] '${gold[gold.length - 1][0].name}' writes gold but is not the last step: the gate checks ` +
        'the gold candidates after the last step. Move the steps after it before it.');
    }
  }

  /** The arguments of glue-scripts/publish_gold.py (both modes; `--mode` and, at run time, `--run_id` are added). */
  private contractArguments(resultsPrefix: string): Record<string, string> {
    return {
      '--job-language': 'python',
      '--job-bookmark-option': 'job-bookmark-disable',
      '--enable-continuous-cloudwatch-log': 'true',
      '--enable-metrics': 'true',
      '--results': resultsPrefix,
      '--tables': JSON.stringify(this.contract.tables.map(t => ({
        name: t.name,
        candidate: `${this.silverBase()}_candidate/{run}/${t.name}/`,
        location: this.goldLocation(t.name),
        columns: t.columns.map(c => [c.name, c.type.name]),
      }))),
    };
  }

  /** The gate's and the publisher's sizes: the props', else the gold-writing step's (a GlueSparkStep's), else 2 x G.1X; 1 hour. */
  private sizingOf(props: DataPipelineProps): { gate: Required<Omit<GlueJobSizing, 'workerType'>>; publish: Required<GlueJobSizing> } {
    checkGlueSizing(this, 'gateSizing.', props.gateSizing);
    checkGlueSizing(this, 'publishSizing.', props.publishSizing);
    if (props.gateSizing?.workerType !== undefined) {
      throwValidationError(this, `gateSizing.workerType '${props.gateSizing.workerType.name}' cannot be set: Glue Data Quality evaluation runs take a number ` +
        'of workers only. Remove gateSizing.workerType (set gateSizing.numberOfWorkers), or size the publisher with publishSizing.workerType.');
    }
    for (const [prop, sizing] of [['gateSizing', props.gateSizing], ['publishSizing', props.publishSizing]] as const) {
      const t = sizing?.timeout;
      if (t !== undefined && !t.isUnresolved() && (t.toSeconds() < 60 || t.toMinutes({ integral: false }) > 2880)) {
        throwValidationError(this, `${prop}.timeout ${t.toHumanString()} is out of range: give 1 minute to 48 hours (Glue's limit), e.g. Duration.hours(1).`);
      }
    }
    const goldStep = [...props.steps].reverse().find(s => s.writes === MedallionLayer.GOLD);
    const glueStep = goldStep instanceof GlueSparkStep ? goldStep : undefined;
    return {
      gate: {
        numberOfWorkers: props.gateSizing?.numberOfWorkers ?? glueStep?.numberOfWorkers ?? 2,
        timeout: props.gateSizing?.timeout ?? Duration.hours(1),
      },
      publish: {
        workerType: props.publishSizing?.workerType ?? glueStep?.workerType ?? GlueWorkerType.G_1X,
        numberOfWorkers: props.publishSizing?.numberOfWorkers ?? glueStep?.numberOfWorkers ?? 2,
        timeout: props.publishSizing?.timeout ?? Duration.hours(1),
      },
    };
  }

  private keyColumnsOf(keys: string[] | undefined): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const t of this.contract.tables) out[t.name] = keys === undefined ? [t.columns[0].name] : [];
    (keys ?? []).forEach((k, i) => {
      const [table, column] = k.includes('.') ? k.split('.', 2) : [this.contract.tables.length === 1 ? this.contract.tables[0].name : '', k];
      const t = this.contract.tables.find(x => x.name === table);
      if (!t) {
        throwValidationError(this, `keyColumns[${i}] '${k}' names no table of the contract (tables: ${listOf(this.contract.tableNames)}). Write 'table.column'.`);
      }
      if (!t.columns.some(c => c.name === column)) {
        throwValidationError(this, `keyColumns[${i}] '${k}': table '${t.name}' has no column '${column}' (columns: ${listOf(t.columns.map(c => c.name))}).`);
      }
      out[t.name].push(column);
    });
    return out;
  }

  private silverBase(): string {
    return `s3://${this.producer.mesh.bucketName(this.producer.domain, MedallionLayer.SILVER)}/${this.productName}/`;
  }

  private goldLocation(table: string): string {
    return `${this.producer.mesh.productLocation(this.productName)}${table}/`;
  }

  private candidateLocation(table: string): string {
    return `${this.silverBase()}_candidate/${table}/`;
  }

  private candidateTableName(table: string): string {
    return `${this.productName}_${table}_candidate`;
  }

  /** The batch sources: of this producer's bronze bucket, distinct, not with bronzePrefix. */
  private checkSources(props: DataPipelineProps): IBatchSource[] {
    if (props.sources === undefined) return [];
    if (!Array.isArray(props.sources) || props.sources.length === 0) {
      throwValidationError(this, 'sources is empty: give the batch sources the pipeline reads (e.g. sources: [policyholderFiles]), or leave sources out.');
    }
    if (props.bronzePrefix !== undefined) {
      throwValidationError(this, `bronzePrefix '${props.bronzePrefix}' and sources are both set: the pipeline reads either one bronze prefix or its sources' ` +
        'landing prefixes. Remove one of them.');
    }
    const bucket = this.bronzeBucketName(props.producer);
    props.sources.forEach((src, i) => {
      const name = (src?.objectCreatedEventPattern?.detail as any)?.bucket?.name?.[0];
      if (typeof src?.prefix !== 'string' || name !== bucket) {
        throwValidationError(this, `sources[${i}] '${src?.sourceName}' lands in bucket '${name}', not in producer '${props.producer.domain}''s bronze bucket ` +
          `'${bucket}': a pipeline reads its own producer's sources. Use a BatchSource of this producer.`);
      }
      const j = props.sources!.findIndex(x => x.sourceName === src.sourceName);
      if (j !== i) throwValidationError(this, `sources[${i}] and sources[${j}] are both source '${src.sourceName}'. List each source once.`);
    });
    return [...props.sources];
  }

  private bronzeBucketName(producer: DataProducer): string {
    return producer.mesh.bucketName(producer.domain, MedallionLayer.BRONZE);
  }

  private locations(step: PipelineStep, bronzePrefix: string, silverOutput: string | undefined, sources: IBatchSource[]): StepLocations {
    const mesh = this.producer.mesh;
    const bronze = `s3://${mesh.bucketName(this.producer.domain, MedallionLayer.BRONZE)}/`;
    const inputPaths = step.reads === MedallionLayer.BRONZE && sources.length > 1
      ? Object.fromEntries(sources.map(src => [src.sourceName.replace(/-/g, '_'), `${bronze}${src.prefix}`])) : {};
    const inputPath = step.reads === MedallionLayer.BRONZE ? `s3://${mesh.bucketName(this.producer.domain, MedallionLayer.BRONZE)}/${bronzePrefix}`
      : step.reads === MedallionLayer.SILVER ? silverOutput ?? this.silverBase()
        : mesh.productLocation(this.productName);
    const gold = step.writes === MedallionLayer.GOLD;
    return {
      inputPath,
      outputPath: gold ? sfn.JsonPath.format(`${this.silverBase()}_candidate/{}/${this.contract.tables[0].name}/`, sfn.JsonPath.executionName)
        : `${this.silverBase()}${step.name}/`,
      rejectsPath: `${this.silverBase()}_rejects/${step.name}/`,
      candidatePaths: gold ? Object.fromEntries(this.contract.tables.map(t => [t.name, this.runCandidateExpression(t.name)])) : {},
      inputPaths,
    };
  }

  private stepContext(step: PipelineStep, locations: StepLocations): PipelineStepContext {
    const scope = new Construct(this, `Step${pascal(step.name)}`);
    const pipeline = this;
    const outputLayer = MedallionLayer.SILVER; // gold-writing steps write silver candidates: only the publisher writes gold
    const grantStorage = (grantee: iam.IGrantable) => {
      const inputs = Object.keys(locations.inputPaths).length > 0 ? Object.values(locations.inputPaths) : [locations.inputPath];
      for (const input of inputs) this.grantPrefix(grantee, step.reads, this.keyOf(input), 'read');
      if (step.writes === MedallionLayer.GOLD) {
        this.grantPrefix(grantee, MedallionLayer.SILVER, `${this.productName}/_candidate/`, 'write');
      } else {
        this.grantPrefix(grantee, MedallionLayer.SILVER, this.keyOf(locations.outputPath), 'write');
      }
      this.grantPrefix(grantee, MedallionLayer.SILVER, this.keyOf(locations.rejectsPath), 'write');
    };
    return {
      scope,
      jobName: `${this.baseName}-${step.name}`,
      locations,
      outputLayer,
      stateMachineRole: this.smRole,
      timeout: step.timeout,
      stepRole(servicePrincipal: string): iam.Role {
        const role = new iam.Role(scope, 'Role', {
          assumedBy: new iam.ServicePrincipal(servicePrincipal),
          description: `cdk-data-mesh ${pipeline.baseName}: step ${step.name} (${step.reads} -> ${step.writes})`,
        });
        grantStorage(role);
        if (step.writes === MedallionLayer.GOLD) {
          const stack = Stack.of(pipeline);
          const silverDb = pipeline.producer.databaseName(MedallionLayer.SILVER);
          for (const t of pipeline.contract.tables) {
            const candidate = { catalogId: stack.account, databaseName: silverDb, name: pipeline.candidateTableName(t.name) };
            pipeline.lfGrant(role, TABLE_WRITE, { table: candidate },
              pipeline.candidateTables.get(t.name)!);
          }
        }
        pipeline.stepRoles[step.name] = role;
        return role;
      },
      grantStepStorage: grantStorage,
      securityConfiguration: layer => this.securityConfiguration(layer),
      grantGlueLogs: (role, securityConfiguration) => this.grantGlueLogsTo(role, securityConfiguration),
      athenaWorkGroup: (reads, writes, tables) => this.athenaWorkGroup(step, reads, writes, locations, tables),
      withRetries: (task, errors) => this.withRetries(task, errors),
      explainWildcard: (role, resource, reason) => this.addWildcard(role, { resource, reason }),
      jobMetadata: this.jobMetadata(step.writes === MedallionLayer.GOLD
        ? this.contract.tables.map(t => ({
          database: this.producer.databaseName(MedallionLayer.SILVER),
          table: this.candidateTableName(t.name),
          location: this.candidateLocation(t.name),
        }))
        : []),
    };
  }

  /** The key of an s3:// URI of the producer's buckets (after the bucket name). */
  private keyOf(uri: string): string {
    return uri.replace(/^s3:\/\/[^/]+\//, '');
  }

  /** S3 and KMS access to one prefix of a layer bucket: list under it, read (or write) its objects, use the layer's key. */
  private grantPrefix(grantee: iam.IGrantable, layer: MedallionLayer, prefix: string, access: 'read' | 'write'): void {
    const bucket = this.producer.bucket(layer);
    // Writers read too (Spark's overwrite lists and reads back; multipart uploads under SSE-KMS decrypt earlier parts).
    grantPrefixStorage(grantee, { bucketArn: bucket.bucketArn, ...this.producer._keyTarget(layer) }, prefix, access === 'write' ? 'readwrite' : 'read',
      Stack.of(this).region);
    const role = grantee.grantPrincipal as iam.IRole;
    this.addWildcard(role, {
      resource: bucket.arnForObjects(`${prefix}*`),
      reason: `Objects under s3://${this.producer.mesh.bucketName(this.producer.domain, layer)}/${prefix} (${access}), which the pipeline writes at run time ` +
        'and cannot list at synth time; the wildcard covers that one prefix of the product.',
    });
  }

  /**
   * A Lake Formation grant, and the IAM side that lets the role use it (DM-32): the Glue reads of the database and
   * table it names, and `lakeformation:GetDataAccess`.
   */
  private lfGrant(role: iam.IRole, permissions: string[], resource: lf.CfnPrincipalPermissions.ResourceProperty, dependsOn: CfnResource,
    catalog = true): void {
    this.grants.grant({ requester: this, principal: role.roleArn, permissions, resource, dependsOn: [dependsOn] });
    const table = resource.table as lf.CfnPrincipalPermissions.TableResourceProperty | undefined;
    const database = (resource.database as lf.CfnPrincipalPermissions.DatabaseResourceProperty | undefined)?.name ?? table?.databaseName;
    if (database === undefined) return;
    const tableArn = table ? glueArn(this, 'table', `${table.databaseName}/${table.name ?? '*'}`) : undefined;
    // `catalog` false: the caller grants the catalog reads of the table itself (one statement for several tables).
    if (catalog) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: GLUE_CATALOG_READ,
        resources: [glueArn(this, 'catalog'), glueArn(this, 'database', database as string), ...(tableArn ? [tableArn] : [])],
      }));
    }
    if (!this.dataAccess.has(role)) {
      this.dataAccess.add(role);
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lakeformation:GetDataAccess'], resources: ['*'] }));
      this.addWildcard(role, { resource: '*', reason: `${GET_DATA_ACCESS_REASON} The role uses its grants on this pipeline's tables through these credentials.` });
    }
  }

  private table(id: string, database: string, name: string, location: string, schema: TableSchema, layer: MedallionLayer,
    removalPolicy: RemovalPolicy): glue.CfnTable {
    const stack = Stack.of(this);
    const table = new glue.CfnTable(this, id, {
      catalogId: stack.account,
      databaseName: database,
      tableInput: {
        name,
        description: this.tableDescription(schema, layer),
        tableType: 'EXTERNAL_TABLE',
        parameters: { EXTERNAL: 'TRUE', classification: 'parquet' },
        storageDescriptor: {
          location,
          inputFormat: PARQUET.input,
          outputFormat: PARQUET.output,
          serdeInfo: { serializationLibrary: PARQUET.serde },
          columns: schema.columns.map(c => ({ name: c.name, type: c.type.name, comment: c.comment })),
        },
      },
    });
    table.node.addDependency(this.producer._database(layer));
    LakeFormationSettings.of(this, { requester: this, crossAccountVersion: this.producer.mesh.crossAccountVersion }).gate(table);
    table.applyRemovalPolicy(removalPolicy);
    return table;
  }

  private tableDescription(schema: TableSchema, layer: MedallionLayer): string {
    return layer === MedallionLayer.GOLD ? `${this.productName}: table ${schema.name} as published by the pipeline (the data contract)`
      : `${this.productName}: candidate of gold table ${schema.name}, checked by the data-quality gate before publication`;
  }

  private securityConfiguration(layer: MedallionLayer): string {
    let config = this.securityConfigurations.get(layer);
    if (!config) {
      config = glueSecurityConfiguration(this, `SecurityConfiguration${pascal(layer)}`, `${this.baseName}-${layer}`,
        { data: this.producer.key(layer), logs: this.key });
      this.securityConfigurations.set(layer, config);
    }
    return config.name!;
  }

  /** The log groups of the role's job with the security configuration (named by Glue after it and the role), and the pipeline key. */
  private grantGlueLogsTo(role: iam.Role, securityConfiguration: string): void {
    const streams = grantGlueJobLogs(role, securityConfiguration, 'GlueLogs');
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'PipelineKey',
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [this.key.keyArn],
    }));
    for (const resource of streams) {
      this.addWildcard(role, {
        resource,
        reason: 'Glue names the log streams of a job run at run time (by the run id); the wildcard covers the streams of one of the log groups Glue ' +
          `writes for this role's job with security configuration ${securityConfiguration}.`,
      });
    }
  }

  /**
   * Data-quality evaluation runs take no security configuration: Glue names their log groups under /aws-glue/
   * itself, so the quality role keeps the /aws-glue/ prefix of this account and region.
   */
  private grantQualityLogsTo(role: iam.Role): void {
    const logGroups = Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws-glue/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'GlueLogs',
      actions: ['logs:AssociateKmsKey', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroups],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'PipelineKey',
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [this.key.keyArn],
    }));
    this.addWildcard(role, {
      resource: logGroups,
      reason: 'Glue names the log groups of data-quality evaluation runs itself; the statement is limited to the /aws-glue/ prefix in this account and region.',
    });
  }

  private athenaWorkGroup(step: PipelineStep, reads: MedallionLayer, writes: MedallionLayer, locations: StepLocations, tables: AthenaTables): string {
    const stack = Stack.of(this);
    if (!this.workGroupName) {
      this.workGroupName = this.baseName;
      new athena.CfnWorkGroup(this, 'WorkGroup', {
        name: this.workGroupName,
        description: `cdk-data-mesh ${this.baseName}: the pipeline's Athena steps`,
        state: 'ENABLED',
        recursiveDeleteOption: false,
        workGroupConfiguration: {
          enforceWorkGroupConfiguration: true,
          publishCloudWatchMetricsEnabled: true,
          resultConfiguration: {
            outputLocation: `${this.silverBase()}_athena/`,
            encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: this.producer.key(MedallionLayer.SILVER).keyArn },
          },
        },
      });
      this.smRole.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'AthenaSteps',
        actions: ['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:GetWorkGroup', 'athena:StartQueryExecution', 'athena:StopQueryExecution'],
        resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName })],
      }));
      this.smRole.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'AthenaLakeFormation', actions: ['lakeformation:GetDataAccess'], resources: ['*'] }));
      this.grantPrefix(this.smRole, MedallionLayer.SILVER, `${this.productName}/_athena/`, 'write');
    }
    // The statement's data: the step's input (read) and output (write) prefixes, and the layer databases' catalog.
    this.grantPrefix(this.smRole, reads, this.keyOf(locations.inputPath), 'read');
    this.grantPrefix(this.smRole, writes === MedallionLayer.GOLD ? MedallionLayer.SILVER : writes,
      this.keyOf(writes === MedallionLayer.GOLD ? `${this.silverBase()}_candidate/` : locations.outputPath), 'write');
    // The catalog and Lake Formation: the tables the statement declares, table by table (no table wildcard).
    const writeLayer = writes === MedallionLayer.GOLD ? MedallionLayer.SILVER : writes;
    const writeDb = this.producer.databaseName(writeLayer);
    const readDb = this.producer.databaseName(reads);
    const gold = writes === MedallionLayer.GOLD;
    const outputs = gold ? this.contract.tables.map(t => this.candidateTableName(t.name)) : tables.outputs;
    this.smRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: `AthenaCatalog${pascal(step.name)}`,
      actions: [...GLUE_CATALOG_READ, 'glue:BatchCreatePartition', ...(tables.creates ? ['glue:CreateTable'] : []), 'glue:UpdateTable'],
      resources: [glueArn(this, 'catalog'), ...[...new Set([readDb, writeDb])].map(db => glueArn(this, 'database', db)),
        ...tables.inputs.map(t => glueArn(this, 'table', `${readDb}/${t}`)), ...outputs.map(t => glueArn(this, 'table', `${writeDb}/${t}`))],
    }));
    if (tables.creates) {
      // CTAS: CREATE_TABLE on the database; the creator then owns the new table (no grant on a table that does not exist yet).
      this.lfGrant(this.smRole, ['CREATE_TABLE', 'DESCRIBE'], { database: { catalogId: stack.account, name: writeDb } }, this.producer._database(writeLayer));
    }
    if (!tables.creates) {
      outputs.forEach((t, i) => this.lfGrant(this.smRole, TABLE_WRITE, { table: { catalogId: stack.account, databaseName: writeDb, name: t } },
        gold ? this.candidateTables.get(this.contract.tables[i].name)! : this.producer._database(writeLayer), false));
    }
    // The AthenaCatalog statement above holds the catalog reads of these tables.
    for (const t of tables.inputs) {
      this.lfGrant(this.smRole, ['DESCRIBE', 'SELECT'], { table: { catalogId: stack.account, databaseName: readDb, name: t } }, this.producer._database(reads), false);
    }
    return this.workGroupName;
  }

  /**
   * The run lock (D50): a DynamoDB item per pipeline holding the running execution's id, taken with a conditional
   * PutItem before the run and deleted (on the condition that this execution holds it) after it, in success and in
   * the catch. A run that finds the lock held by a RUNNING execution ends as skipped; a lock left by an execution that
   * no longer runs (timed out or stopped, which skip the catch) is taken over with a conditional PutItem on that
   * execution's id. Every state of it is retried on DynamoDB's transient errors and caught (failures notify).
   */
  private runLock(run: sfn.Parallel, notify: sfn.IChainable, key: kms.IKey, timeout: Duration): sfn.IChainable {
    const stack = Stack.of(this);
    const scope = new Construct(this, 'Lock');
    const table = new dynamodb.Table(scope, 'Table', {
      partitionKey: { name: 'pipeline', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      // The table holds one item, the id of the running execution: nothing to keep when it leaves the stack (a new
      // table starts unlocked, and the pipeline's executions go with the state machine), hence DESTROY, not RETAIN.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    suppressNag(table, [{
      id: 'AwsSolutions-DDB3',
      reason: 'The run lock holds one item, the id of the running execution, which is worth nothing ' +
      'after the run; point-in-time recovery would restore a lock of an execution that has ended (the lock handles those as stale anyway).',
    }]);
    this.smRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'LockKey',
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.amazonaws.com` } },
    }));
    const dynamoRetry: sfn.RetryProps = {
      errors: ['DynamoDB.ProvisionedThroughputExceededException', 'DynamoDB.RequestLimitExceeded', 'DynamoDB.ThrottlingException',
        'DynamoDB.InternalServerErrorException', 'DynamoDB.AmazonDynamoDBException'],
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 5,
      jitterStrategy: sfn.JitterType.FULL,
    };
    const CONFLICT = ['DynamoDB.ConditionalCheckFailedException'];
    const lockKey = { pipeline: tasks.DynamoAttributeValue.fromString(this.baseName) };
    const self = tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$$.Execution.Id'));
    const lockItem = { ...lockKey, execution: self, started: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$$.Execution.StartTime')) };
    const caught = <T extends sfn.TaskStateBase>(task: T): T => {
      task.addRetry(dynamoRetry);
      return task;
    };
    const skipped = new sfn.Succeed(this, 'Skipped', { stateName: 'Skipped: another run holds the lock' });
    const acquire = caught(new tasks.DynamoPutItem(scope, 'Acquire', {
      stateName: 'Acquire the run lock',
      table,
      item: lockItem,
      conditionExpression: 'attribute_not_exists(#p)',
      expressionAttributeNames: { '#p': 'pipeline' },
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    }));
    const read = caught(new tasks.DynamoGetItem(scope, 'Read', {
      stateName: 'Read the run lock',
      table,
      key: lockKey,
      consistentRead: true,
      resultPath: '$.lock',
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    }));
    const executions = stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${this.baseName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const holder = new tasks.CallAwsService(scope, 'Holder', {
      stateName: 'Is the lock holder running?',
      service: 'sfn',
      action: 'describeExecution',
      parameters: { ExecutionArn: sfn.JsonPath.stringAt('$.lock.Item.execution.S') },
      iamResources: [executions],
      iamAction: 'states:DescribeExecution',
      resultSelector: { 'status.$': '$.Status' },
      resultPath: '$.holder',
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    });
    holder.addRetry({
      errors: ['Sfn.ThrottlingException', 'Sfn.SfnException'],
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 5,
      jitterStrategy: sfn.JitterType.FULL,
    });
    this.addWildcard(this.smRole, {
      resource: executions,
      reason: 'The run lock reads the status of the execution that holds it (states:DescribeExecution); execution ARNs carry the execution name ' +
        'chosen at start, so the wildcard covers the executions of this one state machine.',
    });
    const takeOver = caught(new tasks.DynamoPutItem(scope, 'TakeOver', {
      stateName: 'Take over a stale run lock',
      table,
      item: lockItem,
      conditionExpression: '#e = :stale',
      expressionAttributeNames: { '#e': 'execution' },
      expressionAttributeValues: { ':stale': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.lock.Item.execution.S')) },
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    }));
    const release = (id: string, stateName: string) => caught(new tasks.DynamoDeleteItem(scope, id, {
      stateName,
      table,
      key: lockKey,
      conditionExpression: '#e = :self',
      expressionAttributeNames: { '#e': 'execution' },
      expressionAttributeValues: { ':self': self },
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    }));
    const releaseDone = release('Release', 'Release the run lock');
    const releaseFailed = release('ReleaseAfterFailure', 'Release the run lock after a failure');
    const toNotify = { resultPath: '$.error', errors: ['States.ALL'] };
    acquire.addCatch(read, { resultPath: '$.error', errors: CONFLICT });
    acquire.addCatch(notify, toNotify);
    read.addCatch(notify, toNotify);
    holder.addCatch(notify, toNotify);
    takeOver.addCatch(skipped, { resultPath: '$.error', errors: CONFLICT });
    takeOver.addCatch(notify, toNotify);
    releaseDone.addCatch(notify, toNotify);
    // After a failure the lock is released and the failure notified; a failed release is notified too (on its own path).
    releaseFailed.addCatch(notify, { resultPath: '$.releaseError', errors: ['States.ALL'] });
    run.addCatch(releaseFailed, toNotify);
    releaseFailed.next(notify);
    read.next(new sfn.Choice(this, 'LockHeld', { stateName: 'Is the run lock still held?' })
      .when(sfn.Condition.isPresent('$.lock.Item.execution.S'), holder.next(new sfn.Choice(this, 'HolderRunning', { stateName: 'Lock holder running?' })
        .when(sfn.Condition.stringEquals('$.holder.status', 'RUNNING'), skipped)
        .otherwise(takeOver.next(run))))
      // Released between the PutItem and the read: try again (each attempt either takes the lock or finds a holder).
      .otherwise(acquire));
    run.next(releaseDone).next(new sfn.Succeed(this, 'Done', { stateName: 'Published' }));
    void timeout;
    return acquire.next(run);
  }

  /**
   * Points each candidate table at this run's own prefix (`_candidate/<execution name>/<table>/`) before the steps
   * run: the gold-writing step writes there (Athena through the table, Glue and Lambda through their arguments), the
   * gate checks that table and the publisher reads that prefix, so no run sees another run's candidate.
   */
  private pointCandidatesAtRun(): sfn.Chain {
    const stack = Stack.of(this);
    const silverDb = this.producer.databaseName(MedallionLayer.SILVER);
    let chain: sfn.Chain | undefined;
    for (const table of this.contract.tables) {
      const name = this.candidateTableName(table.name);
      const task = new tasks.CallAwsService(this, `PointCandidate${pascal(table.name)}`, {
        stateName: `Candidate ${table.name}: this run's prefix`,
        service: 'glue',
        action: 'updateTable',
        parameters: {
          CatalogId: stack.account,
          DatabaseName: silverDb,
          TableInput: {
            Name: name,
            Description: this.tableDescription(table, MedallionLayer.SILVER),
            TableType: 'EXTERNAL_TABLE',
            Parameters: { EXTERNAL: 'TRUE', classification: 'parquet' },
            StorageDescriptor: {
              Location: sfn.JsonPath.format(`${this.silverBase()}_candidate/{}/${table.name}/`, sfn.JsonPath.executionName),
              InputFormat: PARQUET.input,
              OutputFormat: PARQUET.output,
              SerdeInfo: { SerializationLibrary: PARQUET.serde },
              Columns: table.columns.map(c => ({ Name: c.name, Type: c.type.name, ...(c.comment ? { Comment: c.comment } : {}) })),
            },
          },
        },
        iamResources: [glueArn(this, 'catalog'), glueArn(this, 'database', silverDb), glueArn(this, 'table', `${silverDb}/${name}`)],
        iamAction: 'glue:UpdateTable',
        resultPath: sfn.JsonPath.DISCARD,
        taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
      });
      this.withRetries(task, GLUE_API_TRANSIENT);
      this.lfGrant(this.smRole, ['ALTER', 'DESCRIBE'], { table: { catalogId: stack.account, databaseName: silverDb, name } }, this.candidateTables.get(table.name)!);
      chain = chain ? chain.next(task) : sfn.Chain.start(task);
    }
    // Moving a table to another prefix of a registered location takes DATA_LOCATION_ACCESS on it (the silver bucket).
    this.grants.grant({
      requester: this,
      principal: this.smRole.roleArn,
      permissions: ['DATA_LOCATION_ACCESS'],
      resource: { dataLocation: { catalogId: stack.account, resourceArn: this.producer.bucket(MedallionLayer.SILVER).bucketArn } },
      dependsOn: [this.producer._location(MedallionLayer.SILVER)],
    });
    return chain!;
  }

  /** The ASL expression of this run's candidate prefix of `table` (an intrinsic function of the execution name). */
  private runCandidateExpression(table: string): string {
    return `States.Format('${this.silverBase()}_candidate/{}/${table}/', $$.Execution.Name)`;
  }

  private withRetries<T extends sfn.TaskStateBase | sfn.CustomState>(task: T, errors: string[]): T {
    task.addRetry({ errors, interval: Duration.seconds(30), backoffRate: 2, maxAttempts: 5, jitterStrategy: sfn.JitterType.FULL });
    return task;
  }

  /** The gate of one table: start an evaluation run of its ruleset on the candidate, wait for it, fail unless every rule passed. */
  private gate(scope: Construct, table: TableSchema, role: iam.IRole, resultsPrefix: string,
    sizing: { numberOfWorkers: number; timeout: Duration }): sfn.Chain {
    const T = pascal(table.name);
    const stack = Stack.of(this);
    const start = new tasks.CallAwsService(scope, `Start${T}`, {
      stateName: `Quality gate ${table.name}: start`,
      service: 'glue',
      action: 'startDataQualityRulesetEvaluationRun',
      parameters: {
        DataSource: {
          GlueTable: {
            DatabaseName: this.producer.databaseName(MedallionLayer.SILVER),
            TableName: this.candidateTableName(table.name),
            CatalogId: stack.account,
          },
        },
        Role: role.roleArn,
        RulesetNames: [this.rulesetNames[table.name]],
        NumberOfWorkers: sizing.numberOfWorkers,
        Timeout: Math.max(1, Math.ceil(sizing.timeout.toMinutes({ integral: false }))),
        AdditionalRunOptions: { CloudWatchMetricsEnabled: true, ResultsS3Prefix: `${resultsPrefix}${table.name}/` },
      },
      iamResources: [glueArn(this, 'dataQualityRuleset', this.rulesetNames[table.name])],
      iamAction: 'glue:StartDataQualityRulesetEvaluationRun',
      resultSelector: { 'runId.$': '$.RunId' },
      resultPath: '$.gate',
      taskTimeout: sfn.Timeout.duration(Duration.minutes(2)),
    });
    this.withRetries(start, GLUE_API_TRANSIENT);
    const wait = new sfn.Wait(scope, `Wait${T}`, { stateName: `Quality gate ${table.name}: wait`, time: sfn.WaitTime.duration(Duration.seconds(30)) });
    const poll = new tasks.CallAwsService(scope, `Poll${T}`, {
      stateName: `Quality gate ${table.name}: status`,
      service: 'glue',
      action: 'getDataQualityRulesetEvaluationRun',
      parameters: { 'RunId.$': '$.gate.runId' },
      iamResources: ['*'],
      iamAction: 'glue:GetDataQualityRulesetEvaluationRun',
      resultPath: '$.gateRun',
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    });
    this.withRetries(poll, GLUE_API_TRANSIENT);
    const result = new tasks.CallAwsService(scope, `Result${T}`, {
      stateName: `Quality gate ${table.name}: result`,
      service: 'glue',
      action: 'getDataQualityResult',
      parameters: { 'ResultId.$': '$.gateRun.ResultIds[0]' },
      iamResources: ['*'],
      iamAction: 'glue:GetDataQualityResult',
      resultSelector: { 'score.$': '$.Score', 'resultId.$': '$.ResultId' },
      resultPath: '$.gateResult',
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    });
    this.withRetries(result, GLUE_API_TRANSIENT);
    const rejected = new sfn.Fail(scope, `Rejected${T}`, {
      stateName: `Quality gate ${table.name}: rejected`,
      error: 'DataQualityGateFailed',
      cause: `The candidate of ${table.name} failed rules of ruleset ${this.rulesetNames[table.name]}; gold is unchanged (results under ${resultsPrefix}${table.name}/).`,
    });
    const runFailed = new sfn.Fail(scope, `RunFailed${T}`, {
      stateName: `Quality gate ${table.name}: evaluation failed`,
      error: 'DataQualityRunFailed',
      cause: `The evaluation run of ruleset ${this.rulesetNames[table.name]} did not succeed; gold is unchanged.`,
    });
    const passed = new sfn.Pass(scope, `Passed${T}`, { stateName: `Quality gate ${table.name}: passed` });
    const verdict = new sfn.Choice(scope, `Verdict${T}`, { stateName: `Quality gate ${table.name}: every rule passed?` })
      .when(sfn.Condition.numberEquals('$.gateResult.score', 1), passed)
      .otherwise(rejected);
    const status = new sfn.Choice(scope, `Status${T}`, { stateName: `Quality gate ${table.name}: done?` })
      .when(sfn.Condition.stringEquals('$.gateRun.Status', 'SUCCEEDED'), result.next(verdict))
      .when(sfn.Condition.or(sfn.Condition.stringEquals('$.gateRun.Status', 'FAILED'), sfn.Condition.stringEquals('$.gateRun.Status', 'STOPPED'),
        sfn.Condition.stringEquals('$.gateRun.Status', 'TIMEOUT')), runFailed)
      .otherwise(wait);
    start.next(wait).next(poll).next(status);
    // The chain continues after `passed` (the rejections and failed runs end the branch: the catch notifies).
    return sfn.Chain.custom(start, [passed], passed);
  }

  private jobMetadata(writes: Array<{ database: string; table: string; location: string }>): Record<string, unknown> {
    const goldBucket = this.producer.mesh.bucketName(this.producer.domain, MedallionLayer.GOLD);
    return { product: this.productName, domain: this.producer.domain, goldBucket, writes };
  }

  private addWildcard(role: iam.IRole, wildcard: Wildcard): void {
    const list = this.wildcards.get(role) ?? [];
    list.push(wildcard);
    this.wildcards.set(role, list);
  }

  /** cdk-nag: the wildcards of the pipeline's roles, each exactly (appliesTo) with its reason. */
  private explainWildcards(): void {
    this.addWildcard(this.smRole, {
      resource: '*',
      reason: 'The state machine role\'s "*" resources have no narrower form: glue:GetDataQualityRulesetEvaluationRun and glue:GetDataQualityResult ' +
        'take the run and result ids a run returns (the role starts runs of this pipeline\'s rulesets only); X-Ray tracing (xray:PutTraceSegments, ' +
        'PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and the vended-logs delivery actions (logs:CreateLogDelivery, ...) support no ' +
        `resource-level permissions; and for Athena steps ${GET_DATA_ACCESS_REASON}`,
    });
    for (const [role, wildcards] of this.wildcards) suppressWildcards(role, wildcards);
  }
}

/** One event pattern matching any of `patterns` (S3 Object Created patterns of one bucket: their key prefixes ORed). */
function mergedPatterns(patterns: events.EventPattern[]): events.EventPattern {
  const keys = patterns.flatMap(p => ((p.detail as any)?.object?.key ?? []) as unknown[]);
  return { ...patterns[0], detail: { ...(patterns[0].detail as object), object: { key: keys } } };
}
