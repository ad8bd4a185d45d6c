/*
 * The consumer side of DM-29: one Lambda-backed custom resource provider per stack that accepts the
 * AWS RAM invitations of the governance account. The handler (handlers/ram-invitations) is bundled at
 * the library's build time into assets/; users never bundle at synth.
 */
import * as path from 'path';
import { ArnFormat, CfnResource, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { dependOnRolePolicy } from './lake-formation';
import { suppressNag, suppressWildcards } from './nag';

const PROVIDER_ID = 'DataMeshRamInvitationProvider';
/** assets/ sits beside lib/ in the package and beside src/ in the repository. */
export const RAM_HANDLER_ASSET = path.join(__dirname, '..', '..', 'assets', 'ram-invitations');
/** The provider function's timeout; the handler sends its response before it (handlers/ram-invitations). */
const FUNCTION_TIMEOUT = Duration.minutes(10);
/**
 * How long CloudFormation waits for the acceptance's response (`ServiceTimeout`): the function's timeout
 * and a minute, instead of CloudFormation's default hour, should the function die without responding.
 */
export const ACCEPTANCE_SERVICE_TIMEOUT = Duration.minutes(11);
/** Lake Formation names the AWS RAM shares it creates `LakeFormation-...` (the handler checks the same prefix). */
export const LAKE_FORMATION_SHARE_NAMES = 'LakeFormation-*';

/**
 * The stack's one provider function, with a role of its own: no AWSLambdaBasicExecutionRole (which lets
 * a function create any log group and write to any), only writing to the function's own log group.
 *
 * The function is the `AWS::Lambda::Function` L1 on purpose. `lambda.Function` makes the function
 * depend on its whole role construct, i.e. on the role as well as on the role's policy, and the role
 * dependency is redundant (the function references the role: cfn-lint W3005); construct dependencies
 * become `DependsOn` only at synthesis, so they cannot be removed one by one (`removeDependency`), and
 * overriding `DependsOn` would drop every dependency added later. The L1 depends on exactly what is
 * added to it: the role's policy, and anything else added afterwards. The construct paths are those
 * `lambda.Function` used (`<id>/Resource`, `<id>/ServiceRole`, `<id>/Code`), so the logical IDs are
 * unchanged.
 */
class RamInvitationProvider extends Construct {
  /** The stack's provider, created on first use. */
  public static of(scope: Construct): RamInvitationProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(PROVIDER_ID) as RamInvitationProvider | undefined) ?? new RamInvitationProvider(stack);
  }

  public readonly role: iam.Role;
  public readonly function: lambda.CfnFunction;
  /** The role's inline policy (the function and the acceptances wait for it). */
  public readonly policy: iam.Policy;

  private constructor(stack: Stack) {
    super(stack, PROVIDER_ID);
    // The log group is named, so that its key's policy can name it (kms:EncryptionContext:aws:logs:arn) without a cycle.
    const logGroupName = `/cdk-data-mesh/${stack.stackName}/ram-invitations`;
    const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const logsKey = new kms.Key(stack, `${PROVIDER_ID}LogsKey`, {
      description: 'cdk-data-mesh: CloudWatch logs of the RAM invitation provider',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    logsKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchLogsOfTheProvider',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
      resources: ['*'],
      conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
    }));
    const logGroup = new logs.LogGroup(stack, `${PROVIDER_ID}Logs`, {
      logGroupName,
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: logsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'ServiceRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadInvitationsAndShares',
      // RAM has no resource-level scope for these read actions.
      actions: ['ram:GetResourceShareInvitations', 'ram:GetResourceShares'],
      resources: ['*'],
    }));
    // Its own log group only (logs:CreateLogStream, logs:PutLogEvents): the group exists, the function never creates one.
    logGroup.grantWrite(this.role);
    this.policy = this.role.node.findChild('DefaultPolicy') as iam.Policy;

    const code = lambda.Code.fromAsset(RAM_HANDLER_ASSET);
    const bound = code.bind(this);
    this.function = new lambda.CfnFunction(this, 'Resource', {
      description: 'cdk-data-mesh: accepts AWS RAM resource share invitations from the mesh governance account (DM-29)',
      runtime: lambda.Runtime.NODEJS_22_X.name,
      architectures: [lambda.Architecture.ARM_64.name],
      handler: 'index.handler',
      code: { s3Bucket: bound.s3Location!.bucketName, s3Key: bound.s3Location!.objectKey },
      role: this.role.roleArn,
      timeout: FUNCTION_TIMEOUT.toSeconds(),
      memorySize: 256,
      loggingConfig: { logGroup: logGroup.logGroupName },
    });
    code.bindToResource(this.function);
    // The role is referenced (Fn::GetAtt); its policy is not, and the function must not run before it is attached.
    this.function.node.addDependency(this.policy.node.defaultChild as CfnResource);
    suppressNag(this.function, [{ id: 'AwsSolutions-L1', reason: 'nodejs22.x is pinned on purpose: it is current (deprecation 2027) and the bundled handler is tested on it.' }]);
    // cdk-nag reports IAM5 on the role's default policy, not on the role.
    this.suppressWildcard('*', 'ram:GetResourceShareInvitations and ram:GetResourceShares support no resource-level permissions ' +
      '(resource "*" in the service authorization reference); the function only reads invitations and shares to find those of the governance account.');
  }

  /** Suppresses cdk-nag's IAM5 for exactly one wildcard resource of the role's policy, once. */
  public suppressWildcard(resource: string, reason: string): void {
    suppressWildcards(this.policy.node.defaultChild as CfnResource, [{ resource, reason }]);
  }
}

