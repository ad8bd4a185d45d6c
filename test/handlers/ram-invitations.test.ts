import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import {
  AcceptResourceShareInvitationCommand,
  GetResourceShareInvitationsCommand,
  GetResourceSharesCommand,
  RAMClient,
  ResourceShareInvitation,
  ResourceShareInvitationAlreadyAcceptedException,
  ResourceShareInvitationAlreadyRejectedException,
  ResourceShareInvitationExpiredException,
  ServerInternalException,
  ThrottlingException,
} from '@aws-sdk/client-ram';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import {
  acceptInvitations,
  AcceptInvitationsOptions,
  clientTokenFor,
  handler,
  isRetryableError,
  parseMaxWaitSeconds,
  parseSettleSeconds,
} from '../../handlers/ram-invitations';

const SENDER = '111111111111';
const OTHER = '222222222222';
const ME = '333333333333';
const ROOT = path.join(__dirname, '..', '..');
const BUNDLE = path.join(ROOT, 'assets', 'ram-invitations', 'index.js');
const RESPONSE_URL = 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/presigned?X-Amz-Signature=abc';

const ramMock = mockClient(RAMClient);

function invitation(id: string, status: ResourceShareInvitation['status'], sender = SENDER): ResourceShareInvitation {
  return {
    resourceShareInvitationArn: `arn:aws:ram:eu-west-1:${sender}:resource-share-invitation/${id}`,
    resourceShareArn: `arn:aws:ram:eu-west-1:${sender}:resource-share/share-${id}`,
    resourceShareName: `LakeFormation-V3-${id}`,
    senderAccountId: sender,
    receiverAccountId: ME,
    status,
  };
}

function arnOf(id: string, sender = SENDER): string {
  return `arn:aws:ram:eu-west-1:${sender}:resource-share-invitation/${id}`;
}

function share(owner: string, status: 'ACTIVE' | 'PENDING' | 'DELETED' = 'ACTIVE') {
  return { resourceShareArn: `arn:aws:ram:eu-west-1:${owner}:resource-share/s-${status}`, owningAccountId: owner, status, name: 'LakeFormation-V3-x' };
}

const meta = { $metadata: {} };

/** RAM has no modeled AccessDeniedException: the SDK raises a generic service exception with that name. */
function accessDenied(message: string): Error {
  return Object.assign(new Error(message), { name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403 } });
}

/** Fake sleep: records the delays, never waits. */
let sleep: jest.Mock<Promise<void>, [number]>;
function options(overrides: Partial<AcceptInvitationsOptions> = {}): AcceptInvitationsOptions {
  return { maxWaitSeconds: 300, remainingMs: () => 900_000, sleep, ...overrides };
}
function sleeps(): number[] {
  return sleep.mock.calls.map(([ms]) => ms);
}

function acceptCalls() {
  return ramMock.commandCalls(AcceptResourceShareInvitationCommand).map((c) => c.args[0].input);
}

const NOT_ARRIVED_300 =
  'No AWS RAM resource share invitation from account 111111111111 arrived within 300 s. ' +
  'Deploy the governance stack\'s DataProductShare for this consumer first (deploy order governance -> producers -> consumers), then redeploy; ' +
  'if both accounts are in one AWS Organization with RAM sharing enabled, no invitation is sent: set acceptRamInvitations to false.';

let logSpy: jest.SpyInstance;
beforeEach(() => {
  ramMock.reset();
  sleep = jest.fn(async (_ms: number) => undefined);
  // Nothing by default: no invitation, no share.
  ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [] });
  ramMock.on(GetResourceSharesCommand).resolves({ resourceShares: [] });
  ramMock.on(AcceptResourceShareInvitationCommand).callsFake((input) => ({
    resourceShareInvitation: { resourceShareInvitationArn: input.resourceShareInvitationArn, status: 'ACCEPTED' },
  }));
  logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => {
  logSpy.mockRestore();
});

