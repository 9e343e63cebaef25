// A checkout → payments trace as the backend serves it (its span tree built
// by buildSpanTree), shaped after the demo workload's traces in
// e2e/standins/tempo.mjs: the payment provider call failed.
import {
  TraceResponse,
  TraceSummary,
  TreeSpan,
} from '@sightline/plugin-observability-common';

export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const START = Date.parse('2026-11-22T01:30:00Z');

function span(
  spanId: string,
  fields: Partial<TreeSpan> & Pick<TreeSpan, 'service' | 'name' | 'depth'>,
): TreeSpan {
  return {
    traceId: TRACE_ID,
    spanId,
    kind: 'server',
    startMs: START,
    startUnixNano: `${START}000000`,
    durationMs: 10,
    status: { code: 'unset' },
    attributes: {},
    resource: { 'service.name': fields.service },
    events: [],
    childSpanIds: [],
    ...fields,
  };
}

export const traceResponse: TraceResponse = {
  entityRef: 'component:default/checkout',
  cluster: 'local',
  backend: 'tempo',
  traceId: TRACE_ID,
  startMs: START,
  endMs: START + 400,
  durationMs: 400,
  serviceName: 'checkout',
  services: [
    { name: 'checkout', spanCount: 3, errorCount: 1 },
    { name: 'payments', spanCount: 2, errorCount: 1 },
  ],
  logs: {
    traceId: TRACE_ID,
    from: START - 60_000,
    to: START + 60_400,
    marginMs: 60_000,
  },
  exploreUrl: `https://grafana.example.com/explore?schemaVersion=1&panes=${encodeURIComponent(
    JSON.stringify({
      sightline: { queries: [{ refId: 'A', query: TRACE_ID }] },
    }),
  )}`,
  rootSpanIds: ['a000000000000001'],
  problems: [],
  spans: [
    span('a000000000000001', {
      service: 'checkout',
      name: 'POST /api/checkout',
      depth: 0,
      durationMs: 400,
      status: { code: 'error' },
      attributes: {
        'http.request.method': 'POST',
        'http.response.status_code': 502,
      },
      childSpanIds: ['a000000000000002', 'a000000000000004'],
    }),
    span('a000000000000002', {
      service: 'payments',
      name: 'POST /api/pay',
      kind: 'client',
      parentSpanId: 'a000000000000001',
      depth: 1,
      startMs: START + 20,
      durationMs: 300,
      status: { code: 'error', message: 'provider timeout' },
      events: [
        {
          timeMs: START + 310,
          name: 'exception',
          attributes: { 'exception.type': 'TimeoutError' },
        },
      ],
      childSpanIds: ['a000000000000003'],
    }),
    span('a000000000000003', {
      service: 'payments',
      name: 'provider charge',
      parentSpanId: 'a000000000000002',
      depth: 2,
      startMs: START + 30,
      durationMs: 280,
    }),
    span('a000000000000004', {
      service: 'checkout',
      name: 'db insert order',
      kind: 'client',
      parentSpanId: 'a000000000000001',
      depth: 1,
      startMs: START + 330,
      durationMs: 50,
      status: { code: 'ok' },
    }),
  ],
};

export const traceSummary: TraceSummary = {
  traceId: TRACE_ID,
  rootService: 'checkout',
  rootName: 'POST /api/checkout',
  startMs: START,
  durationMs: 400,
  status: 'error',
  spanCount: 4,
  errorCount: 2,
  services: traceResponse.services,
  matchedSpans: [],
};
