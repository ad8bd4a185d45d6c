/*
 * Reads a cloud assembly (manifest.json + CloudFormation templates) into plain facts about Lake
 * Formation: tags, associations, tables, databases and resource links, grants, filters and admins.
 * It resolves the intrinsics templates really contain. No aws-cdk-lib import: it works on any assembly.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface StackTemplate {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly template: any;
}

/** Reads every CloudFormation stack of a cloud assembly directory (nested assemblies included). */
export function readAssembly(dir: string): StackTemplate[] {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    throw new Error(`${dir} is not a cloud assembly: ${manifestPath} does not exist. Run 'cdk synth' first, then pass its output directory (cdk.out).`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const env = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '') ?? [];
      const template = JSON.parse(fs.readFileSync(path.join(dir, artifact.properties.templateFile), 'utf8'));
      stacks.push({ stackName: artifact.properties.stackName ?? id, account: env[1] ?? 'unknown-account', region: env[2] ?? 'unknown-region', template });
    } else if (artifact.type === 'cdk:cloud-assembly') {
      stacks.push(...readAssembly(path.join(dir, artifact.properties.directoryName)));
    }
  }
  return stacks;
}

const PARTITION = 'aws';

/** Resolves the intrinsic functions of one stack's template to literal values where the template allows. */
export class Resolver {
  constructor(private readonly stack: StackTemplate) {}

  public resolve(value: any): any {
    if (Array.isArray(value)) return value.map(v => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [k] = keys;
      const arg = value[k];
      switch (k) {
        case 'Ref': return this.ref(arg);
        case 'Fn::GetAtt': return this.getAtt(...(Array.isArray(arg) ? arg : String(arg).split('.')) as [string, string]);
        case 'Fn::Join': {
          const parts = this.resolve(arg[1]);
          return Array.isArray(parts) && parts.every(p => typeof p === 'string') ? parts.join(arg[0]) : value;
        }
        case 'Fn::Sub': return this.sub(Array.isArray(arg) ? arg[0] : arg, Array.isArray(arg) ? arg[1] ?? {} : {});
        case 'Fn::Select': {
          const list = this.resolve(arg[1]);
          return Array.isArray(list) ? list[Number(this.resolve(arg[0]))] : value;
        }
        case 'Fn::Split': {
          const s = this.resolve(arg[1]);
          return typeof s === 'string' ? s.split(arg[0]) : value;
        }
        default: break;
      }
    }
    const out: any = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.resolve(v);
    return out;
  }

  public resourceProps(logicalId: string): any {
    return this.stack.template.Resources?.[logicalId]?.Properties ?? {};
  }

  private ref(name: string): any {
    switch (name) {
      case 'AWS::AccountId': return this.stack.account;
      case 'AWS::Region': return this.stack.region;
      case 'AWS::Partition': return PARTITION;
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return this.stack.stackName;
      default: break;
    }
    const res = this.stack.template.Resources?.[name];
    if (!res) {
      const param = this.stack.template.Parameters?.[name];
      return param?.Default ?? `\${${name}}`;
    }
    const p = res.Properties ?? {};
    switch (res.Type) {
      case 'AWS::IAM::Role': return p.RoleName ? this.resolve(p.RoleName) : this.generatedName(name);
      case 'AWS::Glue::Database': return this.resolve(p.DatabaseInput?.Name) ?? name;
      case 'AWS::Glue::Table': return this.resolve(p.TableInput?.Name) ?? name;
      case 'AWS::S3::Bucket': return p.BucketName ? this.resolve(p.BucketName) : this.generatedName(name).toLowerCase();
      case 'AWS::Athena::WorkGroup': return this.resolve(p.Name) ?? name;
      default: return `\${${name}}`;
    }
  }

  private getAtt(logicalId: string, attr: string): any {
    const res = this.stack.template.Resources?.[logicalId];
    if (!res) return `\${${logicalId}.${attr}}`;
    if (res.Type === 'AWS::IAM::Role' && attr === 'Arn') {
      return `arn:${PARTITION}:iam::${this.stack.account}:role/${this.ref(logicalId)}`;
    }
    if (res.Type === 'AWS::S3::Bucket' && attr === 'Arn') return `arn:${PARTITION}:s3:::${this.ref(logicalId)}`;
    return `\${${logicalId}.${attr}}`;
  }

  private sub(text: string, vars: Record<string, any>): string {
    return text.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
      if (name in vars) {
        const v = this.resolve(vars[name]);
        return typeof v === 'string' ? v : whole;
      }
      const v = name.includes('.') ? this.getAtt(...(name.split('.') as [string, string])) : this.ref(name);
      return typeof v === 'string' ? v : whole;
    });
  }

  /** CloudFormation's generated physical names are unknown before deployment: a stable placeholder. */
  private generatedName(logicalId: string): string {
    return `${this.stack.stackName}-${logicalId}`;
  }
}

export interface TagValue { readonly key: string; readonly value: string }

export interface LfGrant {
  /** The account where the grant is made (its catalog). */
  readonly grantorAccount: string;
  /** An IAM principal ARN or a 12-digit account id. */
  readonly principal: string;
  readonly resource: any;
  readonly permissions: string[];
  readonly grantable: string[];
  readonly stackName: string;
  readonly logicalId: string;
}

