/*
 * What the governance account shares with each consumer domain, recorded by DataProductShare so that a
 * DataConsumer in the same app can link and re-grant exactly that (plain data, no construct imports).
 */
import { IConstruct } from 'constructs';
import type { Confidentiality } from '../confidentiality';
import type { TagClause } from './tag-expressions';

/** A column of a shared table with its declared level. */
export interface SharedColumn {
  readonly name: string;
  readonly level: Confidentiality;
}

/** One table as a consumer may see it. */
export interface SharedTable {
  readonly product: string;
  readonly databaseName: string;
  readonly table: string;
  /** The columns shared (all when the whole table is shared). */
  readonly columns: SharedColumn[];
  /** true when the share names the whole table (Table resource), false for a column list. */
  readonly wholeTable: boolean;
}

/** A share as recorded for the consumer side. */
export interface ShareRecord {
  readonly consumer: string;
  readonly mode: 'tags' | 'tables' | 'cells';
  readonly products: string[];
  /** tags mode with maxConfidentiality: the confidentiality ceiling. */
  readonly ceiling?: Confidentiality;
  /** tags mode with tagExpression: its conditions (besides consumer_<domain>=yes), sorted by key. */
  readonly expression?: TagClause[];
  /** tables/cells mode: what is shared. */
  readonly tables?: SharedTable[];
  /** cells mode: the filter's name. */
  readonly filterName?: string;
  /** Who declared it, for messages. */
  readonly declaredBy: string;
  /** The request file it was made from (`GovernanceHub.addAccessRequests`), if any. */
  readonly requestFile?: string;
}

const REGISTRY = new WeakMap<IConstruct, Map<string, ShareRecord[]>>();
/** Per app and mesh: who wants to hear of shares recorded later (a DataConsumer declared before its shares). */
const LISTENERS = new WeakMap<IConstruct, Map<string, Array<{ consumer: string; listener: (record: ShareRecord) => void }>>>();

function registry(scope: IConstruct, mesh: string): ShareRecord[] {
  const root = scope.node.root;
  let byMesh = REGISTRY.get(root);
  if (!byMesh) {
    byMesh = new Map();
    REGISTRY.set(root, byMesh);
  }
  let records = byMesh.get(mesh);
  if (!records) {
    records = [];
    byMesh.set(mesh, records);
  }
  return records;
}

/** Records a share, and tells the listeners of its consumer. */
export function recordShare(scope: IConstruct, mesh: string, record: ShareRecord): void {
  registry(scope, mesh).push(record);
  for (const l of LISTENERS.get(scope.node.root)?.get(mesh) ?? []) if (l.consumer === record.consumer) l.listener(record);
}

/** Calls `listener` with every share recorded from now on for `consumer` (those recorded so far: `sharesFor`). */
export function onShare(scope: IConstruct, mesh: string, consumer: string, listener: (record: ShareRecord) => void): void {
  const root = scope.node.root;
  let byMesh = LISTENERS.get(root);
  if (!byMesh) {
    byMesh = new Map();
    LISTENERS.set(root, byMesh);
  }
  const list = byMesh.get(mesh) ?? [];
  list.push({ consumer, listener });
  byMesh.set(mesh, list);
}

/** The shares recorded so far for `consumer` in this app. */
export function sharesFor(scope: IConstruct, mesh: string, consumer: string): ShareRecord[] {
  return registry(scope, mesh).filter(r => r.consumer === consumer);
}

/** Every share recorded so far in this app for `mesh`, whatever the consumer. */
export function allShares(scope: IConstruct, mesh: string): ShareRecord[] {
  return [...registry(scope, mesh)];
}

const EXPIRED = new WeakMap<IConstruct, Map<string, Array<{ consumer: string; declaredBy: string }>>>();

/** Records a share that this synth dropped for its expiry (time-bound access): its consumer had a share, and has none now. */
export function recordExpiredShare(scope: IConstruct, mesh: string, consumer: string, declaredBy: string): void {
  const root = scope.node.root;
  const byMesh = EXPIRED.get(root) ?? new Map<string, Array<{ consumer: string; declaredBy: string }>>();
  EXPIRED.set(root, byMesh);
  byMesh.set(mesh, [...(byMesh.get(mesh) ?? []), { consumer, declaredBy }]);
}

/** The shares to `consumer` this synth dropped for their expiry (who declared each). */
export function expiredSharesFor(scope: IConstruct, mesh: string, consumer: string): string[] {
  return (EXPIRED.get(scope.node.root)?.get(mesh) ?? []).filter(e => e.consumer === consumer).map(e => e.declaredBy);
}

const UNDISCOVERABLE = new WeakMap<IConstruct, Map<string, Set<string>>>();

/** Records a product of this app that opted out of discovery (`discoverable: false`, D66). */
export function recordUndiscoverable(scope: IConstruct, mesh: string, product: string): void {
  const root = scope.node.root;
  const byMesh = UNDISCOVERABLE.get(root) ?? new Map<string, Set<string>>();
  UNDISCOVERABLE.set(root, byMesh);
  byMesh.set(mesh, new Set([...(byMesh.get(mesh) ?? []), product]));
}

/** The products of this app that opted out of discovery so far (a product of another app is not known here). */
export function undiscoverableProducts(scope: IConstruct, mesh: string): ReadonlySet<string> {
  return UNDISCOVERABLE.get(scope.node.root)?.get(mesh) ?? new Set<string>();
}
