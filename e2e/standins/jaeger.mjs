// STAND-IN for the Jaeger query service — not Jaeger. Jaeger cannot run on
// the machines this project is developed on, so this serves the part of the
// Jaeger query HTTP API that the Jaeger UI uses (/api/*, the "internal" JSON
// API documented at https://www.jaegertracing.io/docs/latest/apis/ and
// implemented in jaeger/cmd/query/app/http_handler.go) and that the
// Sightline backend sends, from the demo workload's own span files:
//
//   GET /api/services                         → {"data":["checkout",...],"total":n,...}
//   GET /api/services/<service>/operations    → {"data":["GET /api/cart",...],...}
//   GET /api/traces?service=&operation=&tags={"k":"v"}&minDuration=&maxDuration=
//       &start=<µs>&end=<µs>&limit=            → {"data":[trace...],"total":0,"limit":0,"offset":0,"errors":null}
//   GET /api/traces/<traceID>                 → {"data":[trace],...}  (404 {"errors":[{"code":404,"msg":"trace not found"}]})
//   GET /trace/<traceID>                      → a page naming the trace, where the Jaeger UI shows it
//
// A trace is Jaeger's UI JSON model: spans with traceID, spanID,
// operationName, references (CHILD_OF), startTime and duration in µs, typed
// tags ({key,type,value}), logs, processID; processes {pN:{serviceName,tags}}.
// OpenTelemetry spans become tags the way Jaeger's OTLP translator writes
// them: span.kind, otel.status_code=ERROR, error=true, otel.status_description.
// Bad parameters answer 400 with Jaeger's error envelope.
//
//   node e2e/standins/jaeger.mjs --port 16686 --state-dir e2e/.stack

import {
  escapeHtml,
  isMain,
  json,
  parseDurationMs,
  standinArgs,
  startStandin,
  uiPage,
} from './lib.mjs';
import { TraceStore } from './traceStore.mjs';

const envelope = (data, errors = null) => ({
  data,
  total: Array.isArray(data) ? data.length : 0,
  limit: 0,
  offset: 0,
  errors,
});
const failure = (code, msg) => json(code, envelope(null, [{ code, msg }]));

function tag(key, value) {
  if (typeof value === 'boolean') return { key, type: 'bool', value };
  if (typeof value === 'number')
    return { key, type: Number.isInteger(value) ? 'int64' : 'float64', value };
  return { key, type: 'string', value: String(value) };
}

const us = ns => Number(ns / 1000n);

/** Tags of a span as Jaeger stores an OpenTelemetry span. */
function spanTags(span) {
  const tags = Object.entries(span.attributes).map(([k, v]) => tag(k, v));
  tags.push(tag('span.kind', span.kind));
  if (span.status === 'error') {
    tags.push(tag('otel.status_code', 'ERROR'), tag('error', true));
    if (span.statusMessage)
      tags.push(tag('otel.status_description', span.statusMessage));
  } else if (span.status === 'ok') tags.push(tag('otel.status_code', 'OK'));
  return tags;
}

export function jaegerTrace(traceId, trace) {
  const processes = {};
  const processIds = new Map();
  const spans = trace.spans.map(span => {
    const key = JSON.stringify(span.resource);
    if (!processIds.has(key)) {
      const id = `p${processIds.size + 1}`;
      processIds.set(key, id);
      const { 'service.name': serviceName, ...rest } = span.resource;
      processes[id] = {
        serviceName: serviceName ?? span.service,
        tags: Object.entries(rest).map(([k, v]) => tag(k, v)),
      };
    }
    return {
      traceID: traceId,
      spanID: span.spanId,
      flags: 1,
      operationName: span.name,
      references: span.parentSpanId
        ? [{ refType: 'CHILD_OF', traceID: traceId, spanID: span.parentSpanId }]
        : [],
      startTime: us(span.startNs),
      duration: us(span.durationNs),
      tags: spanTags(span),
      logs: span.events.map(e => ({
        timestamp: us(
          BigInt(e.time_unix_nano ?? e.timeUnixNano ?? span.startNs),
        ),
        fields: [
          tag('event', e.name),
          ...Object.entries(e.attributes ?? {}).map(([k, v]) => tag(k, v)),
        ],
      })),
      processID: processIds.get(key),
      warnings: null,
    };
  });
  return { traceID: traceId, spans, processes, warnings: null };
}

