// payments: instrumented with the OpenTelemetry metrics SDK and its
// Prometheus exporter, following the HTTP semantic conventions
// (http.server.request.duration, seconds, by http.request.method, http.route,
// http.response.status_code). The exporter (0.301) emits it as
// http_server_request_duration_{bucket,count,sum} (no unit suffix) with
// otel_scope_name/otel_scope_version labels, plus target_info.
//
//   node payments.mjs [--port 9102] [--state-dir DIR]

import crypto from 'node:crypto';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  PrometheusExporter,
  PrometheusSerializer,
} from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from '@opentelemetry/semantic-conventions';
import {
  OTEL_HTTP_BUCKETS,
  PAYMENTS_RESOURCE,
  PAYMENTS_SCOPE,
  decide,
} from './model.mjs';
import { otelBaselineMerger } from './baseline.mjs';
import {
  createTelemetry,
  loadBaseline,
  serviceArgs,
  sleep,
  startService,
} from './runtime.mjs';

const SERVICE = 'payments';
const args = serviceArgs(SERVICE);
const baseline = loadBaseline(args.stateDir, SERVICE);
const telemetry = createTelemetry(args.stateDir, SERVICE);

// The exporter's own server stays off: /metrics is served on the service port.
const exporter = new PrometheusExporter({ preventServerStart: true });
const provider = new MeterProvider({
  resource: resourceFromAttributes(PAYMENTS_RESOURCE),
  readers: [exporter],
});
const meter = provider.getMeter(PAYMENTS_SCOPE.name, PAYMENTS_SCOPE.version);
const DESCRIPTION = 'Duration of HTTP server requests.';
const duration = meter.createHistogram(METRIC_HTTP_SERVER_REQUEST_DURATION, {
  description: DESCRIPTION,
  unit: 's',
  advice: { explicitBucketBoundaries: [...OTEL_HTTP_BUCKETS] },
});
const serializer = new PrometheusSerializer();
const withBaseline = otelBaselineMerger({
  series: baseline.series,
  metricName: METRIC_HTTP_SERVER_REQUEST_DURATION,
  description: DESCRIPTION,
  unit: 's',
  scope: { name: PAYMENTS_SCOPE.name, version: PAYMENTS_SCOPE.version },
  toAttributes: l => ({
    [ATTR_HTTP_REQUEST_METHOD]: l.http_request_method,
    [ATTR_HTTP_ROUTE]: l.http_route,
    [ATTR_HTTP_RESPONSE_STATUS_CODE]: Number(l.http_response_status_code),
  }),
});

async function handle(routeKey, rng, okBody, okMsg) {
  const d = decide(SERVICE, routeKey, Date.now(), baseline.anchorMs, rng);
  await sleep(d.latencySeconds * 1000);
  if (d.error) {
    return {
      status: 503,
      body: { error: 'payment provider unavailable' },
      msg: 'payment provider unavailable: upstream acquirer timed out',
    };
  }
  return { status: 200, body: okBody, msg: okMsg };
}

startService({
  service: SERVICE,
  port: args.port,
  telemetry,
  routes: [
    {
      key: 'pay',
      method: 'POST',
      route: '/api/payments',
      match: /^\/api\/payments$/,
      handle: ({ rng }) =>
        handle(
          'pay',
          rng,
          {
            id: `pay_${crypto.randomBytes(6).toString('hex')}`,
            status: 'authorised',
          },
          'payment authorised',
        ),
    },
    {
      key: 'status',
      method: 'GET',
      route: '/api/payments/:id',
      match: /^\/api\/payments\/(?<id>[\w-]+)$/,
      handle: ({ rng, params }) =>
        handle(
          'status',
          rng,
          { id: params.id, status: 'settled' },
          'payment status read',
        ),
    },
  ],
  observe({ route, status, seconds }) {
    duration.record(seconds, {
      [ATTR_HTTP_REQUEST_METHOD]: route.method,
      [ATTR_HTTP_ROUTE]: route.route,
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: status,
    });
  },
  metrics: async () => {
    const { resourceMetrics, errors } = await exporter.collect();
    if (errors.length)
      console.error(
        `${SERVICE}: metric collection errors: ${errors.join('; ')}`,
      );
    // Same content type as PrometheusExporter's own endpoint.
    return {
      contentType: 'text/plain',
      body: serializer.serialize(withBaseline(resourceMetrics)),
    };
  },
});
