/**
 * SLOs against the local stack: real Prometheus with 30 days of backfilled
 * history of known shape (e2e/workload/model.mjs). Every expected number is
 * computed here from the model that generated the data, with the thresholds
 * of the SRE workbook written out by hand, not with the -common maths.
 *
 * Tolerance: Prometheus' `rate`/`increase` over `[at − w, at]` use the
 * samples in that range and extrapolate both numerator and denominator by
 * the same factor, so error ratios (and hence burn rates and the remaining
 * budget) equal the model's exact ratio over (first sample in range, at];
 * we allow 1e-9 relative for floating point. Event counts are extrapolated
 * to the whole window: compared with the model's count × w / covered span,
 * within 1e-6 relative.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  EntitySlosResponse,
  SloRollupResponse,
} from '@sightline/plugin-observability-common';
import request from 'supertest';
// The root declares the private e2e harness: published manifests must not.
// eslint-disable-next-line @backstage/no-undeclared-imports
import * as model from '@sightline/e2e/workload/model.mjs';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { shopComponent } from '../__testUtils__/entities';
import { expectClose } from '../__testUtils__/expectClose';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const component = (
  name: string,
  annotations: Record<string, string>,
  extra: Record<string, unknown> = {},
) => ({ ...shopComponent(name, annotations), ...extra });

const ENTITIES = [
  component('checkout', {
    'sightline.dev/metrics-dialect': 'prometheus-http',
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-latency': '99% < 300ms',
    'sightline.dev/slo-window': '30d',
  }),
  component('payments', {
    'sightline.dev/metrics-dialect': 'otel-http',
    'sightline.dev/slo-availability': '99.9',
  }),
  component('checkout-odd', {
    'backstage.io/kubernetes-id': 'checkout',
    'sightline.dev/metrics-dialect': 'prometheus-http',
    // 320ms is no bucket boundary; 99.99.9 is no objective.
    'sightline.dev/slo-latency': '99% < 320ms',
    'sightline.dev/slo-availability': '99.99.9',
  }),
  // Names a cluster that is not configured: reported, not fatal, in roll-ups.
  component('broken', {
    'sightline.dev/cluster': 'nowhere',
    'sightline.dev/slo-availability': '99.9',
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-shop', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'shop', namespace: 'default' },
    spec: { owner: 'team-shop' },
  },
];

// The SRE workbook's conditions for 30 days, written out (not from -common).
const CONDITIONS = [
  { id: 'page-quick', short: '5m', long: '1h', factor: 14.4 },
  { id: 'page-slow', short: '30m', long: '6h', factor: 6 },
  { id: 'ticket-quick', short: '2h', long: '1d', factor: 3 },
  { id: 'ticket-slow', short: '6h', long: '3d', factor: 1 },
];
const WINDOWS_MS: Record<string, number> = {
  '5m': 5 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': HOUR_MS,
  '2h': 2 * HOUR_MS,
  '6h': 6 * HOUR_MS,
  '1d': DAY_MS,
  '3d': 3 * DAY_MS,
  '30d': 30 * DAY_MS,
};

// The selectors the test writes itself for Prometheus to evaluate.
const REQUESTS = 'http_requests_total{namespace="shop",service="checkout"}';
const ERRORS =
  'http_requests_total{namespace="shop",service="checkout",status=~"5.."}';
const promRatio = (w: string) =>
  `(sum(rate(${ERRORS}[${w}])) or vector(0)) / sum(rate(${REQUESTS}[${w}]))`;

describe('SLOs against the local stack', () => {
  let stack: LocalStack & {
    history: { startMs: number; endMs: number; fullResolutionDays: number };
  };
  let server: Awaited<ReturnType<typeof startObservabilityBackend>>['server'];

  beforeAll(async () => {
    stack = (await ensureLocalStack()) as typeof stack;
    ({ server } = await startObservabilityBackend({
      entities: ENTITIES,
      observability: {
        clusters: [
          { name: 'local', prometheus: { url: stack.urls.prometheus } },
        ],
      },
    }));
  });

  /**
   * The first backfilled sample at or after t (1/min recent, 1/5min before):
   * this Prometheus' range selectors include a sample exactly at at − w.
   */
  function firstSampleAfter(t: number): number {
    const { startMs, endMs, fullResolutionDays } = stack.history;
    const fullFrom = endMs - fullResolutionDays * DAY_MS;
    let s = Math.ceil(t / MINUTE_MS) * MINUTE_MS;
    while (s < fullFrom && (s - startMs) % (5 * MINUTE_MS) !== 0) {
      s += MINUTE_MS;
    }
    return Math.max(s, startMs);
  }

  /** What Prometheus sees over (at − w, at]: the model's exact counts. */
  function expected(at: number, windowMs: number) {
    const first = firstSampleAfter(at - windowMs);
    const counts = model.expectedCounts('checkout', first, at, {
      anchorMs: stack.anchorMs,
    });
    // Counters are 0 at the history's start, so Prometheus does not
    // extrapolate back past it; elsewhere it extrapolates to the window.
    const scale =
      at - windowMs < stack.history.startMs ? 1 : windowMs / (at - first);
    return { ...counts, first, scale };
  }

  async function slosAt(at: number): Promise<EntitySlosResponse> {
    const res = await request(server)
      .get('/api/observability/entities/component/default/checkout/slos')
      .query({ at: new Date(at).toISOString() });
    expect(res.status).toBe(200);
    return res.body;
  }

  async function prometheusSays(query: string, at: number) {
    const url = new URL('/api/v1/query', stack.urls.prometheus);
    const res = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams({ query, time: String(at / 1000) }),
    });
    const body = (await res.json()) as {
      data: { result: Array<{ value: [number, string] }> };
    };
    return body.data.result;
  }

  const instants = () => {
    const incidents = model.incidentWindows(stack.anchorMs);
    return {
      // The last backfilled minute: 3 days after checkout's incident.
      'end of history': stack.history.endMs,
      // One hour into checkout's two-hour 20% incident: pages fire.
      'during the incident': incidents.checkout.startMs + HOUR_MS,
    };
  };

  it.each(['end of history', 'during the incident'] as const)(
    'availability at %s: budget, burn rates and alert conditions equal the model and Prometheus',
    async name => {
      const at = instants()[name];
      const started = performance.now();
      const body = await slosAt(at);
      const elapsedMs = performance.now() - started;
      const slo = body.slos.find(s => s.definition.id === 'availability')!;
      expect(slo.problems).toEqual([]);
      expect(slo.source).toBe('raw');
      const status = slo.status!;

      // Window: 30 days. It reaches back to where the backfilled history
      // starts (5-minute aligned), so the minutes at its edge may differ from
      // the model's (one 5-minute step of 30 days is 1.2e-4): 0.05 % on counts,
      // 0.1 % on the remaining budget.
      const window = expected(at, WINDOWS_MS['30d']);
      const windowRatio = window.errors / window.requests;
      expectClose(status.total, window.requests * window.scale, 5e-4);
      expectClose(
        status.total - status.good,
        window.errors * window.scale,
        5e-4,
      );
      expectClose(status.budget.remaining, 1 - windowRatio / 0.001, 1e-3);

      // Burn rates per window.
      for (const reading of status.burnRates) {
        const e = expected(at, WINDOWS_MS[reading.window]);
        expectClose(reading.errorRatio, e.errors / e.requests, 1e-9);
        expectClose(reading.burnRate, e.errors / e.requests / 0.001, 1e-9);
      }

      // Conditions: the model's ratios against factor × 0.1%, and Prometheus'
      // own evaluation of the same expressions at the same instant.
      for (const c of CONDITIONS) {
        const threshold = c.factor * 0.001;
        const short = expected(at, WINDOWS_MS[c.short]);
        const long = expected(at, WINDOWS_MS[c.long]);
        const modelFiring =
          short.errors / short.requests > threshold &&
          long.errors / long.requests > threshold;
        const prometheusFiring =
          (
            await prometheusSays(
              `(${promRatio(c.short)} > ${threshold}) and (${promRatio(
                c.long,
              )} > ${threshold})`,
              at,
            )
          ).length > 0;
        const reported = status.alerts.find(a => a.id === c.id)!;
        expect({ id: c.id, firing: reported.firing }).toEqual({
          id: c.id,
          firing: modelFiring,
        });
        expect({ id: c.id, firing: prometheusFiring }).toEqual({
          id: c.id,
          firing: modelFiring,
        });
        expectClose(reported.errorRatioThreshold, threshold, 1e-9);
      }
      expect(
        status.alerts.filter(a => a.firing && a.severity === 'page').length > 0,
      ).toBe(name === 'during the incident');

      // Explanations and burn-down come with the numbers.
      expect(slo.explanations.map(e => e.topic)).toEqual(
        expect.arrayContaining(['sli', 'budget', 'remaining', 'burn-rate']),
      );
      // The 30 days before the instant touch 31 UTC days, the first and the
      // last cut; the burn-down runs to the instant.
      expect(slo.burnDown).toHaveLength(31);
      expect(slo.burnDown[30].until).toBe(new Date(at).toISOString());
      // eslint-disable-next-line no-console
      process.stdout.write(
        `SLO raw path (${name}): ${elapsedMs.toFixed(0)} ms end to end, ` +
          `Prometheus ${body.slos
            .map(s => `${s.definition.id} ${s.upstreamMs} ms`)
            .join(', ')}\n`,
      );
    },
  );

  it('latency from the bucket at 300ms equals the model', async () => {
    const at = stack.history.endMs;
    const body = await slosAt(at);
    const slo = body.slos.find(s => s.definition.id === 'latency')!;
    expect(slo.problems).toEqual([]);
    const window = expected(at, WINDOWS_MS['30d']);
    const bucket = window.latency.buckets.find(b => Number(b.le) === 0.3)!;
    const badRatio = 1 - bucket.count / window.latency.count;
    // 30-day window: edge minutes as above, so 0.1 % on the remaining budget.
    expectClose(slo.status!.budget.remaining, 1 - badRatio / 0.01, 1e-3);
    const hour = expected(at, HOUR_MS);
    const hourBucket = hour.latency.buckets.find(b => Number(b.le) === 0.3)!;
    expectClose(
      slo.status!.burnRates.find(r => r.window === '1h')!.errorRatio,
      1 - hourBucket.count / hour.latency.count,
      1e-9,
    );
  });

  it('reports a non-boundary threshold and a bad objective per SLO', async () => {
    const res = await request(server).get(
      '/api/observability/entities/component/default/checkout-odd/slos',
    );
    expect(res.status).toBe(200);
    const body: EntitySlosResponse = res.body;
    expect(body.problems).toEqual([
      expect.objectContaining({ source: 'sightline.dev/slo-availability' }),
    ]);
    expect(body.slos).toHaveLength(1);
    expect(body.slos[0].status).toBeUndefined();
    expect(body.slos[0].problems[0].message).toMatch(
      /320ms is not a bucket boundary.*nearest are 300ms and 500ms/,
    );
  });

  it('rolls up the group and the system most urgent first: a service paging above one with less budget left', async () => {
    // An hour into payments' incident: by the model 4% of its requests fail,
    // above 14.4 × 0.1% on both 5m and 1h, so its page-quick condition holds
    // while most of its budget is left. Checkout, days after its own
    // incident, has less budget left but is not burning fast.
    const incident = model.incidentWindows(stack.anchorMs).payments;
    const at = incident.startMs + HOUR_MS;
    for (const w of ['5m', '1h']) {
      const counts = model.expectedCounts('payments', at - WINDOWS_MS[w], at, {
        anchorMs: stack.anchorMs,
      });
      expect(counts.errors / counts.requests).toBeGreaterThan(14.4 * 0.001);
    }
    for (const path of ['groups/default/team-shop', 'systems/default/shop']) {
      const res = await request(server).get(
        `/api/observability/${path}/slos?at=${at / 1000}`,
      );
      expect(res.status).toBe(200);
      const body: SloRollupResponse = res.body;
      const [first, ...rest] = body.slos;
      expect(first.entityRef).toBe('component:default/payments');
      expect(
        first.status!.alerts.find(a => a.id === 'page-quick')!.firing,
      ).toBe(true);
      // Sorted by budget, checkout would come first.
      const checkoutAvailability = body.slos.find(
        s =>
          s.entityRef === 'component:default/checkout' &&
          s.definition.id === 'availability',
      )!;
      expect(first.status!.budget.remaining!).toBeGreaterThan(
        checkoutAvailability.status!.budget.remaining!,
      );
      // Nothing else burns fast enough to hold a condition, so the rest go by
      // how soon their budget runs out, and the unmeasured come last.
      const measured = rest.filter(s => s.status);
      expect(
        measured.flatMap(s => s.status!.alerts.filter(a => a.firing)),
      ).toEqual([]);
      const exhaustion = measured.map(
        s => s.status!.timeToExhaustionMs ?? Infinity,
      );
      expect(exhaustion).toEqual([...exhaustion].sort((a, b) => a - b));
      expect(rest.slice(measured.length).every(s => !s.status)).toBe(true);
      expect(body.failures).toEqual([
        {
          entityRef: 'component:default/broken',
          message: expect.stringContaining("cluster 'nowhere'"),
        },
      ]);
    }
  });

  it('exports the report, with the incident day as the worst day', async () => {
    const at = stack.history.endMs;
    const json = await request(server).get(
      `/api/observability/entities/component/default/checkout/slos/report?at=${
        at / 1000
      }`,
    );
    expect(json.status).toBe(200);
    const incidentDay = new Date(
      model.incidentWindows(stack.anchorMs).checkout.startMs,
    )
      .toISOString()
      .slice(0, 10);
    const availability = json.body.rows.find(
      (r: { sloId: string }) => r.sloId === 'availability',
    );
    expect(availability.worstDay.day).toBe(incidentDay);
    const md = await request(server).get(
      `/api/observability/entities/component/default/checkout/slos/report?format=markdown&at=${
        at / 1000
      }`,
    );
    expect(md.status).toBe(200);
    expect(md.headers['content-type']).toMatch(/text\/markdown/);
    expect(md.text).toContain('component:default/checkout');
  });

  it('refuses an instant in the future', async () => {
    const res = await request(server)
      .get('/api/observability/entities/component/default/checkout/slos')
      .query({ at: new Date(Date.now() + DAY_MS).toISOString() })
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
  });
});
