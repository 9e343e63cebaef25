/**
 * Logs and traces end to end against the local telemetry stack: the Loki,
 * Tempo, Jaeger and Grafana stand-ins there are fed by the live demo
 * workload's own log and span files, so a trace id read from a log line
 * must resolve, through the traces route, to that very request's trace, and
 * the trace's "logs for this trace" window must bring the line back.
 */
import { LogLine } from '@sightline/plugin-observability-common';
import request from 'supertest';
import { ensureLocalStack } from '../__testUtils__/localStack';
import { shopComponent as entity } from '../__testUtils__/entities';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

type StackUrls = Record<
  'prometheus' | 'alertmanager' | 'loki' | 'tempo' | 'jaeger' | 'grafana',
  string
>;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('logs and traces against the local stack', () => {
  let server: Parameters<typeof request>[0];
  /** When the stack's live traces begin: the stand-ins keep no history before it. */
  let liveSinceMs: number;
  const base = '/api/observability/entities/component/default';

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    liveSinceMs = stack.anchorMs;
    const urls = stack.urls as unknown as StackUrls;
    if (!urls.loki) {
      throw new Error('The local stack reports no Loki stand-in; restart it');
    }
    ({ server } = await startObservabilityBackend({
      observability: {
        defaultCluster: 'local',
        clusters: [
          {
            name: 'local',
            prometheus: { url: urls.prometheus },
            loki: { url: urls.loki },
            tempo: { url: urls.tempo },
            grafana: {
              url: urls.grafana,
              externalUrl: 'http://localhost:3030',
            },
          },
          {
            name: 'kind-dev',
            prometheus: { url: urls.prometheus },
            loki: { url: urls.loki },
            jaeger: { url: urls.jaeger },
          },
        ],
      },
      entities: [
        entity('checkout'),
        entity('payments', {
          'sightline.dev/metrics-dialect': 'otel-http',
        }),
        entity('kbot', { 'sightline.dev/cluster': 'kind-dev' }),
      ],
    }));
  });

  /** The newest line of the last few minutes that names a trace and passes `accept`, waiting for traffic if need be. */
  async function recentLine(
    name: string,
    query: Record<string, string>,
    accept: (l: LogLine) => boolean,
  ) {
    for (let attempt = 0; attempt < 60; attempt++) {
      const res = await request(server)
        .get(`${base}/${name}/logs`)
        .query({
          from: String(Math.floor(Date.now() / 1000) - 600),
          limit: '500',
          ...query,
        });
      expect(res.status).toBe(200);
      const line = (res.body.lines as LogLine[]).find(
        l => l.traceId && accept(l),
      );
      if (line) return line;
      await sleep(1000);
    }
    throw new Error(
      `no log line of ${name} with a trace id in the last 10 minutes`,
    );
  }

  it("resolves a trace id from checkout's logs to that request's trace (Tempo) and back to its logs", async () => {
    const line = await recentLine(
      'checkout',
      { contains: '"route":"/api/checkout"' },
      l => l.fields.msg === 'order placed',
    );
    expect(line.labels).toMatchObject({
      namespace: 'shop',
      app: 'checkout',
      container: 'checkout',
    });

    const trace = await request(server).get(
      `${base}/checkout/traces/${line.traceId}`,
    );
    expect(trace.status).toBe(200);
    expect(trace.body.backend).toBe('tempo');
    expect(trace.body.traceId).toBe(line.traceId);
    // The log line's span is the request's server span: the root of its trace.
    const own = trace.body.spans.find((s: any) => s.spanId === line.spanId);
    expect(own).toMatchObject({
      service: 'checkout',
      kind: 'server',
      name: 'POST /api/checkout',
      depth: 0,
    });
    expect(trace.body.rootSpanIds).toEqual([line.spanId]);
    // It spans both services: checkout's client call(s) and payments' server span under each.
    expect(trace.body.services.map((s: any) => s.name)).toEqual([
      'checkout',
      'payments',
    ]);
    for (const span of trace.body.spans.filter(
      (s: any) => s.service === 'payments',
    )) {
      const parent = trace.body.spans.find(
        (s: any) => s.spanId === span.parentSpanId,
      );
      expect(parent).toMatchObject({ service: 'checkout', kind: 'client' });
    }
    expect(trace.body.problems).toEqual([]);
    expect(
      Math.abs(trace.body.durationMs - Number(line.fields.duration_ms)),
    ).toBeLessThan(5);
    expect(trace.body.logs.from).toBeLessThanOrEqual(line.timestamp - 300_000);
    expect(trace.body.logs.to).toBeGreaterThanOrEqual(
      Math.min(line.timestamp + 300_000, Date.now() - 1000),
    );

    // "Logs for this trace": the window brings back the line, and only lines of the trace.
    const { traceId, from, to } = trace.body.logs;
    const logs = await request(server)
      .get(`${base}/checkout/logs`)
      .query({ traceId, from: String(from), to: String(to) });
    expect(logs.status).toBe(200);
    expect(logs.body.lines.length).toBeGreaterThan(0);
    expect(logs.body.lines.every((l: LogLine) => l.traceId === traceId)).toBe(
      true,
    );
    expect(logs.body.lines.map((l: LogLine) => l.timestampNs)).toContain(
      line.timestampNs,
    );
    // payments logged its part of the same trace.
    const payments = await request(server)
      .get(`${base}/payments/logs`)
      .query({ traceId, from: String(from), to: String(to) });
    expect(payments.status).toBe(200);
    expect(payments.body.lines.length).toBe(
      trace.body.services.find((s: any) => s.name === 'payments').spanCount,
    );
  });

  it("resolves a trace id from kbot's logs through Jaeger (cluster kind-dev)", async () => {
    const line = await recentLine('kbot', {}, () => true);
    const trace = await request(server).get(
      `${base}/kbot/traces/${line.traceId}`,
    );
    expect(trace.status).toBe(200);
    expect(trace.body).toMatchObject({
      backend: 'jaeger',
      traceId: line.traceId,
      rootSpanIds: [line.spanId],
    });
    expect(trace.body.spans[0]).toMatchObject({
      service: 'kbot',
      name: 'POST /webhook',
      kind: 'server',
    });

    const logs = await request(server)
      .get(`${base}/kbot/logs`)
      .query({
        traceId: line.traceId,
        from: String(trace.body.logs.from),
        to: String(trace.body.logs.to),
      });
    expect(logs.body.lines.map((l: LogLine) => l.timestampNs)).toEqual([
      line.timestampNs,
    ]);
  });

  it("finds payments' failing traces and each resolves, with an error span of payments and its root's status", async () => {
    let traces: any[] = [];
    for (let attempt = 0; attempt < 60 && !traces.length; attempt++) {
      const res = await request(server)
        .get(`${base}/payments/traces`)
        .query({
          status: 'error',
          from: String(Math.floor(Date.now() / 1000) - 900),
          limit: '5',
        });
      expect(res.status).toBe(200);
      traces = res.body.traces;
      if (!traces.length) await sleep(2000);
    }
    expect(traces.length).toBeGreaterThan(0);
    // A search can find a trace whose root span is still open (the workload
    // sends each span when it ends): that summary's status is unknown.
    expect(traces.some(t => t.rootService)).toBe(true);
    for (const summary of traces) {
      expect(summary.errorCount).toBeGreaterThan(0);
      const trace = await request(server).get(
        `${base}/payments/traces/${summary.traceId}`,
      );
      expect(trace.status).toBe(200);
      expect(
        trace.body.spans.some(
          (s: any) => s.service === 'payments' && s.status.code === 'error',
        ),
      ).toBe(true);
      // The summary's status is its root span's, whatever the failed span under it.
      const root = trace.body.spans.find((s: any) => !s.parentSpanId);
      // Without a root in the search's answer, the status is unknown.
      let expected = 'unknown';
      if (summary.rootService) {
        expected = root?.status.code === 'error' ? 'error' : 'ok';
      }
      expect({
        status: summary.status,
        root: summary.rootService && root?.service,
      }).toEqual({ status: expected, root: summary.rootService });
    }
  });

  it("samples checkout's traces across the whole range, not its last seconds", async () => {
    // The range is the last hour, or as much of it as the stack has traces
    // for (a fresh stack, as in CI, has only minutes): at least three.
    await sleep(liveSinceMs + 3 * 60_000 - Date.now());
    const to = Date.now();
    const from = Math.max(to - 60 * 60_000, liveSinceMs);
    const started = performance.now();
    const res = await request(server)
      .get(`${base}/checkout/traces`)
      .query({ limit: '200', from: String(from), to: String(to) });
    const tookMs = performance.now() - started;
    expect(res.status).toBe(200);
    const { traces, range } = res.body;
    const starts: number[] = traces.map((t: any) => t.startMs);
    // The workload writes a few requests a second: 200 newest would be the
    // last minute, however long the range.
    expect(traces.length).toBeGreaterThan(100);
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThan(
      (range.end - range.start) / 2,
    );
    // A figure to compare runs by, not a bound: the machine is shared.
    process.stdout.write(
      `sampled ${traces.length} traces over ${Math.round(
        (Math.max(...starts) - Math.min(...starts)) / 60_000,
      )} min in ${Math.round(tookMs)} ms\n`,
    );
  });

  it('counts the same lines in the volume histogram as it returns', async () => {
    // A window in the past, so that lines and histogram see the same set.
    // Lines are [start, end); each histogram point t counts (t - step, t].
    const window = async () => {
      const to = Math.floor(Date.now() / 1000) - 20;
      const res = await request(server)
        .get(`${base}/checkout/logs`)
        .query({ from: String(to - 180), to: String(to), limit: '5000' });
      expect(res.status).toBe(200);
      const inside = (res.body.lines as LogLine[]).filter(
        l =>
          l.timestamp > res.body.range.start &&
          l.timestamp < res.body.range.end,
      );
      return { body: res.body, inside };
    };
    let { body, inside } = await window();
    for (let attempt = 0; attempt < 30 && !inside.length; attempt++) {
      await sleep(2000);
      ({ body, inside } = await window());
    }
    expect(body.truncated).toBe(false);
    expect(inside.length).toBeGreaterThan(0);
    const counted = body.volume.series.reduce(
      (n: number, s: any) =>
        n +
        s.points
          .filter(
            ([t]: [number, number]) =>
              t > body.range.start && t <= body.range.end,
          )
          .reduce((m: number, [, v]: [number, number]) => m + v, 0),
      0,
    );
    // Equal but for lines stamped exactly at the range's end (excluded from the lines).
    expect(counted - inside.length).toBeGreaterThanOrEqual(0);
    expect(counted - inside.length).toBeLessThanOrEqual(3);
    const byLevel = (level: string) =>
      body.volume.series.find((s: any) => s.labels.level === level);
    expect(byLevel('info')).toBeDefined();
  });

  it("lists checkout's dashboards from the Grafana stand-in", async () => {
    const res = await request(server).get(`${base}/checkout/dashboards`);
    expect(res.status).toBe(200);
    expect(res.body.dashboards.map((d: any) => d.uid)).toEqual([
      'checkout-red',
    ]);
    expect(res.body.dashboards[0].url).toBe(
      'http://localhost:3030/d/checkout-red/checkout-red',
    );
    // Prometheus is real here: the metrics link uses the detected dialect.
    const metrics = res.body.explore.find((l: any) => l.signal === 'metrics');
    expect(metrics.query).toContain(
      'http_requests_total{namespace="shop", service="checkout"}',
    );
  });
});
