/*
 * Deploy order within one app (DM-36): governance, then producers, then consumers. Each construct that
 * owns an account role registers its stack; stacks of a later phase depend on stacks of earlier ones.
 */
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { addStackDependency } from './order';
import { MESH_STACK_ROLES, STACK_METADATA_KEY, stackMetadata } from '../report/stack-metadata';

export enum MeshPhase {
  GOVERNANCE = 0,
  PRODUCER = 1,
  CONSUMER = 2,
}

const REGISTRY = new WeakMap<IConstruct, Array<{ stack: Stack; phase: MeshPhase }>>();

/**
 * Registers `scope`'s stack in `phase` and orders it against the stacks registered so far. The stack's
 * template metadata records its mesh role and domain, so the report can name consumers from templates.
 */
export function registerMeshStack(scope: IConstruct, phase: MeshPhase, mesh: string, domain?: string): void {
  const stack = Stack.of(scope);
  const existing = stack.templateOptions.metadata ?? {};
  if (!existing[STACK_METADATA_KEY]) {
    stack.templateOptions.metadata = { ...existing, [STACK_METADATA_KEY]: stackMetadata(mesh, MESH_STACK_ROLES[phase], domain) };
  }
  const root = stack.node.root;
  const entries = REGISTRY.get(root) ?? [];
  REGISTRY.set(root, entries);
  if (entries.some(e => e.stack === stack && e.phase === phase)) return;
  for (const other of entries) {
    if (other.stack === stack) continue;
    // Stacks of one phase are independent, except in one account and region: there Lake Formation refuses parallel
    // permission changes (DM-24), so a later-declared one deploys after an earlier one (e.g. two consumers of one account).
    if (other.phase === phase && !sameAccount(other.stack, stack)) continue;
    const [first, then] = other.phase <= phase ? [other.stack, stack] : [stack, other.stack];
    // One account may play two roles (DM-40): never create a cycle between two stacks.
    if (first.dependencies.includes(then)) continue;
    addStackDependency(then, first, 'cdk-data-mesh deploy order: governance, producers, consumers (DM-36)');
  }
  entries.push({ stack, phase });
}

/**
 * The stacks that must also wait for the shards of `stack` (issue 13), which the registry does not know: those registered
 * in a later phase than `phase`, in any account (a consumer's links and re-grants, and its RAM acceptance, need the
 * grants that the governance shards hold, DM-36), and those of the same phase registered after `stack` that deploy to
 * its account and region (two consumers of one account, DM-24; an account in two roles, DM-40).
 */
export function stacksAfterShardsOf(stack: Stack, phase: MeshPhase): Stack[] {
  const entries = REGISTRY.get(stack.node.root) ?? [];
  const own = entries.findIndex(e => e.stack === stack);
  return entries.filter((e, i) => e.stack !== stack && (e.phase > phase || (e.phase === phase && i > own && sameAccount(e.stack, stack))))
    .map(e => e.stack);
}

function sameAccount(a: Stack, b: Stack): boolean {
  return a.account === b.account && a.region === b.region;
}
