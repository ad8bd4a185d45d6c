/*
 * What every template the library synthesizes must satisfy, and who must see which column, computed
 * from a MeshSpec alone (the test's own model of the library's contract, independent of src/report).
 * Each function returns violations as text ([] = none), so one failing case names all of them.
 */
import { allColumns, expressionMatches, levelOf, MeshSpec, rank } from './mesh-spec';

type Template = { Resources?: Record<string, any>; Outputs?: object; Parameters?: object };

const FORBIDDEN_CROSS_ACCOUNT = ['ALL', 'DROP', 'SUPER', 'ALTER', 'DATA_LOCATION_ACCESS'];
/** Actions on data (S3 objects) and keys (KMS): never on `*`. */
const DATA_OR_KEY_ACTION = /^(s3:(\*|.*Object.*|ListBucket.*|.*MultipartUpload.*)|kms:.*)$/i;

const arr = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The logical IDs `id` waits for: DependsOn and references, transitively. */
export function closure(resources: Record<string, any>, id: string, memo = new Map<string, Set<string>>()): Set<string> {
  const cached = memo.get(id);
  if (cached) return cached;
  const out = new Set<string>();
  memo.set(id, out);
  const direct = new Set<string>([...arr<string>(resources[id]?.DependsOn), ...refs(resources[id]?.Properties)]);
  for (const d of direct) {
    if (!resources[d]) continue;
    out.add(d);
    closure(resources, d, memo).forEach(x => out.add(x));
  }
  return out;
}

function refs(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) {v.forEach(x => refs(x, out));} else if (v && typeof v === 'object') {
    const o = v as Record<string, any>;
    if (typeof o.Ref === 'string') out.add(o.Ref);
    if (Array.isArray(o['Fn::GetAtt'])) out.add(o['Fn::GetAtt'][0]);
    Object.values(o).forEach(x => refs(x, out));
  }
  return out;
}

