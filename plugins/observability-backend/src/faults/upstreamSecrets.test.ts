/**
 * Upstreams that echo the backend's credentials back. A stand-in for every
 * upstream (no real upstream quotes requests back on demand) answers each
 * request with an error whose status, shape and wording a seeded random
 * source picks: the request's Authorization and tenant headers, their
 * credentials, user and password in every form secretEchoes makes, in known
 * error fields, in arbitrary fields, as plain text and as HTML, or as a 200
 * that is not JSON. Through every route that reads an upstream, no secret
 * reaches a response body or the backend's log, in any of those forms.
 */
import {
  coreServices,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { secretEchoes, secretsIn } from '../__testUtils__/secretEchoes';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(120_000);

const ROUNDS = 25;
const API = '/api/observability/entities/component/default/checkout';

/** Every upstream with credentials of its own, some with a tenant header. */
const CREDENTIALS = {
  prometheus: {
    basicAuth: { username: 'prom-reader', password: 'pr0m-pa55<&>/+' },
    headers: { 'X-Scope-OrgID': 'tenant-metrics' },
  },
  alertmanager: { token: 'am-t0ken/with+slash=' },
  loki: {
    basicAuth: { username: 'loki-reader', password: 'l0ki&pa55:word' },
    headers: { 'X-Scope-OrgID': 'tenant-logs' },
  },
  tempo: { token: 'tempo-t0ken"quote' },
  grafana: { token: 'glsa_grafanaServiceToken0123' },
};

/** Everything in CREDENTIALS that must stay in the backend. */
const SECRETS = Object.values(CREDENTIALS).flatMap(upstream => {
  const pair =
    'basicAuth' in upstream
      ? [
          upstream.basicAuth.username,
          upstream.basicAuth.password,
          `${upstream.basicAuth.username}:${upstream.basicAuth.password}`,
          Buffer.from(
            `${upstream.basicAuth.username}:${upstream.basicAuth.password}`,
          ).toString('base64'),
        ]
      : [];
  return [
    ...pair,
    ...('token' in upstream ? [upstream.token] : []),
    ...Object.values('headers' in upstream ? upstream.headers : {}),
  ];
});

/** mulberry32: the same answers on every run, so a failure can be replayed. */
function seeded(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return <T>(items: readonly T[]): T =>
    items[Math.floor(next() * items.length)];
}

/** What the request carried that the upstream could echo: headers and what is inside them. */
function echoable(req: IncomingMessage): string[] {
  const authorization = req.headers.authorization ?? '';
  const credential = authorization.replace(/^\w+\s+/, '');
  const decoded = authorization.startsWith('Basic ')
    ? Buffer.from(credential, 'base64').toString()
    : '';
  return [
    authorization,
    credential,
    decoded,
    ...decoded.split(':'),
    String(req.headers['x-scope-orgid'] ?? ''),
  ].filter(Boolean);
}

describe('upstreams echoing credentials', () => {
  let upstream: Server;
  let server: Server;
  const logged: string[] = [];
  const pick = seeded(13);

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const echo = () => pick(Object.values(secretEchoes(pick(echoable(req)))));
    const status = pick([400, 404, 422, 500, 502, 503, 200]);
    const shape = pick([
      'known field',
      'arbitrary field',
      'nested field',
      'plain text',
      'html',
    ]);
    const bodies: Record<typeof shape, () => string> = {
      'known field': () =>
        JSON.stringify({
          status: 'error',
          [pick(['error', 'message', 'errorType'])]: `denied ${echo()}`,
          errors: [{ code: status, msg: `denied ${echo()}` }],
        }),
      'arbitrary field': () =>
        JSON.stringify({
          error: 'request refused',
          [pick(['detail', 'hint', 'authorization', 'x'])]: echo(),
        }),
      'nested field': () =>
        JSON.stringify({
          message: 'bad request',
          request: { headers: { authorization: echo(), tenant: echo() } },
        }),
      'plain text': () => `upstream error: ${echo()} ${echo()}\n${echo()}`,
      html: () => `<html><body><pre>${echo()}</pre></body></html>`,
    };
    res.statusCode = status;
    // A 200 that is not JSON: the backend quotes the start of what it got.
    res.end(status === 200 ? `${echo()} is not JSON` : bodies[shape]());
  };

  const capturingLogger = (): RootLoggerService => {
    const log = (message: string, meta?: unknown) => {
      logged.push(inspect({ message, meta }, { depth: 10 }));
    };
    return {
      error: log,
      warn: log,
      info: log,
      debug: log,
      child: () => capturingLogger(),
    };
  };

  beforeAll(async () => {
    upstream = createServer(answer);
    await new Promise<void>(resolve =>
      upstream.listen(0, '127.0.0.1', resolve),
    );
    const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const backend = await startObservabilityBackend({
      entities: [shopComponent('checkout')],
      observability: {
        limits: { queryTimeout: '2s' },
        clusters: [
          {
            name: 'local',
            ...Object.fromEntries(
              Object.entries(CREDENTIALS).map(([kind, credentials]) => [
                kind,
                { url: `${base}/${kind}`, ...credentials },
              ]),
            ),
          },
        ],
      },
      features: [
        createServiceFactory({
          service: coreServices.rootLogger,
          deps: {},
          factory: capturingLogger,
        }),
      ],
    });
    server = backend.server;
  });
  afterAll(() => new Promise(resolve => upstream?.close(resolve)));

  it(`keeps every secret out of responses and logs through ${ROUNDS} rounds of every route`, async () => {
    const bodies: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // A range no earlier round asked for: every round reaches the upstreams.
      const to = Math.floor(Date.now() / 1000) - 3600 * (round + 1);
      const range = `from=${to - 3600}&to=${to}`;
      for (const route of [
        `red?${range}`,
        `red/breakdown?${range}`,
        'alerts',
        'silences',
        `logs?${range}`,
        `traces?${range}`,
        'dashboards',
        `deployments?${range}`,
        `dependencies?${range}`,
      ]) {
        const res = await request(server).get(`${API}/${route}`);
        bodies.push(`${route} → ${res.status} ${res.text}`);
      }
    }
    // The upstreams' words did arrive: errors were answered, and logged.
    expect(bodies.some(b => / → 503 /.test(b))).toBe(true);
    expect(bodies.some(b => / → 400 /.test(b))).toBe(true);
    expect(bodies.join('\n')).toContain('[redacted]');
    expect(logged.join('\n')).toContain('[redacted]');

    expect(bodies.filter(body => secretsIn(body, SECRETS).length > 0)).toEqual(
      [],
    );
    expect(
      logged.filter(entry => secretsIn(entry, SECRETS).length > 0),
    ).toEqual([]);
  });
});
