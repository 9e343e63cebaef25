/**
 * The collator against a real observability backend (startTestBackend) that
 * reads the local telemetry stack: real Prometheus with 30 days of history,
 * real Alertmanager with the demo alert rules, and the Grafana stand-in.
 */
import { DiscoveryService } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TestPipeline } from '@backstage/plugin-search-backend-node';
// The real backend plugin the collator talks to over HTTP; test-only.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import observabilityPlugin from '@sightline/plugin-observability-backend';
import { EntitySlosResponse } from '@sightline/plugin-observability-common';
import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import {
  ObservabilityCollatorFactory,
  ObservabilityDocument,
} from './ObservabilityCollatorFactory';

jest.setTimeout(240_000);

const GRAFANA_EXTERNAL_URL = 'https://grafana.example.com';

/** A demo shop Component, as examples/entities/shop.yaml declares them. */
function component(name: string, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-shop', lifecycle: 'production' },
  } satisfies Entity;
}

const shop = (name: string, annotations: Record<string, string> = {}) =>
  component(name, {
    'backstage.io/kubernetes-id': name,
    'backstage.io/kubernetes-namespace': 'shop',
    ...annotations,
  });

const ENTITIES: Entity[] = [
  shop('checkout', {
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-latency': '99% < 300ms',
  }),
  shop('payments', {
    'sightline.dev/metrics-dialect': 'otel-http',
    'sightline.dev/slo-availability': '99.5',
  }),
  // Refused by the backend (400): names a cluster that is not configured.
  shop('misconfigured', { 'sightline.dev/cluster': 'nowhere' }),
  // Its cluster's Prometheus does not answer (503).
  shop('unreachable', { 'sightline.dev/cluster': 'down' }),
  // Nothing tells Sightline where its telemetry is: not indexed.
  component('unmonitored'),
];

