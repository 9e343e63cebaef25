/**
 * Every PromQL engine users run, against the local stack: the same figures
 * from Prometheus and from VictoriaMetrics (Debian's victoria-metrics, with
 * the same 30 days imported, scraping the same workload, vmalert evaluating
 * the same rules behind -vmalert.proxyURL), and Prometheus behind a path
 * prefix, including the strict variant that answers only what Mimir answers.
 *
 * Exactness: over backfilled history both engines hold the very same
 * samples at whole minutes, and every range here starts and ends on a whole
 * minute with whole-minute steps, so each rate window holds samples exactly
 * at both of its ends: Prometheus' extrapolation extends nothing and
 * VictoriaMetrics' rate (from the sample before the window) reads the same
 * two samples. Summaries are equal to floating point (1e-9 relative). Chart
 * points are rounded to 5 significant digits by the backend, and the
 * engines add floats in different orders (1.96 against 1.9600000000000002
 * for the same bucket rate), which can flip that last digit: 1e-4 relative.
 *
 * Live data: each engine scrapes the workload at its own instants, so at
 * each end of a range either may count up to one scrape interval (5 s) of
 * traffic the other does not: 4 × 5 s over the range's length relative
 * (0.6 % for an hour), and no less than 2 % for the error ratio and p95,
 * which rest on a few hundred random errors and slow requests.
 */
import request from 'supertest';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { startStackBackend } from '../__testUtils__/localStackBackend';
import { shopComponent } from '../__testUtils__/entities';
import { expectClose } from '../__testUtils__/expectClose';

jest.setTimeout(300_000);

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** The stack's scrape interval, the same for both engines. */
const SCRAPE_INTERVAL_MS = 5_000;

/** The demo services as examples/entities/shop.yaml declares them. */
const SERVICES: Record<string, Record<string, string>> = {
  checkout: {
    'sightline.dev/metrics-dialect': 'prometheus-http',
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-latency': '99% < 300ms',
  },
  payments: {
    'sightline.dev/metrics-dialect': 'otel-http',
    'sightline.dev/slo-availability': '99.5',
  },
};

/** One entity per service and cluster: `<service>-<cluster>`. */
function entities(clusters: string[]) {
  return clusters.flatMap(cluster =>
    Object.entries(SERVICES).map(([service, annotations]) =>
      shopComponent(`${service}-${cluster}`, {
        'backstage.io/kubernetes-id': service,
        'sightline.dev/cluster': cluster,
        ...annotations,
      }),
    ),
  );
}

const entityPath = (service: string, cluster: string) =>
  `/api/observability/entities/component/default/${service}-${cluster}`;

const floorMinute = (t: number) => Math.floor(t / MINUTE_MS) * MINUTE_MS;

