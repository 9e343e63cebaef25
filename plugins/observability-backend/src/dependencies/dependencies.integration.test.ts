/**
 * The service map against a REAL Prometheus of this test's own
 * (ScratchPrometheus), backfilled with service-graph series named exactly
 * as Tempo's metrics-generator and Istio write them, in two separate hours
 * so that each hour has one source only; a third hour has none.
 *
 * Counters have a sample at every whole minute of each hour, and the range
 * asked for is exactly that hour: `rate(…[1h])` reads samples at both ends
 * and extrapolates nothing, so every rate is exact. Latency histograms put
 * 50% of requests under 100 ms, 90% under 250 ms and all under 500 ms: the
 * p95 interpolates to 250 + (95−90)/(100−90) × 250 = 375 ms.
 */
import { Entity } from '@backstage/catalog-model';
import {
  DependenciesResponse,
  DiagnosisResponse,
} from '@sightline/plugin-observability-common';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { expectClose } from '../__testUtils__/expectClose';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';
import { ScratchPrometheus } from '../__testUtils__/scratchPrometheus';

jest.setTimeout(300_000);

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const TEMPO_HOUR = Date.parse('2026-06-01T10:00:00Z');
const ISTIO_HOUR = Date.parse('2026-06-01T14:00:00Z');
const EMPTY_HOUR = Date.parse('2026-06-01T18:00:00Z');
const iso = (t: number) => new Date(t).toISOString();

/** A counter growing by `perSecond` from 0 over the hour from `start`, one sample a minute. */
function counter(
  name: string,
  labels: string,
  perSecond: number,
  start: number,
) {
  const lines: string[] = [];
  for (let t = start; t <= start + HOUR_MS; t += MINUTE_MS) {
    const value = ((t - start) / 1000) * perSecond;
    // OpenMetrics separates labels by a comma alone.
    lines.push(`${name}{${labels.replace(/", /g, '",')}} ${value} ${t / 1000}`);
  }
  return lines;
}

/** Histogram buckets of `perSecond` requests: 50% ≤ le[0], 90% ≤ le[1], all ≤ le[2]. */
function buckets(
  name: string,
  labels: string,
  perSecond: number,
  le: [string, string, string],
  start: number,
) {
  return [
    ...counter(name, `${labels}, le="${le[0]}"`, perSecond * 0.5, start),
    ...counter(name, `${labels}, le="${le[1]}"`, perSecond * 0.9, start),
    ...counter(name, `${labels}, le="${le[2]}"`, perSecond, start),
    ...counter(name, `${labels}, le="+Inf"`, perSecond, start),
  ];
}

/** Tempo's names: edges per second, failures per second, with a histogram or not. */
const TEMPO_EDGES = [
  { client: 'frontend', server: 'checkout', rate: 2, failed: 0.1 },
  { client: 'checkout', server: 'payments', rate: 10, failed: 1, p95: true },
  {
    client: 'checkout',
    server: 'inventory-svc',
    rate: 5,
    failed: 0,
    p95: true,
  },
  {
    client: 'checkout',
    server: 'api.stripe.com',
    rate: 1,
    failed: 0,
    type: 'virtual_node',
  },
  { client: 'payments', server: 'ledger', rate: 3, failed: 0 },
  // A trace service name with a quote and a backslash: matched exactly, escaped.
  { client: 'odd"name\\', server: 'payments', rate: 0.5, failed: 0 },
];

