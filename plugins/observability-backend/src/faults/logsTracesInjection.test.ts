/**
 * Injection test for the logs, traces and dashboards routes: hostile values
 * through every parameter and through the annotations that shape the
 * queries (Kubernetes id → default log selector, sightline.dev/log-selector,
 * sightline.dev/trace-service, sightline.dev/grafana-dashboards). It proves,
 * from the requests the Loki, Tempo, Jaeger and Grafana stand-ins actually
 * received — LogQL parsed with @grafana/lezer-logql, TraceQL split as
 * Tempo's lexer does, Jaeger's and Grafana's parameters as sent — that no
 * query selects outside the entity, and that a bad parameter is answered
 * with a 400 before anything is sent upstream.
 */
import { LabelMatcher } from '@sightline/plugin-observability-common';
import request from 'supertest';
import { hasControlCharacters } from '../logs/logRoutes';
import { auditLogQL } from '../__testUtils__/logqlAudit';
import { param, Standins, startStandins } from '../__testUtils__/standins';
import { writeTelemetryFixtures } from '../__testUtils__/telemetryFixtures';
import { auditTraceQL } from '../__testUtils__/traceqlAudit';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(120_000);

/** Values an attacker could put into a parameter or an annotation. */
const HOSTILE = [
  '"} or vector(1) or {a="',
  '\\"} or {app=~".+"} |= "',
  'line\nbreak"} | json',
  '|~ ".*"',
  'x" or service=~".*',
  '" } || { resource.service.name != "',
  '\\" } | count() > 0 | { "',
  '日本語 🚀 \\',
  '`raw` ${x} \t\r',
  '\u202e\u0000nul',
  'a'.repeat(253), // the longest name Kubernetes allows; longer is refused (hostileInput.test.ts)
];

/** Log-selector annotations that are plain selectors, if with odd values: accepted as the matchers they parse to. */
const PLAIN_SELECTORS = [
  '{app="a\\"} or {b=\\"c"}',
  '{app="日本語 🚀", namespace="\\\\"}',
  `{app="${'a'.repeat(2_000)}"}`,
];

/** Log-selector annotations that are not plain selectors: refused. */
const NOT_SELECTORS = [
  '{app="x"} |= "y"',
  '{app="x"} or vector(1)',
  '{app=~".*"}',
  'sum(count_over_time({app="x"}[1m]))',
  '{namespace="shop", app="checkout"}\n{app="payments"}',
  '{app="x"} | line_format "{{.y}}"',
];

const entity = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-namespace': 'shop',
      ...annotations,
    },
  },
  spec: { type: 'service', owner: 'team-shop' },
});

const ENTITIES = [
  entity('checkout', { 'backstage.io/kubernetes-id': 'checkout' }),
  entity('kbot', {
    'backstage.io/kubernetes-id': 'kbot',
    'sightline.dev/cluster': 'kind-dev',
  }),
  ...HOSTILE.flatMap((value, i) => [
    entity(`id-${i}`, { 'backstage.io/kubernetes-id': value }),
    entity(`svc-${i}`, {
      'backstage.io/kubernetes-id': 'checkout',
      'sightline.dev/trace-service': value,
    }),
    entity(`jaeger-${i}`, {
      'backstage.io/kubernetes-id': 'kbot',
      'sightline.dev/trace-service': value,
      'sightline.dev/cluster': 'kind-dev',
    }),
    entity(`dash-${i}`, {
      'sightline.dev/grafana-dashboards': `tag:${value}, checkout-red`,
    }),
  ]),
  ...PLAIN_SELECTORS.map((value, i) =>
    entity(`plain-${i}`, { 'sightline.dev/log-selector': value }),
  ),
  ...NOT_SELECTORS.map((value, i) =>
    entity(`not-selector-${i}`, { 'sightline.dev/log-selector': value }),
  ),
];

/** What a text parameter may carry through: at most 200 characters, no control characters but tab and line breaks. */
const acceptableText = (value: string) =>
  value.length <= 200 && !hasControlCharacters(value);
const ACCEPTED = HOSTILE.filter(acceptableText);
const REFUSED = HOSTILE.filter(v => !acceptableText(v));

const CHECKOUT_STREAM: LabelMatcher[] = [
  { name: 'namespace', op: '=', value: 'shop' },
  { name: 'app', op: '=', value: 'checkout' },
];

