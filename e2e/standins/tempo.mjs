// STAND-IN for Grafana Tempo — not Tempo. Tempo cannot run on the machines
// this project is developed on, so this serves the part of the documented
// Tempo HTTP API (https://grafana.com/docs/tempo/latest/api_docs/) that the
// Sightline backend sends, from the demo workload's own span files:
//
//   GET /api/search?q=<TraceQL>&start=<unix s>&end=<unix s>&limit=20&spss=3
//       → {"traces":[{traceID, rootServiceName, rootTraceName, startTimeUnixNano,
//          durationMs, spanSet:{spans,matched}, spanSets:[...], serviceStats}],
//          "metrics":{inspectedTraces, inspectedBytes, totalBlocks}}
//   GET /api/traces/<traceID>            → {"batches":[ResourceSpans...]}
//   GET /api/v2/traces/<traceID>         → {"trace":{"resourceSpans":[...]}}
//   GET /api/search/tag/<tag>/values      → {"tagValues":[...]} (service.name only;
//                                           other tags have no values here)
//   GET /api/echo → "echo";  GET /ready → "ready"
//
// Traces are OTLP JSON as Tempo writes it (gogo/jsonpb): span and trace ids
// base64, enums by name (SPAN_KIND_SERVER, STATUS_CODE_ERROR), int64 values
// and nanosecond times as decimal strings, default values omitted. Only the
// TraceQL subset in traceql.mjs is evaluated; anything else answers 400 with
// a plain-text body, as Tempo does.
//
//   node e2e/standins/tempo.mjs --port 3200 --state-dir e2e/.stack

import { isMain, json, standinArgs, startStandin, text } from './lib.mjs';
import { TraceStore, rootSpan } from './traceStore.mjs';
import {
  TraceQLError,
  parseTraceQL,
  referencedAttributes,
  spanMatches,
} from './traceql.mjs';

const b64 = hex => Buffer.from(hex, 'hex').toString('base64');

function anyValue(v) {
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number')
    return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  return { stringValue: String(v) };
}
const keyValues = obj =>
  Object.entries(obj).map(([key, value]) => ({ key, value: anyValue(value) }));

const KIND = {
  server: 'SPAN_KIND_SERVER',
  client: 'SPAN_KIND_CLIENT',
  internal: 'SPAN_KIND_INTERNAL',
  producer: 'SPAN_KIND_PRODUCER',
  consumer: 'SPAN_KIND_CONSUMER',
};

function otlpSpan(span) {
  const out = {
    traceId: b64(span.traceId),
    spanId: b64(span.spanId),
    name: span.name,
    kind: KIND[span.kind] ?? 'SPAN_KIND_UNSPECIFIED',
    startTimeUnixNano: span.startNs.toString(),
    endTimeUnixNano: span.endNs.toString(),
    attributes: keyValues(span.attributes),
    status:
      span.status === 'error'
        ? {
            code: 'STATUS_CODE_ERROR',
            ...(span.statusMessage ? { message: span.statusMessage } : {}),
          }
        : span.status === 'ok'
        ? { code: 'STATUS_CODE_OK' }
        : {},
  };
  if (span.parentSpanId) out.parentSpanId = b64(span.parentSpanId);
  if (span.events.length) {
    out.events = span.events.map(e => ({
      timeUnixNano: String(e.time_unix_nano ?? e.timeUnixNano),
      name: e.name,
      attributes: keyValues(e.attributes ?? {}),
    }));
  }
  return out;
}

/** One ResourceSpans per service, as a collector batches them. */
function resourceSpans(trace) {
  const byResource = new Map();
  for (const span of trace.spans) {
    const key = JSON.stringify(span.resource);
    if (!byResource.has(key))
      byResource.set(key, { resource: span.resource, spans: [] });
    byResource.get(key).spans.push(otlpSpan(span));
  }
  return [...byResource.values()].map(({ resource, spans }) => ({
    resource: { attributes: keyValues(resource) },
    scopeSpans: [
      { scope: { name: 'sightline-demo-workload', version: '1.0.0' }, spans },
    ],
  }));
}

function searchSpan(span, attrs) {
  const attributes = [
    { key: 'service.name', value: { stringValue: span.service } },
  ];
  for (const a of attrs) {
    if (a.intrinsic === 'status')
      attributes.push({ key: 'status', value: { stringValue: span.status } });
    else if (a.key && a.key !== 'service.name') {
      const v =
        a.scope === 'resource'
          ? span.resource[a.key]
          : span.attributes[a.key] ?? span.resource[a.key];
      if (v !== undefined) attributes.push({ key: a.key, value: anyValue(v) });
    }
  }
  const out = {
    spanID: span.spanId,
    name: span.name,
    startTimeUnixNano: span.startNs.toString(),
    durationNanos: span.durationNs.toString(),
    attributes,
  };
  return out;
}

