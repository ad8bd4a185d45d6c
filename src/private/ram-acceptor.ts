/*
 * The consumer side of DM-29: one Lambda-backed custom resource provider per stack that accepts the
 * AWS RAM invitations of the governance account. The handler (handlers/ram-invitations) is bundled at
 * the library's build time into assets/; users never bundle at synth.
 */
import * as path from 'path';
import { ArnFormat, CfnResource, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { dependOnRolePolicy, suppressNag } from './lake-formation';

const PROVIDER_ID = 'DataMeshRamInvitationProvider';
/** assets/ sits beside lib/ in the package and beside src/ in the repository. */
export const RAM_HANDLER_ASSET = path.join(__dirname, '..', '..', 'assets', 'ram-invitations');

/** The stack's one provider function. */
function provider(scope: Construct): lambda.Function {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(PROVIDER_ID) as lambda.Function | undefined;
  if (existing) return existing;
  const logGroup = new logs.LogGroup(stack, `${PROVIDER_ID}Logs`, { retention: logs.RetentionDays.ONE_YEAR });
  const fn = new lambda.Function(stack, PROVIDER_ID, {
    description: 'cdk-data-mesh: accepts AWS RAM resource share invitations from the mesh governance account (DM-29)',
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(RAM_HANDLER_ASSET),
    timeout: Duration.minutes(10),
    memorySize: 256,
    logGroup,
  });
  fn.addToRolePolicy(new iam.PolicyStatement({
    sid: 'ReadInvitationsAndShares',
    // RAM has no resource-level scope for these read actions.
    actions: ['ram:GetResourceShareInvitations', 'ram:GetResourceShares'],
    resources: ['*'],
  }));
  logGroup.grantWrite(fn);
  // aws-cdk-lib makes the function depend on its role, which it already references (cfn-lint W3005):
  // keep only the dependency on the role's policy.
  const cfnFn = fn.node.defaultChild as CfnResource;
  const policy = fn.role!.node.findChild('DefaultPolicy').node.defaultChild as CfnResource;
  cfnFn.addOverride('DependsOn', [stack.resolve(policy.logicalId)]);
  suppressNag(fn, [{ id: 'AwsSolutions-L1', reason: 'nodejs22.x is pinned on purpose: it is current (deprecation 2027) and the bundled handler is tested on it.' }]);
  suppressNag(fn.role!, [
    { id: 'AwsSolutions-IAM4', reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs.' },
    { id: 'AwsSolutions-IAM5', reason: 'ram:GetResourceShareInvitations/GetResourceShares have no resource-level scope; AcceptResourceShareInvitation is limited to invitations of the governance account.' },
  ]);
  return fn;
}

export interface RamAcceptanceProps {
  /** The governance account whose invitations are accepted. */
  readonly senderAccount: string;
  /** Changes whenever the set of expected shares changes, so updates re-run the acceptance. */
  readonly nonce: string;
  readonly maxWait?: Duration;
}

/** Accepts the governance account's RAM invitations at deploy time (idempotent; waits for late invitations). */
export class RamAcceptance extends Construct {
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: RamAcceptanceProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const fn = provider(this);
    fn.addToRolePolicy(new iam.PolicyStatement({
      sid: `AcceptInvitationsFrom${props.senderAccount}`,
      actions: ['ram:AcceptResourceShareInvitation'],
      resources: [stack.formatArn({ service: 'ram', account: props.senderAccount, resource: 'resource-share-invitation', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
    }));
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::RamInvitationAcceptance',
      properties: {
        SenderAccountId: props.senderAccount,
        MaxWaitSeconds: String((props.maxWait ?? Duration.minutes(5)).toSeconds()),
        Nonce: props.nonce,
      },
    });
    // The service token already references the function; wait for its role's policy (Accept statement) too.
    dependOnRolePolicy(this.resource, fn.role!);
  }
}
