/*
 * Shared Lake Formation internals: one DataLakeSettings per stack (DM-02, DM-40), the deployer as an
 * admin (DM-01), and one registry of PrincipalPermissions per stack that merges grants per principal
 * and resource (DM-25), chains them (DM-24) and refuses forbidden cross-account permissions (DM-23).
 */
import { createHash } from 'crypto';
import { Annotations, Aspects, CfnResource, DefaultStackSynthesizer, Fn, IAspect, Lazy, Stack, Token } from 'aws-cdk-lib';
import { CfnDataLakeSettings, CfnPrincipalPermissions } from 'aws-cdk-lib/aws-lakeformation';
import { Construct, IConstruct } from 'constructs';

import type { MeshDescription } from '../mesh';
import { LakeFormationSettingsOptions, SettingsMutation } from '../settings';
import { ErrorScope, labelOf, throwValidationError } from './errors';
import { checkRoleArn } from './iam-arn';
import { after } from './order';

const SETTINGS_ID = 'DataMeshLakeFormationSettings';
const GRANTS_ID = 'DataMeshLakeFormationGrants';

/** Per app: which stack owns the REPLACE settings of each account/region (DM-40). */
const REPLACE_OWNERS = new WeakMap<IConstruct, Map<string, string>>();

export interface SettingsRequest {
  /** The construct that asks (errors are scoped to it; messages name it, e.g. `DataProducer 'Lake'`). */
  readonly requester: ErrorScope;
  /** The mutation type the requester chose; undefined: it has no opinion (the default, REPLACE, applies). */
  readonly mutation?: SettingsMutation;
  readonly crossAccountVersion: number;
  readonly deploymentRoleArn?: string;
}

/**
 * The one `AWS::LakeFormation::DataLakeSettings` of a stack. Constructs in the same stack share it and
 * add their admins; they must agree on the mutation type (when they state one) and the cross-account
 * version.
 */
export class LakeFormationSettings extends Construct {
  /** The settings of `scope`'s stack, created on first use. */
  public static of(scope: IConstruct, request: SettingsRequest): LakeFormationSettings {
    if (request.deploymentRoleArn !== undefined) checkRoleArn(request.requester, 'deploymentRoleArn', request.deploymentRoleArn);
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SETTINGS_ID) as LakeFormationSettings | undefined;
    if (existing) {
      existing.check(request);
      return existing;
    }
    return new LakeFormationSettings(stack, request);
  }

  /** The settings of `scope`'s stack, as a construct of `mesh` asks for them (its `LakeFormationSettingsOptions`). */
  public static forMesh(scope: IConstruct, mesh: MeshDescription, options: LakeFormationSettingsOptions): LakeFormationSettings {
    return LakeFormationSettings.of(scope, {
      requester: scope,
      mutation: options.settingsMutation,
      crossAccountVersion: mesh.crossAccountVersion,
      deploymentRoleArn: options.deploymentRoleArn,
    });
  }

  public readonly resource: CfnDataLakeSettings;
  private readonly admins = new Map<string, string>();
  private readonly first: SettingsRequest;
  /** The requester that chose the mutation type explicitly, if any. */
  private chosenBy?: SettingsRequest;
  private mutation: SettingsMutation;

  private constructor(stack: Stack, request: SettingsRequest) {
    super(stack, SETTINGS_ID);
    this.first = request;
    this.mutation = request.mutation ?? SettingsMutation.REPLACE;
    if (request.mutation) this.chosenBy = request;
    registerReplaceOwner(stack, request.requester, this.mutation);

    this.resource = new CfnDataLakeSettings(this, 'Resource', {
      admins: Lazy.any({ produce: () => [...this.admins.values()].map(arn => ({ dataLakePrincipalIdentifier: arn })) }),
      // DM-04: new databases and tables get no IAMAllowedPrincipals grant; Lake Formation decides.
      createDatabaseDefaultPermissions: [],
      createTableDefaultPermissions: [],
      mutationType: Lazy.string({ produce: () => this.mutation }),
      // DM-06: a string map; every account of the mesh writes the same version.
      parameters: { CROSS_ACCOUNT_VERSION: String(request.crossAccountVersion) },
    });

    this.addAdmin(deploymentRole(stack, request));
    if (this.mutation === SettingsMutation.APPEND) this.warnAppend(request.requester);
  }

  /** Adds a Lake Formation admin (an IAM role or user ARN). */
  public addAdmin(arn: string): void {
    const key = JSON.stringify(Stack.of(this).resolve(arn));
    if (!this.admins.has(key)) this.admins.set(key, arn);
  }

  /**
   * Makes `resource` wait for the settings that make the deployer an admin (DM-01): a `DependsOn` in the settings'
   * stack, a stack dependency from a shard (issue 13: a shard has no settings of its own, DM-40).
   */
  public gate(resource: CfnResource): void {
    after(resource, this.resource);
  }

  private check(request: SettingsRequest): void {
    const stack = Stack.of(this);
    if (request.mutation) {
      if (this.chosenBy && this.chosenBy.mutation !== request.mutation) {
        throwValidationError(request.requester, `settingsMutation ${request.mutation} conflicts with ${this.chosenBy.mutation} requested by ${labelOf(this.chosenBy.requester)} ` +
          `in the same stack '${stack.stackName}'. A stack has one Lake Formation settings resource (DM-40): give both constructs the same settingsMutation.`);
      }
      if (!this.chosenBy) {
        this.chosenBy = request;
        if (request.mutation !== this.mutation) {
          this.mutation = request.mutation;
          unregisterReplaceOwner(stack);
          registerReplaceOwner(stack, request.requester, this.mutation);
          if (this.mutation === SettingsMutation.APPEND) this.warnAppend(request.requester);
        }
      }
    }
    if (request.crossAccountVersion !== this.first.crossAccountVersion) {
      throwValidationError(request.requester, `CROSS_ACCOUNT_VERSION ${request.crossAccountVersion} conflicts with ${this.first.crossAccountVersion} requested by ` +
        `${labelOf(this.first.requester)} in the same stack (DM-06). Use one mesh description for every construct of the account.`);
    }
    if (request.deploymentRoleArn) this.addAdmin(request.deploymentRoleArn);
  }

  private warnAppend(requester: ErrorScope): void {
    Annotations.of(this).addWarningV2('cdk-data-mesh:settings-append',
      `${labelOf(requester)}: Lake Formation settings use MutationType APPEND (DM-02). CloudFormation may not clear ` +
      'CreateDatabaseDefaultPermissions/CreateTableDefaultPermissions already set in this account (cloudformation-coverage-roadmap#2197), ' +
      'so databases created outside this library may still grant IAMAllowedPrincipals (DM-04, DM-05). Check the settings in the console, ' +
      'or use SettingsMutation.REPLACE if the mesh owns this account.');
  }
}

