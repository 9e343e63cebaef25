/**
 * Pure transforms from what Tempo and Jaeger answer to Sightline's trace
 * model, and the span tree. No I/O; every function is total over malformed
 * input (missing fields become defaults, never exceptions).
 */
import {
  AttributeValue,
  SpanKind,
  SpanStatusCode,
  SpanTree,
  TraceProblem,
  TraceServiceStats,
  TraceSpan,
  TraceSummary,
  TreeSpan,
} from './traces';

// ---------------------------------------------------------------------------
// Shapes of the upstream answers (only the fields read here)

/** OTLP `AnyValue` in JSON. @public */
export interface OtlpAnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number | string;
  boolValue?: boolean;
  bytesValue?: string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
}

/** @public */
export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

/** An OTLP span in JSON; ids hex (OTLP/JSON) or base64 (Tempo's jsonpb). @public */
export interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: string | number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  status?: { code?: string | number; message?: string };
  events?: {
    timeUnixNano?: string | number;
    name?: string;
    attributes?: OtlpKeyValue[];
  }[];
}

/** @public */
export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] };
  scopeSpans?: { spans?: OtlpSpan[] }[];
  /** Before OTLP 0.15. */
  instrumentationLibrarySpans?: { spans?: OtlpSpan[] }[];
}

/**
 * Tempo's `GET /api/traces/{id}` (`batches`, or `resourceSpans` as in OTLP)
 * or `GET /api/v2/traces/{id}` (the same under `trace`).
 *
 * @public
 */
export interface TempoTraceJson {
  batches?: OtlpResourceSpans[];
  resourceSpans?: OtlpResourceSpans[];
  trace?: {
    batches?: OtlpResourceSpans[];
    resourceSpans?: OtlpResourceSpans[];
  };
}

/** One trace of Tempo's `GET /api/search`. @public */
export interface TempoSearchTrace {
  traceID?: string;
  rootServiceName?: string;
  rootTraceName?: string;
  startTimeUnixNano?: string | number;
  durationMs?: number;
  spanSet?: TempoSpanSet;
  spanSets?: TempoSpanSet[];
  serviceStats?: Record<string, { spanCount?: number; errorCount?: number }>;
}

/** @public */
export interface TempoSpanSet {
  spans?: {
    spanID?: string;
    name?: string;
    startTimeUnixNano?: string | number;
    durationNanos?: string | number;
  }[];
  matched?: number;
}

/** Tempo's `GET /api/search` answer. @public */
export interface TempoSearchJson {
  traces?: TempoSearchTrace[];
}

/** A Jaeger tag or log field: `{ key, type, value }`. @public */
export interface JaegerKeyValue {
  key: string;
  type?: string;
  value?: unknown;
}

/** A span of the Jaeger query service's JSON (as the Jaeger UI reads it). @public */
export interface JaegerSpan {
  traceID?: string;
  spanID?: string;
  operationName?: string;
  references?: { refType?: string; traceID?: string; spanID?: string }[];
  /** Microseconds since the epoch. */
  startTime?: number;
  /** Microseconds. */
  duration?: number;
  tags?: JaegerKeyValue[];
  logs?: { timestamp?: number; fields?: JaegerKeyValue[] }[];
  processID?: string;
  process?: { serviceName?: string; tags?: JaegerKeyValue[] };
}

/** A trace of Jaeger's `GET /api/traces` and `GET /api/traces/{id}`. @public */
export interface JaegerTraceJson {
  traceID?: string;
  spans?: JaegerSpan[];
  processes?: Record<string, { serviceName?: string; tags?: JaegerKeyValue[] }>;
}

// ---------------------------------------------------------------------------
// Helpers

const HEX_ID = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/i;

