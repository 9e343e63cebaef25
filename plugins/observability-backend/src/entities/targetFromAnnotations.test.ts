import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { PrometheusClient } from '../upstreams/clients/PrometheusClient';
import { readObservabilityConfig } from '../config/ObservabilityConfig';
import { DialectDetector } from '../metrics/dialects/DialectDetector';
import { DialectRegistry } from '../metrics/dialects/DialectRegistry';
import { RedQueries } from '../metrics/promql';
import { UpstreamHttpClient } from '../upstreams/UpstreamHttpClient';
import { parsePromQLMatchers } from './selectorParsers';
import { targetFromAnnotations } from './targetFromAnnotations';

const dependencies = {
  config: readObservabilityConfig(
    new ConfigReader({
      observability: {
        clusters: [{ name: 'local', prometheus: { url: 'http://p:9090' } }],
      },
    }),
  ),
  dialects: new DialectRegistry(),
};
const resolve = (e: Entity, cluster: string) =>
  targetFromAnnotations(e, cluster, dependencies);

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default', annotations },
  spec: {},
});

describe('targetFromAnnotations', () => {
  it('derives everything from the Kubernetes annotations by default', () => {
    const target = resolve(
      entity({
        'backstage.io/kubernetes-id': 'checkout',
        'backstage.io/kubernetes-namespace': 'shop',
      }),
      'local',
    );
    expect(target).toMatchObject({
      entityRef: 'component:default/checkout',
      cluster: 'local',
      metrics: {
        selector: 'namespace="shop", service="checkout"',
        dialect: undefined,
      },
      logs: { selector: '{namespace="shop", app="checkout"}' },
      traces: { serviceName: 'checkout' },
      alerts: {
        matchers: [
          { name: 'namespace', op: '=', value: 'shop' },
          { name: 'service', op: '=', value: 'checkout' },
        ],
      },
      dashboards: { uids: [], tags: ['checkout'] },
      problems: [],
    });
  });

  it('asks for detection among every dialect for auto, and among the variants of a named one', () => {
    const auto = resolve(entity({}), 'local');
    expect(auto.detect?.among.map(d => d.id)).toContain('istio');
    expect(auto.detect?.source).toBe('detected');

    const otel = resolve(
      entity({ 'sightline.dev/metrics-dialect': 'otel-http' }),
      'local',
    );
    expect(otel.metrics!.dialect!.requestMetric).toBe(
      'http_server_request_duration_seconds_count',
    );
    expect(otel.detect).toEqual({
      among: [expect.objectContaining({ id: 'otel-http' })],
      source: 'annotation',
    });

    const istio = resolve(
      entity({ 'sightline.dev/metrics-dialect': 'istio' }),
      'local',
    );
    expect(istio.detect).toBeUndefined();
  });

  it('escapes hostile Kubernetes ids inside the default selector', () => {
    const hostile = '"} or vector(1) or {a="';
    const target = resolve(
      entity({ 'backstage.io/kubernetes-id': hostile }),
      'local',
    );
    expect(target.metrics!.matchers).toContainEqual({
      name: 'service',
      op: '=',
      value: hostile,
    });
    expect(target.metrics!.selector).toBe(
      'namespace="default", service="\\"} or vector(1) or {a=\\""',
    );
  });

  it('builds the custom dialect from the kbot annotations', () => {
    const target = resolve(
      entity({
        'sightline.dev/prometheus-selector': 'job="kbot"',
        'sightline.dev/metrics-dialect': 'custom',
        'sightline.dev/request-metric': 'kbot_messages_total',
        'sightline.dev/error-matcher': 'status="error"',
        'sightline.dev/duration-metric':
          'kbot_message_processing_duration_seconds_bucket',
      }),
      'local',
    );
    expect(target.problems).toEqual([]);
    expect(target.metrics!.dialect).toMatchObject({
      id: 'custom',
      requestMetric: 'kbot_messages_total',
      errorMatchers: [[{ name: 'status', op: '=', value: 'error' }]],
      durationMetric: 'kbot_message_processing_duration_seconds',
      durationUnit: 'seconds',
    });
  });

  it('reports each malformed annotation and keeps the sections that do not need it', () => {
    const target = resolve(
      entity({
        'sightline.dev/prometheus-selector':
          'service="x"} or vector(1) or {a="b"',
        'sightline.dev/log-selector': '{app="checkout"} |= "error"',
        'sightline.dev/grafana-dashboards': 'ok-uid, ../../etc',
      }),
      'local',
    );
    expect(target.metrics).toBeUndefined();
    expect(target.logs).toBeUndefined();
    expect(target.alerts).toBeUndefined();
    expect(target.traces).toEqual({ serviceName: 'checkout' });
    expect(target.dashboards.uids).toEqual(['ok-uid']);
    expect(target.problems).toEqual([
      {
        annotation: 'sightline.dev/prometheus-selector',
        value: 'service="x"} or vector(1) or {a="b"',
        message: 'it is not a plain list of label matchers',
        example: 'namespace="shop", service="checkout"',
      },
      expect.objectContaining({ annotation: 'sightline.dev/log-selector' }),
      expect.objectContaining({
        annotation: 'sightline.dev/grafana-dashboards',
        message: "'../../etc' is neither a dashboard uid nor tag:<tag>",
      }),
    ]);
  });

  it('names the known dialects when the annotation has an unknown one', () => {
    const target = resolve(
      entity({ 'sightline.dev/metrics-dialect': 'zipkin' }),
      'local',
    );
    expect(target.problems[0].message).toContain(
      'use auto, custom or one of prometheus-http, otel-http',
    );
  });

  it.each([
    ['a namespace only', 'namespace="shop"'],
    ['a namespace and a cluster', 'namespace="shop", cluster="eu-1"'],
    [
      'an alert name in a namespace',
      'namespace="shop", alertname="HighErrorRate"',
    ],
    ['a service matched by regex only', 'namespace="shop", service=~"check.*"'],
  ])(
    'refuses alert matchers with %s, which cannot identify one service, and keeps metrics',
    (_, matchers) => {
      const target = resolve(
        entity({ 'sightline.dev/alert-matchers': matchers }),
        'local',
      );
      expect(target.alerts).toBeUndefined();
      expect(target.metrics).toBeDefined();
      expect(target.problems).toEqual([
        {
          annotation: 'sightline.dev/alert-matchers',
          value: matchers,
          message: expect.stringContaining(
            'these alert matchers cannot identify one service: they need an exact match (label="value") on a label other than namespace, cluster,',
          ),
          example: 'namespace="shop", service="checkout"',
        },
      ]);
    },
  );

  it('refuses alert matchers taken from a Prometheus selector that names no service, asking for alert-matchers', () => {
    const target = resolve(
      entity({ 'sightline.dev/prometheus-selector': 'namespace="shop"' }),
      'local',
    );
    expect(target.metrics?.selector).toBe('namespace="shop"');
    expect(target.alerts).toBeUndefined();
    expect(target.problems).toEqual([
      expect.objectContaining({
        annotation: 'sightline.dev/alert-matchers',
        value: '',
        message: expect.stringMatching(
          /^the alert matchers come from the Prometheus selector namespace="shop", which cannot identify one service: .*\. Set sightline\.dev\/alert-matchers$/,
        ),
      }),
    ]);
  });

  it('takes scope-only labels from observability.alerts.scopeOnlyLabels', () => {
    const strict = {
      ...dependencies,
      config: readObservabilityConfig(
        new ConfigReader({
          observability: {
            clusters: [{ name: 'local', prometheus: { url: 'http://p:9090' } }],
            alerts: { scopeOnlyLabels: ['namespace', 'job'] },
          },
        }),
      ),
    };
    const annotations = {
      'sightline.dev/alert-matchers': 'namespace="shop", job="kubernetes-pods"',
    };
    expect(resolve(entity(annotations), 'local').alerts).toBeDefined();
    expect(
      targetFromAnnotations(entity(annotations), 'local', strict).alerts,
    ).toBeUndefined();
  });

  it('asks for the custom annotations that are missing', () => {
    const target = resolve(
      entity({ 'sightline.dev/metrics-dialect': 'custom' }),
      'local',
    );
    expect(target.problems.map(p => [p.annotation, p.message])).toEqual([
      [
        'sightline.dev/request-metric',
        'required when sightline.dev/metrics-dialect is custom',
      ],
      [
        'sightline.dev/error-matcher',
        'required when sightline.dev/metrics-dialect is custom',
      ],
    ]);
  });
});

