import { ArnFormat, CfnResource, Duration, IResource, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lf from 'aws-cdk-lib/aws-lakeformation';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, DependencyGroup, IConstruct } from 'constructs';
import { MedallionLayer, MeshDescription } from './mesh';
import { createAccessLogsBucket, logAccessTo, SECURE_BUCKET_DEFAULTS } from './private/buckets';
import { glueArn, GLUE_CATALOG_READ } from './private/catalog';
import { MeshPhase, registerMeshStack } from './private/deploy-order';
import { ErrorScope, labelAs, labelOf, throwValidationError } from './private/errors';
import { checkRoleArn } from './private/iam-arn';
import { dependOnRolePolicy, GrantResource, LakeFormationGrants, LakeFormationSettings } from './private/lake-formation';
import { WithLakeFormationGrants } from './private/lake-formation-grantee';
import { MEDALLION_LAYERS } from './private/layers';
import { requireMesh } from './private/mesh-construct';
import { GET_DATA_ACCESS_REASON, suppressWildcards, Wildcard } from './private/nag';
import { checkStackEnv } from './private/stack-env';
import { grantStorage, StorageAccess } from './private/storage-grants';
import { listOf, subject } from './private/validation';
import { LakeFormationSettingsOptions } from './settings';

/** A producer account's lake: its medallion buckets and the grants on them. */
export interface IDataProducer extends IResource {
  /** The mesh the producer belongs to. */
  readonly mesh: MeshDescription;
  /** The producer domain, e.g. `insurance`. */
  readonly domain: string;
  /** The bucket of a medallion layer. */
  bucket(layer: MedallionLayer): s3.IBucket;
  /**
   * The KMS key of a medallion layer (aliased `alias/<mesh>/<domain>/<layer>`). An imported producer
   * knows it only from `keyArns` and throws without it.
   */
  key(layer: MedallionLayer): kms.IKey;
  /**
   * Grants read access to a layer's objects and key. The grantee must be in the producer account:
   * bronze and silver are never reachable from another account, and gold reaches other accounts only
   * through Lake Formation (`GovernanceHub`, `DataProductShare`).
   */
  grantRead(grantee: iam.IGrantable, layer: MedallionLayer): iam.Grant;
  /** Grants write access (put, delete, multipart) to a layer's objects and key, to a grantee in the producer account. */
  grantWrite(grantee: iam.IGrantable, layer: MedallionLayer): iam.Grant;
  /** Grants read and write access to a layer's objects and key, to a grantee in the producer account. */
  grantReadWrite(grantee: iam.IGrantable, layer: MedallionLayer): iam.Grant;
  /**
   * Grants what a data engineer needs, to a grantee in the producer account: read/write bronze and
   * silver, write gold, the Glue catalog of the layer databases and `lakeformation:GetDataAccess`.
   */
  grantDataEngineering(grantee: iam.IGrantable): iam.Grant;
}

/** The ARNs of a producer's layer keys (`arn:<partition>:kms:<region>:<account>:key/<key id>`, not aliases). */
export interface LayerKeyArns {
  /**
   * The ARN of the bronze layer's KMS key.
   * @default - grants on the bronze key use `key/*` in the producer account, conditioned on the alias
   *            `alias/<mesh>/<domain>/bronze` (`kms:ResourceAliases`)
   */
  readonly bronze?: string;
  /**
   * The ARN of the silver layer's KMS key.
   * @default - grants on the silver key use `key/*` in the producer account, conditioned on the alias
   *            `alias/<mesh>/<domain>/silver` (`kms:ResourceAliases`)
   */
  readonly silver?: string;
  /**
   * The ARN of the gold layer's KMS key.
   * @default - grants on the gold key use `key/*` in the producer account, conditioned on the alias
   *            `alias/<mesh>/<domain>/gold` (`kms:ResourceAliases`)
   */
  readonly gold?: string;
}

/** Attributes of a producer defined in another app or stack. */
export interface DataProducerAttributes {
  /** The mesh description. */
  readonly mesh: MeshDescription;
  /** The producer domain. */
  readonly domain: string;
  /**
   * The ARNs of the layers' KMS keys: each a key ARN (not an alias) in the producer's account and the
   * mesh's region.
   * @default - grants on keys use `key/*` in the producer account, conditioned on the layer's derived
   *            alias (`kms:ResourceAliases`); `key(layer)` is then unavailable
   */
  readonly keyArns?: LayerKeyArns;
}

/** Props of a `DataProducer`. */
export interface DataProducerProps extends LakeFormationSettingsOptions {
  /** The mesh description: the producer's account, products and every cross-account name come from it. */
  readonly mesh: MeshDescription;
  /** The producer domain this stack builds, e.g. `insurance`. The stack must be in the domain's account and the mesh's region. */
  readonly domain: string;
  /**
   * What happens to the buckets and keys when they leave the stack. Data is retained by default;
   * `RemovalPolicy.DESTROY` is an explicit opt-in for demos.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Empty the buckets when the stack is deleted (adds aws-cdk-lib's auto-delete custom resource).
   * Only with `removalPolicy: RemovalPolicy.DESTROY`.
   * @default false
   */
  readonly autoDeleteObjects?: boolean;
  /**
   * How long server access logs are kept.
   * @default Duration.days(365)
   */
  readonly accessLogsRetention?: Duration;
  /**
   * How long the layer buckets (which are versioned) keep an object version once a newer version
   * replaces it or the object is deleted; S3 then deletes it. A whole number of days, at least 1.
   * @default Duration.days(90)
   */
  readonly noncurrentVersionExpiration?: Duration;
  /**
   * After how long S3 aborts a multipart upload to a layer bucket that was started and never completed
   * (its parts are stored and billed until then). A whole number of days, at least 1.
   * @default Duration.days(7)
   */
  readonly abortIncompleteMultipartUploadAfter?: Duration;
  /**
   * The principal allowed to assume the producer admin and data engineer roles.
   * @default - the producer account (`AccountRootPrincipal`): IAM policies in the account decide this
   */
  readonly rolePrincipal?: iam.IPrincipal;
  /**
   * Existing roles of the producer account (e.g. IAM Identity Center permission-set roles) that become
   * Lake Formation admins of the producer account, next to `adminRole` and the deployment role. They get
   * no data permissions from the library: admins implicitly have only `DESCRIBE` and data-location
   * access (DM-27). Remove a role from this list before deleting it: a deleted role left in the admin
   * list makes every later settings update fail (DM-03).
   * @default - only the producer admin role and the deployment role
   */
  readonly additionalAdmins?: iam.IRole[];
}