async function localStack(): Promise<{
  urls: { prometheus: string; alertmanager: string; grafana: string };
}> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [require.resolve('@sightline/e2e/stack/index.mjs'), 'ensure'],
    { timeout: 240_000, maxBuffer: 10 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('ObservabilityCollatorFactory', () => {
  let baseUrl: string;
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    const { urls } = await localStack();
    const backend = await startTestBackend({
      features: [
        observabilityPlugin,
        catalogServiceMock.factory({ entities: ENTITIES }),
        mockServices.rootConfig.factory({
          data: {
            observability: {
              defaultCluster: 'local',
              clusters: [
                {
                  name: 'local',
                  prometheus: { url: urls.prometheus },
                  alertmanager: { url: urls.alertmanager },
                  grafana: {
                    url: urls.grafana,
                    externalUrl: GRAFANA_EXTERNAL_URL,
                  },
                },
                // Nothing listens on port 9 (discard) here.
                { name: 'down', prometheus: { url: 'http://127.0.0.1:9' } },
              ],
              // No initial delay: the test backend's scheduler runs the fleet
              // evaluation once at start-up, so the SLOs come from its snapshot.
              slo: {
                fleet: {
                  schedule: {
                    frequency: { minutes: 10 },
                    timeout: { minutes: 5 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    baseUrl = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/observability`;
    stopBackend = () => backend.stop();
  });
  afterAll(() => stopBackend?.());

  function collate(config: object = {}) {
    const logger = mockServices.logger.mock();
    const discovery: DiscoveryService = {
      getBaseUrl: async () => baseUrl,
      getExternalBaseUrl: async () => baseUrl,
    };
    const factory = ObservabilityCollatorFactory.fromConfig(
      new ConfigReader({ search: { collators: { observability: config } } }),
      {
        auth: mockServices.auth(),
        catalog: catalogServiceMock({ entities: ENTITIES }),
        discovery,
        logger,
      },
    );
    return { factory, logger };
  }

  /** What the backend itself answers for an entity's SLOs, as a service. */
  async function slosOf(name: string): Promise<EntitySlosResponse> {
    const { token } = await mockServices.auth().getPluginRequestToken({
      onBehalfOf: await mockServices.auth().getOwnServiceCredentials(),
      targetPluginId: 'observability',
    });
    const res = await fetch(
      `${baseUrl}/entities/component/default/${name}/slos`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(res.status).toBe(200);
    return res.json();
  }

  it('indexes SLOs, alert rules and dashboards of each monitored Component, with authorization', async () => {
    // Two entities a page, two at a time: paging and the concurrency window both at work.
    const { factory, logger } = collate({ batchSize: 2, concurrency: 2 });
    expect(factory.type).toBe('observability');
    expect(factory.visibilityPermission.name).toBe('catalog.entity.read');

    const { documents } = await TestPipeline.fromCollator(
      await factory.getCollator(),
    ).execute();
    const docs = documents as ObservabilityDocument[];

    expect(docs.map(d => d.entityRef)).toEqual([
      'component:default/checkout',
      'component:default/payments',
    ]);
    const checkout = docs[0];
    expect(checkout).toMatchObject({
      title: 'checkout observability',
      location:
        '/catalog/default/component/checkout/observability?section=slos',
      authorization: { resourceRef: 'component:default/checkout' },
      kind: 'Component',
      namespace: 'default',
      name: 'checkout',
      owner: 'team-shop',
      lifecycle: 'production',
      dashboards: [
        {
          title: 'Checkout / RED',
          url: `${GRAFANA_EXTERNAL_URL}/d/checkout-red/checkout-red`,
        },
      ],
    });
    expect(checkout.alertRules).toContainEqual(
      expect.objectContaining({
        name: 'CheckoutHighErrorRate',
        summary: 'checkout: more than 5% of requests fail',
      }),
    );
    expect(checkout.text).toContain('Alert CheckoutHighErrorRate (warning)');
    expect(checkout.text).toContain('Dashboard Checkout / RED.');
    // The stack's service graph: checkout calls payments and inventory, so
    // a search for who calls payments finds checkout.
    expect(checkout.callees).toEqual(
      expect.arrayContaining(['payments', 'inventory']),
    );
    expect(checkout.text).toMatch(/Calls [^.]*payments/);

    // SLO figures are the backend's own, measured from 30 days of history
    // (asked again a moment later: live traffic moves the budget a little).
    const expected = await slosOf('checkout');
    expect(checkout.slos.map(s => [s.name, s.status])).toEqual(
      expected.slos.map(slo => [slo.definition.name, slo.status?.status]),
    );
    checkout.slos.forEach((slo, i) =>
      expect(slo.budgetRemaining).toBeCloseTo(
        expected.slos[i].status!.budget.remaining!,
        3,
      ),
    );
    expect(checkout.slos.map(s => [s.name, s.objectivePercent])).toEqual([
      ['Availability', 99.9],
      ['Latency', 99],
    ]);
    const budgets = checkout.slos.map(s => s.budgetRemaining!);
    expect(budgets.every(Number.isFinite)).toBe(true);
    expect(checkout.budgetRemaining).toBe(Math.min(...budgets));
    expect(checkout.text).toMatch(
      /SLO Availability: 99\.9% objective, [a-z ,]+, -?[\d.]+% of the error budget left\./,
    );

    // Read from the backend's fleet snapshot, not evaluated per entity.
    expect(logger.info).toHaveBeenCalledWith(
      'Collated observability documents',
      expect.objectContaining({ indexed: 2, slosFromSnapshot: 2 }),
    );

    const payments = docs[1];
    expect(payments.callers).toContain('checkout');
    expect(payments.slos.map(s => s.name)).toEqual(['Availability']);
    expect(payments.dashboards.map(d => d.title)).toEqual([
      'Payments / Overview',
    ]);
  });

  it('logs and skips an entity the backend refuses or cannot serve, and goes on', async () => {
    const { factory, logger } = collate({ concurrency: 3 });

    const { documents } = await TestPipeline.fromCollator(
      await factory.getCollator(),
    ).execute();

    expect(
      (documents as ObservabilityDocument[]).map(d => d.entityRef),
    ).toEqual(['component:default/checkout', 'component:default/payments']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Left component:default\/misconfigured out of search: slos: 400 Annotation sightline.dev\/cluster names cluster 'nowhere'/,
      ),
      { entityRef: 'component:default/misconfigured', status: 400 },
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Left component:default\/unreachable out of search: slos: 503 /,
      ),
      { entityRef: 'component:default/unreachable', status: 503 },
    );
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.info).toHaveBeenCalledWith(
      'Collated observability documents',
      expect.objectContaining({ indexed: 2, skipped: 2 }),
    );
  });

  it('refuses a concurrency that is not a positive integer, naming the key', () => {
    expect(() => collate({ concurrency: 0 })).toThrow(
      'Invalid config: search.collators.observability.concurrency must be a positive integer, got 0',
    );
  });
});
