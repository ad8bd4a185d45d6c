/*
 * A proxy on 127.0.0.1 in front of the moto server, for what moto does not do (docs/audit.md, "What the
 * emulator lacks"):
 * - pagination: moto answers Lake Formation's ListPermissions, ListLFTags, ListResources, ListDataCellsFilter, Glue's
 *   GetDatabases/GetTables and RAM's GetResourceShares in one page;
 *   the proxy asks moto for the whole list and hands it out `pageSize` items at a time with a NextToken;
 * - RAM invitations: moto 5.2.5 has no GetResourceShareInvitations; the proxy answers it from a fixture
 *   written after the RAM API reference's response syntax (test/audit/fixtures/); nor GetResourceShares of
 *   `OTHER-ACCOUNTS` (the shares an account received): the proxy answers it with `receivedShares`;
 * - ListPermissions by resource type: moto knows only CATALOG/DATABASE/TABLE/DATA_LOCATION; the proxy asks moto for
 *   every grant and filters by ResourceType itself, and, as AWS's docs suggest (tag-expression grants are listed with
 *   `--resource-type LF_TAG_POLICY_DATABASE|LF_TAG_POLICY_TABLE`; LF_TAG_POLICY answers the database ones only,
 *   aws-sdk-js#4583), the unfiltered call omits the LFTagPolicy grants: a reader that does not ask per type misses them;
 * - throttling and refusal: the first N calls of an operation (of one account) answer ThrottlingException
 *   (HTTP 400, as AWS's JSON protocols do), and AssumeRole of chosen roles answers AccessDenied.
 * Accounts are told apart by access key: the proxy notes which key each AssumeRole answer hands out.
 */
import * as http from 'http';
import * as net from 'net';

export interface Throttle {
  /** e.g. `lakeformation:ListPermissions`, `glue:GetTables`. */
  readonly operation: string;
  /** Only calls made with this account's credentials (default: every account). */
  readonly account?: string;
  /** Only ListPermissions calls with this ResourceType (`none`: the unfiltered call); default every call. */
  readonly resourceType?: string;
  /** How many calls answer ThrottlingException before they pass. */
  readonly times: number;
}

export interface ProxyCall {
  readonly operation: string;
  readonly account: string | undefined;
  readonly at: number;
  readonly status: number;
  /** The NextToken the call asked for (pagination). */
  readonly token?: string;
  /** ListPermissions: the ResourceType asked for (`none` without). */
  readonly resourceType?: string;
}

export interface AwsProxy {
  readonly endpoint: string;
  readonly calls: ProxyCall[];
  pageSize: number;
  throttles: Throttle[];
  /** AssumeRole of these role ARNs answers AccessDenied. */
  refuseRoles: Set<string>;
  /** The GetResourceShareInvitations answer (every caller gets it; the audit keeps the invitations it received). */
  invitations: any;
  /** GetResourceShares with resourceOwner OTHER-ACCOUNTS, which moto does not implement: these shares (default none). */
  receivedShares: any[];
  stop(): Promise<void>;
}

/** Which grants ListPermissions answers for a ResourceType (`none`: the unfiltered call, which omits tag-expression grants). */
export function listedFor(resourceType: string, resource: any): boolean {
  const policy = resource?.LFTagPolicy?.ResourceType;
  switch (resourceType) {
    case 'none': return policy === undefined;
    case 'CATALOG': return resource?.Catalog !== undefined;
    case 'DATABASE': return resource?.Database !== undefined;
    case 'TABLE': return resource?.Table !== undefined || resource?.TableWithColumns !== undefined;
    case 'DATA_LOCATION': return resource?.DataLocation !== undefined;
    case 'LF_TAG': return resource?.LFTag !== undefined;
    case 'LF_TAG_POLICY': return policy === 'DATABASE';
    case 'LF_TAG_POLICY_DATABASE': return policy === 'DATABASE';
    case 'LF_TAG_POLICY_TABLE': return policy === 'TABLE';
    default: return false;
  }
}

const PAGED: Record<string, { list: string; token: string }> = {
  'lakeformation:ListPermissions': { list: 'PrincipalResourcePermissions', token: 'NextToken' },
  'glue:GetDatabases': { list: 'DatabaseList', token: 'NextToken' },
  'glue:GetTables': { list: 'TableList', token: 'NextToken' },
  'lakeformation:ListLFTags': { list: 'LFTags', token: 'NextToken' },
  'lakeformation:ListResources': { list: 'ResourceInfoList', token: 'NextToken' },
  'lakeformation:ListDataCellsFilter': { list: 'DataCellsFilters', token: 'NextToken' },
  'ram:getresourceshares': { list: 'resourceShares', token: 'nextToken' },
};

function operationOf(req: http.IncomingMessage, body: string): string {
  const auth = String(req.headers.authorization ?? '');
  const service = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(auth)?.[1] ?? 'unknown';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return `${service}:${target.split('.').pop()}`;
  if (service === 'sts') return `sts:${new URLSearchParams(body).get('Action') ?? 'unknown'}`;
  const path = (req.url ?? '/').split('?')[0].replace(/^\//, '').replace(/\/$/, '');
  if (service === 'ram') return `ram:${path}`; // lower-case REST paths: getresourceshareinvitations, getresourceshares
  return `${service}:${path}`;
}

interface Answer { status: number; headers: http.IncomingHttpHeaders; body: string }

async function forward(target: string, req: http.IncomingMessage, body: string): Promise<Answer> {
  const url = new URL(req.url ?? '/', target);
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(body)) };
    delete headers['transfer-encoding'];
    const r = http.request(url, { method: req.method, headers }, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    r.on('error', reject);
    r.end(body);
  });
}