type Labels = Record<string, string>;

const NOW = Date.parse('2026-03-01T12:00:00Z');

/**
 * A Prometheus that holds exactly `series` and answers the detector's probe,
 * `count by (__name__) (last_over_time({__name__=~"…", <selector>}[1h]))`,
 * as Prometheus would: one sample per metric name with a series that every
 * matcher accepts. Any other query fails the test.
 */
function prometheusHolding(series: Labels[]) {
  const probes: string[] = [];
  const accepts = (
    labels: Labels,
    matcher: ReturnType<typeof parsePromQLMatchers>[number],
  ) => {
    const value = labels[matcher.name] ?? '';
    const regex = () => new RegExp(`^(?:${matcher.value})$`);
    switch (matcher.op) {
      case '=':
        return value === matcher.value;
      case '!=':
        return value !== matcher.value;
      case '=~':
        return regex().test(value);
      default:
        return !regex().test(value);
    }
  };
  const http = {
    name: 'Prometheus of cluster local',
    async json(path: string, options: { body?: string }) {
      const query = new URLSearchParams(options.body).get('query') ?? '';
      probes.push(query);
      const probe =
        /^count by \(__name__\) \(last_over_time\(\{(.*)\}\[1h\]\)\)$/.exec(
          query,
        );
      if (path !== '/api/v1/query' || !probe) {
        throw new Error(`unexpected ${path} ${query}`);
      }
      const matchers = parsePromQLMatchers(probe[1], {
        requireExactMatch: false,
      });
      const names = new Set(
        series
          .filter(labels => matchers.every(m => accepts(labels, m)))
          .map(labels => labels.__name__),
      );
      return {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [...names].map(name => ({
            metric: { __name__: name },
            value: [NOW / 1000, '1'],
          })),
        },
      };
    },
  };
  return {
    client: new PrometheusClient(http as unknown as UpstreamHttpClient),
    probes,
  };
}

