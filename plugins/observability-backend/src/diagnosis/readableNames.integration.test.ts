/**
 * The monitoring doctor names other services only when the caller can read
 * an entity of that name. Its discovery (closest label values in the REAL
 * Prometheus of the local stack, closest values in the Loki stand-in,
 * service names in the Tempo stand-in, the Services and monitors of the
 * Kubernetes API stand-in, scrape pools) runs against upstreams that know
 * every team's services; the catalog here shows bob only `orders` and
 * `payments`, as a catalog with a permission policy would.
 */
import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DiagnosisResponse } from '@sightline/plugin-observability-common';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { ensureLocalStack } from '../__testUtils__/localStack';
import {
  KubernetesStandin,
  startKubernetesStandin,
  startStandins,
  Standins,
} from '../__testUtils__/standins';
import { writeTelemetryFixtures } from '../__testUtils__/telemetryFixtures';
import { healthyShop } from './__fixtures__/cluster';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const TOKEN = 'doctor-token';

/** Every name is a typo of checkout, whose closest match is checkout. */
const ORDERS = shopComponent('orders', {
  'sightline.dev/prometheus-selector': 'namespace="shop", service="chekout"',
  'sightline.dev/log-selector': '{namespace="shop", app="chekout"}',
  'sightline.dev/trace-service': 'chekout',
});
/** Its Kubernetes Service does not exist, so check 2 lists the namespace's. */
const GHOST = shopComponent('ghost');
const ENTITIES = [
  ORDERS,
  GHOST,
  ...['checkout', 'payments', 'kbot', 'inventory'].map(name =>
    shopComponent(name),
  ),
];
const READABLE: Record<string, string[]> = {
  [ALICE]: ENTITIES.map(e => e.metadata.name),
  [BOB]: ['orders', 'ghost', 'payments'],
};

/** A Service for orders that no monitor selects, so check 3 lists monitors. */
const ORDERS_SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'orders',
    namespace: 'shop',
    labels: { 'app.kubernetes.io/name': 'orders' },
  },
  spec: {
    selector: { 'app.kubernetes.io/name': 'orders' },
    ports: [{ name: 'http', port: 8080 }],
  },
};

/** The mock catalog, narrowed to what the calling user may read. */
function catalogFor(options: unknown) {
  const credentials = (options as { credentials?: BackstageCredentials })
    ?.credentials;
  const user = (credentials?.principal as BackstageUserPrincipal | undefined)
    ?.userEntityRef;
  const readable = READABLE[user ?? ''] ?? [];
  return catalogServiceMock({
    entities: ENTITIES.filter(e => readable.includes(e.metadata.name)),
  });
}

describe("the doctor's discovery of other services", () => {
  let server: Parameters<typeof request>[0];
  let kubernetes: KubernetesStandin;
  let standins: Standins;

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    [kubernetes, standins] = await Promise.all([
      startKubernetesStandin({ token: TOKEN }),
      startStandins(),
    ]);
    writeTelemetryFixtures(standins.stateDir, Date.now());
    await kubernetes.load([...healthyShop(), ORDERS_SERVICE]);
    const catalog = catalogServiceMock.mock({
      getEntityByRef: (ref, options) =>
        catalogFor(options).getEntityByRef(
          typeof ref === 'string' ? ref : stringifyEntityRef(ref),
          options as { credentials: BackstageCredentials },
        ),
      getEntities: (req, options) =>
        catalogFor(options).getEntities(
          req,
          options as { credentials: BackstageCredentials },
        ),
    });
    ({ server } = await startObservabilityBackend({
      catalog: catalog.factory,
      observability: {
        clusters: [
          {
            name: 'local',
            prometheus: { url: stack.urls.prometheus },
            loki: { url: standins.urls.loki },
            tempo: { url: standins.urls.tempo },
            kubernetes: { url: kubernetes.url, token: TOKEN },
          },
        ],
      },
    }));
  });

  afterAll(async () => {
    await Promise.all([kubernetes?.stop(), standins?.stop()]);
  });

  async function diagnoseAs(
    user: string,
    name = 'orders',
  ): Promise<DiagnosisResponse> {
    const res = await request(server)
      .get(`/api/observability/entities/component/default/${name}/diagnosis`)
      .set('Authorization', mockCredentials.user.header(user));
    expect(res.status).toBe(200);
    return res.body;
  }

  const check = (body: DiagnosisResponse, id: string) =>
    body.checks.find(c => c.id === id)!;

  it('suggests the closest names to a caller who can read them', async () => {
    const body = await diagnoseAs(ALICE);
    expect(check(body, 'series').message).toContain(
      'with the other matchers, service is checkout,',
    );
    expect(check(body, 'series').fix?.yaml).toContain('service="checkout"');
    expect(check(body, 'logs').message).toContain('(closest: checkout');
    expect(check(body, 'traces').message).toContain('It knows checkout,');
    expect(JSON.stringify(check(body, 'monitor').evidence)).toContain(
      'ServiceMonitor shop/checkout',
    );
    expect(JSON.stringify(check(body, 'scrape-target').evidence)).toContain(
      'checkout, kbot, payments',
    );
    const ghost = await diagnoseAs(ALICE, 'ghost');
    expect(
      JSON.stringify(check(ghost, 'kubernetes-service').evidence),
    ).toContain('checkout, orders');
  });

  it('names no service of an entity the caller cannot read, anywhere in the answer', async () => {
    const body = await diagnoseAs(BOB);
    const ghost = await diagnoseAs(BOB, 'ghost');
    for (const text of [JSON.stringify(body), JSON.stringify(ghost)]) {
      for (const hidden of ['checkout', 'kbot', 'inventory', 'doctor-down']) {
        expect(text).not.toContain(hidden);
      }
    }
    // What bob can read is still suggested, closest first among it.
    expect(check(body, 'series').message).toContain(
      'with the other matchers, service is payments.',
    );
    expect(check(body, 'series').fix?.yaml).toContain('service="payments"');
    expect(check(body, 'logs').message).toContain('(closest: payments)');
    expect(check(body, 'traces').message).toContain('It knows payments.');
    expect(
      check(body, 'monitor').evidence.find(
        e => e.label === 'ServiceMonitors and PodMonitors in the cluster',
      )?.detail,
    ).toBe('1 other(s) that name no entity you can read (not shown)');
    expect(
      check(ghost, 'kubernetes-service').evidence.find(
        e => e.label === 'Services in namespace shop',
      )?.detail,
    ).toBe('orders; 1 other(s) that name no entity you can read (not shown)');
  });
});