function base64ToHex(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = value.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  let bits = 0;
  let buffer = 0;
  let hex = '';
  for (const ch of clean) {
    buffer = (buffer << 6) | alphabet.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      hex += ((buffer >> bits) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return hex;
}

/**
 * A trace or span id as lower-case hex: hex (OTLP/JSON, Jaeger, Tempo's
 * search, which drops leading zeros) or base64 (Tempo's trace JSON) in.
 * Undefined for empty and all-zero ids (no parent).
 *
 * @public
 */
export function normaliseTraceId(
  value: string | undefined,
  kind: 'trace' | 'span' = 'trace',
): string | undefined {
  if (!value) return undefined;
  let hex: string | undefined;
  if (HEX_ID.test(value)) hex = value.toLowerCase();
  else if (/^[0-9a-f]{1,32}$/i.test(value) && kind === 'trace') {
    hex = value.toLowerCase().padStart(value.length > 16 ? 32 : 16, '0');
  } else hex = base64ToHex(value);
  if (!hex || /^0*$/.test(hex)) return undefined;
  return hex;
}

function toBigInt(value: string | number | undefined): bigint {
  try {
    if (typeof value === 'number') return BigInt(Math.round(value));
    return value ? BigInt(value) : 0n;
  } catch {
    return 0n;
  }
}

/** Epoch ms with µs precision from ns. */
const nsToMs = (ns: bigint) => Number(ns / 1000n) / 1000;

function anyValue(value: OtlpAnyValue | undefined): AttributeValue {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(anyValue);
  if (value.kvlistValue) return keyValues(value.kvlistValue.values);
  return null;
}

function keyValues(
  list: OtlpKeyValue[] | undefined,
): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list ?? []) if (kv?.key) out[kv.key] = anyValue(kv.value);
  return out;
}

