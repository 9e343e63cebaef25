/**
 * Integration tests against the local telemetry stack: real Prometheus with
 * 30 days of backfilled history of known shape (e2e/workload/model.mjs) and a
 * real Alertmanager receiving the demo alert rules. Each expected figure is
 * computed here, independently, from the model that generated the data.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
// The traffic model that generated the stack's data (plain ESM, no import.meta).
// The root declares the private e2e harness: published manifests must not.
// eslint-disable-next-line @backstage/no-undeclared-imports
import * as model from '@sightline/e2e/workload/model.mjs';
import { ensureLocalStack, LocalStack } from './__testUtils__/localStack';
import { includesAll, promqlSelectors } from './__testUtils__/queryAudit';
import { RecordingProxy } from './__testUtils__/RecordingProxy';
import { shopComponent as entity } from './__testUtils__/entities';
import { startObservabilityBackend } from './__testUtils__/localStackBackend';

jest.setTimeout(240_000);

const DAY_MS = 86_400_000;
// Values an attacker could put into an annotation or parameter.
const HOSTILE = [
  '"} or vector(1) or {a="',
  '\\"} or up{x="',
  'line\nbreak"}',
  '|~ ".*"',
  'x" or service=~".*',
  '日本語 🚀 \\',
  'a'.repeat(253), // the longest name Kubernetes allows; longer is refused (hostileInput.test.ts)
];

// Selector annotations that try to break out of a matcher list.
const INJECTED_SELECTORS = [
  'service="x"} or vector(1) or {a="b"',
  'service="x"}) or sum(up',
  'service="x" offset 1d',
  '{service="x"} / 0',
  'service=~".*"',
  'sum by (job) (up)',
  'service="x"\n} or vector(1)',
  `service="${'a'.repeat(5000)}" or`,
];

const ENTITIES = [
  ...HOSTILE.map((id, i) =>
    entity(`hostile-${i}`, {
      'backstage.io/kubernetes-id': id,
      'sightline.dev/metrics-dialect': 'prometheus-http',
    }),
  ),
  ...INJECTED_SELECTORS.map((selector, i) =>
    entity(`injected-${i}`, { 'sightline.dev/prometheus-selector': selector }),
  ),
  // A valid matcher list whose value is odd: it must stay a value.
  entity('odd-but-valid', {
    'sightline.dev/prometheus-selector': String.raw`service="\"} or up{x="`,
    'sightline.dev/metrics-dialect': 'prometheus-http',
  }),
  entity('checkout'),
  entity('payments', { 'sightline.dev/metrics-dialect': 'otel-http' }),
  entity('kbot', {
    'sightline.dev/metrics-dialect': 'custom',
    'sightline.dev/request-metric': 'kbot_messages_total',
    'sightline.dev/error-matcher': 'status="error"',
    'sightline.dev/duration-metric': 'kbot_message_processing_duration_seconds',
  }),
];

/** histogram_quantile's linear interpolation, over cumulative buckets. */
function histogramQuantile(
  q: number,
  buckets: { le: string; count: number }[],
): number {
  const total = buckets[buckets.length - 1].count;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { le, count } of buckets) {
    const upper = Number(le);
    if (count >= rank) {
      if (!Number.isFinite(upper)) return lowerBound;
      return (
        lowerBound +
        ((upper - lowerBound) * (rank - lowerCount)) / (count - lowerCount)
      );
    }
    lowerBound = upper;
    lowerCount = count;
  }
  return lowerBound;
}

