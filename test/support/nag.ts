/*
 * Shared cdk-nag helpers for the *-nag tests: a logger recording suppressed findings, compliant rules
 * and rule errors, the CloudFormation resources of a scope, their written-down suppressions, and the
 * text of Annotations findings.
 */
import { CfnResource } from 'aws-cdk-lib';
import {
  INagLogger, NagLoggerComplianceData, NagLoggerErrorData, NagLoggerNonComplianceData, NagLoggerNotApplicableData,
  NagLoggerSuppressedData, NagLoggerSuppressedErrorData,
} from 'cdk-nag';
import { IConstruct } from 'constructs';

export interface Suppression {
  readonly id: string;
  readonly reason: string;
  readonly applies_to?: unknown[];
}

/** Records every finding cdk-nag suppresses, every rule a resource complies with, and every rule error. */
export class RecordingLogger implements INagLogger {
  public readonly suppressed: Array<{ path: string; ruleId: string; findingId: string }> = [];
  public readonly compliant: Array<{ path: string; ruleId: string }> = [];
  public readonly errors: string[] = [];
  public onCompliance(data: NagLoggerComplianceData): void {
    this.compliant.push({ path: data.resource.node.path, ruleId: data.ruleId });
  }
  public onNonCompliance(_: NagLoggerNonComplianceData): void {}
  public onSuppressed(data: NagLoggerSuppressedData): void {
    this.suppressed.push({ path: data.resource.node.path, ruleId: data.ruleId, findingId: data.findingId });
  }
  public onError(data: NagLoggerErrorData): void {
    this.errors.push(`${data.resource.node.path} ${data.ruleId}: ${data.errorMessage}`);
  }
  public onSuppressedError(data: NagLoggerSuppressedErrorData): void {
    this.errors.push(`${data.resource.node.path} ${data.ruleId} (suppressed): ${data.errorMessage}`);
  }
  public onNotApplicable(_: NagLoggerNotApplicableData): void {}
}

/** Every CloudFormation resource under `scope`. */
export function cfnResources(scope: IConstruct): CfnResource[] {
  return scope.node.findAll().filter((c): c is CfnResource => c instanceof CfnResource);
}

/** The cdk-nag suppressions written down on `resource` (none if it has no cdk_nag metadata). */
export function suppressionsOf(resource: CfnResource): Suppression[] {
  return (resource.getMetadata('cdk_nag') as { rules_to_suppress?: Suppression[] } | undefined)?.rules_to_suppress ?? [];
}

/** `id: message` for each Annotations finding. */
export const messages = (findings: Array<{ id: string; entry: { data?: unknown } }>) => findings.map(f => `${f.id}: ${String(f.entry.data)}`);
