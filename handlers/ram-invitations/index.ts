/**
 * Custom-resource handler: accepts the pending AWS RAM resource-share invitations that the mesh's
 * governance account sent to this (consumer) account (DM-29).
 *
 * Used directly as the ServiceToken of an `AWS::CloudFormation::CustomResource` (no provider
 * framework), runtime nodejs22.x, bundled at build time into assets/ram-invitations/index.js.
 * AWS SDK v3 only; no construct-library imports.
 *
 * Resource properties:
 * - `SenderAccountId` (required): 12-digit id of the governance account that sends the invitations.
 * - `MaxWaitSeconds` (optional, default 300): how long to wait for an invitation that has not arrived yet.
 * - `SettleSeconds` (optional, default 60; Update only): how long an update keeps polling for new PENDING
 *   invitations after it has found the shares accepted. An update runs because what the consumer receives
 *   changed (the Nonce), and the invitation for that change may arrive after the old ACCEPTED invitation
 *   or ACTIVE share has been seen: without the settle period the run would end before it arrives, and the
 *   new share would stay pending. Bounded by MaxWaitSeconds and the Lambda's time. Create returns as soon
 *   as an invitation is accepted or found accepted.
 * - `Nonce` (optional): any string; changing it re-runs the acceptance on update.
 * - `DatabaseNames` (optional): the databases of the governance catalog this consumer receives. An
 *   invitation is accepted only when it is a Lake Formation share (named `LakeFormation-...`, sent by
 *   `SenderAccountId`) whose resources are all Glue Data Catalog resources of the sender, and, with
 *   `DatabaseNames`, only databases (and their tables) named there. Any other invitation is left pending.
 *
 * Every AWS call is bounded: connection and request timeouts on the RAM client, an abort signal that
 * also stops a call before the Lambda's time runs out, and a time check before every call and sleep.
 * The response PUT has a timeout of its own and a few tries; FAILED is sent with a reason before the
 * Lambda deadline whatever hangs.
 *
 * Delete never calls RAM (shares are neither rejected nor left on delete).
 */
import { createHash } from 'node:crypto';
// The handler is bundled with esbuild at build time (bundle:handlers): the SDK is not a runtime dependency of the library.
import {
  AcceptResourceShareInvitationCommand,
  GetResourceShareInvitationsCommand,
  GetResourceSharesCommand,
  ListPendingInvitationResourcesCommand,
  RAMClient,
  Resource,
  ResourceShareInvitation,
} from '@aws-sdk/client-ram';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';

/** Default for `MaxWaitSeconds`. */
export const DEFAULT_MAX_WAIT_SECONDS = 300;
/** Default for `SettleSeconds` (Update only). */
export const DEFAULT_SETTLE_SECONDS = 60;
/** First back-off delay; it doubles up to {@link MAX_DELAY_MS}. */
export const INITIAL_DELAY_MS = 2_000;
/** Back-off cap. */
export const MAX_DELAY_MS = 30_000;
/** Stop waiting when less than this much Lambda time is left (one more call and the response still have to fit). */
export const RESERVED_LAMBDA_MS = 30_000;
/** No AWS call may run into the last this-many milliseconds of the Lambda's time: they are the response's (all its tries and pauses). */
export const RESPONSE_RESERVE_MS = 20_000;
/** Longest `MaxWaitSeconds` and `SettleSeconds` accepted (a Lambda function runs at most 900 s). */
export const MAX_WAIT_SECONDS_LIMIT = 900;
/** CloudFormation shows the Reason in the console; keep it short. */
export const MAX_REASON_LENGTH = 1000;
/** The RAM client's TCP/TLS connection timeout. */
export const CONNECTION_TIMEOUT_MS = 5_000;
/** The RAM client's timeout for a response once connected (socket idle). */
export const REQUEST_TIMEOUT_MS = 20_000;
/** One try of the response PUT to CloudFormation. */
export const RESPONSE_TIMEOUT_MS = 5_000;
/** Tries of the response PUT (RESPONSE_RESERVE_MS covers all of them with their pauses of 1 and 2 s). */
export const RESPONSE_ATTEMPTS = 3;
/** Lake Formation names the AWS RAM shares it creates `LakeFormation-...` (e.g. `LakeFormation-V3-<id>`). */
export const LAKE_FORMATION_SHARE_PREFIX = 'LakeFormation-';
/** What a Lake Formation share of Data Catalog resources contains. */
const GLUE_RESOURCE_TYPES = new Set(['glue:catalog', 'glue:database', 'glue:table']);

