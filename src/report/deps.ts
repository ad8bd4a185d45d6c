/*
 * CloudFormation's ordering inside one stack: a resource is created after the resources it names in
 * `DependsOn` and after those its properties reference (`Ref`, `Fn::GetAtt`, `${Logical}` in `Fn::Sub`).
 * Everything else may be created in parallel. Read from the templates as written (not resolved).
 */
import type { ResolvedResource } from './resolver';
import type { StackTemplate } from './stack-template';

export class DependencyGraph {
  /** stack name -> logical id -> direct dependencies. */
  private readonly edges = new Map<string, Map<string, string[]>>();
  /** stack name -> the stacks it is deployed after (directly). */
  private readonly stackEdges = new Map<string, string[]>();
  private readonly stackReach = new Map<string, Set<string>>();

  constructor(stacks: StackTemplate[]) {
    for (const stack of stacks) this.stackEdges.set(stack.stackName, [...(stack.dependsOnStacks ?? [])]);
    for (const stack of stacks) {
      const resources = stack.template?.Resources ?? {};
      const ids = new Set(Object.keys(resources));
      const byId = new Map<string, string[]>();
      for (const [id, res] of Object.entries<any>(resources)) {
        const deps = new Set<string>();
        for (const d of Array.isArray(res?.DependsOn) ? res.DependsOn : res?.DependsOn !== undefined ? [res.DependsOn] : []) deps.add(String(d));
        collectReferences(res?.Properties, ids, deps);
        deps.delete(id);
        byId.set(id, [...deps].filter(d => ids.has(d)));
      }
      this.edges.set(stack.stackName, byId);
    }
  }

  /**
   * Whether stack `from` is deployed after stack `to` (a path of stack dependencies: the manifest's, a nested
   * stack's parent). A nested stack counts as deployed after whatever its parent is deployed after.
   */
  public stackDependsOn(from: string, to: string): boolean {
    if (from === to) return false;
    let reach = this.stackReach.get(from);
    if (!reach) {
      reach = new Set<string>();
      const work = [from];
      while (work.length > 0) {
        for (const d of this.stackEdges.get(work.pop()!) ?? []) {
          if (!reach.has(d)) {
            reach.add(d);
            work.push(d);
          }
        }
      }
      this.stackReach.set(from, reach);
    }
    return reach.has(to);
  }

  /** Whether resource `from` of stack `fromStack` is created after resource `to` of stack `toStack` (same stack: dependencies; else stack order). */
  public createdAfter(fromStack: string, from: string, toStack: string, to: string): boolean {
    return fromStack === toStack ? this.dependsOn(fromStack, from, to) : this.stackDependsOn(fromStack, toStack);
  }

  /** The direct dependencies of a resource. */
  public direct(stackName: string, logicalId: string): string[] {
    return this.edges.get(stackName)?.get(logicalId) ?? [];
  }

  /** Whether `from` is created after `to` (a path of dependencies leads from one to the other). */
  public dependsOn(stackName: string, from: string, to: string): boolean {
    const byId = this.edges.get(stackName);
    if (!byId || from === to) return false;
    const seen = new Set<string>([from]);
    const stack = [from];
    while (stack.length > 0) {
      for (const d of byId.get(stack.pop()!) ?? []) {
        if (d === to) return true;
        if (!seen.has(d)) {
          seen.add(d);
          stack.push(d);
        }
      }
    }
    return false;
  }

  /** Whether the resource depends on `to` (convenience for resolved resources). */
  public resourceDependsOn(r: ResolvedResource, to: string): boolean {
    return this.dependsOn(r.stack.stackName, r.logicalId, to);
  }

