/*
 * Shards (issue 13): the sibling stacks that hold what grows with the products, so that no template passes
 * CloudFormation's 500 resources or 1 MB. A shard is keyed by its producer domain and the product's fixed hash
 * bucket (`MeshDescription.shardOf`), never by a count: adding a product adds resources to its own shard only,
 * adding a producer adds stacks. Inside a shard the construct paths are those the base stack used
 * (`<hub or consumer id>/<Product>/...`), so logical IDs do not depend on the shard.
 */
import {
  Annotations, Aspects, CliCredentialsStackSynthesizer, DefaultStackSynthesizer, IAspect, IStackSynthesizer, LegacyStackSynthesizer, Stack, Token,
} from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { MeshPhase, stacksAfterShardsOf } from './deploy-order';
import { ErrorScope, labelOf, throwValidationError } from './errors';
import { LakeFormationGrants, LakeFormationSettings } from './lake-formation';
import { stackAfter } from './order';
import { CONSUMER_SHARD_GROUP, consumerShardCount, SHARD_RESOURCE_BUDGET, SHARD_RESOURCE_WARNING } from './shard-hash';
import type { MeshDescription } from '../mesh';
import { MeshStackMetadata, STACK_METADATA_KEY, stackMetadata } from '../report/stack-metadata';


export interface ShardRequest {
  /** The stack the shard belongs to (the user's governance or consumer stack). */
  readonly base: Stack;
  /** For messages. */
  readonly requester: ErrorScope;
  /** `-<domain>` or `-<domain>-<n>` (`MeshDescription.shardSuffix`). */
  readonly suffix: string;
  /** Where the shard sits among the base's shards (producer order, then bucket): shards deploy one after the other in this order (DM-24). */
  readonly order: number;
  /** The shard's template metadata (the report's contract). */
  readonly metadata: MeshStackMetadata;
  readonly description: string;
  /** The phase of the base stack (DM-36): later-phase stacks of the same account deploy after its shards too. */
  readonly phase: MeshPhase;
  /** What to do when the shard holds `count` resources, more than the budget, e.g. "set shards: 4 on producer 'insurance'". */
  readonly fix: (count: number) => string;
}

interface ShardEntry {
  readonly stack: Stack;
  readonly order: number;
}

/** Per base stack: its shards by suffix. */
const SHARDS = new WeakMap<Stack, Map<string, ShardEntry>>();

/** The shard stack of `request` (created on first use, next to the base stack: in the same app or stage, same environment). */
export function shardStack(request: ShardRequest): Stack {
  const { base, suffix } = request;
  let shards = SHARDS.get(base);
  if (!shards) {
    shards = new Map();
    SHARDS.set(base, shards);
  }
  const existing = shards.get(suffix);
  if (existing) return existing.stack;

  const parent = base.node.scope;
  if (!parent) throw new Error(`internal: stack ${base.node.path} has no scope`);
  // The construct ID is the stack name's pattern (`Governance-insurance`), so `cdk deploy 'Governance-*'` selects the shards.
  const id = `${base.node.id}${suffix}`;
  const clash = parent.node.tryFindChild(id);
  if (clash) {
    throwValidationError(request.requester, `needs a stack with construct ID '${id}' next to stack '${base.node.path}' for its shard '${base.stackName}${suffix}', ` +
      `but '${clash.node.path}' already has that ID. Rename that construct: shards of stack '${base.node.id}' are named '${base.node.id}-<producer domain>[-<n>]'.`);
  }
  const stackName = `${base.stackName}${suffix}`;
  if (stackName.length > 128) {
    throwValidationError(request.requester, `shard stack name '${stackName}' is ${stackName.length} characters; CloudFormation allows 128. ` +
      `Shorten the name of stack '${base.stackName}' (or the domain name).`);
  }
  if (Token.isUnresolved(base.account) || Token.isUnresolved(base.region)) {
    throwValidationError(request.requester, `stack '${base.stackName}' has no literal account and region, which its shards must share. ` +
      'Give it env: mesh.governanceEnv() (or mesh.consumerEnv(domain)).');
  }
  const stack = new Stack(parent, id, {
    env: { account: base.account, region: base.region },
    stackName,
    synthesizer: cloneSynthesizer(request.requester, base),
    terminationProtection: base.terminationProtection,
    description: request.description,
    tags: base.tags.tagValues(),
  });
  stack.templateOptions.metadata = { [STACK_METADATA_KEY]: request.metadata };
  stack.node.addValidation({
    validate: () => {
      // A stack of the user's may be named like a shard (e.g. 'Consumer-a-b' for consumer 'a-b' beside the shard '-b' of 'Consumer-a').
      const twin = parent.node.children.find(c => c !== stack && Stack.isStack(c) && (c as Stack).stackName === stackName);
      if (twin) {
        return [`${labelOf(request.requester)}: its shard stack '${stackName}' (of stack '${base.stackName}') has the name of stack '${twin.node.path}'. ` +
          `Rename stack '${twin.node.path}' (stackName), or stack '${base.stackName}': shards are named '${base.stackName}-<producer domain>[-<n>]'.`];
      }
      const count = resourceCount(stack);
      if (count > SHARD_RESOURCE_WARNING && count <= SHARD_RESOURCE_BUDGET) {
        Annotations.of(stack).addWarningV2('cdk-data-mesh:shard-filling-up', `${labelOf(request.requester)}: shard stack '${stackName}' holds ${count} ` +
          `of its ${SHARD_RESOURCE_BUDGET} resources. ${request.fix(count)} Do it before the shard is full: the products that move are a migration.`);
      }
      return count <= SHARD_RESOURCE_BUDGET ? [] : [`${labelOf(request.requester)}: shard stack '${stackName}' holds ${count} resources; a shard holds at most ` +
        `${SHARD_RESOURCE_BUDGET} (CloudFormation allows 500 per stack). ${request.fix(count)}`];
    },
  });
  stackAfter(stack, base, `cdk-data-mesh: shard ${stackName} after ${base.stackName} (settings, LF-tags, roles)`);
  if (shards.size === 0) {
    // DM-24: Lake Formation refuses concurrent permission changes in one account, so the shards of one base deploy one
    // after the other (a pipeline would otherwise deploy them in parallel): each after its predecessor in shard order
    // (producer order, then bucket), whatever order they were created in. Chained at synthesis (an aspect of the base,
    // which runs before its children), when every shard exists: each waits for one predecessor.
    const chain: IAspect = { visit: node => { if (node === base) chainShards(base, request.phase); } };
    Aspects.of(base).add(chain);
  }
  shards.set(suffix, { stack, order: request.order });
  return stack;
}

