/**
 * The Jaeger query service's JSON (as the Jaeger UI reads it) and its
 * reading into Sightline's trace model. No I/O; total over malformed input
 * (missing fields become defaults, never exceptions).
 */
import {
  AttributeValue,
  SpanStatusCode,
  traceStats,
  TraceSpan,
  TraceSummary,
} from '@sightline/plugin-observability-common';
import { normaliseTraceId, spanKind } from '../wireSpans';

/** A Jaeger tag or log field: `{ key, type, value }`. */
interface JaegerKeyValue {
  key: string;
  type?: string;
  value?: unknown;
}

/** A span of the Jaeger query service's JSON (as the Jaeger UI reads it). */
interface JaegerSpan {
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

/** A trace of Jaeger's `GET /api/traces` and `GET /api/traces/{id}`. */
export interface JaegerTraceJson {
  traceID?: string;
  spans?: JaegerSpan[];
  processes?: Record<string, { serviceName?: string; tags?: JaegerKeyValue[] }>;
}

function jaegerStatus(failed: boolean, otelCode: string): SpanStatusCode {
  if (failed) return 'error';
  return otelCode === 'OK' ? 'ok' : 'unset';
}

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
      kind: spanKind(String(tags['span.kind'] ?? '')),
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

/** The root span's outcome is the request's: a failed, retried call under it is not. */
function rootStatus(root: TraceSpan | undefined): TraceSummary['status'] {
  if (!root) return 'unknown';
  return root.status.code === 'error' ? 'error' : 'ok';
}

/**
 * A Jaeger search result (whole traces) → summaries, newest first, with the
 * spans of `serviceName` as the matched spans.
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
      status: rootStatus(root),
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
