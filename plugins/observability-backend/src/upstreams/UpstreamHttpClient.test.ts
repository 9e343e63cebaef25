import { CacheManager } from '@backstage/backend-defaults/cache';
import { CacheService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { UpstreamKind } from '@sightline/plugin-observability-common';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { ensureLocalStack } from '../__testUtils__/localStack';
import { RecordingProxy } from '../__testUtils__/RecordingProxy';
import { UpstreamHttpClient } from './UpstreamHttpClient';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const newCache = () =>
  CacheManager.fromConfig(new ConfigReader({})).forPlugin('observability');

/** A real HTTP server whose behaviour each test sets. */
describe('UpstreamHttpClient', () => {
  let server: Server;
  let handler: Handler;
  let received: string[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.url!);
      handler(req, res);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    received = [];
  });

  const client = (
    overrides: {
      timeoutMs?: number;
      failureThreshold?: number;
      headers?: Record<string, string>;
      cache?: CacheService;
      kind?: UpstreamKind;
    } = {},
  ) =>
    new UpstreamHttpClient(
      {
        kind: overrides.kind ?? 'prometheus',
        baseUrl: `http://127.0.0.1:${
          (server.address() as AddressInfo).port
        }/prom`,
        headers: overrides.headers ?? { Authorization: 'Bearer very-secret' },
        healthPath: '/-/ready',
      },
      'local',
      {
        cache: overrides.cache ?? newCache(),
        timeoutMs: overrides.timeoutMs ?? 2_000,
        maxConcurrency: 4,
        breaker: {
          failureThreshold: overrides.failureThreshold ?? 3,
          coolDownMs: 60_000,
        },
      },
    );

  const json =
    (body: unknown, status = 200): Handler =>
    (_req, res) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };

  it('coalesces identical requests in flight into one upstream request', async () => {
    handler = (req, res) =>
      setTimeout(() => json({ status: 'success', url: req.url })(req, res), 50);
    const c = client();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        c.json('/api/v1/query', { query: { query: 'up' } }),
      ),
    );
    expect(received).toEqual(['/prom/api/v1/query?query=up']);
    expect(new Set(answers.map(a => JSON.stringify(a))).size).toBe(1);
  });

  it('serves a cached answer without asking the upstream again', async () => {
    handler = json({ status: 'success' });
    const c = client();
    await c.json('/api/v1/query', {
      query: { query: 'a' },
      cacheTtlMs: 60_000,
    });
    await c.json('/api/v1/query', {
      query: { query: 'a' },
      cacheTtlMs: 60_000,
    });
    await c.json('/api/v1/query', {
      query: { query: 'b' },
      cacheTtlMs: 60_000,
    });
    expect(received).toEqual([
      '/prom/api/v1/query?query=a',
      '/prom/api/v1/query?query=b',
    ]);
  });

  it('keeps hot answers in memory and shares them with other replicas through the CacheService', async () => {
    handler = json({ status: 'success', data: { result: [] } });
    const cache = newCache();
    const cacheReads = jest.spyOn(cache, 'get');
    const ask = (c: UpstreamHttpClient) =>
      c.json('/api/v1/query', { query: { query: 'a' }, cacheTtlMs: 60_000 });
    const replica = client({ cache });
    const other = client({ cache });

    await ask(replica);
    await ask(replica);
    await ask(replica);
    // One look-up before the upstream answered; after that, memory.
    expect(cacheReads).toHaveBeenCalledTimes(1);
    await expect(ask(other)).resolves.toEqual({
      status: 'success',
      data: { result: [] },
    });
    expect(cacheReads).toHaveBeenCalledTimes(2);
    expect(received).toEqual(['/prom/api/v1/query?query=a']);
  });

  it('names the upstream when it answers garbage, and hides the credentials', async () => {
    handler = (_req, res) => res.end('{"status":"succ');
    await expect(client().json('/api/v1/query')).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: `Prometheus of cluster 'local' answered something that is not JSON: "{\\"status\\":\\"succ"`,
    });
  });

  it('turns a 400 with the upstream message into an InputError', async () => {
    handler = json(
      {
        status: 'error',
        errorType: 'bad_data',
        error: 'parse error at char 3',
      },
      400,
    );
    await expect(client().json('/api/v1/query')).rejects.toMatchObject({
      name: 'InputError',
      message:
        "Prometheus of cluster 'local' refused the request (HTTP 400): parse error at char 3",
    });
  });

  it.each([
    [
      'prometheus',
      {
        status: 'error',
        errorType: 'bad_data',
        error: 'parse error at char 3',
        internal: 'not for users',
      },
      ': parse error at char 3',
    ],
    ['prometheus', { status: 'error', errorType: 'timeout' }, ': timeout'],
    [
      'grafana',
      { message: 'Dashboard not found', traceID: 'f00d' },
      ': Dashboard not found',
    ],
    [
      'jaeger',
      { data: null, errors: [{ code: 400, msg: 'malformed trace id' }] },
      ': malformed trace id',
    ],
    [
      'kubernetes',
      { kind: 'Status', message: 'forbidden', details: { name: 'x' } },
      ': forbidden',
    ],
    ['alertmanager', { detail: 'only an unknown field' }, ''],
    [
      'loki',
      'parse error at line 1:\tsyntax\r\u001b[31merror\ngoroutine 1 [running]',
      ': parse error at line 1: syntax [31merror',
    ],
    ['tempo', '<html><body>Bad Request</body></html>', ''],
    ['loki', 'x'.repeat(500), `: ${'x'.repeat(200)}`],
  ] as const)(
    'sums up a %s error answer by its own error fields only, in one short line',
    async (kind, body, summary) => {
      handler = (_req, res) => {
        res.statusCode = 400;
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      const error = await client({ kind })
        .json('/x')
        .catch(e => e as Error);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(
        / refused the request \(HTTP 400\)/,
      );
      expect((error as Error).message.split('(HTTP 400)')[1]).toBe(summary);
    },
  );

  const basic = Buffer.from('grafana:hunter22').toString('base64');
  it.each([
    ['a bearer token', { Authorization: 'Bearer very-secret' }, ['very-s']],
    [
      'basic auth',
      { Authorization: `Basic ${basic}` },
      [basic.slice(0, 6), 'hunter', 'grafana:'],
    ],
    ['a tenant header', { 'X-Scope-OrgID': 'tenant-shop' }, ['tenant-']],
  ])(
    'never repeats %s that an upstream echoes in its error',
    async (_, headers, secretPrefixes) => {
      // An upstream (or a proxy before it) quoting the request back, decoded too.
      const echo = (req: IncomingMessage) => {
        const sent = JSON.stringify(req.headers);
        const auth = req.headers.authorization?.match(/^Basic (.+)$/)?.[1];
        return auth ? `${Buffer.from(auth, 'base64')} ${sent}` : sent;
      };
      const messages = new Map<number, string>();
      for (const [status, answer] of [
        [500, (req: IncomingMessage) => JSON.stringify({ error: echo(req) })],
        [400, (req: IncomingMessage) => JSON.stringify({ error: echo(req) })],
        [404, (req: IncomingMessage) => `no such thing: ${echo(req)}`],
        [200, (req: IncomingMessage) => `<html>${echo(req)}`],
      ] as const) {
        handler = (req, res) => {
          res.statusCode = status;
          res.end(answer(req));
        };
        const error = await client({ headers })
          .json('/api/v1/query')
          .catch(e => e as Error);
        expect(error).toBeInstanceOf(Error);
        const { message } = error as Error;
        // Not even the start of a secret, which a cut at a length limit could leave.
        for (const prefix of secretPrefixes)
          expect(message).not.toContain(prefix);
        messages.set(status, message);
      }
      // Error answers quote the upstream; the non-JSON one is cut before the secret.
      for (const status of [500, 400, 404]) {
        expect(messages.get(status)).toContain('[redacted]');
      }
    },
  );

  it('times out a slow upstream', async () => {
    handler = (req, res) => setTimeout(() => json({})(req, res), 1_000);
    await expect(
      client({ timeoutMs: 100 }).json('/slow'),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: "Prometheus of cluster 'local' did not answer within 100 ms",
    });
  });

  it('opens the circuit after repeated 5xx and stops calling the upstream', async () => {
    handler = json({ error: 'overloaded' }, 503);
    const c = client({ failureThreshold: 2 });
    for (let i = 0; i < 2; i++) {
      await expect(c.json(`/q${i}`)).rejects.toThrow(
        "Prometheus of cluster 'local' answered HTTP 503: overloaded",
      );
    }
    const error = await c.json('/q3').catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /is failing \(answered HTTP 503: overloaded\); requests are paused until/,
    );
    expect(received).toHaveLength(2);
    expect(c.circuitState).toBe('open');
    expect(JSON.stringify(error)).not.toContain('very-secret');
  });

  it('reports a refused connection by name', async () => {
    const probe = createServer();
    await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise(resolve => probe.close(resolve));
    const c = new UpstreamHttpClient(
      {
        kind: 'loki',
        baseUrl: `http://127.0.0.1:${closedPort}`,
        headers: {},
        healthPath: '/ready',
      },
      'local',
      {
        cache: CacheManager.fromConfig(new ConfigReader({})).forPlugin('o'),
        timeoutMs: 1_000,
        maxConcurrency: 1,
        breaker: { failureThreshold: 5, coolDownMs: 1_000 },
      },
    );
    await expect(c.json('/loki/api/v1/labels')).rejects.toThrow(
      "Loki of cluster 'local' refused the connection (is it running?)",
    );
  });
});