/** Where a layer's key grants point (internal). */
interface KeyTarget {
  readonly keyArn: string;
  readonly keyConditions?: Record<string, Record<string, unknown>>;
}

/** The permissions a role gets on the producer's layer databases, their tables and (optionally) locations. */
interface LayerAccess {
  readonly database: string[];
  readonly tables: string[];
  /** Grant `DATA_LOCATION_ACCESS` on the layer's registered bucket (to create tables there). */
  readonly dataLocation: boolean;
}

const ENGINEER_ACCESS: Record<MedallionLayer, LayerAccess> = {
  [MedallionLayer.BRONZE]: { database: ['ALTER', 'CREATE_TABLE', 'DESCRIBE'], tables: ['ALTER', 'DELETE', 'DESCRIBE', 'INSERT', 'SELECT'], dataLocation: true },
  [MedallionLayer.SILVER]: { database: ['ALTER', 'CREATE_TABLE', 'DESCRIBE'], tables: ['ALTER', 'DELETE', 'DESCRIBE', 'INSERT', 'SELECT'], dataLocation: true },
  // Gold is written, not read, by engineers; the governance account shares it.
  [MedallionLayer.GOLD]: { database: ['ALTER', 'CREATE_TABLE', 'DESCRIBE'], tables: ['ALTER', 'DELETE', 'DESCRIBE', 'INSERT'], dataLocation: true },
};

/**
 * DM-27: a Lake Formation admin implicitly has only `DESCRIBE` and data-location access, not `SELECT`.
 * The producer admin reads every layer (its IAM policy says so), so it gets `DESCRIBE` on each layer
 * database and `DESCRIBE`/`SELECT` on each layer's tables; as an admin it needs no location grant.
 */
const ADMIN_READ: LayerAccess = { database: ['DESCRIBE'], tables: ['DESCRIBE', 'SELECT'], dataLocation: false };
const ADMIN_ACCESS: Record<MedallionLayer, LayerAccess> = {
  [MedallionLayer.BRONZE]: ADMIN_READ,
  [MedallionLayer.SILVER]: ADMIN_READ,
  [MedallionLayer.GOLD]: ADMIN_READ,
};

/**
 * The Glue role has the same Lake Formation access as its IAM policy: it reads bronze (its crawlers
 * still create and update bronze tables, DM-16), reads and writes silver, writes gold. Lake Formation
 * vends credentials by table permission, so `INSERT`/`DELETE` on bronze tables would let Glue jobs
 * write raw data that the role's IAM policy only lets it read.
 */
const GLUE_ACCESS: Record<MedallionLayer, LayerAccess> = {
  [MedallionLayer.BRONZE]: { database: ['ALTER', 'CREATE_TABLE', 'DESCRIBE'], tables: ['ALTER', 'DESCRIBE', 'SELECT'], dataLocation: true },
  [MedallionLayer.SILVER]: ENGINEER_ACCESS[MedallionLayer.SILVER],
  [MedallionLayer.GOLD]: ENGINEER_ACCESS[MedallionLayer.GOLD],
};

const GLUE_CATALOG_WRITE = ['glue:BatchCreatePartition', 'glue:BatchDeletePartition', 'glue:CreatePartition', 'glue:CreateTable',
  'glue:DeletePartition', 'glue:DeleteTable', 'glue:UpdatePartition', 'glue:UpdateTable'];

abstract class DataProducerBase extends Resource implements IDataProducer {
  public abstract readonly mesh: MeshDescription;
  public abstract readonly domain: string;
  public abstract bucket(layer: MedallionLayer): s3.IBucket;
  public abstract key(layer: MedallionLayer): kms.IKey;
  public abstract grantDataEngineering(grantee: iam.IGrantable): iam.Grant;
  /** @internal */
  public abstract _keyTarget(layer: MedallionLayer): KeyTarget;

  public grantRead(grantee: iam.IGrantable, layer: MedallionLayer): iam.Grant {
    return this.grantLayer(grantee, layer, 'read', 'grantRead');
  }

  public grantWrite(grantee: iam.IGrantable, layer: MedallionLayer): iam.Grant {
    return this.grantLayer(grantee, layer, 'write', 'grantWrite');
  }

  public grantReadWrite(grantee: iam.IGrantable, layer: MedallionLayer): iam.Grant {
    return this.grantLayer(grantee, layer, 'readwrite', 'grantReadWrite');
  }

  /**
   * Refuses a grantee of another account: bronze and silver are never reachable from another account,
   * and gold reaches other accounts only through Lake Formation shares, never through bucket grants.
   * @internal
   */
  protected _checkGrantee(grantee: iam.IGrantable, call: string): void {
    const roleArn = (grantee.grantPrincipal as Partial<iam.IRole>).roleArn;
    if (roleArn !== undefined) checkRoleArn(this, `${call}: the grantee's roleArn`, roleArn);
    const account = grantee.grantPrincipal.principalAccount;
    const producerAccount = this.mesh.producer(this.domain).account;
    if (account === undefined || Token.isUnresolved(account) || account === producerAccount) return;
    throwValidationError(this, `${call} refused: the grantee is in account ${account}, not in the producer account ` +
      `${producerAccount}. Bronze and silver are never reachable from another account, and gold data products reach other accounts ` +
      'only through Lake Formation: register the product with GovernanceHub.addDataProduct and share it with a DataProductShare. ' +
      `Grant a principal of account ${producerAccount} instead.`);
  }

