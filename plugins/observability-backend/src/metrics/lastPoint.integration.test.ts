/**
 * The right edge of a 7-day RED chart against the local stack's real
 * Prometheus: the last point is the rate of the last whole step at or before
 * the request, as Prometheus computes it directly for that step. A range end
 * rounded up past now made it a rate over a window mostly in the future
 * (1.6 req/s where checkout served 5.4).
 *
 * Tolerance: 0.1 % relative, as chart points carry five significant digits.
 */
import request from 'supertest';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { shopComponent } from '../__testUtils__/entities';
import {
  stackQuery,
  startStackBackend,
} from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

const DAY_MS = 86_400_000;

describe('the last point of a 7-day RED series', () => {
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

  it('is the rate of the last whole step before now', async () => {
    const to = Date.now();
    const res = await request(server)
      .get('/api/observability/entities/component/default/checkout/red')
      .query({
        from: new Date(to - 7 * DAY_MS).toISOString(),
        to: new Date(to).toISOString(),
      });
    expect(res.status).toBe(200);
    const { stepMs } = res.body.range;
    expect(stepMs).toBe(600_000);
    const lastStep = Math.floor(to / stepMs) * stepMs;

    // The chart's total: the status classes' series added at the last time.
    const series: Array<{ points: [number, number][] }> = res.body.requestRate;
    const lastTime = Math.max(...series.flatMap(s => s.points.map(p => p[0])));
    expect(new Date(lastTime).toISOString()).toBe(
      new Date(lastStep).toISOString(),
    );
    const lastPoint = series
      .flatMap(s => s.points)
      .filter(([t]) => t === lastTime)
      .reduce((sum, [, v]) => sum + v, 0);

    const [direct] = await stackQuery(
      stack,
      `sum(increase(http_requests_total{namespace="shop", service="checkout"}[${
        stepMs / 1000
      }s])) / ${stepMs / 1000}`,
      lastStep / 1000,
    );
    const expected = Number(direct.value[1]);
    expect(expected).toBeGreaterThan(1);
    expect(Math.abs(lastPoint - expected) / expected).toBeLessThan(0.001);
  });
});