/** Every number in a response, by its JSON path, for a comparison that names what differs. */
function numbers(value: unknown, path = '$', out = new Map<string, number>()) {
  if (typeof value === 'number') out.set(path, value);
  else if (Array.isArray(value))
    value.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`, out);
  return out;
}

/** Relative tolerance of a number in a response: chart points are rounded. */
const tolerance = (path: string) => (path.includes('.points[') ? 1e-4 : 1e-9);

function expectSameFigures(actual: unknown, expected: unknown) {
  const a = numbers(actual);
  const e = numbers(expected);
  expect([...a.keys()]).toEqual([...e.keys()]);
  for (const [path, value] of e) {
    try {
      expectClose(a.get(path)!, value, tolerance(path));
    } catch (error) {
      throw new Error(`${path}: ${(error as Error).message}`);
    }
  }
}

/** The figures of a RED response, without what names the cluster or the engine's queries. */
function redFigures(body: any) {
  const { requestRate, errorRatio, latency, summary, previous, range } = body;
  return { range, requestRate, errorRatio, latency, summary, previous };
}

function sloFigures(body: any) {
  return body.slos.map((slo: any) => ({
    name: slo.name,
    status: slo.status,
  }));
}

/** The engine /health reports for a cluster's Prometheus. */
async function engineOf(
  server: Parameters<typeof request>[0],
  cluster: string,
) {
  const res = await request(server).get('/api/observability/health');
  expect(res.status).toBe(200);
  return res.body.clusters
    .find((c: any) => c.cluster === cluster)
    .upstreams.find((u: any) => u.kind === 'prometheus').engine;
}

/** Each doctor check's status and reason for skipping (cluster name aside), by id. */
async function doctor(
  server: Parameters<typeof request>[0],
  service: string,
  cluster: string,
) {
  const res = await request(server).get(
    `${entityPath(service, cluster)}/diagnosis`,
  );
  expect(res.status).toBe(200);
  return Object.fromEntries(
    res.body.checks.map((c: any) => [
      c.id,
      {
        status: c.status,
        skippedReason: c.skippedReason?.replace(`'${cluster}'`, `'…'`),
      },
    ]),
  );
}

describe('Prometheus behind a path prefix', () => {
  let stack: LocalStack;
  let server: Awaited<ReturnType<typeof startStackBackend>>;

  beforeAll(async () => {
    stack = await ensureLocalStack();
    const alertmanager = { url: stack.urls.alertmanager };
    server = await startStackBackend(
      stack,
      entities(['direct', 'prefixed', 'strict']),
      {},
      [
        ['direct', stack.urls.prometheus],
        ['prefixed', stack.urls.prometheusPrefixed],
        ['strict', stack.urls.prometheusStrictPrefixed],
      ].map(([name, url]) => ({ name, prometheus: { url }, alertmanager })),
    );
  });

  const get = (
    service: string,
    cluster: string,
    route: string,
    query: object,
  ) =>
    request(server)
      .get(`${entityPath(service, cluster)}${route}`)
      .query(query);

  it.each(['prefixed', 'strict'])(
    '%s: /health reports Prometheus up with the default probe',
    async cluster => {
      const res = await request(server).get('/api/observability/health');
      expect(res.status).toBe(200);
      const health = res.body.clusters.find((c: any) => c.cluster === cluster);
      expect(health.upstreams).toContainEqual(
        expect.objectContaining({ kind: 'prometheus', status: 'up' }),
      );
      const entity = await request(server).get(
        `${entityPath('checkout', cluster)}/health`,
      );
      expect(entity.body.cluster.upstreams).toContainEqual(
        expect.objectContaining({ kind: 'prometheus', status: 'up' }),
      );
    },
  );

  it('detects Prometheus behind either prefix, and that the strict one has no targets API', async () => {
    const prometheus = {
      kind: 'prometheus',
      version: expect.stringMatching(/^\d+\.\d+/),
      capabilities: {
        rules: { available: true },
        exemplars: { available: true },
        targets: { available: true },
      },
    };
    expect(await engineOf(server, 'direct')).toEqual(prometheus);
    expect(await engineOf(server, 'prefixed')).toEqual(prometheus);
    expect(await engineOf(server, 'strict')).toEqual({
      ...prometheus,
      capabilities: {
        ...prometheus.capabilities,
        targets: {
          available: false,
          reason:
            'Prometheus has no targets API (/api/v1/targets answered HTTP 404): the doctor checks the series instead of the scrape targets.',
        },
      },
    });
  });

  it.each(Object.keys(SERVICES))(
    '%s: the doctor finds behind the strict prefix what it finds directly, skipping the scrape targets with the reason',
    async service => {
      const [direct, strict] = await Promise.all([
        doctor(server, service, 'direct'),
        doctor(server, service, 'strict'),
      ]);
      expect(direct['scrape-target'].status).not.toBe('skipped');
      expect(strict).toEqual({
        ...direct,
        'scrape-target': {
          status: 'skipped',
          skippedReason: expect.stringContaining(
            'has no targets API (/api/v1/targets answered HTTP 404): the doctor checks the series instead',
          ),
        },
      });
      expect(await doctor(server, service, 'prefixed')).toEqual(direct);
    },
  );

  it('reports the strict prefix down with a healthPath it does not serve, naming it', async () => {
    const misconfigured = await startStackBackend(stack, [], {
      prometheus: {
        url: stack.urls.prometheusStrictPrefixed,
        healthPath: '/-/ready',
      },
    });
    const res = await request(misconfigured).get('/api/observability/health');
    expect(res.body.clusters[0].upstreams[0]).toMatchObject({
      status: 'down',
      error: '/-/ready answered HTTP 404',
    });
  });

  it('links an alert into the Prometheus UI under the prefix browsers reach it at, and the page opens there', async () => {
    // The backend reaches Prometheus in-cluster, at the address its
    // --web.external-url names (kube-prometheus-stack's default), so alerts'
    // generatorURL points there; browsers reach it through an ingress that
    // serves it under /prometheus on another host name.
    const externalUrl = stack.urls.prometheusPrefixed.replace(
      '127.0.0.1',
      'localhost',
    );
    const behindIngress = await startStackBackend(
      stack,
      [
        shopComponent('links-ingress', {
          'backstage.io/kubernetes-id': 'links-test',
          'sightline.dev/cluster': 'ingress',
        }),
      ],
      {},
      [
        {
          name: 'ingress',
          prometheus: { url: stack.urls.prometheus, externalUrl },
          alertmanager: { url: stack.urls.alertmanager },
        },
      ],
    );
    // An alert as that Prometheus sends it to Alertmanager (the stack's own
    // alerts reach Alertmanager from vmalert too, which may win the link).
    const expr = 'sum(rate(http_requests_total{namespace="shop"}[5m]))';
    const sent = await fetch(`${stack.urls.alertmanager}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: {
            alertname: 'LinksBehindIngress',
            namespace: 'shop',
            service: 'links-test',
            severity: 'info',
          },
          annotations: { summary: 'engines suite: links behind a prefix' },
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 5 * 60_000).toISOString(),
          generatorURL: `${
            stack.urls.prometheus
          }/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`,
        },
      ]),
    });
    expect(sent.status).toBe(200);

    const res = await request(behindIngress).get(
      `${entityPath('links', 'ingress')}/alerts`,
    );
    const link = res.body.alerts.find(
      (a: any) => a.name === 'LinksBehindIngress',
    ).generatorUrl;
    expect(link).toBe(
      `${externalUrl}/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`,
    );

    // The page opens at that address, through the UI's own redirects.
    const page = await fetch(link);
    expect({
      status: page.status,
      underPrefix: page.url.startsWith(`${externalUrl}/`),
    }).toEqual({ status: 200, underPrefix: true });
    // And the expression it shows is one Prometheus evaluates there.
    const evaluated = await fetch(
      `${externalUrl}/api/v1/query?query=${encodeURIComponent(
        new URL(link).searchParams.get('g0.expr')!,
      )}`,
    );
    expect((await evaluated.json()).status).toBe('success');
  });

  it.each(['prefixed', 'strict'])(
    '%s: RED, breakdowns, alerts and SLOs answer what Prometheus answers directly',
    async cluster => {
      const to = floorMinute(stack.anchorMs - 2 * DAY_MS);
      const range = {
        from: String((to - DAY_MS) / 1000),
        to: String(to / 1000),
      };
      const at = { at: new Date(to).toISOString() };
      for (const service of Object.keys(SERVICES)) {
        for (const [route, query, figures] of [
          ['/red', range, redFigures],
          ['/red/breakdown', { ...range, by: 'route' }, (b: any) => b.rows],
          ['/red/breakdown', { ...range, by: 'status' }, (b: any) => b.rows],
          ['/slos', at, sloFigures],
        ] as const) {
          const [prefixed, direct] = await Promise.all([
            get(service, cluster, route, query),
            get(service, 'direct', route, query),
          ]);
          expect({ route, status: prefixed.status }).toEqual({
            route,
            status: 200,
          });
          expect(figures(prefixed.body)).toEqual(figures(direct.body));
        }
        const alerts = await get(service, cluster, '/alerts', {});
        expect(alerts.status).toBe(200);
        expect(alerts.body.errors).toEqual([]);
        // The generated rules come from Prometheus' rules API, through the prefix.
        expect(alerts.body.rules.length).toBeGreaterThan(0);
      }
    },
  );
});

