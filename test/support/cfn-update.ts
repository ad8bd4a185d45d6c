/*
 * Shared model of CloudFormation's update of one stack, from its two templates, for the *-update tests:
 * which logical IDs are created, replaced or updated in place (and what each waits for), and which old
 * physical resources the cleanup phase deletes or a Retain policy keeps.
 */
import type { Res, Resources } from './template';

export interface Change {
  readonly id: string;
  readonly kind: 'create' | 'replace' | 'update';
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
 * The update from `v1` to `v2`; a property change to a resource whose type is in `replacedOnAnyChange`
 * replaces it, any other property change updates it in place.
 */
export function plan(v1: Resources, v2: Resources, replacedOnAnyChange: readonly string[]): UpdatePlan {
  const changes: Change[] = [];
  const deletions: UpdatePlan['deletions'] = [];
  const retained: string[] = [];
  for (const [id, r] of Object.entries(v2)) {
    const old = v1[id];
    if (!old) {
      changes.push({ id, kind: 'create' });
    } else if (JSON.stringify(old.Properties) !== JSON.stringify(r.Properties)) {
      expect(old.Type).toBe(r.Type);
      if (replacedOnAnyChange.includes(r.Type)) {
        changes.push({ id, kind: 'replace' });
        if (old.UpdateReplacePolicy === 'Retain') retained.push(id);
        else deletions.push({ id, old });
      } else {
        changes.push({ id, kind: 'update' });
      }
    }
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

/** Every subset of `items`. */
export function subsets<T>(items: T[]): T[][] {
  if (items.length === 0) return [[]];
  const rest = subsets(items.slice(1));
  return [...rest, ...rest.map(s => [items[0], ...s])];
}
