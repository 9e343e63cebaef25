import { BuiltQuery } from './metrics';

/**
 * Which trace store a cluster uses.
 *
 * @public
 */
export type TraceBackendKind = 'tempo' | 'jaeger';

/**
 * A span or resource attribute value, as OpenTelemetry allows.
 *
 * @public
 */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

/** @public */
export type SpanKind =
  | 'server'
  | 'client'
  | 'internal'
  | 'producer'
  | 'consumer'
  | 'unspecified';

/** @public */
export type SpanStatusCode = 'unset' | 'ok' | 'error';

/**
 * One span, the same whether it came from Tempo (OTLP) or Jaeger.
 *
 * @public
 */
export type TraceSpan = {
  traceId: string;
  /** Lower-case hex. */
  spanId: string;
  /** Absent for a root span. */
  parentSpanId?: string;
  /** `service.name` of the span's resource (Jaeger: its process). */
  service: string;
  /** Span name (Jaeger: operation name). */
  name: string;
  kind: SpanKind;
  /** Epoch milliseconds, with microsecond precision in the fraction. */
  startMs: number;
  /** The exact start in nanoseconds since the epoch, as a decimal string. */
  startUnixNano: string;
  /** Milliseconds, fractional. */
  durationMs: number;
  status: { code: SpanStatusCode; message?: string };
  attributes: Record<string, AttributeValue>;
  /** Resource (Jaeger: process) attributes. */
  resource: Record<string, AttributeValue>;
  /** Span events (Jaeger: logs). */
  events: {
    timeMs: number;
    name: string;
    attributes: Record<string, AttributeValue>;
  }[];
};

/**
 * Why a span sits where it does in the tree.
 * - `missing-parent`: its parent is not in the trace (not received, or sampled away); shown as a root.
 * - `cycle`: its ancestry loops back to itself; the loop is cut here and it is shown as a root.
 * - `duplicate-id`: another span has the same id; this one is kept under a suffixed id.
 *
 * @public
 */
export type TraceProblem = {
  spanId: string;
  kind: 'missing-parent' | 'cycle' | 'duplicate-id';
  message: string;
};

/**
 * A span placed in the trace's tree.
 *
 * @public
 */
export type TreeSpan = TraceSpan & {
  /** 0 for roots. */
  depth: number;
  /** Ids of the span's children, earliest first. */
  childSpanIds: string[];
  /** Set when the span was placed as a root for a reason (see TraceProblem). */
  problem?: TraceProblem['kind'];
};

/**
 * A trace as a tree: spans in depth-first order (each span directly before
 * its subtree, siblings by start time), ready to render as a waterfall.
 *
 * @public
 */
export type SpanTree = {
  spans: TreeSpan[];
  rootSpanIds: string[];
  problems: TraceProblem[];
};

/**
 * Spans and errors per service within one trace.
 *
 * @public
 */
export type TraceServiceStats = {
  name: string;
  spanCount: number;
  errorCount: number;
};

/**
 * One trace found by a search.
 *
 * @public
 */
export type TraceSummary = {
  traceId: string;
  /** Absent when the root span has not been received. */
  rootService?: string;
  rootName?: string;
  startMs: number;
  durationMs: number;
  /**
   * The root span's outcome: a request that succeeded after a failed,
   * retried call is `ok` (with a non-zero `errorCount`). `unknown` when the root
   * span has not been received, or the backend could not read it.
   */
  status: 'ok' | 'error' | 'unknown';
  spanCount?: number;
  /** Failed spans anywhere in the trace, whatever its root did. */
  errorCount?: number;
  services: TraceServiceStats[];
  /** Spans of the entity's service that matched the search (Tempo sends a few). */
  matchedSpans: {
    spanId: string;
    name?: string;
    startMs: number;
    durationMs: number;
  }[];
};

/**
 * `GET /api/observability/entities/{kind}/{namespace}/{name}/traces`.
 *
 * @public
 */
export type TracesResponse = {
  entityRef: string;
  cluster: string;
  backend: TraceBackendKind;
  /** The entity's trace `service.name`. */
  serviceName: string;
  range: { start: number; end: number };
  limit: number;
  /**
   * Newest first, sampled across the whole range (not the newest `limit`),
   * so they can be drawn as durations over time.
   */
  traces: TraceSummary[];
  /** The TraceQL (Tempo) or search parameters (Jaeger) sent. */
  queries: BuiltQuery[];
  /** Anything the user should know about how the search was done. */
  notes: string[];
};

/**
 * The window in which to look for a trace's logs, and the parameters to
 * pass to `GET .../logs` to do so.
 *
 * @public
 */
export type TraceLogsWindow = {
  traceId: string;
  /** Epoch milliseconds: the trace's start minus the margin. */
  from: number;
  /** Epoch milliseconds: the trace's end plus the margin, at most now. */
  to: number;
  /** `observability.traces.logsMargin`. */
  marginMs: number;
};

/**
 * `GET /api/observability/entities/{kind}/{namespace}/{name}/traces/{traceId}`:
 * the whole trace, normalised, with its tree built. Only traces with at
 * least one span of the entity's service are served.
 *
 * @public
 */
export type TraceResponse = SpanTree & {
  entityRef: string;
  cluster: string;
  backend: TraceBackendKind;
  traceId: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  services: TraceServiceStats[];
  /** The entity's trace `service.name`. */
  serviceName: string;
  /** Query `GET .../logs?traceId&from&to` with these for the trace's logs. */
  logs: TraceLogsWindow;
  /**
   * Grafana Explore opened on this trace (the cluster's Tempo or Jaeger data
   * source); absent when the cluster has no Grafana.
   */
  exploreUrl?: string;
  /**
   * The trace in the Jaeger UI, at the cluster's `jaeger.externalUrl` (else
   * `jaeger.url`); only with Jaeger (Tempo has no UI of its own).
   */
  jaegerUrl?: string;
};