function replaceOwners(stack: Stack): Map<string, string> | undefined {
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) return undefined;
  const root = stack.node.root;
  let owners = REPLACE_OWNERS.get(root);
  if (!owners) {
    owners = new Map();
    REPLACE_OWNERS.set(root, owners);
  }
  return owners;
}

function registerReplaceOwner(stack: Stack, requester: ErrorScope, mutation: SettingsMutation): void {
  const owners = replaceOwners(stack);
  if (mutation !== SettingsMutation.REPLACE || !owners) return;
  const key = `${stack.account}/${stack.region}`;
  const owner = owners.get(key);
  if (owner && owner !== stack.node.path) {
    throwValidationError(requester, `stack '${stack.node.path}' writes the Lake Formation settings of account ${stack.account} in ${stack.region} with REPLACE, ` +
      `but stack '${owner}' already does (DM-40): the second deployment would wipe the first one's admins. Put both constructs in one stack, ` +
      'or set settingsMutation: SettingsMutation.APPEND on all but one of them.');
  }
  owners.set(key, stack.node.path);
}

function unregisterReplaceOwner(stack: Stack): void {
  const owners = replaceOwners(stack);
  const key = `${stack.account}/${stack.region}`;
  if (owners?.get(key) === stack.node.path) owners.delete(key);
}

/** The role CloudFormation deploys `stack` with (DM-01, DM-03). */
function deploymentRole(stack: Stack, request: SettingsRequest): string {
  if (request.deploymentRoleArn) return request.deploymentRoleArn;
  const synth = stack.synthesizer;
  if (synth instanceof DefaultStackSynthesizer) {
    // The synthesizer's ARN carries ${AWS::Partition} (and ${AWS::AccountId} when env-agnostic).
    return Fn.sub(synth.cloudFormationExecutionRoleArn);
  }
  return throwValidationError(request.requester, `stack '${stack.stackName}' uses ${synth.constructor.name}, so the library cannot tell which role deploys it. ` +
    'Pass deploymentRoleArn (the role CloudFormation runs as): it must be a Lake Formation admin to create grants (DM-01).');
}

/** A Lake Formation resource, as `AWS::LakeFormation::PrincipalPermissions` names it. */
export type GrantResource = CfnPrincipalPermissions.ResourceProperty;

export interface GrantRequest {
  /** The construct that asks (errors are scoped to it). */
  readonly requester: ErrorScope;
  /** An IAM principal ARN, or a 12-digit account id for a cross-account grant. */
  readonly principal: string;
  readonly resource: GrantResource;
  readonly permissions: string[];
  readonly permissionsWithGrantOption?: string[];
  /** Resources the grant names (DM-28): it is created after them. */
  readonly dependsOn?: CfnResource[];
}

/** Permissions the mesh never grants to another account (DM-23). */
export const FORBIDDEN_CROSS_ACCOUNT = ['ALL', 'DROP', 'SUPER', 'ALTER', 'DATA_LOCATION_ACCESS'];

/**
 * Every `AWS::LakeFormation::PrincipalPermissions` of a stack: one per principal and resource (DM-25,
 * permissions merged), each after the settings (DM-01) and the previous grant (DM-24).
 *
 * The chain is made at synthesis (an aspect), in the order of the grants' construct IDs (a hash of principal and
 * resource), not in declaration order: the same mesh gives the same template however its constructs are declared
 * (a share declared after its consumer included), and each grant waits for exactly one other (no `DependsOn` list
 * that grows with the stack).
 */
