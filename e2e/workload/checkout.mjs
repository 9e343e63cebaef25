// checkout: instrumented with prom-client (http_requests_total and
// http_request_duration_seconds by method/route/status). POST /api/checkout
// calls payments with a W3C traceparent, so its traces span two services.
//
//   node checkout.mjs [--port 9101] [--state-dir DIR] [--payments-url URL]

import http from 'node:http';
import crypto from 'node:crypto';
import client from 'prom-client';
import {
  HTTP_BUCKETS,
  SERVICE_GRAPH_EDGES,
  decide,
  decideCall,
  targetInfoAt,
} from './model.mjs';
import { seedPromClient } from './baseline.mjs';
import {
  createTelemetry,
  formatTraceparent,
  loadBaseline,
  serviceArgs,
  sleep,
  startService,
} from './runtime.mjs';

const SERVICE = 'checkout';
const args = serviceArgs(SERVICE);
const baseline = loadBaseline(args.stateDir, SERVICE);
const telemetry = createTelemetry(args.stateDir, SERVICE);

// OpenMetrics, the format Prometheus asks for first: only it carries
// exemplars, which link latency buckets to the trace ids the Tempo stand-in
// serves.
const registry = new client.Registry(client.Registry.OPENMETRICS_CONTENT_TYPE);
const requests = new client.Counter({
  name: 'http_requests_total',
  help: 'Total number of HTTP requests',
  labelNames: ['method', 'route', 'status'],
  registers: [registry],
});
const duration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration in seconds',
  labelNames: ['method', 'route', 'status'],
  buckets: [...HTTP_BUCKETS],
  registers: [registry],
  enableExemplars: true,
});
seedPromClient(
  { http_requests: requests, http_request_duration_seconds: duration },
  baseline.series,
);
// The OpenTelemetry resource as OTel's Prometheus exporters print it: the
// version label lives here, not on the request series.
new client.Gauge({
  name: 'target_info',
  help: 'Target metadata',
  labelNames: [
    'service_name',
    'service_namespace',
    'service_version',
    'service_instance_id',
  ],
  registers: [registry],
}).set(targetInfoAt(SERVICE, Date.now(), baseline.anchorMs), 1);

// inventory sends no spans (examples/entities/doctor.yaml): Tempo sees it
// only through this client span's peer.service, as a virtual node.
const INVENTORY = SERVICE_GRAPH_EDGES.find(e => e.server === 'inventory');

/** Reserves the order's stock in inventory (simulated: nothing listens there). */
async function reserveStock(traceId, parentSpanId, rng) {
  const call = decideCall(SERVICE, 'inventory', rng);
  const span = telemetry.startSpan({
    name: 'POST /api/reservations',
    kind: 'client',
    traceId,
    parentSpanId,
    attributes: {
      'http.request.method': 'POST',
      'server.address': 'inventory.shop.svc',
      ...INVENTORY.peerAttributes,
    },
  });
  await sleep(call.latencySeconds * 1000);
  span.end(
    call.failed
      ? {
          statusCode: 'error',
          statusMessage: 'inventory answered 503',
          attributes: { 'http.response.status_code': 503, 'error.type': '503' },
        }
      : { attributes: { 'http.response.status_code': 201 } },
  );
}

const paymentsAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const paymentsUrl = new URL('/api/payments', args.paymentsUrl);

