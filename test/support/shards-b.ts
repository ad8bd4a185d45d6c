/*
 * Shards (issue 13, D38) as the construct tests read them: the resources of a stack and its shards together, and
 * which stack holds a logical ID. Inside a shard the logical IDs are those the base stack used, so merging the
 * templates of a base and its shards must never see one ID twice (checked here).
 */
import { Stack } from 'aws-cdk-lib';
import { Resources, resourcesOf } from './template';

/** The resources of `stacks` (e.g. `consumer.stacks`, `hub.stacks`) in one record; fails on a logical ID held by two stacks. */
export function resourcesOfAll(stacks: readonly Stack[]): Resources {
  const out: Resources = {};
  for (const stack of stacks) {
    for (const [id, r] of Object.entries(resourcesOf(stack))) {
      if (out[id]) throw new Error(`logical ID ${id} is in two stacks (${stack.stackName})`);
      out[id] = r;
    }
  }
  return out;
}

/** Logical ID -> the stack (of `stacks`) whose template holds it. */
export function stackOfIds(stacks: readonly Stack[]): Record<string, Stack> {
  return Object.fromEntries(stacks.flatMap(s => Object.keys(resourcesOf(s)).map(id => [id, s])));
}

/** The names of the stacks `stack` deploys after (its manifest dependencies), sorted. */
export const dependencyNames = (stack: Stack): string[] => stack.dependencies.map(d => d.stackName).sort();