function openMetrics(): string {
  const tempo = (edge: (typeof TEMPO_EDGES)[number]) =>
    `client="${edge.client
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')}", server="${edge.server}", connection_type="${
      edge.type ?? ''
    }"`;
  const istioSource =
    'source_workload="checkout", source_workload_namespace="shop", destination_workload="payments", destination_workload_namespace="shop"';
  const ingress =
    'source_workload="istio-ingressgateway", source_workload_namespace="istio-system", destination_workload="checkout", destination_workload_namespace="shop", reporter="destination", response_code="200"';
  const lines = [
    '# TYPE traces_service_graph_request counter',
    ...TEMPO_EDGES.flatMap(e =>
      counter(
        'traces_service_graph_request_total',
        tempo(e),
        e.rate,
        TEMPO_HOUR,
      ),
    ),
    '# TYPE traces_service_graph_request_failed counter',
    ...TEMPO_EDGES.flatMap(e =>
      counter(
        'traces_service_graph_request_failed_total',
        tempo(e),
        e.failed,
        TEMPO_HOUR,
      ),
    ),
    '# TYPE traces_service_graph_request_server_seconds_bucket gauge',
    ...TEMPO_EDGES.filter(e => e.p95).flatMap(e =>
      buckets(
        'traces_service_graph_request_server_seconds_bucket',
        tempo(e),
        e.rate,
        ['0.1', '0.25', '0.5'],
        TEMPO_HOUR,
      ),
    ),
    // Both proxies report checkout → payments (4/s, 10% 503): counted once.
    // The ingress gateway has no sidecar reporting as source.
    '# TYPE istio_requests counter',
    ...['source', 'destination'].flatMap(reporter => [
      ...counter(
        'istio_requests_total',
        `${istioSource}, reporter="${reporter}", response_code="200"`,
        3.6,
        ISTIO_HOUR,
      ),
      ...counter(
        'istio_requests_total',
        `${istioSource}, reporter="${reporter}", response_code="503"`,
        0.4,
        ISTIO_HOUR,
      ),
    ]),
    ...counter('istio_requests_total', ingress, 1, ISTIO_HOUR),
    '# TYPE istio_request_duration_milliseconds_bucket gauge',
    ...['source', 'destination'].flatMap(reporter =>
      buckets(
        'istio_request_duration_milliseconds_bucket',
        `${istioSource}, reporter="${reporter}"`,
        4,
        ['100', '250', '500'],
        ISTIO_HOUR,
      ),
    ),
    // The empty hour has series, just no service graph.
    '# TYPE http_requests counter',
    ...counter(
      'http_requests_total',
      'namespace="shop", service="checkout", status="200"',
      1,
      EMPTY_HOUR,
    ),
  ];
  return `${lines.join('\n')}\n# EOF\n`;
}

function withRelations(entity: Entity, relations: Entity['relations']): Entity {
  return { ...entity, relations: [...(entity.relations ?? []), ...relations!] };
}

const ENTITIES: Entity[] = [
  withRelations(shopComponent('checkout'), [
    { type: 'dependsOn', targetRef: 'component:default/payments' },
    { type: 'dependsOn', targetRef: 'component:default/ledger' },
    { type: 'consumesApi', targetRef: 'api:default/stock-api' },
  ]),
  shopComponent('payments'),
  shopComponent('inventory', {
    'sightline.dev/trace-service': 'inventory-svc',
  }),
  {
    ...shopComponent('storefront', {
      'sightline.dev/trace-service': 'frontend',
    }),
    spec: { type: 'website', owner: 'team-shop' },
    relations: [],
  },
  { ...shopComponent('ledger'), relations: [] },
  shopComponent('odd', { 'sightline.dev/trace-service': 'odd"name\\' }),
  // Parts of the shop the system map cannot read: an unknown cluster, and a
  // cluster whose Prometheus does not answer.
  shopComponent('nowhere', { 'sightline.dev/cluster': 'nowhere' }),
  shopComponent('offline', { 'sightline.dev/cluster': 'down' }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'stock-api', namespace: 'default' },
    spec: { type: 'openapi', owner: 'team-shop', definition: '{}' },
    relations: [
      { type: 'apiProvidedBy', targetRef: 'component:default/inventory' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'shop', namespace: 'default' },
    spec: { owner: 'team-shop' },
  },
];

