/* One CloudFormation stack as the reader hands it to the resolver and the facts (plain data). */

/** One CloudFormation stack and where it deploys. */
export interface StackTemplate {
  readonly stackName: string;
  /** The 12-digit account (or `unknown-account` for an environment-agnostic stack). */
  readonly account: string;
  readonly region: string;
  readonly template: any;
  /**
   * The role CloudFormation deploys the stack with (`cloudFormationExecutionRoleArn` of the manifest).
   * It creates the stack's Glue tables and so holds Lake Formation's implicit table-creator permissions.
   */
  readonly deploymentRoleArn?: string;
  /** Parameter values passed to a nested stack by its parent. */
  readonly parameters?: Record<string, any>;
  /** The template's file, when read from an assembly (for the CDK validation report). */
  readonly templatePath?: string;
  /**
   * The stacks this one is deployed after (the manifest's `dependencies`, by stack name; a nested stack: its parent's).
   * CloudFormation orders resources of different stacks only this way (issue 13: shards).
   */
  readonly dependsOnStacks?: string[];
}
