// kbot: a Telegram-style bot with custom metric names (prom-client):
// kbot_messages_total{status="ok"|"error"} and
// kbot_message_processing_duration_seconds. Telegram would POST updates to
// its webhook; here the load generator does.
//
//   node kbot.mjs [--port 9103] [--state-dir DIR]

import client from 'prom-client';
import { KBOT_BUCKETS, SERVICES, decide } from './model.mjs';
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
      async handle({ req, rng }) {
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
        await sleep(d.latencySeconds * 1000);
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
