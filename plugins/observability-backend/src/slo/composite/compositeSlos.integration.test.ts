/**
 * Composite SLOs against a REAL Prometheus of this test's own
 * (ScratchPrometheus), holding a model simple enough to count by hand:
 * from two days before AT, one sample a minute,
 *
 * - `busy` serves 1,000 requests a minute, 1 of them failing (99.9%);
 * - `quiet` serves 10 requests a minute, 1 of them failing (90%);
 * - `secret` serves like `busy`, but the caller may not read it.
 *
 * Samples are at whole minutes and AT is one, so `increase` extrapolates
 * nothing and every count is exact. The System declares two composites:
 * `journey` (busy ×2, quiet ×1, 99% over 1d) and `with-gaps` (busy, the
 * hidden `secret`, and an SLO `noslo` does not declare).
 */
import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CompositeSloEvaluation,
  CompositeSlosResponse,
} from '@sightline/plugin-observability-common';
import request from 'supertest';
import { shopComponent } from '../../__testUtils__/entities';
import { expectClose } from '../../__testUtils__/expectClose';
import { startObservabilityBackend } from '../../__testUtils__/localStackBackend';
import { ScratchPrometheus } from '../../__testUtils__/scratchPrometheus';

jest.setTimeout(300_000);

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const AT = Date.parse('2026-03-10T12:00:00Z');
const START = AT - 2 * DAY_MS;

const SERVICES = {
  busy: { requests: 1000, errors: 1 },
  quiet: { requests: 10, errors: 1 },
  secret: { requests: 1000, errors: 1 },
  ruled: { requests: 1000, errors: 1 },
};

// Sloth's rules for ruled/availability, recorded for the whole day before
// AT (so the window is read from them), each at TWICE the raw error ratio:
// the composite must take the ratio from the rules, which keep no counts,
// and only the events from the raw series.
const SLOTH_LABELS = {
  sloth_id: 'ruled-availability',
  sloth_service: 'ruled',
  sloth_slo: 'availability',
};
const RULED = 'namespace="scratch", service="ruled"';
const slothRatio = (window: string) => ({
  record: `slo:sli_error:ratio_rate${window}`,
  expr: `2 * sum(rate(http_requests_total{${RULED}, status=~"5.."}[${window}])) / sum(rate(http_requests_total{${RULED}}[${window}]))`,
  labels: { ...SLOTH_LABELS, sloth_window: window },
});