  /**
   * Glue Data Catalog access on the producer's layer databases and their tables (IAM only).
   * @internal
   */
  protected _grantCatalogAccess(grantee: iam.IGrantable, write: boolean): iam.Grant {
    const resources = [this._catalogArn('catalog')];
    for (const layer of MEDALLION_LAYERS) {
      resources.push(this._catalogArn('database', this.mesh.layerDatabaseName(this.domain, layer)), this._tablesArn(layer));
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [...GLUE_CATALOG_READ, ...(write ? GLUE_CATALOG_WRITE : [])],
      resourceArns: resources,
    }).combine(iam.Grant.addToPrincipal({
      grantee,
      // Lake Formation vends credentials for the registered buckets; the action has no resource-level scope.
      actions: ['lakeformation:GetDataAccess'],
      resourceArns: ['*'],
    }));
  }

  /**
   * The IAM side of data engineering: read/write bronze and silver, write gold, the catalog.
   * @internal
   */
  protected _grantDataEngineeringStorage(grantee: iam.IGrantable): iam.Grant {
    return this.grantReadWrite(grantee, MedallionLayer.BRONZE)
      .combine(this.grantReadWrite(grantee, MedallionLayer.SILVER))
      .combine(this.grantWrite(grantee, MedallionLayer.GOLD))
      .combine(this._grantCatalogAccess(grantee, true));
  }

  /**
   * The ARN of a Glue Data Catalog resource of the producer account.
   * @internal
   */
  protected _catalogArn(resource: string, resourceName?: string): string {
    return glueArn(this, resource, resourceName, { account: this.mesh.producer(this.domain).account, region: this.mesh.region });
  }


  /**
   * The ARN pattern of the tables of a layer's database.
   * @internal
   */
  protected _tablesArn(layer: MedallionLayer): string {
    return this._catalogArn('table', `${this.mesh.layerDatabaseName(this.domain, layer)}/*`);
  }

  private grantLayer(grantee: iam.IGrantable, layer: MedallionLayer, access: StorageAccess, method: string): iam.Grant {
    this._checkGrantee(grantee, `${method}(grantee, '${layer}')`);
    return grantStorage(grantee, { bucketArn: this.bucket(layer).bucketArn, ...this._keyTarget(layer) }, access);
  }
}

/**
 * A producer account's data lake: medallion buckets (bronze, silver, gold) encrypted with customer
 * managed keys, the gold bucket and key opened to exactly the governance registration role, producer
 * Lake Formation settings, local layer databases, and the producer's roles.
 *
 * @example
 * const insurance = new Stack(app, 'Insurance', { env: mesh.producerEnv('insurance') });
 * new DataProducer(insurance, 'Lake', { mesh, domain: 'insurance' });
 */
export class DataProducer extends DataProducerBase {
  /** References a producer defined in another app or stack by its mesh and domain. */
  public static fromDataProducerAttributes(scope: Construct, id: string, attrs: DataProducerAttributes): IDataProducer {
    const producer = attrs.mesh.producer(attrs.domain);
    const who = subject('DataProducer', id);
    const keyArns: Partial<Record<MedallionLayer, string>> = { ...attrs.keyArns };
    for (const [layer, arn] of Object.entries(keyArns)) {
      if (!MEDALLION_LAYERS.includes(layer as MedallionLayer)) {
        throwValidationError(who, `keyArns has key '${layer}'; the layers are ${MEDALLION_LAYERS.join(', ')}.`);
      }
      if (arn !== undefined) checkKeyArn(who, attrs.mesh, attrs.domain, layer as MedallionLayer, arn);
    }
    class Import extends DataProducerBase {
      public readonly mesh = attrs.mesh;
      public readonly domain = attrs.domain;
      private readonly buckets = new Map<MedallionLayer, s3.IBucket>();
      private readonly keys = new Map<MedallionLayer, kms.IKey>();
      public bucket(layer: MedallionLayer): s3.IBucket {
        let b = this.buckets.get(layer);
        if (!b) {
          b = s3.Bucket.fromBucketAttributes(this, `${capitalize(layer)}Bucket`, {
            bucketName: attrs.mesh.bucketName(attrs.domain, layer),
            account: producer.account,
            region: attrs.mesh.region,
          });
          this.buckets.set(layer, b);
        }
        return b;
      }
      public key(layer: MedallionLayer): kms.IKey {
        const arn = keyArns[layer];
        if (!arn) {
          return throwValidationError(this, `key('${layer}') needs keyArns.${layer}: an imported producer knows its ${layer} key only by ARN. Pass ` +
            `keyArns: { ${layer}: '${exampleKeyArn(attrs.mesh, attrs.domain)}' } to fromDataProducerAttributes, or use ` +
            `grantRead/grantWrite/grantReadWrite, which reach the key through its alias '${attrs.mesh.keyAliasName(attrs.domain, layer)}'.`);
        }
        let k = this.keys.get(layer);
        if (!k) {
          k = kms.Key.fromKeyArn(this, `${capitalize(layer)}Key`, arn);
          this.keys.set(layer, k);
        }
        return k;
      }
      /**
       * IAM only: the Lake Formation permissions on the layer databases, their tables and locations are
       * granted by the producer stack (`DataProducer.grantDataEngineering` there).
       */
      public grantDataEngineering(grantee: iam.IGrantable): iam.Grant {
        this._checkGrantee(grantee, 'grantDataEngineering(grantee)');
        return this._grantDataEngineeringStorage(grantee);
      }
      public _keyTarget(layer: MedallionLayer): KeyTarget {
        const arn = keyArns[layer];
        if (arn) return { keyArn: arn };
        return {
          keyArn: Stack.of(this).formatArn({ service: 'kms', account: producer.account, region: attrs.mesh.region, resource: 'key', resourceName: '*' }),
          keyConditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': attrs.mesh.keyAliasName(attrs.domain, layer) } },
        };
      }
    }
    const imported = new Import(scope, id, { account: producer.account, region: attrs.mesh.region });
    labelAs(imported, who); // messages name it as users know it, not by the local class
    return imported;
  }

