// Shaped like the backend's answer for the demo checkout service
// (e2e/workload writes these JSON lines; e2e/standins/loki.mjs serves them).
import { LogLine, LogsResponse } from '@sightline/plugin-observability-common';

export const TRACE_ID = 'e8a3e81a0e1a8d024c8de192615cb822';
export const SPAN_ID = 'fe4ec29dd27fe0d1';
export const OTHER_SPAN_ID = '35bc0440003fb977';

const START = Date.parse('2026-11-22T01:00:00Z');
const END = Date.parse('2026-11-22T02:00:00Z');

/** The n-th line: every tenth an error, each naming a trace and span. */
export function logLine(n: number, overrides: Partial<LogLine> = {}): LogLine {
  const timestamp = END - n * 500;
  const level = n % 10 === 9 ? 'error' : 'info';
  const fields = {
    ts: new Date(timestamp).toISOString(),
    level,
    msg: level === 'error' ? 'payment declined' : 'cart loaded',
    route: '/api/cart',
    status: level === 'error' ? '502' : '200',
    trace_id: TRACE_ID,
    span_id: SPAN_ID,
  };
  return {
    timestamp,
    timestampNs: `${timestamp}000000`,
    line: JSON.stringify(fields),
    labels: { namespace: 'shop', app: 'checkout' },
    format: 'json',
    fields,
    level,
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    ...overrides,
  };
}

export function logsResponse(
  lines: LogLine[],
  overrides: Partial<LogsResponse> = {},
): LogsResponse {
  return {
    entityRef: 'component:default/checkout',
    cluster: 'local',
    selector: '{namespace="shop", app="checkout"}',
    range: { start: START, end: END },
    direction: 'backward',
    limit: 1000,
    lines,
    truncated: false,
    volume: {
      stepMs: 600_000,
      series: [
        {
          labels: { level: 'info' },
          points: [
            [START, 120],
            [START + 600_000, 130],
          ],
        },
        { labels: { level: 'error' }, points: [[START + 600_000, 7]] },
      ],
    },
    queries: [
      { name: 'lines', query: '{namespace="shop", app="checkout"} | json' },
    ],
    ...overrides,
  };
}
