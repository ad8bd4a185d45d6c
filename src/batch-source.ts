import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as transfer from 'aws-cdk-lib/aws-transfer';
import { Construct, IConstruct } from 'constructs';
import type { DataProducer } from './data-producer';
import { MedallionLayer, MeshDescription } from './mesh';
import { throwValidationError } from './private/errors';
import { dependOnRolePolicy } from './private/lake-formation';
import { suppressWildcards } from './private/nag';
import { objectCreatedPattern } from './private/s3-events';
import {
  checkColumns, checkProducer, checkSourceName, createBronzeTable, grantPrefixRead, grantPrefixWrite, SOURCE_PREFIXES, tagSourceRole,
} from './private/sources';
import { GLUE_NAME } from './private/table-formats';
import { checkName, duplicates } from './private/validation';
import { DataFormat } from './schema';
import { BronzeColumn } from './source-schema';

/** A partner's SFTP user: service-managed, authenticated by SSH key, jailed to the source's landing prefix. */
export interface SftpUser {
  /** The user name: 3 to 100 characters, letters, digits, `_`, `-`, `.` and `@`, not starting with `-`, `.` or `@`. */
  readonly userName: string;
  /** The user's SSH public keys (OpenSSH format: `ssh-ed25519 AAAA... comment`, `ssh-rsa ...` or `ecdsa-sha2-nistp256 ...`), at least one, at most 50. */
  readonly sshPublicKeys: string[];
}

/** An SFTP endpoint (AWS Transfer Family) for partners who deliver files to a batch source. */
export interface SftpOptions {
  /** The users, each jailed to the source's landing prefix (they see it as `/`). */
  readonly users: SftpUser[];
  /**
   * How long the server's logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** A batch source: its landing prefix, its bronze table and the event of a file landing there. */
export interface IBatchSource extends IConstruct {
  /** The source's name. */
  readonly sourceName: string;
  /** The landing prefix in the bronze bucket (`landing/<name>/`). */
  readonly prefix: string;
  /** The name of the source's table in the producer's bronze database. */
  readonly tableName: string;
  /** The EventBridge event pattern of a file landing under the prefix (S3 `Object Created` events of the bronze bucket). */
  readonly objectCreatedEventPattern: events.EventPattern;
  /** An EventBridge rule that matches a file landing under the prefix, e.g. to start the product's pipeline. */
  onObjectCreated(id: string, options?: events.OnEventOptions): events.Rule;
}

/** Attributes of a batch source defined in another stack or app of the producer account. */
export interface BatchSourceAttributes {
  /** The mesh description. */
  readonly mesh: MeshDescription;
  /** The producer domain of the source. */
  readonly domain: string;
  /** The source's name. */
  readonly name: string;
}

/** Props of a `BatchSource`. */
export interface BatchSourceProps {
  /** The producer whose bronze layer receives the files (a `DataProducer` of the same stack). */
  readonly producer: DataProducer;
  /** The source's name: a Glue name (at most 64), unique among the producer's sources; the landing prefix is `landing/<name>/` and the bronze table `<name>`. */
  readonly name: string;
  /** The columns of the delivered files, in order. */
  readonly columns: BronzeColumn[];
  /**
   * The format of the delivered files.
   * @default DataFormat.CSV
   */
  readonly format?: DataFormat;
  /**
   * Header lines to skip in each CSV file (`skip.header.line.count`); only with `DataFormat.CSV`.
   * @default 1
   */
  readonly headerLines?: number;
  /**
   * Who may assume the uploader role.
   * @default - the producer account (`AccountRootPrincipal`): IAM policies in the account decide this
   */
  readonly uploaderPrincipal?: iam.IPrincipal;
  /**
   * An SFTP endpoint for partners (AWS Transfer Family, public endpoint, service-managed users).
   * @default - no SFTP endpoint: files are uploaded to S3 with the uploader role
   */
  readonly sftp?: SftpOptions;
}

const SFTP_USER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_@.-]{2,99}$/;
const SSH_PUBLIC_KEY = /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/;

abstract class BatchSourceBase extends Construct implements IBatchSource {
  public abstract readonly sourceName: string;
  public abstract readonly prefix: string;
  public abstract readonly tableName: string;
  public abstract readonly objectCreatedEventPattern: events.EventPattern;