describe('against the local stack', () => {
  let stack: LocalStack;
  let prometheus: RecordingProxy;
  let alertmanager: RecordingProxy;

  beforeAll(async () => {
    stack = await ensureLocalStack();
    prometheus = await new RecordingProxy(stack.urls.prometheus).start();
    alertmanager = await new RecordingProxy(stack.urls.alertmanager).start();
  });
  afterAll(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
  });

  async function backend(options: { denySilences?: boolean } = {}) {
    const { server } = await startObservabilityBackend({
      entities: ENTITIES,
      observability: {
        clusters: [
          {
            name: 'local',
            prometheus: { url: prometheus.url },
            alertmanager: { url: alertmanager.url },
          },
        ],
      },
      features: [
        ...(options.denySilences
          ? [
              mockServices.permissions.factory({
                result: AuthorizeResult.DENY,
              }),
            ]
          : []),
      ],
    });
    return server;
  }

  /** A whole UTC day of backfilled history, `daysAgo` before the stack started. */
  function backfilledDay(daysAgo: number) {
    const from =
      Math.floor(stack.anchorMs / DAY_MS) * DAY_MS - daysAgo * DAY_MS;
    return { from, to: from + DAY_MS };
  }

  it.each([
    ['checkout', 3, 'prometheus-http'], // the day of checkout's two-hour 20% incident
    ['checkout', 10, 'prometheus-http'],
    ['kbot', 5, 'custom'],
    ['payments', 2, 'otel-http'], // OTel JS exporter names, without the _seconds suffix
  ])(
    "gives %s's request rate, error ratio and p99 of a backfilled day (%i days ago) as the model does",
    async (service, daysAgo, dialect) => {
      const server = await backend();
      const { from, to } = backfilledDay(daysAgo);
      const expected = model.expectedCounts(
        service as model.ServiceName,
        from,
        to,
        {
          anchorMs: stack.anchorMs,
        },
      );

      const res = await request(server)
        .get(`/api/observability/entities/component/default/${service}/red`)
        .query({ from: String(from / 1000), to: String(to / 1000) });

      expect(res.status).toBe(200);
      expect(res.body.dialect.id).toBe(dialect);
      const { summary } = res.body;
      // Tolerance: 0.5 % relative. Counters are sampled every minute on the
      // same timestamps, so rate() extrapolation cancels out in the ratio.
      expect(summary.errorRatio).toBeCloseTo(expected.errorRatio, 5);
      expect(
        Math.abs(summary.requestRate - expected.requests / 86_400) /
          (expected.requests / 86_400),
      ).toBeLessThan(0.005);
      const p99 = histogramQuantile(0.99, expected.latency.buckets);
      expect(Math.abs(summary.latencyP99 - p99) / p99).toBeLessThan(0.005);
      // Series for the charts cover the day within the points limit.
      expect(res.body.errorRatio[0].points.length).toBeGreaterThan(100);
      expect(res.body.errorRatio[0].points.length).toBeLessThanOrEqual(1100);
    },
  );

  it.each(HOSTILE.map((value, i) => [i, value]))(
    'never lets hostile Kubernetes id #%i select outside the entity',
    async (i, value) => {
      const server = await backend();
      const before = prometheus.requests.length;
      const beforeAm = alertmanager.requests.length;
      const red = await request(server).get(
        `/api/observability/entities/component/default/hostile-${i}/red`,
      );
      const alerts = await request(server).get(
        `/api/observability/entities/component/default/hostile-${i}/alerts`,
      );
      expect(red.status).toBe(200);
      expect(alerts.status).toBe(200);

      const entityMatchers = [
        { name: 'namespace', op: '=' as const, value: 'shop' },
        { name: 'service', op: '=' as const, value: String(value) },
      ];
      const queries = prometheus.requests
        .slice(before)
        .flatMap(r =>
          r.params.filter(([k]) => k === 'query').map(([, q]) => q),
        );
      expect(queries.length).toBeGreaterThan(3);
      for (const query of queries) {
        for (const selector of promqlSelectors(query)) {
          expect({
            query,
            ok: includesAll(selector.matchers, entityMatchers),
          }).toEqual({ query, ok: true });
        }
      }
      // Alertmanager's filters, parsed as matchers, carry the entity's matchers too.
      const amRequests = alertmanager.requests.slice(beforeAm);
      expect(amRequests.length).toBeGreaterThan(0);
      for (const r of amRequests) {
        const filters = r.params
          .filter(([k]) => k === 'filter')
          .map(([, f]) => f);
        const matchers = promqlSelectors(`x{${filters.join(', ')}}`)[0]
          .matchers;
        expect(includesAll(matchers, entityMatchers)).toBe(true);
      }
    },
  );

  it.each(INJECTED_SELECTORS.map((value, i) => [i, value]))(
    'refuses injected selector annotation #%i with a 400 and sends nothing upstream',
    async i => {
      const server = await backend();
      const before = prometheus.requests.length;
      const res = await request(server).get(
        `/api/observability/entities/component/default/injected-${i}/red`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'sightline.dev/prometheus-selector',
      );
      expect(prometheus.requests.length).toBe(before);
    },
  );

  it('keeps a selector whose value merely looks hostile to exactly that value', async () => {
    const server = await backend();
    const path = '/api/observability/entities/component/default/odd-but-valid';
    const target = (await request(server).get(`${path}/target`)).body;
    expect(target.metrics.matchers).toEqual([
      { name: 'service', op: '=', value: '"} or up{x=' },
    ]);
    const before = prometheus.requests.length;
    await request(server).get(`${path}/red`);
    const queries = prometheus.requests
      .slice(before)
      .flatMap(r => r.params.filter(([k]) => k === 'query').map(([, q]) => q));
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      for (const selector of promqlSelectors(query)) {
        expect(includesAll(selector.matchers, target.metrics.matchers)).toBe(
          true,
        );
      }
    }
  });

  it.each([
    { from: '"} or vector(1)' },
    { from: 'NaN' },
    { from: '-1', to: '1' },
    { to: '99999999999' },
    { from: '1000000000', to: '1900000000' },
    { by: 'route"} or {' },
    { limit: '-5' },
    { limit: '1e9' },
  ])(
    'refuses hostile parameters %j with a 400 before asking Prometheus',
    async query => {
      const server = await backend();
      const before = prometheus.requests.length;
      const res = await request(server)
        .get(
          '/api/observability/entities/component/default/checkout/red/breakdown',
        )
        .query(query);
      expect(res.status).toBe(400);
      expect(prometheus.requests.length).toBe(before);
    },
  );

  it("reports payments' firing alert from Alertmanager with its rule from Prometheus", async () => {
    const server = await backend();
    let body: any;
    // The demo rule fires within a minute or two of the stack's start.
    for (let i = 0; i < 60; i++) {
      body = (
        await request(server).get(
          '/api/observability/entities/component/default/payments/alerts',
        )
      ).body;
      if (body.alerts?.some((a: any) => a.state === 'firing')) break;
      await new Promise(r => setTimeout(r, 3_000));
    }
    expect(body.errors).toEqual([]);
    const firing = body.alerts.find(
      (a: any) => a.state === 'firing' && a.source === 'alertmanager',
    );
    expect(firing).toMatchObject({
      labels: { namespace: 'shop', service: 'payments' },
    });
    expect(firing.summary).toBeTruthy();
    expect(body.rules.length).toBeGreaterThan(0);
    expect(body.alertmanagerUrl).toContain('/#/alerts?');
  });

  it('creates a silence that Alertmanager stores with the entity matchers and that mutes the alert, then expires it', async () => {
    const server = await backend();
    const created = await request(server)
      .post('/api/observability/entities/component/default/payments/silences')
      .send({
        comment: 'integration test: deploying a fix',
        durationMinutes: 15,
      });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const stored = await (
      await fetch(`${stack.urls.alertmanager}/api/v2/silence/${id}`)
    ).json();
    expect(stored.createdBy).toBe(
      mockCredentials.user().principal.userEntityRef,
    );
    expect(stored.matchers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'namespace',
          value: 'shop',
          isRegex: false,
        }),
        expect.objectContaining({
          name: 'service',
          value: 'payments',
          isRegex: false,
        }),
      ]),
    );

    let muted = false;
    for (let i = 0; i < 30 && !muted; i++) {
      const alerts = await (
        await fetch(
          `${stack.urls.alertmanager}/api/v2/alerts?filter=service%3D%22payments%22`,
        )
      ).json();
      muted =
        alerts.length > 0 &&
        alerts.every((a: any) => a.status.silencedBy.includes(id));
      if (!muted) await new Promise(r => setTimeout(r, 1_000));
    }
    expect(muted).toBe(true);

    const listed = await request(server).get(
      '/api/observability/entities/component/default/payments/silences',
    );
    expect(listed.body.silences.map((s: any) => s.id)).toContain(id);

    const expired = await request(server).delete(
      `/api/observability/entities/component/default/payments/silences/${id}`,
    );
    expect(expired.status).toBe(204);
    const after = await (
      await fetch(`${stack.urls.alertmanager}/api/v2/silence/${id}`)
    ).json();
    expect(after.status.state).toBe('expired');
  });

  it("refuses to expire another entity's silence", async () => {
    const server = await backend();
    const created = await request(server)
      .post('/api/observability/entities/component/default/kbot/silences')
      .send({ comment: 'kbot maintenance', durationMinutes: 5 });
    expect(created.status).toBe(201);
    const res = await request(server).delete(
      `/api/observability/entities/component/default/payments/silences/${created.body.id}`,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'does not belong to component:default/payments',
    );
    await request(server).delete(
      `/api/observability/entities/component/default/kbot/silences/${created.body.id}`,
    );
  });

  it('answers 403 for a silence without the permission, and sends nothing to Alertmanager', async () => {
    const server = await backend({ denySilences: true });
    const before = alertmanager.requests.length;
    const res = await request(server)
      .post('/api/observability/entities/component/default/payments/silences')
      .send({ comment: 'no permission', durationMinutes: 5 });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('observability.silence.create');
    expect(
      alertmanager.requests.slice(before).filter(r => r.method !== 'GET'),
    ).toEqual([]);
  });
});
