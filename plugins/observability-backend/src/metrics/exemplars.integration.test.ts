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
});