const CHAINED = new WeakSet<Stack>();

function chainShards(base: Stack, phase: MeshPhase): void {
  if (CHAINED.has(base)) return;
  CHAINED.add(base);
  const ordered = shardsOf(base);
  for (let i = 1; i < ordered.length; i++) {
    stackAfter(ordered[i], ordered[i - 1], `cdk-data-mesh: shards of ${base.stackName} deploy one after the other (DM-24)`);
  }
  // Later phases wait for the last shard too: consumers use the shares its grants make (DM-36), and an account in two
  // roles (DM-40) or two consumers of one account must not change permissions at the same time (DM-24).
  const last = ordered[ordered.length - 1];
  if (!last) return;
  for (const later of stacksAfterShardsOf(base, phase)) {
    if (!ordered.includes(later)) stackAfter(later, last, `cdk-data-mesh: ${later.stackName} after the shards of ${base.stackName} (DM-24, DM-36)`);
  }
}

/** What the hub and a consumer keep in each of their shards: their stand-in there (the scope of what they create) and its grants. */
export interface OwnerShard {
  /** The owner's stand-in in the shard stack: the same construct path as the owner's, so logical IDs are the base stack's. */
  readonly scope: Construct;
  /** The shard stack's grants (its own DM-24 chain). */
  readonly grants: LakeFormationGrants;
}

export interface ProductShardOptions {
  /** The governance hub or the data consumer whose shard it is. */
  readonly owner: Construct;
  readonly mesh: MeshDescription;
  readonly product: string;
  readonly settings: LakeFormationSettings;
  /** The consumer domain, for a consumer's shard (its links and re-grants); a governance shard (the products) without. */
  readonly consumer?: string;
}

const OWNER_SHARDS = new WeakMap<Construct, Map<string, { shard: OwnerShard; products: Set<string> }>>();

/**
 * The shard of `owner` that holds `product` (created on first use): `<stack>-<producer>[-<n>]`, governance side by
 * `MeshDescription.shardOf`, consumer side by `consumerShardOf` (four governance shards of a producer per consumer shard).
 */
