/*
 * Shared model of CloudFormation's update of one stack, from its two templates, for the *-update tests
 * and the upgrade-safety checks: which logical IDs are created, replaced (create-only properties, from
 * the CloudFormation resource schemas: support/replacement-model.ts) or updated in place (and what each
 * waits for), and which old physical resources the cleanup phase deletes or a Retain policy keeps.
 */
import { HANDLER_RULES, namesAny, replacingChanges, sameValue } from './replacement-model';
import type { Res, Resources } from './template';

export interface Change {
  readonly id: string;
  /**
   * create: a new logical ID; replace: a create-only property changed (a new physical resource, the
   * old one deleted in cleanup); update: in place; reject: CloudFormation or the handler fails the
   * update (a type change of a logical ID, or a HANDLER_RULES 'reject').
   */
  readonly kind: 'create' | 'replace' | 'update' | 'reject';
  /** For replace and reject: the property paths that cause it (`/Name`, `/TableInput/Name`, `Type`). */
  readonly because?: string[];
}
export interface UpdatePlan {
  /** Create/update phase, with the changed resources each change waits for. */
  readonly changes: Change[];
  readonly waitsFor: Map<string, string[]>;
  /** Cleanup phase: old physical resources deleted (Retain policies honoured). */
  readonly deletions: Array<{ id: string; old: Res }>;
  /** Old physical resources left in place by a Retain policy. */
  readonly retained: string[];
}

/** Every logical ID `value` names through Ref or Fn::GetAtt. */
export function references(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach(v => references(v, out));
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string') out.add(o.Ref);
    if (Array.isArray(o['Fn::GetAtt'])) out.add(o['Fn::GetAtt'][0] as string);
    Object.values(o).forEach(v => references(v, out));
  }
  return out;
}

/**
 * The update from `v1` to `v2` with CloudFormation's replacement rules (support/replacement-model.ts):
 * a changed create-only property replaces the resource, and so does an unchanged create-only property
 * that names a replaced resource (its physical ID changes), to a fixed point. A logical ID only in `v2`
 * is created, one only in `v1` deleted (a renamed construct is both). Types in `replacedOnAnyChange`
 * are replaced on any property change, whatever their schema says.
 */
export function plan(v1: Resources, v2: Resources, replacedOnAnyChange: readonly string[] = []): UpdatePlan {
  const kinds = new Map<string, Change>();
  for (const id of Object.keys(v2)) {
    if (!v1[id]) kinds.set(id, { id, kind: 'create' });
  }
  // replacements propagate through references: iterate until no new one appears
  const replaced = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, r] of Object.entries(v2)) {
      const old = v1[id];
      if (!old || replaced.has(id) || kinds.get(id)?.kind === 'reject') continue;
      const change = classify(old, r, replaced, replacedOnAnyChange);
      if (!change) continue;
      kinds.set(id, { id, ...change });
      if (change.kind === 'replace') { replaced.add(id); grew = true; }
    }
  }
  const changes = Object.keys(v2).filter(id => kinds.has(id)).map(id => kinds.get(id)!);
  const deletions: UpdatePlan['deletions'] = [];
  const retained: string[] = [];
  for (const id of replaced) {
    const old = v1[id];
    if (old.UpdateReplacePolicy === 'Retain') retained.push(id);
    else deletions.push({ id, old });
  }
  for (const [id, old] of Object.entries(v1)) {
    if (v2[id]) continue;
    if (old.DeletionPolicy === 'Retain') retained.push(id);
    else deletions.push({ id, old });
  }
  const changed = new Set(changes.map(c => c.id));
  const waitsFor = new Map(changes.map(c => {
    const r = v2[c.id];
    return [c.id, [...new Set([...(r.DependsOn ?? []), ...references(r.Properties)])].filter(d => changed.has(d) && d !== c.id)];
  }));
  return { changes, waitsFor, deletions, retained };
}

function classify(old: Res, r: Res, replaced: ReadonlySet<string>, replacedOnAnyChange: readonly string[]): Omit<Change, 'id'> | undefined {
  if (old.Type !== r.Type) return { kind: 'reject', because: ['Type'] };
  const propsChanged = !sameValue(old.Properties, r.Properties) || namesAny(r.Properties, replaced);
  if (!propsChanged) return undefined;
  if (replacedOnAnyChange.includes(r.Type)) return { kind: 'replace', because: ['*'] };
  const rule = HANDLER_RULES.filter(h => h.type === r.Type && !sameValue(old.Properties?.[h.property], r.Properties?.[h.property]));
  if (rule.some(h => h.effect === 'reject')) return { kind: 'reject', because: rule.filter(h => h.effect === 'reject').map(h => `/${h.property}`) };
  const because = [...replacingChanges(r.Type, old.Properties ?? {}, r.Properties ?? {}, replaced), ...rule.map(h => `/${h.property}`)];
  return because.length > 0 ? { kind: 'replace', because } : { kind: 'update' };
}

/** The CloudFormation types that hold data or identity a consumer depends on (issue 14: never replaced by a library change). */
export const STATEFUL_TYPES: readonly string[] = [
  'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Glue::Database', 'AWS::Glue::Table',
  'AWS::LakeFormation::Tag', 'AWS::LakeFormation::DataCellsFilter',
];

/**
 * What the update from `v1` to `v2` does to stateful resources (STATEFUL_TYPES) that exist in `v1`:
 * one line per replaced, rejected or removed one (a removed logical ID is a renamed or dropped
 * construct: its resource is deleted, or orphaned by Retain while a new one is created). `[]` = safe.
 */
export function statefulHarm(v1: Resources, v2: Resources, stateful: readonly string[] = STATEFUL_TYPES): string[] {
  const p = plan(v1, v2);
  const harm: string[] = [];
  for (const c of p.changes) {
    const type = v1[c.id]?.Type;
    if ((c.kind === 'replace' || c.kind === 'reject') && type && stateful.includes(type)) {
      harm.push(`${c.kind === 'replace' ? 'replaced' : 'update rejected'}: ${c.id} (${type}) because ${c.because!.join(', ')} changed`);
    }
  }
  for (const [id, old] of Object.entries(v1)) {
    if (!v2[id] && stateful.includes(old.Type)) {
      const twin = Object.entries(v2).find(([nid, r]) => !v1[nid] && r.Type === old.Type);
      harm.push(`removed: ${id} (${old.Type})${old.DeletionPolicy === 'Retain' ? ', orphaned by Retain' : ', deleted'}${twin ? `; new logical ID ${twin[0]} of the same type (a renamed construct?)` : ''}`);
    }
  }
  return harm;
}

/** Every subset of `items`. */
export function subsets<T>(items: T[]): T[][] {
  if (items.length === 0) return [[]];
  const rest = subsets(items.slice(1));
  return [...rest, ...rest.map(s => [items[0], ...s])];
}
