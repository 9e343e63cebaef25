/**
 * Upstream connection settings, end to end through a started backend:
 * `basicAuth` becomes the Authorization header on every request, `caData`
 * lets the backend trust an upstream's self-signed certificate (and its
 * absence fails with an error saying so), and no secret from the config ever
 * appears in /health or in an error body.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

const BASIC_USER = 'sightline';
const BASIC_PASSWORD = 'pa55:w0rd-basic';
const BASIC_HEADER = `Basic ${Buffer.from(
  `${BASIC_USER}:${BASIC_PASSWORD}`,
).toString('base64')}`;
const URL_PASSWORD = 'url-pa55word';
const TLS_TOKEN = 'tls-bearer-token';
const REFUSED_TOKEN = 'refused-bearer-token';
const DOWN_TOKEN = 'down-bearer-token';
const SECRETS = [
  BASIC_PASSWORD,
  BASIC_HEADER.slice('Basic '.length),
  URL_PASSWORD,
  TLS_TOKEN,
  REFUSED_TOKEN,
  DOWN_TOKEN,
];

interface Seen {
  path: string;
  authorization?: string;
}

/** A Prometheus that knows no series, recording what it receives. */
function prometheusStandin(seen: Seen[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    seen.push({
      path: (req.url ?? '').split('?')[0],
      authorization: req.headers.authorization,
    });
    req.resume();
    res.setHeader('content-type', 'application/json');
    const answer = (data: unknown) =>
      res.end(JSON.stringify({ status: 'success', data }));
    if (req.url?.startsWith('/api/v1/rules')) answer({ groups: [] });
    else if (req.url?.startsWith('/api/v1/query_range'))
      answer({ resultType: 'matrix', result: [] });
    else if (req.url?.startsWith('/api/v1/query_exemplars')) answer([]);
    else if (req.url?.startsWith('/api/v1/query'))
      answer({ resultType: 'vector', result: [] });
    else if (req.url?.startsWith('/api/v2/')) res.end('[]');
    else res.end('Ready.');
  };
}