export function productShard(options: ProductShardOptions): OwnerShard {
  const { owner, mesh, product, consumer } = options;
  const suffix = consumer === undefined ? mesh.shardSuffix(product) : mesh.consumerShardSuffix(product);
  let mine = OWNER_SHARDS.get(owner);
  if (!mine) OWNER_SHARDS.set(owner, mine = new Map());
  const existing = mine.get(suffix);
  if (existing) {
    existing.products.add(product);
    return existing.shard;
  }
  const products = new Set([product]);
  const base = Stack.of(owner);
  const producer = mesh.producerOf(product);
  const shards = producer.shards ?? 1;
  const count = consumer === undefined ? shards : consumerShardCount(shards);
  const index = consumer === undefined ? mesh.shardOf(product) : mesh.consumerShardOf(product);
  const which = count > 1 ? ` (shard ${index + 1} of ${count})` : '';
  const stack = shardStack({
    base,
    requester: owner,
    phase: consumer === undefined ? MeshPhase.GOVERNANCE : MeshPhase.CONSUMER,
    suffix,
    order: mesh.producerDomains.indexOf(producer.domain) * 1000 + index,
    metadata: stackMetadata(mesh.name, consumer === undefined ? 'governance' : 'consumer', consumer, base.stackName),
    description: consumer === undefined
      ? `cdk-data-mesh ${mesh.name}: data products of '${producer.domain}'${which} in the governance account (a shard of ${base.stackName})`
      : `cdk-data-mesh ${mesh.name}/${consumer}: resource links to the products of '${producer.domain}'${which} (a shard of ${base.stackName})`,
    // The shards value that would keep the producer's fullest shard under the warning, at this shard's cost per product.
    fix: n => {
      const perProduct = Math.ceil(n / products.size);
      const needed = consumer === undefined ? mesh.shardsFor(producer.domain, perProduct) : mesh.shardsFor(producer.domain, 0, perProduct);
      const suggested = Math.max(shards + 1, needed);
      return consumer === undefined
        ? `Set shards: ${suggested} on producer '${producer.domain}' in the mesh description (its products are spread over that many stacks by a ` +
          'fixed hash of their names; raising the number moves the products the new stacks take: docs/operations.md, "Growing the mesh").'
        : `Set shards: ${suggested} on producer '${producer.domain}' in the mesh description (a product costs a resource link and a DESCRIBE ` +
          `grant per role here; every ${CONSUMER_SHARD_GROUP} governance shards of a producer share one consumer shard), or give fewer roles access ` +
          'to its products (docs/operations.md, "Growing the mesh").';
    },
  });
  const shard: OwnerShard = { scope: mirrorIn(stack, owner), grants: LakeFormationGrants.of(stack, options.settings) };
  mine.set(suffix, { shard, products });
  return shard;
}

/** The shards of `base` created so far, in shard order. */
export function shardsOf(base: Stack): Stack[] {
  return [...(SHARDS.get(base)?.values() ?? [])].sort((a, b) => a.order - b.order).map(e => e.stack);
}

/** A construct in `stack` with `id` (created on first use): the shard's stand-in for the hub or the consumer, so that paths keep their first part. */
export function scopeIn(stack: Stack, id: string, parent: Construct = stack): Construct {
  return (parent.node.tryFindChild(id) as Construct | undefined) ?? new Construct(parent, id);
}

/**
 * The stand-in of `construct` in `stack`: the same chain of construct IDs from the stack down (created on first use), so
 * that what a construct of the base stack creates in a shard keeps the logical IDs it would have in the base stack.
 */
export function mirrorIn(stack: Stack, construct: IConstruct): Construct {
  const base = Stack.of(construct);
  const ids: string[] = [];
  for (let c: IConstruct | undefined = construct; c && c !== base; c = c.node.scope) ids.unshift(c.node.id);
  let scope: Construct = stack;
  for (const id of ids) scope = scopeIn(stack, id, scope);
  return scope;
}

/**
 * A synthesizer like the base stack's (a synthesizer serves one stack): the same class with the same props, so a
 * custom bootstrap qualifier or role reaches the shards too.
 */
function cloneSynthesizer(requester: ErrorScope, base: Stack): IStackSynthesizer | undefined {
  const synth = base.synthesizer;
  if (synth instanceof LegacyStackSynthesizer) return new LegacyStackSynthesizer();
  if (synth instanceof DefaultStackSynthesizer || synth instanceof CliCredentialsStackSynthesizer) {
    const Ctor = synth.constructor as new (props: unknown) => IStackSynthesizer;
    // aws-cdk-lib keeps the props the synthesizer was made with (a private field of both classes since 2.0).
    const props = (synth as unknown as { props?: object }).props;
    return new Ctor({ ...(props ?? {}) });
  }
  return throwValidationError(requester, `stack '${base.stackName}' uses ${synth.constructor.name}, which its shards cannot copy (a synthesizer serves ` +
    'one stack). Use DefaultStackSynthesizer or CliCredentialsStackSynthesizer (with any props) for this stack.');
}

/** The number of CloudFormation resources a stack holds so far (for the shard budget check). */
export function resourceCount(scope: IConstruct): number {
  let n = 0;
  for (const c of Stack.of(scope).node.findAll()) if ((c as any).cfnResourceType !== undefined && Stack.of(c) === Stack.of(scope)) n++;
  return n;
}

