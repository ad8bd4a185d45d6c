import { createHash } from 'crypto';
import { ArnFormat, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Confidentiality } from './lf-tag-ontology';
import { MeshDescription } from './mesh';
import { createAccessLogsBucket, logAccessTo } from './private/buckets';
import { MeshPhase, registerMeshStack } from './private/deploy-order';
import { GrantResource, LakeFormationGrants, LakeFormationSettings, suppressNag, wildcardFinding } from './private/lake-formation';
import { RamAcceptance } from './private/ram-acceptor';
import { SharedTable, sharesFor, ShareRecord } from './private/share-registry';
import { checkStackEnv } from './private/stack-env';
import { pascal } from './private/strings';
import { CONFIDENTIALITY_ORDER, confidentialityRank, confidentialityUpTo, CONSUMER_VALUE, consumerKeyName } from './private/tags';
import { checkName, fail, listOf, NameRule, subject } from './private/validation';
import { LakeFormationSettingsOptions } from './settings';

/** A tag-mode share received from the governance account, for consumers in another app than the shares. */
export interface ReceivedShare {
  /** The products shared with this consumer by LF-tag expression. */
  readonly products: string[];
  /** The share's ceiling. */
  readonly maxConfidentiality: Confidentiality;
}

/** Props of a `DataConsumer`. */
export interface DataConsumerProps extends LakeFormationSettingsOptions {
  /** The mesh description. */
  readonly mesh: MeshDescription;
  /** The consumer domain this stack builds, e.g. `ml`. */
  readonly domain: string;
  /**
   * What the governance account shares with this consumer.
   * @default - the DataProductShare constructs declared earlier in the same app for this consumer
   */
  readonly receivedShares?: ReceivedShare[];
  /**
   * Accept the governance account's AWS RAM invitations at deploy time (DM-29). Accounts in one AWS
   * Organization with RAM sharing enabled receive no invitation; the acceptance then succeeds on the
   * active share.
   * @default true
   */
  readonly acceptRamInvitations?: boolean;
  /**
   * The principal allowed to assume the consumer admin role and roles added without SageMaker.
   * @default - the consumer account (`AccountRootPrincipal`)
   */
  readonly rolePrincipal?: iam.IPrincipal;
  /**
   * What happens to the query-results and access-logs buckets and the results key when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long query results are kept.
   * @default Duration.days(30)
   */
  readonly queryResultsRetention?: Duration;
}

/** Options of a consumer role. */
export interface ConsumerRoleOptions {
  /** The highest confidentiality level the role sees (capped by what was shared with the consumer). */
  readonly clearance: Confidentiality;
  /**
   * Make it a SageMaker execution role (trusted by sagemaker.amazonaws.com) that queries through Athena with the same limits.
   * @default false
   */
  readonly sageMaker?: boolean;
}

const ROLE_NAME: NameRule = {
  description: 'lower-case letters, digits and single hyphens, starting with a letter',
  pattern: /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/,
  minLength: 2,
  maxLength: 24,
  example: 'data-scientist',
};

const ATHENA_QUERY_ACTIONS = ['athena:BatchGetQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults',
  'athena:GetWorkGroup', 'athena:ListQueryExecutions', 'athena:StartQueryExecution', 'athena:StopQueryExecution'];
const GLUE_READ = ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetPartition', 'glue:GetPartitions', 'glue:GetTable', 'glue:GetTables'];

/**
 * A consumer account of the mesh: Lake Formation settings, acceptance of the governance account's
 * RAM invitations, a resource link per shared database, an Athena workgroup, and local roles by
 * clearance with the re-grants and IAM policies they need.
 *
 * @example
 * const mlTeam = new DataConsumer(ml, 'Consumer', { mesh, domain: 'ml' });
 * mlTeam.addRole('data-scientist', { clearance: Confidentiality.PRIVATE, sageMaker: true });
 */
