import * as path from 'path';
import { Annotations, ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lf from 'aws-cdk-lib/aws-lakeformation';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Confidentiality } from './confidentiality';
import { DataProduct, DataProductOptions } from './data-product';
import { DataProductShare } from './data-product-share';
import { LfTagOntology } from './lf-tag-ontology';
import { MedallionLayer, MeshDescription } from './mesh';
import { glueArn, GLUE_CATALOG_READ } from './private/catalog';
import { MeshPhase, registerMeshStack } from './private/deploy-order';
import { ErrorScope, labelOf, throwValidationError } from './private/errors';
import { HubShard, provideHubContext } from './private/hub-context';
import { checkRoleArn } from './private/iam-arn';
import { dependOnRolePolicy, LakeFormationGrants, LakeFormationSettings } from './private/lake-formation';
import { requireMesh } from './private/mesh-construct';
import { GET_DATA_ACCESS_REASON, suppressNag, suppressWildcards } from './private/nag';
import { ATHENA_QUERY_ACTIONS, createQueryWorkspace } from './private/query-workspace';
import { productShard, shardsOf } from './private/shards';
import { expiryWarning, recordShareMetadata, todayOf } from './private/share-metadata';
import { allShares, recordExpiredShare } from './private/share-registry';
import { checkStackEnv } from './private/stack-env';
import { pascal, productDatabasePattern } from './private/strings';
import { describeClauses } from './private/tag-expressions';
import { CONFIDENTIALITY_ORDER } from './private/tags';
import { listOf } from './private/validation';
import { checkRequestDirectory, checkRequests, CheckedRequest, formatProblems, MeshView } from './report/requests';
import { LakeFormationSettingsOptions } from './settings';

/** Props of a `GovernanceHub`. */
export interface GovernanceHubProps extends LakeFormationSettingsOptions {
  /** The mesh description. */
  readonly mesh: MeshDescription;
  /** The mesh's LF-tag ontology (in the same stack). */
  readonly ontology: LfTagOntology;
  /**
   * Additional Lake Formation admins of the governance account (e.g. an SSO permission-set role).
   * Roles you pass must outlive the stack's settings (DM-03).
   * @default - only the hub's admin role and the deployment role
   */
  readonly additionalAdmins?: iam.IRole[];
  /**
   * The principal allowed to assume the governance admin role, which is a Lake Formation admin of the
   * governance account (it can read every data product and grant access to it across accounts).
   *
   * The default trusts the governance account itself (`AccountRootPrincipal`): every IAM user and role
   * of that account whose own IAM policy allows `sts:AssumeRole` on this role can assume it. Pass the
   * role your governance admins actually use instead, e.g. their IAM Identity Center permission-set
   * role (`iam.Role.fromRoleArn(this, 'Admins', 'arn:aws:iam::<governance account>:role/aws-reserved/sso.amazonaws.com/<region>/AWSReservedSSO_<set>_<id>')`).
   * @default - the governance account (`AccountRootPrincipal`): any principal of the governance account that IAM allows to assume it
   */
  readonly adminPrincipal?: iam.IPrincipal;
  /**
   * What happens to the query-results and access-logs buckets and the results key when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long admin query results are kept.
   * @default Duration.days(30)
   */
  readonly queryResultsRetention?: Duration;
}

/** DM-13: what Lake Formation needs of a producer's gold key, without action wildcards. */
const GOLD_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom', 'kms:ReEncryptTo'];

/** Marks a `GovernanceHub` (`GovernanceHub.isGovernanceHub`): `instanceof` fails when two copies of the library are installed. */
const GOVERNANCE_HUB_MARKER = Symbol.for('cdk-data-mesh.GovernanceHub');

/**
 * The governance account of a mesh: Lake Formation settings and admins, the cross-account registration
 * of each producer's gold data products, the central Glue databases and declared tables with
 * column-level LF-tags, optional crawlers, and an Athena workgroup in which governance admins check
 * every product.
 *
 * @example
 * const hub = new GovernanceHub(gov, 'Hub', { mesh, ontology: tags });
 * hub.addDataProduct('claims', { tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }] }] });
 */
