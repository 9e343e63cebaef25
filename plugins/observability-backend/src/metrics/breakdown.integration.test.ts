/**
 * `GET .../red/breakdown?by=route|status` against the local stack's real
 * Prometheus and its backfilled history: the rows, their order and their
 * values equal what the test computes itself, minute by minute, from the
 * traffic model that generated the data (e2e/workload/model.mjs).
 *
 * Tolerances: request rates and p95 0.5 % relative (Prometheus
 * extrapolates rate() over the range; the same tolerance as
 * stack.integration.test.ts), error ratios 1e-6 absolute (numerator and
 * denominator are extrapolated alike, so the factor cancels).
 */
import request from 'supertest';
// The root declares the private e2e harness: published manifests must not.
// eslint-disable-next-line @backstage/no-undeclared-imports
import * as model from '@sightline/e2e/workload/model.mjs';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { shopComponent } from '../__testUtils__/entities';
import { startStackBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

const DAY_MS = 86_400_000;

type Buckets = { le: number; count: number }[];

/** histogram_quantile's linear interpolation over cumulative buckets (last one +Inf). */
function histogramQuantile(q: number, buckets: Buckets): number {
  const total = buckets[buckets.length - 1].count;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return lowerBound;
      return (
        lowerBound +
        ((le - lowerBound) * (rank - lowerCount)) / (count - lowerCount)
      );
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}

interface Tally {
  requests: number;
  errors: number;
  buckets: number[];
}

/** Requests, errors and cumulative latency buckets per key, over [from, to). */
function tally(
  service: model.ServiceName,
  from: number,
  to: number,
  anchorMs: number,
  keyOf: (route: model.RouteMinute, outcome: 'ok' | 'error') => string,
): Map<string, Tally> {
  const boundaries = model.SERVICES[service].buckets;
  const result = new Map<string, Tally>();
  for (let m = from / 60_000; m < to / 60_000; m++) {
    for (const route of model.minuteStats(service, m, anchorMs)) {
      for (const outcome of ['ok', 'error'] as const) {
        const key = keyOf(route, outcome);
        const t = result.get(key) ?? {
          requests: 0,
          errors: 0,
          buckets: new Array(boundaries.length + 1).fill(0),
        };
        const h = route[outcome];
        t.requests += h.count;
        if (outcome === 'error') t.errors += h.count;
        h.buckets.forEach((c, i) => {
          t.buckets[i] += c;
        });
        t.buckets[boundaries.length] += h.count; // +Inf
        result.set(key, t);
      }
    }
  }
  return result;
}

function p95(service: model.ServiceName, t: Tally): number {
  const boundaries = [...model.SERVICES[service].buckets, Infinity];
  return histogramQuantile(
    0.95,
    boundaries.map((le, i) => ({ le, count: t.buckets[i] })),
  );
}

const relative = (actual: number, expected: number) =>
  Math.abs(actual - expected) / expected;

describe('RED breakdown against the local stack', () => {
  let stack: LocalStack;
  let server: Awaited<ReturnType<typeof startStackBackend>>;

  beforeAll(async () => {
    stack = await ensureLocalStack();
    server = await startStackBackend(stack, [
      shopComponent('checkout', {
        'sightline.dev/metrics-dialect': 'prometheus-http',
      }),
    ]);
  });

  /** A whole UTC day of backfilled history, `daysAgo` before the stack's start. */
  function backfilledDay(daysAgo: number) {
    const from =
      Math.floor(stack.anchorMs / DAY_MS) * DAY_MS - daysAgo * DAY_MS;
    return { from, to: from + DAY_MS };
  }

  const breakdown = (query: Record<string, string>) =>
    request(server)
      .get(
        '/api/observability/entities/component/default/checkout/red/breakdown',
      )
      .query(query);

  it.each([3, 5])(
    'by=route gives each route of a backfilled day (%i days ago), busiest first, as the model does',
    async daysAgo => {
      const { from, to } = backfilledDay(daysAgo);
      const expected = tally(
        'checkout',
        from,
        to,
        stack.anchorMs,
        r => r.route,
      );
      const order = [...expected.entries()].sort(
        (a, b) => b[1].requests - a[1].requests,
      );
      expect(order.map(([route]) => route)).toEqual([
        '/api/cart',
        '/api/checkout',
      ]);

      const res = await breakdown({
        by: 'route',
        from: String(from / 1000),
        to: String(to / 1000),
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: 'component:default/checkout',
        by: 'route',
        label: 'route',
      });
      expect(res.body.rows.map((r: any) => r.key)).toEqual(
        order.map(([route]) => route),
      );
      for (const [i, [, t]] of order.entries()) {
        const row = res.body.rows[i];
        expect(relative(row.requestRate, t.requests / 86_400)).toBeLessThan(
          0.005,
        );
        expect(Math.abs(row.errorRatio - t.errors / t.requests)).toBeLessThan(
          1e-6,
        );
        expect(relative(row.latencyP95, p95('checkout', t))).toBeLessThan(
          0.005,
        );
      }
    },
  );

  it('by=route with limit=1 keeps only the busiest route', async () => {
    const { from, to } = backfilledDay(5);
    const expected = tally('checkout', from, to, stack.anchorMs, r => r.route);
    const cart = expected.get('/api/cart')!;
    const res = await breakdown({
      by: 'route',
      limit: '1',
      from: String(from / 1000),
      to: String(to / 1000),
    });
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0].key).toBe('/api/cart');
    expect(
      relative(res.body.rows[0].requestRate, cart.requests / 86_400),
    ).toBeLessThan(0.005);
  });

  it.each([3, 5])(
    'by=status gives each status of a backfilled day (%i days ago), most frequent first, as the model does',
    async daysAgo => {
      const { from, to } = backfilledDay(daysAgo);
      const svc = model.SERVICES.checkout;
      const expected = tally('checkout', from, to, stack.anchorMs, (_, o) =>
        o === 'ok' ? svc.okStatus : svc.errorStatus,
      );
      const order = [...expected.entries()].sort(
        (a, b) => b[1].requests - a[1].requests,
      );
      expect(order.map(([status]) => status)).toEqual(['200', '500']);
      // Day 3 holds checkout's two-hour 20 % incident: plenty of 500s.
      expect(expected.get('500')!.requests).toBeGreaterThan(0);

      const res = await breakdown({
        by: 'status',
        from: String(from / 1000),
        to: String(to / 1000),
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ by: 'status', label: 'status' });
      expect(res.body.rows.map((r: any) => r.key)).toEqual(
        order.map(([status]) => status),
      );
      for (const [i, [, t]] of order.entries()) {
        const row = res.body.rows[i];
        expect(relative(row.requestRate, t.requests / 86_400)).toBeLessThan(
          0.005,
        );
        expect(row.errorRatio).toBeUndefined();
        expect(relative(row.latencyP95, p95('checkout', t))).toBeLessThan(
          0.005,
        );
      }
      // The rows add up to the whole: nothing is counted twice or lost.
      const total = res.body.rows.reduce(
        (a: number, r: any) => a + r.requestRate,
        0,
      );
      const all = [...expected.values()].reduce((a, t) => a + t.requests, 0);
      expect(relative(total, all / 86_400)).toBeLessThan(0.005);
    },
  );
});