/**
 * Two clusters whose Prometheus is one URL, told apart only by the tenant
 * header (Mimir's multi-tenancy, the README's setup): the real Prometheus of
 * the local stack behind a recording proxy that shows who asked.
 */
describe('UpstreamHttpClient with two tenants on one upstream URL', () => {
  let proxy: RecordingProxy;

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    proxy = await new RecordingProxy(stack.urls.prometheus).start();
  });
  afterAll(() => proxy.stop());
  beforeEach(() => {
    proxy.requests.length = 0;
  });

  /** One client per tenant, sharing one CacheService as the plugin's clients do. */
  const tenants = () => {
    const cache = newCache();
    return ['tenant-a', 'tenant-b'].map(
      tenant =>
        new UpstreamHttpClient(
          {
            kind: 'prometheus',
            baseUrl: proxy.url,
            headers: { 'X-Scope-OrgID': tenant },
            healthPath: '/-/ready',
          },
          tenant,
          {
            cache,
            timeoutMs: 5_000,
            maxConcurrency: 4,
            breaker: { failureThreshold: 3, coolDownMs: 60_000 },
          },
        ),
    );
  };
  const askedBy = () => proxy.requests.map(r => r.headers['x-scope-orgid']);
  /** `time()` is evaluated when asked: two upstream answers differ. */
  const now = (client: UpstreamHttpClient, cacheTtlMs?: number) =>
    client.json<{ data: { result: [number, string] } }>('/api/v1/query', {
      query: { query: 'time()' },
      cacheTtlMs,
    });

  it("never answers one tenant from another tenant's cached answer", async () => {
    const [a, b] = tenants();
    const answerA = await now(a, 60_000);
    await new Promise(resolve => setTimeout(resolve, 20));
    const answerB = await now(b, 60_000);
    expect(askedBy()).toEqual(['tenant-a', 'tenant-b']);
    expect(answerB.data.result[0]).toBeGreaterThan(answerA.data.result[0]);
    // Each tenant's own answer stays cached for it.
    await expect(now(b, 60_000)).resolves.toEqual(answerB);
    expect(askedBy()).toHaveLength(2);
  });

  it("never joins one tenant's request to another tenant's in flight", async () => {
    const [a, b] = tenants();
    await Promise.all([now(a), now(b), now(a), now(b)]);
    expect(askedBy().sort()).toEqual(['tenant-a', 'tenant-b']);
  });
});