export class GovernanceHub extends Construct {
  /** Whether `x` is a `GovernanceHub`, of this or any other copy of the library (a marker, as aws-cdk-lib's `isConstruct`). */
  public static isGovernanceHub(x: any): x is GovernanceHub {
    return x !== null && typeof x === 'object' && GOVERNANCE_HUB_MARKER in x;
  }

  /** The mesh. */
  public readonly mesh: MeshDescription;
  /** The LF-tag ontology. */
  public readonly ontology: LfTagOntology;
  /**
   * The governance admin: a Lake Formation admin with cross-account grant (RAM) permissions and the
   * admin workgroup. Who may assume it: `adminPrincipal` (by default any principal of the governance account).
   */
  public readonly adminRole: iam.IRole;
  /** The bucket of the admin workgroup's query results (SSE-KMS, expiring). */
  public readonly queryResultsBucket: s3.IBucket;
  /** The access-logs bucket of the governance buckets. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The name of the Athena workgroup of the governance admins. */
  public readonly adminWorkGroupName: string;

  private readonly settings: LakeFormationSettings;
  private readonly grants: LakeFormationGrants;
  private readonly registrationRoles = new Map<string, iam.Role>();
  /** The registered gold location of each producer domain. */
  private readonly registrations = new Map<string, lf.CfnResource>();
  private readonly products = new Map<string, DataProduct>();
  private readonly resultsKey: kms.Key;
  private readonly removalPolicy: RemovalPolicy;
  private crawlerSecurity?: glue.CfnSecurityConfiguration;