  /**
   * An EventBridge rule that matches a file landing under the prefix (S3 `Object Created` events), e.g. to start
   * the product's pipeline: `source.onObjectCreated('Start', { target: new targets.SfnStateMachine(machine) })`.
   */
  public onObjectCreated(id: string, options: events.OnEventOptions = {}): events.Rule {
    const rule = new events.Rule(this, id, options);
    rule.addEventPattern(this.objectCreatedEventPattern);
    if (options.target) rule.addTarget(options.target);
    return rule;
  }
}

/**
 * A batch source: files delivered to a landing prefix of the producer's bronze bucket (`landing/<name>/`), by an
 * uploader role that can write that prefix and nothing else, or by partners over SFTP (optional); a Glue table
 * over the prefix in the producer's bronze database; and the bucket's EventBridge notifications, so that a
 * pipeline can start when a file lands (`onObjectCreated`, `objectCreatedEventPattern`).
 *
 * @exampleMetadata nofixture
 * @example
 * import { App, Stack } from 'aws-cdk-lib';
 * import { BatchSource, ColumnType, DataProducer, MeshDescription } from 'cdk-data-mesh';
 *
 * declare const mesh: MeshDescription;
 * const insurance = new Stack(new App(), 'Insurance', { env: mesh.producerEnv('insurance') });
 * const lake = new DataProducer(insurance, 'Lake', { mesh, domain: 'insurance' });
 * new BatchSource(insurance, 'PolicyholderFiles', {
 *   producer: lake,
 *   name: 'policyholders',
 *   columns: [
 *     { name: 'policy_id', type: ColumnType.STRING },
 *     { name: 'customer_name', type: ColumnType.STRING },
 *     { name: 'birth_date', type: ColumnType.DATE },
 *   ],
 * });
 */
export class BatchSource extends BatchSourceBase {
  /**
   * References a batch source of another stack or app in the producer account (e.g. from a pipeline's stack) by its
   * mesh, domain and name: its prefix, table and event pattern derive from them.
   */
  public static fromBatchSourceAttributes(scope: Construct, id: string, attrs: BatchSourceAttributes): IBatchSource {
    const who = `BatchSource '${id}'`;
    if (!attrs.mesh || !attrs.mesh.producerDomains.includes(attrs.domain)) {
      throwValidationError(who, `domain '${attrs.domain}' is not a producer domain of the mesh (producers: ${attrs.mesh ? attrs.mesh.producerDomains.join(', ') : '(no mesh)'}).`);
    }
    checkName(who, 'name', attrs.name, { ...GLUE_NAME, maxLength: 64, example: 'policyholders' });
    const prefix = SOURCE_PREFIXES.batch(attrs.name);
    const pattern = objectCreatedPattern(attrs.mesh.bucketName(attrs.domain, MedallionLayer.BRONZE), prefix);
    class Import extends BatchSourceBase {
      public readonly sourceName = attrs.name;
      public readonly prefix = prefix;
      public readonly tableName = attrs.name;
      public readonly objectCreatedEventPattern = pattern;
    }
    return new Import(scope, id);
  }

  /** The source's name. */
  public readonly sourceName: string;
  /** The landing prefix in the bronze bucket (`landing/<name>/`). */
  public readonly prefix: string;
  /** The name of the source's table in the producer's bronze database. */
  public readonly tableName: string;
  /** The role that uploads files: `s3:PutObject` (and multipart) under the landing prefix, the bronze key through S3, nothing else. */
  public readonly uploaderRole: iam.IRole;
  /**
   * The EventBridge event pattern of a file landing under the prefix (S3 `Object Created` events of the bronze
   * bucket): give it to a rule whose target starts the product's pipeline.
   */
  public readonly objectCreatedEventPattern: events.EventPattern;
  /** The SFTP server's id, when `sftp` is set. */
  public readonly sftpServerId?: string;
  /** The SFTP endpoint's host name (`<server id>.server.transfer.<region>.amazonaws.com`), when `sftp` is set. */
  public readonly sftpEndpoint?: string;
  /** The role the SFTP users act as, when `sftp` is set: write-only under the landing prefix, plus listing it. */
  public readonly sftpUserRole?: iam.IRole;
  private readonly producer: DataProducer;

