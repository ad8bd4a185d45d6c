/*
 * Ordering across the stacks of a sharded mesh (issue 13). Inside one stack a resource waits for another
 * with `DependsOn`; across stacks CloudFormation cannot say that, so the whole stack waits for the other
 * stack (a stack dependency: `cdk deploy` and pipelines deploy it after). `after` picks the right one.
 */
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Per app: the stack pairs already ordered by `after`, so that thousands of cross-stack waits add one dependency each. */
const ORDERED = new WeakMap<Stack, Set<Stack>>();

/**
 * `resource` is created after `target`: a `DependsOn` in one stack, or a dependency of `resource`'s stack on
 * `target`'s stack (added once per pair of stacks).
 */
export function after(resource: IConstruct, target: IConstruct): void {
  const from = Stack.of(resource);
  const to = Stack.of(target);
  if (from === to) {
    resource.node.addDependency(target);
    return;
  }
  stackAfter(from, to, `cdk-data-mesh: ${resource.node.path} waits for ${target.node.path}`);
}

/** `then` deploys after `first` (once per pair). */
export function stackAfter(then: Stack, first: Stack, reason: string): void {
  let done = ORDERED.get(then);
  if (!done) {
    done = new Set();
    ORDERED.set(then, done);
  }
  if (done.has(first)) return;
  done.add(first);
  if (then.dependencies.includes(first)) return;
  addStackDependency(then, first, reason);
}

/**
 * `then` deploys after `first`, in every aws-cdk-lib the package supports, without a deprecation warning:
 * newer releases renamed `Stack#addDependency` to `addStackDependency` and print a warning on every call of
 * the old name, which 2.197.0 (the lowest supported) does not have. `node.addDependency` would not do: it
 * becomes a stack dependency only at synthesis, so `Stack#dependencies` (the cycle guards) would not
 * see it yet, and it records one reason per pair of resources of the two stacks.
 */
export function addStackDependency(then: Stack, first: Stack, reason: string): void {
  const renamed = (then as unknown as { addStackDependency?: (target: Stack, why?: string) => void }).addStackDependency;
  if (typeof renamed === 'function') {
    renamed.call(then, first, reason);
  } else {
    then.addDependency(first, reason);
  }
}