  constructor(scope: Construct, id: string, props: GovernanceHubProps) {
    super(scope, id);
    Object.defineProperty(this, GOVERNANCE_HUB_MARKER, { value: true });
    const { mesh, ontology } = props;
    requireMesh(this, mesh);
    if (!ontology || !LfTagOntology.isLfTagOntology(ontology)) throwValidationError(this, 'ontology is required: pass the LfTagOntology of the governance stack.');
    if (ontology.mesh !== mesh) {
      throwValidationError(this, `ontology '${ontology.node.path}' was built from MeshDescription '${ontology.mesh.name}', not from the hub's mesh '${mesh.name}' ` +
        '(a different object). Pass the same MeshDescription object to the LfTagOntology and the GovernanceHub.');
    }
    const stack = Stack.of(this);
    checkStackEnv(this, stack, mesh.governanceEnv(), 'governance account', 'mesh.governanceEnv()');
    if (Stack.of(ontology) !== stack) {
      throwValidationError(this, `ontology '${ontology.node.path}' is in stack '${Stack.of(ontology).stackName}', the hub in stack '${stack.stackName}'. ` +
        'Create both in the one governance stack: they share its Lake Formation settings and tags (DM-40).');
    }
    this.mesh = mesh;
    this.ontology = ontology;
    registerMeshStack(this, MeshPhase.GOVERNANCE, mesh.name);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.removalPolicy = removalPolicy;

    this.settings = LakeFormationSettings.forMesh(this, mesh, props);
    this.grants = LakeFormationGrants.of(this, this.settings);
    provideHubContext(this, {
      settings: this.settings,
      grants: this.grants,
      registration: product => this.registrations.get(mesh.producerOf(product).domain)!,
      shard: product => this.shard(product),
      crawlerLogGroupsArn: () => this.crawlerLogGroupsArn(),
      crawlerSecurityConfiguration: () => this.crawlerSecurityConfiguration(),
    });

    // Construct IDs keep only letters and digits: names that differ in punctuation alone would collide.
    checkHubIds(this, mesh);

    // Trusted by the governance account unless adminPrincipal names the admins' own role (see its doc).
    const adminRole = new iam.Role(this, 'AdminRole', {
      assumedBy: props.adminPrincipal ?? new iam.AccountRootPrincipal(),
      description: `cdk-data-mesh ${mesh.name}: governance admin (Lake Formation admin, cross-account grantor)`,
      // DM-07: a principal that grants across accounts needs RAM permissions.
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSLakeFormationCrossAccountManager')],
    });
    this.adminRole = adminRole;
    suppressNag(adminRole, [{
      id: 'AwsSolutions-IAM4',
      reason: 'AWSLakeFormationCrossAccountManager is the AWS-maintained policy Lake Formation documents for cross-account grantors (RAM share management, DM-07).',
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/AWSLakeFormationCrossAccountManager'],
    }]);
    this.settings.addAdmin(this.adminRole.roleArn);
    (props.additionalAdmins ?? []).forEach((admin, i) => {
      checkRoleArn(this, `additionalAdmins[${i}] (its roleArn)`, admin.roleArn);
      this.settings.addAdmin(admin.roleArn);
    });

    // Registration: one custom role per producer (DM-09), named as the producer's policies expect.
    for (const producer of mesh.producers) {
      // No aws:SourceAccount condition on the trust: the Lake Formation developer guide's trust policy
      // for registration roles has none, and it does not document that Lake Formation sends the key when it
      // assumes the role; a condition on a key that is not sent would make every registration unusable.
      const role = new iam.Role(this, `Registration${pascal(producer.domain)}`, {
        roleName: mesh.registrationRoleName(producer.domain),
        assumedBy: new iam.ServicePrincipal('lakeformation.amazonaws.com'),
        description: `cdk-data-mesh ${mesh.name}: Lake Formation access to the gold data products of '${producer.domain}'`,
      });
      const goldArn = stack.formatArn({ service: 's3', region: '', account: '', resource: mesh.bucketName(producer.domain, MedallionLayer.GOLD) });
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'GoldBucket', actions: ['s3:GetBucketLocation', 's3:ListBucket'], resources: [goldArn],
      }));
      // The whole gold bucket is the registered location (one registration per producer, D39): Lake Formation vends
      // credentials scoped to the location of the table being queried, and the gold bucket holds data products only.
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'GoldProducts',
        actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        resources: [`${goldArn}/*`],
      }));
      // DM-13: the producer's key id is unknown here; scope to its account's keys with the derived alias.
      // The actions are named one by one (no `GenerateDataKey*`/`ReEncrypt*` action wildcards).
      const producerKeys = stack.formatArn({ service: 'kms', account: producer.account, resource: 'key', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'GoldKey',
        actions: GOLD_KEY_ACTIONS,
        resources: [producerKeys],
        conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': mesh.keyAliasName(producer.domain, MedallionLayer.GOLD) } },
      }));
      suppressWildcards(role, [
        {
          resource: `${goldArn}/*`,
          reason:
          `The ${producer.domain} gold bucket is the registered location of its data products (one registration per producer): Lake Formation ` +
          'vends credentials scoped to the location of the table being queried, never to the whole bucket; the objects are written by the ' +
          "producer's pipelines after deployment, so only the bucket can be named.",
        },
        {
          resource: producerKeys,
          reason:
          `The gold key lives in producer account ${producer.account} and its key id is not known to the governance stack; the statement ` +
          `is pinned to that one key by the kms:ResourceAliases condition on ${mesh.keyAliasName(producer.domain, MedallionLayer.GOLD)} (DM-13).`,
        },
      ]);
      this.registrationRoles.set(producer.domain, role);

      // One registration per producer: its gold bucket (D39). Every product lies under it (DM-14).
      const registration = new lf.CfnResource(this, `Location${pascal(producer.domain)}`, {
        resourceArn: goldArn,
        roleArn: role.roleArn,
        useServiceLinkedRole: false,
        hybridAccessEnabled: false,
      });
      dependOnRolePolicy(registration, role); // DM-10: after the role's own policy
      this.settings.gate(registration);
      this.registrations.set(producer.domain, registration);

      // DM-27: admins implicitly have DESCRIBE, not SELECT: the governance admin checks every product, by the producer's
      // LF-tag (two grants per producer, not two per product, D39). Its databases carry producer=<domain>; tables and
      // columns inherit it, so the admin sees every column, sensitive ones included.
      const producerTag = [{ tagKey: ontology.producer.name, tagValues: [producer.domain] }];
      this.grants.grant({
        requester: this,
        principal: adminRole.roleArn,
        permissions: ['DESCRIBE'],
        resource: { lfTagPolicy: { catalogId: stack.account, resourceType: 'DATABASE', expression: producerTag } },
        dependsOn: [ontology.producer._resource],
      });
      this.grants.grant({
        requester: this,
        principal: adminRole.roleArn,
        permissions: ['DESCRIBE', 'SELECT'],
        resource: { lfTagPolicy: { catalogId: stack.account, resourceType: 'TABLE', expression: producerTag } },
        dependsOn: [ontology.producer._resource],
      });
    }

    this.grantDiscovery();

    // The governance admins' Athena workgroup (DM-27: admins get explicit SELECT per product).
    this.adminWorkGroupName = `${mesh.name}-governance-admins`;
    const workspace = createQueryWorkspace(this, {
      workGroupId: 'AdminWorkGroup',
      workGroupName: this.adminWorkGroupName,
      workGroupDescription: `cdk-data-mesh ${mesh.name}: governance admins check data products`,
      keyDescription: `cdk-data-mesh ${mesh.name}: governance admin query results`,
      resultsRetention: props.queryResultsRetention ?? Duration.days(30),
      removalPolicy,
    });
    this.accessLogsBucket = workspace.accessLogsBucket;
    this.resultsKey = workspace.resultsKey;
    this.queryResultsBucket = workspace.resultsBucket;
    const workGroup = workspace.workGroup;
    const workGroupArn = stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: workGroup.name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    this.adminRole.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'AdminWorkGroup', actions: ATHENA_QUERY_ACTIONS, resources: [workGroupArn] }));
    this.adminRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'QueryResults',
      actions: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
      resources: [this.queryResultsBucket.bucketArn, this.queryResultsBucket.arnForObjects('results/*')],
    }));
    this.adminRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'QueryResultsKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.resultsKey.keyArn],
    }));
    this.adminRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'LakeFormationDataAccess',
      actions: ['lakeformation:GetDataAccess'],
      resources: ['*'],
    }));
    this.adminRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'CatalogRead',
      actions: GLUE_CATALOG_READ,
      resources: [
        // Every product database of the mesh by its derived name pattern (<mesh>_*), not one ARN per product: the policy's size stays
        // constant (IAM caps a managed policy at 6,144 characters, DM-42).
        glueArn(this, 'catalog'), glueArn(this, 'database', productDatabasePattern(mesh.name)), glueArn(this, 'table', `${productDatabasePattern(mesh.name)}/*`),
      ],
    }));
    suppressWildcards(adminRole, [
      {
        resource: this.queryResultsBucket.arnForObjects('results/*'),
        reason:
        'Athena writes each query result under results/ of the admin query-results bucket with a generated key; the wildcard covers that prefix of that one bucket.',
      },
      { resource: '*', reason: GET_DATA_ACCESS_REASON },
      {
        resource: glueArn(this, 'database', productDatabasePattern(mesh.name)),
        reason:
        `Governance admins read every data product database of the mesh, named by the derived pattern ${productDatabasePattern(mesh.name)} (one ARN ` +
        'per product would grow the policy past IAM\'s size quota, DM-42); Lake Formation still decides which data the admin may select (DM-27).',
      },
      {
        resource: glueArn(this, 'table', `${productDatabasePattern(mesh.name)}/*`),
        reason:
        `Governance admins read the definitions of every table of the data product databases ${productDatabasePattern(mesh.name)}, including crawled ` +
        'tables not known at synth time; Lake Formation still decides which data the admin may select (DM-27).',
      },
    ]);
  }

  /**
   * Adds a data product declared in the mesh description: a database under its gold location with
   * `CreateTableDefaultPermissions: []`, declared tables with column-level tags (failing closed:
   * database and table are `sensitive`, every column has an explicit level), the admins' query grants
   * and an optional crawler.
   */
  public addDataProduct(name: string, options: DataProductOptions): DataProduct {
    if (this.products.has(name)) {
      throwValidationError(this, `data product '${name}' is added twice. Add each product once with all of its tables.`);
    }
    if (!this.mesh.products.includes(name)) {
      throwValidationError(this, `data product '${name}' is not declared in the mesh description (declared: ${listOf(this.mesh.products)}). ` +
        "Add it to its producer's products in the MeshDescription first: its location and cross-account names derive from there.");
    }
    const product = DataProduct._create(this.shard(name).scope, pascal(name), { ...options, hub: this, name });
    this.products.set(name, product);
    return product;
  }

  /**
   * Makes one `DataProductShare` per access request file of `directory` (requests as code: `cdk-data-mesh request`
   * writes them, the product owner reviews them through CODEOWNERS, docs/data-mart.md). Each file,
   * `<directory>/<product>/<consumer>.json`, becomes a share of the product to the consumer up to its `clearance`
   * (`maxConfidentiality`), with `allowSensitive` from its `sensitive` flag and its `expires`; a file past its expiry
   * makes nothing but a warning naming the file to delete. Every file is checked before any share is made (the
   * checks of `cdk-data-mesh request`): one bad file fails the synth with every problem listed, and nothing is shared.
   * Requests are checked again, when the app is validated, against every share of the app (declared before or after).
   * Call it after adding the products it names. The shares are `<hub>/AccessRequests/<product>-<consumer>`.
   *
   * @param directory the requests directory, relative to the directory the app runs in (where `cdk.json` is)
   * @returns the shares made (those in force)
   */
  public addAccessRequests(directory: string): DataProductShare[] {
    const display = directory.split(path.sep).join('/').replace(/\/+$/, '');
    const call = `addAccessRequests('${directory}')`;
    const today = todayOf(this);
    const { checked, problems } = checkRequestDirectory(path.resolve(directory), display, this.requestView(), today);
    if (problems.length > 0) {
      throwValidationError(this, `${call}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the request files, so no request is shared ` +
        `(fix every one, then synthesize again):\n  ${formatProblems(problems).join('\n  ')}`);
    }
    const scope = (this.node.tryFindChild('AccessRequests') as Construct | undefined) ?? new Construct(this, 'AccessRequests');
    const shares: DataProductShare[] = [];
    for (const { file, request, expired } of checked) {
      // Product names have no hyphen: '<product>-<consumer>' is unique, and depends on nothing else (adding a request moves nothing).
      const id = `${request.product}-${request.consumer}`;
      if (scope.node.tryFindChild(id)) {
        throwValidationError(this, `${call}: ${file} requests product '${request.product}' for consumer '${request.consumer}', which another requests ` +
          'directory of this hub already requests. Keep one request per product and consumer.');
      }
      if (expired) {
        new Construct(scope, id);
        const label = `access request ${file}`;
        Annotations.of(scope.node.findChild(id)).addWarningV2('cdk-data-mesh:share-expired',
          expiryWarning(scope.node.findChild(id), label, request.consumer, request.expires!, today, file));
        recordExpiredShare(this, this.mesh.name, request.consumer, label);
        recordShareMetadata(this, {
          consumer: request.consumer,
          products: [request.product],
          maxConfidentiality: request.clearance,
          expires: request.expires,
          requestFile: file,
          share: `${scope.node.path}/${id}`,
          dropped: true,
        });
        continue;
      }
      shares.push(new DataProductShare(scope, id, {
        hub: this,
        consumer: request.consumer,
        products: [this.dataProduct(request.product)],
        maxConfidentiality: request.clearance as Confidentiality,
        allowSensitive: request.sensitive,
        expires: request.expires,
        requestFile: file,
      }));
    }
    // Shares declared after this call are known when the app is validated: the same checks, against all of them.
    const inForce: CheckedRequest[] = checked.filter(c => !c.expired);
    scope.node.addValidation({
      validate: () => formatProblems(checkRequests(inForce, this.requestView(), today, 'synth').problems).map(p => `${labelOf(this)}: ${call}: ${p}`),
    });
    return shares;
  }

  /** What the request checks know of this hub: consumers, products and their column levels, the shares made so far. */
  private requestView(): MeshView {
    const added = new Set(this.products.keys());
    return {
      levels: [...CONFIDENTIALITY_ORDER],
      consumers: [...this.mesh.consumerDomains],
      products: [
        ...[...this.products.values()].map(p => ({
          name: p.productName, levels: [...new Set(p.tableNames.flatMap(t => [...p._columns(t).values()]))],
        })),
        ...this.mesh.products.filter(p => !added.has(p)).map(name => ({
          name,
          levels: [],
          unavailable: `is declared in the mesh description but not added to hub '${this.node.path}' yet: call addAccessRequests after ` +
            `addDataProduct('${name}')`,
        })),
      ],
      shares: allShares(this, this.mesh.name).map(r => ({
        consumer: r.consumer,
        products: [...r.products],
        mode: r.mode === 'tags' ? 'tags' as const : 'named' as const,
        ceiling: r.ceiling,
        expression: r.expression ? describeClauses(r.expression) : undefined,
        by: r.declaredBy,
        requestFile: r.requestFile,
      })),
    };
  }

  /** The data product named `name`. */
  public dataProduct(name: string): DataProduct {
    const p = this.products.get(name);
    if (!p) throwValidationError(this, `data product '${name}' has not been added (added: ${listOf([...this.products.keys()])}). Call addDataProduct first.`);
    return p;
  }

  /** The data products added so far. */
  public get dataProducts(): DataProduct[] {
    return [...this.products.values()];
  }

  /**
   * Every stack of the hub: the governance stack and its shards (issue 13), in deploy order. The hub puts each data
   * product in the shard of its producer (`<governance stack>-<domain>`, or `-<domain>-<n>` when the producer has
   * `shards` > 1): apply tags and aspects to the app or stage (or to each of these stacks), not to the governance stack alone.
   */
  public get stacks(): Stack[] {
    return [Stack.of(this), ...shardsOf(Stack.of(this))];
  }

  /** The registration role of a producer domain (named `mesh.registrationRoleName(domain)`). */
  public registrationRole(domain: string): iam.IRole {
    this.mesh.producer(domain);
    return this.registrationRoles.get(domain)!;
  }

  /**
   * D66: every consumer account may DESCRIBE what carries `discoverable=yes` (the discoverable product databases, their
   * tables and columns): one DATABASE and one TABLE grant per consumer account, whatever the number of products, with
   * grant option (DM-22) so that the consumer passes DESCRIBE on to its roles. DESCRIBE only: never SELECT (DM-47). The
   * grants name the LF-tag only (DM-28), so they stay in the governance stack (issue 13); consumers in the governance
   * account are left out (its principals are granted by the hub), and domains of one account share the account's grants.
   *
   * D66 also: DESCRIBE with grant option on every value of the `confidentiality` and `producer` LF-tags, so that the
   * account (and, re-granted, its roles) sees the tags on the resources it browses: Lake Formation shows an LF-tag on a
   * resource only to principals with DESCRIBE or ASSOCIATE on it. One grant per value, as the shares make them (DM-39):
   * adding a producer adds a grant and replaces none, and a discovery grant and a share's grant of the same value are
   * the same resource (the registry merges them), so removing a share never revokes what discovery still needs.
   */
  private grantDiscovery(): void {
    const stack = Stack.of(this);
    const key = this.ontology.discoverable;
    const expression = [{ tagKey: key.name, tagValues: key.values }];
    const accounts = [...new Set(this.mesh.consumers.map(c => c.account))].filter(a => a !== this.mesh.governanceAccount);
    for (const account of accounts) {
      for (const resourceType of ['DATABASE', 'TABLE']) {
        this.grants.grant({
          requester: this,
          principal: account,
          permissions: ['DESCRIBE'],
          permissionsWithGrantOption: ['DESCRIBE'],
          resource: { lfTagPolicy: { catalogId: stack.account, resourceType, expression } },
          dependsOn: [key._resource],
        });
      }
      for (const tag of [this.ontology.confidentiality, this.ontology.producer]) {
        for (const value of tag.values) {
          this.grants.grant({
            requester: this,
            principal: account,
            permissions: ['DESCRIBE'],
            permissionsWithGrantOption: ['DESCRIBE'],
            resource: { lfTag: { catalogId: stack.account, tagKey: tag.name, tagValues: [value] } },
            dependsOn: [tag._resource],
          });
        }
      }
    }
  }

  /** The log groups of Glue crawlers in the governance account (`/aws-glue/crawlers*`). */
  private crawlerLogGroupsArn(): string {
    return Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws-glue/crawlers*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  /**
   * The name of the Glue security configuration of the hub's crawlers, created with the first crawler:
   * their CloudWatch logs are encrypted with a customer-managed key (cdk-nag AwsSolutions-GL1).
   */
  private crawlerSecurityConfiguration(): glue.CfnSecurityConfiguration {
    if (!this.crawlerSecurity) {
      const stack = Stack.of(this);
      const key = new kms.Key(this, 'CrawlerLogsKey', {
        description: `cdk-data-mesh ${this.mesh.name}: CloudWatch logs of the governance crawlers`,
        enableKeyRotation: true,
        removalPolicy: this.removalPolicy,
      });
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'CloudWatchLogsOfGlueCrawlers',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': this.crawlerLogGroupsArn() } },
      }));
      this.crawlerSecurity = new glue.CfnSecurityConfiguration(this, 'CrawlerSecurityConfiguration', {
        name: `${this.mesh.name}-governance-crawlers`,
        encryptionConfiguration: {
          cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS', kmsKeyArn: key.keyArn },
        },
      });
    }
    return this.crawlerSecurity;
  }

  /** The shard of a product: its stack (created on first use) and the hub's stand-in there. */
  private shard(product: string): HubShard {
    return productShard({ owner: this, mesh: this.mesh, product, settings: this.settings });
  }

}

