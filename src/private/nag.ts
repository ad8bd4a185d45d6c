/*
 * cdk-nag suppressions, carried as metadata (no dependency on cdk-nag at run time), each with its reason
 * written down; IAM5 wildcards are suppressed exactly (`appliesTo`), once each, on the policy cdk-nag
 * reports them on, so that any wildcard a later change introduces is still reported.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Why `lakeformation:GetDataAccess` is granted on "*" (the reason of its IAM5 suppression). */
export const GET_DATA_ACCESS_REASON = 'lakeformation:GetDataAccess supports no resource-level permissions (resource "*" in the service authorization ' +
  'reference); Lake Formation itself decides, per table and principal, which data it vends credentials for.';

/** A cdk-nag suppression carried as metadata (no dependency on cdk-nag at run time). */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  readonly appliesTo?: string[];
}

/**
 * Attaches cdk-nag suppressions to the CloudFormation resource behind `construct`, with the reason
 * written down (cdk-nag reads the `cdk_nag` metadata).
 */
export function suppressNag(construct: IConstruct, suppressions: NagSuppression[]): void {
  const resource = (CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild) as CfnResource | undefined;
  if (!resource) return;
  const current = (resource.getMetadata('cdk_nag') as { rules_to_suppress?: object[] } | undefined)?.rules_to_suppress ?? [];
  resource.addMetadata('cdk_nag', {
    rules_to_suppress: [
      ...current,
      ...suppressions.map(s => ({ id: s.id, reason: s.reason, ...(s.appliesTo ? { applies_to: s.appliesTo } : {}) })),
    ],
  });
}

/**
 * The finding id that cdk-nag's IAM5 rule reports for a wildcard resource of an IAM statement, e.g.
 * `Resource::<LakeGoldBucketFA6D7163.Arn>/*` or `Resource::arn:<AWS::Partition>:glue:...:table/db/*`,
 * for use in `appliesTo`. It flattens the resolved value the way cdk-nag does (`Fn::Join` joined,
 * `Fn::GetAtt` as `<Id.Attr>`, `Ref` as `<Id>`, `${X}` in `Fn::Sub` as `<X>`), so a suppression names
 * the exact resource and nothing else.
 */
export function wildcardFinding(scope: IConstruct, resourceArn: string): string {
  return `Resource::${flattenLikeNag(Stack.of(scope).resolve(resourceArn))}`;
}

function flattenLikeNag(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/}/g, '>');
  const o = value as Record<string, any>;
  if (o['Fn::Join']) {
    const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
    return items.map(flattenLikeNag).join(delimiter);
  }
  if (o['Fn::Sub']) return flattenLikeNag(o['Fn::Sub']);
  if (o['Fn::GetAtt']) {
    const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenLikeNag(resource)}.${flattenLikeNag(attribute)}>`;
  }
  if (o['Fn::ImportValue']) return flattenLikeNag(o['Fn::ImportValue']);
  if (o.Ref) return `<${flattenLikeNag(o.Ref)}>`;
  return JSON.stringify(value);
}

/** One wildcard resource of an IAM policy and why it cannot be narrowed. */
export interface Wildcard {
  /** The resource as the statement names it (an ARN with a `*`, or `*`). */
  readonly resource: string;
  readonly reason: string;
}

/**
 * Suppresses cdk-nag's AwsSolutions-IAM5 for exactly these wildcard resources, once each, on the policy
 * cdk-nag reports them on: `target` itself when it is that policy's L1, else the DefaultPolicy of a role (or
 * the Policy an imported role gets). Nothing happens when there is no such policy (nothing was granted).
 */
export function suppressWildcards(target: IConstruct, wildcards: Wildcard[]): void {
  const policy = CfnResource.isCfnResource(target) ? target
    : (target.node.tryFindChild('DefaultPolicy') ?? target.node.tryFindChild('Policy'))?.node.defaultChild as CfnResource | undefined;
  if (!policy) return;
  const existing = new Set(((policy.getMetadata('cdk_nag') as { rules_to_suppress?: Array<{ applies_to?: string[] }> } | undefined)
    ?.rules_to_suppress ?? []).flatMap(r => r.applies_to ?? []));
  const fresh = wildcards.map(w => ({ finding: wildcardFinding(policy, w.resource), reason: w.reason })).filter(w => !existing.has(w.finding));
  const unique = fresh.filter((w, i) => fresh.findIndex(x => x.finding === w.finding) === i);
  if (unique.length > 0) suppressNag(policy, unique.map(w => ({ id: 'AwsSolutions-IAM5', reason: w.reason, appliesTo: [w.finding] })));
}
