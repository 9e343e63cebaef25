// Shaped like GET /api/observability/entities/component/default/checkout/red
// from the local stack (prometheus-http dialect), cut to four 15 s steps; the
// exemplar is added by hand, as the demo workload exposes none.
import { RedResponse } from '@sightline/plugin-observability-common';

const START = Date.UTC(2026, 10, 22, 2, 0, 0);
const STEP = 15_000;
const at = (i: number) => START + i * STEP;
const series = (values: number[]): [number, number][] =>
  values.map((v, i) => [at(i), v]);

export const checkoutRed: RedResponse = {
  entityRef: 'component:default/checkout',
  cluster: 'local',
  dialect: {
    id: 'prometheus-http',
    title: 'Prometheus client (http_requests_total)',
    source: 'detected',
    requestMetric: 'http_requests_total',
    requestMatchers: [],
    errorMatchers: [[{ name: 'status', op: '=~', value: '5..' }]],
    durationMetric: 'http_request_duration_seconds',
    durationUnit: 'seconds',
    routeLabel: 'route',
  },
  range: { start: at(0), end: at(3), stepMs: STEP },
  rateWindow: '5m',
  requestRate: [
    { labels: { status: '5xx' }, points: series([0.01, 0.02, 0, 0.01]) },
    { labels: { status: '2xx' }, points: series([5.5, 5.6, 5.4, 5.5]) },
  ],
  errorRatio: [{ labels: {}, points: series([0.002, 0.004, 0, 0.002]) }],
  latency: {
    p50: [{ labels: {}, points: series([0.037, 0.038, 0.036, 0.037]) }],
    p95: [{ labels: {}, points: series([0.21, 0.22, 0.2, 0.21]) }],
    p99: [{ labels: {}, points: series([0.26, 0.27, 0.25, 0.26]) }],
  },
  summary: {
    requestRate: 5.5506,
    errorRatio: 0.0001,
    latencyP50: 0.0378,
    latencyP95: 0.217,
    latencyP99: 0.2628,
  },
  previous: {
    requestRate: 5.6427,
    errorRatio: 0.0003,
    latencyP50: 0.0373,
    latencyP95: 0.2144,
    latencyP99: 0.2532,
  },
  exemplars: [
    {
      timestamp: at(1),
      value: 0.412,
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      error: false,
      labels: { route: '/api/checkout' },
    },
  ],
  queries: [],
};

/** The same service with no traffic in the range. */
export const idleRed: RedResponse = {
  ...checkoutRed,
  requestRate: [],
  errorRatio: [],
  latency: { p50: [], p95: [], p99: [] },
  summary: {},
  previous: {},
  exemplars: [],
};