export async function startAwsProxy(motoEndpoint: string): Promise<AwsProxy> {
  const accountOfKey = new Map<string, string>();
  const throttled = new Map<Throttle, number>();
  const proxy: Omit<AwsProxy, 'endpoint' | 'stop'> = {
    calls: [],
    pageSize: 3,
    throttles: [],
    refuseRoles: new Set(),
    invitations: { resourceShareInvitations: [] },
    receivedShares: [],
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const operation = operationOf(req, body);
        const key = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
        const account = accountOfKey.get(key);
        const send = (status: number, text: string, type = 'application/json', extra: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)), ...extra });
          res.end(text);
        };
        let token: string | undefined;
        const resourceType = operation === 'lakeformation:ListPermissions' ? String((body ? JSON.parse(body) : {}).ResourceType ?? 'none') : undefined;
        const record = (status: number) => {
          proxy.calls.push({
            operation, account, at: Date.now(), status, ...(token !== undefined ? { token } : {}), ...(resourceType ? { resourceType } : {}),
          });
        };
        const throttle = proxy.throttles.find(t => t.operation === operation && (t.account === undefined || t.account === account)
          && (t.resourceType === undefined || t.resourceType === resourceType) && (throttled.get(t) ?? 0) < t.times);
        if (throttle) {
          throttled.set(throttle, (throttled.get(throttle) ?? 0) + 1);
          record(400);
          send(400, JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }), 'application/x-amz-json-1.1',
            { 'x-amzn-errortype': 'ThrottlingException' });
          return;
        }
        if (operation === 'sts:AssumeRole') {
          const roleArn = new URLSearchParams(body).get('RoleArn') ?? '';
          if (proxy.refuseRoles.has(roleArn)) {
            record(403);
            send(403, '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>'
              + `<Message>User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message>`
              + '</Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>', 'text/xml');
            return;
          }
          const answer = await forward(motoEndpoint, req, body);
          const issued = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(answer.body)?.[1];
          const roleAccount = /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1];
          if (issued && roleAccount) accountOfKey.set(issued, roleAccount);
          record(answer.status);
          send(answer.status, answer.body, String(answer.headers['content-type'] ?? 'text/xml'));
          return;
        }
        if (operation === 'ram:getresourceshares' && body && JSON.parse(body).resourceOwner === 'OTHER-ACCOUNTS') {
          const asked = JSON.parse(body);
          const start = Number(asked.nextToken ?? 0);
          token = asked.nextToken;
          record(200);
          send(200, JSON.stringify({
            resourceShares: proxy.receivedShares.slice(start, start + proxy.pageSize),
            ...(start + proxy.pageSize < proxy.receivedShares.length ? { nextToken: String(start + proxy.pageSize) } : {}),
          }));
          return;
        }
        if (operation === 'ram:getresourceshareinvitations') {
          const asked = body ? JSON.parse(body) : {};
          const list: any[] = proxy.invitations.resourceShareInvitations ?? [];
          const start = Number(asked.nextToken ?? 0);
          token = asked.nextToken;
          const page = list.slice(start, start + proxy.pageSize);
          record(200);
          send(200, JSON.stringify({
            resourceShareInvitations: page,
            ...(start + proxy.pageSize < list.length ? { nextToken: String(start + proxy.pageSize) } : {}),
          }));
          return;
        }
        const paged = PAGED[operation];
        if (paged) {
          const asked = body ? JSON.parse(body) : {};
          token = asked[paged.token];
          delete asked[paged.token];
          delete asked.MaxResults;
          delete asked.maxResults;
          delete asked.ResourceType;
          const answer = await forward(motoEndpoint, req, JSON.stringify(asked));
          record(answer.status);
          if (answer.status !== 200) {
            send(answer.status, answer.body, String(answer.headers['content-type'] ?? 'application/json'));
            return;
          }
          const all = JSON.parse(answer.body);
          const list: any[] = (all[paged.list] ?? []).filter((p: any) => resourceType === undefined || listedFor(resourceType, p?.Resource));
          const start = Number(token ?? 0);
          const out = { ...all, [paged.list]: list.slice(start, start + proxy.pageSize) };
          if (start + proxy.pageSize < list.length) out[paged.token] = String(start + proxy.pageSize);
          send(200, JSON.stringify(out), String(answer.headers['content-type'] ?? 'application/json'));
          return;
        }
        const answer = await forward(motoEndpoint, req, body);
        record(answer.status);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(answer.headers)) {
          if (typeof v === 'string' && !['content-length', 'transfer-encoding', 'connection'].includes(k)) headers[k] = v;
        }
        res.writeHead(answer.status, { ...headers, 'content-length': String(Buffer.byteLength(answer.body)) });
        res.end(answer.body);
      })().catch(e => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ __type: 'InternalFailure', message: `proxy: ${(e as Error).message}` }));
      });
    });
  });
  const sockets = new Set<net.Socket>();
  server.on('connection', s => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return Object.assign(proxy, {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>(resolve => {
      sockets.forEach(s => s.destroy());
      server.close(() => resolve());
    }),
  });
}