export interface RamAcceptanceProps {
  /** The governance account whose invitations are accepted. */
  readonly senderAccount: string;
  /** Changes whenever the set of expected shares changes, so updates re-run the acceptance. */
  readonly nonce: string;
  /** The governance databases the consumer receives, sorted: only shares of these are accepted. */
  readonly databaseNames: string[];
  readonly maxWait?: Duration;
}

/** Accepts the governance account's RAM invitations at deploy time (idempotent; waits for late invitations). */
export class RamAcceptance extends Construct {
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: RamAcceptanceProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const provider = RamInvitationProvider.of(this);
    const invitations = stack.formatArn({
      service: 'ram', account: props.senderAccount, resource: 'resource-share-invitation', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    provider.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: `AcceptInvitationsFrom${props.senderAccount}`,
      actions: ['ram:AcceptResourceShareInvitation', 'ram:ListPendingInvitationResources'],
      resources: [invitations],
      // The invitation ARN names the sender's account already, and ram:ShareOwnerAccountId (the condition key of the
      // resource-share-invitation resource type in the service authorization reference) pins the owner of the share.
      // ram:ResourceShareName is a key of the resource-share type: RAM may not put it in the context of these invitation
      // actions, and StringLike on an absent key would deny every acceptance. IfExists: where RAM supplies the name it
      // must be Lake Formation's (`LakeFormation-...`); where it does not, the handler's filter decides (issue 14).
      conditions: {
        StringEquals: { 'ram:ShareOwnerAccountId': props.senderAccount },
        StringLikeIfExists: { 'ram:ResourceShareName': LAKE_FORMATION_SHARE_NAMES },
      },
    }));
    provider.suppressWildcard(invitations, `Invitation ids are generated by AWS RAM when account ${props.senderAccount} shares; ` +
      'the statement is limited to invitations of that sender account (DM-29).');
    // The handler waits SettleSeconds (its default, 60 s) on an update for a re-sent invitation; see handlers/ram-invitations.
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.function.attrArn,
      resourceType: 'Custom::RamInvitationAcceptance',
      properties: {
        SenderAccountId: props.senderAccount,
        MaxWaitSeconds: String((props.maxWait ?? Duration.minutes(5)).toSeconds()),
        Nonce: props.nonce,
        DatabaseNames: props.databaseNames, // sorted by the caller (a list computed at synthesis)
      },
      serviceTimeout: ACCEPTANCE_SERVICE_TIMEOUT,
    });
    // The service token already references the function; wait for its role's policy (Accept statement) too.
    dependOnRolePolicy(this.resource, provider.role);
  }
}