const OTLP_KINDS: SpanKind[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

function otlpKind(kind: string | number | undefined): SpanKind {
  if (typeof kind === 'number') return OTLP_KINDS[kind] ?? 'unspecified';
  const name = String(kind ?? '')
    .replace(/^SPAN_KIND_/, '')
    .toLowerCase();
  return (OTLP_KINDS as string[]).includes(name)
    ? (name as SpanKind)
    : 'unspecified';
}

function otlpStatus(code: string | number | undefined): SpanStatusCode {
  if (code === 2 || code === 'STATUS_CODE_ERROR' || code === 'ERROR')
    return 'error';
  if (code === 1 || code === 'STATUS_CODE_OK' || code === 'OK') return 'ok';
  return 'unset';
}

// ---------------------------------------------------------------------------
// Tempo

/**
 * Tempo's trace JSON (v1 or v2 endpoint) → spans.
 *
 * @public
 */
export function tempoTraceToSpans(
  json: TempoTraceJson | undefined,
): TraceSpan[] {
  const batches =
    json?.batches ??
    json?.resourceSpans ??
    json?.trace?.batches ??
    json?.trace?.resourceSpans ??
    [];
  const spans: TraceSpan[] = [];
  for (const batch of batches) {
    const resource = keyValues(batch?.resource?.attributes);
    const service = String(resource['service.name'] ?? 'unknown');
    const scopes =
      batch?.scopeSpans ?? batch?.instrumentationLibrarySpans ?? [];
    for (const scope of scopes) {
      for (const span of scope?.spans ?? []) {
        const spanId = normaliseTraceId(span.spanId, 'span');
        const traceId = normaliseTraceId(span.traceId);
        if (!spanId || !traceId) continue;
        const start = toBigInt(span.startTimeUnixNano);
        const end = toBigInt(span.endTimeUnixNano);
        const parent = normaliseTraceId(span.parentSpanId, 'span');
        const code = otlpStatus(span.status?.code);
        spans.push({
          traceId,
          spanId,
          ...(parent ? { parentSpanId: parent } : {}),
          service,
          name: span.name ?? '',
          kind: otlpKind(span.kind),
          startMs: nsToMs(start),
          startUnixNano: start.toString(),
          durationMs: end > start ? Number(end - start) / 1e6 : 0,
          status: {
            code,
            ...(span.status?.message ? { message: span.status.message } : {}),
          },
          attributes: keyValues(span.attributes),
          resource,
          events: (span.events ?? []).map(e => ({
            timeMs: nsToMs(toBigInt(e.timeUnixNano)),
            name: e.name ?? '',
            attributes: keyValues(e.attributes),
          })),
        });
      }
    }
  }
  return spans;
}

const ROOT_NOT_RECEIVED = '<root span not yet received>';

function summaryStatus(known: boolean, errors: number): TraceSummary['status'] {
  if (!known) return 'unknown';
  return errors > 0 ? 'error' : 'ok';
}

function jaegerStatus(failed: boolean, otelCode: string): SpanStatusCode {
  if (failed) return 'error';
  return otelCode === 'OK' ? 'ok' : 'unset';
}

/** Orders strings as their code units do (stable ids in sorted output). */
function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Tempo's search answer → trace summaries, newest first.
 *
 * @public
 */
export function tempoSearchToSummaries(
  json: TempoSearchJson | undefined,
): TraceSummary[] {
  const out: TraceSummary[] = [];
  for (const t of json?.traces ?? []) {
    const traceId = normaliseTraceId(t.traceID);
    if (!traceId) continue;
    const services: TraceServiceStats[] = Object.entries(
      t.serviceStats ?? {},
    ).map(([name, s]) => ({
      name,
      spanCount: s?.spanCount ?? 0,
      errorCount: s?.errorCount ?? 0,
    }));
    const matched = new Map<string, TraceSummary['matchedSpans'][number]>();
    for (const set of [
      ...(t.spanSets ?? []),
      ...(t.spanSet ? [t.spanSet] : []),
    ]) {
      for (const s of set?.spans ?? []) {
        const spanId = normaliseTraceId(s.spanID, 'span');
        if (!spanId || matched.has(spanId)) continue;
        matched.set(spanId, {
          spanId,
          ...(s.name ? { name: s.name } : {}),
          startMs: nsToMs(toBigInt(s.startTimeUnixNano)),
          durationMs: Number(toBigInt(s.durationNanos)) / 1e6,
        });
      }
    }
    const errorCount = services.reduce((n, s) => n + s.errorCount, 0);
    const rootKnown =
      t.rootServiceName && t.rootServiceName !== ROOT_NOT_RECEIVED;
    out.push({
      traceId,
      ...(rootKnown ? { rootService: t.rootServiceName } : {}),
      ...(rootKnown && t.rootTraceName ? { rootName: t.rootTraceName } : {}),
      startMs: nsToMs(toBigInt(t.startTimeUnixNano)),
      durationMs: t.durationMs ?? 0,
      status: summaryStatus(services.length > 0, errorCount),
      ...(services.length
        ? {
            spanCount: services.reduce((n, s) => n + s.spanCount, 0),
            errorCount,
          }
        : {}),
      services,
      matchedSpans: [...matched.values()],
    });
  }
  return out.sort((a, b) => b.startMs - a.startMs);
}

// ---------------------------------------------------------------------------
// Jaeger

/** Tags Jaeger writes for what the span model has fields for. */
const JAEGER_MODEL_TAGS = new Set([
  'span.kind',
  'otel.status_code',
  'otel.status_description',
  'error',
]);

function jaegerValue(kv: JaegerKeyValue): AttributeValue {
  const v = kv.value;
  if (kv.type === 'int64' || kv.type === 'float64') return Number(v);
  if (kv.type === 'bool') return v === true || v === 'true';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    return v;
  return v === undefined ? null : JSON.stringify(v);
}

function jaegerTags(
  tags: JaegerKeyValue[] | undefined,
): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of tags ?? []) if (kv?.key) out[kv.key] = jaegerValue(kv);
  return out;
}

/**
 * One trace of the Jaeger query service → spans.
 *
 * @public
 */