/** The RAM client: every request bounded by connection and request timeouts; retries are the handler's own (inside its time budget). */
export function createRamClient(): RAMClient {
  return new RAMClient({
    requestHandler: new NodeHttpHandler({ connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }),
    maxAttempts: 1,
  });
}

export interface AcceptInvitationsOptions {
  /** How long to wait for an invitation (or a share) from the sender to show up. */
  readonly maxWaitSeconds: number;
  /**
   * Keep polling for new PENDING invitations until this many seconds after the start, even once the shares are
   * found accepted (an Update: a re-sent or new invitation may arrive after the old one was seen). Capped by
   * `maxWaitSeconds` and the Lambda's time. 0 (the default) returns as soon as something is accepted.
   */
  readonly settleSeconds?: number;
  /** Lambda time left, in milliseconds (`context.getRemainingTimeInMillis`). */
  readonly remainingMs: () => number;
  /** Waits `ms` milliseconds (injected so that tests do not wait). */
  readonly sleep: (ms: number) => Promise<void>;
  /** Clock in milliseconds; defaults to `Date.now`. */
  readonly now?: () => number;
  /**
   * The governance databases this consumer receives: invitations whose resources include another
   * database (or its tables) are not accepted.
   * @default - any database of the sender (the share must still be a Lake Formation share of Data Catalog resources)
   */
  readonly databaseNames?: readonly string[];
}

export interface AcceptInvitationsResult {
  /** Invitations from the sender accepted by this run. */
  readonly accepted: number;
  /**
   * Invitations from the sender that were already accepted (status ACCEPTED, or accepted concurrently),
   * or, when no invitation record is left, the ACTIVE shares owned by the sender.
   */
  readonly alreadyAccepted: number;
}

const ACCOUNT_ID = /^\d{12}$/;

const RETRYABLE_ERROR_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalServerException',
  'ServerInternalException',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const RETRYABLE_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/** Time budget shared by the polling for invitations and the retries of throttled calls. */
class Budget {
  private readonly start: number;
  private slept = 0;

  constructor(private readonly options: AcceptInvitationsOptions) {
    this.start = this.now();
  }

  /** Milliseconds spent so far (at least the time slept, so that an injected sleep counts too). */
  public elapsedMs(): number {
    return Math.max(this.now() - this.start, this.slept);
  }

  /** The part of `wantedMs` that may still be waited without exceeding MaxWaitSeconds or the Lambda's time. */
  public allowedDelay(wantedMs: number): number {
    const waitLeft = this.options.maxWaitSeconds * 1000 - this.elapsedMs();
    const lambdaLeft = this.options.remainingMs() - RESERVED_LAMBDA_MS;
    return Math.max(0, Math.min(wantedMs, waitLeft, lambdaLeft));
  }

  /**
   * How long the next AWS call may take: the Lambda's time left minus what the response needs. Throws a
   * {@link RamCallError} when nothing is left, so that FAILED is sent before the deadline.
   */
  public callTimeout(operation: string): number {
    const left = this.options.remainingMs() - RESPONSE_RESERVE_MS;
    if (left <= 0) {
      throw new RamCallError(`The custom resource's Lambda time ran out before AWS RAM ${operation} (after ${Math.round(this.elapsedMs() / 1000)} s): ` +
        'AWS RAM answered too slowly or not at all. Redeploy to try again.');
    }
    return Math.min(CONNECTION_TIMEOUT_MS + REQUEST_TIMEOUT_MS, left);
  }

  /** True when the Lambda's time (rather than MaxWaitSeconds) is what stops the waiting. */
  public lambdaTimeIsShort(): boolean {
    return this.options.remainingMs() - RESERVED_LAMBDA_MS <= 0;
  }