  constructor(scope: Construct, id: string, props: BatchSourceProps) {
    super(scope, id);
    const producer = checkProducer(this, props.producer);
    this.producer = producer;
    this.sourceName = checkSourceName(this, producer, props.name);
    const columns = checkColumns(this, 'columns', props.columns);
    const format = props.format ?? DataFormat.CSV;
    if (props.headerLines !== undefined && format !== DataFormat.CSV) {
      throwValidationError(this, `headerLines is ${props.headerLines} but format is '${format}'; header lines exist only in CSV files. Remove headerLines, or use DataFormat.CSV.`);
    }
    const headerLines = props.headerLines ?? 1;
    if (!Number.isInteger(headerLines) || headerLines < 0) {
      throwValidationError(this, `headerLines ${headerLines} is invalid: give a whole number of lines, at least 0, e.g. headerLines: 1.`);
    }
    this.prefix = SOURCE_PREFIXES.batch(this.sourceName);
    this.tableName = this.sourceName;
    const bucketName = producer.mesh.bucketName(producer.domain, MedallionLayer.BRONZE);

    createBronzeTable(this, 'Table', producer, {
      name: this.tableName,
      prop: 'name',
      description: `Files delivered by batch source '${this.sourceName}' (s3://${bucketName}/${this.prefix})`,
      columns,
      format,
      prefix: this.prefix,
      parameters: format === DataFormat.CSV ? { 'skip.header.line.count': String(headerLines) } : undefined,
    });

    const uploader = new iam.Role(this, 'UploaderRole', {
      assumedBy: props.uploaderPrincipal ?? new iam.AccountRootPrincipal(),
      description: `cdk-data-mesh ${producer.mesh.name}/${producer.domain}: uploads files of batch source '${this.sourceName}' (write-only, ${this.prefix})`,
    });
    tagSourceRole(uploader, 'batch', this.sourceName);
    this.uploaderRole = uploader;
    this.grantUpload(uploader);

    producer._enableBronzeEventBridge();
    this.objectCreatedEventPattern = objectCreatedPattern(bucketName, this.prefix);

    if (props.sftp !== undefined) {
      const sftp = this.addSftp(props.sftp, bucketName);
      this.sftpServerId = sftp.serverId;
      this.sftpEndpoint = `${sftp.serverId}.server.transfer.${Stack.of(this).region}.amazonaws.com`;
      this.sftpUserRole = sftp.role;
    }
  }

  /**
   * Grants `grantee` what the uploader role has: `s3:PutObject` and the multipart actions under the landing
   * prefix, and the bronze key through S3 (no read, no list, no other prefix or layer).
   */
  public grantUpload(grantee: iam.IGrantable): iam.Grant {
    const account = grantee.grantPrincipal.principalAccount;
    const producerAccount = this.producer.mesh.producer(this.producer.domain).account;
    if (account !== undefined && !Token.isUnresolved(account) && account !== producerAccount) {
      throwValidationError(this, `grantUpload(grantee) refused: the grantee is in account ${account}, not in the producer account ${producerAccount}; bronze is ` +
        `never reachable from another account. Let the partner deliver over SFTP (sftp), or grant a role of account ${producerAccount} that it may assume.`);
    }
    const grant = grantPrefixWrite(grantee, this.producer, this.prefix);
    if (!Construct.isConstruct(grantee.grantPrincipal)) return grant;
    suppressWildcards(grantee.grantPrincipal, [{
      resource: this.producer.bucket(MedallionLayer.BRONZE).arnForObjects(`${this.prefix}*`),
      reason: `Uploaders write files under the landing prefix ${this.prefix} of batch source '${this.sourceName}', whose names are chosen at upload time; ` +
        'the wildcard covers that prefix only and every action is a write.',
    }]);
    return grant;
  }