  public readonly mesh: MeshDescription;
  public readonly domain: string;
  /** Raw data. */
  public readonly bronzeBucket: s3.IBucket;
  /** Cleaned, conformed data. */
  public readonly silverBucket: s3.IBucket;
  /** Data products, under `<product>/`; registered and shared by the governance account. */
  public readonly goldBucket: s3.IBucket;
  /** The server access logs of the three layer buckets. */
  public readonly accessLogsBucket: s3.IBucket;
  /**
   * The producer admin: a Lake Formation admin of the producer account that reads every layer (IAM, plus
   * Lake Formation `DESCRIBE`/`SELECT` on the layer databases' tables: admins have no implicit `SELECT`, DM-27).
   */
  public readonly adminRole: iam.IRole;
  /** Data engineers: read/write bronze and silver, write gold; not a key admin. */
  public readonly dataEngineerRole: iam.IRole;
  /** The role Glue jobs and crawlers of the producer run as (trusted by Glue for the producer account only). */
  public readonly glueRole: iam.IRole;
  /**
   * The role the producer's Step Functions pipelines run as (starts the producer's Glue jobs and crawlers;
   * trusted by Step Functions for the producer account only).
   */
  public readonly stepFunctionsRole: iam.IRole;
  /** The role the producer's Lake Formation uses to reach its own buckets (registration with a custom role). */
  public readonly locationRole: iam.IRole;

  private readonly buckets: Record<MedallionLayer, s3.Bucket>;
  private readonly keys: Record<MedallionLayer, kms.Key>;
  private readonly databases: Record<MedallionLayer, glue.CfnDatabase>;
  private readonly registrations: Record<MedallionLayer, lf.CfnResource>;
  private readonly lakeFormationGrants: LakeFormationGrants;
  private readonly lakeFormationSettings: LakeFormationSettings;
  /** Source names and bronze table names claimed by the producer's sources (issue 17). */
  private readonly sourceNames = new Map<string, string>();