/** A counter's series and a histogram's `_bucket` series, with shared labels. */
function red(
  counter: string,
  histogram: string,
  labels: Labels,
  outcomes: Labels[],
): Labels[] {
  return outcomes.flatMap(outcome => [
    { __name__: counter, ...labels, ...outcome },
    ...['0.1', '1', '+Inf'].map(le => ({
      __name__: `${histogram}_bucket`,
      ...labels,
      ...outcome,
      le,
    })),
  ]);
}

/** Another service in the same Prometheus, in another dialect: never picked for checkout. */
const NEIGHBOUR = red(
  'http_requests_total',
  'http_request_duration_seconds',
  { namespace: 'shop', service: 'payments', service_name: 'payments' },
  [{ status: '200' }, { status: '503' }],
);

const SPAN_OUTCOMES = [
  { span_kind: 'SPAN_KIND_SERVER', status_code: 'STATUS_CODE_UNSET' },
  { span_kind: 'SPAN_KIND_SERVER', status_code: 'STATUS_CODE_ERROR' },
  { span_kind: 'SPAN_KIND_CLIENT', status_code: 'STATUS_CODE_UNSET' },
];

/** Resolves the entity, then detects its dialect as TargetService does. */
async function detectFor(
  annotations: Record<string, string>,
  series: Labels[],
) {
  const { detect, ...target } = resolve(entity(annotations), 'local');
  const prometheus = prometheusHolding([...series, ...NEIGHBOUR]);
  const { dialect } = await new DialectDetector(
    mockServices.logger.mock(),
  ).detect(prometheus.client, 'local', target.metrics!.selector, detect!, {
    atMs: NOW,
  });
  return {
    dialect,
    probes: prometheus.probes,
    queries: dialect && new RedQueries(target.metrics!.matchers, dialect),
  };
}

