import { createHash } from 'crypto';
import { Annotations, ArnFormat, CfnResource, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, Dependable, IConstruct, IDependable } from 'constructs';
import { Confidentiality } from './confidentiality';
import { LfTagExpression } from './lf-tag-expression';
import { MeshDescription } from './mesh';
import { claimAccountName } from './private/account-names';
import { glueArn, GLUE_QUERY_READ } from './private/catalog';
import { MeshPhase, registerMeshStack } from './private/deploy-order';
import { labelOf, throwValidationError } from './private/errors';
import { checkRoleArn, roleArnAccount } from './private/iam-arn';
import { GrantResource, LakeFormationGrants, LakeFormationSettings } from './private/lake-formation';
import { WithLakeFormationGrants } from './private/lake-formation-grantee';
import { requireMesh } from './private/mesh-construct';
import { suppressWildcards, Wildcard } from './private/nag';
import { after } from './private/order';
import { ATHENA_QUERY_ACTIONS, createQueryWorkspace } from './private/query-workspace';
import { RamAcceptance } from './private/ram-acceptor';
import { OwnerShard, productShard, shardsOf } from './private/shards';
import { expiredSharesFor, onShare, SharedTable, sharesFor, ShareRecord, undiscoverableProducts } from './private/share-registry';
import { checkStackEnv } from './private/stack-env';
import { pascal, productDatabasePattern } from './private/strings';
import {
  clausesOf, describeClauses, describeTagExpression, MAX_EXPRESSION_KEYS, regrantProblem, sameClauses, shareClauses, shareLevels, TagClause,
} from './private/tag-expressions';
import {
  checkConfidentiality, CONFIDENTIALITY_KEY, CONFIDENTIALITY_ORDER, confidentialityRank, CONSUMER_VALUE, consumerKeyName, DISCOVERY_KEY,
  DISCOVERY_VALUE, PRODUCER_KEY, TAG_TEXT,
} from './private/tags';
import { checkName, duplicates, listOf, NameRule } from './private/validation';
import { LakeFormationSettingsOptions } from './settings';

/** One condition of a received share's LF-tag expression: the key's value is one of `values` (plain data: no ontology needed). */
export interface ReceivedTagCondition {
  /** The LF-tag key, e.g. `pii` or `confidentiality`. */
  readonly key: string;
  /** The values of the key the share matches, e.g. `['false']`. */
  readonly values: string[];
}

/** A tag-mode share received from the governance account, for consumers in another app than the shares. */
export interface ReceivedShare {
  /** The products shared with this consumer by LF-tag expression. */
  readonly products: string[];
  /**
   * The share's ceiling (the governance account's `DataProductShare` `maxConfidentiality`).
   * @default - none: then tagExpression is required
   */
  readonly maxConfidentiality?: Confidentiality;
  /**
   * The share's LF-tag expression (the governance account's `DataProductShare` `tagExpression`, without the
   * `consumer_<domain>` key), as plain data, e.g. `[{ key: 'pii', values: ['false'] }, { key: 'confidentiality', values: ['public', 'private'] }]`.
   * Roles are re-granted within it (DM-22) as for a share of the same app.
   * @default - none: then maxConfidentiality is required
   */
  readonly tagExpression?: ReceivedTagCondition[];
}

/** Props of a `DataConsumer`. */
export interface DataConsumerProps extends LakeFormationSettingsOptions {
  /** The mesh description. */
  readonly mesh: MeshDescription;
  /** The consumer domain this stack builds, e.g. `ml`. */
  readonly domain: string;
  /**
   * What the governance account shares with this consumer.
   * @default - the DataProductShare constructs of the same app for this consumer (declared before or after the consumer)
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
   * Let the consumer's roles browse the metadata of every discoverable product (D66): each role added with `addRole`,
   * `grantQuery` or `grantQueryByTags` gets `DESCRIBE` on the databases and tables tagged `discoverable=yes` in the
   * governance catalog (two grants per role, whatever the number of products; never data), re-granted from what the
   * governance hub grants this account. Set false when the governance account runs a version of the library without
   * discovery (the re-grants would then be refused).
   * @default true
   */
  readonly discovery?: boolean;
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

/** Options of a consumer role: a clearance, or an LF-tag expression (exactly one of the two). */
export interface ConsumerRoleOptions {
  /**
   * The highest confidentiality level the role sees (capped by what was shared with the consumer).
   * @default - none: then tagExpression is required
   */
  readonly clearance?: Confidentiality;
  /**
   * The LF-tag expression the role is granted on what tag-mode shares give the consumer, instead of a
   * clearance (see `grantQueryByTags`), e.g. `LfTagExpression.of([tags.key('pii').value('false'),
   * tags.confidentialityAtMost(Confidentiality.PRIVATE)])`.
   * @default - none: then clearance is required
   */
  readonly tagExpression?: LfTagExpression;
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

/**
 * Actions of a query that support no resource-level permissions (resource "*" in the service authorization
 * reference): Lake Formation's credential vending and the LF-tag reads the data analyst persona has (LF-DG
 * personas page), and Athena's ListWorkGroups (to find the workgroup in the console and in drivers).
 */
const QUERY_ACTIONS_WITHOUT_RESOURCES = ['athena:ListWorkGroups', 'lakeformation:GetDataAccess', 'lakeformation:GetLFTag',
  'lakeformation:GetResourceLFTags', 'lakeformation:ListLFTags', 'lakeformation:SearchDatabasesByLFTags', 'lakeformation:SearchTablesByLFTags'];
/**
 * The consumer admin's Lake Formation actions: read the catalog's permissions, LF-tags and registered
 * resources, and grant/revoke (what it received with the grant option). Lake Formation supports no
 * resource-level permissions; Lake Formation itself limits what the admin can grant. Not
 * PutDataLakeSettings: the stack owns the settings (DM-02, DM-03).
 */
const ADMIN_LAKE_FORMATION = ['lakeformation:BatchGrantPermissions', 'lakeformation:BatchRevokePermissions', 'lakeformation:DescribeResource',
  'lakeformation:GetDataCellsFilter', 'lakeformation:GetDataLakeSettings', 'lakeformation:GetEffectivePermissionsForPath', 'lakeformation:GetLFTag',
  'lakeformation:GetResourceLFTags', 'lakeformation:GrantPermissions', 'lakeformation:ListDataCellsFilter', 'lakeformation:ListLFTags',
  'lakeformation:ListPermissions', 'lakeformation:ListResources', 'lakeformation:RevokePermissions', 'lakeformation:SearchDatabasesByLFTags',
  'lakeformation:SearchTablesByLFTags'];
/** The consumer admin's RAM reads: the state of the governance account's shares and invitations (DM-29). No resource-level permissions. */
const ADMIN_RAM_READ = ['ram:GetResourceShareInvitations', 'ram:GetResourceShares'];
const ADMIN_GLUE_READ = ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetPartitions', 'glue:GetTable', 'glue:GetTables', 'glue:SearchTables'];

/** IAM Identity Center (SSO) permission-set roles: IAM refuses any policy change to them (UnmodifiableEntity). */
const SSO_ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';
const SSO_ROLE_PREFIX = 'AWSReservedSSO_';

/**
 * A consumer account of the mesh: Lake Formation settings, acceptance of the governance account's
 * RAM invitations, a resource link per shared database, an Athena workgroup, and local roles by
 * clearance (or by LF-tag expression) with the re-grants and IAM policies they need.
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
  public readonly adminRole: iam.IRole;
  /** The Athena workgroup of the consumer's roles. */
  public readonly workGroupName: string;
  /** The encrypted, expiring query-results bucket. */
  public readonly queryResultsBucket: s3.IBucket;
  /** The access-logs bucket. */
  public readonly accessLogsBucket: s3.IBucket;
  private readonly shares: ShareRecord[] = [];
  private readonly settings: LakeFormationSettings;
  private readonly grants: LakeFormationGrants;
  private readonly links = new Map<string, glue.CfnDatabase>();
  /** Every principal given query access (addRole, grantQuery): shares that arrive later are re-granted to them too. */
  private readonly grantees: Grantee[] = [];
  /** The consumer's shards (issue 13), by suffix: the resource links of each producer's products and their grants. */
  private readonly resultsBucket: s3.Bucket;
  private readonly resultsKey: kms.Key;
  private readonly acceptance?: RamAcceptance;
  /** Whether the roles get DESCRIBE on the discoverable products (D66). */
  private readonly discovery: boolean;
  private readonly roles = new Map<string, iam.Role>();
  private readonly rolePrincipal: iam.IPrincipal;
  /** The customer managed policies that carry the query statements of IAM Identity Center roles, by clearance. */
  private readonly ssoPolicies = new Map<string, iam.ManagedPolicy>();