  constructor(scope: Construct, id: string, props: DataProducerProps) {
    super(scope, id);
    const { mesh } = props;
    requireMesh(this, mesh);
    if (props.domain === undefined || props.domain === null || props.domain === '') {
      throwValidationError(this, `domain is required: the producer domain this stack builds, one of ${listOf(mesh.producerDomains)} (mesh '${mesh.name}').`);
    }
    const producer = mesh.producerDomains.includes(props.domain) ? mesh.producer(props.domain) : throwValidationError(this, `domain '${props.domain}' is not a producer domain of mesh '${mesh.name}' (producers: ${mesh.producerDomains.join(', ')}). Use one of those, or add '${props.domain}' to producers in the mesh description.`);
    const stack = Stack.of(this);
    checkStackEnv(this, stack, mesh.producerEnv(props.domain), `producer '${props.domain}'`, `mesh.producerEnv('${props.domain}')`);

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (props.autoDeleteObjects && removalPolicy !== RemovalPolicy.DESTROY) {
      throwValidationError(this, 'autoDeleteObjects is true but removalPolicy is not RemovalPolicy.DESTROY. Emptying buckets only makes sense when they are ' +
        'destroyed: set removalPolicy: RemovalPolicy.DESTROY too (demos only), or drop autoDeleteObjects.');
    }
    const retention = props.accessLogsRetention ?? Duration.days(365);
    if (!retention.isUnresolved() && retention.toDays({ integral: false }) < 1) {
      throwValidationError(this, `accessLogsRetention ${retention.toHumanString()} is shorter than one day. Use Duration.days(n) with n >= 1.`);
    }
    // Versioned layer buckets: old versions and abandoned multipart uploads would otherwise accumulate (and be billed) forever.
    const layerLifecycle: s3.LifecycleRule = {
      id: 'NoncurrentVersionsAndIncompleteUploads',
      noncurrentVersionExpiration: wholeDays(this, 'noncurrentVersionExpiration', props.noncurrentVersionExpiration ?? Duration.days(90)),
      abortIncompleteMultipartUploadAfter: wholeDays(this, 'abortIncompleteMultipartUploadAfter', props.abortIncompleteMultipartUploadAfter ?? Duration.days(7)),
    };

    this.mesh = mesh;
    this.domain = producer.domain;
    registerMeshStack(this, MeshPhase.PRODUCER, mesh.name, producer.domain);

    const accessLogs = createAccessLogsBucket(this, 'AccessLogsBucket', {
      bucketName: mesh.accessLogsBucketName(producer.domain),
      retention,
      removalPolicy,
      autoDeleteObjects: props.autoDeleteObjects,
    });

    const keys = {} as Record<MedallionLayer, kms.Key>;
    const buckets = {} as Record<MedallionLayer, s3.Bucket>;
    for (const layer of MEDALLION_LAYERS) {
      const Layer = capitalize(layer);
      keys[layer] = new kms.Key(this, `${Layer}Key`, {
        description: `cdk-data-mesh ${mesh.name}/${producer.domain} ${layer} bucket key`,
        enableKeyRotation: true,
        // DM-13: the governance side conditions its IAM statement on this alias.
        alias: mesh.keyAliasName(producer.domain, layer),
        removalPolicy,
      });
      buckets[layer] = new s3.Bucket(this, `${Layer}Bucket`, {
        bucketName: mesh.bucketName(producer.domain, layer),
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: keys[layer],
        bucketKeyEnabled: true,
        ...SECURE_BUCKET_DEFAULTS,
        lifecycleRules: [layerLifecycle],
        removalPolicy,
        autoDeleteObjects: props.autoDeleteObjects,
      });
    }
    this.keys = keys;
    this.buckets = buckets;
    for (const layer of MEDALLION_LAYERS) {
      logAccessTo(buckets[layer], accessLogs, `${layer}/`, `S3ServerAccessLogs${capitalize(layer)}`);
    }
    this.accessLogsBucket = accessLogs;
    this.bronzeBucket = buckets.bronze;
    this.silverBucket = buckets.silver;
    this.goldBucket = buckets.gold;

    this.openGoldToGovernance();

    // Roles.
    const rolePrincipal = props.rolePrincipal ?? new iam.AccountRootPrincipal();
    this.adminRole = new iam.Role(this, 'AdminRole', {
      assumedBy: rolePrincipal,
      description: `cdk-data-mesh ${mesh.name}/${producer.domain}: producer admin (Lake Formation admin of the producer account)`,
    });
    this.dataEngineerRole = new iam.Role(this, 'DataEngineerRole', {
      assumedBy: rolePrincipal,
      description: `cdk-data-mesh ${mesh.name}/${producer.domain}: data engineer (read/write bronze and silver, write gold)`,
    });
    // Confused deputy: Step Functions documents aws:SourceAccount on role assumption; Glue does not
    // (a condition it never sends would make the role unusable), so Glue's trust stays unconditioned.
    const sameAccount = { StringEquals: { 'aws:SourceAccount': producer.account } };
    this.glueRole = new iam.Role(this, 'GlueRole', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: `cdk-data-mesh ${mesh.name}/${producer.domain}: Glue jobs and crawlers`,
    });
    this.stepFunctionsRole = new iam.Role(this, 'StepFunctionsRole', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com').withConditions(sameAccount),
      description: `cdk-data-mesh ${mesh.name}/${producer.domain}: Step Functions pipelines`,
    });
    this.locationRole = new iam.Role(this, 'LocationRole', {
      assumedBy: new iam.ServicePrincipal('lakeformation.amazonaws.com'),
      description: `cdk-data-mesh ${mesh.name}/${producer.domain}: Lake Formation access to the producer's own buckets`,
    });

    // Storage access.
    for (const layer of MEDALLION_LAYERS) {
      this.grantReadWrite(this.locationRole, layer);
      this.grantRead(this.adminRole, layer);
    }
    this.grantReadWrite(this.dataEngineerRole, MedallionLayer.BRONZE);
    this.grantReadWrite(this.dataEngineerRole, MedallionLayer.SILVER);
    this.grantWrite(this.dataEngineerRole, MedallionLayer.GOLD);
    this.grantRead(this.glueRole, MedallionLayer.BRONZE);
    this.grantReadWrite(this.glueRole, MedallionLayer.SILVER);
    this.grantWrite(this.glueRole, MedallionLayer.GOLD);

    this._grantCatalogAccess(this.adminRole, false);
    this._grantCatalogAccess(this.dataEngineerRole, true);
    this._grantCatalogAccess(this.glueRole, true);
    this.addLakeFormationAdminPolicy(this.adminRole);
    this.grantGlueLogs(this.glueRole);
    this.grantPipelineActions(this.stepFunctionsRole);

    // Lake Formation: settings, registered buckets, layer databases and the team's grants.
    const settings = LakeFormationSettings.forMesh(this, mesh, props);
    settings.addAdmin(this.adminRole.roleArn);
    (props.additionalAdmins ?? []).forEach((role, i) => {
      checkRoleArn(this, `additionalAdmins[${i}] (its roleArn)`, role.roleArn);
      const account = role.principalAccount;
      if (account !== undefined && !Token.isUnresolved(account) && account !== producer.account) {
        throwValidationError(this, `additionalAdmins[${i}] is a role of account ${account}; Lake Formation admins of the producer '${producer.domain}' ` +
          `must be roles of its account ${producer.account}. Pass a role of that account (e.g. iam.Role.fromRoleArn(this, 'Admin', ` +
          `'arn:aws:iam::${producer.account}:role/<name>')), or grant the other account through a DataProductShare.`);
      }
      settings.addAdmin(role.roleArn);
    });

    const registrations = {} as Record<MedallionLayer, lf.CfnResource>;
    const databases = {} as Record<MedallionLayer, glue.CfnDatabase>;
    for (const layer of MEDALLION_LAYERS) {
      const Layer = capitalize(layer);
      const registration = new lf.CfnResource(this, `${Layer}Location`, {
        resourceArn: buckets[layer].bucketArn,
        roleArn: this.locationRole.roleArn,
        // DM-09: a custom role, never the service-linked role; DM-35: Lake Formation-only mode.
        useServiceLinkedRole: false,
        hybridAccessEnabled: false,
      });
      // DM-10: the role's policy exists before Lake Formation uses it.
      dependOnRolePolicy(registration, this.locationRole);
      settings.gate(registration);
      registrations[layer] = registration;

      const database = new glue.CfnDatabase(this, `${Layer}Database`, {
        catalogId: stack.account,
        databaseInput: {
          name: mesh.layerDatabaseName(producer.domain, layer),
          description: `${mesh.name}/${producer.domain} ${layer} layer`,
          locationUri: `s3://${mesh.bucketName(producer.domain, layer)}/`,
          // DM-04: no IAMAllowedPrincipals grant on new tables.
          createTableDefaultPermissions: [],
        },
      });
      // The database holds the layer's table definitions: it follows the data's removal policy (RETAIN by default).
      database.applyRemovalPolicy(removalPolicy);
      settings.gate(database);
      databases[layer] = database;
    }
    this.registrations = registrations;
    this.databases = databases;

    this.lakeFormationSettings = settings;
    this.lakeFormationGrants = LakeFormationGrants.of(this, settings);
    this.grantLayersInLakeFormation(this.dataEngineerRole.roleArn, ENGINEER_ACCESS);
    this.grantLayersInLakeFormation(this.glueRole.roleArn, GLUE_ACCESS);
    // DM-27: the admin reads every layer, but an admin has no implicit SELECT.
    this.grantLayersInLakeFormation(this.adminRole.roleArn, ADMIN_ACCESS);

    this.explainWildcards();
  }

  /** The bucket of a medallion layer. */
  public bucket(layer: MedallionLayer): s3.IBucket {
    return this.buckets[layer];
  }

  /** The KMS key of a medallion layer (aliased `alias/<mesh>/<domain>/<layer>`). */
  public key(layer: MedallionLayer): kms.IKey {
    return this.keys[layer];
  }

  /** The name of the producer-local Glue database of a medallion layer (`<mesh>_<domain>_<layer>`). */
  public databaseName(layer: MedallionLayer): string {
    return this.mesh.layerDatabaseName(this.domain, layer);
  }

  /** The ARN of the location registered in Lake Formation for a medallion layer: the layer bucket's ARN. */
  public locationArn(layer: MedallionLayer): string {
    return this.buckets[layer].bucketArn;
  }

  /**
   * The producer-local Glue database of a medallion layer (an L1: not part of the public API).
   * @internal
   */
  public _database(layer: MedallionLayer): glue.CfnDatabase {
    return this.databases[layer];
  }

  /**
   * The Lake Formation registration of a layer's bucket (an L1: not part of the public API).
   * @internal
   */
  public _location(layer: MedallionLayer): lf.CfnResource {
    return this.registrations[layer];
  }

  /**
   * Grants what a data engineer needs, to a grantee in the producer account: read/write bronze and
   * silver, write gold, the Glue catalog of the layer databases and `lakeformation:GetDataAccess`. When
   * the grantee is an IAM role or user, it also gets the data engineer's Lake Formation permissions on
   * the layer databases, their tables and locations (merged with any it already has), and the returned
   * grant carries them: `grant.applyBefore(job)` makes the job wait for the IAM policy and the Lake
   * Formation permissions. For other principals grant those in Lake Formation yourself.
   */
  public grantDataEngineering(grantee: iam.IGrantable): iam.Grant {
    this._checkGrantee(grantee, 'grantDataEngineering(grantee)');
    const principalArn = lakeFormationPrincipalArn(grantee.grantPrincipal);
    if (principalArn === undefined) return this._grantDataEngineeringStorage(grantee);
    const lakeFormation = new DependencyGroup(...this.grantLayersInLakeFormation(principalArn, ENGINEER_ACCESS));
    // The returned grant carries the Lake Formation permissions too: grant.applyBefore(job) waits for them.
    return this._grantDataEngineeringStorage(new WithLakeFormationGrants(grantee.grantPrincipal, lakeFormation));
  }

  /** @internal */
  public _keyTarget(layer: MedallionLayer): KeyTarget {
    return { keyArn: this.keys[layer].keyArn };
  }

  /**
   * Claims a name for a source or a bronze table of a source: two sources of one producer never share a
   * landing prefix, and two source tables never share a name in the bronze database.
   * @internal
   */
  public _claimSourceName(kind: 'source' | 'bronze table', name: string, claimant: IConstruct, prop: string): void {
    const key = `${kind}|${name}`;
    const previous = this.sourceNames.get(key);
    if (previous !== undefined) {
      throwValidationError(claimant, `${prop} '${name}' is already the ${kind} name of ${previous} in producer '${this.domain}'; each ${kind} ` +
        `of a producer has a name of its own (its prefix and its table in ${this.databaseName(MedallionLayer.BRONZE)} derive from it). Rename one of them.`);
    }
    this.sourceNames.set(key, labelOf(claimant));
  }

  /**
   * Makes a resource of a source wait for the producer's Lake Formation settings (DM-01) and, for a
   * table, for the bronze database it is created in.
   * @internal
   */
  public _gateBronze(resource: CfnResource): void {
    this.lakeFormationSettings.gate(resource);
    resource.node.addDependency(this.databases[MedallionLayer.BRONZE]);
  }

  /**
   * Grants a principal of the producer account Lake Formation permissions on one bronze table (in the
   * producer's grant chain, DM-24, after the table, DM-28).
   * @internal
   */
  public _grantBronzeTable(principalArn: string, table: glue.CfnTable, tableName: string, permissions: string[]): lf.CfnPrincipalPermissions {
    return this.lakeFormationGrants.grant({
      requester: this,
      principal: principalArn,
      permissions,
      resource: { table: { catalogId: Stack.of(this).account, databaseName: this.databaseName(MedallionLayer.BRONZE), name: tableName } },
      dependsOn: [table],
    });
  }

  /**
   * Turns on the bronze bucket's Amazon EventBridge notifications (every object event goes to the
   * account's default event bus), in the bucket's own properties: no custom resource (aws-cdk-lib's
   * notifications use a Lambda function).
   * @internal
   */
  public _enableBronzeEventBridge(): void {
    const bucket = this.buckets[MedallionLayer.BRONZE].node.defaultChild as s3.CfnBucket;
    // One key of the configuration: topic, queue or Lambda notifications set on the bucket stay (merged at synth).
    bucket.addPropertyOverride('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', true);
  }

  /**
   * DM-12, DM-13: the gold bucket policy and key policy grant the governance registration role (a
   * derived name: the governance stack creates it) exactly what registration needs, on gold only.
   * The principal is the governance account, narrowed to the role by `aws:PrincipalArn`: S3 and KMS
   * reject a policy naming a role that does not exist yet, and a role ARN principal is pinned to the
   * role's unique id, so a recreated role would silently lose access (DM-36).
   */
  private openGoldToGovernance(): void {
    const stack = Stack.of(this);
    const roleArn = stack.formatArn({
      service: 'iam',
      region: '',
      account: this.mesh.governanceAccount,
      resource: 'role',
      resourceName: this.mesh.registrationRoleName(this.domain),
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const governance = new iam.AccountPrincipal(this.mesh.governanceAccount);
    const onlyRegistrationRole = { ArnEquals: { 'aws:PrincipalArn': roleArn } };
    const gold = this.buckets.gold;
    gold.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'GovernanceRegistrationList',
      principals: [governance],
      actions: ['s3:GetBucketLocation', 's3:ListBucket'],
      resources: [gold.bucketArn],
      conditions: onlyRegistrationRole,
    }));
    gold.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'GovernanceRegistrationObjects',
      principals: [governance],
      actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      // The whole gold bucket is the registered location (one registration per producer, D39); its size does not grow with products.
      resources: [gold.arnForObjects('*')],
      conditions: onlyRegistrationRole,
    }));
    this.keys.gold.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'GovernanceRegistrationKeyUse',
      principals: [governance],
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      resources: ['*'],
      conditions: onlyRegistrationRole,
    }));
  }

  /** Lake Formation permissions on every layer's database, tables and location (one chain of grants, DM-24, DM-28). */
  private grantLayersInLakeFormation(principal: string, access: Record<MedallionLayer, LayerAccess>): lf.CfnPrincipalPermissions[] {
    const catalogId = Stack.of(this).account;
    const grants: lf.CfnPrincipalPermissions[] = [];
    const grant = (permissions: string[], resource: GrantResource, dependsOn: CfnResource[]) =>
      grants.push(this.lakeFormationGrants.grant({ requester: this, principal, permissions, resource, dependsOn }));
    for (const layer of MEDALLION_LAYERS) {
      const dbName = this.mesh.layerDatabaseName(this.domain, layer);
      grant(access[layer].database, { database: { catalogId, name: dbName } }, [this.databases[layer]]);
      grant(access[layer].tables, { table: { catalogId, databaseName: dbName, tableWildcard: {} } }, [this.databases[layer]]);
      if (!access[layer].dataLocation) continue;
      grant(['DATA_LOCATION_ACCESS'], { dataLocation: { catalogId, resourceArn: this.buckets[layer].bucketArn } }, [this.registrations[layer]]);
    }
    return grants;
  }


  private addLakeFormationAdminPolicy(role: iam.IRole): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'LakeFormationAdministration',
      actions: [
        'lakeformation:BatchGrantPermissions', 'lakeformation:BatchRevokePermissions', 'lakeformation:DescribeResource',
        'lakeformation:GetDataLakeSettings', 'lakeformation:GetEffectivePermissionsForPath', 'lakeformation:GetLFTag',
        'lakeformation:GetResourceLFTags', 'lakeformation:GrantPermissions', 'lakeformation:ListLFTags', 'lakeformation:ListPermissions',
        'lakeformation:ListResources', 'lakeformation:RevokePermissions', 'lakeformation:SearchDatabasesByLFTags',
        'lakeformation:SearchTablesByLFTags',
      ],
      // Lake Formation has no resource-level permissions for these actions.
      resources: ['*'],
    }));
  }

  private grantGlueLogs(role: iam.IRole): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'GlueLogs',
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [this.glueLogGroupsArn()],
    }));
  }

  /** The log groups (and their streams) Glue writes to. */
  private glueLogGroupsArn(): string {
    return Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws-glue/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  private grantPipelineActions(role: iam.IRole): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'RunProducerGlueJobs',
      actions: ['glue:BatchStopJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:StartJobRun'],
      resources: [this.pipelineArn('job')],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'RunProducerCrawlers',
      actions: ['glue:GetCrawler', 'glue:StartCrawler'],
      resources: [this.pipelineArn('crawler')],
    }));
  }

  /** The name pattern of the producer's Glue jobs and crawlers: `<mesh>-<domain>-*`. */
  private pipelinePrefix(): string {
    return `${this.mesh.name}-${this.domain}-*`;
  }

  /** The ARN pattern of the producer's Glue jobs or crawlers. */
  private pipelineArn(kind: 'job' | 'crawler'): string {
    return this._catalogArn(kind, this.pipelinePrefix());
  }

  /**
   * cdk-nag (AwsSolutions-IAM5): the only wildcards in the policies of this construct's roles are
   * resources that cannot be named at synth time. Each is suppressed exactly (`appliesTo`), with its
   * reason; any other wildcard a later change introduces is still reported.
   */
  private explainWildcards(): void {
    const objects = (layer: MedallionLayer) => this.buckets[layer].arnForObjects('*');
    const tables = (layer: MedallionLayer) => this._tablesArn(layer);
    const objectReason = (whoDoesWhat: string, layer: MedallionLayer) =>
      `${whoDoesWhat} objects of the producer's own ${layer} bucket, whose keys are written by pipelines after deployment and ` +
      'cannot be listed at synth time; the wildcard covers that one bucket and every action is named explicitly.';
    const tableReason = (layer: MedallionLayer) =>
      `Tables of the producer-local ${this.mesh.layerDatabaseName(this.domain, layer)} database are created by crawlers and jobs ` +
      'after deployment; the wildcard covers the tables of that one database only.';

    const roles: Array<[iam.IRole, Wildcard[]]> = [
      [this.adminRole, [
        ...MEDALLION_LAYERS.map(l => ({ resource: objects(l), reason: objectReason('The producer admin reads', l) })),
        ...MEDALLION_LAYERS.map(l => ({ resource: tables(l), reason: tableReason(l) })),
        {
          resource: '*',
          reason: `${GET_DATA_ACCESS_REASON} The Lake Formation administration actions of statement LakeFormationAdministration (grant, revoke ` +
          'and list permissions, LF-tags, settings) have no resource-level permissions either; this role is the account\'s Lake Formation admin.',
        },
      ]],
      [this.dataEngineerRole, [
        { resource: objects(MedallionLayer.BRONZE), reason: objectReason('Data engineers read and write', MedallionLayer.BRONZE) },
        { resource: objects(MedallionLayer.SILVER), reason: objectReason('Data engineers read and write', MedallionLayer.SILVER) },
        { resource: objects(MedallionLayer.GOLD), reason: objectReason('Data engineers write (never read)', MedallionLayer.GOLD) },
        ...MEDALLION_LAYERS.map(l => ({ resource: tables(l), reason: tableReason(l) })),
        { resource: '*', reason: GET_DATA_ACCESS_REASON },
      ]],
      [this.glueRole, [
        { resource: objects(MedallionLayer.BRONZE), reason: objectReason('Glue jobs and crawlers read', MedallionLayer.BRONZE) },
        { resource: objects(MedallionLayer.SILVER), reason: objectReason('Glue jobs read and write', MedallionLayer.SILVER) },
        { resource: objects(MedallionLayer.GOLD), reason: objectReason('Glue jobs write (never read)', MedallionLayer.GOLD) },
        ...MEDALLION_LAYERS.map(l => ({ resource: tables(l), reason: tableReason(l) })),
        { resource: '*', reason: GET_DATA_ACCESS_REASON },
        {
          resource: this.glueLogGroupsArn(),
          reason: 'Glue names its own log groups and streams under /aws-glue/ ' +
          '(jobs/output, jobs/error, crawlers, ...); the statement is limited to that prefix in this account and region.',
        },
      ]],
      [this.stepFunctionsRole, [
        {
          resource: this.pipelineArn('job'),
          reason: `Pipelines may run only Glue jobs named ${this.pipelinePrefix()} ` +
          "(this producer's naming convention); the jobs are defined after this construct, so their exact names are not known here.",
        },
        {
          resource: this.pipelineArn('crawler'),
          reason: `Pipelines may start only Glue crawlers named ${this.pipelinePrefix()} ` +
          "(this producer's naming convention); the crawlers are defined after this construct, so their exact names are not known here.",
        },
      ]],
      [this.locationRole, MEDALLION_LAYERS.map(l => ({
        resource: objects(l),
        reason:
        `Lake Formation vends credentials through this role for any table under the registered ${l} bucket, so it needs object access ` +
        'to that whole bucket (LF developer guide, requirements for roles used to register locations); the wildcard covers that one bucket.',
      }))],
    ];
    for (const [role, wildcards] of roles) suppressWildcards(role, wildcards);
  }

}