describe('acceptInvitations', () => {
  test('accepts a pending invitation from the sender with a deterministic client token', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [invitation('a', 'PENDING')] });

    const result = await acceptInvitations(new RAMClient({}), SENDER, options());

    expect(result).toEqual({ accepted: 1, alreadyAccepted: 0 });
    expect(acceptCalls()).toEqual([{ resourceShareInvitationArn: arnOf('a'), clientToken: clientTokenFor(arnOf('a')) }]);
    expect(clientTokenFor(arnOf('a'))).toEqual(clientTokenFor(arnOf('a')));
    expect(clientTokenFor(arnOf('a'))).not.toEqual(clientTokenFor(arnOf('b')));
    expect(clientTokenFor(arnOf('a'))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sleep).not.toHaveBeenCalled();
    expect(ramMock.commandCalls(GetResourceSharesCommand)).toHaveLength(0);
  });

  test('already accepted: an ACCEPTED invitation and no pending one succeeds without calling Accept', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [invitation('a', 'ACCEPTED')] });

    const result = await acceptInvitations(new RAMClient({}), SENDER, options());

    expect(result).toEqual({ accepted: 0, alreadyAccepted: 1 });
    expect(acceptCalls()).toEqual([]);
    expect(sleep).not.toHaveBeenCalled();
  });

  test('already accepted earlier: no invitation record but an ACTIVE share owned by the sender succeeds', async () => {
    ramMock.on(GetResourceSharesCommand).resolves({ resourceShares: [share(OTHER), share(SENDER, 'DELETED'), share(SENDER)] });

    const result = await acceptInvitations(new RAMClient({}), SENDER, options());

    expect(result).toEqual({ accepted: 0, alreadyAccepted: 1 });
    expect(acceptCalls()).toEqual([]);
    expect(ramMock.commandCalls(GetResourceSharesCommand)[0].args[0].input).toMatchObject({ resourceOwner: 'OTHER-ACCOUNTS' });
    expect(sleep).not.toHaveBeenCalled();
  });

  test('pages through GetResourceShares to find the ACTIVE share', async () => {
    ramMock.on(GetResourceSharesCommand)
      .resolvesOnce({ resourceShares: [share(OTHER)], nextToken: 's1' })
      .resolvesOnce({ resourceShares: [share(SENDER)] });

    const result = await acceptInvitations(new RAMClient({}), SENDER, options());

    expect(result).toEqual({ accepted: 0, alreadyAccepted: 1 });
    const calls = ramMock.commandCalls(GetResourceSharesCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0].nextToken).toBeUndefined();
    expect(calls[1]).toMatchObject({ resourceOwner: 'OTHER-ACCOUNTS', nextToken: 's1' });
  });

  test('not yet arrived: polls with back-off, the invitation arrives on the 3rd poll and is accepted', async () => {
    ramMock.on(GetResourceShareInvitationsCommand)
      .resolvesOnce({ resourceShareInvitations: [] })
      .resolvesOnce({})
      .resolves({ resourceShareInvitations: [invitation('late', 'PENDING')] });

    const result = await acceptInvitations(new RAMClient({}), SENDER, options());

    expect(result).toEqual({ accepted: 1, alreadyAccepted: 0 });
    expect(ramMock.commandCalls(GetResourceShareInvitationsCommand)).toHaveLength(3);
    expect(sleeps()).toEqual([2000, 4000]);
    expect(acceptCalls()).toEqual([{ resourceShareInvitationArn: arnOf('late'), clientToken: clientTokenFor(arnOf('late')) }]);
  });

  test('never arrives: fails after MaxWaitSeconds with the exact reason text', async () => {
    await expect(acceptInvitations(new RAMClient({}), SENDER, options())).rejects.toThrow(new Error(NOT_ARRIVED_300));

    // 2 s doubling, capped at 30 s, exactly filling the 300 s budget.
    expect(sleeps()).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000, 30000, 30000, 30000, 30000]);
    expect(sleeps().reduce((a, b) => a + b, 0)).toBe(300_000);
    expect(ramMock.commandCalls(GetResourceShareInvitationsCommand)).toHaveLength(14);
    expect(acceptCalls()).toEqual([]);
  });

  test('stops waiting when the Lambda has less than 30 s left', async () => {
    let slept = 0;
    sleep.mockImplementation(async (ms: number) => { slept += ms; });

    await expect(acceptInvitations(new RAMClient({}), SENDER, options({ remainingMs: () => 100_000 - slept })))
      .rejects.toThrow('No AWS RAM resource share invitation from account 111111111111 arrived within 70 s (the custom resource\'s Lambda time was running out). Deploy the governance stack\'s DataProductShare');
    expect(sleeps()).toEqual([2000, 4000, 8000, 16000, 30000, 10000]);
  });

  test('MaxWaitSeconds 0 checks once and does not wait', async () => {
    await expect(acceptInvitations(new RAMClient({}), SENDER, options({ maxWaitSeconds: 0 })))
      .rejects.toThrow('No AWS RAM resource share invitation from account 111111111111 arrived within 0 s.');
    expect(sleep).not.toHaveBeenCalled();
  });

  test('expired invitation plus a re-sent PENDING one: only the pending one is accepted', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({
      resourceShareInvitations: [invitation('old', 'EXPIRED'), invitation('new', 'PENDING')],
    });

    const result = await acceptInvitations(new RAMClient({}), SENDER, options());

    expect(result).toEqual({ accepted: 1, alreadyAccepted: 0 });
    expect(acceptCalls().map((i) => i.resourceShareInvitationArn)).toEqual([arnOf('new')]);
  });

  test('an invitation that expires between listing and accepting is skipped, the re-sent one is accepted', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({
      resourceShareInvitations: [invitation('old', 'PENDING'), invitation('new', 'PENDING')],
    });
    ramMock.on(AcceptResourceShareInvitationCommand, { resourceShareInvitationArn: arnOf('old') })
      .rejects(new ResourceShareInvitationExpiredException({ message: 'expired', ...meta }));

    const result = await acceptInvitations(new RAMClient({}), SENDER, options());

    expect(result).toEqual({ accepted: 1, alreadyAccepted: 0 });
    expect(acceptCalls().map((i) => i.resourceShareInvitationArn)).toEqual([arnOf('old'), arnOf('new')]);
  });

  test('Update: an old invitation ACCEPTED, the new one arrives on the 2nd poll -> accepted (the settle period keeps polling)', async () => {
    ramMock.on(GetResourceShareInvitationsCommand)
      .resolvesOnce({ resourceShareInvitations: [invitation('old', 'ACCEPTED')] })
      .resolvesOnce({ resourceShareInvitations: [invitation('old', 'ACCEPTED'), invitation('new', 'PENDING')] })
      .resolves({ resourceShareInvitations: [invitation('old', 'ACCEPTED'), invitation('new', 'ACCEPTED')] });

    const result = await acceptInvitations(new RAMClient({}), SENDER, options({ settleSeconds: 60 }));

    expect(result).toEqual({ accepted: 1, alreadyAccepted: 1 });
    expect(acceptCalls()).toEqual([{ resourceShareInvitationArn: arnOf('new'), clientToken: clientTokenFor(arnOf('new')) }]);
    // Back-off inside the settle period, which it fills exactly: 2 + 4 + 8 + 16 + 30 = 60 s.
    expect(sleeps()).toEqual([2000, 4000, 8000, 16000, 30000]);
  });

  test('Update: an ACTIVE share and no invitation record still settles, then succeeds with what it found', async () => {
    ramMock.on(GetResourceSharesCommand).resolves({ resourceShares: [share(SENDER)] });

    const result = await acceptInvitations(new RAMClient({}), SENDER, options({ settleSeconds: 10 }));

    expect(result).toEqual({ accepted: 0, alreadyAccepted: 1 });
    expect(sleeps()).toEqual([2000, 4000, 4000]);
    expect(ramMock.commandCalls(GetResourceShareInvitationsCommand)).toHaveLength(4);
  });

  test('the settle period is bounded by MaxWaitSeconds and by the Lambda\'s time', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [invitation('old', 'ACCEPTED')] });
    await acceptInvitations(new RAMClient({}), SENDER, options({ settleSeconds: 60, maxWaitSeconds: 5 }));
    expect(sleeps()).toEqual([2000, 3000]);

    sleep.mockClear();
    let slept = 0;
    sleep.mockImplementation(async (ms: number) => { slept += ms; });
    const result = await acceptInvitations(new RAMClient({}), SENDER, options({ settleSeconds: 60, remainingMs: () => 40_000 - slept }));
    expect(result).toEqual({ accepted: 0, alreadyAccepted: 1 });
    expect(sleeps()).toEqual([2000, 4000, 4000]);
  });

  test('Create (no settle period) ends on the old ACCEPTED invitation at once', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [invitation('old', 'ACCEPTED')] });

    await acceptInvitations(new RAMClient({}), SENDER, options({ settleSeconds: 0 }));

    expect(sleep).not.toHaveBeenCalled();
    expect(ramMock.commandCalls(GetResourceShareInvitationsCommand)).toHaveLength(1);
  });

  test('only expired invitations: fails with the expired reason (revoke and re-grant in the governance account, then redeploy)', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [invitation('old', 'EXPIRED'), invitation('older', 'EXPIRED')] });

    await expect(acceptInvitations(new RAMClient({}), SENDER, options({ maxWaitSeconds: 10 }))).rejects.toThrow(new Error(
      'The only AWS RAM resource share invitation(s) from account 111111111111 (2) expired before they were accepted, and no new one arrived ' +
      'within 10 s. An expired invitation cannot be accepted: ask the governance account to revoke this consumer\'s grants and grant them again ' +
      '(remove the DataProductShare, deploy the governance stack, add it back and deploy it again) so that AWS RAM sends a new invitation, ' +
      'then redeploy this stack.'));
    expect(acceptCalls()).toEqual([]);
  });

  test('a PENDING invitation that expires while being accepted, and nothing else: the expired reason too', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [invitation('late', 'PENDING')] });
    ramMock.on(AcceptResourceShareInvitationCommand).rejects(new ResourceShareInvitationExpiredException({ message: 'expired', ...meta }));

    await expect(acceptInvitations(new RAMClient({}), SENDER, options({ maxWaitSeconds: 0 })))
      .rejects.toThrow('The only AWS RAM resource share invitation(s) from account 111111111111 (1) expired before they were accepted');
  });

  test('ResourceShareInvitationAlreadyAcceptedException (race with another accept) counts as success', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [invitation('a', 'PENDING')] });
    ramMock.on(AcceptResourceShareInvitationCommand)
      .rejects(new ResourceShareInvitationAlreadyAcceptedException({ message: 'already accepted', ...meta }));

    const result = await acceptInvitations(new RAMClient({}), SENDER, options());

    expect(result).toEqual({ accepted: 0, alreadyAccepted: 1 });
    expect(sleep).not.toHaveBeenCalled();
  });

  test('ResourceShareInvitationAlreadyRejectedException is reported in the failure text', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [invitation('r', 'PENDING')] });
    ramMock.on(AcceptResourceShareInvitationCommand)
      .rejects(new ResourceShareInvitationAlreadyRejectedException({ message: 'rejected', ...meta }));

    const error = await acceptInvitations(new RAMClient({}), SENDER, options({ maxWaitSeconds: 0 })).catch((e: Error) => e);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('No AWS RAM resource share invitation from account 111111111111 arrived within 0 s.');
    expect((error as Error).message).toContain(
      `Also: The invitation for share 'LakeFormation-V3-r' (${arnOf('r')}) was already rejected (ResourceShareInvitationAlreadyRejectedException)`);
  });

  test('throttling on list and accept is retried with back-off, then succeeds', async () => {
    ramMock.on(GetResourceShareInvitationsCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
      .rejectsOnce(new ServerInternalException({ message: 'internal', ...meta }))
      .resolves({ resourceShareInvitations: [invitation('a', 'PENDING')] });
    ramMock.on(AcceptResourceShareInvitationCommand)
      .rejectsOnce(Object.assign(new Error('We encountered an internal error'), { name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } }))
      .resolves({ resourceShareInvitation: { status: 'ACCEPTED' } });

    const result = await acceptInvitations(new RAMClient({}), SENDER, options());

    expect(result).toEqual({ accepted: 1, alreadyAccepted: 0 });
    expect(sleeps()).toEqual([2000, 4000, 2000]);
    expect(acceptCalls()).toHaveLength(2);
    // Same idempotency token on the retry.
    expect(acceptCalls()[0]).toEqual(acceptCalls()[1]);
  });

  test('throttling that outlasts the time budget fails with a clear reason', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', ...meta }));

    await expect(acceptInvitations(new RAMClient({}), SENDER, options({ maxWaitSeconds: 10 }))).rejects.toThrow(
      'AWS RAM GetResourceShareInvitations kept failing with ThrottlingException (Rate exceeded) after 4 attempt(s) in 10 s. ' +
      'This is a throttling or service error: redeploy to try again.');
    expect(sleeps()).toEqual([2000, 4000, 4000]);
  });

  test('other errors fail at once with their message (AccessDenied names the permissions)', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [invitation('a', 'PENDING')] });
    ramMock.on(AcceptResourceShareInvitationCommand).rejects(accessDenied('not authorized to perform ram:AcceptResourceShareInvitation'));

    await expect(acceptInvitations(new RAMClient({}), SENDER, options())).rejects.toThrow(
      'AWS RAM AcceptResourceShareInvitation failed: AccessDeniedException: not authorized to perform ram:AcceptResourceShareInvitation ' +
      'The custom resource\'s role needs ram:GetResourceShareInvitations, ram:AcceptResourceShareInvitation and ram:GetResourceShares.');
    expect(sleep).not.toHaveBeenCalled();
  });

  test('invitations from other senders are ignored', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({
      resourceShareInvitations: [invitation('x', 'PENDING', OTHER), invitation('y', 'ACCEPTED', OTHER), invitation('mine', 'PENDING')],
    });

    const result = await acceptInvitations(new RAMClient({}), SENDER, options());

    expect(result).toEqual({ accepted: 1, alreadyAccepted: 0 });
    expect(acceptCalls().map((i) => i.resourceShareInvitationArn)).toEqual([arnOf('mine')]);
  });

  test('only invitations and shares from other senders: not arrived, nothing accepted', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({
      resourceShareInvitations: [invitation('x', 'PENDING', OTHER), invitation('y', 'ACCEPTED', OTHER)],
    });
    ramMock.on(GetResourceSharesCommand).resolves({ resourceShares: [share(OTHER)] });

    await expect(acceptInvitations(new RAMClient({}), SENDER, options({ maxWaitSeconds: 0 })))
      .rejects.toThrow('No AWS RAM resource share invitation from account 111111111111 arrived within 0 s.');
    expect(acceptCalls()).toEqual([]);
  });

  test('pages through the invitations (nextToken)', async () => {
    ramMock.on(GetResourceShareInvitationsCommand)
      .resolvesOnce({ resourceShareInvitations: [invitation('p1', 'PENDING'), invitation('o1', 'PENDING', OTHER)], nextToken: 't1' })
      .resolvesOnce({ resourceShareInvitations: [invitation('p2', 'ACCEPTED')], nextToken: 't2' })
      .resolvesOnce({ resourceShareInvitations: [invitation('p3', 'PENDING')] });

    const result = await acceptInvitations(new RAMClient({}), SENDER, options());

    expect(result).toEqual({ accepted: 2, alreadyAccepted: 1 });
    const inputs = ramMock.commandCalls(GetResourceShareInvitationsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.nextToken)).toEqual([undefined, 't1', 't2']);
    expect(acceptCalls().map((i) => i.resourceShareInvitationArn)).toEqual([arnOf('p1'), arnOf('p3')]);
  });

  test('rejects an invalid sender before calling RAM', async () => {
    await expect(acceptInvitations(new RAMClient({}), '12345', options())).rejects.toThrow(
      'SenderAccountId must be a 12-digit AWS account id (the mesh\'s governance account), got \'12345\'.');
    expect(ramMock.calls()).toHaveLength(0);
  });

  test('isRetryableError and parseMaxWaitSeconds', () => {
    expect(isRetryableError(new ThrottlingException({ message: 'x', ...meta }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { name: 'InternalServerException' }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { $retryable: { throttling: true } }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { name: 'Weird', $metadata: { httpStatusCode: 502 } }))).toBe(true);
    expect(isRetryableError(accessDenied('x'))).toBe(false);
    expect(isRetryableError(new Error('boom'))).toBe(false);

    expect(parseMaxWaitSeconds(undefined)).toBe(300);
    expect(parseMaxWaitSeconds('')).toBe(300);
    expect(parseMaxWaitSeconds('60')).toBe(60);
    expect(parseMaxWaitSeconds(120)).toBe(120);
    expect(() => parseMaxWaitSeconds('soon')).toThrow('MaxWaitSeconds must be a number of seconds from 0 to 900, got \'soon\'.');
    expect(() => parseMaxWaitSeconds(-1)).toThrow('MaxWaitSeconds must be a number of seconds from 0 to 900, got \'-1\'.');
    expect(parseSettleSeconds(undefined)).toBe(60);
    expect(parseSettleSeconds('0')).toBe(0);
    expect(parseSettleSeconds(120)).toBe(120);
    expect(() => parseSettleSeconds('901')).toThrow('SettleSeconds must be a number of seconds from 0 to 900, got \'901\'.');
  });
});

