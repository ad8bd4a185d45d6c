/*
 * The resolver: the intrinsic functions templates really contain, resolved to literal values where the
 * template allows, and every resource of every stack with its properties resolved once.
 */
import { hasOwn, own, setOwn } from './own';
import type { StackTemplate } from './stack-template';

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

  /**
   * CloudFormation's generated physical names are unknown before deployment: a stable placeholder, at most 64 characters
   * like the names CloudFormation generates (it shortens stack name and logical ID for IAM's 64): a longer one keeps its
   * start and a hash of the whole, so two resources never share a placeholder.
   */
  private generatedName(logicalId: string): string {
    const name = `${this.stack.stackName}-${logicalId}`;
    return name.length <= 64 ? name : `${name.slice(0, 55)}-${fnv1a(name)}`;
  }
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

/** FNV-1a, 32 bits, as 8 hex digits: a short stable hash (the report imports no crypto module). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193); // eslint-disable-line no-bitwise
  return (h >>> 0).toString(16).padStart(8, '0'); // eslint-disable-line no-bitwise
}