  public async sleep(ms: number): Promise<void> {
    this.slept += ms;
    await this.options.sleep(ms);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function backoffDelay(attempt: number): number {
  return Math.min(INITIAL_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown };
    for (const candidate of [e.name, e.Code, e.code]) {
      if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') return candidate;
    }
  }
  return 'Error';
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || String(error);
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

/** Throttling, 5xx and transient network errors: worth another try after a back-off. */
export function isRetryableError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as {
    name?: unknown;
    code?: unknown;
    $retryable?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  if (typeof e.name === 'string' && RETRYABLE_ERROR_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && (RETRYABLE_ERROR_NAMES.has(e.code) || RETRYABLE_ERROR_CODES.has(e.code))) return true;
  if (e.$retryable) return true;
  if (e.$fault === 'server') return true;
  const status = e.$metadata?.httpStatusCode;
  return typeof status === 'number' && (status >= 500 || status === 429);
}

/** A deterministic, UUID-shaped idempotency token per invitation (RAM recommends a UUID). */
export function clientTokenFor(invitationArn: string): string {
  const hex = createHash('sha256').update(`cdk-data-mesh:accept:${invitationArn}`).digest('hex').slice(0, 32);
  const variant = '89ab'[parseInt(hex[16], 16) % 4];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A RAM call that failed for good; its message is the failure reason. */
class RamCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RamCallError';
  }
}

/**
 * Runs one RAM call, retrying throttling/5xx errors with back-off inside the time budget. Other errors
 * are rethrown unchanged; running out of time throws a {@link RamCallError}.
 */
async function callWithRetry<T>(operation: string, budget: Budget, call: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const timeout = budget.callTimeout(operation);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeout);
    try {
      return await call(abort.signal);
    } catch (caught) {
      // Aborted by our own deadline: a timeout, retried while the budget allows.
      const error = abort.signal.aborted
        ? Object.assign(new Error(`no answer within ${Math.round(timeout / 100) / 10} s`), { name: 'TimeoutError' })
        : caught;
      if (!isRetryableError(error)) throw error;
      const delay = budget.allowedDelay(backoffDelay(attempt));
      if (delay <= 0) {
        throw new RamCallError(
          `AWS RAM ${operation} kept failing with ${errorName(error)} (${errorMessage(error)}) after ${attempt + 1} attempt(s) ` +
          `in ${Math.round(budget.elapsedMs() / 1000)} s. This is a throttling or service error: redeploy to try again.`,
        );
      }
      console.log(`${operation}: ${errorName(error)}, retrying in ${delay} ms`);
      await budget.sleep(delay);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The error of a RAM call that is not retried: names the operation, and the permissions on AccessDenied. */
function failedCall(operation: string, error: unknown): RamCallError {
  if (error instanceof RamCallError) return error;
  const name = errorName(error);
  let text = `AWS RAM ${operation} failed: ${name}: ${errorMessage(error)}`;
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(name)) {
    text += ' The custom resource\'s role needs ram:GetResourceShareInvitations, ram:AcceptResourceShareInvitation and ram:GetResourceShares.';
  }
  return new RamCallError(text);
}

async function ram<T>(operation: string, budget: Budget, call: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await callWithRetry(operation, budget, call);
  } catch (error) {
    throw failedCall(operation, error);
  }
}

async function listInvitationsFrom(client: RAMClient, senderAccountId: string, budget: Budget): Promise<ResourceShareInvitation[]> {
  const found: ResourceShareInvitation[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await ram('GetResourceShareInvitations', budget, (abortSignal) =>
      client.send(new GetResourceShareInvitationsCommand({ maxResults: 100, ...(token ? { nextToken: token } : {}) }), { abortSignal }));
    for (const invitation of page?.resourceShareInvitations ?? []) {
      if (invitation.senderAccountId === senderAccountId) found.push(invitation);
    }
    nextToken = page?.nextToken || undefined;
  } while (nextToken);
  return found;
}

/** Whether a share name is one Lake Formation gives the AWS RAM shares it creates. */
export function isLakeFormationShareName(name: string | undefined): boolean {
  return typeof name === 'string' && name.startsWith(LAKE_FORMATION_SHARE_PREFIX);
}

/** The resources of a pending invitation (every page). */
async function pendingResources(client: RAMClient, invitationArn: string, budget: Budget): Promise<Resource[]> {
  const found: Resource[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await ram('ListPendingInvitationResources', budget, (abortSignal) => client.send(new ListPendingInvitationResourcesCommand({
      resourceShareInvitationArn: invitationArn, maxResults: 100, ...(token ? { nextToken: token } : {}),
    }), { abortSignal }));
    found.push(...(page?.resources ?? []));
    nextToken = page?.nextToken || undefined;
  } while (nextToken);
  return found;
}

/**
 * Why an invitation is not one of this mesh's Lake Formation shares, or undefined when it is: a share
 * named `LakeFormation-...` whose resources are all Data Catalog resources of the sender and, with
 * `databaseNames`, only those databases and their tables.
 */
