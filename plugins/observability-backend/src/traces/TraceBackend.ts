import {
  BuiltQuery,
  TraceBackendKind,
  TraceSpan,
  TraceSummary,
} from '@sightline/plugin-observability-common';

/** A search for an entity's traces, validated and bounded. */
export interface TraceSearch {
  serviceName: string;
  /** Epoch milliseconds. */
  range: { start: number; end: number };
  status?: 'ok' | 'error';
  minDurationMs?: number;
  operation?: string;
  limit: number;
}

export interface TraceSearchResult {
  traces: TraceSummary[];
  queries: BuiltQuery[];
  notes: string[];
}

/**
 * Where a cluster's traces are stored. Tempo and Jaeger answer differently;
 * behind this interface both give the same summaries and spans.
 */
export interface TraceBackend {
  readonly kind: TraceBackendKind;
  /** "Tempo of cluster 'local'", for messages. */
  readonly name: string;
  search(search: TraceSearch): Promise<TraceSearchResult>;
  /**
   * The summaries with the status of their root span, where the search
   * answer could not say it (`unknown` with failed spans). Backends whose
   * search answers carry the root span (Jaeger) need none.
   */
  withRootStatus?(traces: TraceSummary[]): Promise<TraceSummary[]>;
  /** Every span of the trace; NotFoundError when the backend has none. */
  trace(traceId: string): Promise<TraceSpan[]>;
  /** The `service.name`s the backend has spans of. */
  serviceNames(): Promise<string[]>;
  /**
   * The trace in the backend's own UI, at its `externalUrl`; absent for
   * backends without one (Tempo: Grafana Explore is its UI).
   */
  uiTraceUrl?(traceId: string): string;
}
