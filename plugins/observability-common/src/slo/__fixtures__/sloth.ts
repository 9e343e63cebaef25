/**
 * Sloth documents as the backend hands them over: YAML already parsed into
 * plain objects.
 */

/**
 * Shape of Sloth's `prometheus/v1` spec (slok/sloth
 * `pkg/prometheus/api/v1/README.md` and `examples/getting-started.yml`), with
 * the queries of seed 001 (`slos/api-service.yaml`, the Russian write-up): an
 * availability SLO and a latency SLO whose errors are requests above the
 * 0.2 s bucket; ticket alert of the second disabled as in Sloth's README.
 */
export const slothApiService = {
  version: 'prometheus/v1',
  service: 'api-service',
  labels: { owner: 'backend-team', tier: 'critical' },
  slos: [
    {
      name: 'requests-availability',
      objective: 99.9,
      description: 'API requests succeed.',
      sli: {
        events: {
          error_query:
            'sum(rate(http_requests_total{job="api",status=~"(5..|429)"}[{{.window}}]))',
          total_query: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))',
        },
      },
      alerting: {
        name: 'ApiHighErrorRate',
        labels: { category: 'availability' },
        annotations: { summary: 'High error rate on API service' },
        page_alert: { labels: { severity: 'critical' } },
        ticket_alert: { labels: { severity: 'warning' } },
      },
    },
    {
      name: 'requests-latency',
      objective: 99.5,
      description: 'Requests complete within 200ms.',
      sli: {
        events: {
          error_query:
            '(\n  sum(rate(http_request_duration_seconds_count{job="api"}[{{.window}}]))\n  -\n  sum(rate(http_request_duration_seconds_bucket{job="api",le="0.2"}[{{.window}}]))\n)\n',
          total_query:
            'sum(rate(http_request_duration_seconds_count{job="api"}[{{.window}}]))',
        },
      },
      alerting: {
        name: 'ApiHighLatency',
        page_alert: { labels: { severity: 'critical' } },
        ticket_alert: { disable: true },
      },
    },
  ],
};

/**
 * Shape of slok/sloth `examples/raw-home-wifi.yml`: an SLI that is already an
 * error ratio (`sli.raw.errorRatioQuery`, the spelling of current Sloth;
 * older versions wrote `error_ratio_query`).
 */
export const slothRawRatio = {
  version: 'prometheus/v1',
  service: 'home-wifi',
  slos: [
    {
      name: 'wifi-client-satisfaction',
      objective: 95,
      sli: {
        raw: {
          errorRatioQuery:
            '1 - (sum(sum_over_time(unifipoller_client_satisfaction_ratio[{{.window}}])) / sum(count_over_time(unifipoller_client_satisfaction_ratio[{{.window}}])))',
        },
      },
      alerting: { name: 'WifiClientSatisfaction' },
    },
  ],
};

/**
 * Shape of slok/sloth `examples/k8s-getting-started.yml`: the Kubernetes
 * `PrometheusServiceLevel` resource, whose fields are camelCase
 * (`errorQuery`, `pageAlert`).
 */
export const slothKubernetes = {
  apiVersion: 'sloth.slok.dev/v1',
  kind: 'PrometheusServiceLevel',
  metadata: { name: 'sloth-slo-checkout', namespace: 'monitoring' },
  spec: {
    service: 'checkout',
    slos: [
      {
        name: 'requests-availability',
        objective: 99.9,
        sli: {
          events: {
            errorQuery:
              'sum(rate(http_request_duration_seconds_count{job="checkout",code=~"(5..|429)"}[{{.window}}]))',
            totalQuery:
              'sum(rate(http_request_duration_seconds_count{job="checkout"}[{{.window}}]))',
          },
        },
        alerting: {
          name: 'CheckoutHighErrorRate',
          pageAlert: { labels: { severity: 'pageteam' } },
          ticketAlert: { disable: true },
        },
      },
    ],
  },
};

/**
 * Hand-written from the same spec: one document with one valid SLO between
 * SLOs that are each wrong in one way.
 */
export const slothMixed = {
  version: 'prometheus/v1',
  service: 'payments',
  slos: [
    {
      name: 'no-budget',
      objective: 100,
      sli: { events: { error_query: 'a', total_query: 'b' } },
    },
    {
      name: 'good-one',
      objective: '99.95',
      sli: {
        events: {
          error_query: 'sum(rate(payments_total{result="error"}[{{.window}}]))',
          total_query: 'sum(rate(payments_total[{{.window}}]))',
        },
      },
    },
    {
      name: 'no-total',
      objective: 99,
      sli: { events: { error_query: 'sum(rate(x_total[{{.window}}]))' } },
    },
    {
      name: 'plugin',
      objective: 99,
      sli: {
        plugin: {
          id: 'sloth-common/kubernetes/apiserver/availability',
        },
      },
    },
    'not-a-mapping',
    {
      name: 'ratio-objective',
      objective: 0.999,
      sli: { raw: { error_ratio_query: 'x' } },
    },
  ],
};
