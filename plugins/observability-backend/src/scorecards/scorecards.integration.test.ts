/**
 * Production-readiness facts end to end: the REAL tech-insights backend
 * (on PostgreSQL) runs observabilityFactRetriever, which reads each Component's facts over HTTP
 * from the observability plugin in the same backend. That plugin measures
 * them on the local stack's real Prometheus, a real Alertmanager of this
 * test's own whose routes send team-shop's alerts to a webhook, the stack's
 * own Alertmanager (which routes everything to a receiver that notifies
 * nobody) and the Grafana stand-in. The checks over these facts run in
 * the example app (e2e/tests/scorecard.spec.ts), which has the JSON rules
 * engine module.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { ensureLocalStack } from '../__testUtils__/localStack';
import { schedulerProbe } from '../__testUtils__/schedulerProbe';
import { ScratchAlertmanager } from '../__testUtils__/scratchAlertmanager';
import { observabilityPlugin } from '../plugin';
import { techInsightsModuleObservabilityFacts } from './techInsightsModuleObservabilityFacts';

jest.setTimeout(240_000);

const PG = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

const ROUTES = `
route:
  receiver: "null"
  routes:
    - matchers: ['team="team-shop"']
      receiver: shop-webhook
receivers:
  - name: "null"
  - name: shop-webhook
    webhook_configs: [{ url: "http://127.0.0.1:9/alerts" }]
`;

const ENTITIES: Entity[] = [
  shopComponent('checkout', {
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-latency': '99% < 300ms',
  }),
  // Its alerts go to the stack's Alertmanager, which notifies nobody.
  shopComponent('payments', {
    'sightline.dev/metrics-dialect': 'otel-http',
    'sightline.dev/cluster': 'stack-alertmanager',
  }),
  // Nothing scrapes, alerts on or charts it.
  shopComponent('ghost'),
];

/** The catalog's HTTP API as far as CatalogClient.getEntities reads it. */
const catalogApi = createBackendPlugin({
  pluginId: 'catalog',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use(
          express.Router().get('/entities', (req, res) => {
            const kind = String(req.query.filter ?? '').replace(/^kind=/, '');
            res.json(
              ENTITIES.filter(e => !kind || e.kind.toLowerCase() === kind),
            );
          }),
        );
      },
    });
  },
});

(PG ? describe : describe.skip)('observability facts in Tech Insights', () => {
  let backend: TestBackend;
  // Tech Insights' scheduler, which runs its fact retrievers.
  const probe = schedulerProbe('tech-insights');
  let alertmanager: ScratchAlertmanager;
  let admin: Knex;
  const prefix = `sightline_scorecard_${randomBytes(4).toString('hex')}_`;
  const user = mockCredentials.user.header('user:default/ada');

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    const urls = stack.urls as unknown as Record<string, string>;
    alertmanager = await ScratchAlertmanager.start(ROUTES);
    const cluster = {
      prometheus: { url: urls.prometheus },
      grafana: { url: urls.grafana },
    };
    backend = await startTestBackend({
      features: [
        observabilityPlugin,
        techInsightsPlugin,
        techInsightsModuleObservabilityFacts,
        probe.module,
        catalogApi,
        catalogServiceMock.factory({ entities: ENTITIES }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            backend: { database: { client: 'pg', connection: PG!, prefix } },
            techInsights: {
              factRetrievers: {
                // Triggered by the test, never by the clock.
                observabilityFactRetriever: { cadence: '0 0 1 1 *' },
              },
            },
            observability: {
              defaultCluster: 'local',
              clusters: [
                {
                  name: 'local',
                  ...cluster,
                  alertmanager: { url: alertmanager.url },
                },
                {
                  name: 'stack-alertmanager',
                  ...cluster,
                  alertmanager: { url: urls.alertmanager },
                },
              ],
            },
          },
        }),
      ],
    });
    admin = knexFactory({ client: 'pg', connection: PG });
  });

  afterAll(async () => {
    await backend?.stop();
    await alertmanager?.stop();
    if (admin) {
      for (const plugin of ['observability', 'tech-insights']) {
        // FORCE: the stopped backend's pools may still hold connections.
        await admin.raw(
          `DROP DATABASE IF EXISTS "${prefix}${plugin}" WITH (FORCE)`,
        );
      }
      await admin.destroy();
    }
  });

  /** The facts tech-insights stored for the entity, once the retriever has run. */
  async function latestFacts(name: string) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await request(backend.server)
        .get('/api/tech-insights/facts/latest')
        .query({
          entity: `component:default/${name}`,
          'ids[]': 'observabilityFactRetriever',
        })
        .set('Authorization', user);
      const facts = res.body?.observabilityFactRetriever?.facts;
      if (facts) return facts;
      if (Date.now() > deadline) {
        throw new Error(`No facts for ${name}: ${res.status} ${res.text}`);
      }
      await new Promise(r => setTimeout(r, 500));
    }
  }

  it('stores the facts of every Component', async () => {
    await probe.scheduler.triggerTask('observabilityFactRetriever');
    const checkout = await latestFacts('checkout');
    expect(checkout).toMatchObject({
      hasMonitoring: true,
      hasSlo: true,
      alertsRoutedWithRunbooks: true,
      dashboardPresent: true,
      doctorPassing: true,
      reasons: {},
    });
    expect(['met', 'at-risk', 'violated']).toContain(checkout.sloStatus);
    expect(checkout.sloBudgetRemaining).toEqual(expect.any(Number));

    const payments = await latestFacts('payments');
    expect(payments).toMatchObject({
      hasMonitoring: true,
      hasSlo: false,
      sloStatus: 'none',
      sloBudgetRemaining: null,
      alertsRoutedWithRunbooks: false,
      dashboardPresent: true,
    });
    expect(payments.reasons.alertsRoutedWithRunbooks).toMatch(
      /^Alertmanager routes these rules to no receiver that notifies anyone: .*PaymentsHighErrorRate/,
    );

    const ghost = await latestFacts('ghost');
    expect(ghost).toMatchObject({
      hasMonitoring: false,
      hasSlo: false,
      alertsRoutedWithRunbooks: false,
      dashboardPresent: false,
      doctorPassing: false,
    });
    expect(Object.keys(ghost.reasons).sort()).toEqual([
      'alertsRoutedWithRunbooks',
      'dashboardPresent',
      'doctorPassing',
      'hasMonitoring',
      'hasSlo',
    ]);
  });
});