/** The ARN Lake Formation knows a principal by: IAM roles and users only. */
function lakeFormationPrincipalArn(principal: iam.IPrincipal): string | undefined {
  const p = principal as Partial<iam.IRole & iam.IUser>;
  return p.roleArn ?? p.userArn;
}

/** An example key ARN of a producer, for messages. */
function exampleKeyArn(mesh: MeshDescription, domain: string): string {
  return `arn:${mesh.partition}:kms:${mesh.region}:${mesh.producer(domain).account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
}

/**
 * Checks that `arn` is the ARN of a KMS key (not an alias) in the producer's account and the mesh's
 * region. Tokens are skipped: they resolve at deploy time.
 */
function checkKeyArn(scope: ErrorScope, mesh: MeshDescription, domain: string, layer: MedallionLayer, arn: string): void {
  if (Token.isUnresolved(arn)) return;
  const account = mesh.producer(domain).account;
  const fix = `Pass the ARN of the producer's ${layer} key, e.g. keyArns: { ${layer}: '${exampleKeyArn(mesh, domain)}' }, or omit ` +
    `keyArns.${layer} (grants then use key/* in account ${account}, conditioned on the alias '${mesh.keyAliasName(domain, layer)}').`;
  const bad = (why: string) => throwValidationError(scope, `keyArns.${layer} '${arn}' ${why}. ${fix}`);
  if (typeof arn !== 'string') bad(`is a ${typeof arn}, not a KMS key ARN`);
  const m = /^arn:(aws(?:-[a-z]+)*):kms:([^:]*):([^:]*):(.*)$/.exec(arn);
  if (!m) bad('is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>)');
  const [, , region, keyAccount, resource] = m!;
  if (resource.startsWith('alias/')) bad('is an alias ARN; IAM grants need the key ARN (key/<key id>), not an alias');
  if (!/^key\/[A-Za-z0-9-]+$/.test(resource)) bad('is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>)');
  if (keyAccount !== account) bad(`is a key of account ${keyAccount || '(none)'}, not of the producer '${domain}' (account ${account})`);
  if (region !== mesh.region) bad(`is a key in region ${region || '(none)'}, not in the mesh's region ${mesh.region}`);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `duration`, if it is a whole number of days, at least 1 (S3 lifecycle rules count in days); else a library error naming the prop. */
function wholeDays(scope: ErrorScope, prop: string, duration: Duration): Duration {
  if (!(duration instanceof Duration)) {
    throwValidationError(scope, `${prop} must be a Duration, e.g. Duration.days(30); got ${String(duration)}.`);
  }
  if (duration.isUnresolved()) return duration;
  const days = duration.toDays({ integral: false });
  if (!Number.isInteger(days) || days < 1) {
    throwValidationError(scope, `${prop} is ${duration.toHumanString()}, but S3 lifecycle rules count in whole days, at least 1. ` +
      `Use Duration.days(n) with a whole n >= 1, e.g. Duration.days(${Math.max(1, Math.ceil(days))}).`);
  }
  return duration;
}