const urlOf = (server: Server, scheme = 'http') =>
  `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function listen(server: Server): Promise<Server> {
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return server;
}

describe('upstream connection settings', () => {
  let dir: string;
  let ca: string;
  let plain: Server;
  let tls: Server;
  let refusing: Server;
  let closedUrl: string;
  const plainSeen: Seen[] = [];
  const tlsSeen: Seen[] = [];

  beforeAll(async () => {
    // A self-signed certificate for 127.0.0.1: its own CA.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    ca = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    plain = await listen(createServer(prometheusStandin(plainSeen)));
    tls = await listen(
      createHttpsServer(
        { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: ca },
        prometheusStandin(tlsSeen),
      ),
    );
    refusing = await listen(
      createServer((req, res) => {
        req.resume();
        res.statusCode = 401;
        res.end('Unauthorized');
      }),
    );
    const probe = await listen(createServer());
    closedUrl = urlOf(probe);
    await new Promise(r => probe.close(r));
  });

  afterAll(async () => {
    for (const server of [plain, tls, refusing]) {
      await new Promise(r => server?.close(r));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    plainSeen.length = 0;
    tlsSeen.length = 0;
  });

  const onCluster = (name: string) =>
    shopComponent(name, {
      'backstage.io/kubernetes-id': 'checkout',
      'sightline.dev/cluster': name,
      'sightline.dev/metrics-dialect': 'prometheus-http',
    });

  async function startBackend() {
    const { server } = await startObservabilityBackend({
      entities: ['basic', 'tls-ca', 'tls-no-ca', 'refused', 'down'].map(
        onCluster,
      ),
      observability: {
        defaultCluster: 'basic',
        clusters: [
          {
            name: 'basic',
            prometheus: {
              url: urlOf(plain),
              basicAuth: {
                username: BASIC_USER,
                password: BASIC_PASSWORD,
              },
            },
            alertmanager: {
              url: `${urlOf(plain).replace(
                '//',
                `//am:${URL_PASSWORD}@`,
              )}/alertmanager`,
            },
          },
          {
            name: 'tls-ca',
            prometheus: {
              url: urlOf(tls, 'https'),
              caData: ca,
              token: TLS_TOKEN,
            },
          },
          {
            name: 'tls-no-ca',
            prometheus: { url: urlOf(tls, 'https'), token: TLS_TOKEN },
          },
          {
            name: 'refused',
            prometheus: { url: urlOf(refusing), token: REFUSED_TOKEN },
          },
          {
            name: 'down',
            prometheus: {
              url: closedUrl.replace('//', `//down:${DOWN_TOKEN}@`),
            },
            alertmanager: { url: closedUrl, token: DOWN_TOKEN },
          },
        ],
      },
    });
    return server;
  }

  const entityPath = (name: string) =>
    `/api/observability/entities/component/default/${name}`;

  it('sends basicAuth as a Basic Authorization header on every request', async () => {
    const server = await startBackend();
    const health = await request(server).get(`${entityPath('basic')}/health`);
    expect(health.status).toBe(200);
    const red = await request(server).get(`${entityPath('basic')}/red`);
    expect(red.status).toBe(200);

    const prometheusRequests = plainSeen.filter(
      r => !r.path.startsWith('/alertmanager'),
    );
    expect(prometheusRequests.map(r => r.path)).toEqual(
      expect.arrayContaining(['/-/ready', '/api/v1/query_range']),
    );
    for (const r of prometheusRequests) {
      expect(r).toEqual({ path: r.path, authorization: BASIC_HEADER });
    }
    // Credentials in the URL become the same kind of header, and leave the URL.
    const am = plainSeen.find(r => r.path === '/alertmanager/-/ready');
    expect(am?.authorization).toBe(
      `Basic ${Buffer.from(`am:${URL_PASSWORD}`).toString('base64')}`,
    );
  });

  it('trusts a self-signed upstream whose certificate is given as caData', async () => {
    const server = await startBackend();
    const health = await request(server).get(`${entityPath('tls-ca')}/health`);
    expect(health.body.cluster.upstreams).toEqual([
      expect.objectContaining({
        kind: 'prometheus',
        status: 'up',
        url: urlOf(tls, 'https'),
      }),
    ]);
    const red = await request(server).get(`${entityPath('tls-ca')}/red`);
    expect(red.status).toBe(200);
    expect(tlsSeen.length).toBeGreaterThan(1);
    for (const r of tlsSeen) {
      expect(r.authorization).toBe(`Bearer ${TLS_TOKEN}`);
    }
  });

  it('fails the TLS handshake without caData, saying to check caData', async () => {
    const server = await startBackend();
    const health = await request(server).get(
      `${entityPath('tls-no-ca')}/health`,
    );
    expect(health.status).toBe(200);
    const [prometheus] = health.body.cluster.upstreams;
    expect(prometheus.status).toBe('down');
    expect(prometheus.error).toMatch(
      /^Prometheus of cluster 'tls-no-ca' failed the TLS handshake \(.+\); check caData$/,
    );

    const red = await request(server).get(`${entityPath('tls-no-ca')}/red`);
    expect(red.status).toBe(503);
    expect(red.body.error.message).toContain('check caData');
    // The handshake failed: nothing reached the server's handler.
    expect(tlsSeen).toEqual([]);
  });

  it('keeps every configured secret out of /health', async () => {
    const server = await startBackend();
    const res = await request(server).get('/api/observability/health');
    expect(res.status).toBe(200);
    expect(res.body.clusters.map((c: any) => c.cluster)).toEqual([
      'basic',
      'tls-ca',
      'tls-no-ca',
      'refused',
      'down',
    ]);
    const text = JSON.stringify(res.body);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    // The URLs it shows are the configured ones without their credentials.
    const down = res.body.clusters.find((c: any) => c.cluster === 'down');
    expect(down.upstreams[0].url).toBe(closedUrl);
  });

  it.each([
    ['refused', 503, "refused the backend's credentials (HTTP 401)"],
    ['down', 503, 'refused the connection'],
    ['tls-no-ca', 503, 'check caData'],
  ])(
    'keeps every configured secret out of the error body when the %s upstream fails',
    async (cluster, status, message) => {
      const server = await startBackend();
      const red = await request(server).get(`${entityPath(cluster)}/red`);
      expect(red.status).toBe(status);
      expect(red.body.error.message).toContain(message);
      const others = await Promise.all(
        ['red/breakdown', 'alerts', 'health', 'target'].map(route =>
          request(server).get(`${entityPath(cluster)}/${route}`),
        ),
      );
      for (const res of [red, ...others]) {
        const text = JSON.stringify(res.body) + JSON.stringify(res.headers);
        for (const secret of SECRETS) expect(text).not.toContain(secret);
      }
    },
  );
});