function searchTraces(store, params) {
  const get = name => params.find(([k]) => k === name)?.[1];
  const service = get('service');
  if (!service) return failure(400, "parameter 'service' is required");
  const operation = get('operation') || undefined;
  let tags = {};
  const rawTags = get('tags');
  if (rawTags) {
    try {
      tags = JSON.parse(rawTags);
      if (!tags || typeof tags !== 'object' || Array.isArray(tags))
        throw new Error('not an object');
      for (const v of Object.values(tags))
        if (typeof v !== 'string') throw new Error('values must be strings');
    } catch (e) {
      return failure(400, `malformed 'tags' parameter: ${e.message}`);
    }
  }
  for (const [k, v] of params) {
    if (k !== 'tag') continue;
    const i = v.indexOf(':');
    if (i < 1)
      return failure(
        400,
        `malformed 'tag' parameter, expecting key:value, received: ${v}`,
      );
    tags[v.slice(0, i)] = v.slice(i + 1);
  }
  const durationParam = name => {
    const raw = get(name);
    if (!raw) return { value: undefined };
    const ms = parseDurationMs(raw, { allowDays: false });
    if (ms === undefined)
      return {
        error: failure(
          400,
          `unable to parse param '${name}': time: invalid duration ${JSON.stringify(
            raw,
          )}`,
        ),
      };
    return { value: ms };
  };
  const min = durationParam('minDuration');
  if (min.error) return min.error;
  const max = durationParam('maxDuration');
  if (max.error) return max.error;
  const micros = name => {
    const raw = get(name);
    if (!raw) return { value: undefined };
    if (!/^\d+$/.test(raw))
      return {
        error: failure(
          400,
          `unable to parse param '${name}': strconv.ParseInt: parsing ${JSON.stringify(
            raw,
          )}: invalid syntax`,
        ),
      };
    return { value: Number(raw) / 1000 };
  };
  const end = micros('end');
  if (end.error) return end.error;
  const start = micros('start');
  if (start.error) return start.error;
  const limitRaw = get('limit') || '20';
  if (!/^\d+$/.test(limitRaw))
    return failure(
      400,
      `unable to parse param 'limit': strconv.ParseInt: parsing ${JSON.stringify(
        limitRaw,
      )}: invalid syntax`,
    );
  const limit = Number(limitRaw) || 20;
  const endMs = end.value ?? Date.now();
  const startMs = start.value ?? endMs - 3_600_000;

  const tagsOf = span => {
    const all = {};
    for (const [k, v] of Object.entries(span.resource)) all[k] = String(v);
    for (const t of spanTags(span)) all[t.key] = String(t.value);
    return all;
  };
  const out = [];
  for (const trace of store.inRange(startMs, endMs)) {
    const hit = trace.spans.some(span => {
      if (span.service !== service) return false;
      if (operation && span.name !== operation) return false;
      if (span.startMs < startMs || span.startMs > endMs) return false;
      const ms = Number(span.durationNs) / 1e6;
      if (min.value !== undefined && ms < min.value) return false;
      if (max.value !== undefined && ms > max.value) return false;
      const spanTagValues = Object.keys(tags).length ? tagsOf(span) : {};
      return Object.entries(tags).every(([k, v]) => spanTagValues[k] === v);
    });
    if (hit) out.push(jaegerTrace(trace.traceId, trace));
    if (out.length >= limit) break;
  }
  return json(200, envelope(out));
}

/** Jaeger accepts 64- and 128-bit ids, without their leading zeros. */
function findTrace(store, id) {
  return store.get(
    id.length > 16 ? id.padStart(32, '0') : id.padStart(16, '0'),
  );
}

export async function startJaeger({
  port,
  host,
  stateDir,
  maxSpans = 200_000,
}) {
  const store = new TraceStore(stateDir, { maxSpans });
  store.refresh();
  return startStandin({
    name: 'jaeger',
    host,
    port,
    handle: ({ req, url, params }) => {
      if (req.method !== 'GET') return undefined;
      if (url.pathname === '/api/services')
        return json(200, envelope(store.services()));
      let m = /^\/api\/services\/([^/]+)\/operations$/.exec(url.pathname);
      if (m) {
        const service = decodeURIComponent(m[1]);
        store.refresh();
        const names = new Set();
        for (const trace of store.traces.values())
          for (const s of trace.spans)
            if (s.service === service) names.add(s.name);
        return json(200, envelope([...names].sort()));
      }
      if (url.pathname === '/api/traces') return searchTraces(store, params);
      // The Jaeger UI's trace page, where "Open trace in Jaeger" links go.
      m = /^\/trace\/([0-9a-fA-F]{1,32})$/.exec(url.pathname);
      if (m) {
        const found = Boolean(findTrace(store, m[1].toLowerCase()));
        return uiPage(
          'Jaeger',
          `Trace ${m[1]}`,
          `<p data-testid="trace">${escapeHtml(
            found ? 'the trace timeline' : 'trace not found',
          )}</p>`,
        );
      }
      m = /^\/api\/traces\/([^/]+)$/.exec(url.pathname);
      if (m) {
        const id = decodeURIComponent(m[1]).toLowerCase();
        if (!/^[0-9a-f]{1,32}$/.test(id))
          return failure(
            400,
            `strconv.ParseUint: parsing ${JSON.stringify(
              id.slice(0, 64),
            )}: invalid syntax`,
          );
        const trace = findTrace(store, id);
        if (!trace) return failure(404, 'trace not found');
        return json(200, envelope([jaegerTrace(id, trace)]));
      }
      return undefined;
    },
  });
}

if (isMain(import.meta.url)) {
  const args = standinArgs({
    defaultPort: 16686,
    envName: 'SIGHTLINE_JAEGER_PORT',
    options: { 'max-spans': { type: 'string' } },
  });
  await startJaeger({
    ...args,
    maxSpans: Number(args['max-spans'] ?? 200_000),
  });
}
