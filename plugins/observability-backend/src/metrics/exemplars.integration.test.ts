/**
 * Exemplars end to end against the local stack: checkout (prom-client,
 * OpenMetrics) attaches the request's trace id to its latency buckets,
 * Prometheus stores them (--enable-feature=exemplar-storage), the RED route
 * returns them with their trace ids, and each trace id resolves in the
 * Tempo stand-in, so a click on a latency point can open its trace.
 */
import request from 'supertest';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { startStackBackend } from '../__testUtils__/localStackBackend';
import { shopComponent } from '../__testUtils__/entities';
import { EXEMPLAR_SLICES } from './exemplarSample';

jest.setTimeout(240_000);

describe('exemplars of the RED latency histogram', () => {
  let stack: LocalStack & { urls: { tempo: string } };
  let server: Awaited<ReturnType<typeof startStackBackend>>;

  beforeAll(async () => {
    stack = (await ensureLocalStack()) as typeof stack;
    server = await startStackBackend(
      stack,
      [
        shopComponent('checkout', {
          'sightline.dev/metrics-dialect': 'prometheus-http',
        }),
      ],
      { tempo: { url: stack.urls.tempo } },
    );
  });

  it('returns exemplars whose trace ids exist in Tempo', async () => {
    let exemplars: Array<{ traceId?: string; value: number }> = [];
    // Exemplars arrive with the scrapes after the stack's start.
    for (let i = 0; i < 30 && exemplars.length === 0; i++) {
      const to = new Date();
      const res = await request(server)
        .get('/api/observability/entities/component/default/checkout/red')
        .query({
          from: new Date(to.getTime() - 15 * 60_000).toISOString(),
          to: to.toISOString(),
        });
      expect(res.status).toBe(200);
      exemplars = res.body.exemplars;
      if (exemplars.length === 0) await new Promise(r => setTimeout(r, 2000));
    }
    expect(exemplars.length).toBeGreaterThan(0);
    for (const e of exemplars) {
      expect(e.traceId).toMatch(/^[0-9a-f]{32}$/);
      // Seconds, as the histogram is: checkout's requests take 5 ms to 10 s.
      expect(e.value).toBeGreaterThan(0);
      expect(e.value).toBeLessThan(30);
    }
    const latest = exemplars[exemplars.length - 1].traceId;
    const trace = await fetch(`${stack.urls.tempo}/api/traces/${latest}`);
    expect(trace.status).toBe(200);
    const body = (await trace.json()) as { batches: unknown[] };
    expect(body.batches.length).toBeGreaterThan(0);
  });

  /** Everything Prometheus holds for the range, asked directly. */
  async function heldExemplars(range: { start: number; end: number }) {
    const direct = await fetch(
      new URL('/api/v1/query_exemplars', stack.urls.prometheus),
      {
        method: 'POST',
        body: new URLSearchParams({
          query:
            'http_request_duration_seconds_bucket{namespace="shop", service="checkout"}',
          start: String(range.start / 1000),
          end: String(range.end / 1000),
        }),
      },
    );
    return (
      (await direct.json()) as {
        data: Array<{
          seriesLabels: Record<string, string>;
          exemplars: Array<{
            labels: Record<string, string>;
            value: string;
            timestamp: number;
          }>;
        }>;
      }
    ).data.flatMap(s =>
      s.exemplars.map(e => ({
        traceId: e.labels.trace_id,
        timestamp: e.timestamp * 1000,
        value: Number(e.value),
        status: s.seriesLabels.status,
      })),
    );
  }

  it('samples the whole hour, keeping the slowest and the failed', async () => {
    type Sampled = {
      traceId: string;
      timestamp: number;
      value: number;
      error: boolean;
      labels: Record<string, string>;
    };
    /** The route's last hour, and what Prometheus holds for its range. */
    const lastHour = async () => {
      const to = Date.now();
      const res = await request(server)
        .get('/api/observability/entities/component/default/checkout/red')
        .query({
          from: new Date(to - 3_600_000).toISOString(),
          to: new Date(to).toISOString(),
        });
      expect(res.status).toBe(200);
      const range: { start: number; end: number } = res.body.range;
      const sampled: Sampled[] = res.body.exemplars;
      return { range, sampled, held: await heldExemplars(range) };
    };
    // More than the limit, or there would be nothing to choose. A stack
    // started with the tests gets there about four minutes in: exemplars
    // begin a minute or two after its start and come about 80 a minute.
    const deadline = Date.now() + 6 * 60_000;
    let hour = await lastHour();
    while (hour.held.length <= 200 && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 5000));
      hour = await lastHour();
    }
    const { range, sampled, held } = hour;
    expect(held.length).toBeGreaterThan(200);
    expect(sampled.length).toBeLessThanOrEqual(200);

    // The sampler's equal slices of the range. Exemplars of the last
    // scrapes may have reached Prometheus after the route asked: only those
    // older than three scrape intervals are held by both.
    const sliceOf = (t: number) =>
      Math.min(
        EXEMPLAR_SLICES - 1,
        Math.floor(
          ((t - range.start) / (range.end - range.start)) * EXEMPLAR_SLICES,
        ),
      );
    const settled = held.filter(e => e.timestamp <= range.end - 15_000);
    // Every slice that has requests is drawn: a young stack's few minutes as
    // much as a full hour.
    const drawn = new Set(sampled.map(e => sliceOf(e.timestamp)));
    for (const slice of new Set(settled.map(e => sliceOf(e.timestamp)))) {
      expect(drawn).toContain(slice);
    }
    const kept = new Set(sampled.map(e => e.traceId));
    const slowest = settled.reduce((a, b) => (b.value > a.value ? b : a));
    expect(kept).toContain(slowest.traceId);
    // Failures are rare outside the backfilled incidents: each slice keeps
    // its slowest two.
    const failed = settled.filter(e => e.status === '500');
    expect(failed.length).toBeLessThan(50);
    for (const slice of new Set(failed.map(e => sliceOf(e.timestamp)))) {
      const slowestFailed = failed
        .filter(e => sliceOf(e.timestamp) === slice)
        .sort((a, b) => b.value - a.value)
        .slice(0, 2);
      for (const e of slowestFailed) expect(kept).toContain(e.traceId);
    }
    for (const e of sampled) {
      expect(e.error).toBe(e.labels.status === '500');
    }
  }, 480_000);
});
