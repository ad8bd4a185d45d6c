/*
 * Issue 14, defect 2: every AWS call of the RAM handler and its response to CloudFormation are bounded
 * in time. Real sockets, no mock: a TCP server on 127.0.0.1 accepts connections and never answers; the
 * RAM client is pointed at it through AWS_ENDPOINT_URL_RAM (the SDK's service endpoint variable), and
 * the response URL at it or at a recording HTTP server. The handler must send FAILED with a reason, and
 * return, within the time its Lambda context gives it.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import {
  CONNECTION_TIMEOUT_MS, createRamClient, CustomResourceResponse, handler, REQUEST_TIMEOUT_MS, RESPONSE_RESERVE_MS, sendResponse,
} from '../../handlers/ram-invitations';

const SENDER = '111111111111';

/** A server that accepts every connection and never writes a byte; it counts the connections. */
async function silentServer(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer(socket => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    close: () => new Promise<void>(resolve => {
      sockets.forEach(s => s.destroy());
      server.close(() => resolve());
    }),
  };
}

/** An HTTP server that records the body of every PUT and answers 200. */
async function recordingServer(): Promise<{ url: string; bodies: string[]; close: () => Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => { body += chunk; });
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/presigned`, bodies, close: () => new Promise<void>(resolve => server.close(() => resolve())) };
}

/** A Lambda context whose deadline is `ms` from now. */
function contextWithDeadline(ms: number): Context {
  const deadline = Date.now() + ms;
  return { getRemainingTimeInMillis: () => deadline - Date.now() } as unknown as Context;
}

function createEvent(responseUrl: string, requestType: 'Create' | 'Delete' = 'Create'): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:333333333333:function:ram-invitations',
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:eu-west-1:333333333333:stack/consumer-bi/guid',
    RequestId: 'req-1',
    LogicalResourceId: 'RamInvitations',
    ResourceType: 'Custom::RamInvitationAcceptance',
    ResourceProperties: { ServiceToken: 'x', SenderAccountId: SENDER, MaxWaitSeconds: '300' },
    ...(requestType === 'Delete' ? { PhysicalResourceId: 'ram-invitations-111111111111' } : {}),
  } as CloudFormationCustomResourceEvent;
}

const saved = { ...process.env };
beforeAll(() => {
  Object.assign(process.env, { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'dummy' });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(() => {
  process.env = saved;
  jest.restoreAllMocks();
});

test('the RAM client has connection and request timeouts and leaves retries to the handler', async () => {
  const client = createRamClient();
  const handlerConfig = await (client.config.requestHandler as any).configProvider; // the NodeHttpHandler's resolved options
  expect(handlerConfig).toMatchObject({ connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS });
  expect(await client.config.maxAttempts()).toBe(1);
  client.destroy();
});

test('a RAM endpoint that never answers: the handler sends FAILED with a reason before its Lambda deadline', async () => {
  const ram = await silentServer();
  const cfn = await recordingServer();
  process.env.AWS_ENDPOINT_URL_RAM = ram.url;
  try {
    // 3 s for RAM calls, then the response reserve.
    const budget = RESPONSE_RESERVE_MS + 3_000;
    const started = Date.now();
    await handler(createEvent(cfn.url), contextWithDeadline(budget));
    const took = Date.now() - started;

    expect(ram.connections()).toBeGreaterThanOrEqual(1); // the client really called the silent endpoint
    expect(took).toBeLessThan(3_000 + 2_000); // bounded by the calls' share of the budget, not by the SDK's defaults
    expect(cfn.bodies).toHaveLength(1);
    const response: CustomResourceResponse = JSON.parse(cfn.bodies[0]);
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/AWS RAM GetResourceShareInvitations/);
    expect(response.Reason).toMatch(/TimeoutError|Lambda time ran out/);
    expect(response.Reason).toMatch(/redeploy to try again/i);
  } finally {
    delete process.env.AWS_ENDPOINT_URL_RAM;
    await ram.close();
    await cfn.close();
  }
}, 30_000);

test('a response URL that never answers: the PUT is bounded by its timeout and the Lambda time left', async () => {
  const cfn = await silentServer();
  try {
    const started = Date.now();
    const deadline = started + 4_000;
    await sendResponse(`${cfn.url}/presigned`, {
      Status: 'FAILED',
      Reason: 'r',
      PhysicalResourceId: 'p',
      StackId: 's',
      RequestId: 'q',
      LogicalResourceId: 'l',
      NoEcho: false,
      Data: { Accepted: 0, AlreadyAccepted: 0 },
    }, () => deadline - Date.now());
    const took = Date.now() - started;
    expect(cfn.connections()).toBeGreaterThanOrEqual(1);
    expect(took).toBeLessThan(4_000 + 500);
  } finally {
    await cfn.close();
  }
}, 30_000);

test('the whole handler returns within its Lambda time when the response URL never answers', async () => {
  const cfn = await silentServer();
  try {
    const started = Date.now();
    await handler(createEvent(`${cfn.url}/presigned`, 'Delete'), contextWithDeadline(3_000));
    expect(Date.now() - started).toBeLessThan(3_000 + 500);
    expect(cfn.connections()).toBeGreaterThanOrEqual(1);
  } finally {
    await cfn.close();
  }
}, 30_000);