export function foreignShareReason(invitation: ResourceShareInvitation, resources: readonly Resource[], senderAccountId: string,
  databaseNames?: readonly string[]): string | undefined {
  const share = invitation.resourceShareName ?? invitation.resourceShareArn ?? invitation.resourceShareInvitationArn;
  if (!isLakeFormationShareName(invitation.resourceShareName)) {
    return `share '${share}' is not a Lake Formation share (Lake Formation names its shares ${LAKE_FORMATION_SHARE_PREFIX}...)`;
  }
  const wanted = databaseNames === undefined ? undefined : new Set(databaseNames.map(d => d.toLowerCase()));
  for (const r of resources) {
    const type = String(r.type ?? '').toLowerCase();
    const arn = String(r.arn ?? '');
    if (!GLUE_RESOURCE_TYPES.has(type)) return `share '${share}' also shares ${r.type ?? 'a resource'} ${arn}, which is not a Data Catalog resource`;
    const parts = arn.split(':');
    if (parts[2] !== 'glue' || parts[4] !== senderAccountId) return `share '${share}' shares ${arn}, which is not in the catalog of account ${senderAccountId}`;
    const database = /^(?:database|table)\/([^/]+)/.exec(parts.slice(5).join(':'))?.[1];
    if (wanted && database !== undefined && !wanted.has(database.toLowerCase())) {
      return `share '${share}' shares ${arn}, whose database '${database}' is not one this consumer receives (${[...wanted].join(', ')})`;
    }
  }
  return undefined;
}

