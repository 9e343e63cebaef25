import { mockCredentials } from '@backstage/backend-test-utils';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { startObservabilityBackend } from './__testUtils__/localStackBackend';

/** A real HTTP server that answers readiness probes the way Prometheus does. */
async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const urlOf = (server: Server) =>
  `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

describe('observability backend plugin', () => {
  let ready: Server;
  let failing: Server;
  let closedPort: string;
  const seen: { path?: string; authorization?: string; tenant?: string }[] = [];

  beforeAll(async () => {
    ready = await listen((req, res) => {
      seen.push({
        path: req.url,
        authorization: req.headers.authorization,
        tenant: req.headers['x-scope-orgid'] as string | undefined,
      });
      res.end('Prometheus Server is Ready.\n');
    });
    failing = await listen((_req, res) => {
      res.statusCode = 503;
      res.end('Service Unavailable');
    });
    // A port that was just free: nothing listens there.
    const probe = await listen(() => {});
    closedPort = urlOf(probe);
    await new Promise(resolve => probe.close(resolve));
  });

  afterAll(async () => {
    await new Promise(resolve => ready.close(resolve));
    await new Promise(resolve => failing.close(resolve));
  });

  async function startBackend() {
    const { server } = await startObservabilityBackend({
      observability: {
        defaultCluster: 'local',
        clusters: [
          {
            name: 'local',
            prometheus: {
              url: `${urlOf(ready)}/prometheus`,
              token: 'upstream-secret',
              headers: { 'X-Scope-OrgID': 'shop' },
            },
            alertmanager: { url: urlOf(failing) },
            loki: { url: closedPort },
          },
          { name: 'other', prometheus: { url: urlOf(ready) } },
        ],
      },
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'checkout', namespace: 'default' },
          spec: { type: 'service' },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'elsewhere',
            annotations: { 'sightline.dev/cluster': 'nowhere' },
          },
          spec: { type: 'service' },
        },
      ],
    });
    return server;
  }

  it('refuses requests without credentials', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/observability/entities/component/default/checkout/health')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it("reports the entity's cluster with each upstream's reachability", async () => {
    const server = await startBackend();
    const res = await request(server).get(
      '/api/observability/entities/component/default/checkout/health',
    );

    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/checkout');
    expect(res.body.cluster.cluster).toBe('local');
    const byKind = Object.fromEntries(
      res.body.cluster.upstreams.map((u: any) => [u.kind, u]),
    );
    expect(byKind.prometheus).toMatchObject({
      status: 'up',
      url: `${urlOf(ready)}/prometheus`,
    });
    expect(byKind.prometheus.latencyMs).toBeGreaterThanOrEqual(0);
    expect(byKind.alertmanager).toMatchObject({
      status: 'down',
      error: '/-/ready answered HTTP 503',
    });
    expect(byKind.loki).toMatchObject({ status: 'down' });
    expect(byKind.loki.error).toMatch(
      /Loki of cluster 'local' refused the connection/,
    );
    // The probe went through the path prefix (a prefixed Prometheus is probed
    // through its query API: Mimir has no /-/ready there) with the configured
    // auth and tenant...
    expect(seen).toContainEqual({
      path: '/prometheus/api/v1/query?query=vector(1)',
      authorization: 'Bearer upstream-secret',
      tenant: 'shop',
    });
    // ...and the secret never reaches the response.
    expect(JSON.stringify(res.body)).not.toContain('upstream-secret');
  });

  it('answers 404 for an entity the catalog does not return', async () => {
    const server = await startBackend();
    const res = await request(server).get(
      '/api/observability/entities/component/default/no-such-service/health',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(
      'component:default/no-such-service',
    );
  });

  it('answers 400 naming the annotation when the cluster is unknown', async () => {
    const server = await startBackend();
    const res = await request(server).get(
      '/api/observability/entities/component/default/elsewhere/health',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      "sightline.dev/cluster names cluster 'nowhere'",
    );
    expect(res.body.error.message).toContain('local, other');
  });

  it('reports every cluster on /health', async () => {
    const server = await startBackend();
    const res = await request(server).get('/api/observability/health');
    expect(res.status).toBe(200);
    expect(res.body.defaultCluster).toBe('local');
    expect(res.body.clusters.map((c: any) => c.cluster)).toEqual([
      'local',
      'other',
    ]);
  });

  it('refuses query parameters the API does not declare, before any handler runs', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/observability/entities/component/default/checkout/red')
      .query({ query: 'up' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("Unknown query parameter 'query'");
  });

  it.each([
    [
      { clusters: [] },
      "Invalid observability config at 'observability.clusters'",
    ],
    [{}, "Invalid observability config at 'observability.clusters'"],
    [{ clusters: 'local' }, "'observability.clusters'"],
    [
      { clusters: [{ name: 'local', prometheus: { url: 'prometheus:9090' } }] },
      "Invalid observability config at 'observability.clusters[0].prometheus.url'",
    ],
    [
      {
        clusters: [
          { name: 'local', prometheus: { url: 'http://p:9090' } },
          { name: 'local', prometheus: { url: 'http://q:9090' } },
        ],
      },
      "'observability.clusters[1].name': cluster 'local' is configured twice",
    ],
  ])(
    'refuses to start with observability %j, naming the key',
    async (observability, message) => {
      await expect(
        startObservabilityBackend({ observability }),
      ).rejects.toThrow(message);
    },
  );

  it('serves its OpenAPI description', async () => {
    const server = await startBackend();
    const res = await request(server).get('/api/observability/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toContain(
      '/api/observability/entities/{kind}/{namespace}/{name}/red',
    );
  });
});