  /**
   * For each of `members` (logical ids of one stack): the members it is created right after, i.e. the members met
   * first on each path of dependencies leading from it (through resources that are not members). Each resource's
   * set is computed once (memoized), so the cost grows with the dependencies, not with members x resources.
   */
  public nearestMembers(stackName: string, members: string[]): Map<string, Set<string>> {
    const byId = this.edges.get(stackName) ?? new Map<string, string[]>();
    const isMember = new Set(members);
    // reach(x): the nearest members among x's dependencies (x itself excluded).
    const memo = new Map<string, Set<string>>();
    const visiting = new Set<string>();
    const reach = (root: string): Set<string> => {
      const work: Array<[string, boolean]> = [[root, false]];
      while (work.length > 0) {
        const [id, expanded] = work.pop()!;
        if (memo.has(id)) continue;
        const deps = byId.get(id) ?? [];
        if (!expanded) {
          if (visiting.has(id)) { memo.set(id, new Set()); continue; } // a cycle: CloudFormation rejects the template anyway
          visiting.add(id);
          work.push([id, true]);
          for (const d of deps) if (!isMember.has(d) && !memo.has(d)) work.push([d, false]);
        } else {
          visiting.delete(id);
          const out = new Set<string>();
          for (const d of deps) {
            if (isMember.has(d)) out.add(d);
            else memo.get(d)?.forEach(x => out.add(x));
          }
          memo.set(id, out);
        }
      }
      return memo.get(root) ?? new Set();
    };
    const out = new Map<string, Set<string>>();
    for (const m of members) {
      // A member's own set is not memoized under its id for the others: to them, it is the member itself.
      const set = new Set<string>();
      for (const d of byId.get(m) ?? []) {
        if (isMember.has(d)) set.add(d);
        else reach(d).forEach(x => set.add(x));
      }
      set.delete(m);
      out.set(m, set);
    }
    return out;
  }

  /**
   * For each of `members` (logical ids of one stack): how many of the other members lie on the longest
   * chain of dependencies before it. Two members with the same level can run in parallel; members with
   * pairwise distinct levels are totally ordered.
   */
  public levels(stackName: string, members: string[]): Map<string, number> {
    const byId = this.edges.get(stackName) ?? new Map<string, string[]>();
    const isMember = new Set(members);
    // before(x): the most members on a dependency path ending just before x (x excluded).
    const memo = new Map<string, number>();
    const visiting = new Set<string>();
    const before = (root: string): number => {
      // Iterative post-order (templates can be deep: long DependsOn chains).
      const work: Array<[string, boolean]> = [[root, false]];
      while (work.length > 0) {
        const [id, expanded] = work.pop()!;
        if (memo.has(id)) continue;
        const deps = byId.get(id) ?? [];
        if (!expanded) {
          if (visiting.has(id)) { memo.set(id, 0); continue; } // a cycle: CloudFormation rejects the template anyway
          visiting.add(id);
          work.push([id, true]);
          for (const d of deps) if (!memo.has(d)) work.push([d, false]);
        } else {
          visiting.delete(id);
          let best = 0;
          for (const d of deps) best = Math.max(best, (memo.get(d) ?? 0) + (isMember.has(d) ? 1 : 0));
          memo.set(id, best);
        }
      }
      return memo.get(root) ?? 0;
    };
    return new Map(members.map(m => [m, before(m)]));
  }
}

/** Logical ids referenced by `Ref`, `Fn::GetAtt` and `Fn::Sub` anywhere in a value. */
function collectReferences(value: any, ids: Set<string>, out: Set<string>): void {
  if (Array.isArray(value)) {
    value.forEach(v => collectReferences(v, ids, out));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries<any>(value)) {
    if (k === 'Ref' && typeof v === 'string') {
      if (ids.has(v)) out.add(v);
    } else if (k === 'Fn::GetAtt') {
      const id = Array.isArray(v) ? String(v[0]) : String(v).split('.')[0];
      if (ids.has(id)) out.add(id);
    } else if (k === 'Fn::Sub') {
      const text = Array.isArray(v) ? v[0] : v;
      if (typeof text === 'string') {
        for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const id = m[1].split('.')[0].trim();
          if (ids.has(id)) out.add(id);
        }
      }
      if (Array.isArray(v)) collectReferences(v[1], ids, out);
    } else {
      collectReferences(v, ids, out);
    }
  }
}