export class DataConsumer extends Construct {
  /** The mesh. */
  public readonly mesh: MeshDescription;
  /** The consumer domain. */
  public readonly domain: string;
  /** The consumer admin: a Lake Formation admin of the consumer account (DM-30). */
  public readonly adminRole: iam.Role;
  /** The Athena workgroup of the consumer's roles. */
  public readonly workGroupName: string;
  /** The encrypted, expiring query-results bucket. */
  public readonly queryResultsBucket: s3.Bucket;
  /** The access-logs bucket. */
  public readonly accessLogsBucket: s3.Bucket;
  /** The resource link names in the consumer catalog, by product. */
  public readonly resourceLinks: Record<string, string>;

  private readonly who: string;
  private readonly shares: ShareRecord[];
  private readonly grants: LakeFormationGrants;
  private readonly links = new Map<string, glue.CfnDatabase>();
  private readonly resultsKey: kms.Key;
  private readonly acceptance?: RamAcceptance;
  private readonly roles = new Map<string, iam.Role>();
  private readonly rolePrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: DataConsumerProps) {
    super(scope, id);
    const who = subject('DataConsumer', id);
    this.who = who;
    const { mesh } = props;
    if (!mesh || !(mesh instanceof MeshDescription)) fail(who, 'mesh is required: pass the MeshDescription shared by every stack of the mesh.');
    if (!mesh.consumerDomains.includes(props.domain)) {
      fail(who, `domain '${props.domain}' is not a consumer domain of mesh '${mesh.name}' (consumers: ${listOf(mesh.consumerDomains)}). ` +
        `Use one of those, or add '${props.domain}' to consumers in the mesh description.`);
    }
    const consumer = mesh.consumer(props.domain);
    const stack = Stack.of(this);
    checkStackEnv(who, stack, mesh.consumerEnv(props.domain), `consumer '${props.domain}'`, `mesh.consumerEnv('${props.domain}')`);
    if (consumer.account === mesh.governanceAccount) {
      // The resource links take the product databases' names: in the governance catalog they would collide with the databases themselves.
      fail(who, `consumer '${consumer.domain}' is in the governance account ${mesh.governanceAccount}, where the product databases already exist ` +
        'under the names its resource links would take. Give the consumer domain its own account in the mesh description ' +
        '(a principal of the governance account is granted by the GovernanceHub, not shared with).');
    }
    this.mesh = mesh;
    this.domain = consumer.domain;
    registerMeshStack(this, MeshPhase.CONSUMER, mesh.name, consumer.domain);
    this.rolePrincipal = props.rolePrincipal ?? new iam.AccountRootPrincipal();
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.shares = props.receivedShares !== undefined ? this.explicitShares(props.receivedShares) : sharesFor(this, mesh.name, consumer.domain);
    if (this.shares.length === 0) {
      fail(who, `nothing is shared with consumer '${consumer.domain}': declare its DataProductShare before the DataConsumer in the same app, ` +
        'or pass receivedShares (when the governance stack lives in another app).');
    }

    // DM-30: shares are unusable until the consumer account has a Lake Formation admin.
    const settings = LakeFormationSettings.of(this, {
      requester: who,
      mutation: props.settingsMutation,
      crossAccountVersion: mesh.crossAccountVersion,
      deploymentRoleArn: props.deploymentRoleArn,
    });
    this.grants = LakeFormationGrants.of(this, settings);
    this.adminRole = new iam.Role(this, 'AdminRole', {
      assumedBy: this.rolePrincipal,
      description: `cdk-data-mesh ${mesh.name}/${consumer.domain}: consumer admin (Lake Formation admin of the consumer account)`,
    });
    settings.addAdmin(this.adminRole.roleArn);

    const products = [...new Set(this.shares.flatMap(s => s.products))];
    if (props.acceptRamInvitations ?? true) {
      // DM-29: accept the invitations at deploy time; the nonce re-runs acceptance when the shares change.
      this.acceptance = new RamAcceptance(this, 'RamInvitations', {
        senderAccount: mesh.governanceAccount,
        nonce: shareNonce(this.shares),
      });
    }

    // DM-30: a resource link per shared database in the consumer catalog.
    const linkNames: Record<string, string> = {};
    for (const product of products) {
      const name = mesh.databaseName(product);
      const link = new glue.CfnDatabase(this, `Link${pascal(product)}`, {
        catalogId: stack.account,
        databaseInput: { name, targetDatabase: { catalogId: mesh.governanceAccount, databaseName: name } },
      });
      settings.gate(link);
      if (this.acceptance) link.node.addDependency(this.acceptance);
      this.links.set(product, link);
      linkNames[product] = name;
    }
    this.resourceLinks = linkNames;

    // Athena workgroup with an encrypted, expiring results bucket.
    this.accessLogsBucket = createAccessLogsBucket(this, 'AccessLogsBucket', { retention: Duration.days(365), removalPolicy });
    this.resultsKey = new kms.Key(this, 'QueryResultsKey', {
      description: `cdk-data-mesh ${mesh.name}/${consumer.domain}: query results`, enableKeyRotation: true, removalPolicy,
    });
    this.queryResultsBucket = new s3.Bucket(this, 'QueryResultsBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.resultsKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: props.queryResultsRetention ?? Duration.days(30), noncurrentVersionExpiration: Duration.days(1) }],
      removalPolicy,
    });
    logAccessTo(this.queryResultsBucket, this.accessLogsBucket, 'query-results/', 'S3ServerAccessLogsQueryResults');
    this.workGroupName = `${mesh.name}-${consumer.domain}`;
    new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: `cdk-data-mesh ${mesh.name}: queries of consumer '${consumer.domain}'`,
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        resultConfiguration: {
          outputLocation: this.queryResultsBucket.s3UrlForObject('results/'),
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: this.resultsKey.keyArn },
        },
      },
    });
  }

  /**
   * Adds a local role (named `<mesh>-<domain>-<name>`) that sees the shared products up to `clearance`:
   * `DESCRIBE` on the resource links, `SELECT` on the targets capped at the clearance, and the IAM
   * policies a query needs (DM-32).
   */
  public addRole(name: string, options: ConsumerRoleOptions): iam.Role {
    checkName(this.who, 'addRole name', name, ROLE_NAME);
    if (this.roles.has(name)) {
      fail(this.who, `addRole: role '${name}' is added twice. Add each role once; to give another principal the same access, ` +
        'use grantQuery(role, clearance).');
    }
    const roleName = `${this.mesh.name}-${this.domain}-${name}`;
    const role = new iam.Role(this, `Role${pascal(name)}`, {
      roleName,
      assumedBy: options.sageMaker ? new iam.ServicePrincipal('sagemaker.amazonaws.com') : this.rolePrincipal,
      description: `cdk-data-mesh ${this.mesh.name}/${this.domain}: ${name} (clearance ${options.clearance})`,
    });
    if (options.sageMaker) {
      const sageMakerLogs = Stack.of(this).formatArn({
        service: 'logs', resource: 'log-group', resourceName: '/aws/sagemaker/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'SageMakerLogs',
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [sageMakerLogs],
      }));
      suppressPolicyWildcards(role, [[sageMakerLogs, 'SageMaker names the log groups of its jobs, endpoints and notebooks itself under ' +
        '/aws/sagemaker/ (e.g. /aws/sagemaker/TrainingJobs); the statement is limited to that prefix.']]);
    }
    this.grantQuery(role, options.clearance);
    this.roles.set(name, role);
    return role;
  }

  /**
   * Gives an existing role (e.g. an SSO permission-set role) the access of a consumer role with
   * `clearance`: Lake Formation re-grants and the IAM policies to query through the workgroup.
   */
  public grantQuery(role: iam.IRole, clearance: Confidentiality): iam.Grant {
    if (!CONFIDENTIALITY_ORDER.includes(clearance)) {
      fail(this.who, `clearance '${clearance}' is not a confidentiality level (levels: ${listOf(CONFIDENTIALITY_ORDER)}). ` +
        'Use Confidentiality.PUBLIC, Confidentiality.PRIVATE or Confidentiality.SENSITIVE.');
    }
    this.regrant(role.roleArn, clearance);
    return this.grantIam(role);
  }

  private regrant(principal: string, clearance: Confidentiality): void {
    const stack = Stack.of(this);
    const gov = this.mesh.governanceAccount;
    const deps: CfnResource[] = [...this.links.values(), ...(this.acceptance ? [this.acceptance.resource.node.defaultChild as CfnResource] : [])];
    for (const [product, link] of this.links) {
      this.grant(principal, { database: { catalogId: stack.account, name: this.resourceLinks[product] } }, ['DESCRIBE'], [link]);
    }
    for (const share of this.shares) {
      if (share.mode === 'tags') {
        const ceiling = confidentialityRank(clearance) <= confidentialityRank(share.ceiling!) ? clearance : share.ceiling!;
        const consumerTag = { tagKey: consumerKeyName(this.domain), tagValues: [CONSUMER_VALUE] };
        this.grant(principal, { lfTagPolicy: { catalogId: gov, resourceType: 'DATABASE', expression: [consumerTag] } }, ['DESCRIBE'], deps);
        this.grant(principal, {
          lfTagPolicy: { catalogId: gov, resourceType: 'TABLE', expression: [consumerTag, { tagKey: 'confidentiality', tagValues: confidentialityUpTo(ceiling) }] },
        }, ['DESCRIBE', 'SELECT'], deps);
      } else {
        for (const t of share.tables ?? []) this.regrantTable(principal, clearance, share, t, deps);
      }
    }
  }

  private regrantTable(principal: string, clearance: Confidentiality, share: ShareRecord, t: SharedTable, deps: CfnResource[]): void {
    const gov = this.mesh.governanceAccount;
    const visible = t.columns.filter(c => confidentialityRank(c.level) <= confidentialityRank(clearance)).map(c => c.name).sort();
    if (visible.length === 0) return;
    if (share.mode === 'cells') {
      // A data-cells filter is all or nothing for the grantee; roles whose clearance is below a visible column do not get it.
      if (visible.length < t.columns.length) return;
      // The consumer account holds only SELECT (with grant option) on a filter: that is all it can pass on.
      this.grant(principal, { dataCellsFilter: { tableCatalogId: gov, databaseName: t.databaseName, tableName: t.table, name: share.filterName! } }, ['SELECT'], deps);
      return;
    }
    const base = { catalogId: gov, databaseName: t.databaseName, name: t.table };
    const whole = t.wholeTable && visible.length === t.columns.length;
    const resource: GrantResource = whole ? { table: base } : { tableWithColumns: { ...base, columnNames: visible } };
    this.grant(principal, resource, resource.table ? ['DESCRIBE', 'SELECT'] : ['SELECT'], deps);
  }

  private grant(principal: string, resource: GrantResource, permissions: string[], dependsOn: CfnResource[]): void {
    this.grants.grant({ requester: this.who, principal, resource, permissions, dependsOn });
  }

  private grantIam(role: iam.IRole): iam.Grant {
    const stack = Stack.of(this);
    const gov = this.mesh.governanceAccount;
    const glueArn = (account: string, resource: string, resourceName?: string) =>
      stack.formatArn({ service: 'glue', account, resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const dbs = Object.values(this.resourceLinks);
    let grant = iam.Grant.addToPrincipal({
      grantee: role,
      actions: GLUE_READ,
      resourceArns: [
        glueArn(stack.account, 'catalog'), glueArn(gov, 'catalog'),
        ...dbs.flatMap(db => [glueArn(stack.account, 'database', db), glueArn(stack.account, 'table', `${db}/*`),
          glueArn(gov, 'database', db), glueArn(gov, 'table', `${db}/*`)]),
      ],
    });
    grant = grant.combine(iam.Grant.addToPrincipal({ grantee: role, actions: ['lakeformation:GetDataAccess'], resourceArns: ['*'] }));
    grant = grant.combine(iam.Grant.addToPrincipal({
      grantee: role,
      actions: ATHENA_QUERY_ACTIONS,
      resourceArns: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
    }));
    grant = grant.combine(iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
      resourceArns: [this.queryResultsBucket.bucketArn, this.queryResultsBucket.arnForObjects('results/*')],
    }));
    grant = grant.combine(iam.Grant.addToPrincipal({ grantee: role, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resourceArns: [this.resultsKey.keyArn] }));
    // cdk-nag reports IAM5 on the role's default policy: suppress each wildcard there, exactly.
    if (role instanceof iam.Role && Stack.of(role) === stack) {
      suppressPolicyWildcards(role, [
        ...dbs.flatMap(db => [
          [glueArn(stack.account, 'table', `${db}/*`), `Tables seen through resource link ${db} of the consumer catalog: which tables are shared ` +
            'is decided in the governance account (tag expressions, at run time), so only the link can be named.'],
          [glueArn(gov, 'table', `${db}/*`), `Tables of the shared product database ${db} in the governance catalog: Lake Formation decides ` +
            'which of them the role may read; the statement is limited to that one database.'],
        ] as Array<[string, string]>),
        ['*', 'lakeformation:GetDataAccess supports no resource-level permissions (resource "*" in the service authorization reference); ' +
          'Lake Formation itself decides, per table and principal, which data it vends credentials for.'],
        [this.queryResultsBucket.arnForObjects('results/*'), 'Athena writes each query result under results/ of the consumer\'s own ' +
          'query-results bucket with a generated name; the statement is limited to that prefix.'],
      ]);
    }
    return grant;
  }

  private explicitShares(received: ReceivedShare[]): ShareRecord[] {
    received.forEach((r, i) => {
      if (!CONFIDENTIALITY_ORDER.includes(r.maxConfidentiality)) {
        fail(this.who, `receivedShares[${i}].maxConfidentiality '${r.maxConfidentiality}' is not a confidentiality level ` +
          `(levels: ${listOf(CONFIDENTIALITY_ORDER)}). Use the maxConfidentiality of the governance account's DataProductShare.`);
      }
      if (!Array.isArray(r.products) || r.products.length === 0) {
        fail(this.who, `receivedShares[${i}].products is empty. List the products the governance account shares with '${this.domain}'.`);
      }
    });
    const ceilings = new Set(received.map(r => r.maxConfidentiality));
    if (ceilings.size > 1) {
      fail(this.who, `receivedShares use ceilings ${[...ceilings].join(', ')}; tag-mode shares to one consumer use one ceiling (see DataProductShare). ` +
        `Give every entry the maxConfidentiality of the governance account's shares to '${this.domain}'.`);
    }
    return received.map((r, i) => {
      r.products.forEach(p => {
        if (!this.mesh.products.includes(p)) fail(this.who, `receivedShares[${i}].products names '${p}', which is not a product of the mesh (products: ${listOf(this.mesh.products)}).`);
      });
      return { consumer: this.domain, mode: 'tags' as const, products: [...r.products], ceiling: r.maxConfidentiality, declaredBy: `${this.who} receivedShares[${i}]` };
    });
  }
}