describe('service map from service-graph series in a real Prometheus', () => {
  let prometheus: ScratchPrometheus;
  let server: Awaited<ReturnType<typeof startObservabilityBackend>>['server'];

  beforeAll(async () => {
    prometheus = await ScratchPrometheus.start();
    await prometheus.backfillOpenMetrics(openMetrics());
    ({ server } = await startObservabilityBackend({
      entities: ENTITIES,
      observability: {
        defaultCluster: 'local',
        clusters: [
          { name: 'local', prometheus: { url: prometheus.url } },
          // Nothing listens on port 9 (discard) here.
          { name: 'down', prometheus: { url: 'http://127.0.0.1:9' } },
        ],
      },
    }));
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  async function dependencies(path: string, hour: number) {
    const res = await request(server)
      .get(`/api/observability/${path}/dependencies`)
      .query({ from: iso(hour), to: iso(hour + HOUR_MS) });
    expect(res.status).toBe(200);
    return res.body as DependenciesResponse;
  }
  const edge = (body: DependenciesResponse, client: string, callee: string) =>
    body.edges.find(e => e.client === client && e.server === callee);

  describe('Tempo metrics-generator names', () => {
    let body: DependenciesResponse;
    beforeAll(async () => {
      body = await dependencies(
        'entities/component/default/checkout',
        TEMPO_HOUR,
      );
    });

    it('detects the source and lists exactly the callers and callees of the entity', () => {
      expect(body.source).toBe('tempo-servicegraph');
      expect(body.missing).toBeUndefined();
      expect(body.focus).toEqual(['checkout']);
      expect(body.edges.map(e => `${e.client} → ${e.server}`)).toEqual([
        'checkout → api.stripe.com',
        'checkout → inventory-svc',
        'checkout → payments',
        'frontend → checkout',
      ]);
    });

    it('gives each edge its rate, error ratio and p95 over the range', () => {
      const payments = edge(body, 'checkout', 'payments')!;
      expectClose(payments.requestRate, 10);
      expectClose(payments.errorRatio, 0.1);
      expectClose(payments.latencyP95, 0.375);
      const inventory = edge(body, 'checkout', 'inventory-svc')!;
      expectClose(inventory.requestRate, 5);
      expect(inventory.errorRatio).toBe(0);
      expectClose(inventory.latencyP95, 0.375);
      const frontend = edge(body, 'frontend', 'checkout')!;
      expectClose(frontend.requestRate, 2);
      expectClose(frontend.errorRatio, 0.05);
      // No histogram for this edge: no p95 rather than a made-up one.
      expect(frontend.latencyP95).toBeUndefined();
      expect(edge(body, 'checkout', 'api.stripe.com')?.connectionType).toBe(
        'virtual_node',
      );
    });

    it('matches nodes to catalog entities by trace service annotation or name, the rest external', () => {
      const node = (id: string) => body.nodes.find(n => n.id === id)!;
      expect(node('inventory-svc')).toMatchObject({
        entityRef: 'component:default/inventory',
        external: false,
        health: 'healthy',
      });
      expect(node('frontend').entityRef).toBe('component:default/storefront');
      expect(node('payments')).toMatchObject({
        entityRef: 'component:default/payments',
        // 10% of what it served (from checkout) failed.
        health: 'failing',
      });
      expectClose(node('payments').errorRatio, 0.1);
      expect(node('api.stripe.com')).toMatchObject({
        external: true,
        health: 'healthy',
      });
      expect(node('api.stripe.com').entityRef).toBeUndefined();
      // checkout served frontend's calls, 5% of them failed.
      expect(node('checkout').health).toBe('failing');
    });

    it('lists the drift from the catalog: undeclared calls with the YAML to add, declared ones without traffic', () => {
      expect(body.drift).toEqual([
        {
          kind: 'undeclared',
          clientRef: 'component:default/storefront',
          serverRef: 'component:default/checkout',
          yaml: 'spec:\n  dependsOn:\n    - component:default/checkout\n',
          message: expect.stringContaining('storefront calls'),
        },
        {
          kind: 'unobserved',
          clientRef: 'component:default/checkout',
          serverRef: 'component:default/ledger',
          declaredAs: 'dependsOn',
          message: expect.stringContaining('no calls'),
        },
      ]);
      // checkout → inventory is declared through the API inventory provides.
    });

    it('matches a trace service name with quotes and backslashes literally', async () => {
      const odd = await dependencies(
        'entities/component/default/odd',
        TEMPO_HOUR,
      );
      expect(odd.edges).toHaveLength(1);
      expect(odd.edges[0]).toMatchObject({
        client: 'odd"name\\',
        server: 'payments',
      });
      expectClose(odd.edges[0].requestRate, 0.5);
    });
  });

  it('reads a whole system: edges among its components and their outside peers', async () => {
    const body = await dependencies('systems/default/shop', TEMPO_HOUR);
    expect(body.entityRef).toBe('system:default/shop');
    expect([...body.focus].sort()).toEqual(
      ['checkout', 'inventory-svc', 'odd"name\\', 'payments'].sort(),
    );
    expect(body.edges.map(e => `${e.client} → ${e.server}`)).toEqual([
      'checkout → api.stripe.com',
      'checkout → inventory-svc',
      'checkout → payments',
      'frontend → checkout',
      'odd"name\\ → payments',
      'payments → ledger',
    ]);
    expectClose(edge(body, 'payments', 'ledger')?.requestRate, 3);
    expect(
      body.drift.map(d => `${d.kind} ${d.clientRef} → ${d.serverRef}`),
    ).toEqual(
      expect.arrayContaining([
        'undeclared component:default/payments → component:default/ledger',
        'undeclared component:default/storefront → component:default/checkout',
      ]),
    );
    // What it could not read is named, and the rest is drawn.
    expect(body.failures.map(f => f.entityRef)).toEqual([
      'component:default/nowhere',
      'component:default/offline',
    ]);
    expect(body.failures[0].message).toContain("cluster 'nowhere'");
    expect(body.failures[1].message).toContain("Prometheus of cluster 'down'");
    // Declared, and called: not drift.
    expect(body.drift.map(d => d.serverRef)).not.toContain(
      'component:default/inventory',
    );
  });

  it('reads Istio: one reporter per call, 5xx as failures, milliseconds as seconds', async () => {
    const body = await dependencies(
      'entities/component/default/checkout',
      ISTIO_HOUR,
    );
    expect(body.source).toBe('istio');
    expect(body.edges.map(e => `${e.client} → ${e.server}`)).toEqual([
      'checkout → payments',
      'istio-ingressgateway → checkout',
    ]);
    const payments = edge(body, 'checkout', 'payments')!;
    expectClose(payments.requestRate, 4);
    expectClose(payments.errorRatio, 0.1);
    expectClose(payments.latencyP95, 0.375);
    expectClose(edge(body, 'istio-ingressgateway', 'checkout')?.requestRate, 1);
  });

  it('says when the cluster has no service graph, and how to enable one', async () => {
    const body = await dependencies(
      'entities/component/default/checkout',
      EMPTY_HOUR,
    );
    expect(body.source).toBeUndefined();
    expect(body.edges).toEqual([]);
    expect(body.missing?.message).toContain('no service-graph metrics');
    expect(body.missing?.howToEnable.join('\n')).toMatch(
      /metrics-generator[\s\S]*servicegraph connector[\s\S]*Istio/,
    );
  });

  it('has the doctor warn that the cluster has no service graph now, with how to enable one', async () => {
    // The backfilled hours are months ago: the doctor's last hour has none.
    const res = await request(server).get(
      '/api/observability/entities/component/default/checkout/diagnosis',
    );
    expect(res.status).toBe(200);
    const check = (res.body as DiagnosisResponse).checks.find(
      c => c.id === 'service-graph',
    );
    expect(check).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('no service-graph metrics'),
      fix: { summary: expect.stringContaining('metrics-generator') },
    });
  });
});
