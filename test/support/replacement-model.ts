/*
 * Which property changes make CloudFormation replace a resource, from the CloudFormation resource
 * schemas' create-only properties as `@aws-cdk/aws-service-spec` (an npm devDependency, so `npm ci`
 * installs it before jest runs) records them: `causesReplacement: 'yes' | 'maybe'` on a resource's
 * properties and, nested, on its type definitions' properties (AWS::Glue::Table's TableInput.Name).
 * 'maybe' counts as a replacement (conservative: the schema cannot say when it does not).
 *
 * The schema is not the whole story: a few handlers refuse or replace on their own. Those known to
 * matter for this library are listed in HANDLER_RULES, each with the documentation's words.
 *
 * Loading the spec takes ~3.5 s; the derived model (only the branches that lead to a replacing
 * property) is cached per spec version under node_modules/.cache/cdk-data-mesh/.
 */
import * as fs from 'fs';
import * as path from 'path';

/** A replacing property (`true`), or the replacing properties nested under it. */
export type ReplacementTree = { [property: string]: true | ReplacementTree };

/** What a handler does with a change the schema calls an in-place update. */
export interface HandlerRule {
  readonly type: string;
  readonly property: string;
  /** 'replace': the handler creates a new physical resource; 'reject': the update fails. */
  readonly effect: 'replace' | 'reject';
  readonly why: string;
}

/** Handler behaviour beyond the schemas (AWS::KMS::Key's property reference). */
export const HANDLER_RULES: readonly HandlerRule[] = [
  {
    type: 'AWS::KMS::Key',
    property: 'MultiRegion',
    effect: 'reject',
    why: 'If you change the value of the MultiRegion property on an existing KMS key, the update request fails, regardless of the value of the UpdateReplacePolicy attribute.',
  },
  {
    type: 'AWS::KMS::Key',
    property: 'KeySpec',
    effect: 'replace',
    why: 'If you change the value of the KeySpec property on an existing KMS key, the existing KMS key is scheduled for deletion and a new KMS key is created with the specified value.',
  },
  {
    type: 'AWS::KMS::Key',
    property: 'KeyUsage',
    effect: 'replace',
    why: 'If you change the value of the KeyUsage property on an existing KMS key, the existing KMS key is scheduled for deletion and a new KMS key is created with the specified value.',
  },
  {
    type: 'AWS::KMS::Key',
    property: 'Origin',
    effect: 'replace',
    why: 'If you change the value of the Origin property on an existing KMS key, the existing KMS key is scheduled for deletion and a new KMS key is created with the specified value.',
  },
];

let model: Record<string, ReplacementTree> | undefined;

/** The replacing-property tree of every CloudFormation resource type in the spec. */
export function replacementModel(): Record<string, ReplacementTree> {
  if (model) return model;
  const pkgDir = path.dirname(require.resolve('@aws-cdk/aws-service-spec/package.json'));
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version as string;
  const cacheDir = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'cdk-data-mesh');
  const cacheFile = path.join(cacheDir, `replacement-model-${version}.json`);
  if (fs.existsSync(cacheFile)) {
    model = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Record<string, ReplacementTree>;
    return model;
  }
  model = buildModel();
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${cacheFile}.${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(model));
  fs.renameSync(tmp, cacheFile); // atomic: parallel jest workers never read half a file
  return model;
}

function buildModel(): Record<string, ReplacementTree> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadAwsServiceSpecSync } = require('@aws-cdk/aws-service-spec');
  const db = loadAwsServiceSpecSync();
  const memo = new Map<string, ReplacementTree | undefined>();
  const inProgress = new Set<string>();

  const typeTree = (id: string): ReplacementTree | undefined => {
    if (memo.has(id)) return memo.get(id);
    if (inProgress.has(id)) return undefined; // recursive type: the outer walk covers it
    inProgress.add(id);
    const def = db.get('typeDefinition', id);
    const tree = propsTree(def.properties);
    inProgress.delete(id);
    memo.set(id, tree);
    return tree;
  };
  /** The tree under a property type: a ref's type, an array's or map's element (`*`), a union's members merged. */
  const underType = (t: any): ReplacementTree | undefined => {
    if (!t) return undefined;
    if (t.type === 'ref') return typeTree(t.reference.$ref);
    if (t.type === 'array' || t.type === 'map') {
      const sub = underType(t.element);
      return sub ? { '*': sub } : undefined;
    }
    if (t.type === 'union') {
      const merged: ReplacementTree = {};
      for (const m of t.types) Object.assign(merged, underType(m) ?? {});
      return Object.keys(merged).length ? merged : undefined;
    }
    return undefined;
  };
  const propsTree = (props: Record<string, any>): ReplacementTree | undefined => {
    const tree: ReplacementTree = {};
    for (const [name, p] of Object.entries(props)) {
      if (p.causesReplacement === 'yes' || p.causesReplacement === 'maybe') {
        tree[name] = true;
      } else {
        const sub = underType(p.type);
        if (sub) tree[name] = sub;
      }
    }
    return Object.keys(tree).length ? tree : undefined;
  };

  const out: Record<string, ReplacementTree> = {};
  for (const r of db.all('resource')) {
    const tree = propsTree(r.properties) ?? {};
    for (const p of r.additionalReplacementProperties ?? []) {
      let node = tree;
      p.forEach((seg: string, i: number) => {
        if (i === p.length - 1) node[seg] = true;
        else node = (node[seg] = typeof node[seg] === 'object' ? node[seg] : {}) as ReplacementTree;
      });
    }
    out[r.cloudFormationType] = tree;
  }
  return out;
}