export function jaegerTraceToSpans(
  trace: JaegerTraceJson | undefined,
): TraceSpan[] {
  const spans: TraceSpan[] = [];
  for (const span of trace?.spans ?? []) {
    const spanId = normaliseTraceId(span.spanID, 'span');
    const traceId = normaliseTraceId(span.traceID ?? trace?.traceID);
    if (!spanId || !traceId) continue;
    const process =
      span.process ??
      (span.processID ? trace?.processes?.[span.processID] : undefined);
    const service = process?.serviceName ?? 'unknown';
    const tags = jaegerTags(span.tags);
    const refs = (span.references ?? []).filter(
      r => !r.traceID || normaliseTraceId(r.traceID) === traceId,
    );
    const parentRef = refs.find(r => r.refType === 'CHILD_OF') ?? refs[0];
    const parent = normaliseTraceId(parentRef?.spanID, 'span');
    const statusCode = String(tags['otel.status_code'] ?? '').toUpperCase();
    const failed = tags.error === true || statusCode === 'ERROR';
    const kind = String(tags['span.kind'] ?? '').toLowerCase();
    const message = tags['otel.status_description'];
    const attributes: Record<string, AttributeValue> = {};
    for (const [k, v] of Object.entries(tags))
      if (!JAEGER_MODEL_TAGS.has(k)) attributes[k] = v;
    const startUs = Math.round(span.startTime ?? 0);
    spans.push({
      traceId,
      spanId,
      ...(parent ? { parentSpanId: parent } : {}),
      service,
      name: span.operationName ?? '',
      kind: (OTLP_KINDS as string[]).includes(kind)
        ? (kind as SpanKind)
        : 'unspecified',
      startMs: startUs / 1000,
      startUnixNano: (BigInt(startUs) * 1000n).toString(),
      durationMs: (span.duration ?? 0) / 1000,
      status: {
        code: jaegerStatus(failed, statusCode),
        ...(typeof message === 'string' && message ? { message } : {}),
      },
      attributes,
      resource: { 'service.name': service, ...jaegerTags(process?.tags) },
      events: (span.logs ?? []).map(log => {
        const fields = jaegerTags(log.fields);
        const name = fields.event ?? fields.message ?? fields.log ?? 'log';
        const { event, ...rest } = fields;
        return {
          timeMs: (log.timestamp ?? 0) / 1000,
          name: String(name),
          attributes: rest,
        };
      }),
    });
  }
  return spans;
}

// ---------------------------------------------------------------------------
// Whole traces

/**
 * Start, end and per-service counts of a trace's spans.
 *
 * @public
 */
export function traceStats(spans: TraceSpan[]): {
  startMs: number;
  endMs: number;
  durationMs: number;
  services: TraceServiceStats[];
} {
  let startMs = Infinity;
  let endMs = -Infinity;
  const services = new Map<string, TraceServiceStats>();
  for (const s of spans) {
    startMs = Math.min(startMs, s.startMs);
    endMs = Math.max(endMs, s.startMs + s.durationMs);
    const stats = services.get(s.service) ?? {
      name: s.service,
      spanCount: 0,
      errorCount: 0,
    };
    stats.spanCount += 1;
    if (s.status.code === 'error') stats.errorCount += 1;
    services.set(s.service, stats);
  }
  if (!spans.length)
    return { startMs: 0, endMs: 0, durationMs: 0, services: [] };
  return {
    startMs,
    endMs,
    durationMs: endMs - startMs,
    services: [...services.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    ),
  };
}

/**
 * A Jaeger search result (whole traces) → summaries, newest first, with the
 * spans of `serviceName` as the matched spans.
 *
 * @public
 */
export function jaegerTracesToSummaries(
  traces: JaegerTraceJson[] | undefined,
  serviceName: string,
): TraceSummary[] {
  const out: TraceSummary[] = [];
  for (const trace of traces ?? []) {
    const spans = jaegerTraceToSpans(trace);
    if (!spans.length) continue;
    const stats = traceStats(spans);
    // A trace whose root span is missing has no root service.
    const root = spans.find(s => !s.parentSpanId);
    const errorCount = stats.services.reduce((n, s) => n + s.errorCount, 0);
    out.push({
      traceId: spans[0].traceId,
      ...(root ? { rootService: root.service, rootName: root.name } : {}),
      startMs: stats.startMs,
      durationMs: stats.durationMs,
      status: errorCount > 0 ? 'error' : 'ok',
      spanCount: spans.length,
      errorCount,
      services: stats.services,
      matchedSpans: spans
        .filter(s => s.service === serviceName)
        .sort((a, b) => a.startMs - b.startMs)
        .slice(0, 10)
        .map(s => ({
          spanId: s.spanId,
          name: s.name,
          startMs: s.startMs,
          durationMs: s.durationMs,
        })),
    });
  }
  return out.sort((a, b) => b.startMs - a.startMs);
}

