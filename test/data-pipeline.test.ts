/*
 * DataPipeline (issue 16) on the reference mesh's insurance producer (examples/typescript/life-expectancy-pipeline.ts):
 * the state machine (one run at a time, retries, catch -> SNS + EventBridge, timeouts, encrypted logs, X-Ray), the
 * Glue jobs and their security configurations, the data-quality gate generated from the contract, least-privilege
 * roles (S3/KMS by prefix, only the publisher writes gold, full-table LF grants for writers), triggers and alarms,
 * every synthesized state machine definition valid ASL, cdk-nag clean, and logical IDs that move nothing.
 */
import * as path from 'path';
import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { messages } from './support/nag';
import { ofType, render, Res, Resources, resourcesOf } from './support/template';
import { buildBankMesh } from '../examples/typescript/bank-mesh';
import { addLifeExpectancyPipeline, LIFE_EXPECTANCY_DIR } from '../examples/typescript/life-expectancy-pipeline';
import {
  AthenaSqlStep, ColumnType, DataContract, DataPipeline, DataPipelineProps, GlueSparkStep, GlueSparkStepProps, GlueWorkerType, LambdaStep,
  MedallionLayer,
} from '../src';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require('asl-validator');

function build() {
  const app = new App();
  const bank = buildBankMesh(app);
  const pipeline = addLifeExpectancyPipeline(bank);
  return { app, bank, pipeline, stack: bank.producers.insurance.stack };
}

/** A state machine's DefinitionString as JSON, every reference replaced by a plausible literal. */
export function definitionOf(sm: Res): any {
  const d = sm.Properties.DefinitionString;
  const text = typeof d === 'string' ? d : (d['Fn::Join'][1] as any[]).map((p: any) => {
    if (typeof p === 'string') return p;
    if (p.Ref === 'AWS::Partition') return 'aws';
    if (p.Ref === 'AWS::Region') return 'eu-west-1';
    if (p.Ref === 'AWS::AccountId') return '222222222222';
    if (p['Fn::GetAtt']) return `arn:aws:iam::222222222222:role/${p['Fn::GetAtt'][0]}`;
    if (p.Ref) return p.Ref;
    throw new Error(`unexpected part ${JSON.stringify(p)}`);
  }).join('');
  return JSON.parse(text);
}