  constructor(scope: Construct, id: string, props: DataConsumerProps) {
    super(scope, id);
    const { mesh } = props;
    requireMesh(this, mesh);
    if (!mesh.consumerDomains.includes(props.domain)) {
      throwValidationError(this, `domain '${props.domain}' is not a consumer domain of mesh '${mesh.name}' (consumers: ${listOf(mesh.consumerDomains)}). ` +
        `Use one of those, or add '${props.domain}' to consumers in the mesh description.`);
    }
    const consumer = mesh.consumer(props.domain);
    const stack = Stack.of(this);
    checkStackEnv(this, stack, mesh.consumerEnv(props.domain), `consumer '${props.domain}'`, `mesh.consumerEnv('${props.domain}')`);
    if (consumer.account === mesh.governanceAccount) {
      // The resource links take the product databases' names: in the governance catalog they would collide with the databases themselves.
      throwValidationError(this, `consumer '${consumer.domain}' is in the governance account ${mesh.governanceAccount}, where the product databases already exist ` +
        'under the names its resource links would take. Give the consumer domain its own account in the mesh description ' +
        '(a principal of the governance account is granted by the GovernanceHub, not shared with).');
    }
    this.mesh = mesh;
    this.domain = consumer.domain;
    registerMeshStack(this, MeshPhase.CONSUMER, mesh.name, consumer.domain);
    this.rolePrincipal = props.rolePrincipal ?? new iam.AccountRootPrincipal();
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (props.discovery !== undefined && typeof props.discovery !== 'boolean') {
      throwValidationError(this, `discovery is ${JSON.stringify(props.discovery)}; give true (the roles browse every discoverable product's metadata) or false.`);
    }
    this.discovery = props.discovery ?? true;

    // DM-30: shares are unusable until the consumer account has a Lake Formation admin.
    const settings = LakeFormationSettings.forMesh(this, mesh, props);
    this.settings = settings;
    this.grants = LakeFormationGrants.of(this, settings);
    const adminRole = new iam.Role(this, 'AdminRole', {
      assumedBy: this.rolePrincipal,
      description: `cdk-data-mesh ${mesh.name}/${consumer.domain}: consumer admin (Lake Formation admin of the consumer account)`,
    });
    this.adminRole = adminRole;
    settings.addAdmin(adminRole.roleArn);

    if (props.acceptRamInvitations ?? true) {
      // DM-29: accept the invitations at deploy time; the nonce re-runs acceptance when the shares change. Both are
      // computed at synthesis: a share declared after the consumer counts too.
      this.acceptance = new RamAcceptance(this, 'RamInvitations', {
        senderAccount: mesh.governanceAccount,
        nonce: Lazy.string({ produce: () => shareNonce(this.shares) }),
        // With discovery (D66), Lake Formation shares every discoverable product database through AWS RAM (version 3+): the
        // acceptance takes the invitations of the mesh's product databases, not only the linked ones, less the products of
        // this app that opted out of discovery and are not shared with this consumer (a product of another app is taken:
        // this app cannot tell whether it opted out). Accepting gives no data.
        databaseNames: Lazy.list({
          produce: () => {
            const optedOut = undiscoverableProducts(this, mesh.name);
            const discovered = this.discovery ? mesh.products.filter(p => !optedOut.has(p)) : [];
            return [...new Set([...this.links.keys(), ...discovered])].map(p => mesh.databaseName(p)).sort();
          },
        }),
      });
    }
    this.grantAdmin(adminRole);

    // What is shared: the explicit list, or every DataProductShare of the app for this consumer, whenever it is
    // declared (those declared so far now, later ones as they are declared: declaration order does not matter).
    if (props.receivedShares !== undefined) {
      this.explicitShares(props.receivedShares).forEach(r => this.receive(r));
    } else {
      sharesFor(this, mesh.name, consumer.domain).forEach(r => this.receive(r));
      onShare(this, mesh.name, consumer.domain, r => this.receive(r));
    }
    this.node.addValidation({
      // A consumer whose shares have all expired (time-bound access) has nothing, on purpose: their warnings say so.
      validate: () => this.shares.length > 0 || expiredSharesFor(this, mesh.name, consumer.domain).length > 0 ? [] : [
        `${labelOf(this)}: nothing is shared with consumer '${consumer.domain}': declare a DataProductShare ` +
        'for it in the same app (before or after the DataConsumer), or pass receivedShares (when the governance stack lives in another app).',
      ],
    });

    // Athena workgroup with an encrypted, expiring results bucket.
    this.workGroupName = `${mesh.name}-${consumer.domain}`;
    const workspace = createQueryWorkspace(this, {
      workGroupId: 'WorkGroup',
      workGroupName: this.workGroupName,
      workGroupDescription: `cdk-data-mesh ${mesh.name}: queries of consumer '${consumer.domain}'`,
      keyDescription: `cdk-data-mesh ${mesh.name}/${consumer.domain}: query results`,
      resultsRetention: props.queryResultsRetention ?? Duration.days(30),
      removalPolicy,
    });
    this.accessLogsBucket = workspace.accessLogsBucket;
    this.resultsKey = workspace.resultsKey;
    this.resultsBucket = workspace.resultsBucket;
    this.queryResultsBucket = workspace.resultsBucket;
  }