/**
 * Changes whenever what the consumer receives changes, so that a stack update re-runs the RAM acceptance
 * (DM-29): products and ceilings, and for named shares the tables, columns and filters (a new named grant
 * may come with a new invitation).
 */
function shareNonce(shares: ShareRecord[]): string {
  // Tag shares keep the nonce they always had; named shares add what they name.
  const parts = shares.map(s => s.mode === 'tags'
    ? [s.mode, s.products, s.ceiling ?? null]
    : [s.mode, s.products, null, s.filterName ?? null, (s.tables ?? []).map(t => [t.databaseName, t.table, t.columns.map(c => c.name)])]);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/**
 * cdk-nag reports IAM5 on a role's default policy, not on the role: suppress each wildcard there, exactly
 * (`appliesTo`, once each), so that any wildcard a later change introduces is still reported.
 */
function suppressPolicyWildcards(role: iam.Role, wildcards: Array<[string, string]>): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  const resource = policy?.node.defaultChild as CfnResource | undefined;
  if (!resource) return;
  const existing = new Set(((resource.getMetadata('cdk_nag') as { rules_to_suppress?: Array<{ applies_to?: string[] }> } | undefined)
    ?.rules_to_suppress ?? []).flatMap(r => r.applies_to ?? []));
  const fresh = wildcards.map(([arn, reason]) => ({ finding: wildcardFinding(role, arn), reason })).filter(w => !existing.has(w.finding));
  const unique = fresh.filter((w, i) => fresh.findIndex(x => x.finding === w.finding) === i);
  if (unique.length > 0) suppressNag(resource, unique.map(w => ({ id: 'AwsSolutions-IAM5', reason: w.reason, appliesTo: [w.finding] })));
}