/** One POST /api/payments with its client span; resolves to the HTTP status (0 = no answer). */
function postPayment(traceId, parentSpanId, attempt, body) {
  const span = telemetry.startSpan({
    name: 'POST /api/payments',
    kind: 'client',
    traceId,
    parentSpanId,
    attributes: {
      'http.request.method': 'POST',
      'url.full': paymentsUrl.href,
      'server.address': paymentsUrl.hostname,
      'server.port': Number(paymentsUrl.port),
      ...(attempt > 0 ? { 'http.request.resend_count': attempt } : {}),
    },
  });
  return new Promise(resolve => {
    const req = http.request(
      paymentsUrl,
      {
        method: 'POST',
        agent: paymentsAgent,
        timeout: 3000,
        headers: {
          'content-type': 'application/json',
          traceparent: formatTraceparent(traceId, span.spanId),
        },
      },
      res => {
        res.resume();
        res.on('end', () => {
          const failed = res.statusCode >= 500;
          const ms = span.end({
            statusCode: failed ? 'error' : 'unset',
            statusMessage: failed ? `payments answered ${res.statusCode}` : '',
            attributes: { 'http.response.status_code': res.statusCode },
          });
          resolve({ status: res.statusCode, spanId: span.spanId, ms });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', e => {
      const ms = span.end({
        statusCode: 'error',
        statusMessage: e.message,
        attributes: { 'error.type': e.code ?? 'Error' },
      });
      resolve({ status: 0, spanId: span.spanId, error: e.message, ms });
    });
    req.end(body);
  });
}

const ATTEMPTS = 3;

/** Pays with up to 3 attempts: payments' 5xx are retried, as a checkout would. */
async function pay(traceId, serverSpanId, amount) {
  const body = JSON.stringify({ amount, currency: 'EUR' });
  let last;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    last = await postPayment(traceId, serverSpanId, attempt, body);
    if (last.status > 0 && last.status < 500)
      return { ok: true, attempts: attempt + 1 };
    if (attempt + 1 < ATTEMPTS) {
      telemetry.log(
        'warn',
        `payments answered ${last.status || last.error}, retrying (attempt ${
          attempt + 1
        }/${ATTEMPTS})`,
        {
          route: '/api/checkout',
          method: 'POST',
          status: last.status,
          duration_ms: Math.round(last.ms * 1000) / 1000, // of the failed call
          trace_id: traceId,
          span_id: last.spanId,
        },
      );
    }
  }
  return { ok: false, attempts: ATTEMPTS, status: last.status };
}

startService({
  service: SERVICE,
  port: args.port,
  telemetry,
  routes: [
    {
      key: 'cart',
      method: 'GET',
      route: '/api/cart',
      match: /^\/api\/cart$/,
      async handle({ rng }) {
        const d = decide(SERVICE, 'cart', Date.now(), baseline.anchorMs, rng);
        await sleep(d.latencySeconds * 1000);
        if (d.error) {
          return {
            status: 500,
            body: { error: 'cart store unavailable' },
            msg: 'failed to load cart: cart store timed out',
          };
        }
        return {
          status: 200,
          body: { items: Math.floor(rng() * 5) + 1 },
          msg: 'cart loaded',
        };
      },
    },
    {
      key: 'checkout',
      method: 'POST',
      route: '/api/checkout',
      match: /^\/api\/checkout$/,
      async handle({ rng, span, traceId }) {
        const started = performance.now();
        const d = decide(
          SERVICE,
          'checkout',
          Date.now(),
          baseline.anchorMs,
          rng,
        );
        await reserveStock(traceId, span.spanId, rng);
        const payment = await pay(
          traceId,
          span.spanId,
          Math.round(rng() * 20000) / 100,
        );
        // The model's latency includes the payment call; wait for the rest.
        const rest = d.latencySeconds * 1000 - (performance.now() - started);
        if (rest > 0) await sleep(rest);
        if (d.error) {
          return {
            status: 500,
            body: { error: 'order store unavailable' },
            msg: 'failed to place order: order store write timed out',
          };
        }
        if (!payment.ok) {
          return {
            status: 500,
            body: { error: 'payment failed' },
            msg: `payment failed after ${payment.attempts} attempts`,
          };
        }
        return {
          status: 200,
          body: { orderId: crypto.randomUUID() },
          msg:
            payment.attempts > 1
              ? `order placed (payment succeeded on attempt ${payment.attempts})`
              : 'order placed',
        };
      },
    },
  ],
  observe({ route, status, seconds, traceId }) {
    const labels = {
      method: route.method,
      route: route.route,
      status: String(status),
    };
    requests.inc(labels);
    duration.observe({
      labels,
      value: seconds,
      exemplarLabels: { trace_id: traceId },
    });
  },
  metrics: async () => ({
    contentType: registry.contentType,
    body: await registry.metrics(),
  }),
});