  /** The resource link names in the consumer catalog, by product (a frozen copy: shares declared later add links). */
  public get resourceLinks(): Record<string, string> {
    const names: Record<string, string> = {};
    for (const product of this.links.keys()) Object.defineProperty(names, product, { value: this.mesh.databaseName(product), enumerable: true });
    return Object.freeze(names);
  }

  /**
   * Every stack of the consumer: its own and its shards (issue 13: the resource links of each producer's products,
   * `<stack>-<producer>[-<n>]`), in deploy order. Apply tags and aspects to the app or stage, or to each of these.
   */
  public get stacks(): Stack[] {
    return [Stack.of(this), ...shardsOf(Stack.of(this))];
  }

  /**
   * Adds a local role (named `<mesh>-<domain>-<name>`) that sees the shared products up to `clearance`
   * (or, with `tagExpression`, what matches the expression: see `grantQueryByTags`): `DESCRIBE` on the
   * resource links, `SELECT` on the targets capped at the clearance, and the IAM policies a query needs
   * (DM-32).
   */
  public addRole(name: string, options: ConsumerRoleOptions): iam.Role {
    checkName(this, 'addRole name', name, ROLE_NAME);
    if ((options.clearance === undefined) === (options.tagExpression === undefined)) {
      throwValidationError(this, `addRole('${name}'): set exactly one of clearance (the role sees the shared columns up to a level) and tagExpression ` +
        `(the role sees the shared columns that match an LF-tag expression); ${options.clearance === undefined ? 'neither is set' : 'both are set'}.`);
    }
    if (this.roles.has(name)) {
      throwValidationError(this, `addRole: role '${name}' is added twice. Add each role once; to give another principal the same access, ` +
        'use grantQuery(role, clearance).');
    }
    const roleName = `${this.mesh.name}-${this.domain}-${name}`;
    const roleId = `Role${pascal(name)}`;
    const sameId = [...this.roles.keys()].find(other => `Role${pascal(other)}` === roleId);
    if (sameId !== undefined) {
      throwValidationError(this, `addRole name '${name}' would get construct ID '${roleId}', which role '${sameId}' (addRole('${sameId}')) already has: ` +
        'construct IDs keep only the letters and digits of a name. Rename one of the two roles so that they differ in a letter or digit, ' +
        `e.g. '${name.replace(/-/g, '')}x'.`);
    }
    const stack = Stack.of(this);
    claimAccountName(this, 'IAM role', `account ${stack.account}`, roleName,
      { owner: `consumer '${this.domain}' (${this.node.path})`, what: `role '${name}' (addRole('${name}'))` },
      'Role names are <mesh>-<domain>-<name>, and hyphens in domains and role names can make two of them equal: rename the role.');
    const role = new iam.Role(this, roleId, {
      roleName,
      assumedBy: options.sageMaker ? new iam.ServicePrincipal('sagemaker.amazonaws.com') : this.rolePrincipal,
      description: `cdk-data-mesh ${this.mesh.name}/${this.domain}: ${name} (` +
        (options.clearance !== undefined ? `clearance ${options.clearance})` : `tags ${describeTagExpression(options.tagExpression!)})`),
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
      suppressWildcards(role, [{
        resource: sageMakerLogs,
        reason: 'SageMaker names the log groups of its jobs, endpoints and notebooks itself under ' +
        '/aws/sagemaker/ (e.g. /aws/sagemaker/TrainingJobs); the statement is limited to that prefix.',
      }]);
    }
    // Messages name the call the user made (addRole), not the grant it makes.
    if (options.clearance !== undefined) {
      checkConfidentiality(this, 'clearance', options.clearance);
      this.grantAccess(role, { clearance: options.clearance, label: `addRole('${name}', { clearance: ${options.clearance} })`, policyKey: options.clearance });
    } else {
      this.grantByTags(role, options.tagExpression!, `addRole('${name}', { tagExpression: '${describeTagExpression(options.tagExpression!)}' })`);
    }
    this.roles.set(name, role);
    return role;
  }

  /**
   * Gives an existing IAM role the access of a consumer role with `clearance`: the Lake Formation
   * re-grants (to the role's ARN) and the IAM statements to query through the workgroup.
   *
   * It takes roles only: Lake Formation grants name the role, and an SSO user signs in through its
   * permission-set role. For a role of IAM Identity Center (a permission-set role: path
   * `/aws-reserved/sso.amazonaws.com/` or name `AWSReservedSSO_*`), IAM refuses any policy change
   * (`UnmodifiableEntity` at deploy time): the statements then go into a customer managed policy named
   * `<mesh>-<domain>-query-<clearance>` in this stack, attached to nothing, which the permission set must
   * reference as a customer managed policy (a synth warning says so); the returned grant's statements
   * are then those of that policy, not of the role.
   *
   * The role's ARN must be an IAM role ARN, and a role of another account than the consumer's is refused
   * (Lake Formation re-grants only to the account's own principals): both are synth errors when the ARN (or
   * the role's stack) shows it. An ARN whose account is a token is not checked here; the doctor checks the templates.
   *
   * @returns the grant of the IAM statements (for an IAM Identity Center role: in the customer managed policy) and of the
   *   Lake Formation re-grants of this stack: `grant.applyBefore(job)` makes the job wait for both (the `DESCRIBE` grants on
   *   the resource links live in the consumer's shards, `consumer.stacks`, which are deployed after this stack)
   */
  public grantQuery(role: iam.IRole, clearance: Confidentiality): iam.Grant {
    checkConfidentiality(this, 'clearance', clearance);
    return this.grantAccess(role, { clearance, label: `grantQuery(${roleLabel(role)}, ${clearance})`, policyKey: clearance });
  }

  /**
   * Gives an existing IAM role query access to what the consumer's tag-mode shares give it that matches an
   * LF-tag expression over any keys of the mesh's ontology (custom ones included), e.g.
   * `pii=false AND confidentiality IN (public, private)`: the Lake Formation re-grant of
   * `consumer_<domain>=yes AND <expression>` (to the role's ARN) and the IAM statements, as `grantQuery`.
   *
   * Lake Formation lets the consumer account re-grant only what it received with grant option (DM-22), so the
   * expression must stay within the share's (D42, checked at synth time whenever the share is declared): it
   * may name only keys and values the share's expression names (and confidentiality levels the share shows),
   * and must keep a condition on every key of the share's expression (the same values or fewer). The named
   * shares (tables, cellsFilter) are re-granted by clearance only: a role granted by expression gets none of
   * them (a synth warning says so). Build the expression from the hub's ontology (the same app).
   *
   * @returns the grant of the IAM statements and of the Lake Formation re-grants of this stack, as `grantQuery`
   */
  public grantQueryByTags(role: iam.IRole, tagExpression: LfTagExpression): iam.Grant {
    return this.grantByTags(role, tagExpression, `grantQueryByTags(${roleLabel(role)}, '${describeTagExpression(tagExpression)}')`);
  }

  /** grantQueryByTags, with the label of the call the user made (grantQueryByTags or addRole) for messages. */
  private grantByTags(role: iam.IRole, tagExpression: LfTagExpression, label: string): iam.Grant {
    const conditions = (tagExpression as LfTagExpression | undefined)?.conditions;
    if (!Array.isArray(conditions)) {
      throwValidationError(this, `${label}: tagExpression is not an LfTagExpression. Build it with ` +
        'LfTagExpression.of([...]) from the ontology of the mesh\'s governance stack.');
    }
    const ontology = conditions[0].key.ontology;
    if (ontology.mesh.name !== this.mesh.name) {
      throwValidationError(this, `${label}: the expression comes from the ontology of mesh '${ontology.mesh.name}' ('${ontology.node.path}'), not of mesh ` +
        `'${this.mesh.name}'. Build it from the LfTagOntology of mesh '${this.mesh.name}'.`);
    }
    const consumerKey = conditions.find(c => this.mesh.consumerDomains.some(d => consumerKeyName(d) === c.keyName));
    if (consumerKey) {
      throwValidationError(this, `${label}: the expression names consumer key '${consumerKey.keyName}'; the re-grant adds ${consumerKeyName(this.domain)}=${CONSUMER_VALUE} ` +
        'itself (the key the governance account tags what it shares with this consumer). Remove the consumer key from the expression.');
    }
    if (conditions.length > MAX_EXPRESSION_KEYS - 1) {
      throwValidationError(this, `${label}: the expression has ${conditions.length} conditions; at most ${MAX_EXPRESSION_KEYS - 1} fit, since Lake Formation accepts ` +
        `${MAX_EXPRESSION_KEYS} keys in an expression (DM-19) and the re-grant adds ${consumerKeyName(this.domain)}=${CONSUMER_VALUE}. Use fewer keys.`);
    }
    return this.grantAccess(role, { expression: clausesOf(tagExpression), label, policyKey: 'tags' });
  }

  /** The Lake Formation re-grants and IAM statements of a role given query access (grantQuery, grantQueryByTags). */
  private grantAccess(role: iam.IRole, access: QueryAccess): iam.Grant {
    checkRoleArn(this, `${access.label}: the role's roleArn`, role.roleArn);
    // The ARN's account when it is written in the ARN, else the account of the role's stack when known (a role created in the app).
    const stackAccount = role.env?.account;
    const account = roleArnAccount(role.roleArn) ?? (stackAccount === undefined || Token.isUnresolved(stackAccount) ? undefined : stackAccount);
    const own = Stack.of(this).account;
    if (account !== undefined && !Token.isUnresolved(own) && account !== own) {
      throwValidationError(this, `${access.label}: the role is in account ${account}, but consumer '${this.domain}' is account ${own}. Lake Formation lets an ` +
        'account re-grant what it received only to principals of its own account (DM-22), and the query policy would be written to another account\'s role. ' +
        `Pass a role of account ${own} (e.g. iam.Role.fromRoleArn(this, 'Analyst', 'arn:aws:iam::${own}:role/<name>')), or add a DataConsumer for ` +
        `account ${account}'s domain and share with it.`);
    }
    // The returned grant carries the Lake Formation re-grants too: grant.applyBefore(job) waits for them (those of shares
    // declared later included: the dependable is read at synthesis).
    const queryer: Grantee = {
      role, principal: role.roleArn, clearance: access.clearance, expression: access.expression, label: access.label, made: [],
    };
    this.grantees.push(queryer);
    for (const share of this.shares) this.regrant(queryer, share);
    for (const product of this.links.keys()) this.describeLink(queryer, product);
    if (this.discovery) this.discover(queryer);
    // Only the grants of this stack: the links' DESCRIBE grants live in the shards, which deploy after this stack, so
    // something of this stack cannot wait for them (a cycle); they exist before any query can use the links anyway.
    const lakeFormation = lazyDependable(() => queryer.made.filter(g => Stack.of(g) === Stack.of(this)));
    const { statements, wildcards } = this.queryStatements();
    if (isIdentityCenterRole(role)) return this.grantThroughManagedPolicy(role, access, statements, wildcards, lakeFormation);
    const grantee = new WithLakeFormationGrants(role.grantPrincipal, lakeFormation);
    let grant: iam.Grant | undefined;
    for (const statement of statements) {
      const one = iam.Grant.addToPrincipal({
        grantee,
        actions: statement.actions,
        resourceArns: statement.resources,
        conditions: statement.conditions,
      });
      grant = grant ? grant.combine(one) : one;
    }
    // cdk-nag reports IAM5 on the role's policy: suppress each wildcard there, exactly.
    if (Stack.of(role) === Stack.of(this)) suppressWildcards(role, wildcards);
    return grant!;
  }

  /**
   * An IAM Identity Center role cannot take a policy: the statements go into a customer managed policy
   * (one per clearance, attached to nothing) that the permission set references.
   */
  private grantThroughManagedPolicy(role: iam.IRole, access: QueryAccess, statements: iam.PolicyStatement[],
    wildcards: Wildcard[], lakeFormation: IDependable): iam.Grant {
    // One policy per clearance (and one for the roles granted by expression): the statements are the same, the name tells the permission set's owner which.
    const key = access.policyKey;
    let policy = this.ssoPolicies.get(key);
    const name = `${this.mesh.name}-${this.domain}-query-${key}`;
    if (!policy) {
      policy = new iam.ManagedPolicy(this, `QueryPolicy${pascal(key)}`, {
        managedPolicyName: name,
        description: `cdk-data-mesh ${this.mesh.name}/${this.domain}: query access ${key === 'tags' ? 'by LF-tag expression' : `up to ${key}`}, ` +
          'for IAM Identity Center permission sets',
      });
      this.ssoPolicies.set(key, policy);
    }
    // A grant whose statements are in the managed policy (identical statements of a second role of the same clearance render once).
    const grantee = new WithLakeFormationGrants(new ManagedPolicyGrantee(role, policy), lakeFormation);
    let grant: iam.Grant | undefined;
    for (const statement of statements) {
      const one = iam.Grant.addToPrincipal({
        grantee, actions: statement.actions, resourceArns: statement.resources, conditions: statement.conditions,
      });
      grant = grant ? grant.combine(one) : one;
    }
    suppressWildcards(policy.node.defaultChild as CfnResource, wildcards);
    Annotations.of(this).addWarningV2('cdk-data-mesh:sso-role-policy',
      `${labelOf(this)}: ${access.label}: IAM Identity Center roles cannot take a policy (UnmodifiableEntity), so the ` +
      `query statements are in the customer managed policy '${name}' of account ${Stack.of(this).account}. Reference it from the role's ` +
      'permission set as a customer managed policy (same name, path /); the Lake Formation grants to the role are made here.');
    return grant!;
  }

  /**
   * The consumer admin's IAM policy (DM-30), scoped where the actions allow it (see ADMIN_LAKE_FORMATION). A policy of
   * its own rather than the AWS managed AWSLakeFormationDataAdmin: that one allows lakeformation:* and Glue's database
   * and table create/update/delete on every resource, and AWS changes it over time; this admin only reads the catalog
   * and manages Lake Formation permissions, which it can do on nothing but "*" anyway (Lake Formation has no
   * resource-level permissions for them), and cdk-nag needs no IAM4 exception.
   */
  private grantAdmin(role: iam.Role): void {
    const gov = this.mesh.governanceAccount;
    const govArn = (resource: string, resourceName?: string) => glueArn(this, resource, resourceName, { account: gov });
    const dbs = productDatabasePattern(this.mesh.name);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'AdminLakeFormationAndRam',
      actions: [...ADMIN_LAKE_FORMATION, ...ADMIN_RAM_READ],
      resources: ['*'],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'AdminCatalogRead',
      actions: ADMIN_GLUE_READ,
      resources: [
        // The whole consumer catalog (the admin administers it), and in the governance catalog the shared databases only.
        glueArn(this, 'catalog'), glueArn(this, 'database', '*'), glueArn(this, 'table', '*'),
        govArn('catalog'), govArn('database', dbs), govArn('table', `${dbs}/*`),
      ],
    }));
    if (this.mesh.catalogEncryptionKeyArn) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'CatalogKey', actions: ['kms:Decrypt'], resources: [this.mesh.catalogEncryptionKeyArn] }));
    }
    suppressWildcards(role, [
      {
        resource: '*',
        reason: 'Lake Formation\'s permission and LF-tag actions and RAM\'s GetResourceShareInvitations/GetResourceShares support no resource-level ' +
        'permissions (resource "*" in the service authorization reference); Lake Formation itself limits what the consumer admin can grant ' +
        'to what the consumer account holds with the grant option.',
      },
      {
        resource: glueArn(this, 'database', '*'),
        reason: 'The consumer admin is a Lake Formation admin of the consumer catalog: it reads every database ' +
        'of that catalog (Lake Formation still decides what it sees); write actions are not granted.',
      },
      {
        resource: glueArn(this, 'table', '*'),
        reason: 'The consumer admin is a Lake Formation admin of the consumer catalog: it reads every table of ' +
        'that catalog (Lake Formation still decides what it sees); write actions are not granted.',
      },
      {
        resource: govArn('database', dbs),
        reason: `The mesh's product databases in the governance catalog, by the derived name pattern ${dbs} (one ARN per ` +
        'shared product would grow the policy past IAM\'s size quota, DM-42): which of them the consumer holds is decided by Lake Formation grants.',
      },
      {
        resource: govArn('table', `${dbs}/*`),
        reason: `Tables of the mesh's product databases ${dbs} in the governance catalog: which of them the consumer ` +
        'holds is decided by Lake Formation grants.',
      },
    ]);
  }

  /** A share arrives (at construction, or later from a DataProductShare declared after the consumer). */
  private receive(share: ShareRecord): void {
    this.shares.push(share);
    for (const product of share.products) {
      if (this.links.has(product)) continue;
      this.link(product);
      for (const grantee of this.grantees) this.describeLink(grantee, product);
    }
    for (const grantee of this.grantees) this.regrant(grantee, share);
  }

  /** DM-30: the resource link of a shared product's database, in the product's shard of this consumer (issue 13). */
  private link(product: string): void {
    const mesh = this.mesh;
    const stack = Stack.of(this);
    const name = mesh.databaseName(product);
    // Two consumer domains of one account would both link a product shared with both (decisions.md: a synth-time error).
    claimAccountName(this, 'Glue database', `the catalog of account ${stack.account} (${stack.region})`, name,
      { owner: `consumer '${this.domain}' (${this.node.path})`, what: `the resource link of product '${product}'` },
      `Lake Formation shares with the account, not with a domain: one link serves every consumer domain of account ${stack.account}. ` +
      `Share product '${product}' with only one of these consumer domains, or give consumer '${this.domain}' an account of its own ` +
      'in the mesh description.');
    const link = new glue.CfnDatabase(this.shard(product).scope, `Link${pascal(product)}`, {
      catalogId: stack.account,
      databaseInput: { name, targetDatabase: { catalogId: mesh.governanceAccount, databaseName: name } },
    });
    this.settings.gate(link);
    if (this.acceptance) after(link, this.acceptance.resource.node.defaultChild as CfnResource);
    this.links.set(product, link);
  }

  /** The shard of this consumer that holds a product's link (created on first use): `<stack>-<producer>[-<n>]`. */
  private shard(product: string): OwnerShard {
    return productShard({ owner: this, mesh: this.mesh, product, settings: this.settings, consumer: this.domain });
  }

  /** DESCRIBE on a product's link: querying through a link needs it (LF-DG "Resource link handling in AWS Glue APIs"). */
  private describeLink(grantee: Grantee, product: string): void {
    const link = this.links.get(product)!;
    const principal = this.shardPrincipal(grantee, Stack.of(link));
    this.grant(this.shard(product).grants, grantee, principal, {
      database: {
        catalogId: Stack.of(this).account,
        name: this.mesh.databaseName(product),
      },
    },
    ['DESCRIBE'], [link]);
  }

  /**
   * How a grant in `stack` names the grantee: its ARN, or, for a role of this stack with a literal name, the ARN built
   * from that name (no cross-stack export; the shard deploys after this stack, so the role exists).
   */
  private shardPrincipal(grantee: Grantee, stack: Stack): string {
    if (stack === Stack.of(this) || Stack.of(grantee.role) !== Stack.of(this)) return grantee.principal;
    // Only a role this app creates in this stack with a literal name and no path: an imported role's ARN is used as given
    // (its name alone drops its path, e.g. /aws-reserved/sso.amazonaws.com/...).
    const cfn = grantee.role.node.defaultChild;
    if (!(cfn instanceof iam.CfnRole) || cfn.roleName === undefined || Token.isUnresolved(cfn.roleName) || (cfn.path !== undefined && cfn.path !== '/')) {
      return grantee.principal;
    }
    return Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: cfn.roleName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  }

  /**
   * D66: DESCRIBE (never SELECT) on what carries `discoverable=yes` in the governance catalog, re-granted from the hub's
   * discovery grants to this account (which carry the grant option, DM-22): the role browses every discoverable product.
   * Two grants per role in this stack (they name the LF-tag only), none per product; and DESCRIBE on each value of the
   * `confidentiality` and `producer` LF-tags (held with grant option from the hub's discovery grants), without which
   * Lake Formation hides the tags on the resources the role browses (one grant per value, as the hub's).
   */
  private discover(grantee: Grantee): void {
    const gov = this.mesh.governanceAccount;
    const deps: CfnResource[] = this.acceptance ? [this.acceptance.resource.node.defaultChild as CfnResource] : [];
    const expression = [{ tagKey: DISCOVERY_KEY, tagValues: [DISCOVERY_VALUE] }];
    for (const resourceType of ['DATABASE', 'TABLE']) {
      this.grant(this.grants, grantee, grantee.principal, { lfTagPolicy: { catalogId: gov, resourceType, expression } }, ['DESCRIBE'], deps);
    }
    const tags: Array<[string, readonly string[]]> = [[CONFIDENTIALITY_KEY, CONFIDENTIALITY_ORDER], [PRODUCER_KEY, this.mesh.producerDomains]];
    for (const [tagKey, values] of tags) {
      for (const value of values) {
        this.grant(this.grants, grantee, grantee.principal, { lfTag: { catalogId: gov, tagKey, tagValues: [value] } }, ['DESCRIBE'], deps);
      }
    }
  }

  private regrant(grantee: Grantee, share: ShareRecord): void {
    const { clearance, principal } = grantee;
    const gov = this.mesh.governanceAccount;
    // The re-grants name the governance catalog's resources (through the share), not the links: they wait for the acceptance only.
    const deps: CfnResource[] = this.acceptance ? [this.acceptance.resource.node.defaultChild as CfnResource] : [];
    if (share.mode !== 'tags') {
      if (clearance === undefined) {
        this.warnSeesNothing(grantee, share, 'a named share (tables or cellsFilter) is re-granted by clearance, and this role is granted by LF-tag expression',
          'Also grant the role a clearance (grantQuery), or share these columns by tag expression.');
        return;
      }
      for (const t of share.tables ?? []) this.regrantTable(grantee, share, t, deps);
      return;
    }
    // D42: the role's expression, within what the share gives (DM-22): for a clearance, the share's expression with its
    // confidentiality condition narrowed to the clearance; for an expression, the expression itself, once it is checked.
    let clauses: TagClause[];
    if (clearance !== undefined) {
      const levels = shareLevels(share).filter(l => confidentialityRank(l) <= confidentialityRank(clearance));
      if (levels.length === 0) {
        this.warnSeesNothing(grantee, share, `it shows only ${shareLevels(share).join(', ')}, above ${clearance}`);
        return;
      }
      clauses = [...shareClauses(share).filter(c => c.key !== CONFIDENTIALITY_KEY), { key: CONFIDENTIALITY_KEY, values: levels }];
    } else {
      const problem = regrantProblem(this.domain, share, grantee.expression!);
      if (problem) {
        throwValidationError(this, `${grantee.label}: the expression ${problem.why} (${share.declaredBy}; DM-22: an account re-grants only what it ` +
          `received with grant option). ${problem.fix}`, 'DM-22');
      }
      clauses = grantee.expression!;
    }
    const consumerTag = { tagKey: consumerKeyName(this.domain), tagValues: [CONSUMER_VALUE] };
    this.grant(this.grants, grantee, principal, { lfTagPolicy: { catalogId: gov, resourceType: 'DATABASE', expression: [consumerTag] } }, ['DESCRIBE'], deps);
    this.grant(this.grants, grantee, principal, {
      lfTagPolicy: { catalogId: gov, resourceType: 'TABLE', expression: [consumerTag, ...clauses.map(c => ({ tagKey: c.key, tagValues: [...c.values] }))] },
    }, ['DESCRIBE', 'SELECT'], deps);
  }

  private regrantTable(grantee: Grantee, share: ShareRecord, t: SharedTable, deps: CfnResource[]): void {
    const clearance = grantee.clearance!;
    const gov = this.mesh.governanceAccount;
    const grants = this.shard(t.product).grants;
    const principal = this.shardPrincipal(grantee, Stack.of(grants));
    const visible = t.columns.filter(c => confidentialityRank(c.level) <= confidentialityRank(clearance)).map(c => c.name).sort();
    const above = t.columns.filter(c => confidentialityRank(c.level) > confidentialityRank(clearance)).map(c => c.name);
    const table = `${t.product}.${t.table}`;
    if (visible.length === 0) {
      this.warnSeesNothing(grantee, share, `every column it shares of table '${table}' (${above.join(', ')}) is above ${clearance}`);
      return;
    }
    if (share.mode === 'cells') {
      // A data-cells filter is all or nothing for the grantee; roles whose clearance is below a visible column do not get it.
      if (visible.length < t.columns.length) {
        this.warnSeesNothing(grantee, share, `its data-cells filter '${share.filterName}' on table '${table}' shows column(s) ` +
          `${above.join(', ')} above ${clearance}, and a filter is granted whole or not at all`);
        return;
      }
      // The consumer account holds only SELECT (with grant option) on a filter: that is all it can pass on.
      this.grant(grants, grantee, principal, {
        dataCellsFilter: {
          tableCatalogId: gov,
          databaseName: t.databaseName,
          tableName: t.table,
          name: share.filterName!,
        },
      },
      ['SELECT'], deps);
      return;
    }
    const base = { catalogId: gov, databaseName: t.databaseName, name: t.table };
    const whole = t.wholeTable && visible.length === t.columns.length;
    const resource: GrantResource = whole ? { table: base } : { tableWithColumns: { ...base, columnNames: visible } };
    this.grant(grants, grantee, principal, resource, resource.table ? ['DESCRIBE', 'SELECT'] : ['SELECT'], deps);
  }

  /** A role that gets nothing of a share: not an error (another share may serve it), but rarely what was meant. */
  private warnSeesNothing(grantee: Grantee, share: ShareRecord, why: string,
    fix = 'Raise the role\'s clearance, or share columns (or a filter) it may see.'): void {
    const access = grantee.clearance !== undefined ? `clearance ${grantee.clearance}` : `tags ${describeClauses(grantee.expression!)}`;
    Annotations.of(this).addWarningV2('cdk-data-mesh:role-sees-nothing',
      `${labelOf(this)}: role ${roleLabel(grantee.role)} (${access}) sees nothing of ${share.declaredBy}: ${why}. ${fix}`);
  }

  private grant(grants: LakeFormationGrants, grantee: Grantee, principal: string, resource: GrantResource, permissions: string[],
    dependsOn: CfnResource[]): void {
    grantee.made.push(grants.grant({ requester: this, principal, resource, permissions, dependsOn }));
  }

  /**
   * The IAM statements a query needs (DM-32, DM-33), scoped to the shared databases, the workgroup and the
   * results bucket and key wherever the action supports it, and the cdk-nag reason of each wildcard.
   */
  private queryStatements(): { statements: iam.PolicyStatement[]; wildcards: Wildcard[] } {
    const stack = Stack.of(this);
    const gov = this.mesh.governanceAccount;
    const govArn = (resource: string, resourceName?: string) => glueArn(this, resource, resourceName, { account: gov });
    // The mesh's product databases and their links by name pattern (<mesh>_*), not one ARN per shared product: the policy's size
    // stays constant (IAM caps a managed policy at 6,144 characters, DM-42); Lake Formation decides which of them the role sees.
    const dbs = productDatabasePattern(this.mesh.name);
    const results = this.resultsBucket.arnForObjects('results/*');
    const statements = [
      new iam.PolicyStatement({
        actions: GLUE_QUERY_READ,
        resources: [
          glueArn(this, 'catalog'), govArn('catalog'),
          glueArn(this, 'database', dbs), glueArn(this, 'table', `${dbs}/*`),
          govArn('database', dbs), govArn('table', `${dbs}/*`),
        ],
      }),
      new iam.PolicyStatement({ actions: QUERY_ACTIONS_WITHOUT_RESOURCES, resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ATHENA_QUERY_ACTIONS,
        resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
      }),
      new iam.PolicyStatement({
        actions: ['athena:GetDataCatalog'],
        resources: [stack.formatArn({ service: 'athena', resource: 'datacatalog', resourceName: 'AwsDataCatalog', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
      }),
      // s3:ListBucket stays on the bucket without an s3:prefix condition: Athena documents ListBucket on the results bucket, not which
      // prefixes it lists, and a condition it does not meet fails every query ("Unable to verify/create output bucket").
      new iam.PolicyStatement({
        actions: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
        resources: [this.resultsBucket.bucketArn, results],
      }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.resultsKey.keyArn] }),
      // DM-33: reading a shared table's metadata decrypts it with the caller's permissions (the key policy must admit the account too).
      ...(this.mesh.catalogEncryptionKeyArn ? [new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [this.mesh.catalogEncryptionKeyArn] })] : []),
    ];
    const wildcards: Wildcard[] = [
      {
        resource: glueArn(this, 'database', dbs),
        reason: `The resource links of the consumer catalog, by the mesh's derived name pattern ${dbs} (one ARN ` +
        'per shared product would grow the policy past IAM\'s size quota, DM-42): which links exist and what they show is decided by Lake Formation.',
      },
      {
        resource: glueArn(this, 'table', `${dbs}/*`),
        reason: `Tables seen through the resource links ${dbs} of the consumer catalog: which tables are shared ` +
        'is decided in the governance account (tag expressions, at run time), so only the links can be named.',
      },
      {
        resource: govArn('database', dbs),
        reason: `The mesh's product databases in the governance catalog, by the derived name pattern ${dbs}: Lake Formation ` +
        'decides which of them are shared with this consumer (a database that is not shared stays invisible whatever IAM allows).',
      },
      {
        resource: govArn('table', `${dbs}/*`),
        reason: `Tables of the mesh's product databases ${dbs} in the governance catalog: Lake Formation decides ` +
        'which of them the role may read.',
      },
      {
        resource: '*',
        reason: 'lakeformation:GetDataAccess and the LF-tag reads of the data analyst persona, and athena:ListWorkGroups, support no resource-level ' +
        'permissions (resource "*" in the service authorization reference); Lake Formation itself decides, per table and principal, which ' +
        'data it vends credentials for.',
      },
      {
        resource: results,
        reason: 'Athena writes each query result under results/ of the consumer\'s own query-results bucket with a generated name; ' +
        'the statement is limited to that prefix.',
      },
    ];
    return { statements, wildcards };
  }

  private explicitShares(received: ReceivedShare[]): ShareRecord[] {
    const kinds = received.map((r, i) => {
      const prop = `receivedShares[${i}]`;
      if ((r.maxConfidentiality === undefined) === (r.tagExpression === undefined)) {
        throwValidationError(this, `${prop}: set exactly one of maxConfidentiality and tagExpression (those of the governance account's DataProductShare); ` +
          `${r.maxConfidentiality === undefined ? 'neither is set' : 'both are set'}.`);
      }
      if (r.maxConfidentiality !== undefined) {
        checkConfidentiality(this, `${prop}.maxConfidentiality`, r.maxConfidentiality,
          'Use the maxConfidentiality of the governance account\'s DataProductShare.');
      }
      if (!Array.isArray(r.products) || r.products.length === 0) {
        throwValidationError(this, `${prop}.products is empty. List the products the governance account shares with '${this.domain}'.`);
      }
      const expression = r.tagExpression === undefined ? undefined : this.receivedExpression(`${prop}.tagExpression`, r.tagExpression);
      return { ceiling: r.maxConfidentiality, expression };
    });
    // Tag-mode shares to one consumer grant one ceiling or one expression over every database tagged consumer_<domain>=yes (see DataProductShare).
    const describe = (k: { ceiling?: Confidentiality; expression?: TagClause[] }) =>
      k.expression ? `tagExpression '${describeClauses(k.expression)}'` : `maxConfidentiality ${k.ceiling}`;
    const other = kinds.findIndex(k => k.ceiling !== kinds[0].ceiling || (k.expression === undefined) !== (kinds[0].expression === undefined) ||
      (k.expression !== undefined && !sameClauses(k.expression, kinds[0].expression!)));
    const ceilings = new Set(kinds.map(k => k.ceiling));
    if (other >= 0 && kinds.every(k => k.expression === undefined)) {
      throwValidationError(this, `receivedShares use ceilings ${[...ceilings].join(', ')}; tag-mode shares to one consumer use one ceiling (see DataProductShare). ` +
        `Give every entry the maxConfidentiality of the governance account's shares to '${this.domain}'.`);
    }
    if (other >= 0) {
      throwValidationError(this, `receivedShares[0] has ${describe(kinds[0])} but receivedShares[${other}] has ${describe(kinds[other])}; tag-mode shares to one ` +
        `consumer use one ceiling or one expression (see DataProductShare). Give every entry that of the governance account's shares to '${this.domain}'.`);
    }
    return received.map((r, i) => {
      r.products.forEach(p => {
        if (!this.mesh.products.includes(p)) {
          throwValidationError(this, `receivedShares[${i}].products names '${p}', which is not a product of the mesh (products: ${listOf(this.mesh.products)}). ` +
            `List the products the governance account's DataProductShare shares with '${this.domain}', by their names in the mesh description.`);
        }
      });
      // The same record a share of the same app makes: re-grants (by clearance or expression, DM-22) and the RAM nonce read it.
      return {
        consumer: this.domain,
        mode: 'tags' as const,
        products: [...r.products],
        ceiling: kinds[i].ceiling,
        expression: kinds[i].expression,
        declaredBy: `${labelOf(this)} receivedShares[${i}]`,
      };
    });
  }

  /**
   * A received share's expression as clauses (sorted by key; confidentiality levels in their order, other values sorted), checked as the
   * ontology checks keys and values, and as DataProductShare checks an expression (no consumer key, at most MAX_EXPRESSION_KEYS - 1 keys).
   */
  private receivedExpression(prop: string, conditions: ReceivedTagCondition[]): TagClause[] {
    const example = 'e.g. [{ key: \'pii\', values: [\'false\'] }]';
    if (!Array.isArray(conditions) || conditions.length === 0) {
      throwValidationError(this, `${prop} is empty. List the conditions of the governance account's DataProductShare tagExpression, ${example}.`);
    }
    if (conditions.length > MAX_EXPRESSION_KEYS - 1) {
      throwValidationError(this, `${prop} has ${conditions.length} conditions; at most ${MAX_EXPRESSION_KEYS - 1} fit, since Lake Formation accepts ` +
        `${MAX_EXPRESSION_KEYS} keys in an expression (DM-19) and the share adds ${consumerKeyName(this.domain)}=${CONSUMER_VALUE}. Use the share's expression.`);
    }
    const clauses = conditions.map((c, i) => {
      checkName(this, `${prop}[${i}].key`, c?.key, TAG_TEXT);
      if (this.mesh.consumerDomains.some(d => consumerKeyName(d) === c.key)) {
        throwValidationError(this, `${prop}[${i}].key '${c.key}' is a consumer key; the share adds ${consumerKeyName(this.domain)}=${CONSUMER_VALUE} itself. ` +
          'Remove the consumer key from the expression.');
      }
      if (conditions.findIndex(o => o?.key === c.key) < i) {
        throwValidationError(this, `${prop}[${i}].key '${c.key}' is named twice. Give each key one condition with all of its values.`);
      }
      if (!Array.isArray(c.values) || c.values.length === 0) {
        throwValidationError(this, `${prop}[${i}].values of key '${c.key}' is empty. List the values the share matches, ${example}.`);
      }
      c.values.forEach((v, j) => {
        checkName(this, `${prop}[${i}].values[${j}]`, v, TAG_TEXT);
        if (c.key === CONFIDENTIALITY_KEY) checkConfidentiality(this, `${prop}[${i}].values[${j}]`, v as Confidentiality);
      });
      const dup = duplicates(c.values);
      if (dup.length > 0) throwValidationError(this, `${prop}[${i}].values of key '${c.key}' lists '${dup[0]}' twice. List each value once.`);
      const values = c.key === CONFIDENTIALITY_KEY ? CONFIDENTIALITY_ORDER.filter(l => c.values.includes(l)) : [...c.values].sort();
      return { key: c.key, values };
    });
    return clauses.sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  }
}

