// What the three demo services share: arguments, the baseline from the
// backfill, JSON log and span files, W3C trace context, and an HTTP server
// that turns each request into one log line, one server span and one metric
// observation.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NAMESPACE, SERVICES, mulberry32, servicePort } from './model.mjs';

export function serviceArgs(service) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'state-dir': { type: 'string' },
      'payments-url': { type: 'string' },
    },
  });
  const portBase = Number(process.env.SIGHTLINE_WORKLOAD_PORT_BASE || 9101);
  return {
    port: Number(values.port || servicePort(service, portBase)),
    stateDir: path.resolve(
      values['state-dir'] || process.env.SIGHTLINE_STACK_DIR || '.stack',
    ),
    paymentsUrl:
      values['payments-url'] ||
      `http://127.0.0.1:${servicePort('payments', portBase)}`,
  };
}

/**
 * The backfill's final cumulative values for `service` and the anchor (stack
 * start) the model's incidents are relative to. Without a baseline (service
 * started on its own) counters start at 0 and the anchor is now.
 */
export function loadBaseline(stateDir, service) {
  const file = path.join(stateDir, 'workload', 'baseline.json');
  try {
    const b = JSON.parse(fs.readFileSync(file, 'utf8'));
    return { anchorMs: b.anchorMs, series: b.services[service] ?? [] };
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    console.log(`${service}: no ${file}, counters start at 0`);
    return { anchorMs: Date.now(), series: [] };
  }
}

// ---------------------------------------------------------------------------
// JSON lines files (logs/<service>.jsonl, traces/<service>.jsonl)

const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Appends JSON records, one per line. At 64 MiB the file is renamed to
 * `<file>.1` (replacing an older one), so a stack left running for days
 * does not fill the disk.
 */
export function jsonLines(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let fd = fs.openSync(file, 'a');
  let size = fs.fstatSync(fd).size;
  return {
    write(record) {
      const line = `${JSON.stringify(record)}\n`;
      // Synchronous appends: a handful per request, and nothing is lost if
      // the process is killed.
      fs.writeSync(fd, line);
      size += Buffer.byteLength(line);
      if (size > MAX_FILE_BYTES) {
        fs.closeSync(fd);
        fs.renameSync(file, `${file}.1`);
        fd = fs.openSync(file, 'a');
        size = 0;
      }
    },
  };
}

// ---------------------------------------------------------------------------
// W3C trace context

export const newTraceId = () => crypto.randomBytes(16).toString('hex');
export const newSpanId = () => crypto.randomBytes(8).toString('hex');

/** Parses a `traceparent` header (version 00); undefined if absent/invalid. */
export function parseTraceparent(header) {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(
    String(header ?? '').trim(),
  );
  if (!m || /^0+$/.test(m[1]) || /^0+$/.test(m[2])) return undefined;
  return { traceId: m[1], parentSpanId: m[2], flags: m[3] };
}

export const formatTraceparent = (traceId, spanId) =>
  `00-${traceId}-${spanId}-01`;

/** Wall clock in Unix nanoseconds as a decimal string (exceeds 2^53). */
export function unixNanos() {
  const ms = performance.timeOrigin + performance.now();
  return (
    BigInt(Math.floor(ms)) * 1_000_000n +
    BigInt(Math.round((ms % 1) * 1e6))
  ).toString();
}

// ---------------------------------------------------------------------------
// Spans and logs

