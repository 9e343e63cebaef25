// kbot: a Telegram-style bot with custom metric names (prom-client):
// kbot_messages_total{status="ok"|"error"} and
// kbot_message_processing_duration_seconds. Telegram would POST updates to
// its webhook; here the load generator does.
//
//   node kbot.mjs [--port 9103] [--state-dir DIR]

import client from 'prom-client';
import {
  KBOT_BUCKETS,
  SERVICES,
  SERVICE_GRAPH_EDGES,
  decide,
  decideCall,
  targetInfoAt,
} from './model.mjs';
import { seedPromClient } from './baseline.mjs';
import {
  createTelemetry,
  loadBaseline,
  readBody,
  serviceArgs,
  sleep,
  startService,
} from './runtime.mjs';

const SERVICE = 'kbot';
const svc = SERVICES[SERVICE];
const args = serviceArgs(SERVICE);
const baseline = loadBaseline(args.stateDir, SERVICE);
const telemetry = createTelemetry(args.stateDir, SERVICE);

const registry = new client.Registry();
const messages = new client.Counter({
  name: 'kbot_messages_total',
  help: 'Number of messages processed',
  labelNames: ['status'],
  registers: [registry],
});
const processing = new client.Histogram({
  name: 'kbot_message_processing_duration_seconds',
  help: 'Message processing time in seconds',
  buckets: [...KBOT_BUCKETS],
  registers: [registry],
});
seedPromClient(
  {
    kbot_messages: messages,
    kbot_message_processing_duration_seconds: processing,
  },
  baseline.series,
);
// The OpenTelemetry resource as OTel's Prometheus exporters print it.
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

const TELEGRAM = SERVICE_GRAPH_EDGES.find(e => e.server === 'api.telegram.org');

startService({
  service: SERVICE,
  port: args.port,
  telemetry,
  routes: [
    {
      key: 'message',
      method: 'POST',
      route: '/webhook',
      match: /^\/webhook$/,
      async handle({ req, rng, span, traceId }) {
        let update = {};
        try {
          update = JSON.parse((await readBody(req)) || '{}');
        } catch {
          return {
            status: 400,
            outcome: 'error',
            body: { ok: false },
            msg: 'malformed update',
          };
        }
        const from = update.message?.from?.username ?? 'unknown';
        const text = update.message?.text ?? '';
        const d = decide(
          SERVICE,
          'message',
          Date.now(),
          baseline.anchorMs,
          rng,
        );
        // The reply goes out through the Telegram Bot API (simulated: the
        // stack has no internet); a failed message is a failed sendMessage.
        const call = decideCall(SERVICE, TELEGRAM.server, rng, d.error);
        const callMs = Math.min(call.latencySeconds, d.latencySeconds) * 1000;
        const sendMessage = telemetry.startSpan({
          name: 'POST /bot{token}/sendMessage',
          kind: 'client',
          traceId,
          parentSpanId: span.spanId,
          attributes: {
            'http.request.method': 'POST',
            'url.full': 'https://api.telegram.org/bot<redacted>/sendMessage',
            ...TELEGRAM.peerAttributes,
          },
        });
        await sleep(callMs);
        sendMessage.end(
          call.failed
            ? {
                statusCode: 'error',
                statusMessage: 'telegram API timeout',
                attributes: { 'error.type': 'timeout' },
              }
            : { attributes: { 'http.response.status_code': 200 } },
        );
        await sleep(d.latencySeconds * 1000 - callMs);
        if (d.error) {
          return {
            status: 500,
            body: { ok: false },
            msg: `failed to process message from ${from}: ${text}: telegram API timeout`,
          };
        }
        return {
          status: 200,
          body: { ok: true },
          msg: `processed message from ${from}: ${text}`,
        };
      },
    },
  ],
  observe({ status, seconds }) {
    messages.inc({ status: status < 400 ? svc.okStatus : svc.errorStatus });
    processing.observe(seconds);
  },
  metrics: async () => ({
    contentType: registry.contentType,
    body: await registry.metrics(),
  }),
});