/**
 * The grantee of an IAM Identity Center role's query statements: it stands for the role (same principal) but
 * adds the statements to the customer managed policy the role's permission set references.
 */
class ManagedPolicyGrantee implements iam.IPrincipal {
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly assumeRoleAction: string;
  public readonly policyFragment: iam.PrincipalPolicyFragment;
  public readonly principalAccount?: string;

  constructor(role: iam.IRole, private readonly policy: iam.ManagedPolicy) {
    this.assumeRoleAction = role.assumeRoleAction;
    this.policyFragment = role.policyFragment;
    this.principalAccount = role.principalAccount;
  }

  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }
}

/** How a role is given query access: by clearance or by expression (D42), the call's label for messages, and the IAM Identity Center policy it shares. */
interface QueryAccess {
  readonly clearance?: Confidentiality;
  readonly expression?: TagClause[];
  readonly label: string;
  /** The suffix of the customer managed policy of IAM Identity Center roles: the clearance, or `tags`. */
  readonly policyKey: string;
}

/** A principal given query access: its re-grants are made for every share, also those declared after it. */
interface Grantee {
  readonly role: iam.IRole;
  readonly principal: string;
  /** What the role sees: the shared columns up to a clearance, or (D42) those matching an LF-tag expression (exactly one is set). */
  readonly clearance?: Confidentiality;
  readonly expression?: TagClause[];
  /** The call that gave the access, for messages: `grantQuery('<role>', private)`. */
  readonly label: string;
  /** The Lake Formation grants made (or merged into) for it. */
  readonly made: CfnResource[];
}

