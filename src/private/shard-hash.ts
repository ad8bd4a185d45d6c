/*
 * Where a data product's shard is (issue 13, D38): a jump consistent hash of its name, so that adding products moves
 * none and raising a producer's `shards` moves only what the new shards take.
 */
import { createHash } from 'crypto';

/** Resources a shard may hold before the synth fails (CloudFormation's quota is 500 per stack; room for aws-cdk-lib's own). */
export const SHARD_RESOURCE_BUDGET = 450;
/** From this many resources a shard warns that it is filling up (a change of `shards` is a migration: plan it early). */
export const SHARD_RESOURCE_WARNING = 360;

/** Governance shards of a producer that share one consumer shard (see `consumerShardOf`). */
export const CONSUMER_SHARD_GROUP = 4;

/** The consumer shards of a producer with `shards` governance shards. */
export function consumerShardCount(shards: number): number {
  return Math.ceil(shards / CONSUMER_SHARD_GROUP);
}

/** A product's 64-bit hash key: the first 16 hex digits of the SHA-256 of its name. */
export function productKey(product: string): bigint {
  return BigInt(`0x${createHash('sha256').update(product).digest('hex').slice(0, 16)}`);
}

/**
 * Jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm", 2014): a bucket from 0
 * to `buckets` - 1 for `key`; going from n to m > n buckets moves a key only into one of the new buckets.
 */
export function jumpHash(key: bigint, buckets: number): number {
  const MASK = 0xffffffffffffffffn;
  let b = -1;
  let j = 0;
  let k = key;
  while (j < buckets) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & MASK; // eslint-disable-line no-bitwise -- 64-bit integer arithmetic (BigInt)
    j = Math.floor((b + 1) * (2 ** 31 / (Number(k >> 33n) + 1))); // eslint-disable-line no-bitwise -- the key's top 31 bits
  }
  return b;
}