export function createTelemetry(stateDir, service) {
  const logs = jsonLines(path.join(stateDir, 'logs', `${service}.jsonl`));
  const traces = jsonLines(path.join(stateDir, 'traces', `${service}.jsonl`));
  const svc = SERVICES[service];

  /** Starts a span; end({ statusCode, statusMessage, attributes }) records it. */
  function startSpan({ name, kind, traceId, parentSpanId, attributes = {} }) {
    const span = {
      trace_id: traceId,
      span_id: newSpanId(),
      parent_span_id: parentSpanId ?? null,
      service,
      name,
      kind,
      start_unix_nano: unixNanos(),
      startedAt: performance.now(),
    };
    return {
      traceId,
      spanId: span.span_id,
      end({
        statusCode = 'unset',
        statusMessage = '',
        attributes: more = {},
      } = {}) {
        const durationMs = performance.now() - span.startedAt;
        const { startedAt, ...rest } = span;
        traces.write({
          ...rest,
          end_unix_nano: unixNanos(),
          duration_ms: Math.round(durationMs * 1000) / 1000,
          status_code: statusCode,
          status_message: statusMessage,
          attributes: { ...attributes, ...more },
          resource: {
            'service.name': service,
            'service.namespace': NAMESPACE,
            'service.version': svc.version,
            'k8s.namespace.name': NAMESPACE,
            'k8s.pod.name': svc.pod,
          },
        });
        return durationMs;
      },
    };
  }

  function log(level, msg, fields) {
    logs.write({
      ts: new Date().toISOString(),
      level,
      msg,
      service,
      ...fields,
    });
  }

  return { startSpan, log };
}

// ---------------------------------------------------------------------------
// HTTP server

export const sleep = ms => new Promise(r => setTimeout(r, ms));

export function readBody(req, limit = 64 * 1024) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', c => {
      body += c;
      if (body.length > limit) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/**
 * Starts a service. `routes` are { key, method, route (template), match
 * (RegExp on the path), handle(ctx) }; handle gets { req, url, params, span,
 * traceId, rng } and returns { status, body, msg, level? }. The server adds
 * what every instrumented service does around a handler: trace context, a
 * server span, a JSON log line and observe({ route, status, seconds,
 * traceId }) (the trace id for exemplars).
 * `metrics()` returns { contentType, body } for GET /metrics.
 */
export function startService({
  service,
  port,
  routes,
  observe,
  metrics,
  telemetry,
  seed,
}) {
  const rng = mulberry32(seed ?? 0x5eed + SERVICES[service].index);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/metrics') {
      try {
        const m = await metrics();
        res.writeHead(200, { 'content-type': m.contentType });
        res.end(m.body);
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
      return;
    }
    let params;
    const route = routes.find(
      r => r.method === req.method && (params = r.match.exec(url.pathname)),
    );
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
      return;
    }
    const started = performance.now();
    const parent = parseTraceparent(req.headers.traceparent);
    const traceId = parent?.traceId ?? newTraceId();
    const span = telemetry.startSpan({
      name: `${req.method} ${route.route}`,
      kind: 'server',
      traceId,
      parentSpanId: parent?.parentSpanId,
      attributes: {
        'http.request.method': req.method,
        'http.route': route.route,
        'url.path': url.pathname,
        'url.scheme': 'http',
        'server.address': '127.0.0.1',
        'server.port': port,
      },
    });
    let result;
    try {
      result = await route.handle({
        req,
        url,
        params: params.groups ?? {},
        span,
        traceId,
        rng,
      });
    } catch (e) {
      result = {
        status: 500,
        body: { error: 'internal error' },
        msg: `unhandled error: ${e.message}`,
      };
    }
    res.writeHead(result.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result.body ?? {}));
    const seconds = (performance.now() - started) / 1000;
    const isError = result.status >= 500;
    observe({
      route,
      status: result.status,
      seconds,
      traceId,
      error: isError,
      outcome: result.outcome,
    });
    span.end({
      statusCode: isError ? 'error' : 'unset',
      statusMessage: isError ? result.msg : '',
      attributes: {
        'http.response.status_code': result.status,
        ...(isError ? { 'error.type': String(result.status) } : {}),
      },
    });
    telemetry.log(
      result.level ??
        (isError ? 'error' : result.status >= 400 ? 'warn' : 'info'),
      result.msg,
      {
        route: route.route,
        method: req.method,
        status: result.status,
        duration_ms: Math.round(seconds * 1e6) / 1000,
        trace_id: traceId,
        span_id: span.spanId,
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => {
    console.log(
      `${service}: listening on http://127.0.0.1:${port} (pid ${process.pid})`,
    );
  });
  server.on('error', e => {
    console.error(`${service}: ${e.message}`);
    process.exit(1);
  });
  const shutdown = () => {
    server.close(() => process.exit(0));
    // Don't wait long for idle keep-alive connections.
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  return { server, rng };
}