/** A dependable whose members are read when dependencies are resolved (at synthesis), not when it is made. */
function lazyDependable(members: () => IConstruct[]): IDependable {
  const dependable: IDependable = {};
  Dependable.implement(dependable, { get dependencyRoots() { return members(); } });
  return dependable;
}

/** True for an IAM Identity Center (SSO) permission-set role, told by its ARN's path or its name (when they are known at synth time). */
function isIdentityCenterRole(role: iam.IRole): boolean {
  const arn = Token.isUnresolved(role.roleArn) ? '' : role.roleArn;
  const name = Token.isUnresolved(role.roleName) ? '' : role.roleName;
  return arn.includes(`:role${SSO_ROLE_PATH}`) || name.startsWith(SSO_ROLE_PREFIX);
}

/** A role as a message names it: its name when known at synth time (imported, or created with a roleName), else its construct path. */
function roleLabel(role: iam.IRole): string {
  if (!Token.isUnresolved(role.roleName)) return `'${role.roleName}'`;
  const cfn = role.node.defaultChild;
  if (cfn instanceof iam.CfnRole && cfn.roleName !== undefined && !Token.isUnresolved(cfn.roleName)) return `'${cfn.roleName}'`;
  return `'${role.node.path}'`;
}

/**
 * Changes whenever what the consumer receives changes, so that a stack update re-runs the RAM acceptance
 * (DM-29): products and ceilings, and for named shares the tables, columns and filters (a new named grant
 * may come with a new invitation).
 */
function shareNonce(shares: ShareRecord[]): string {
  // Tag shares keep the nonce they always had (shares by expression add it); named shares add what they name.
  const parts = shares.map(s => s.mode === 'tags'
    ? [s.mode, s.products, s.ceiling ?? null, ...(s.expression ? [s.expression.map(c => [c.key, c.values])] : [])]
    : [s.mode, s.products, null, s.filterName ?? null, (s.tables ?? []).map(t => [t.databaseName, t.table, t.columns.map(c => c.name)])]);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

