import fs from 'node:fs';
import path from 'node:path';

/** A span record as the demo workload writes it (e2e/workload/README.md). */
interface SpanRecord {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  service: string;
  name: string;
  kind: 'server' | 'client';
  start_unix_nano: string;
  end_unix_nano: string;
  duration_ms: number;
  status_code: 'unset' | 'error';
  status_message: string;
  attributes: Record<string, string | number>;
  resource: Record<string, string>;
}

const hex = (n: number, width: number) =>
  n.toString(16).padStart(width, '0').slice(-width);

/**
 * Writes logs and spans in the demo workload's file formats into
 * `<stateDir>/logs` and `<stateDir>/traces`, relative to `now`, and returns
 * what a test needs to know about them. Deterministic.
 */
export function writeTelemetryFixtures(stateDir: string, now: number) {
  const logs: Record<string, string[]> = {};
  const spans: Record<string, string[]> = {};
  const log = (service: string, record: Record<string, unknown>) =>
    (logs[service] ??= []).push(JSON.stringify({ service, ...record }));
  const span = (record: SpanRecord) =>
    (spans[record.service] ??= []).push(JSON.stringify(record));
  let ids = 0;
  const spanId = () => hex(0xabc0000 + ++ids, 16);

  const mkSpan = (
    traceId: string,
    service: string,
    name: string,
    kind: 'server' | 'client',
    startMs: number,
    durationMs: number,
    parent: string | null,
    status: number,
  ): SpanRecord => ({
    trace_id: traceId,
    span_id: spanId(),
    parent_span_id: parent,
    service,
    name,
    kind,
    start_unix_nano: (BigInt(startMs) * 1_000_000n).toString(),
    end_unix_nano: (
      BigInt(startMs) * 1_000_000n +
      BigInt(Math.round(durationMs * 1e6))
    ).toString(),
    duration_ms: durationMs,
    status_code: status >= 500 ? 'error' : 'unset',
    status_message: status >= 500 ? `HTTP ${status}` : '',
    attributes: { 'http.response.status_code': status },
    resource: { 'service.name': service, 'service.namespace': 'shop' },
  });

  // Background traffic: one cart request a minute for the last hour, each
  // half a minute inside its minute so that the oldest stays inside a
  // default one-hour range however long the test takes to ask for it.
  const cart: string[] = [];
  for (let i = 60; i >= 1; i--) {
    const t = now - i * 60_000 + 30_000;
    const traceId = hex(0x1000 + i, 32);
    const failed = i % 20 === 0; // 3 errors
    const s = mkSpan(
      traceId,
      'checkout',
      'GET /api/cart',
      'server',
      t,
      20,
      null,
      failed ? 500 : 200,
    );
    span(s);
    log('checkout', {
      ts: new Date(t + 20).toISOString(),
      level: failed ? 'error' : 'info',
      msg: failed ? 'cart failed' : 'cart loaded',
      route: '/api/cart',
      status: failed ? 500 : 200,
      trace_id: traceId,
      span_id: s.span_id,
    });
    cart.push(traceId);
  }

  // A checkout that spans both services, with a retry.
  const order = 'b8c690f0435d95e371eb87eb9f578cb7';
  const orderStart = now - 10 * 60_000 + 123;
  const root = mkSpan(
    order,
    'checkout',
    'POST /api/checkout',
    'server',
    orderStart,
    300,
    null,
    200,
  );
  const attempt1 = mkSpan(
    order,
    'checkout',
    'POST',
    'client',
    orderStart + 5,
    100,
    root.span_id,
    503,
  );
  const pay1 = mkSpan(
    order,
    'payments',
    'POST /api/payments',
    'server',
    orderStart + 6,
    95,
    attempt1.span_id,
    503,
  );
  const attempt2 = mkSpan(
    order,
    'checkout',
    'POST',
    'client',
    orderStart + 120,
    150,
    root.span_id,
    200,
  );
  const pay2 = mkSpan(
    order,
    'payments',
    'POST /api/payments',
    'server',
    orderStart + 121,
    148,
    attempt2.span_id,
    200,
  );
  for (const s of [pay1, attempt1, pay2, attempt2, root]) span(s);
  log('payments', {
    ts: new Date(orderStart + 101).toISOString(),
    level: 'error',
    msg: 'provider unavailable',
    route: '/api/payments',
    status: 503,
    trace_id: order,
    span_id: pay1.span_id,
  });
  log('checkout', {
    ts: new Date(orderStart + 105).toISOString(),
    level: 'warn',
    msg: 'payments answered 503, retrying (attempt 1/3)',
    route: '/api/checkout',
    status: 503,
    trace_id: order,
    span_id: attempt1.span_id,
  });
  log('payments', {
    ts: new Date(orderStart + 269).toISOString(),
    level: 'info',
    msg: 'payment authorised',
    route: '/api/payments',
    status: 200,
    trace_id: order,
    span_id: pay2.span_id,
  });
  log('checkout', {
    ts: new Date(orderStart + 300).toISOString(),
    level: 'info',
    msg: 'order placed',
    route: '/api/checkout',
    status: 200,
    trace_id: order,
    span_id: root.span_id,
  });

  // A payments-only trace (checkout has no span in it).
  const lookup = 'c0ffee00c0ffee00c0ffee00c0ffee00';
  span(
    mkSpan(
      lookup,
      'payments',
      'GET /api/payments/:id',
      'server',
      now - 7 * 60_000,
      12,
      null,
      200,
    ),
  );

  // A line whose text looks like an attack; it must be found as text.
  log('checkout', {
    ts: new Date(now - 3 * 60_000).toISOString(),
    level: 'info',
    msg: 'odd input "} or vector(1) or { \\ |~ ".*" 日本語 🚀',
    route: '/api/cart',
    status: 200,
  });

  // kbot's messages (the Jaeger cluster).
  const kbotTrace = '7c1a4e2b9d3f5a6c7c1a4e2b9d3f5a6c';
  const kbot = mkSpan(
    kbotTrace,
    'kbot',
    'POST /webhook',
    'server',
    now - 4 * 60_000,
    610,
    null,
    500,
  );
  span(kbot);
  log('kbot', {
    ts: new Date(now - 4 * 60_000 + 610).toISOString(),
    level: 'error',
    msg: 'telegram API timeout',
    route: '/webhook',
    status: 500,
    trace_id: kbotTrace,
    span_id: kbot.span_id,
  });

  for (const [dir, files] of [
    ['logs', logs],
    ['traces', spans],
  ] as const) {
    fs.mkdirSync(path.join(stateDir, dir), { recursive: true });
    for (const [service, lines] of Object.entries(files)) {
      fs.writeFileSync(
        path.join(stateDir, dir, `${service}.jsonl`),
        `${lines.join('\n')}\n`,
      );
    }
  }
  return {
    cartTraceIds: cart,
    order: {
      traceId: order,
      rootSpanId: root.span_id,
      startMs: orderStart,
      endMs: orderStart + 300,
    },
    paymentsOnlyTraceId: lookup,
    kbotTraceId: kbotTrace,
    /** checkout lines in the last hour: 60 cart + 2 order + 1 odd. */
    checkoutLines: 63,
  };
}