/** The model as OpenMetrics: one counter per service and status, a sample a minute. */
function openMetrics(): string {
  const lines = ['# TYPE http_requests counter'];
  for (const [service, { requests, errors }] of Object.entries(SERVICES)) {
    for (const status of ['200', '500']) {
      const perMinute = status === '500' ? errors : requests - errors;
      for (let t = START, n = 0; t <= AT; t += MINUTE_MS, n++) {
        lines.push(
          `http_requests_total{namespace="scratch",service="${service}",status="${status}"} ${
            n * perMinute
          } ${t / 1000}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

const component = (name: string, annotations: Record<string, string> = {}) =>
  shopComponent(name, {
    'sightline.dev/metrics-dialect': 'prometheus-http',
    'sightline.dev/prometheus-selector': `namespace="scratch", service="${name}"`,
    ...annotations,
  });

const SYSTEM: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'shop',
    namespace: 'default',
    annotations: {
      'sightline.dev/slo-composites': `
- name: journey
  displayName: Checkout journey
  objective: 99
  window: 1d
  components:
    - { entity: busy, slo: availability, weight: 2 }
    - { entity: component:default/quiet, slo: availability }
- name: with-gaps
  objective: 99
  window: 1d
  components:
    - { entity: busy, slo: availability }
    - { entity: secret, slo: availability }
    - { entity: noslo, slo: availability }
- name: ruled-journey
  objective: 99
  window: 1d
  components:
    - { entity: ruled, slo: availability }
`,
    },
  },
  spec: { owner: 'team-shop' },
};

const SECRET_REF = 'component:default/secret';

describe('composite SLOs over a Prometheus of the test’s own', () => {
  let prometheus: ScratchPrometheus;
  let server: Awaited<ReturnType<typeof startObservabilityBackend>>['server'];

  beforeAll(async () => {
    prometheus = await ScratchPrometheus.start();
    await prometheus.backfillOpenMetrics(openMetrics());
    await prometheus.backfillRules(
      [{ name: 'sloth-5m', interval: '1m', rules: [slothRatio('5m')] }],
      { startMs: AT - DAY_MS - 10 * MINUTE_MS, endMs: AT + MINUTE_MS },
    );
    await prometheus.backfillRules(
      [
        {
          name: 'sloth-windows',
          interval: '1m',
          rules: ['30m', '1h', '2h', '6h', '1d', '3d'].map(slothRatio),
        },
      ],
      { startMs: AT - 5 * MINUTE_MS, endMs: AT + MINUTE_MS },
    );
    const entities = [
      SYSTEM,
      component('busy', { 'sightline.dev/slo-availability': '99.9' }),
      component('quiet', { 'sightline.dev/slo-availability': '95' }),
      component('secret', { 'sightline.dev/slo-availability': '99.9' }),
      component('ruled', { 'sightline.dev/slo-availability': '99.9' }),
      component('noslo', { 'sightline.dev/slo-latency': '99% < 300ms' }),
      component('broken', {
        'sightline.dev/slo-composites':
          '- { name: x, objective: 120, components: [{ entity: busy }] }',
      }),
    ];
    const catalog = catalogServiceMock({ entities });
    // The catalog as a permission policy makes it: `secret` exists, but no
    // caller may read it.
    const guarded = Object.assign(Object.create(catalog), {
      getEntityByRef(
        ref: string,
        options: { credentials: BackstageCredentials },
      ) {
        return ref === SECRET_REF
          ? Promise.resolve(undefined)
          : catalog.getEntityByRef(ref, options);
      },
    });
    ({ server } = await startObservabilityBackend({
      catalog: createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => guarded,
      }),
      observability: {
        clusters: [{ name: 'local', prometheus: { url: prometheus.url } }],
      },
    }));
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  async function composites(): Promise<CompositeSlosResponse> {
    const res = await request(server)
      .get('/api/observability/entities/system/default/shop/slos/composite')
      .query({ at: new Date(AT).toISOString() });
    expect(res.status).toBe(200);
    return res.body;
  }

  const byId = (body: CompositeSlosResponse, id: string) =>
    body.composites.find(c => c.definition.id === id) as CompositeSloEvaluation;

  it('equals the hand computation from the weighted counts, not the average of percentages', async () => {
    const body = await composites();
    expect(body.problems).toEqual([]);
    const journey = byId(body, 'journey');
    expect(journey.complete).toBe(true);
    // Over the day before AT: 1,440 minutes.
    const busy = { total: 1_440_000, bad: 1_440 };
    const quiet = { total: 14_400, bad: 1_440 };
    const weightedTotal = 2 * busy.total + quiet.total; // 2,894,400
    const weightedBad = 2 * busy.bad + quiet.bad; // 4,320
    const status = journey.status!;
    expectClose(status.total, weightedTotal);
    expectClose(status.good, weightedTotal - weightedBad);
    expectClose(status.sli, 1 - weightedBad / weightedTotal); // 99.851%
    // The budget: 1% of the weighted events may fail.
    const allowed = 0.01 * weightedTotal; // 28,944
    expectClose(status.budget.allowedEvents, allowed);
    expectClose(status.budget.consumed, weightedBad / allowed); // 14.9%
    // Within budget (a 1d window's ticket condition may still call it at risk).
    expect(status.status).not.toBe('violated');

    const [b, q] = journey.contributions;
    expect(b).toMatchObject({
      entityRef: 'component:default/busy',
      state: 'measured',
      weight: 2,
      sloName: expect.any(String),
    });
    expectClose(b.weightedBad, 2 * busy.bad);
    expectClose(q.weightedBad, quiet.bad);
    expectClose(b.budgetConsumed, (2 * busy.bad) / allowed);
    expectClose(q.budgetConsumed, quiet.bad / allowed);
    expectClose(b.badShare, 2 / 3);
    expectClose(b.sli, 0.999);
    expectClose(q.sli, 0.9);

    // The weighted average of the two SLIs is 96.6%: below the 99%
    // objective, it would call the journey violated while 99.85% of the
    // (weighted) requests succeeded.
    const averageOfPercentages = (2 * b.sli! + 1 * q.sli!) / 3;
    expectClose(averageOfPercentages, 0.966);
    expect(averageOfPercentages).toBeLessThan(journey.definition.objective);
    expect(status.sli!).toBeGreaterThan(journey.definition.objective);
  });

  it('burns over each window from the same weighted counts', async () => {
    const journey = byId(await composites(), 'journey');
    const burn = (w: string) =>
      journey.status!.burnRates.find(r => r.window === w)!;
    // Per hour: busy 60,000 requests (60 bad) ×2, quiet 600 (60 bad).
    expectClose(burn('1h').errorRatio, (2 * 60 + 60) / (2 * 60_000 + 600));
    expectClose(burn('1h').burnRate, (2 * 60 + 60) / (2 * 60_000 + 600) / 0.01);
    expectClose(burn('5m').errorRatio, (2 * 5 + 5) / (2 * 5_000 + 50));
    expect(journey.partialBurnRateWindows).toBeUndefined();
  });

  it('leaves out a hidden component without its figures, and a missing SLO with why', async () => {
    const body = await composites();
    const gaps = byId(body, 'with-gaps');
    expect(gaps.complete).toBe(false);
    const [busy, secret, noslo] = gaps.contributions;
    expect(busy.state).toBe('measured');
    expect(secret).toEqual({
      entityRef: SECRET_REF,
      slo: 'availability',
      weight: 1,
      state: 'hidden',
      message: expect.stringContaining('cannot read'),
    });
    expect(noslo).toMatchObject({
      entityRef: 'component:default/noslo',
      state: 'missing',
      message: expect.stringContaining('declares no SLO "availability"'),
    });
    // Only busy is counted: its own figures, at weight 1.
    expectClose(gaps.status!.total, 1_440_000);
    expectClose(gaps.status!.sli, 0.999);
    // 0.1% failing of a 1% allowance.
    expectClose(busy.budgetConsumed, 0.1);
    expect(busy.badShare).toBe(1);
  });

  it('weighs a component read from recording rules by the events of its raw series', async () => {
    const ruled = byId(await composites(), 'ruled-journey');
    const [c] = ruled.contributions;
    expect(c.state).toBe('measured');
    // The rules say 0.2% failed (twice the raw 0.1%); the raw series count
    // 1,440,000 requests over the day.
    expectClose(c.total, 1_440_000);
    expectClose(c.good, (1 - 0.002) * 1_440_000);
    expectClose(ruled.status!.sli, 0.998);
    expectClose(
      ruled.status!.burnRates.find(r => r.window === '1h')!.errorRatio,
      0.002,
    );
  });

  it('reports a bad declaration by its field and still answers', async () => {
    const res = await request(server).get(
      '/api/observability/entities/component/default/broken/slos/composite',
    );
    expect(res.status).toBe(200);
    expect(res.body.composites).toEqual([]);
    expect(res.body.problems.map((p: { field: string }) => p.field)).toEqual([
      'sightline.dev/slo-composites [0].objective',
      'sightline.dev/slo-composites [0].components[0].slo',
    ]);
  });
});