const byStart = (a: TraceSpan, b: TraceSpan) =>
  a.startMs - b.startMs || compareIds(a.spanId, b.spanId);

/**
 * Builds the span tree: each span under its parent, siblings by start time,
 * in depth-first order. Spans whose parent is missing become roots
 * (`missing-parent`); parent chains that loop are cut at their earliest span,
 * which becomes a root (`cycle`); a second span with an id already seen is
 * kept under `<id>#2` (`duplicate-id`), and exact repeats are dropped.
 * Iterative and O(n log n): 10,000 spans, even in one chain, take
 * milliseconds.
 *
 * @public
 */
export function buildSpanTree(input: TraceSpan[]): SpanTree {
  const problems: TraceProblem[] = [];
  const problemOf = new Map<string, TraceProblem['kind']>();
  const note = (
    spanId: string,
    kind: TraceProblem['kind'],
    message: string,
  ) => {
    problems.push({ spanId, kind, message });
    problemOf.set(spanId, kind);
  };

  // Unique ids.
  const byId = new Map<string, TraceSpan>();
  for (const span of input) {
    const seen = byId.get(span.spanId);
    if (!seen) {
      byId.set(span.spanId, span);
      continue;
    }
    if (
      seen.startUnixNano === span.startUnixNano &&
      seen.name === span.name &&
      seen.service === span.service
    ) {
      continue; // the same span delivered twice
    }
    let n = 2;
    while (byId.has(`${span.spanId}#${n}`)) n += 1;
    const id = `${span.spanId}#${n}`;
    byId.set(id, { ...span, spanId: id });
    note(
      id,
      'duplicate-id',
      `Span id ${span.spanId} is used by more than one span; this one is shown as ${id}`,
    );
  }

  // Edges.
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of byId.values()) {
    const parent = span.parentSpanId;
    if (parent && parent !== span.spanId && byId.has(parent)) {
      const list = children.get(parent);
      if (list) list.push(span);
      else children.set(parent, [span]);
      continue;
    }
    roots.push(span);
    if (parent === span.spanId) {
      note(
        span.spanId,
        'cycle',
        `Span ${span.spanId} names itself as its parent`,
      );
    } else if (parent) {
      note(
        span.spanId,
        'missing-parent',
        `The parent ${parent} of span ${span.spanId} is not in the trace`,
      );
    }
  }
  for (const list of children.values()) list.sort(byStart);
  roots.sort(byStart);

  // Depth-first, without recursion.
  const visited = new Set<string>();
  const out: TreeSpan[] = [];
  const rootSpanIds: string[] = [];
  const walk = (root: TraceSpan) => {
    rootSpanIds.push(root.spanId);
    const stack: [TraceSpan, number][] = [[root, 0]];
    visited.add(root.spanId);
    while (stack.length) {
      const [span, depth] = stack.pop()!;
      const kids = (children.get(span.spanId) ?? []).filter(
        c => !visited.has(c.spanId),
      );
      for (const kid of kids) visited.add(kid.spanId);
      const problem = problemOf.get(span.spanId);
      out.push({
        ...span,
        depth,
        childSpanIds: kids.map(k => k.spanId),
        ...(problem ? { problem } : {}),
      });
      for (let i = kids.length - 1; i >= 0; i--)
        stack.push([kids[i], depth + 1]);
    }
  };
  for (const root of roots) walk(root);

  // Whatever was not reached hangs off a loop: cut each at its earliest span.
  if (visited.size < byId.size) {
    const rest = [...byId.values()]
      .filter(s => !visited.has(s.spanId))
      .sort(byStart);
    for (const span of rest) {
      if (visited.has(span.spanId)) continue;
      note(
        span.spanId,
        'cycle',
        `The ancestors of span ${span.spanId} loop back to it; shown as a root`,
      );
      walk(span);
    }
  }
  return { spans: out, rootSpanIds, problems };
}
