/**
 * A metric dialect: how one instrumentation library names a service's
 * request counter, errors and duration histogram. Dialects are data, not
 * query strings, so the backend alone builds (and escapes) every query.
 *
 * @public
 */
export interface MetricDialect {
  /** Used in `sightline.dev/metrics-dialect`, e.g. `prometheus-http`. */
  id: string;
  /** Shown in the UI, e.g. "Prometheus client (http_requests_total)". */
  title: string;
  /** Counter of handled requests (for histogram-only libraries, the histogram's `_count`). */
  requestMetric: string;
  /** Matchers always added to the entity's, e.g. `reporter="destination"` for Istio. */
  requestMatchers?: string;
  /**
   * Matchers that select failed requests. Alternatives are tried in order
   * (joined with PromQL `or`), for libraries that label status differently.
   */
  errorMatchers: string[];
  /** Histogram base name, without `_bucket`; absent when the library has none. */
  durationMetric?: string;
  /** Unit of the histogram's `le` buckets. */
  durationUnit: 'seconds' | 'milliseconds';
  /** The label that names the endpoint or operation, for per-route breakdowns. */
  routeLabel?: string;
  /**
   * Other names the same convention is exported under, tried in order when
   * the main names have no series (e.g. without the unit suffix, as the
   * OpenTelemetry JS Prometheus exporter writes them).
   */
  nameVariants?: { requestMetric: string; durationMetric?: string }[];
}

/**
 * The dialects Sightline knows without configuration, in auto-detection order.
 *
 * @public
 */
export const BUILTIN_METRIC_DIALECTS: readonly MetricDialect[] = [
  {
    id: 'prometheus-http',
    title: 'Prometheus client (http_requests_total)',
    requestMetric: 'http_requests_total',
    errorMatchers: ['status=~"5.."', 'code=~"5.."'],
    durationMetric: 'http_request_duration_seconds',
    durationUnit: 'seconds',
    routeLabel: 'route',
  },
  {
    id: 'otel-http',
    title: 'OpenTelemetry HTTP semantic conventions',
    requestMetric: 'http_server_request_duration_seconds_count',
    errorMatchers: ['http_response_status_code=~"5.."'],
    durationMetric: 'http_server_request_duration_seconds',
    durationUnit: 'seconds',
    routeLabel: 'http_route',
    nameVariants: [
      {
        requestMetric: 'http_server_request_duration_count',
        durationMetric: 'http_server_request_duration',
      },
    ],
  },
  {
    id: 'spanmetrics',
    title: 'Tempo metrics-generator span metrics',
    requestMetric: 'traces_spanmetrics_calls_total',
    requestMatchers: 'span_kind="SPAN_KIND_SERVER"',
    errorMatchers: ['status_code="STATUS_CODE_ERROR"'],
    durationMetric: 'traces_spanmetrics_latency',
    durationUnit: 'seconds',
    routeLabel: 'span_name',
  },
  {
    id: 'spanmetrics-connector',
    title: 'OpenTelemetry Collector spanmetrics connector',
    requestMetric: 'calls_total',
    requestMatchers: 'span_kind="SPAN_KIND_SERVER"',
    errorMatchers: ['status_code="STATUS_CODE_ERROR"'],
    durationMetric: 'duration_milliseconds',
    durationUnit: 'milliseconds',
    routeLabel: 'span_name',
    nameVariants: [
      // The connector's default namespace since v0.109 (`traces.span.metrics`).
      {
        requestMetric: 'traces_span_metrics_calls_total',
        durationMetric: 'traces_span_metrics_duration_milliseconds',
      },
    ],
  },
  {
    id: 'istio',
    title: 'Istio service mesh',
    requestMetric: 'istio_requests_total',
    requestMatchers: 'reporter="destination"',
    errorMatchers: ['response_code=~"5.."'],
    durationMetric: 'istio_request_duration_milliseconds',
    durationUnit: 'milliseconds',
  },
];