async function countActiveSharesFrom(client: RAMClient, senderAccountId: string, budget: Budget): Promise<number> {
  let count = 0;
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await ram('GetResourceShares', budget, (abortSignal) =>
      client.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS', maxResults: 100, ...(token ? { nextToken: token } : {}) }), { abortSignal }));
    for (const share of page?.resourceShares ?? []) {
      if (share.owningAccountId === senderAccountId && share.status === 'ACTIVE' && isLakeFormationShareName(share.name)) count++;
    }
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  return count;
}

/** The failure text when nothing from the sender shows up in time. */
export function notArrivedReason(senderAccountId: string, waitedSeconds: number, lambdaTimeShort: boolean, notes: readonly string[] = []): string {
  const within = lambdaTimeShort
    ? `within ${waitedSeconds} s (the custom resource's Lambda time was running out)`
    : `within ${waitedSeconds} s`;
  const base =
    `No AWS RAM resource share invitation from account ${senderAccountId} arrived ${within}. ` +
    'Deploy the governance stack\'s DataProductShare for this consumer first (deploy order governance -> producers -> consumers), ' +
    'then redeploy; if both accounts are in one AWS Organization with RAM sharing enabled, no invitation is sent: ' +
    'set acceptRamInvitations to false.';
  return notes.length === 0 ? base : `${base} Also: ${notes.join(' ')}`;
}

/**
 * The failure text when the only invitations from the sender have expired: an expired invitation cannot be
 * accepted, and only a new grant makes RAM send a new one.
 */
export function expiredReason(senderAccountId: string, expired: number, waitedSeconds: number, notes: readonly string[] = []): string {
  const base =
    `The only AWS RAM resource share invitation(s) from account ${senderAccountId} (${expired}) expired before they were accepted, ` +
    `and no new one arrived within ${waitedSeconds} s. An expired invitation cannot be accepted: ask the governance account to revoke ` +
    'this consumer\'s grants and grant them again (remove the DataProductShare, deploy the governance stack, add it back and deploy ' +
    'it again) so that AWS RAM sends a new invitation, then redeploy this stack.';
  return notes.length === 0 ? base : `${base} Also: ${notes.join(' ')}`;
}

/**
 * Accepts every PENDING RAM invitation sent by `senderAccountId`, waiting (with back-off) for one to
 * arrive. Idempotent: succeeds when an invitation from the sender is accepted now or was accepted
 * before (ACCEPTED invitation, or an ACTIVE share owned by the sender). With `settleSeconds` it keeps
 * polling (and accepting) until then even after that. Throws an Error whose message is the failure reason.
 */
export async function acceptInvitations(
  client: RAMClient,
  senderAccountId: string,
  options: AcceptInvitationsOptions,
): Promise<AcceptInvitationsResult> {
  if (!ACCOUNT_ID.test(senderAccountId)) {
    throw new Error(`SenderAccountId must be a 12-digit AWS account id (the mesh's governance account), got '${senderAccountId}'.`);
  }
  const budget = new Budget(options);
  const notes = new Map<string, string>();
  const settleMs = Math.min(options.settleSeconds ?? 0, options.maxWaitSeconds) * 1000;
  // By ARN, over every poll: an invitation accepted by this run shows up as ACCEPTED in the next poll.
  const acceptedNow = new Set<string>();
  const acceptedBefore = new Set<string>();
  const expired = new Set<string>();
  /** PENDING invitations from the sender that are not this mesh's Lake Formation shares: never accepted. */
  const skipped = new Set<string>();
  let activeShares = 0;

  for (let poll = 0; ; poll++) {
    const invitations = await listInvitationsFrom(client, senderAccountId, budget);

    for (const invitation of invitations) {
      const arn = invitation.resourceShareInvitationArn ?? '';
      const share = invitation.resourceShareName ?? invitation.resourceShareArn ?? arn;
      switch (invitation.status) {
        case 'ACCEPTED':
          if (!acceptedNow.has(arn) && isLakeFormationShareName(invitation.resourceShareName)) acceptedBefore.add(arn);
          break;
        case 'EXPIRED':
          expired.add(arn);
          break;
        case 'REJECTED':
          notes.set(arn, `The invitation for share '${share}' (${arn}) was rejected; a rejected invitation cannot be accepted: ` +
            'remove this consumer from the DataProductShare, deploy the governance stack, add it back and deploy again to send a new one.');
          break;
        case 'PENDING': {
          if (!arn || acceptedNow.has(arn) || skipped.has(arn)) break;
          // Only this mesh's Lake Formation shares (issue 14): the name first, then what the share holds.
          const foreign = foreignShareReason(invitation, isLakeFormationShareName(invitation.resourceShareName)
            ? await pendingResources(client, arn, budget) : [], senderAccountId, options.databaseNames);
          if (foreign !== undefined) {
            skipped.add(arn);
            notes.set(arn, `Invitation ${arn} was left pending: ${foreign}.`);
            console.log(`not accepted: invitation ${arn}: ${foreign}`);
            break;
          }
          try {
            const accept = new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: arn, clientToken: clientTokenFor(arn) });
            await callWithRetry('AcceptResourceShareInvitation', budget, (abortSignal) => client.send(accept, { abortSignal }));
            acceptedNow.add(arn);
            acceptedBefore.delete(arn);
            console.log(`accepted invitation ${arn} for share '${share}'`);
          } catch (error) {
            const name = errorName(error);
            if (name === 'ResourceShareInvitationAlreadyAcceptedException') {
              acceptedBefore.add(arn);
              console.log(`invitation ${arn} was already accepted (concurrent accept)`);
            } else if (name === 'ResourceShareInvitationExpiredException' || name === 'ResourceShareInvitationArnNotFoundException') {
              expired.add(arn);
              console.log(`invitation ${arn} expired or vanished (${name}), skipped (a re-sent invitation is a new one)`);
            } else if (name === 'ResourceShareInvitationAlreadyRejectedException') {
              console.log(`invitation ${arn} was already rejected`);
              notes.set(arn, `The invitation for share '${share}' (${arn}) was already rejected (ResourceShareInvitationAlreadyRejectedException): ` +
                'remove this consumer from the DataProductShare, deploy the governance stack, add it back and deploy again to send a new one.');
            } else {
              throw failedCall('AcceptResourceShareInvitation', error);
            }
          }
          break;
        }
        default:
          break;
      }
    }

    console.log(`poll ${poll + 1}: ${invitations.length} invitation(s) from ${senderAccountId}: ` +
      `${acceptedNow.size} accepted by this run, ${acceptedBefore.size} accepted before, ${expired.size} expired`);
    if (acceptedNow.size + acceptedBefore.size === 0 && activeShares === 0) {
      activeShares = await countActiveSharesFrom(client, senderAccountId, budget);
      if (activeShares > 0) console.log(`${activeShares} ACTIVE resource share(s) owned by ${senderAccountId}: already accepted`);
    }
    const settled = acceptedNow.size + acceptedBefore.size + activeShares > 0;
    const result = () => ({
      accepted: acceptedNow.size,
      alreadyAccepted: acceptedNow.size + acceptedBefore.size > 0 ? acceptedBefore.size : activeShares,
    });

    if (settled) {
      // Create (no settle period): done. Update: keep polling for a new invitation until the settle period ends.
      const settleLeft = settleMs - budget.elapsedMs();
      const delay = settleLeft > 0 ? budget.allowedDelay(Math.min(backoffDelay(poll), settleLeft)) : 0;
      if (delay <= 0) return result();
      console.log(`settling: polling again in ${delay} ms for a new invitation from ${senderAccountId}`);
      await budget.sleep(delay);
      continue;
    }

    const delay = budget.allowedDelay(backoffDelay(poll));
    if (delay <= 0) {
      const waited = Math.round(budget.elapsedMs() / 1000);
      if (expired.size > 0) throw new Error(expiredReason(senderAccountId, expired.size, waited, [...notes.values()]));
      throw new Error(notArrivedReason(senderAccountId, waited, budget.lambdaTimeIsShort(), [...notes.values()]));
    }
    console.log(`nothing from ${senderAccountId} yet, polling again in ${delay} ms`);
    await budget.sleep(delay);
  }
}