describe('dialect detection against the series Prometheus holds', () => {
  it('finds nothing, and asks once, when the entity has no series', async () => {
    const { dialect, probes } = await detectFor({}, []);
    expect(dialect).toBeUndefined();
    expect(probes).toHaveLength(1);
    // Every dialect's request metric, main names and variants, in one probe.
    for (const name of [
      'http_requests_total',
      'traces_spanmetrics_calls_total',
      'calls_total',
      'traces_span_metrics_calls_total',
      'istio_requests_total',
    ]) {
      expect(probes[0]).toContain(name);
    }
  });

  it('recognises Tempo metrics-generator span metrics', async () => {
    const { dialect, queries } = await detectFor(
      { 'sightline.dev/prometheus-selector': 'service="checkout"' },
      red(
        'traces_spanmetrics_calls_total',
        'traces_spanmetrics_latency',
        { service: 'checkout', span_name: 'GET /cart' },
        SPAN_OUTCOMES,
      ),
    );
    expect(dialect).toMatchObject({
      id: 'spanmetrics',
      source: 'detected',
      requestMetric: 'traces_spanmetrics_calls_total',
      durationMetric: 'traces_spanmetrics_latency',
      durationUnit: 'seconds',
      routeLabel: 'span_name',
    });
    expect(queries!.errorRate('5m')).toBe(
      '(sum (rate(traces_spanmetrics_calls_total{service="checkout", span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR"}[5m])) or vector(0))',
    );
    expect(queries!.latencyQuantile(0.99, '5m')).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(traces_spanmetrics_latency_bucket{service="checkout", span_kind="SPAN_KIND_SERVER"}[5m])))',
    );
  });

  it.each([
    ['its old unprefixed names', ''],
    ['its default namespace traces.span.metrics', 'traces_span_metrics_'],
  ])(
    'recognises the OpenTelemetry Collector spanmetrics connector under %s',
    async (_, prefix) => {
      const calls = `${prefix}calls_total`;
      const duration = `${prefix}duration_milliseconds`;
      const { dialect, queries } = await detectFor(
        { 'sightline.dev/prometheus-selector': 'service_name="checkout"' },
        red(
          calls,
          duration,
          { service_name: 'checkout', span_name: 'GET /cart' },
          SPAN_OUTCOMES,
        ),
      );
      expect(dialect).toMatchObject({
        id: 'spanmetrics-connector',
        source: 'detected',
        requestMetric: calls,
        durationMetric: duration,
        durationUnit: 'milliseconds',
        routeLabel: 'span_name',
      });
      expect(queries!.requestRate('5m')).toBe(
        `sum (rate(${calls}{service_name="checkout", span_kind="SPAN_KIND_SERVER"}[5m]))`,
      );
      expect(queries!.errorRate('5m')).toBe(
        `(sum (rate(${calls}{service_name="checkout", span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR"}[5m])) or vector(0))`,
      );
      // Milliseconds buckets, reported in seconds.
      expect(queries!.latencyQuantile(0.5, '5m', ['span_name'])).toBe(
        `histogram_quantile(0.5, sum by (le, span_name) (rate(${duration}_bucket{service_name="checkout", span_kind="SPAN_KIND_SERVER"}[5m]))) / 1000`,
      );
    },
  );

  it('switches a spanmetrics-connector annotation to the names that have series', async () => {
    const annotations = {
      'sightline.dev/prometheus-selector': 'service_name="checkout"',
      'sightline.dev/metrics-dialect': 'spanmetrics-connector',
    };
    const { dialect, probes } = await detectFor(
      annotations,
      red(
        'traces_span_metrics_calls_total',
        'traces_span_metrics_duration_milliseconds',
        { service_name: 'checkout' },
        SPAN_OUTCOMES,
      ),
    );
    expect(dialect).toMatchObject({
      id: 'spanmetrics-connector',
      source: 'annotation',
      requestMetric: 'traces_span_metrics_calls_total',
    });
    // Only this dialect's names were asked for.
    expect(probes[0]).not.toContain('istio_requests_total');
  });

  it('recognises Istio, with destination-side series, response_code errors and milliseconds', async () => {
    const selector =
      'destination_workload_namespace="shop", destination_service_name="checkout"';
    const { dialect, queries } = await detectFor(
      { 'sightline.dev/prometheus-selector': selector },
      red(
        'istio_requests_total',
        'istio_request_duration_milliseconds',
        {
          destination_workload_namespace: 'shop',
          destination_service_name: 'checkout',
        },
        [
          { reporter: 'destination', response_code: '200' },
          { reporter: 'destination', response_code: '503' },
          { reporter: 'source', response_code: '200' },
        ],
      ),
    );
    expect(dialect).toMatchObject({
      id: 'istio',
      source: 'detected',
      requestMetric: 'istio_requests_total',
      requestMatchers: [{ name: 'reporter', op: '=', value: 'destination' }],
      durationMetric: 'istio_request_duration_milliseconds',
      durationUnit: 'milliseconds',
    });
    expect(queries!.statusLabels).toEqual(['response_code']);
    expect(queries!.errorRate('5m')).toBe(
      `(sum (rate(istio_requests_total{${selector}, reporter="destination", response_code=~"5.."}[5m])) or vector(0))`,
    );
    expect(queries!.latencyQuantile(0.99, '5m')).toBe(
      `histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${selector}, reporter="destination"}[5m]))) / 1000`,
    );
    expect(queries!.durationDivisor).toBe(1000);
  });

  it("prefers the entity's own series: checkout in spanmetrics, payments in prometheus-http", async () => {
    const spans = red(
      'traces_span_metrics_calls_total',
      'traces_span_metrics_duration_milliseconds',
      { namespace: 'shop', service_name: 'checkout' },
      SPAN_OUTCOMES,
    );
    const checkout = await detectFor(
      { 'sightline.dev/prometheus-selector': 'service_name="checkout"' },
      spans,
    );
    const payments = await detectFor(
      { 'sightline.dev/prometheus-selector': 'service_name="payments"' },
      spans,
    );
    expect(checkout.dialect?.id).toBe('spanmetrics-connector');
    expect(payments.dialect?.id).toBe('prometheus-http');
  });
});