/** The statements of every policy attached to the role with logical ID `roleId`. */
function statementsOf(resources: Resources, roleId: string): any[] {
  return ofType(resources, 'AWS::IAM::Policy').filter(([, p]) => (p.Properties.Roles as any[]).some(r => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
}

function roleIdOf(stack: Stack, role: any): string {
  return stack.getLogicalId(role.node.defaultChild);
}

/** The S3 object ARNs a role may write (PutObject), rendered. */
function writableObjects(resources: Resources, roleId: string): string[] {
  return statementsOf(resources, roleId).filter(s => [s.Action].flat().includes('s3:PutObject'))
    .flatMap(s => [s.Resource].flat().map(render)).sort();
}

describe('DataPipeline: the life-expectancy pipeline of the insurance producer', () => {
  const { stack, pipeline } = build();
  const resources = resourcesOf(stack);

  test('one state machine with X-Ray tracing, encrypted logs at level ALL, a timeout on the run and on every task', () => {
    const sms = ofType(resources, 'AWS::StepFunctions::StateMachine');
    expect(sms).toHaveLength(1);
    const [, sm] = sms[0];
    expect(sm.Properties.StateMachineName).toBe('bank-insurance-life-expectancy');
    expect(sm.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(sm.Properties.LoggingConfiguration.Level).toBe('ALL');
    const [, logGroup] = ofType(resources, 'AWS::Logs::LogGroup').find(([, l]) => l.Properties.LogGroupName === '/aws/vendedlogs/states/bank-insurance-life-expectancy')!;
    expect(logGroup.Properties.KmsKeyId).toBeDefined();
    expect(logGroup.DeletionPolicy).toBe('Retain');
    const def = definitionOf(sm);
    expect(def.TimeoutSeconds).toBe(6 * 3600);
    const tasks = allStates(def).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(8);
    for (const [name, s] of tasks) expect({ name, timeout: s.TimeoutSeconds > 0 }).toEqual({ name, timeout: true });
  });

  test('every state machine definition the library synthesizes is valid Amazon States Language', () => {
    for (const [id, sm] of ofType(resources, 'AWS::StepFunctions::StateMachine')) {
      const { isValid, errorsText } = aslValidator(definitionOf(sm), { checkPaths: true, checkArn: true });
      expect({ id, valid: isValid, errors: isValid ? '' : errorsText() }).toEqual({ id, valid: true, errors: '' });
    }
  });

  test('one run at a time (D50): a DynamoDB lock item taken with a conditional PutItem, released in success and after a failure', () => {
    const def = definitionOf(only(resources));
    const acquire = def.States[def.StartAt];
    expect(def.StartAt).toBe('Acquire the run lock');
    expect(acquire.Resource).toBe('arn:aws:states:::dynamodb:putItem');
    expect(acquire.Parameters).toMatchObject({
      Item: { pipeline: { S: 'bank-insurance-life-expectancy' }, execution: { 'S.$': '$$.Execution.Id' } },
      ConditionExpression: 'attribute_not_exists(#p)',
    });
    expect(acquire.Retry[0].ErrorEquals).toContain('DynamoDB.ThrottlingException');
    // A held lock: read it (consistent), ask whether its holder still runs; if so skip, if not take the stale lock over.
    expect(acquire.Catch).toEqual([
      { ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.error', Next: 'Read the run lock' },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Notify failure' },
    ]);
    expect(acquire.Next).toBe('Run');
    expect(def.States['Read the run lock'].Parameters.ConsistentRead).toBe(true);
    const held = def.States[def.States['Read the run lock'].Next];
    expect(held.Default).toBe('Acquire the run lock');
    const holder = def.States[held.Choices[0].Next];
    expect(holder.Resource).toBe('arn:aws:states:::aws-sdk:sfn:describeExecution');
    const running = def.States[holder.Next];
    expect(running.Choices[0]).toMatchObject({ Variable: '$.holder.status', StringEquals: 'RUNNING', Next: 'Skipped: another run holds the lock' });
    const takeOver = def.States[running.Default];
    expect(takeOver.Parameters.ConditionExpression).toBe('#e = :stale');
    expect(takeOver.Next).toBe('Run');
    // Released by this execution only, after success and in the catch (then notified).
    for (const name of ['Release the run lock', 'Release the run lock after a failure']) {
      expect(def.States[name]).toMatchObject({ Resource: 'arn:aws:states:::dynamodb:deleteItem', Parameters: { ConditionExpression: '#e = :self' } });
    }
    expect(def.States.Run.Next).toBe('Release the run lock');
    expect(def.States.Run.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Release the run lock after a failure' }]);
    expect(def.States['Release the run lock after a failure'].Next).toBe('Notify failure');
    // The lock table: encrypted with the pipeline's key; a lock holds nothing worth keeping (DESTROY).
    const tables = ofType(resources, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    expect(tables[0][1].Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    expect(tables[0][1].DeletionPolicy).toBe('Delete');
  });

  test('each run writes, checks and publishes candidates under its own prefix _candidate/<execution name>/', () => {
    const def = definitionOf(only(resources));
    const branch = def.States.Run.Branches[0];
    const point = branch.States[branch.StartAt];
    expect(point.Resource).toBe('arn:aws:states:::aws-sdk:glue:updateTable');
    expect(point.Parameters.TableInput.Name).toBe('life_expectancy_policyholder_life_expectancy_candidate');
    expect(point.Parameters.TableInput.StorageDescriptor['Location.$'])
      .toBe("States.Format('s3://bank-insurance-silver-222222222222-eu-west-1/life_expectancy/_candidate/{}/policyholder_life_expectancy/', $$.Execution.Name)");
    expect(branch.States['Step score'].Parameters.Arguments).toEqual({ '--output_path.$': point.Parameters.TableInput.StorageDescriptor['Location.$'] });
    expect(branch.States['Publish to gold'].Parameters.Arguments).toEqual({ '--run_id.$': '$$.Execution.Name' });
    const publish = ofType(resources, 'AWS::Glue::Job').find(([, j]) => String(j.Properties.Name).endsWith('-publish'))![1];
    expect(JSON.parse(publish.Properties.DefaultArguments['--tables'])[0].candidate)
      .toBe('s3://bank-insurance-silver-222222222222-eu-west-1/life_expectancy/_candidate/{run}/policyholder_life_expectancy/');
  });

  test('Glue steps retry with back-off on Glue\'s transient errors; any failure notifies SNS, publishes an EventBridge event and fails', () => {
    const def = definitionOf(only(resources));
    const run = def.States.Run;
    const branch = run.Branches[0];
    const glueTasks = Object.entries<any>(branch.States).filter(([, s]) => String(s.Resource).endsWith(':glue:startJobRun.sync'));
    expect(glueTasks.map(([n]) => n)).toEqual(['Step clean', 'Step score', 'Data contract check', 'Publish to gold']);
    for (const [, s] of glueTasks) {
      expect(s.Retry).toEqual([expect.objectContaining({
        // The .sync integration reports throttling as Glue.AWSGlueException (ThrottlingException never matches there).
        ErrorEquals: ['Glue.AWSGlueException', 'Glue.ConcurrentRunsExceededException', 'Glue.InternalServiceException', 'Glue.OperationTimeoutException'],
        BackoffRate: 2,
        IntervalSeconds: 30,
        MaxAttempts: 5,
        JitterStrategy: 'FULL',
      })]);
    }
    expect(def.States['Notify failure'].Resource).toBe('arn:aws:states:::sns:publish');
    expect(def.States[def.States['Notify failure'].Next].Resource).toBe('arn:aws:states:::events:putEvents');
    expect(def.States['Run failed'].Type).toBe('Fail');
    const [, topic] = ofType(resources, 'AWS::SNS::Topic')[0];
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  });

  test('the quality gate runs before the publication, on the candidate, and fails the run unless every rule passed', () => {
    const def = definitionOf(only(resources));
    const order = chainOf(def.States.Run.Branches[0]);
    const gate = order.indexOf('Quality gate policyholder_life_expectancy: start');
    expect(gate).toBeGreaterThan(order.indexOf('Step score'));
    expect(order.indexOf('Publish to gold')).toBeGreaterThan(gate);
    // The data contract (names, order, types of every candidate file) is checked before the gate, whose DQDL rules check names only.
    const check = order.indexOf('Data contract check');
    expect(check).toBeGreaterThan(order.indexOf('Step score'));
    expect(gate).toBeGreaterThan(check);
    const states = def.States.Run.Branches[0].States;
    const start = states['Quality gate policyholder_life_expectancy: start'];
    expect(start.Resource).toBe('arn:aws:states:::aws-sdk:glue:startDataQualityRulesetEvaluationRun');
    expect(start.Parameters.DataSource.GlueTable).toEqual({
      DatabaseName: 'bank_insurance_silver', TableName: 'life_expectancy_policyholder_life_expectancy_candidate', CatalogId: '222222222222',
    });
    expect(start.Parameters.AdditionalRunOptions.ResultsS3Prefix).toBe('s3://bank-insurance-silver-222222222222-eu-west-1/life_expectancy/_quality/policyholder_life_expectancy/');
    const verdict = states['Quality gate policyholder_life_expectancy: every rule passed?'];
    expect(verdict.Choices).toEqual([{ Variable: '$.gateResult.score', NumericEquals: 1, Next: 'Quality gate policyholder_life_expectancy: passed' }]);
    expect(states[verdict.Default]).toMatchObject({ Type: 'Fail', Error: 'DataQualityGateFailed' });
  });

  test('the DQDL ruleset is generated from the declared schema plus the user\'s rules, on the candidate table', () => {
    const [, rs] = ofType(resources, 'AWS::Glue::DataQualityRuleset')[0];
    expect(rs.Properties.TargetTable).toEqual({ DatabaseName: 'bank_insurance_silver', TableName: 'life_expectancy_policyholder_life_expectancy_candidate' });
    expect(rs.Properties.Ruleset).toBe([
      'Rules = [',
      '  ColumnCount = 4,',
      '  ColumnExists "policy_id",',
      '  ColumnExists "customer_name",',
      '  ColumnExists "age",',
      '  ColumnExists "life_expectancy",',
      '  IsComplete "policy_id",',
      '  IsUnique "policy_id",',
      '  RowCount > 0,',
      '  (ColumnValues "age" >= 18) and (ColumnValues "age" <= 110),',
      '  (ColumnValues "life_expectancy" >= 0) and (ColumnValues "life_expectancy" <= 100)',
      ']',
    ].join('\n'));
  });

  test('Glue jobs: one per step and the publisher, each with a security configuration encrypting S3, logs and bookmarks with KMS', () => {
    const jobs = ofType(resources, 'AWS::Glue::Job').map(([, j]) => j);
    expect(jobs.map(j => j.Properties.Name).sort()).toEqual(['bank-insurance-life-expectancy-clean', 'bank-insurance-life-expectancy-contract',
      'bank-insurance-life-expectancy-publish', 'bank-insurance-life-expectancy-score']);
    const check = jobs.find(j => j.Properties.Name.endsWith('-contract'))!;
    expect(check.Properties.DefaultArguments).toMatchObject({
      '--mode': 'check',
      '--results': 's3://bank-insurance-silver-222222222222-eu-west-1/life_expectancy/_quality/',
    });
    expect(check.Properties.DefaultArguments['--tables']).toBe(jobs.find(j => j.Properties.Name.endsWith('-publish'))!.Properties.DefaultArguments['--tables']);
    const configs = new Map(ofType(resources, 'AWS::Glue::SecurityConfiguration').map(([, c]) => [c.Properties.Name, c.Properties.EncryptionConfiguration]));
    for (const job of jobs) {
      const config = configs.get(job.Properties.SecurityConfiguration)!;
      expect(config.S3Encryptions[0].S3EncryptionMode).toBe('SSE-KMS');
      expect(config.CloudWatchEncryption.CloudWatchEncryptionMode).toBe('SSE-KMS');
      expect(config.JobBookmarksEncryption.JobBookmarksEncryptionMode).toBe('CSE-KMS');
      expect(job.Properties.ExecutionProperty).toEqual({ MaxConcurrentRuns: 1 });
      expect(job.Properties.Timeout).toBeGreaterThan(0);
    }
    const score = jobs.find(j => j.Properties.Name.endsWith('-score'))!;
    expect(score.Properties.DefaultArguments).toMatchObject({
      '--input_path': 's3://bank-insurance-silver-222222222222-eu-west-1/life_expectancy/clean/',
      '--life_table_path': 'ssa_period_life_table_2017.csv',
    });
    // The candidate prefix is the run's own, passed at run time (not a default argument).
    expect(score.Properties.DefaultArguments['--output_path']).toBeUndefined();
    expect(score.Properties.GlueVersion).toBe('5.0');
    expect(score.Properties.WorkerType).toBe('G.1X');
  });

  test('each Glue job role writes only the log groups Glue names after its security configuration and the role', () => {
    const jobs = ofType(resources, 'AWS::Glue::Job').map(([, j]) => j);
    const arn = (name: string) => `arn:aws:logs:eu-west-1:222222222222:log-group:${name}`;
    for (const job of jobs) {
      const roleId = job.Properties.Role['Fn::GetAtt'][0];
      const sc = job.Properties.SecurityConfiguration;
      const logs = statementsOf(resources, roleId).filter(s => [s.Action].flat().includes('logs:PutLogEvents'));
      expect(logs).toHaveLength(1);
      const groups = [`/aws-glue/jobs/${sc}-role/<${roleId}>/output`, `/aws-glue/jobs/${sc}-role/<${roleId}>/error`, `/aws-glue/jobs/logs-v2-${sc}`].map(arn);
      expect([logs[0].Resource].flat().map(render).sort()).toEqual([...groups, ...groups.map(g => `${g}:*`)].sort());
    }
  });

  test('least privilege: each step writes only its own prefixes; only the publisher writes gold, only under the product\'s prefix', () => {
    const gold = '<LakeGoldBucketFA6D7163.Arn>';
    const silver = '<LakeSilverBucket5C83FE02.Arn>';
    expect(writableObjects(resources, roleIdOf(stack, pipeline.stepRoles.clean))).toEqual([
      `${silver}/life_expectancy/_rejects/clean/*`, `${silver}/life_expectancy/clean/*`,
    ]);
    expect(writableObjects(resources, roleIdOf(stack, pipeline.stepRoles.score))).toEqual([
      `${silver}/life_expectancy/_candidate/*`, `${silver}/life_expectancy/_rejects/score/*`,
    ]);
    expect(writableObjects(resources, roleIdOf(stack, pipeline.publishRole))).toEqual([`${gold}/life_expectancy/*`]);
    expect(writableObjects(resources, roleIdOf(stack, pipeline.qualityRole))).toEqual([`${silver}/life_expectancy/_quality/*`]);
    // Reads: the clean step reads only the product's bronze prefix; nothing reads gold.
    const reads = (role: any) => statementsOf(resources, roleIdOf(stack, role)).filter(s => [s.Action].flat().includes('s3:GetObject'))
      .flatMap(s => [s.Resource].flat().map(render)).filter(r => !r.includes('cdk-hnb659fds-assets')).sort();
    expect(reads(pipeline.stepRoles.clean).filter(r => r.includes('Bronze'))).toEqual(['<LakeBronzeBucket70BAB3F7.Arn>/life_expectancy/*']);
    for (const role of [pipeline.stepRoles.clean, pipeline.stepRoles.score, pipeline.qualityRole]) {
      expect(reads(role).filter(r => r.startsWith(gold))).toEqual([]);
    }
    // The publisher reads back what it writes (Spark's output commit copies its files), under the product's prefix only.
    expect(reads(pipeline.publishRole).filter(r => r.startsWith(gold))).toEqual([`${gold}/life_expectancy/*`]);
    // No '*' resource on data or key actions.
    for (const role of [pipeline.stepRoles.clean, pipeline.stepRoles.score, pipeline.qualityRole, pipeline.publishRole]) {
      for (const s of statementsOf(resources, roleIdOf(stack, role))) {
        const actions = [s.Action].flat() as string[];
        if (actions.some(a => a.startsWith('s3:') || a.startsWith('kms:'))) expect([s.Resource].flat()).not.toContain('*');
      }
    }
  });

  test('layer keys are usable through S3 only (kms:ViaService); GetBucketLocation has a statement of its own, without s3:prefix', () => {
    const roles = [...Object.values(pipeline.stepRoles), pipeline.publishRole, pipeline.qualityRole].map(r => roleIdOf(stack, r));
    for (const roleId of roles) {
      const statements = statementsOf(resources, roleId);
      // Every KMS statement but the pipeline key's (Glue's encrypted logs and bookmarks, Sid PipelineKey) is a layer key's.
      const layerKeys = statements.filter(st => [st.Action].flat().some((x: string) => x.startsWith('kms:')) && st.Sid !== 'PipelineKey');
      expect(layerKeys.length).toBeGreaterThan(0);
      for (const st of layerKeys) expect(st.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
      for (const st of statements.filter(x => [x.Action].flat().includes('s3:GetBucketLocation'))) {
        expect([st.Action].flat()).toEqual(['s3:GetBucketLocation']);
        expect(st.Condition).toBeUndefined();
      }
      expect(statements.some(st => [st.Action].flat().includes('s3:ListBucket') && st.Condition?.StringLike?.['s3:prefix'])).toBe(true);
    }
  });

  test('writers get full-table Lake Formation grants on the tables they write (DM-37); the gate reads the candidate only', () => {
    const grants = ofType(resources, 'AWS::LakeFormation::PrincipalPermissions').map(([, g]) => g.Properties);
    const on = (role: any) => grants.filter(g => render(g.Principal.DataLakePrincipalIdentifier) === `<${roleIdOf(stack, role)}.Arn>`);
    const tableGrants = (role: any) => on(role).filter(g => g.Resource.Table).map(g => ({ table: g.Resource.Table, permissions: g.Permissions }));
    expect(tableGrants(pipeline.publishRole)).toEqual([{
      table: { CatalogId: '222222222222', DatabaseName: 'bank_insurance_gold', Name: 'policyholder_life_expectancy' },
      permissions: ['ALTER', 'DELETE', 'DESCRIBE', 'INSERT', 'SELECT'],
    }]);
    expect(tableGrants(pipeline.stepRoles.score)).toEqual([{
      table: { CatalogId: '222222222222', DatabaseName: 'bank_insurance_silver', Name: 'life_expectancy_policyholder_life_expectancy_candidate' },
      permissions: ['ALTER', 'DELETE', 'DESCRIBE', 'INSERT', 'SELECT'],
    }]);
    expect(tableGrants(pipeline.qualityRole)).toEqual([{
      table: { CatalogId: '222222222222', DatabaseName: 'bank_insurance_silver', Name: 'life_expectancy_policyholder_life_expectancy_candidate' },
      permissions: ['DESCRIBE', 'SELECT'],
    }]);
    // No column-restricted (TableWithColumns) grant to any writer.
    for (const g of grants) expect(g.Resource.TableWithColumns).toBeUndefined();
  });

  test('the producer-local gold table is the data contract, at the product\'s table location', () => {
    const [, table] = ofType(resources, 'AWS::Glue::Table').find(([, t]) => t.Properties.DatabaseName === 'bank_insurance_gold')!;
    expect(table.Properties.TableInput.Name).toBe('policyholder_life_expectancy');
    expect(table.Properties.TableInput.StorageDescriptor.Location).toBe('s3://bank-insurance-gold-222222222222-eu-west-1/life_expectancy/policyholder_life_expectancy/');
    expect(table.Properties.TableInput.StorageDescriptor.Columns.map((c: any) => [c.Name, c.Type])).toEqual([
      ['policy_id', 'string'], ['customer_name', 'string'], ['age', 'int'], ['life_expectancy', 'double'],
    ]);
    expect(table.DeletionPolicy).toBe('Retain');
  });

  test('triggers: a schedule, new objects under the bronze prefix (S3 -> EventBridge), alarms on failed and timed-out runs', () => {
    const rules = ofType(resources, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rules.find(r => r.ScheduleExpression)?.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    expect(rules.find(r => r.EventPattern)?.EventPattern).toEqual({
      'source': ['aws.s3'],
      'detail-type': ['Object Created'],
      'detail': { bucket: { name: ['bank-insurance-bronze-222222222222-eu-west-1'] }, object: { key: [{ prefix: 'life_expectancy/' }] } },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'bank-insurance-bronze-222222222222-eu-west-1', NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    expect(ofType(resources, 'AWS::Lambda::Function')).toEqual([]);
    const alarms = ofType(resources, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.map(a => a.MetricName).sort()).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut']);
    for (const a of alarms) expect(a.AlarmActions).toHaveLength(1);
  });
});

describe('DataPipeline: cdk-nag AwsSolutions over the producer stack with the pipeline', () => {
  const { stack } = build();
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true, reports: false }));

  test('no unsuppressed AwsSolutions error or warning', () => {
    expect(messages(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')))).toEqual([]);
    expect(messages(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')))).toEqual([]);
  });
});

describe('DataPipeline: logical IDs', () => {
  test('adding the pipeline moves nothing: every resource of the producer stack without it keeps its logical ID and type', () => {
    const before = resourcesOf(buildBankMesh(new App()).producers.insurance.stack);
    const after = resourcesOf(build().stack);
    for (const [id, r] of Object.entries(before)) {
      if (r.Type === 'AWS::LakeFormation::PrincipalPermissions') continue; // the grant chain gains links (DM-24), ids stay
      expect({ id, type: after[id]?.Type }).toEqual({ id, type: r.Type });
    }
    for (const id of Object.keys(before)) expect(after[id]).toBeDefined();
  });

  test('snapshot of the pipeline\'s logical IDs', () => {
    const before = new Set(Object.keys(resourcesOf(buildBankMesh(new App()).producers.insurance.stack)));
    const after = resourcesOf(build().stack);
    const added = Object.fromEntries(Object.keys(after).filter(id => !before.has(id)).sort().map(id => [id, after[id].Type]));
    expect(added).toMatchSnapshot();
  });
});

/** The single state machine's resource. */
function only(resources: Resources): Res {
  const sms = ofType(resources, 'AWS::StepFunctions::StateMachine');
  expect(sms).toHaveLength(1);
  return sms[0][1];
}

/** Every state of a definition, branches included, as [name, state]. */
function allStates(def: any): Array<[string, any]> {
  return Object.entries<any>(def.States).flatMap(([n, s]) => [[n, s] as [string, any], ...(s.Branches ?? []).flatMap((b: any) => allStates(b))]);
}

/** The states of a branch in the order `Next` visits them from StartAt (choices: their first choice). */
function chainOf(branch: any): string[] {
  const out: string[] = [];
  let name: string | undefined = branch.StartAt;
  while (name && !out.includes(name)) {
    out.push(name);
    const s = branch.States[name];
    name = s.Next ?? s.Choices?.[0]?.Next;
  }
  return out;
}

describe('DataPipeline with an Athena step and a Lambda step', () => {
  const app = new App();
  const bank = buildBankMesh(app);
  const { stack, lake } = bank.producers.insurance;
  const fn = new lambda.Function(stack, 'Manifest', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
  const pipeline = new DataPipeline(stack, 'ClaimsPipeline', {
    producer: lake,
    contract: new DataContract({ product: 'claims', tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }, { name: 'amount', type: ColumnType.DOUBLE }] }] }),
    steps: [
      new LambdaStep({ name: 'manifest', reads: MedallionLayer.BRONZE, writes: MedallionLayer.SILVER, handler: fn }),
      new AthenaSqlStep({
        name: 'dedupe',
        reads: MedallionLayer.SILVER,
        writes: MedallionLayer.SILVER,
        queryString: 'INSERT INTO bank_insurance_silver.claims_clean SELECT DISTINCT * FROM bank_insurance_silver.claims_raw',
        inputTables: ['claims_raw'],
        outputTables: ['claims_clean'],
      }),
      new GlueSparkStep({ name: 'publish', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script: path.join(LIFE_EXPECTANCY_DIR, 'glue_score.py') }),
    ],
  });
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true, reports: false }));
  const resources = resourcesOf(stack);
  const sm = ofType(resources, 'AWS::StepFunctions::StateMachine').find(([id]) => id.startsWith('ClaimsPipeline'))![1];

  test('its definition is valid ASL, with the Lambda and Athena tasks retried and timed out', () => {
    const def = definitionOf(sm);
    const { isValid, errorsText } = aslValidator(def, { checkPaths: true, checkArn: true });
    expect(isValid ? '' : errorsText()).toBe('');
    const states = def.States.Run.Branches[0].States;
    expect(states['Step manifest'].Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(states['Step manifest'].Retry[0].ErrorEquals).toContain('Lambda.TooManyRequestsException');
    expect(states['Step dedupe']).toMatchObject({
      Resource: 'arn:aws:states:::athena:startQueryExecution.sync',
      Parameters: { WorkGroup: 'bank-insurance-claims' },
      TimeoutSeconds: 3600,
    });
    expect(states['Step dedupe'].Retry[0].ErrorEquals).toEqual(['Athena.TooManyRequestsException', 'Athena.InternalServerException']);
    expect(chainOf(def.States.Run.Branches[0]).slice(0, 4)).toEqual(["Candidate claims: this run's prefix", 'Step manifest', 'Step dedupe', 'Step publish']);
  });

  test('the Athena step gets table-level grants on the tables it declares only (no table wildcard, no other table)', () => {
    const smRoleId = stack.getLogicalId(pipeline.stateMachine.role.node.defaultChild as any);
    const grants = ofType(resources, 'AWS::LakeFormation::PrincipalPermissions').map(([, g]) => g.Properties)
      .filter(g => JSON.stringify(g.Principal).includes(smRoleId));
    expect(grants.filter(g => g.Resource.Table?.TableWildcard !== undefined)).toEqual([]);
    const tableGrants = grants.filter(g => g.Resource.Table).map(g => [g.Resource.Table.Name, [...g.Permissions].sort()]).sort();
    expect(tableGrants).toEqual([
      ['claims_claims_candidate', ['ALTER', 'DESCRIBE']],
      ['claims_clean', ['ALTER', 'DELETE', 'DESCRIBE', 'INSERT', 'SELECT']],
      ['claims_raw', ['DESCRIBE', 'SELECT']],
    ]);
    // No CREATE_TABLE for an INSERT INTO, and the catalog statement names the two tables.
    expect(grants.filter(g => g.Resource.Database)).toEqual([]);
    const catalog = statementsOf(resources, smRoleId).find(st => st.Sid === 'AthenaCatalogDedupe')!;
    expect([catalog.Resource].flat().map(render).filter((r: string) => r.includes(':table/')).sort()).toEqual([
      'arn:aws:glue:eu-west-1:222222222222:table/bank_insurance_silver/claims_clean',
      'arn:aws:glue:eu-west-1:222222222222:table/bank_insurance_silver/claims_raw',
    ]);
    expect(catalog.Action).not.toContain('glue:CreateTable');
  });

  test('the workgroup enforces its configuration and encrypts results with the silver key, under the product\'s prefix', () => {
    const [, wg] = ofType(resources, 'AWS::Athena::WorkGroup').find(([, w]) => w.Properties.Name === 'bank-insurance-claims')!;
    expect(wg.Properties.WorkGroupConfiguration.EnforceWorkGroupConfiguration).toBe(true);
    expect(wg.Properties.WorkGroupConfiguration.ResultConfiguration.OutputLocation).toBe('s3://bank-insurance-silver-222222222222-eu-west-1/claims/_athena/');
    expect(wg.Properties.WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration.EncryptionOption).toBe('SSE_KMS');
  });

  test('the Lambda function\'s role reads the product\'s bronze prefix and writes its own silver prefixes only', () => {
    const roleId = stack.getLogicalId(fn.role!.node.defaultChild as any);
    expect(writableObjects(resources, roleId)).toEqual([
      '<LakeSilverBucket5C83FE02.Arn>/claims/_rejects/manifest/*', '<LakeSilverBucket5C83FE02.Arn>/claims/manifest/*',
    ]);
    void pipeline;
  });

  test('cdk-nag: no unsuppressed AwsSolutions error or warning on the pipeline', () => {
    const onPipeline = (f: any[]) => messages(f as any).filter(m => m.includes('/ClaimsPipeline/'));
    expect(onPipeline(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')))).toEqual([]);
    expect(onPipeline(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')))).toEqual([]);
  });
});

describe('DataPipeline: the gate and the publisher are sized by configuration', () => {
  const claims = () => new DataContract({ product: 'claims', tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }] }] });
  function buildSized(props: Partial<DataPipelineProps>, gold: Partial<GlueSparkStepProps> = {}) {
    const bank = buildBankMesh(new App());
    const { stack, lake } = bank.producers.insurance;
    new DataPipeline(stack, 'ClaimsPipeline', {
      producer: lake,
      contract: claims(),
      steps: [new GlueSparkStep({ name: 'score', reads: MedallionLayer.SILVER, writes: MedallionLayer.GOLD, script: path.join(LIFE_EXPECTANCY_DIR, 'glue_score.py'), ...gold })],
      ...props,
    });
    const resources = resourcesOf(stack);
    const publish = ofType(resources, 'AWS::Glue::Job').find(([, j]) => j.Properties.Name === 'bank-insurance-claims-publish')![1].Properties;
    const def = definitionOf(ofType(resources, 'AWS::StepFunctions::StateMachine').find(([id]) => id.startsWith('ClaimsPipeline'))![1]);
    const branch = def.States.Run.Branches[0].States;
    return { publish, gate: branch['Quality gate claims: start'].Parameters, publishState: branch['Publish to gold'] };
  }

  test('by default the gold-writing Glue step\'s size (a big product is one change: the step\'s workers)', () => {
    const { publish, gate } = buildSized({}, { workerType: GlueWorkerType.G_4X, numberOfWorkers: 20 });
    expect([publish.WorkerType, publish.NumberOfWorkers, publish.Timeout]).toEqual(['G.4X', 20, 60]);
    expect([gate.NumberOfWorkers, gate.Timeout]).toEqual([20, 60]);
  });

  test('gateSizing and publishSizing set them explicitly; the publication state times out with the job', () => {
    const { publish, gate, publishState } = buildSized({
      gateSizing: { numberOfWorkers: 8, timeout: Duration.hours(3) },
      publishSizing: { workerType: GlueWorkerType.G_2X, numberOfWorkers: 10, timeout: Duration.hours(2) },
    });
    expect([publish.WorkerType, publish.NumberOfWorkers, publish.Timeout]).toEqual(['G.2X', 10, 120]);
    expect([gate.NumberOfWorkers, gate.Timeout]).toEqual([8, 180]);
    expect(publishState.TimeoutSeconds).toBe(7200);
  });

  test('bad sizes are synth errors naming the prop', () => {
    expect(() => buildSized({ gateSizing: { workerType: GlueWorkerType.G_2X } })).toThrow(/gateSizing\.workerType 'G\.2X' cannot be set: Glue Data Quality evaluation runs/);
    expect(() => buildSized({ publishSizing: { numberOfWorkers: 1 } })).toThrow(/publishSizing\.numberOfWorkers 1 is out of range/);
    expect(() => buildSized({ publishSizing: { timeout: Duration.days(3) } })).toThrow(/publishSizing\.timeout 3 days is out of range/);
  });
});