  private addSftp(options: SftpOptions, bucketName: string): { serverId: string; role: iam.IRole } {
    const users = options.users;
    if (!Array.isArray(users) || users.length === 0) {
      throwValidationError(this, 'sftp.users is empty. Declare at least one user, e.g. sftp: { users: [{ userName: \'partner\', sshPublicKeys: [\'ssh-ed25519 AAAA...\'] }] }, ' +
        'or remove sftp.');
    }
    users.forEach((u, i) => {
      if (typeof u?.userName !== 'string' || !SFTP_USER_NAME.test(u.userName)) {
        throwValidationError(this, `sftp.users[${i}].userName '${u?.userName}' is invalid: AWS Transfer Family user names are 3 to 100 characters, letters, digits, ` +
          "'_', '-', '.' and '@', not starting with '-', '.' or '@', e.g. 'acme-partner'.");
      }
      const keys = u.sshPublicKeys;
      if (!Array.isArray(keys) || keys.length === 0 || keys.length > 50) {
        throwValidationError(this, `sftp.users[${i}].sshPublicKeys of user '${u.userName}' has ${Array.isArray(keys) ? keys.length : 'no'} keys; a service-managed ` +
          'user authenticates with 1 to 50 SSH public keys, e.g. sshPublicKeys: [\'ssh-ed25519 AAAAC3Nza... partner@example\'].');
      }
      keys.forEach((k, j) => {
        if (typeof k !== 'string' || !SSH_PUBLIC_KEY.test(k.trim())) {
          throwValidationError(this, `sftp.users[${i}].sshPublicKeys[${j}] of user '${u.userName}' is not an SSH public key in OpenSSH format ` +
            `('${String(k).slice(0, 40)}'): give the line of the .pub file, e.g. 'ssh-ed25519 AAAAC3Nza... partner@example' (ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256/384/521).`);
        }
      });
    });
    const dup = duplicates(users.map(u => u.userName));
    if (dup.length > 0) throwValidationError(this, `sftp.users declares user '${dup[0]}' twice. Give each user once, with all its keys.`);
    const ids = users.map(u => sftpUserId(u.userName));
    const clash = duplicates(ids.map(x => x.toLowerCase()));
    if (clash.length > 0) {
      const names = users.filter((_, i) => ids[i].toLowerCase() === clash[0]).map(u => `'${u.userName}'`).join(' and ');
      throwValidationError(this, `sftp.users ${names} differ only in punctuation or case, which their construct IDs (and logical IDs) drop. Rename one of them.`);
    }

    const account = Stack.of(this).account;
    const sameAccount = { StringEquals: { 'aws:SourceAccount': account } };
    const loggingRole = new iam.Role(this, 'SftpLoggingRole', {
      assumedBy: new iam.ServicePrincipal('transfer.amazonaws.com').withConditions(sameAccount),
      description: `cdk-data-mesh ${this.producer.mesh.name}/${this.producer.domain}: AWS Transfer Family logs of batch source '${this.sourceName}'`,
    });
    const server = new transfer.CfnServer(this, 'SftpServer', {
      protocols: ['SFTP'],
      identityProviderType: 'SERVICE_MANAGED',
      endpointType: 'PUBLIC',
      domain: 'S3',
      securityPolicyName: 'TransferSecurityPolicy-2024-01',
      loggingRole: loggingRole.roleArn,
    });
    // Transfer Family logs to /aws/transfer/<server id>: the group is made here, with its retention, and the role writes only it.
    const logGroup = new logs.LogGroup(this, 'SftpLogs', {
      logGroupName: `/aws/transfer/${server.attrServerId}`,
      retention: options.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    loggingRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }));

    const userRole = new iam.Role(this, 'SftpUserRole', {
      assumedBy: new iam.ServicePrincipal('transfer.amazonaws.com').withConditions(sameAccount),
      description: `cdk-data-mesh ${this.producer.mesh.name}/${this.producer.domain}: SFTP users of batch source '${this.sourceName}' (write-only, ${this.prefix})`,
    });
    tagSourceRole(userRole, 'batch', this.sourceName);
    grantPrefixWrite(userRole, this.producer, this.prefix);
    // SFTP clients list the directory they upload to (ls, resume); listing shows names and sizes, never contents.
    grantPrefixRead(userRole, this.producer, this.prefix);
    suppressWildcards(userRole, [{
      resource: this.producer.bucket(MedallionLayer.BRONZE).arnForObjects(`${this.prefix}*`),
      reason: `SFTP users write files under the landing prefix ${this.prefix} of batch source '${this.sourceName}', named at upload time; the wildcard ` +
        'covers that prefix only and every action is a write.',
    }]);
    users.forEach(u => {
      const user = new transfer.CfnUser(this, sftpUserId(u.userName), {
        serverId: server.attrServerId,
        userName: u.userName,
        role: userRole.roleArn,
        // Jailed (D60): a logical home whose only entry is the landing prefix; the user sees it as "/" and cannot leave it.
        homeDirectoryType: 'LOGICAL',
        homeDirectoryMappings: [{ entry: '/', target: `/${bucketName}/${this.prefix.replace(/\/$/, '')}` }],
        sshPublicKeys: u.sshPublicKeys.map(k => k.trim()),
      });
      dependOnRolePolicy(user, userRole);
    });
    return { serverId: server.attrServerId, role: userRole };
  }
}

/** The construct ID of an SFTP user: stable whatever other users are added or removed. */
function sftpUserId(userName: string): string {
  return `SftpUser${userName.replace(/[^A-Za-z0-9]/g, '')}`;
}
