/**
 * Tempo's answers (OTLP spans in JSON, and its search results) and their
 * reading into Sightline's trace model. No I/O; total over malformed input
 * (missing fields become defaults, never exceptions).
 */
import {
  AttributeValue,
  SpanStatusCode,
  TraceServiceStats,
  TraceSpan,
  TraceSummary,
} from '@sightline/plugin-observability-common';
import { normaliseTraceId, spanKind } from '../wireSpans';

/** OTLP `AnyValue` in JSON. */
interface OtlpAnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number | string;
  boolValue?: boolean;
  bytesValue?: string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
}

/** */
interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

/** An OTLP span in JSON; ids hex (OTLP/JSON) or base64 (Tempo's jsonpb). */
interface OtlpSpan {
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

/** */
interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] };
  scopeSpans?: { spans?: OtlpSpan[] }[];
  /** Before OTLP 0.15. */
  instrumentationLibrarySpans?: { spans?: OtlpSpan[] }[];
}

/**
 * Tempo's `GET /api/traces/{id}` (`batches`, or `resourceSpans` as in OTLP)
 * or `GET /api/v2/traces/{id}` (the same under `trace`).
 */
export interface TempoTraceJson {
  batches?: OtlpResourceSpans[];
  resourceSpans?: OtlpResourceSpans[];
  trace?: {
    batches?: OtlpResourceSpans[];
    resourceSpans?: OtlpResourceSpans[];
  };
}

/** One trace of Tempo's `GET /api/search`. */
interface TempoSearchTrace {
  traceID?: string;
  rootServiceName?: string;
  rootTraceName?: string;
  startTimeUnixNano?: string | number;
  durationMs?: number;
  spanSet?: TempoSpanSet;
  spanSets?: TempoSpanSet[];
  serviceStats?: Record<string, { spanCount?: number; errorCount?: number }>;
}

/** */
interface TempoSpanSet {
  spans?: {
    spanID?: string;
    name?: string;
    startTimeUnixNano?: string | number;
    durationNanos?: string | number;
  }[];
  matched?: number;
}

/** Tempo's `GET /api/search` answer. */
export interface TempoSearchJson {
  traces?: TempoSearchTrace[];
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

function otlpStatus(code: string | number | undefined): SpanStatusCode {
  if (code === 2 || code === 'STATUS_CODE_ERROR' || code === 'ERROR')
    return 'error';
  if (code === 1 || code === 'STATUS_CODE_OK' || code === 'OK') return 'ok';
  return 'unset';
}

/**
 * Tempo's trace JSON (v1 or v2 endpoint) → spans.
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
          kind: spanKind(span.kind),
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

/**
 * A trace's status is its root span's, which a search answer does not carry:
 * only when no span failed is the root known to be ok. Otherwise the
 * backend reads the root span from the trace itself.
 */
function summaryStatus(known: boolean, errors: number): TraceSummary['status'] {
  return known && errors === 0 ? 'ok' : 'unknown';
}

/**
 * Tempo's search answer → trace summaries, newest first.
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