// ---------------------------------------------------------------------------------------------
// CloudFormation wiring
// ---------------------------------------------------------------------------------------------

export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly NoEcho: false;
  readonly Data: { readonly Accepted: number; readonly AlreadyAccepted: number };
}

/** Parses a number of seconds from 0 to 900 (string or number, `fallback` when absent); throws with a clear message. */
function parseSeconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > MAX_WAIT_SECONDS_LIMIT) {
    throw new Error(`${name} must be a number of seconds from 0 to ${MAX_WAIT_SECONDS_LIMIT}, got '${String(value)}'.`);
  }
  return parsed;
}

/** Parses `MaxWaitSeconds` (string or number, default 300); throws with a clear message. */
export function parseMaxWaitSeconds(value: unknown): number {
  return parseSeconds('MaxWaitSeconds', value, DEFAULT_MAX_WAIT_SECONDS);
}

/** Parses `SettleSeconds` (string or number, default 60); throws with a clear message. */
export function parseSettleSeconds(value: unknown): number {
  return parseSeconds('SettleSeconds', value, DEFAULT_SETTLE_SECONDS);
}

/** Reads and validates `SenderAccountId`; throws with a clear message. */
export function parseSenderAccountId(value: unknown): string {
  if (value === undefined || value === null || value === '') {
    throw new Error('SenderAccountId is required: the 12-digit AWS account id of the mesh\'s governance account that sends the RAM invitations.');
  }
  const text = typeof value === 'string' ? value.trim() : String(value);
  if (!ACCOUNT_ID.test(text)) {
    throw new Error(`SenderAccountId must be the 12-digit AWS account id of the mesh's governance account, got '${String(value).slice(0, 64)}'.`);
  }
  return text;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Parses `DatabaseNames` (a list of names, or one comma-separated string); undefined when absent. */
export function parseDatabaseNames(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!list || list.some(v => typeof v !== 'string' || v.trim() === '')) {
    throw new Error(`DatabaseNames must be a list of Glue database names, got '${JSON.stringify(value).slice(0, 200)}'.`);
  }
  return list.map(v => (v as string).trim());
}

/**
 * PUTs the response to the presigned ResponseURL: each try bounded by RESPONSE_TIMEOUT_MS and by the
 * Lambda's time left, at most RESPONSE_ATTEMPTS tries; never throws.
 */
export async function sendResponse(url: string, response: CustomResourceResponse, remainingMs: () => number = () => 900_000): Promise<void> {
  const body = JSON.stringify(response);
  for (let attempt = 1; attempt <= RESPONSE_ATTEMPTS; attempt++) {
    const timeout = Math.min(RESPONSE_TIMEOUT_MS, remainingMs() - 500);
    if (timeout < 500) {
      console.log('no Lambda time left to send the response');
      break;
    }
    try {
      const res = await fetch(url, {
        method: 'PUT',
        // The presigned URL is signed with an empty content-type.
        headers: { 'content-type': '' },
        body,
        signal: AbortSignal.timeout(timeout),
      });
      if (res.ok) {
        console.log(`response ${response.Status} sent for ${response.LogicalResourceId} (${response.PhysicalResourceId})`);
        return;
      }
      console.log(`sending the response failed: HTTP ${res.status} (attempt ${attempt})`);
    } catch (error) {
      console.log(`sending the response failed: ${errorMessage(error)} (attempt ${attempt})`);
    }
    if (attempt < RESPONSE_ATTEMPTS && remainingMs() > 1000 * attempt + 1000) await sleepFor(1000 * attempt);
  }
  console.log('giving up sending the response to CloudFormation');
}

