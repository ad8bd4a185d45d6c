/*
 * Reads a cloud assembly (manifest.json + CloudFormation templates, nested assemblies of stages and
 * nested stacks included) into plain facts about Lake Formation: tags, associations, databases,
 * tables, resource links, grants, data-cells filters, settings. It resolves the intrinsic functions
 * templates really contain. No aws-cdk-lib or construct import: it works on any assembly.
 */
import * as fs from 'fs';
import * as path from 'path';
import { hasOwn, own, setOwn } from './own';

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
}

/** The assembly cannot be read: the CLI exits 1 with this message. */
export class AssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssemblyError';
  }
}

function readJson(file: string, what: string): any {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new AssemblyError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AssemblyError(`${what} ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Reads every CloudFormation stack of a cloud assembly directory (nested assemblies and nested stacks included). */
export function readAssembly(dir: string): StackTemplate[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new AssemblyError(`${dir} is not a directory. Pass the output directory of 'cdk synth' (cdk.out).`);
  }
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    throw new AssemblyError(`${dir} is not a cloud assembly: ${manifestPath} does not exist. Run 'cdk synth' first, then pass its output directory (cdk.out).`);
  }
  const manifest = readJson(manifestPath, 'cloud assembly manifest');
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new AssemblyError(`cloud assembly manifest ${manifestPath} is not an object.`);
  }
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact?.type === 'aws:cloudformation:stack') {
      stacks.push(...readStackArtifact(dir, id, artifact, manifestPath));
    } else if (artifact?.type === 'cdk:cloud-assembly') {
      stacks.push(...readAssembly(path.join(dir, artifact.properties?.directoryName ?? '')));
    }
  }
  return stacks;
}

/** One `aws:cloudformation:stack` artifact of a manifest, and its nested stacks. */
function readStackArtifact(dir: string, id: string, artifact: any, manifestPath: string): StackTemplate[] {
  const env = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '') ?? [];
  const props = artifact.properties ?? {};
  if (typeof props.templateFile !== 'string') {
    throw new AssemblyError(`stack ${id} in ${manifestPath} names no templateFile.`);
  }
  const templatePath = path.join(dir, props.templateFile);
  const stack: StackTemplate = {
    stackName: props.stackName ?? id,
    account: env[1] ?? 'unknown-account',
    region: env[2] ?? 'unknown-region',
    template: readJson(templatePath, `template of stack ${id}`),
    deploymentRoleArn: typeof props.cloudFormationExecutionRoleArn === 'string' ? props.cloudFormationExecutionRoleArn : undefined,
    templatePath,
  };
  return [stack, ...readNestedStacks(dir, stack)];
}

/**
 * The stacks of these template files (what a CDK validation plugin receives), with the account, region
 * and execution role the `manifest.json` next to each file gives its artifact.
 */
export function readTemplatePaths(templatePaths: string[]): StackTemplate[] {
  const stacks: StackTemplate[] = [];
  const manifests = new Map<string, any>();
  for (const file of templatePaths) {
    const dir = path.dirname(file);
    const manifestPath = path.join(dir, 'manifest.json');
    if (!manifests.has(dir)) manifests.set(dir, fs.existsSync(manifestPath) ? readJson(manifestPath, 'cloud assembly manifest') : {});
    const artifacts = Object.entries<any>(manifests.get(dir)?.artifacts ?? {});
    const found = artifacts.find(([, a]) => a?.type === 'aws:cloudformation:stack' && a.properties?.templateFile === path.basename(file));
    if (found) {
      stacks.push(...readStackArtifact(dir, found[0], found[1], manifestPath));
    } else {
      const stack: StackTemplate = {
        stackName: path.basename(file).replace(/\.template\.json$/, ''),
        account: 'unknown-account',
        region: 'unknown-region',
        template: readJson(file, 'template'),
        templatePath: file,
      };
      stacks.push(stack, ...readNestedStacks(dir, stack));
    }
  }
  return stacks;
}

/** CDK nested stacks: `AWS::CloudFormation::Stack` resources whose template is an asset of the assembly. */
function readNestedStacks(dir: string, parent: StackTemplate): StackTemplate[] {
  const out: StackTemplate[] = [];
  const resolver = new Resolver(parent);
  for (const [logicalId, res] of Object.entries<any>(parent.template?.Resources ?? {})) {
    const file = res?.Metadata?.['aws:asset:path'];
    if (res?.Type !== 'AWS::CloudFormation::Stack' || typeof file !== 'string' || !fs.existsSync(path.join(dir, file))) continue;
    const nested: StackTemplate = {
      stackName: `${parent.stackName}-${logicalId}`,
      account: parent.account,
      region: parent.region,
      template: readJson(path.join(dir, file), `nested stack template of ${parent.stackName}/${logicalId}`),
      deploymentRoleArn: parent.deploymentRoleArn,
      parameters: resolver.resolve(res.Properties?.Parameters ?? {}),
      templatePath: path.join(dir, file),
    };
    out.push(nested, ...readNestedStacks(dir, nested));
  }
  return out;
}

/** The partition of a region, as `AWS::Partition` resolves there. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/** Marks `Ref: AWS::NoValue`: the property is removed. */
const NO_VALUE = Symbol('AWS::NoValue');
const MAX_DEPTH = 64;

/**
 * Resolves the intrinsic functions of one stack's template to literal values where the template
 * allows: Ref (pseudo parameters, parameters with defaults, named resources), Fn::GetAtt (role/user/
 * bucket ARNs), Fn::Join, Fn::Sub (both forms), Fn::Select, Fn::Split, Fn::FindInMap, Fn::If with the
 * template's Conditions, Fn::ImportValue (exports of the same assembly). What cannot be known before
 * deployment becomes a stable `${...}` placeholder string.
 */
export class Resolver {
  public readonly partition: string;
  private readonly conditionCache = new Map<string, boolean | undefined>();

  constructor(private readonly stack: StackTemplate, private readonly exports: Map<string, string> = new Map()) {
    this.partition = partitionOf(stack.region);
  }

  public resolve(value: any, depth = 0): any {
    const v = this.resolveInner(value, depth);
    return v === NO_VALUE ? undefined : v;
  }

  /** Whether a resource's `Condition` holds (unknown conditions count as true: the resource is reported). */
  public conditionHolds(name: string | undefined): boolean {
    return name === undefined || this.condition(name, 0) !== false;
  }

  private resolveInner(value: any, depth: number): any {
    if (depth > MAX_DEPTH) return '${circular}';
    if (Array.isArray(value)) return value.map(v => this.resolveInner(v, depth + 1)).filter(v => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return this.intrinsic(keys[0], value[keys[0]], depth + 1);
    const out: any = {};
    for (const [k, v] of Object.entries(value)) {
      const r = this.resolveInner(v, depth + 1);
      if (r !== NO_VALUE) setOwn(out, k, r); // a key such as `__proto__` stays a key
    }
    return out;
  }

  private intrinsic(fn: string, arg: any, depth: number): any {
    const str = (v: any) => this.asString(this.resolveInner(v, depth));
    switch (fn) {
      case 'Ref': return this.ref(String(arg), depth);
      case 'Fn::GetAtt': {
        const [id, ...attr] = Array.isArray(arg) ? [String(arg[0]), String(this.resolveInner(arg[1], depth))] : String(arg).split('.');
        return this.getAtt(id, attr.join('.'), depth);
      }
      case 'Fn::Join': {
        if (!Array.isArray(arg)) return '${Fn::Join}';
        const parts = this.resolveInner(arg[1], depth);
        return Array.isArray(parts) ? parts.map(p => this.asString(p)).join(String(arg[0])) : this.asString(parts);
      }
      case 'Fn::Sub': return Array.isArray(arg) ? this.sub(String(arg[0]), arg[1] ?? {}, depth) : this.sub(String(arg), {}, depth);
      case 'Fn::Select': {
        if (!Array.isArray(arg)) return '${Fn::Select}';
        const list = this.resolveInner(arg[1], depth);
        const i = Number(this.resolveInner(arg[0], depth));
        return Array.isArray(list) && Number.isInteger(i) && i >= 0 && i < list.length ? list[i] : '${Fn::Select}';
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg)) return ['${Fn::Split}'];
        const s = this.resolveInner(arg[1], depth);
        return typeof s === 'string' ? s.split(String(arg[0])) : ['${Fn::Split}'];
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg)) return '${Fn::FindInMap}';
        const [m, k1, k2] = arg.map(a => str(a));
        const found = own(own(own(this.stack.template.Mappings, m), k1), k2);
        return found === undefined ? `\${Fn::FindInMap:${m}.${k1}.${k2}}` : this.resolveInner(found, depth);
      }
      case 'Fn::If': {
        if (!Array.isArray(arg)) return '${Fn::If}';
        const holds = this.condition(String(arg[0]), depth);
        return this.resolveInner(holds === false ? arg[2] : arg[1], depth);
      }
      case 'Fn::ImportValue': {
        // Exports are per account and region.
        const name = str(arg);
        return this.exports.get(`${this.stack.account}|${this.stack.region}|${name}`) ?? `\${Fn::ImportValue:${name}}`;
      }
      case 'Fn::GetAZs': return ['a', 'b', 'c'].map(z => `${this.stack.region}${z}`);
      default: return `\${${fn}}`;
    }
  }

  private asString(v: any): string {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return '${unresolved}';
  }

  private condition(name: string, depth: number): boolean | undefined {
    if (this.conditionCache.has(name)) return this.conditionCache.get(name);
    this.conditionCache.set(name, undefined); // cycle guard
    const result = this.evalCondition(own(this.stack.template.Conditions, name), depth + 1);
    this.conditionCache.set(name, result);
    return result;
  }

  private evalCondition(c: any, depth: number): boolean | undefined {
    if (c === undefined || c === null || typeof c !== 'object' || depth > MAX_DEPTH) return undefined;
    if ('Condition' in c) return this.condition(String(c.Condition), depth);
    const args = Object.values(c)[0] as any[];
    switch (Object.keys(c)[0]) {
      case 'Fn::Equals': {
        const [a, b] = (args ?? []).map(x => this.resolveInner(x, depth));
        const unknown = (x: any) => JSON.stringify(x ?? null).includes('${');
        if (unknown(a) || unknown(b)) return undefined;
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case 'Fn::Not': {
        const r = this.evalCondition(args?.[0], depth + 1);
        return r === undefined ? undefined : !r;
      }
      case 'Fn::And': {
        const rs = (args ?? []).map(x => this.evalCondition(x, depth + 1));
        return rs.includes(false) ? false : rs.includes(undefined) ? undefined : true;
      }
      case 'Fn::Or': {
        const rs = (args ?? []).map(x => this.evalCondition(x, depth + 1));
        return rs.includes(true) ? true : rs.includes(undefined) ? undefined : false;
      }
      default: return undefined;
    }
  }

  private ref(name: string, depth: number): any {
    switch (name) {
      case 'AWS::AccountId': return this.stack.account;
      case 'AWS::Region': return this.stack.region;
      case 'AWS::Partition': return this.partition;
      case 'AWS::URLSuffix': return this.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::StackName': return this.stack.stackName;
      case 'AWS::StackId': return `arn:${this.partition}:cloudformation:${this.stack.region}:${this.stack.account}:stack/${this.stack.stackName}/\${AWS::StackId}`;
      case 'AWS::NoValue': return NO_VALUE;
      case 'AWS::NotificationARNs': return [];
      default: break;
    }
    const res = own(this.stack.template.Resources, name);
    if (!res) {
      if (hasOwn(this.stack.parameters, name)) return own(this.stack.parameters, name);
      const param = own(this.stack.template.Parameters, name);
      // An SSM parameter's Default is the parameter's name, not its value.
      if (param === undefined || param.Default === undefined || String(param.Type ?? '').startsWith('AWS::SSM::')) return `\${${name}}`;
      const type = String(param.Type ?? 'String');
      return type.startsWith('List<') || type === 'CommaDelimitedList' ? String(param.Default).split(',').map(s => s.trim()) : param.Default;
    }
    const p = res.Properties ?? {};
    const named = (v: any, fallback: () => string) => {
      const resolved = v === undefined ? NO_VALUE : this.resolveInner(v, depth + 1);
      return resolved === NO_VALUE ? fallback() : this.asString(resolved);
    };
    switch (res.Type) {
      case 'AWS::IAM::Role': return named(p.RoleName, () => this.generatedName(name));
      case 'AWS::IAM::User': return named(p.UserName, () => this.generatedName(name));
      case 'AWS::Glue::Database': return named(p.DatabaseInput?.Name, () => `\${${name}}`);
      case 'AWS::Glue::Table': return named(p.TableInput?.Name, () => `\${${name}}`);
      case 'AWS::S3::Bucket': return named(p.BucketName, () => this.generatedName(name).toLowerCase());
      case 'AWS::Athena::WorkGroup': return named(p.Name, () => `\${${name}}`);
      case 'AWS::IAM::Group': return named(p.GroupName, () => this.generatedName(name));
      case 'AWS::IAM::ManagedPolicy': {
        // Ref of a customer managed policy is its ARN.
        const policyName = named(p.ManagedPolicyName, () => this.generatedName(name));
        return `arn:${this.partition}:iam::${this.stack.account}:policy${this.iamPath(p, depth)}${policyName}`;
      }
      case 'AWS::KMS::Alias': return named(p.AliasName, () => `\${${name}}`);
      case 'AWS::Glue::Crawler': return named(p.Name, () => this.generatedName(name));
      case 'AWS::LakeFormation::Tag': return named(p.TagKey, () => `\${${name}}`);
      case 'AWS::Lambda::Function': return named(p.FunctionName, () => this.generatedName(name));
      default: return `\${${name}}`;
    }
  }

  private getAtt(logicalId: string, attr: string, depth: number): any {
    const res = own(this.stack.template.Resources, logicalId);
    if (res && attr === 'Arn') {
      const p = res.Properties ?? {};
      const acct = this.stack.account;
      switch (res.Type) {
        case 'AWS::IAM::Role': return `arn:${this.partition}:iam::${acct}:role${this.iamPath(p, depth)}${this.ref(logicalId, depth)}`;
        case 'AWS::IAM::User': return `arn:${this.partition}:iam::${acct}:user${this.iamPath(p, depth)}${this.ref(logicalId, depth)}`;
        case 'AWS::IAM::Group': return `arn:${this.partition}:iam::${acct}:group${this.iamPath(p, depth)}${this.ref(logicalId, depth)}`;
        case 'AWS::S3::Bucket': return `arn:${this.partition}:s3:::${this.ref(logicalId, depth)}`;
        // The key id is unknown before deployment: the Ref placeholder `${LogicalId}` stands for it.
        case 'AWS::KMS::Key': return `arn:${this.partition}:kms:${this.stack.region}:${acct}:key/${this.ref(logicalId, depth)}`;
        case 'AWS::Lambda::Function': return `arn:${this.partition}:lambda:${this.stack.region}:${acct}:function:${this.ref(logicalId, depth)}`;
        default: break;
      }
    }
    if (res?.Type === 'AWS::KMS::Key' && attr === 'KeyId') return this.ref(logicalId, depth);
    if (res?.Type === 'AWS::IAM::ManagedPolicy' && attr === 'PolicyArn') return this.ref(logicalId, depth);
    if (res?.Type === 'AWS::IAM::Role' && attr === 'RoleId') return `\${${logicalId}.RoleId}`;
    return `\${${logicalId}.${attr}}`;
  }

  /** An IAM `Path` (default `/`), ending with `/`. */
  private iamPath(p: any, depth: number): string {
    const v = p.Path === undefined ? '/' : this.asString(this.resolveInner(p.Path, depth + 1));
    return v.endsWith('/') ? v : `${v}/`;
  }

  private sub(text: string, vars: Record<string, any>, depth: number): string {
    return text.replace(/\$\{(!?)([^}]*)\}/g, (_whole, bang: string, name: string) => {
      if (bang) return `\${${name}}`; // ${!Literal}
      const key = name.trim();
      if (hasOwn(vars, key)) return this.asString(this.resolveInner(own(vars, key), depth + 1));
      const dot = key.indexOf('.');
      const v = dot > 0 && !key.startsWith('AWS::') ? this.getAtt(key.slice(0, dot), key.slice(dot + 1), depth + 1) : this.ref(key, depth + 1);
      return v === NO_VALUE ? '' : this.asString(v);
    });
  }

  /** CloudFormation's generated physical names are unknown before deployment: a stable placeholder. */
  private generatedName(logicalId: string): string {
    return `${this.stack.stackName}-${logicalId}`;
  }
}

export interface TagValue { readonly key: string; readonly value: string }

/** A Lake Formation grant (`AWS::LakeFormation::PrincipalPermissions` or the legacy `Permissions`). */
export interface LfGrant {
  /** The account that makes the grant: the stack's account (its CloudFormation role is the caller). */
  readonly grantorAccount: string;
  /** The resolved principal: an IAM ARN, a 12-digit account id, `IAM_ALLOWED_PRINCIPALS`, ... */
  readonly principal: string;
  /** The resource in `PrincipalPermissions` shape (legacy shapes are mapped to it). */
  readonly resource: any;
  /** Upper-cased permissions. */
  readonly permissions: string[];
  readonly grantable: string[];
  readonly stackName: string;
  readonly logicalId: string;
  /** `AWS::LakeFormation::Permissions` (legacy) rather than `PrincipalPermissions`. */
  readonly legacy: boolean;
}

export interface CatalogTable {
  readonly catalog: string;
  /** Lower-case (Glue folds database and table names to lower case). */
  readonly database: string;
  readonly name: string;
  /** Lower-case column names, partition keys last. */
  readonly columns: string[];
  readonly stackName: string;
  readonly logicalId: string;
  /** The role that creates the table (Lake Formation's implicit table-creator permissions), if known. */
  readonly creator?: string;
  /** Whether the table has partition keys, and whether Athena's partition projection is enabled on it. */
  readonly partitioned: boolean;
  readonly projection: boolean;
  /** `StorageDescriptor.Location`, as written. */
  readonly location?: string;
}

export interface CatalogDatabase {
  readonly catalog: string;
  readonly name: string;
  readonly stackName: string;
  readonly logicalId: string;
  /** `DatabaseInput.LocationUri`, as written. */
  readonly location?: string;
  /** The database's `CreateTableDefaultPermissions` as principal -> permissions; undefined when the template omits it. */
  readonly createTableDefaults?: Array<{ principal: string; permissions: string[] }>;
}

/** A resource link: a database link (`table` undefined) or a table link. */
export interface ResourceLink {
  readonly catalog: string;
  /** The link's name (database links) or the table link's name. */
  readonly name: string;
  /** The database that holds a table link. */
  readonly database?: string;
  readonly targetCatalog: string;
  readonly targetDatabase: string;
  readonly targetTable?: string;
  readonly stackName: string;
  readonly logicalId: string;
}

export interface CellsFilter {
  readonly catalog: string;
  readonly database: string;
  readonly table: string;
  readonly name: string;
  /** The row filter expression; null for `AllRowsWildcard` (every row). */
  readonly rowFilter: string | null;
  /** Visible columns: a list, or every column but `excluded` (`ColumnWildcard`). */
  readonly columns?: string[];
  readonly excluded?: string[];
}

export interface StackRole {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** From the stack's `Metadata['cdk-data-mesh']` (governance, producer or consumer), if any. */
  readonly role?: string;
  readonly domain?: string;
}

export interface AccountSettings {
  readonly admins: string[];
  /** Undefined when no DataLakeSettings of the account says. */
  readonly createTableDefaults?: Array<{ principal: string; permissions: string[] }>;
}

/** Everything the evaluator needs, across all stacks of an assembly. */
export interface MeshFacts {
  readonly tables: CatalogTable[];
  readonly databases: CatalogDatabase[];
  readonly links: ResourceLink[];
  /** `${catalog}|db|${db}`, `${catalog}|table|${db}|${table}`, `${catalog}|column|${db}|${table}|${column}` -> tags (lower-case). */
  readonly tags: Map<string, TagValue[]>;
  /** `${catalog}|${key}` -> the values an `AWS::LakeFormation::Tag` defines. */
  readonly tagDefinitions: Map<string, string[]>;
  readonly grants: LfGrant[];
  readonly filters: CellsFilter[];
  /** Account -> its Lake Formation settings (admins, default permissions). */
  readonly settings: Map<string, AccountSettings>;
  /** Kept for callers of the first version: account -> admins. */
  readonly admins: Map<string, string[]>;
  readonly buckets: Array<{ account: string; name: string; stackName: string }>;
  readonly stacks: StackRole[];
}

const lower = (v: any) => String(v ?? '').toLowerCase();

function defaultsOf(list: any): Array<{ principal: string; permissions: string[] }> | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((e: any) => ({
    principal: String(e?.Principal?.DataLakePrincipalIdentifier ?? ''),
    permissions: (Array.isArray(e?.Permissions) ? e.Permissions : []).map((x: any) => String(x).toUpperCase()),
  }));
}

/** Maps the legacy `AWS::LakeFormation::Permissions` resource to the `PrincipalPermissions` shape. */
function legacyResource(r: any): any {
  const out: any = {};
  if (r?.DatabaseResource) out.Database = r.DatabaseResource;
  if (r?.TableResource) out.Table = r.TableResource;
  if (r?.TableWithColumnsResource) out.TableWithColumns = r.TableWithColumnsResource;
  if (r?.DataLocationResource) out.DataLocation = r.DataLocationResource;
  return out;
}

/** The exports (`Outputs.*.Export.Name`) of all stacks by account, region and name, for `Fn::ImportValue`. */
export function collectExports(stacks: StackTemplate[]): Map<string, string> {
  const exports = new Map<string, string>();
  for (const stack of stacks) {
    const r = new Resolver(stack);
    for (const out of Object.values<any>(stack.template?.Outputs ?? {})) {
      if (out?.Export?.Name === undefined) continue;
      const name = r.resolve(out.Export.Name);
      const value = r.resolve(out.Value);
      if (typeof name === 'string' && typeof value === 'string') exports.set(`${stack.account}|${stack.region}|${name}`, value);
    }
  }
  return exports;
}

/** One resource of one stack, its properties resolved once for every reader (facts, IAM, the doctor's rules). */
export interface ResolvedResource {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly type: string;
  /** `Properties` with the intrinsic functions resolved (`{}` when the resource has none). */
  readonly props: any;
  /** The resource as the template writes it (intrinsics unresolved: `DependsOn`, references). */
  readonly raw: any;
  readonly resolver: Resolver;
}

/** Every resource of every stack whose `Condition` holds, with resolved properties. */
export function loadResources(stacks: StackTemplate[]): ResolvedResource[] {
  const exports = collectExports(stacks);
  const out: ResolvedResource[] = [];
  for (const stack of stacks) {
    const resolver = new Resolver(stack, exports);
    for (const [logicalId, res] of Object.entries<any>(stack.template?.Resources ?? {})) {
      if (!res || typeof res !== 'object' || !resolver.conditionHolds(res.Condition)) continue;
      out.push({ stack, logicalId, type: String(res.Type), props: resolver.resolve(res.Properties ?? {}) ?? {}, raw: res, resolver });
    }
  }
  return out;
}

/** Extracts the Lake Formation facts of every stack (from `resources` when already loaded). */
export function extractFacts(stacks: StackTemplate[], resources: ResolvedResource[] = loadResources(stacks)): MeshFacts {
  const facts: MeshFacts = {
    tables: [],
    databases: [],
    links: [],
    tags: new Map(),
    tagDefinitions: new Map(),
    grants: [],
    filters: [],
    settings: new Map(),
    admins: new Map(),
    buckets: [],
    stacks: [],
  };
  const addTags = (key: string, tags: TagValue[]) => {
    const current = facts.tags.get(key) ?? [];
    for (const t of tags) {
      const i = current.findIndex(c => c.key === t.key);
      if (i >= 0) current[i] = t; else current.push(t);
    }
    facts.tags.set(key, current);
  };
  const creators = new Map<StackTemplate, string | undefined>();
  for (const stack of stacks) {
    const meta = stack.template?.Metadata?.['cdk-data-mesh'];
    facts.stacks.push({ stackName: stack.stackName, account: stack.account, region: stack.region, role: meta?.role, domain: meta?.domain });
    creators.set(stack, stack.deploymentRoleArn === undefined ? undefined : String(new Resolver(stack).resolve({ 'Fn::Sub': stack.deploymentRoleArn })));
  }
  for (const { stack, logicalId, type, props: p, resolver: r } of resources) {
    const creator = creators.get(stack);
    const res = { Type: type };
    const catalogOr = (v: any) => String(v ?? stack.account);
    switch (res.Type) {
      case 'AWS::Glue::Database': {
        const input = p.DatabaseInput ?? {};
        const catalog = catalogOr(p.CatalogId);
        if (input.TargetDatabase) {
          const target = input.TargetDatabase;
          facts.links.push({
            catalog,
            name: lower(input.Name),
            targetCatalog: catalogOr(target.CatalogId),
            targetDatabase: lower(target.DatabaseName),
            stackName: stack.stackName,
            logicalId,
          });
        } else {
          facts.databases.push({
            catalog,
            name: lower(input.Name),
            stackName: stack.stackName,
            logicalId,
            location: typeof input.LocationUri === 'string' ? input.LocationUri : undefined,
            createTableDefaults: defaultsOf(input.CreateTableDefaultPermissions),
          });
        }
        break;
      }
      case 'AWS::Glue::Table': {
        const input = p.TableInput ?? {};
        const catalog = catalogOr(p.CatalogId);
        if (input.TargetTable) {
          const t = input.TargetTable;
          facts.links.push({
            catalog,
            database: lower(p.DatabaseName),
            name: lower(input.Name),
            targetCatalog: catalogOr(t.CatalogId),
            targetDatabase: lower(t.DatabaseName),
            targetTable: lower(t.Name),
            stackName: stack.stackName,
            logicalId,
          });
          break;
        }
        const columns = [...(input.StorageDescriptor?.Columns ?? []), ...(input.PartitionKeys ?? [])].map((c: any) => lower(c?.Name));
        facts.tables.push({
          catalog,
          database: lower(p.DatabaseName),
          name: lower(input.Name),
          columns: [...new Set(columns)],
          stackName: stack.stackName,
          logicalId,
          creator,
          partitioned: Array.isArray(input.PartitionKeys) && input.PartitionKeys.length > 0,
          projection: String(input.Parameters?.['projection.enabled'] ?? '').toLowerCase() === 'true',
          location: typeof input.StorageDescriptor?.Location === 'string' ? input.StorageDescriptor.Location : undefined,
        });
        break;
      }
      case 'AWS::LakeFormation::Tag':
        facts.tagDefinitions.set(`${catalogOr(p.CatalogId)}|${lower(p.TagKey)}`, (p.TagValues ?? []).map(lower));
        break;
      case 'AWS::LakeFormation::TagAssociation': {
        // A resource holds one value per key (DM-19): the first value is the one Lake Formation would keep.
        const tags: TagValue[] = (p.LFTags ?? []).map((t: any) => ({ key: lower(t?.TagKey), value: lower(t?.TagValues?.[0]) }));
        const target = p.Resource ?? {};
        if (target.Database) addTags(`${catalogOr(target.Database.CatalogId)}|db|${lower(target.Database.Name)}`, tags);
        if (target.Table && target.Table.Name !== undefined) {
          addTags(`${catalogOr(target.Table.CatalogId)}|table|${lower(target.Table.DatabaseName)}|${lower(target.Table.Name)}`, tags);
        }
        if (target.TableWithColumns) {
          const t = target.TableWithColumns;
          for (const c of t.ColumnNames ?? []) addTags(`${catalogOr(t.CatalogId)}|column|${lower(t.DatabaseName)}|${lower(t.Name)}|${lower(c)}`, tags);
        }
        break;
      }
      case 'AWS::LakeFormation::PrincipalPermissions':
      case 'AWS::LakeFormation::Permissions': {
        const legacy = res.Type === 'AWS::LakeFormation::Permissions';
        const principal = legacy ? p.DataLakePrincipal?.DataLakePrincipalIdentifier : p.Principal?.DataLakePrincipalIdentifier;
        facts.grants.push({
          grantorAccount: stack.account,
          principal: String(principal ?? '${unresolved}'),
          resource: legacy ? legacyResource(p.Resource) : (p.Resource ?? {}),
          permissions: (p.Permissions ?? []).map((x: any) => String(x).toUpperCase()),
          grantable: (p.PermissionsWithGrantOption ?? []).map((x: any) => String(x).toUpperCase()),
          stackName: stack.stackName,
          logicalId,
          legacy,
        });
        break;
      }
      case 'AWS::LakeFormation::DataCellsFilter':
        facts.filters.push({
          catalog: catalogOr(p.TableCatalogId),
          database: lower(p.DatabaseName),
          table: lower(p.TableName),
          name: String(p.Name),
          rowFilter: typeof p.RowFilter?.FilterExpression === 'string' ? p.RowFilter.FilterExpression : null,
          columns: Array.isArray(p.ColumnNames) ? p.ColumnNames.map(lower) : undefined,
          excluded: p.ColumnWildcard ? (p.ColumnWildcard.ExcludedColumnNames ?? []).map(lower) : undefined,
        });
        break;
      case 'AWS::LakeFormation::DataLakeSettings': {
        const admins = (p.Admins ?? []).map((a: any) => String(a?.DataLakePrincipalIdentifier));
        const prev = facts.settings.get(stack.account);
        const defaults = defaultsOf(p.CreateTableDefaultPermissions);
        facts.settings.set(stack.account, {
          admins: [...(prev?.admins ?? []), ...admins],
          createTableDefaults: defaults ?? prev?.createTableDefaults,
        });
        facts.admins.set(stack.account, [...(facts.admins.get(stack.account) ?? []), ...admins]);
        break;
      }
      case 'AWS::S3::Bucket':
        facts.buckets.push({ account: stack.account, name: String(r.resolve({ Ref: logicalId })), stackName: stack.stackName });
        break;
      default: break;
    }
  }
  return facts;
}