describe('handler', () => {
  let fetchMock: jest.Mock;
  const originalFetch = globalThis.fetch;

  function event(requestType: 'Create' | 'Update' | 'Delete', props: Record<string, unknown> = { SenderAccountId: SENDER }): CloudFormationCustomResourceEvent {
    const base = {
      ServiceToken: 'arn:aws:lambda:eu-west-1:333333333333:function:ram-invitations',
      ResponseURL: RESPONSE_URL,
      StackId: 'arn:aws:cloudformation:eu-west-1:333333333333:stack/consumer-ml/guid',
      RequestId: 'req-1',
      LogicalResourceId: 'AcceptRamInvitations',
      ResourceType: 'Custom::RamInvitations',
      ResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-1:333333333333:function:ram-invitations', ...props },
    };
    if (requestType === 'Create') return { ...base, RequestType: 'Create' } as CloudFormationCustomResourceEvent;
    if (requestType === 'Update') {
      return { ...base, RequestType: 'Update', PhysicalResourceId: 'existing-id', OldResourceProperties: { ...base.ResourceProperties } } as CloudFormationCustomResourceEvent;
    }
    return { ...base, RequestType: 'Delete', PhysicalResourceId: 'existing-id' } as CloudFormationCustomResourceEvent;
  }
  const context = { getRemainingTimeInMillis: () => 800_000, logStreamName: 'stream' } as unknown as Context;

  function sentResponse(call = 0): Record<string, unknown> {
    const [url, init] = fetchMock.mock.calls[call];
    expect(url).toBe(RESPONSE_URL);
    expect(init).toMatchObject({ method: 'PUT', headers: { 'content-type': '' } });
    return JSON.parse(init.body as string);
  }

  beforeAll(() => {
    process.env.AWS_REGION = process.env.AWS_REGION ?? 'eu-west-1';
  });
  beforeEach(() => {
    fetchMock = jest.fn(async () => ({ ok: true, status: 200 }));
    globalThis.fetch = fetchMock as unknown as typeof fetch;
  });
  afterEach(() => {
    globalThis.fetch = originalFetch;
    jest.useRealTimers();
  });

  test('Delete responds SUCCESS at once without any RAM call', async () => {
    await handler(event('Delete'), context);

    expect(ramMock.calls()).toHaveLength(0);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(sentResponse()).toEqual({
      Status: 'SUCCESS',
      Reason: 'Delete: nothing to do (accepted shares are kept).',
      PhysicalResourceId: 'existing-id',
      StackId: 'arn:aws:cloudformation:eu-west-1:333333333333:stack/consumer-ml/guid',
      RequestId: 'req-1',
      LogicalResourceId: 'AcceptRamInvitations',
      NoEcho: false,
      Data: { Accepted: 0, AlreadyAccepted: 0 },
    });
  });

  test('Create accepts and PUTs the SUCCESS response to the ResponseURL', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [invitation('a', 'PENDING'), invitation('b', 'ACCEPTED')] });

    await handler(event('Create', { SenderAccountId: SENDER, MaxWaitSeconds: '60', Nonce: 'n1' }), context);

    expect(acceptCalls()).toHaveLength(1);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(sentResponse()).toEqual({
      Status: 'SUCCESS',
      Reason: 'Accepted 1 invitation(s) from 111111111111; 1 already accepted.',
      PhysicalResourceId: 'ram-invitations-111111111111',
      StackId: 'arn:aws:cloudformation:eu-west-1:333333333333:stack/consumer-ml/guid',
      RequestId: 'req-1',
      LogicalResourceId: 'AcceptRamInvitations',
      NoEcho: false,
      Data: { Accepted: 1, AlreadyAccepted: 1 },
    });
  });

  test('Update keeps the event\'s PhysicalResourceId', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [invitation('a', 'ACCEPTED')] });

    await handler(event('Update', { SenderAccountId: SENDER, Nonce: 'n2', SettleSeconds: '0' }), context);

    expect(acceptCalls()).toHaveLength(0);
    expect(sentResponse()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'existing-id', Data: { Accepted: 0, AlreadyAccepted: 1 } });
  });

  test('Update settles (SettleSeconds, default 60): the old invitation is ACCEPTED, the re-sent one arrives on the 2nd poll and is accepted', async () => {
    jest.useFakeTimers();
    ramMock.on(GetResourceShareInvitationsCommand)
      .resolvesOnce({ resourceShareInvitations: [invitation('old', 'ACCEPTED')] })
      .resolves({ resourceShareInvitations: [invitation('old', 'ACCEPTED'), invitation('new', 'PENDING')] });

    const done = handler(event('Update', { SenderAccountId: SENDER, Nonce: 'n3' }), context);
    await jest.runAllTimersAsync();
    await done;

    expect(acceptCalls().map((i) => i.resourceShareInvitationArn)).toEqual([arnOf('new')]);
    expect(sentResponse()).toMatchObject({ Status: 'SUCCESS', Reason: 'Accepted 1 invitation(s) from 111111111111; 1 already accepted.' });
  });

  test('Create does not settle: the old ACCEPTED invitation ends the run at once', async () => {
    ramMock.on(GetResourceShareInvitationsCommand)
      .resolvesOnce({ resourceShareInvitations: [invitation('old', 'ACCEPTED')] })
      .resolves({ resourceShareInvitations: [invitation('old', 'ACCEPTED'), invitation('new', 'PENDING')] });

    await handler(event('Create', { SenderAccountId: SENDER, SettleSeconds: '60' }), context);

    expect(acceptCalls()).toEqual([]);
    expect(sentResponse()).toMatchObject({ Status: 'SUCCESS', Data: { Accepted: 0, AlreadyAccepted: 1 } });
  });

  test.each([
    [{ SenderAccountId: '1234' }, 'SenderAccountId must be the 12-digit AWS account id of the mesh\'s governance account, got \'1234\'.'],
    [{ SenderAccountId: 'arn:aws:iam::111111111111:root' }, 'SenderAccountId must be the 12-digit AWS account id of the mesh\'s governance account, got \'arn:aws:iam::111111111111:root\'.'],
    [{}, 'SenderAccountId is required: the 12-digit AWS account id of the mesh\'s governance account that sends the RAM invitations.'],
    [{ SenderAccountId: SENDER, MaxWaitSeconds: 'soon' }, 'MaxWaitSeconds must be a number of seconds from 0 to 900, got \'soon\'.'],
    [{ SenderAccountId: SENDER, SettleSeconds: 'a minute' }, 'SettleSeconds must be a number of seconds from 0 to 900, got \'a minute\'.'],
  ])('bad properties %j -> FAILED response with a clear reason', async (props, reason) => {
    await handler(event('Create', props), context);

    expect(ramMock.calls()).toHaveLength(0);
    expect(sentResponse()).toMatchObject({ Status: 'FAILED', Reason: reason, Data: { Accepted: 0, AlreadyAccepted: 0 } });
    expect((sentResponse().PhysicalResourceId as string)).toMatch(/^ram-invitations-/);
  });

  test('a failing RAM call becomes a FAILED response, the handler does not throw', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).rejects(new Error('getaddrinfo ENOTFOUND ram.eu-west-1.amazonaws.com'));

    await expect(handler(event('Create'), context)).resolves.toBeUndefined();

    expect(sentResponse()).toMatchObject({
      Status: 'FAILED',
      Reason: 'AWS RAM GetResourceShareInvitations failed: Error: getaddrinfo ENOTFOUND ram.eu-west-1.amazonaws.com',
      PhysicalResourceId: 'ram-invitations-111111111111',
    });
  });

  test('the Reason is capped at 1000 characters', async () => {
    ramMock.on(GetResourceShareInvitationsCommand).rejects(new Error('x'.repeat(5000)));

    await handler(event('Create'), context);

    const reason = sentResponse().Reason as string;
    expect(reason.length).toBe(1000);
    expect(reason.endsWith('...')).toBe(true);
  });

  test('the handler does not throw when the response PUT fails (retried, then logged)', async () => {
    jest.useFakeTimers();
    fetchMock.mockRejectedValue(new Error('socket hang up'));

    const done = handler(event('Delete'), context);
    await jest.runAllTimersAsync();

    await expect(done).resolves.toBeUndefined();
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  test('the handler does not throw on a malformed event', async () => {
    await expect(handler(undefined as unknown as CloudFormationCustomResourceEvent, context)).resolves.toBeUndefined();
    await expect(handler({ RequestType: 'Bogus' } as unknown as CloudFormationCustomResourceEvent, {})).resolves.toBeUndefined();
    expect(ramMock.calls()).toHaveLength(0);
  });
});