/** `work`, or a rejection with `message` once `ms` have passed (whatever `work` waits for). */
async function withDeadline<T>(work: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), Math.max(0, ms));
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The Lambda entry point: CloudFormation custom resource, used directly as the ServiceToken. Never throws. */
export async function handler(event: CloudFormationCustomResourceEvent, context?: Partial<Context>): Promise<void> {
  const startedAt = Date.now();
  const getRemaining = context?.getRemainingTimeInMillis;
  const remainingMs = typeof getRemaining === 'function'
    ? () => getRemaining.call(context)
    : () => 900_000 - (Date.now() - startedAt);
  let physicalResourceId = 'ram-invitations';
  let status: 'SUCCESS' | 'FAILED' = 'FAILED';
  let reason = '';
  let data = { Accepted: 0, AlreadyAccepted: 0 };

  try {
    const requestType: string | undefined = event?.RequestType;
    const props: Record<string, unknown> = event?.ResourceProperties ?? {};
    const existingId = event && 'PhysicalResourceId' in event && typeof event.PhysicalResourceId === 'string' ? event.PhysicalResourceId : '';
    console.log(`${String(requestType)} ${String(event?.LogicalResourceId)} (SenderAccountId=${String(props.SenderAccountId)}, ` +
      `MaxWaitSeconds=${String(props.MaxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS)})`);

    if (requestType === 'Delete') {
      // Never reject or leave shares on delete: nothing to do, no RAM call.
      physicalResourceId = existingId || physicalResourceId;
      status = 'SUCCESS';
      reason = 'Delete: nothing to do (accepted shares are kept).';
    } else {
      // Stable id: derived from the sender on Create, kept as is on Update (no replacement).
      const keepId = requestType === 'Update' && existingId !== '';
      physicalResourceId = keepId ? existingId : 'ram-invitations-invalid';
      if (requestType !== 'Create' && requestType !== 'Update') throw new Error(`Unsupported RequestType '${String(requestType)}'.`);

      const senderAccountId = parseSenderAccountId(props.SenderAccountId);
      if (!keepId) physicalResourceId = `ram-invitations-${senderAccountId}`;
      const maxWaitSeconds = parseMaxWaitSeconds(props.MaxWaitSeconds);
      // Parsed on Create too, so that a bad value fails the first deployment rather than a later update.
      const settleSeconds = parseSettleSeconds(props.SettleSeconds);
      const databaseNames = parseDatabaseNames(props.DatabaseNames);

      // Every call is bounded already (by the same reserve): the deadline is the last guard, a second later, so that
      // FAILED always goes out in time (the response needs at most 3 x 5 s + 3 s of the 20 s reserve).
      const result = await withDeadline(acceptInvitations(createRamClient(), senderAccountId, {
        maxWaitSeconds,
        settleSeconds: requestType === 'Update' ? settleSeconds : 0,
        remainingMs,
        sleep: sleepFor,
        databaseNames,
      }), remainingMs() - RESPONSE_RESERVE_MS + 1_000, () => 'The custom resource\'s Lambda time ran out while accepting the AWS RAM invitations from ' +
        `${senderAccountId} (after ${Math.round((Date.now() - startedAt) / 1000)} s): AWS RAM answered too slowly or not at all. Redeploy to try again.`);
      data = { Accepted: result.accepted, AlreadyAccepted: result.alreadyAccepted };
      status = 'SUCCESS';
      reason = `Accepted ${result.accepted} invitation(s) from ${senderAccountId}; ${result.alreadyAccepted} already accepted.`;
    }
  } catch (error) {
    status = 'FAILED';
    reason = errorMessage(error) || 'Unknown error';
    console.log(`FAILED: ${reason}`);
  }

  try {
    await sendResponse(event?.ResponseURL, {
      Status: status,
      Reason: truncate(reason, MAX_REASON_LENGTH),
      PhysicalResourceId: physicalResourceId,
      StackId: event?.StackId,
      RequestId: event?.RequestId,
      LogicalResourceId: event?.LogicalResourceId,
      NoEcho: false,
      Data: data,
    }, remainingMs);
  } catch (error) {
    console.log(`could not send the response: ${errorMessage(error)}`);
  }
}
