// The demo workload's spans (<stateDir>/traces/<service>.jsonl, one JSON
// record per finished span; shape in e2e/workload/README.md), grouped into
// traces. Shared by the Tempo and Jaeger stand-ins, so both serve the same
// traces that the services' log lines name.

import path from 'node:path';
import { JsonlTail } from './lib.mjs';

/**
 * One span as the stand-ins use it: times in ns as BigInt (exact) and ms
 * (for comparisons), the record's attributes and resource as given.
 */
function toSpan(record) {
  const startNs = BigInt(record.start_unix_nano);
  const endNs = BigInt(record.end_unix_nano);
  return {
    traceId: record.trace_id,
    spanId: record.span_id,
    parentSpanId: record.parent_span_id || undefined,
    service: record.resource?.['service.name'] ?? record.service,
    name: record.name,
    kind: record.kind ?? 'internal',
    startNs,
    endNs,
    startMs: Number(startNs / 1000n) / 1000,
    durationNs: endNs - startNs,
    status: record.status_code ?? 'unset',
    statusMessage: record.status_message ?? '',
    attributes: record.attributes ?? {},
    resource: record.resource ?? { 'service.name': record.service },
    events: record.events ?? [],
  };
}

export class TraceStore {
  constructor(stateDir, { maxSpans = 200_000 } = {}) {
    this.traces = new Map(); // traceId -> { spans, startNs, endNs }
    this.spanCount = 0;
    this.maxSpans = maxSpans;
    this.tail = new JsonlTail(path.join(stateDir, 'traces'), {
      onRecord: (_service, record) => this.add(record),
      onReset: () => {
        this.traces.clear();
        this.spanCount = 0;
      },
    });
  }

  add(record) {
    let span;
    try {
      span = toSpan(record);
    } catch {
      return;
    }
    if (!/^[0-9a-f]{16,32}$/.test(span.traceId ?? '')) return;
    let trace = this.traces.get(span.traceId);
    if (!trace) {
      trace = { spans: [], startNs: span.startNs, endNs: span.endNs };
      this.traces.set(span.traceId, trace);
    }
    trace.spans.push(span);
    if (span.startNs < trace.startNs) trace.startNs = span.startNs;
    if (span.endNs > trace.endNs) trace.endNs = span.endNs;
    this.spanCount += 1;
    // Retention: forget the traces seen first (Map keeps insertion order).
    while (this.spanCount > this.maxSpans) {
      const [oldestId, oldest] = this.traces.entries().next().value;
      this.traces.delete(oldestId);
      this.spanCount -= oldest.spans.length;
    }
  }

  refresh() {
    this.tail.refresh();
  }

  get(traceId) {
    this.refresh();
    return this.traces.get(traceId);
  }

  /** Traces overlapping [startMs, endMs], newest first. */
  inRange(startMs, endMs) {
    this.refresh();
    const lo = BigInt(Math.floor(startMs)) * 1_000_000n;
    const hi = BigInt(Math.ceil(endMs)) * 1_000_000n;
    const out = [];
    for (const [traceId, trace] of this.traces) {
      if (trace.endNs >= lo && trace.startNs <= hi)
        out.push({ traceId, ...trace });
    }
    return out.sort((a, b) =>
      b.startNs > a.startNs ? 1 : b.startNs < a.startNs ? -1 : 0,
    );
  }

  services() {
    this.refresh();
    const names = new Set();
    for (const trace of this.traces.values())
      for (const s of trace.spans) names.add(s.service);
    return [...names].sort();
  }
}

/** The root span (no parent) of a trace, if it has arrived. */
export function rootSpan(trace) {
  return trace.spans.find(s => !s.parentSpanId);
}
