/**
 * How a construct writes the account's Lake Formation settings (`AWS::LakeFormation::DataLakeSettings`,
 * one per account and region: DM-02).
 *
 * - `REPLACE` owns the settings: the admin list and the default permissions become exactly what the
 *   stack declares. Admins added elsewhere (console, another stack) are removed. Use it when the mesh
 *   owns the account, which is the recommended set-up. Only `REPLACE` guarantees that the
 *   `IAMAllowedPrincipals` defaults are cleared (DM-04).
 * - `APPEND` adds the stack's admins to the existing settings and keeps everything else. Use it in an
 *   account whose settings someone else owns. CloudFormation was reported not to clear default
 *   permissions already set when `APPEND` writes empty lists (cloudformation-coverage-roadmap#2197):
 *   the library then warns at synth time, and still writes `CreateTableDefaultPermissions: []` on
 *   every database it creates.
 */
export enum SettingsMutation {
  /** The stack owns the account's Lake Formation settings (recommended for accounts dedicated to the mesh). */
  REPLACE = 'REPLACE',
  /** The stack adds its admins to settings owned by someone else. */
  APPEND = 'APPEND',
}

/** Lake Formation settings options shared by every construct that owns an account's settings. */
export interface LakeFormationSettingsOptions {
  /**
   * How the account's Lake Formation settings are written (DM-02). See `SettingsMutation`.
   * @default SettingsMutation.REPLACE
   */
  readonly settingsMutation?: SettingsMutation;

  /**
   * The ARN of the role CloudFormation deploys this stack with. It becomes a Lake Formation admin so
   * that the stack can create grants and tag associations (DM-01).
   * @default - the CloudFormation execution role of the stack's `DefaultStackSynthesizer`
   *            (`cdk bootstrap` creates it); required with any other synthesizer
   */
  readonly deploymentRoleArn?: string;
}