export class LakeFormationGrants extends Construct {
  public static of(scope: IConstruct, settings: LakeFormationSettings): LakeFormationGrants {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(GRANTS_ID) as LakeFormationGrants | undefined;
    return existing ?? new LakeFormationGrants(stack, settings);
  }

  private readonly grants = new Map<string, { id: string; resource: CfnPrincipalPermissions; permissions: string[]; grantable: string[] }>();
  private chained = false;

  private constructor(stack: Stack, private readonly settings: LakeFormationSettings) {
    super(stack, GRANTS_ID);
    const chain: IAspect = { visit: node => { if (node === this) this.chain(); } };
    Aspects.of(this).add(chain);
  }

  /** Grants `request` (merged into an existing grant of the same principal and resource). */
  public grant(request: GrantRequest): CfnPrincipalPermissions {
    const stack = Stack.of(this);
    checkCrossAccount(stack, request);
    const key = JSON.stringify(stack.resolve({ p: request.principal, r: request.resource }));
    let entry = this.grants.get(key);
    if (!entry) {
      if (this.chained) throw new Error(`internal: a Lake Formation grant was added to ${this.node.path} after its chain was made`);
      // Plain arrays, kept sorted, that later requests merge into (the L1 renders the arrays it was given): no
      // Lazy token per grant, which costs aws-cdk-lib a resolution each at synthesis (issue 13: tens of thousands of grants).
      const permissions: string[] = [];
      const grantable: string[] = [];
      const id = 'Grant' + createHash('sha256').update(key).digest('hex').slice(0, 12).toUpperCase();
      const resource = new CfnPrincipalPermissions(this, id, {
        catalog: stack.account,
        principal: { dataLakePrincipalIdentifier: request.principal },
        resource: request.resource,
        permissions,
        permissionsWithGrantOption: grantable,
      });
      this.settings.gate(resource);
      entry = { id, resource, permissions, grantable };
      this.grants.set(key, entry);
    }
    mergeSorted(entry.permissions, request.permissions);
    mergeSorted(entry.grantable, request.permissionsWithGrantOption ?? []);
    for (const dep of request.dependsOn ?? []) after(entry.resource, dep);
    return entry.resource;
  }

  /** DM-24: one chain, in construct-ID order. */
  private chain(): void {
    if (this.chained) return;
    this.chained = true;
    const sorted = [...this.grants.values()].sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    for (let i = 1; i < sorted.length; i++) sorted[i].resource.node.addDependency(sorted[i - 1].resource);
  }
}

/** Adds `values` to the sorted, duplicate-free `into` in place. */
function mergeSorted(into: string[], values: string[]): void {
  let changed = false;
  for (const v of values) {
    if (!into.includes(v)) {
      into.push(v);
      changed = true;
    }
  }
  if (changed) into.sort();
}

function checkCrossAccount(stack: Stack, request: GrantRequest): void {
  const account = principalAccount(stack, request.principal);
  if (account === undefined || Token.isUnresolved(stack.account) || account === stack.account) return;
  const all = [...request.permissions, ...(request.permissionsWithGrantOption ?? [])];
  const forbidden = all.filter(p => FORBIDDEN_CROSS_ACCOUNT.includes(p));
  if (forbidden.length > 0) {
    throwValidationError(request.requester, `refusing to grant ${forbidden.join(', ')} to account ${account} (DM-23): the mesh never gives another account ` +
      'ALL, DROP, SUPER, ALTER or data-location access. Share with DESCRIBE/SELECT instead.');
  }
}

/**
 * The account of a principal given as an account id or an IAM ARN; undefined when it cannot be told
 * (e.g. `Fn::GetAtt` of a role). Partition-aware ARNs (`Stack.formatArn`, `Fn::Sub` with
 * `${AWS::Partition}`, DM-11) are read from their resolved form: only the partition is unknown, and
 * every correctly built cross-account ARN must still meet the DM-23 check.
 */
function principalAccount(stack: Stack, principal: string): string | undefined {
  const text = literalText(stack.resolve(principal));
  if (/^\d{12}$/.test(text)) return text;
  const m = /^arn:[^:]+:iam::(\d{12}):/.exec(text);
  return m ? m[1] : undefined;
}

/** The literal text of a resolved value, with every part that is not known at synth time replaced by `?`. */
function literalText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o['Fn::Join']) && Array.isArray(o['Fn::Join'][1])) {
      const [delimiter, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(literalText).join(delimiter);
    }
    if (typeof o['Fn::Sub'] === 'string') return (o['Fn::Sub'] as string).replace(/\$\{[^}]*\}/g, '?');
  }
  return '?';
}

/**
 * Makes `resource` wait for `role`'s own IAM policy (DM-10). The resource already references the role
 * (Fn::GetAtt), so only the policy needs an explicit DependsOn (cfn-lint W3005 otherwise).
 */
export function dependOnRolePolicy(resource: IConstruct, role: IConstruct): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (!policy) {
    throw new Error(`internal: role '${role.node.path}' has no DefaultPolicy to wait for`);
  }
  resource.node.addDependency(policy);
}
