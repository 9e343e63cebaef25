/**
 * The logs, traces and dashboards routes through the whole backend plugin
 * (startTestBackend), against the HTTP stand-ins for Loki, Tempo, Jaeger and
 * Grafana (e2e/standins) fed with deterministic logs and spans in the demo
 * workload's file formats.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { createServer } from 'node:net';
import request from 'supertest';
import { param, Standins, startStandins } from '../__testUtils__/standins';
import { writeTelemetryFixtures } from '../__testUtils__/telemetryFixtures';
import { shopComponent as entity } from '../__testUtils__/entities';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(60_000);

const GRAFANA_TOKEN = 'glsa_standin-secret-token';

async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise(r => server.close(r));
  return `http://127.0.0.1:${port}`;
}

describe('logs, traces and dashboards routes', () => {
  let standins: Standins;
  let fixtures: ReturnType<typeof writeTelemetryFixtures>;
  let server: Parameters<typeof request>[0];
  const base = '/api/observability/entities/component/default';

  beforeAll(async () => {
    standins = await startStandins({ grafanaToken: GRAFANA_TOKEN });
    fixtures = writeTelemetryFixtures(standins.stateDir, Date.now());
    const nowhere = await closedPort();
    const { urls } = standins;
    ({ server } = await startObservabilityBackend({
      observability: {
        defaultCluster: 'local',
        clusters: [
          {
            name: 'local',
            // Down: nothing here may depend on it.
            prometheus: { url: nowhere },
            loki: { url: urls.loki },
            tempo: { url: urls.tempo },
            grafana: {
              url: urls.grafana,
              externalUrl: 'https://grafana.example.com/g',
              token: GRAFANA_TOKEN,
              datasources: {
                prometheus: 'prom-uid',
                loki: 'loki-uid',
                tempo: 'tempo-uid',
              },
            },
          },
          {
            name: 'kind-dev',
            loki: { url: urls.loki },
            jaeger: { url: urls.jaeger },
            grafana: { url: urls.grafana, token: GRAFANA_TOKEN },
          },
          {
            name: 'broken',
            loki: { url: nowhere },
            tempo: { url: urls.tempo },
          },
        ],
      },
      entities: [
        entity('checkout'),
        entity('payments'),
        entity('kbot', { 'sightline.dev/cluster': 'kind-dev' }),
        entity('bad-logs', {
          'sightline.dev/log-selector': '{namespace="shop"} |= "x"',
        }),
        entity('dash', {
          'sightline.dev/grafana-dashboards': 'shop-overview, nope, tag:shop',
        }),
        entity('broken-checkout', {
          'backstage.io/kubernetes-id': 'checkout',
          'sightline.dev/trace-service': 'checkout',
          'sightline.dev/cluster': 'broken',
        }),
      ],
    }));
  });

  afterAll(async () => {
    await standins?.stop();
  });

  beforeEach(() => standins.reset());

  describe('GET .../logs', () => {
    it('answers the lines newest first with fields, level, trace ids and the volume by level', async () => {
      const res = await request(server).get(`${base}/checkout/logs`);
      expect(res.status).toBe(200);
      const body = res.body;
      expect(body.selector).toBe('{namespace="shop", app="checkout"}');
      expect(body.lines).toHaveLength(fixtures.checkoutLines);
      expect(body.truncated).toBe(false);
      const times = body.lines.map((l: any) => l.timestamp);
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      const placed = body.lines.find(
        (l: any) => l.fields.msg === 'order placed',
      );
      expect(placed).toMatchObject({
        format: 'json',
        level: 'info',
        traceId: fixtures.order.traceId,
        spanId: fixtures.order.rootSpanId,
        labels: {
          namespace: 'shop',
          app: 'checkout',
          pod: 'checkout-7c9f6d5b8-x2k9p',
          container: 'checkout',
        },
      });
      expect(placed.timestampNs).toBe(`${placed.timestamp}000000`);

      // The histogram counts the same lines, by level.
      const total = (level: string) =>
        body.volume.series
          .find((s: any) => s.labels.level === level)
          ?.points.reduce((n: number, [, v]: [number, number]) => n + v, 0);
      expect(total('error')).toBe(3);
      expect(total('warn')).toBe(1);
      expect(total('info')).toBe(fixtures.checkoutLines - 4);
      expect(body.volume.stepMs).toBe(60_000);
      expect(body.queries).toEqual([
        { name: 'lines', query: '{namespace="shop", app="checkout"}' },
        {
          name: 'volume',
          query:
            'sum by (level) (count_over_time({namespace="shop", app="checkout"} | json level="level" | drop __error__, __error_details__ [1m]))',
        },
      ]);
    });

    it('filters by level, text, trace id and limit, in either direction', async () => {
      const errors = await request(server)
        .get(`${base}/checkout/logs`)
        .query({ level: 'error,warn', direction: 'forward' });
      expect(errors.status).toBe(200);
      expect(errors.body.lines.map((l: any) => l.level).sort()).toEqual([
        'error',
        'error',
        'error',
        'warn',
      ]);
      const times = errors.body.lines.map((l: any) => l.timestamp);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(errors.body.queries[0].query).toBe(
        '{namespace="shop", app="checkout"} | json level="level" | level=~"(?i)warn|warning|error|err"',
      );

      const odd = await request(server)
        .get(`${base}/checkout/logs`)
        .query({ contains: 'vector(1) or {' });
      expect(odd.body.lines).toHaveLength(1);
      expect(odd.body.lines[0].fields.msg).toContain('日本語 🚀');

      const trace = await request(server)
        .get(`${base}/checkout/logs`)
        .query({ traceId: fixtures.order.traceId.toUpperCase() });
      expect(trace.body.lines.map((l: any) => l.fields.msg).sort()).toEqual([
        'order placed',
        'payments answered 503, retrying (attempt 1/3)',
      ]);

      const limited = await request(server)
        .get(`${base}/checkout/logs`)
        .query({ limit: 5 });
      expect(limited.body.lines).toHaveLength(5);
      expect(limited.body.truncated).toBe(true);
      const [sent] = (await standins.requests('loki')).filter(
        r => param(r, 'limit') === '5',
      );
      expect(param(sent, 'direction')).toBe('backward');
    });

    it.each([
      [{ level: 'verbose' }, "'level.0'"],
      // The OpenAPI validator answers these before the handler runs.
      [
        { contains: 'x'.repeat(201) },
        'query/contains must NOT have more than 200',
      ],
      [
        { contains: 'nul\u0000byte' },
        "'contains' must not contain control characters",
      ],
      [{ traceId: 'abc' }, "'traceId' must be a trace id"],
      [{ traceId: `${'a'.repeat(31)}g` }, "'traceId'"],
      [{ limit: '0' }, 'query/limit must be >= 1'],
      [{ limit: '5001' }, 'query/limit must be <= 5000'],
      [{ direction: 'sideways' }, 'query/direction must be equal to one of'],
      [{ from: '"} or vector(1)' }, "'from'"],
      [{ contains: ['a', 'b'] }, 'query/contains must be string'],
    ])(
      'refuses %j with a 400 naming the parameter, asking Loki nothing',
      async (query, message) => {
        const res = await request(server)
          .get(`${base}/checkout/logs`)
          .query(query);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(message);
        expect(await standins.requests('loki')).toEqual([]);
      },
    );

    it('answers 400 naming a malformed log-selector annotation', async () => {
      const res = await request(server).get(`${base}/bad-logs/logs`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^Annotation sightline\.dev\/log-selector is malformed: .*Example: \{namespace="shop", app="checkout"\}$/,
      );
      expect(await standins.requests('loki')).toEqual([]);
    });

    it('names Loki when it is down, while traces of the same cluster still answer', async () => {
      const logs = await request(server).get(`${base}/broken-checkout/logs`);
      expect(logs.status).toBe(503);
      expect(logs.body.error.message).toContain(
        "Loki of cluster 'broken' refused the connection",
      );
      const traces = await request(server).get(
        `${base}/broken-checkout/traces`,
      );
      expect(traces.status).toBe(200);
      expect(traces.body.traces.length).toBeGreaterThan(0);

      // A cluster without Grafana serves the trace without an Explore link.
      const trace = await request(server).get(
        `${base}/broken-checkout/traces/${fixtures.order.traceId}`,
      );
      expect(trace.status).toBe(200);
      expect(trace.body.spans.length).toBeGreaterThan(0);
      expect(trace.body).not.toHaveProperty('exploreUrl');
    });
  });

  describe('GET .../traces (Tempo)', () => {
    it('searches the service with TraceQL and summarises what Tempo found', async () => {
      const res = await request(server)
        .get(`${base}/checkout/traces`)
        .query({ limit: 100 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        backend: 'tempo',
        serviceName: 'checkout',
        queries: [
          { name: 'traceql', query: '{ resource.service.name = "checkout" }' },
        ],
      });
      const ids = res.body.traces.map((t: any) => t.traceId);
      expect(ids).toContain(fixtures.order.traceId);
      expect(ids).not.toContain(fixtures.paymentsOnlyTraceId);
      expect(ids).toHaveLength(61);
      const order = res.body.traces.find(
        (t: any) => t.traceId === fixtures.order.traceId,
      );
      expect(order).toMatchObject({
        rootService: 'checkout',
        rootName: 'POST /api/checkout',
        durationMs: 300,
        // Its root succeeded after a retried payment: not a failed trace, one with failures.
        status: 'ok',
        spanCount: 5,
        errorCount: 2,
        services: expect.arrayContaining([
          { name: 'checkout', spanCount: 3, errorCount: 1 },
          { name: 'payments', spanCount: 2, errorCount: 1 },
        ]),
      });
      // Only the answered traces with failed spans had their root span read: the order and 3 carts.
      const byId = (await standins.requests('tempo')).filter(r =>
        r.path.startsWith('/api/traces/'),
      );
      expect(byId).toHaveLength(4);
      expect(byId.map(r => r.path)).toContain(
        `/api/traces/${fixtures.order.traceId}`,
      );
    });

    it('filters by status, duration and operation on the same span', async () => {
      const failed = await request(server)
        .get(`${base}/checkout/traces`)
        .query({ status: 'error', minDuration: '50ms', operation: 'POST' });
      expect(failed.status).toBe(200);
      expect(failed.body.queries[0].query).toBe(
        '{ resource.service.name = "checkout" && status = error && duration >= 50ms && name = "POST" }',
      );
      expect(failed.body.traces.map((t: any) => t.traceId)).toEqual([
        fixtures.order.traceId,
      ]);

      const cartErrors = await request(server)
        .get(`${base}/checkout/traces`)
        .query({ status: 'error', operation: 'GET /api/cart' });
      expect(cartErrors.body.traces).toHaveLength(3);
      // Their root span is the failed request itself.
      expect(cartErrors.body.traces.map((t: any) => t.status)).toEqual([
        'error',
        'error',
        'error',
      ]);
    });

    it('samples a small limit across the whole range, not its newest traces', async () => {
      const res = await request(server)
        .get(`${base}/checkout/traces`)
        .query({ limit: 10 });
      expect(res.status).toBe(200);
      const starts = res.body.traces.map((t: any) => t.startMs);
      expect(starts).toHaveLength(10);
      // One cart request a minute for the hour: ten of them cover most of it.
      expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThan(
        45 * 60_000,
      );
      expect(starts).toEqual([...starts].sort((a, b) => b - a));
      const searches = (await standins.requests('tempo')).filter(
        r => r.path === '/api/search',
      );
      expect(searches).toHaveLength(10);
      expect(res.body.queries).toHaveLength(1);
    });

    it.each([
      [{ status: 'failed' }, 'query/status must be equal to one of'],
      [{ minDuration: 'forever' }, "'minDuration'"],
      [{ minDuration: '2d' }, "'minDuration'"],
      [{ operation: '' }, "'operation'"],
      [
        { operation: 'o'.repeat(201) },
        'query/operation must NOT have more than 200',
      ],
      [{ limit: '501' }, 'query/limit must be <= 500'],
    ])(
      'refuses %j with a 400, asking Tempo nothing',
      async (query, message) => {
        const res = await request(server)
          .get(`${base}/checkout/traces`)
          .query(query);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(message);
        expect(await standins.requests('tempo')).toEqual([]);
      },
    );
  });

  describe('GET .../traces/{traceId}', () => {
    it('answers the whole trace as a tree with the window for its logs', async () => {
      const res = await request(server).get(
        `${base}/checkout/traces/${fixtures.order.traceId}`,
      );
      expect(res.status).toBe(200);
      const body = res.body;
      expect(body).toMatchObject({
        backend: 'tempo',
        traceId: fixtures.order.traceId,
        startMs: fixtures.order.startMs,
        endMs: fixtures.order.endMs,
        durationMs: 300,
        rootSpanIds: [fixtures.order.rootSpanId],
        problems: [],
        logs: {
          traceId: fixtures.order.traceId,
          from: fixtures.order.startMs - 300_000,
          to: expect.any(Number),
          marginMs: 300_000,
        },
      });
      expect(
        body.spans.map(
          (s: any) =>
            `${'  '.repeat(s.depth)}${s.service} ${s.name} ${s.status.code}`,
        ),
      ).toEqual([
        'checkout POST /api/checkout unset',
        '  checkout POST error',
        '    payments POST /api/payments error',
        '  checkout POST unset',
        '    payments POST /api/payments unset',
      ]);
      expect(body.spans[0]).toMatchObject({
        kind: 'server',
        childSpanIds: [body.spans[1].spanId, body.spans[3].spanId],
        resource: { 'service.name': 'checkout', 'service.namespace': 'shop' },
        attributes: { 'http.response.status_code': 200 },
      });
      expect(body.logs.to).toBe(
        Math.min(fixtures.order.endMs + 300_000, Date.now()),
      );

      // Grafana Explore opened on this trace, in the Tempo data source, over the logs window.
      const explore = new URL(body.exploreUrl);
      expect(`${explore.origin}${explore.pathname}`).toBe(
        'https://grafana.example.com/g/explore',
      );
      expect(JSON.parse(explore.searchParams.get('panes')!)).toEqual({
        sightline: {
          datasource: 'tempo-uid',
          queries: [
            {
              refId: 'A',
              datasource: { type: 'tempo', uid: 'tempo-uid' },
              queryType: 'traceql',
              query: fixtures.order.traceId,
            },
          ],
          range: { from: String(body.logs.from), to: String(body.logs.to) },
        },
      });

      // The window, given to the logs route, finds the trace's lines.
      const logs = await request(server)
        .get(`${base}/checkout/logs`)
        .query({
          traceId: body.logs.traceId,
          from: String(body.logs.from),
          to: String(body.logs.to),
        });
      expect(logs.status).toBe(200);
      expect(logs.body.lines).toHaveLength(2);
      expect(
        logs.body.lines.every((l: any) => l.traceId === fixtures.order.traceId),
      ).toBe(true);
    });

    it.each([
      ['Tempo', 'checkout'],
      ['Jaeger', 'kbot'],
    ])(
      "answers a trace without a span of the entity's service (%s) with the very 404 of an unknown one",
      async (backend, name) => {
        const unknownId = 'e'.repeat(32);
        const get = (id: string) =>
          request(server).get(`${base}/${name}/traces/${id}`);
        const [other, unknown] = await Promise.all([
          get(fixtures.paymentsOnlyTraceId),
          get(unknownId),
        ]);
        expect(other.status).toBe(404);
        expect(unknown.status).toBe(404);
        // Byte for byte the same but for the id asked for: nothing tells
        // the caller that another service has this trace.
        expect(
          other.text.replaceAll(fixtures.paymentsOnlyTraceId, '<id>'),
        ).toBe(unknown.text.replaceAll(unknownId, '<id>'));
        expect(unknown.body.error.message).toBe(
          `Trace ${unknownId} was not found among the spans of service '${name}' (sightline.dev/trace-service of component:default/${name}) in ${backend} of cluster '${
            backend === 'Tempo' ? 'local' : 'kind-dev'
          }'`,
        );
      },
    );

    it('answers a trace to the entity whose service has spans in it', async () => {
      const own = await request(server).get(
        `${base}/payments/traces/${fixtures.paymentsOnlyTraceId}`,
      );
      expect(own.status).toBe(200);
    });

    it('refuses what is not a trace id with a 400, asking Tempo nothing', async () => {
      for (const id of [
        'xyz',
        'a'.repeat(33),
        '%22%7D%20or%20%7B',
        '..%2F..%2Fapi%2Fsearch',
      ]) {
        const res = await request(server).get(`${base}/checkout/traces/${id}`);
        expect(res.status).toBe(400);
      }
      expect(await standins.requests('tempo')).toEqual([]);
    });
  });

  describe('Jaeger (cluster kind-dev)', () => {
    it('searches and reads traces through the same routes', async () => {
      const search = await request(server)
        .get(`${base}/kbot/traces`)
        .query({ status: 'error', minDuration: '100ms' });
      expect(search.status).toBe(200);
      expect(search.body).toMatchObject({
        backend: 'jaeger',
        serviceName: 'kbot',
        traces: [
          {
            traceId: fixtures.kbotTraceId,
            rootService: 'kbot',
            status: 'error',
            durationMs: 610,
          },
        ],
      });
      const [sent] = await standins.requests('jaeger');
      expect(sent.path).toBe('/api/traces');
      expect(param(sent, 'service')).toBe('kbot');
      expect(param(sent, 'tags')).toBe('{"error":"true"}');
      expect(param(sent, 'minDuration')).toBe('100ms');

      const trace = await request(server).get(
        `${base}/kbot/traces/${fixtures.kbotTraceId}`,
      );
      expect(trace.status).toBe(200);
      // No Jaeger data source uid configured: Grafana's default one opens the id.
      expect(
        JSON.parse(new URL(trace.body.exploreUrl).searchParams.get('panes')!)
          .sightline.queries,
      ).toEqual([{ refId: 'A', query: fixtures.kbotTraceId }]);
      expect(trace.body).toMatchObject({
        backend: 'jaeger',
        spans: [
          {
            service: 'kbot',
            name: 'POST /webhook',
            kind: 'server',
            status: { code: 'error' },
            depth: 0,
          },
        ],
      });
      const logs = await request(server)
        .get(`${base}/kbot/logs`)
        .query({
          traceId: fixtures.kbotTraceId,
          from: String(trace.body.logs.from),
          to: String(trace.body.logs.to),
        });
      expect(logs.body.lines.map((l: any) => l.fields.msg)).toEqual([
        'telegram API timeout',
      ]);
    });

    it('keeps only traces without errors when asked for ok ones, and says how', async () => {
      const ok = await request(server)
        .get(`${base}/kbot/traces`)
        .query({ status: 'ok' });
      expect(ok.status).toBe(200);
      expect(ok.body.traces).toEqual([]);
      // Once, though each slice of the range was searched on its own.
      expect(
        ok.body.notes.filter((n: string) =>
          n.startsWith('Jaeger cannot search for spans without errors'),
        ),
      ).toHaveLength(1);
    });
  });

  describe('GET .../dashboards', () => {
    it("lists the entity's dashboards by tag with Explore links, without the Grafana token", async () => {
      const res = await request(server).get(`${base}/checkout/dashboards`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        grafanaUrl: 'https://grafana.example.com/g',
        dashboards: [
          {
            uid: 'checkout-red',
            title: 'Checkout / RED',
            url: 'https://grafana.example.com/g/d/checkout-red/checkout-red',
            folderTitle: 'Shop',
            matchedBy: ['tag:checkout'],
          },
        ],
        missing: [],
      });
      const links = Object.fromEntries(
        res.body.explore.map((l: any) => [l.signal, l]),
      );
      // Prometheus is down here: the link falls back to the entity's series.
      expect(links.metrics).toMatchObject({
        language: 'promql',
        query: '{namespace="shop", service="checkout"}',
        datasourceUid: 'prom-uid',
      });
      expect(links.logs).toMatchObject({
        query: '{namespace="shop", app="checkout"}',
        datasourceUid: 'loki-uid',
      });
      expect(links.traces).toMatchObject({
        language: 'traceql',
        query: '{ resource.service.name = "checkout" }',
        datasourceUid: 'tempo-uid',
      });
      const url = new URL(links.logs.url);
      expect(url.origin + url.pathname).toBe(
        'https://grafana.example.com/g/explore',
      );
      expect(JSON.parse(url.searchParams.get('panes')!)).toEqual({
        sightline: {
          datasource: 'loki-uid',
          queries: [
            {
              refId: 'A',
              datasource: { type: 'loki', uid: 'loki-uid' },
              expr: '{namespace="shop", app="checkout"}',
              queryType: 'range',
            },
          ],
          range: { from: 'now-1h', to: 'now' },
        },
      });

      const sent = await standins.requests('grafana');
      expect(sent.length).toBeGreaterThan(0);
      expect(
        sent.every(r => r.headers.authorization === `Bearer ${GRAFANA_TOKEN}`),
      ).toBe(true);
      expect(JSON.stringify(res.body)).not.toContain(GRAFANA_TOKEN);
      expect(JSON.stringify(res.body)).not.toContain('standin-secret');
    });

    it('finds dashboards by uid and tag once each, and names uids Grafana lacks', async () => {
      const res = await request(server)
        .get(`${base}/dash/dashboards`)
        .query({ from: '1795300000', to: '1795303600' });
      expect(res.status).toBe(200);
      expect(res.body.missing).toEqual(['nope']);
      const byUid = Object.fromEntries(
        res.body.dashboards.map((d: any) => [d.uid, d]),
      );
      expect(Object.keys(byUid).sort()).toEqual([
        'checkout-red',
        'payments-overview',
        'shop-overview',
      ]);
      expect(byUid['shop-overview'].matchedBy).toEqual([
        'uid:shop-overview',
        'tag:shop',
      ]);
      expect(byUid['shop-overview'].url).toMatch(/\?from=\d+&to=\d+$/);
    });

    it('links Jaeger and warns when no data source uids are configured', async () => {
      const res = await request(server).get(`${base}/kbot/dashboards`);
      expect(res.status).toBe(200);
      expect(res.body.dashboards.map((d: any) => d.uid)).toEqual(['kbot-bot']);
      const traces = res.body.explore.find((l: any) => l.signal === 'traces');
      expect(traces).toMatchObject({
        language: 'jaeger-search',
        query: 'service=kbot',
      });
      expect(traces.warning).toContain('grafana.datasources.jaeger');
      // No dialect without Prometheus: the link shows the entity's series.
      expect(
        res.body.explore.find((l: any) => l.signal === 'metrics'),
      ).toMatchObject({
        query: '{namespace="shop", service="kbot"}',
        warning: expect.stringContaining('grafana.datasources.prometheus'),
      });
    });
  });

  it('refuses requests without credentials and hides entities the user cannot read', async () => {
    for (const path of [
      'logs',
      'traces',
      `traces/${fixtures.order.traceId}`,
      'dashboards',
    ]) {
      const anonymous = await request(server)
        .get(`${base}/checkout/${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
      const hidden = await request(server).get(
        `${base}/secret-service/${path}`,
      );
      expect(hidden.status).toBe(404);
    }
    for (const name of ['loki', 'tempo', 'grafana'] as const) {
      expect(await standins.requests(name)).toEqual([]);
    }
  });
});