describe('VictoriaMetrics and Prometheus', () => {
  let stack: LocalStack;
  let server: Awaited<ReturnType<typeof startStackBackend>>;

  beforeAll(async () => {
    stack = await ensureLocalStack({ engines: ['victoriametrics'] });
    server = await startStackBackend(stack, entities(['prom', 'vm']), {}, [
      {
        name: 'prom',
        prometheus: { url: stack.urls.prometheus },
        alertmanager: { url: stack.urls.alertmanager },
      },
      {
        name: 'vm',
        prometheus: { url: stack.urls.victoriametrics! },
        alertmanager: { url: stack.urls.alertmanager },
      },
    ]);
  });

  const both = (service: string, route: string, query: object) =>
    Promise.all(
      ['prom', 'vm'].map(async cluster => {
        const res = await request(server)
          .get(`${entityPath(service, cluster)}${route}`)
          .query(query);
        expect({ cluster, route, status: res.status }).toEqual({
          cluster,
          route,
          status: 200,
        });
        return res.body;
      }),
    );

  it.each(Object.keys(SERVICES))(
    '%s: RED and breakdowns over a backfilled day are the same',
    async service => {
      const to = floorMinute(stack.anchorMs - 3 * DAY_MS);
      const range = {
        from: String((to - DAY_MS) / 1000),
        to: String(to / 1000),
      };
      const [prom, vm] = await both(service, '/red', range);
      expectSameFigures(redFigures(vm), redFigures(prom));
      for (const by of ['route', 'status']) {
        const [p, v] = await both(service, '/red/breakdown', { ...range, by });
        expect(v.rows.map((r: any) => r.key)).toEqual(
          p.rows.map((r: any) => r.key),
        );
        expectSameFigures(v.rows, p.rows);
      }
    },
  );

  // Budgets and burn rates come from increases over backfilled whole
  // minutes, each day cut at its end by an offset on every selector
  // (SloQueries.offsetBy): the same samples on both engines, so the same
  // figures to floating point.
  it.each(Object.keys(SERVICES))(
    '%s: SLO budgets and burn rates at a backfilled instant are the same',
    async service => {
      const at = floorMinute(stack.anchorMs - 2 * DAY_MS);
      const [prom, vm] = await both(service, '/slos', {
        at: new Date(at).toISOString(),
      });
      expect(vm.slos.length).toBeGreaterThan(0);
      // Budgets and burn rates measured, not an error both engines share.
      expect(numbers(sloFigures(prom)).size).toBeGreaterThan(vm.slos.length);
      expectSameFigures(sloFigures(vm), sloFigures(prom));
    },
  );

  it.each(Object.keys(SERVICES))(
    '%s: RED over live data agrees within a scrape interval at each edge',
    async service => {
      // VictoriaMetrics added to a running stack (rather than started with
      // it) has no live data between the stack's start and its own: its
      // rates are right one rate window (5m) after it started scraping.
      const { liveFromMs } = stack.victoriametrics as { liveFromMs: number };
      const comparableFrom =
        liveFromMs - stack.anchorMs > MINUTE_MS
          ? floorMinute(liveFromMs) + 7 * MINUTE_MS
          : 0;
      const wait = comparableFrom + 11 * MINUTE_MS - Date.now();
      if (wait > 0) await new Promise(r => setTimeout(r, wait));
      const to = floorMinute(Date.now() - MINUTE_MS);
      const from = Math.max(to - 60 * MINUTE_MS, comparableFrom);
      expect(to - from).toBeGreaterThanOrEqual(10 * MINUTE_MS);
      const range = { from: String(from / 1000), to: String(to / 1000) };
      const [prom, vm] = await both(service, '/red', range);
      const edges = (4 * SCRAPE_INTERVAL_MS) / (to - from);
      // checkout fails about ten requests an hour: one error scraped by one
      // engine and not yet by the other moves its ratio by 1/requests.
      const oneError =
        1.5 /
        ((prom.summary.requestRate * (to - from)) / 1000) /
        Math.max(prom.summary.errorRatio, 1e-12);
      for (const [key, rel] of [
        ['requestRate', edges],
        ['errorRatio', Math.max(edges, 0.02, oneError)],
        ['latencyP95', Math.max(edges, 0.02)],
      ] as const) {
        try {
          expectClose(vm.summary[key], prom.summary[key], rel);
        } catch (error) {
          throw new Error(
            `${key} ${vm.summary[key]} vs ${prom.summary[key]} over ${
              (to - from) / MINUTE_MS
            } min: ${(error as Error).message}`,
          );
        }
      }
    },
    // At most 18 minutes of waiting, only right after VictoriaMetrics was
    // added to a running stack; none when the stack started with it.
    20 * MINUTE_MS,
  );

  it('detects VictoriaMetrics, its rules through vmalert, and that it has no exemplars', async () => {
    expect(await engineOf(server, 'vm')).toEqual({
      kind: 'victoriametrics',
      capabilities: {
        rules: { available: true },
        exemplars: {
          available: false,
          reason: expect.stringContaining(
            'VictoriaMetrics stores no exemplars',
          ),
        },
        targets: { available: true },
      },
    });
    expect(await engineOf(server, 'prom')).toMatchObject({
      kind: 'prometheus',
    });
  });

  it.each(Object.keys(SERVICES))(
    '%s: the doctor finds on VictoriaMetrics what it finds on Prometheus',
    async service => {
      const [prom, vm] = await Promise.all([
        doctor(server, service, 'prom'),
        doctor(server, service, 'vm'),
      ]);
      expect(vm).toEqual(prom);
    },
  );

  it('lists the same rules for the Alerts section, from vmalert through -vmalert.proxyURL', async () => {
    const names = (body: any) => body.rules.map((r: any) => r.name).sort();
    // Rules that match the entity through their alerts appear once each
    // engine has evaluated them, which takes up to a minute or two after a
    // fresh start (vmalert and Prometheus evaluate on their own schedules).
    let prom: any;
    let vm: any;
    for (let i = 0; i < 40; i++) {
      [prom, vm] = await both('payments', '/alerts', {});
      if (names(vm).join() === names(prom).join()) break;
      await new Promise(r => setTimeout(r, 3_000));
    }
    expect(vm.errors).toEqual([]);
    expect(names(vm)).toEqual(names(prom));
  });
});