/** The template invariants of issue 14 for one stack in `account`. */
export function templateViolations(stack: string, account: string, template: Template): string[] {
  const v: string[] = [];
  const resources = template.Resources ?? {};
  const body = JSON.stringify(template);
  const at = (id: string, what: string) => v.push(`${stack}/${id}: ${what}`);

  // CloudFormation limits: 500 resources, 1 MB template body (S3-hosted), 200 outputs and parameters
  if (Object.keys(resources).length > 500) v.push(`${stack}: ${Object.keys(resources).length} resources (limit 500)`);
  if (Buffer.byteLength(body) > 1_000_000) v.push(`${stack}: template is ${Buffer.byteLength(body)} bytes (limit 1 MB)`);
  if (Object.keys(template.Outputs ?? {}).length > 200) v.push(`${stack}: more than 200 outputs`);
  if (Object.keys(template.Parameters ?? {}).length > 200) v.push(`${stack}: more than 200 parameters`);

  const memo = new Map<string, Set<string>>();
  const settings = Object.keys(resources).filter(id => resources[id].Type === 'AWS::LakeFormation::DataLakeSettings');
  const grants = Object.keys(resources).filter(id => ['AWS::LakeFormation::PrincipalPermissions', 'AWS::LakeFormation::Permissions'].includes(resources[id].Type));
  if (settings.length > 1) v.push(`${stack}: ${settings.length} DataLakeSettings (one per account and region)`);

  for (const [id, r] of Object.entries<any>(resources)) {
    const p = r.Properties ?? {};
    // no IAM_ALLOWED_PRINCIPALS grant, and no default permission to it
    if (grants.includes(id) && JSON.stringify(p.Principal).includes('IAM_ALLOWED_PRINCIPALS')) at(id, 'grants IAM_ALLOWED_PRINCIPALS');
    if (r.Type === 'AWS::LakeFormation::DataLakeSettings') {
      for (const k of ['CreateDatabaseDefaultPermissions', 'CreateTableDefaultPermissions']) {
        if (JSON.stringify(p[k] ?? []).includes('IAM_ALLOWED_PRINCIPALS')) at(id, `${k} names IAM_ALLOWED_PRINCIPALS`);
      }
    }
    if (r.Type === 'AWS::Glue::Database' && JSON.stringify(p).includes('IAM_ALLOWED_PRINCIPALS')) at(id, 'database default permissions name IAM_ALLOWED_PRINCIPALS');
    // no forbidden cross-account permission
    if (grants.includes(id)) {
      const principal = JSON.stringify(p.Principal ?? {});
      const other = [...principal.matchAll(/\b(\d{12})\b/g)].map(m => m[1]).some(a => a !== account);
      if (other) {
        const perms = [...arr<string>(p.Permissions), ...arr<string>(p.PermissionsWithGrantOption)];
        const bad = perms.filter(x => FORBIDDEN_CROSS_ACCOUNT.includes(x));
        if (bad.length > 0) at(id, `grants ${bad.join(', ')} to another account`);
        if (p.Resource?.DataLocation) at(id, 'grants data-location access to another account');
      }
    }
    // LF settings before every Lake Formation resource of the stack
    if (settings.length === 1 && r.Type.startsWith('AWS::LakeFormation::') && r.Type !== 'AWS::LakeFormation::DataLakeSettings') {
      if (!closure(resources, id, memo).has(settings[0])) at(id, `${r.Type} does not wait for the Lake Formation settings ${settings[0]}`);
    }
    // buckets: encrypted, public access blocked, TLS only
    if (r.Type === 'AWS::S3::Bucket') {
      if (!p.BucketEncryption?.ServerSideEncryptionConfiguration?.length) at(id, 'bucket is not encrypted');
      const pab = p.PublicAccessBlockConfiguration ?? {};
      if (!['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every(k => pab[k] === true)) at(id, 'bucket public access block is incomplete');
      const policy = Object.values<any>(resources).find(x => x.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(x.Properties.Bucket) === JSON.stringify({ Ref: id }));
      const tls = arr<any>(policy?.Properties.PolicyDocument.Statement).some(s => s.Effect === 'Deny' &&
        JSON.stringify(s.Condition ?? {}).includes('"aws:SecureTransport":"false"'));
      if (!tls) at(id, 'bucket has no TLS-only (aws:SecureTransport) deny');
    }
    // no * resource on data or key actions (identity and bucket policies; a key policy's * is the key itself)
    for (const doc of policyDocuments(r)) {
      for (const s of arr<any>(doc.Statement)) {
        if (s.Effect !== 'Allow') continue;
        const actions = arr<string>(s.Action).filter(a => DATA_OR_KEY_ACTION.test(a));
        if (actions.length > 0 && arr<any>(s.Resource).includes('*')) at(id, `allows ${actions.join(', ')} on "*"`);
      }
    }
  }
  // one grant chain per stack: every two grants are ordered by DependsOn/references
  const grantClosure = new Map(grants.map(g => [g, closure(resources, g, memo)]));
  for (let i = 0; i < grants.length; i++) {
    for (let j = i + 1; j < grants.length; j++) {
      const [a, b] = [grants[i], grants[j]];
      if (!grantClosure.get(a)!.has(b) && !grantClosure.get(b)!.has(a)) {
        v.push(`${stack}: grants ${a} and ${b} are not in one DependsOn chain (Lake Formation rejects concurrent grants)`);
        return v;
      }
    }
  }
  return v;
}

function policyDocuments(r: any): any[] {
  const p = r.Properties ?? {};
  switch (r.Type) {
    case 'AWS::IAM::Policy': case 'AWS::IAM::ManagedPolicy': case 'AWS::S3::BucketPolicy': return [p.PolicyDocument];
    case 'AWS::IAM::Role': return arr<any>(p.Policies).map(x => x.PolicyDocument);
    default: return [];
  }
}

/** `db.table` -> the columns a principal should see. */
export type Visibility = Map<string, Set<string>>;

/**
 * What each consumer role of `spec` should see, from the spec alone: tag shares up to
 * min(clearance, ceiling), by expression (issue 15) only the columns whose custom tag matches too; named tables their columns up to the clearance; a data-cells filter its
 * visible columns if none is above the clearance, else nothing (a filter is granted whole).
 * Also what each consumer account receives (the ceiling, no clearance). Keys: role ARN or account id.
 */
export function expectedAccess(
  spec: MeshSpec, databaseName: (product: string) => string, roleArn: (c: string, r: string) => string,
): Map<string, Visibility> {
  const out = new Map<string, Visibility>();
  const add = (who: string, db: string, table: string, cols: string[]) => {
    if (cols.length === 0) return;
    const m = out.get(who) ?? new Map<string, Set<string>>();
    out.set(who, m);
    const key = `${db}.${table}`;
    const set = m.get(key) ?? new Set<string>();
    m.set(key, set);
    cols.forEach(c => set.add(c));
  };
  for (const c of spec.consumers) {
    const shares = spec.shares.filter(s => s.consumer === c.domain);
    const who = [...c.roles.map(r => ({ id: roleArn(c.domain, r.name), clearance: rank(r.clearance) })), { id: c.account, clearance: 2 }];
    for (const w of who) {
      for (const s of shares) {
        if (s.mode === 'tags') {
          // The share's expression (its ceiling, and a custom condition when it goes by tagExpression), narrowed to the clearance.
          const cap = Math.min(w.clearance, rank(s.ceiling));
          for (const pn of s.products) {
            const p = spec.products.find(x => x.name === pn)!;
            for (const t of p.tables) {
              const visible = allColumns(t).filter(col => expressionMatches(p, t, col, s) && rank(levelOf(p, t, col)) <= cap);
              add(w.id, databaseName(p.name), t.name, visible);
            }
          }
        } else if (s.mode === 'tables') {
          for (const st of s.tables) {
            const p = spec.products.find(x => x.name === st.product)!;
            const t = p.tables.find(x => x.name === st.table)!;
            add(w.id, databaseName(p.name), t.name, (st.columns ?? allColumns(t)).filter(col => rank(levelOf(p, t, col)) <= w.clearance));
          }
        } else {
          const p = spec.products.find(x => x.name === s.product)!;
          const t = p.tables.find(x => x.name === s.table)!;
          const visible = allColumns(t).filter(col => !s.excluded.includes(col));
          if (visible.every(col => rank(levelOf(p, t, col)) <= w.clearance)) add(w.id, databaseName(p.name), t.name, visible);
        }
      }
    }
  }
  return out;
}

/** Name properties that must be unique per account and region (per partition for S3 buckets). */
const PHYSICAL_NAMES: Record<string, (p: any) => unknown> = {
  'AWS::IAM::Role': p => p.RoleName,
  'AWS::IAM::ManagedPolicy': p => p.ManagedPolicyName,
  'AWS::Glue::Database': p => p.DatabaseInput?.Name,
  'AWS::Glue::Crawler': p => p.Name,
  'AWS::LakeFormation::Tag': p => p.TagKey,
  'AWS::Athena::WorkGroup': p => p.Name,
  'AWS::Lambda::Function': p => p.FunctionName,
  'AWS::KMS::Alias': p => p.AliasName,
  'AWS::S3::Bucket': p => p.BucketName,
};

/** Physical names two stacks of the mesh would both create (the second deployment fails: AlreadyExists). */
export function duplicateNames(templates: Array<{ stackName: string; account: string; template: Template }>): string[] {
  const seen = new Map<string, string>();
  const v: string[] = [];
  for (const t of templates) {
    for (const [id, r] of Object.entries<any>(t.template.Resources ?? {})) {
      const name = PHYSICAL_NAMES[r.Type]?.(r.Properties ?? {});
      if (typeof name !== 'string') continue;
      const key = `${r.Type === 'AWS::S3::Bucket' ? 'global' : t.account} ${r.Type} ${name}`;
      const first = seen.get(key);
      if (first) v.push(`${r.Type} '${name}' is created by ${first} and by ${t.stackName}/${id} (account ${t.account})`);
      else seen.set(key, `${t.stackName}/${id}`);
    }
  }
  return v;
}