/**
 * The hub's construct IDs that derive from the mesh (registration roles, registered locations, products)
 * must be distinct from each other and from the hub's own: construct IDs keep only letters and digits,
 * so 'a_1' and 'a1', or a product named 'admin_role', would collide. Name both and the fix.
 */
function checkHubIds(scope: ErrorScope, mesh: MeshDescription): void {
  const ids = new Map<string, string>([
    ['AdminRole', "the hub's admin role"], ['AccessLogsBucket', "the hub's access-logs bucket"], ['QueryResultsKey', "the hub's query-results key"],
    ['QueryResultsBucket', "the hub's query-results bucket"], ['AdminWorkGroup', "the hub's admin workgroup"],
    ['CrawlerLogsKey', "the hub's crawler-logs key"], ['CrawlerSecurityConfiguration', "the hub's crawler security configuration"],
  ]);
  const claim = (id: string, what: string, fix: string) => {
    const taken = ids.get(id);
    if (taken !== undefined) {
      throwValidationError(scope, `${what} would get construct ID '${id}', which ${taken} already has (construct IDs keep only letters and digits). ${fix}`);
    }
    ids.set(id, what);
  };
  for (const producer of mesh.producers) {
    const fix = 'Rename the producer domain in the MeshDescription so that it differs from the other in a letter or digit.';
    claim(`Registration${pascal(producer.domain)}`, `the registration role of producer domain '${producer.domain}'`, fix);
    claim(`Location${pascal(producer.domain)}`, `the registered gold location of producer domain '${producer.domain}'`, fix);
  }
  for (const product of mesh.products) {
    claim(pascal(product), `data product '${product}'`, 'Rename the data product in the MeshDescription so that its name differs in a letter or digit.');
  }
}