function search(store, params) {
  const get = name => params.find(([k]) => k === name)?.[1];
  const q = get('q');
  if (q === undefined) {
    if (get('tags') !== undefined)
      throw new TraceQLError(
        'tag-based search is not supported by the Tempo stand-in; send q=<TraceQL>',
      );
    throw new TraceQLError(
      'invalid TraceQL query: parse error at line 1, col 1: syntax error: unexpected $end',
    );
  }
  const conditions = parseTraceQL(q);
  const int = (name, fallback) => {
    const raw = get(name);
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw new TraceQLError(`invalid ${name}: ${JSON.stringify(raw)}`);
    return n;
  };
  const nowS = Math.floor(Date.now() / 1000);
  const end = int('end', nowS);
  const start = int('start', end - 3600);
  if (start > end)
    throw new TraceQLError('http request search end must be after start');
  const limit = int('limit', 20) || 20;
  const spss = int('spss', 3) || 3;
  const attrs = referencedAttributes(conditions);

  const candidates = store.inRange(start * 1000, end * 1000 + 999);
  const traces = [];
  for (const trace of candidates) {
    const root = rootSpan(trace);
    const matched = trace.spans.filter(s =>
      spanMatches(conditions, s, trace, root),
    );
    if (!matched.length) continue;
    matched.sort((a, b) => (a.startNs < b.startNs ? -1 : 1));
    const durationMs = Number((trace.endNs - trace.startNs) / 1_000_000n);
    const serviceStats = {};
    for (const s of trace.spans) {
      const stats = (serviceStats[s.service] ??= { spanCount: 0 });
      stats.spanCount += 1;
      if (s.status === 'error') stats.errorCount = (stats.errorCount ?? 0) + 1;
    }
    const spanSet = {
      spans: matched.slice(0, spss).map(s => searchSpan(s, attrs)),
      matched: matched.length,
    };
    traces.push({
      traceID: trace.traceId,
      rootServiceName: root ? root.service : '<root span not yet received>',
      ...(root ? { rootTraceName: root.name } : {}),
      startTimeUnixNano: trace.startNs.toString(),
      ...(durationMs ? { durationMs } : {}),
      spanSet,
      spanSets: [spanSet],
      serviceStats,
    });
    if (traces.length >= limit) break;
  }
  return {
    traces,
    metrics: {
      inspectedTraces: candidates.length,
      inspectedBytes: String(candidates.length * 1024),
      totalBlocks: 1,
      completedJobs: 1,
      totalJobs: 1,
    },
  };
}

function traceId(raw) {
  const id = decodeURIComponent(raw).toLowerCase();
  if (!/^[0-9a-f]{1,32}$/.test(id)) return undefined;
  return id.padStart(32, '0');
}

export async function startTempo({ port, host, stateDir, maxSpans = 200_000 }) {
  const store = new TraceStore(stateDir, { maxSpans });
  store.refresh();
  return startStandin({
    name: 'tempo',
    host,
    port,
    handle: ({ req, url, params }) => {
      if (req.method !== 'GET') return undefined;
      if (url.pathname === '/ready') return text(200, 'ready\n');
      if (url.pathname === '/api/echo') return text(200, 'echo');
      if (url.pathname === '/api/search') {
        try {
          return json(200, search(store, params));
        } catch (e) {
          if (e instanceof TraceQLError) return text(400, e.message);
          throw e;
        }
      }
      const tag = /^\/api\/search\/tag\/([^/]+)\/values$/.exec(url.pathname);
      if (tag) {
        return json(200, {
          tagValues:
            decodeURIComponent(tag[1]) === 'service.name'
              ? store.services()
              : [],
        });
      }
      const m = /^\/api\/(v2\/)?traces\/([^/]+)$/.exec(url.pathname);
      if (m) {
        const id = traceId(m[2]);
        if (!id)
          return text(
            400,
            `invalid trace id: ${JSON.stringify(m[2].slice(0, 64))}`,
          );
        // Tempo stores 64-bit (Jaeger/Zipkin) ids left-padded to 128 bits.
        const trace = store.get(id) ?? store.get(id.replace(/^0{16}/, ''));
        if (!trace) return text(404, 'trace not found');
        const batches = resourceSpans(trace);
        return json(
          200,
          m[1]
            ? { trace: { resourceSpans: batches }, metrics: {} }
            : { batches },
        );
      }
      return undefined;
    },
  });
}

if (isMain(import.meta.url)) {
  const args = standinArgs({
    defaultPort: 3200,
    envName: 'SIGHTLINE_TEMPO_PORT',
    options: { 'max-spans': { type: 'string' } },
  });
  await startTempo({ ...args, maxSpans: Number(args['max-spans'] ?? 200_000) });
}