export interface CatalogTable {
  readonly catalog: string;
  readonly database: string;
  readonly name: string;
  readonly columns: string[];
}

export interface ResourceLink {
  readonly catalog: string;
  readonly name: string;
  readonly targetCatalog: string;
  readonly targetDatabase: string;
}

export interface CellsFilter {
  readonly catalog: string;
  readonly database: string;
  readonly table: string;
  readonly name: string;
  readonly rowFilter: string | null;
  /** Visible columns: a list, or every column but `excluded`. */
  readonly columns?: string[];
  readonly excluded?: string[];
}

export interface StackRole {
  readonly stackName: string;
  readonly account: string;
  readonly role?: string;
  readonly domain?: string;
}

/** Everything the evaluator needs, across all stacks of an assembly. */
export interface MeshFacts {
  readonly tables: CatalogTable[];
  readonly databases: Array<{ catalog: string; name: string }>;
  readonly links: ResourceLink[];
  /** `${catalog}|db|${db}`, `${catalog}|table|${db}|${table}`, `${catalog}|column|${db}|${table}|${column}` -> tags. */
  readonly tags: Map<string, TagValue[]>;
  readonly grants: LfGrant[];
  readonly filters: CellsFilter[];
  readonly admins: Map<string, string[]>;
  readonly stacks: StackRole[];
}

/** Extracts the Lake Formation facts of every stack. */
export function extractFacts(stacks: StackTemplate[]): MeshFacts {
  const facts: MeshFacts = { tables: [], databases: [], links: [], tags: new Map(), grants: [], filters: [], admins: new Map(), stacks: [] };
  const addTags = (key: string, tags: TagValue[]) => {
    const current = facts.tags.get(key) ?? [];
    for (const t of tags) {
      const i = current.findIndex(c => c.key === t.key);
      if (i >= 0) current[i] = t; else current.push(t);
    }
    facts.tags.set(key, current);
  };
  for (const stack of stacks) {
    const r = new Resolver(stack);
    const meta = stack.template.Metadata?.['cdk-data-mesh'];
    facts.stacks.push({ stackName: stack.stackName, account: stack.account, role: meta?.role, domain: meta?.domain });
    for (const [logicalId, res] of Object.entries<any>(stack.template.Resources ?? {})) {
      const p = r.resolve(res.Properties ?? {});
      switch (res.Type) {
        case 'AWS::Glue::Database': {
          const input = p.DatabaseInput ?? {};
          const catalog = String(p.CatalogId ?? stack.account);
          if (input.TargetDatabase) {
            const target = input.TargetDatabase;
            facts.links.push({ catalog, name: input.Name, targetCatalog: String(target.CatalogId), targetDatabase: target.DatabaseName });
          } else {
            facts.databases.push({ catalog, name: input.Name });
          }
          break;
        }
        case 'AWS::Glue::Table': {
          const input = p.TableInput ?? {};
          const columns = [...(input.StorageDescriptor?.Columns ?? []), ...(input.PartitionKeys ?? [])].map((c: any) => c.Name);
          facts.tables.push({ catalog: String(p.CatalogId ?? stack.account), database: p.DatabaseName, name: input.Name, columns });
          break;
        }
        case 'AWS::LakeFormation::TagAssociation': {
          const tags: TagValue[] = (p.LFTags ?? []).map((t: any) =>
            ({ key: String(t.TagKey).toLowerCase(), value: String(t.TagValues?.[0]).toLowerCase() }));
          const res2 = p.Resource ?? {};
          if (res2.Database) addTags(`${res2.Database.CatalogId}|db|${res2.Database.Name}`, tags);
          if (res2.Table) addTags(`${res2.Table.CatalogId}|table|${res2.Table.DatabaseName}|${res2.Table.Name}`, tags);
          if (res2.TableWithColumns) {
            const t = res2.TableWithColumns;
            for (const c of t.ColumnNames ?? []) addTags(`${t.CatalogId}|column|${t.DatabaseName}|${t.Name}|${c}`, tags);
          }
          break;
        }
        case 'AWS::LakeFormation::PrincipalPermissions':
          facts.grants.push({
            grantorAccount: String(p.Catalog ?? stack.account),
            principal: String(p.Principal?.DataLakePrincipalIdentifier),
            resource: p.Resource ?? {},
            permissions: p.Permissions ?? [],
            grantable: p.PermissionsWithGrantOption ?? [],
            stackName: stack.stackName,
            logicalId,
          });
          break;
        case 'AWS::LakeFormation::DataCellsFilter':
          facts.filters.push({
            catalog: String(p.TableCatalogId),
            database: p.DatabaseName,
            table: p.TableName,
            name: p.Name,
            rowFilter: p.RowFilter?.FilterExpression ?? null,
            columns: p.ColumnNames,
            excluded: p.ColumnWildcard ? (p.ColumnWildcard.ExcludedColumnNames ?? []) : undefined,
          });
          break;
        case 'AWS::LakeFormation::DataLakeSettings':
          const admins = (p.Admins ?? []).map((a: any) => String(a.DataLakePrincipalIdentifier));
          facts.admins.set(stack.account, [...(facts.admins.get(stack.account) ?? []), ...admins]);
          break;
        default: break;
      }
    }
  }
  return facts;
}