/** Whether `type` is in the spec (Custom:: types and CDK metadata are not). */
export function knownType(type: string): boolean {
  return type in replacementModel();
}

/** Deep equality of template values, object key order ignored. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter(k => (a as any)[k] !== undefined);
    const kb = Object.keys(b).filter(k => (b as any)[k] !== undefined);
    return ka.length === kb.length && ka.every(k => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as any)[k], (b as any)[k]));
  }
  return false;
}

/**
 * The create-only property paths of a `type` resource that differ between `oldProps` and `newProps`,
 * a value that names a replaced logical ID (Ref / Fn::GetAtt: its physical value changes) counting as
 * different. `[]` means CloudFormation updates the resource in place (or leaves it alone).
 */
export function replacingChanges(type: string, oldProps: unknown, newProps: unknown, replaced: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const differs = (a: unknown, b: unknown) => !sameValue(a, b) || namesAny(b, replaced);
  const walk = (tree: ReplacementTree, a: any, b: any, at: string) => {
    const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
    for (const [name, sub] of Object.entries(tree)) {
      if (name === '*') {
        // elements of an array or map: compare pairwise; an added or removed element whose type has
        // replacing properties counts as their change (conservative)
        for (const k of keys) {
          if (sub === true) { if (differs(a?.[k], b?.[k])) out.push(`${at}/${k}`); } else {walk(sub, a?.[k], b?.[k], `${at}/${k}`);}
        }
        continue;
      }
      if (sub === true) {
        if (differs(a?.[name], b?.[name])) out.push(`${at}/${name}`);
      } else if (differs(a?.[name], b?.[name])) {
        // intrinsic functions in place of a structure: any change to it may change a create-only property
        const va = a?.[name]; const vb = b?.[name];
        if (isIntrinsic(va) || isIntrinsic(vb)) out.push(`${at}/${name}`);
        else walk(sub, va, vb, `${at}/${name}`);
      }
    }
  };
  walk(replacementModel()[type] ?? {}, oldProps, newProps, '');
  return out;
}

function isIntrinsic(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && /^(Ref|Fn::)/.test(Object.keys(v)[0]);
}

/** Whether `value` names one of `ids` through Ref or Fn::GetAtt. */
export function namesAny(value: unknown, ids: ReadonlySet<string>): boolean {
  if (ids.size === 0) return false;
  if (Array.isArray(value)) return value.some(v => namesAny(v, ids));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string' && ids.has(o.Ref)) return true;
    if (Array.isArray(o['Fn::GetAtt']) && ids.has(o['Fn::GetAtt'][0] as string)) return true;
    if (typeof o['Fn::GetAtt'] === 'string' && ids.has((o['Fn::GetAtt'] as string).split('.')[0])) return true;
    if (typeof o['Fn::Sub'] === 'string' && [...ids].some(id => (o['Fn::Sub'] as string).includes(`\${${id}`))) return true;
    return Object.values(o).some(v => namesAny(v, ids));
  }
  return false;
}

/**
 * `props` reduced to what decides a replacement: the create-only paths of `type` (and the properties
 * of its HANDLER_RULES). Two projections differ exactly where the full properties would replace the
 * resource or fail its update, so a stored projection is a compact baseline to compare a new synth with.
 */
export function projectReplacing(type: string, props: any): any {
  const pick = (tree: ReplacementTree, v: any): any => {
    if (!v || typeof v !== 'object' || isIntrinsic(v)) return v;
    const out: any = Array.isArray(v) ? [] : {};
    for (const [name, sub] of Object.entries(tree)) {
      const keys = name === '*' ? Object.keys(v) : [name];
      for (const k of keys) {
        if (v[k] === undefined) continue;
        out[k] = sub === true ? v[k] : pick(sub, v[k]);
      }
    }
    return out;
  };
  const out = pick(replacementModel()[type] ?? {}, props ?? {}) ?? {};
  for (const h of HANDLER_RULES) if (h.type === type && props?.[h.property] !== undefined) out[h.property] = props[h.property];
  return out;
}
