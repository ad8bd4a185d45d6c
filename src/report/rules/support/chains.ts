/* Chains of DM-24: one order of members that keeps their dependencies, and the gaps where a dependency must be added. */
import { pushTo } from './common';

/** The gaps of a set of members (a stack's grants, an account's stacks): `next` is not ordered with `tail`, the last member of the chain built before it. */
export interface ChainGap {
  readonly next: string;
  readonly tail: string;
}

/**
 * One order of members (a stack's grants, DM-24 serialize-grants; an account's stacks, serialize-stacks) that keeps every existing dependency, built chain by chain: after a grant, the
 * next one is a grant created right after it when there is one (the longest chain first), else a grant that
 * neither depends on it nor it on them: a gap. Adding `DependsOn: [tail]` to the `next` of every gap chains the
 * whole stack (each gap's fix is one dependency, on the tail of the chain before it; no fix creates a new gap).
 * Grants in a dependency cycle are left out (CloudFormation rejects the template anyway). `nearest` maps each member to the members
 * it depends on (the nearest ones, or all of them: both give the same gaps).
 */
export function chainGaps(members: string[], nearest: Map<string, Set<string>>): ChainGap[] {
  const after = new Map<string, string[]>();
  const pending = new Map<string, number>();
  for (const m of members) {
    const preds = nearest.get(m) ?? new Set<string>();
    pending.set(m, preds.size);
    for (const p of preds) pushTo(after, p, m);
  }
  // The longest chain of grants after each grant (Kahn order, then backwards): the longest chain is followed first.
  const order: string[] = [];
  const left = new Map(pending);
  const queue = members.filter(m => left.get(m) === 0);
  while (queue.length > 0) {
    const m = queue.pop()!;
    order.push(m);
    for (const s of after.get(m) ?? []) {
      left.set(s, left.get(s)! - 1);
      if (left.get(s) === 0) queue.push(s);
    }
  }
  const height = new Map<string, number>();
  for (const m of [...order].reverse()) height.set(m, Math.max(-1, ...(after.get(m) ?? []).map(s => height.get(s) ?? -1)) + 1);
  const better = (a: string, b: string) => height.get(a)! > height.get(b)! || (height.get(a) === height.get(b) && a < b);
  const heap = new Heap<string>(better);
  members.filter(m => pending.get(m) === 0).forEach(m => heap.push(m));
  const gaps: ChainGap[] = [];
  const placed = new Set<string>();
  let tail: string | undefined;
  while (true) {
    // A ready grant created right after the tail continues the chain.
    let next: string | undefined;
    for (const s of tail === undefined ? [] : after.get(tail) ?? []) {
      if (!placed.has(s) && pending.get(s) === 0 && (next === undefined || better(s, next))) next = s;
    }
    if (next === undefined) {
      do next = heap.pop(); while (next !== undefined && placed.has(next));
      if (next === undefined) break;
      if (tail !== undefined) gaps.push({ next, tail });
    }
    placed.add(next);
    for (const s of after.get(next) ?? []) {
      pending.set(s, pending.get(s)! - 1);
      if (pending.get(s) === 0) heap.push(s);
    }
    tail = next;
  }
  return gaps;
}

/** A binary heap: `better(a, b)` when a comes out first. */
class Heap<T> {
  private readonly items: T[] = [];
  constructor(private readonly better: (a: T, b: T) => boolean) {}

  public push(x: T): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0;) {
      const parent = Math.floor((i - 1) / 2);
      if (!this.better(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  public pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let best = i;
        if (l < a.length && this.better(a[l], a[best])) best = l;
        if (r < a.length && this.better(a[r], a[best])) best = r;
        if (best === i) break;
        [a[i], a[best]] = [a[best], a[i]];
        i = best;
      }
    }
    return top;
  }
}