describe('bundle', () => {
  beforeAll(() => {
    if (!existsSync(BUNDLE)) {
      execSync('npx projen bundle:handlers', {
        cwd: ROOT,
        stdio: 'pipe',
        env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
      });
    }
  }, 180_000);

  test('assets/ram-invitations/index.js exists, is self-contained and exports handler', async () => {
    expect(existsSync(BUNDLE)).toBe(true);
    expect(statSync(BUNDLE).size).toBeGreaterThan(10_000);
    const code = readFileSync(BUNDLE, 'utf8');
    // The SDK client is bundled; the construct library is never pulled in.
    expect(code).not.toMatch(/require\(["'](aws-cdk-lib|constructs|@aws-sdk\/client-ram)["']\)/);
    const source = readFileSync(path.join(ROOT, 'handlers', 'ram-invitations', 'index.ts'), 'utf8');
    expect(source).not.toMatch(/from ['"](aws-cdk-lib|constructs)/);

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(BUNDLE) as { handler: unknown };
    expect(typeof bundled.handler).toBe('function');

    // Smoke test of the bundled handler: Delete responds without RAM.
    const fetchMock = jest.fn(async () => ({ ok: true, status: 200 }));
    const originalFetch = globalThis.fetch;
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    try {
      await (bundled.handler as typeof handler)({
        RequestType: 'Delete',
        ResponseURL: RESPONSE_URL,
        StackId: 's',
        RequestId: 'r',
        LogicalResourceId: 'l',
        PhysicalResourceId: 'ram-invitations-111111111111',
        ResourceType: 'Custom::RamInvitations',
        ServiceToken: 'x',
        ResourceProperties: { ServiceToken: 'x', SenderAccountId: SENDER },
      }, { getRemainingTimeInMillis: () => 60_000 });
    } finally {
      globalThis.fetch = originalFetch;
    }
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const init = (fetchMock.mock.calls[0] as unknown[])[1] as { body: string; headers: Record<string, string> };
    expect(init.headers).toEqual({ 'content-type': '' });
    expect(JSON.parse(init.body)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'ram-invitations-111111111111' });
  });
});