describe('hostile values in the logs, traces and dashboards routes', () => {
  let standins: Standins;
  let server: Parameters<typeof request>[0];
  const base = '/api/observability/entities/component/default';

  beforeAll(async () => {
    standins = await startStandins({ grafanaToken: 'token' });
    writeTelemetryFixtures(standins.stateDir, Date.now());
    const { urls } = standins;
    ({ server } = await startObservabilityBackend({
      observability: {
        defaultCluster: 'local',
        clusters: [
          {
            name: 'local',
            loki: { url: urls.loki },
            tempo: { url: urls.tempo },
            grafana: { url: urls.grafana, token: 'token' },
          },
          {
            name: 'kind-dev',
            loki: { url: urls.loki },
            jaeger: { url: urls.jaeger },
          },
        ],
      },
      entities: ENTITIES,
    }));
  });

  afterAll(async () => {
    await standins?.stop();
  });

  beforeEach(() => standins.reset());

  /** The target the backend resolved for an entity (its own view of the annotations). */
  async function targetOf(name: string) {
    const res = await request(server).get(`${base}/${name}/target`);
    expect(res.status).toBe(200);
    return res.body;
  }

  /** Every LogQL Loki received selects exactly the entity's stream matchers, once. */
  async function expectLokiScoped(
    matchers: LabelMatcher[],
    allowed: { contains?: string; traceId?: string } = {},
  ) {
    const sent = await standins.requests('loki');
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) {
      expect(r.path).toBe('/loki/api/v1/query_range');
      const query = param(r, 'query')!;
      const audit = auditLogQL(query);
      expect(audit.selectors).toEqual([matchers]);
      for (const filter of audit.lineFilters) {
        expect(filter.op).toBe('|=');
        expect(filter.values).toHaveLength(1);
        expect([allowed.contains, allowed.traceId]).toContain(filter.values[0]);
      }
      for (const f of audit.labelFilters) expect(f.name).toBe('level');
      for (const stage of audit.stages) {
        expect([
          'LineFilters',
          'JsonExpressionParser',
          'LabelFilter',
          'DropLabelsExpr',
        ]).toContain(stage);
      }
      expect(
        audit.functions.every(f => ['sum', 'count_over_time'].includes(f)),
      ).toBe(true);
      // Nothing but the documented parameters went along.
      for (const [key] of r.params) {
        expect([
          'query',
          'start',
          'end',
          'limit',
          'direction',
          'step',
        ]).toContain(key);
      }
    }
  }

  /** Every TraceQL Tempo received is one spanset filter on the entity's service. */
  async function expectTempoScoped(serviceName: string, operation?: string) {
    const sent = (await standins.requests('tempo')).filter(
      r => r.path === '/api/search',
    );
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) {
      const [service, ...rest] = auditTraceQL(param(r, 'q')!);
      expect(service).toEqual({
        attribute: 'resource.service.name',
        op: '=',
        value: serviceName,
        quoted: true,
      });
      for (const c of rest) {
        expect(['status', 'duration', 'name']).toContain(c.attribute);
        if (c.attribute === 'name') expect(c.value).toBe(operation);
        else expect(c.quoted).toBe(false);
      }
    }
  }

  describe.each(HOSTILE.map((value, i) => [i, value] as const))(
    'hostile value #%i',
    (i, value) => {
      it('through a Kubernetes id stays the value of the default log selector', async () => {
        const target = await targetOf(`id-${i}`);
        expect(target.logs.matchers).toEqual([
          { name: 'namespace', op: '=', value: 'shop' },
          { name: 'app', op: '=', value },
        ]);
        const res = await request(server)
          .get(`${base}/id-${i}/logs`)
          .query({ level: 'error' });
        expect(res.status).toBe(200);
        await expectLokiScoped(target.logs.matchers);
      });

      it('through any other logs parameter is a 400 with nothing sent', async () => {
        for (const query of [
          { traceId: value },
          { level: value },
          { direction: value },
          { limit: value },
          { from: value },
          { to: value },
          { contains: [value, value] },
        ]) {
          const bad = await request(server)
            .get(`${base}/checkout/logs`)
            .query(query);
          expect({ query, status: bad.status }).toEqual({ query, status: 400 });
        }
        expect(await standins.requests('loki')).toEqual([]);
      });

      it('through sightline.dev/trace-service stays the service matcher (Tempo) and parameter (Jaeger)', async () => {
        const tempoTarget = await targetOf(`svc-${i}`);
        const tempo = await request(server)
          .get(`${base}/svc-${i}/traces`)
          .query({ status: 'error', minDuration: '1ms' });
        expect(tempo.status).toBe(200);
        await expectTempoScoped(tempoTarget.traces.serviceName);
        expect(tempoTarget.traces.serviceName).toBe(value.trim());

        const jaegerTarget = await targetOf(`jaeger-${i}`);
        const jaeger = await request(server)
          .get(`${base}/jaeger-${i}/traces`)
          .query({ status: 'error' });
        expect(jaeger.status).toBe(200);
        const [sent] = await standins.requests('jaeger');
        expect(param(sent, 'service')).toBe(jaegerTarget.traces.serviceName);
        expect(param(sent, 'tags')).toBe('{"error":"true"}');
        expect(sent.params.map(([k]) => k).sort()).toEqual([
          'end',
          'limit',
          'service',
          'start',
          'tags',
        ]);

        // A trace of another service is not served through this entity.
        const other = await request(server).get(
          `${base}/svc-${i}/traces/b8c690f0435d95e371eb87eb9f578cb7`,
        );
        expect(other.status).toBe(404);
      });

      it('through any other traces or dashboards parameter is a 400 with nothing sent', async () => {
        for (const query of [
          { status: value },
          { minDuration: value },
          { limit: value },
          { from: value },
        ]) {
          const bad = await request(server)
            .get(`${base}/checkout/traces`)
            .query(query);
          expect({ query, status: bad.status }).toEqual({ query, status: 400 });
        }
        const byId = await request(server).get(
          `${base}/checkout/traces/${encodeURIComponent(value)}`,
        );
        expect(byId.status).toBe(400);
        const dashboards = await request(server)
          .get(`${base}/checkout/dashboards`)
          .query({ from: value });
        expect(dashboards.status).toBe(400);
        for (const name of ['loki', 'tempo', 'jaeger', 'grafana'] as const) {
          expect(await standins.requests(name)).toEqual([]);
        }
      });

      it('through sightline.dev/grafana-dashboards stays one tag parameter', async () => {
        const target = await targetOf(`dash-${i}`);
        const res = await request(server).get(`${base}/dash-${i}/dashboards`);
        expect(res.status).toBe(200);
        const sent = await standins.requests('grafana');
        const searches = sent.filter(r => r.path === '/api/search');
        expect(
          searches.map(r =>
            r.params.filter(([k]) => k === 'tag').map(([, v]) => v),
          ),
        ).toEqual(target.dashboards.tags.map((t: string) => [t]));
        for (const r of searches) {
          expect(r.params.map(([k]) => k).sort()).toEqual([
            'limit',
            'tag',
            'type',
          ]);
        }
        // Uids are a closed alphabet; only the well-formed one is ever asked for
        // (once: the answer is cached).
        for (const r of sent.filter(x =>
          x.path.startsWith('/api/dashboards/uid/'),
        )) {
          expect(r.path).toBe('/api/dashboards/uid/checkout-red');
        }
        expect(target.dashboards.uids).toEqual(['checkout-red']);
        expect(JSON.stringify(res.body)).not.toContain('token');
      });
    },
  );

  describe.each(
    ACCEPTED.map(value => [HOSTILE.indexOf(value), value] as const),
  )(
    'hostile text #%i, short and printable enough to search for',
    (_i, value) => {
      it('is one escaped line filter in every LogQL sent', async () => {
        const res = await request(server)
          .get(`${base}/checkout/logs`)
          .query({ contains: value });
        expect(res.status).toBe(200);
        await expectLokiScoped(CHECKOUT_STREAM, { contains: value });
        const [lines] = await standins.requests('loki');
        expect(auditLogQL(param(lines, 'query')!).lineFilters).toEqual([
          { op: '|=', values: [value] },
        ]);
      });

      it("is the span name in Tempo's TraceQL and Jaeger's operation", async () => {
        const tempo = await request(server)
          .get(`${base}/checkout/traces`)
          .query({ operation: value });
        expect(tempo.status).toBe(200);
        await expectTempoScoped('checkout', value);
        const jaeger = await request(server)
          .get(`${base}/kbot/traces`)
          .query({ operation: value });
        expect(jaeger.status).toBe(200);
        const [sent] = await standins.requests('jaeger');
        expect(param(sent, 'service')).toBe('kbot');
        expect(param(sent, 'operation')).toBe(value);
      });
    },
  );

  it.each(REFUSED.map(value => [HOSTILE.indexOf(value), value] as const))(
    'refuses hostile text #%i (too long or with control characters) as contains and operation, sending nothing',
    async (_i, value) => {
      const logs = await request(server)
        .get(`${base}/checkout/logs`)
        .query({ contains: value });
      const tempo = await request(server)
        .get(`${base}/checkout/traces`)
        .query({ operation: value });
      const jaeger = await request(server)
        .get(`${base}/kbot/traces`)
        .query({ operation: value });
      expect([logs.status, tempo.status, jaeger.status]).toEqual([
        400, 400, 400,
      ]);
      for (const name of ['loki', 'tempo', 'jaeger'] as const) {
        expect(await standins.requests(name)).toEqual([]);
      }
    },
  );

  it.each(PLAIN_SELECTORS.map((value, i) => [i, value] as const))(
    'keeps plain log-selector annotation #%i to the matchers it parses to',
    async i => {
      const target = await targetOf(`plain-${i}`);
      expect(
        target.logs.matchers.every((m: LabelMatcher) => m.op === '='),
      ).toBe(true);
      const res = await request(server)
        .get(`${base}/plain-${i}/logs`)
        .query({ contains: 'x' });
      expect(res.status).toBe(200);
      await expectLokiScoped(target.logs.matchers, { contains: 'x' });
    },
  );

  it.each(NOT_SELECTORS.map((value, i) => [i, value] as const))(
    'refuses log-selector annotation #%i naming it, sending nothing',
    async i => {
      const target = await targetOf(`not-selector-${i}`);
      expect(target.logs).toBeUndefined();
      const res = await request(server)
        .get(`${base}/not-selector-${i}/logs`)
        .query({ contains: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'Annotation sightline.dev/log-selector is malformed',
      );
      expect(await standins.requests('loki')).toEqual([]);
    },
  );
});
