import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AlertsResponse,
  CreateSilenceRequest,
  DashboardsResponse,
  EntityHealthResponse,
  EntitySilence,
  HealthResponse,
  LogLevel,
  LogsResponse,
  MetricDialectsResponse,
  RedBreakdownResponse,
  RedResponse,
  SilencesResponse,
  TelemetryTarget,
  TraceResponse,
  TracesResponse,
} from '@sightline/plugin-observability-common';

/**
 * A time range: epoch milliseconds or ISO strings; the backend bounds it.
 *
 * @public
 */
export interface TimeRangeQuery {
  from?: number | string;
  to?: number | string;
}

/**
 * Filters of `getLogs`; the backend builds the LogQL from them.
 *
 * @public
 */
export interface LogsQuery extends TimeRangeQuery {
  level?: LogLevel | LogLevel[];
  /** Case-sensitive text, at most 200 characters. */
  contains?: string;
  /** 16 or 32 hex digits. */
  traceId?: string;
  /** 1–5000, default 200. */
  limit?: number;
  direction?: 'forward' | 'backward';
}

/**
 * Filters of `searchTraces`; the backend builds the TraceQL (or Jaeger search) from them.
 *
 * @public
 */
export interface TraceSearchQuery extends TimeRangeQuery {
  status?: 'ok' | 'error';
  /** A duration such as `250ms` or `2s`. */
  minDuration?: string;
  /** Span (operation) name. */
  operation?: string;
  /** 1–100, default 20. */
  limit?: number;
}

/**
 * The browser's view of the observability backend. Every query is built
 * server-side from the entity; the browser only names the entity.
 *
 * @public
 */
export interface ObservabilityApi {
  /** Reachability of every upstream of every configured cluster. */
  getHealth(): Promise<HealthResponse>;
  /** The metric dialects the backend knows. */
  getDialects(): Promise<MetricDialectsResponse>;
  /** The entity's cluster and the reachability of its upstreams. */
  getEntityHealth(entity: CompoundEntityRef): Promise<EntityHealthResponse>;
  /** The entity's resolved telemetry identity, with annotation problems. */
  getTarget(entity: CompoundEntityRef): Promise<TelemetryTarget>;
  /** Request rate, error ratio and latency. */
  getRed(
    entity: CompoundEntityRef,
    range?: TimeRangeQuery,
  ): Promise<RedResponse>;
  /** The top routes or status codes. */
  getRedBreakdown(
    entity: CompoundEntityRef,
    options: TimeRangeQuery & { by: 'route' | 'status'; limit?: number },
  ): Promise<RedBreakdownResponse>;
  /** Firing and pending alerts and the entity's alert rules. */
  getAlerts(entity: CompoundEntityRef): Promise<AlertsResponse>;
  getSilences(entity: CompoundEntityRef): Promise<SilencesResponse>;
  createSilence(
    entity: CompoundEntityRef,
    request: CreateSilenceRequest,
  ): Promise<EntitySilence>;
  expireSilence(entity: CompoundEntityRef, silenceId: string): Promise<void>;
  /** Log lines and their volume by level. */
  getLogs(entity: CompoundEntityRef, query?: LogsQuery): Promise<LogsResponse>;
  /** Trace summaries of the entity's service, newest first. */
  searchTraces(
    entity: CompoundEntityRef,
    query?: TraceSearchQuery,
  ): Promise<TracesResponse>;
  /**
   * A whole trace with its span tree, and the window in which to look for
   * its logs (pass `logs` to `getLogs`).
   */
  getTrace(entity: CompoundEntityRef, traceId: string): Promise<TraceResponse>;
  /** Grafana dashboards and Explore links prefilled with the entity's queries. */
  getDashboards(
    entity: CompoundEntityRef,
    range?: TimeRangeQuery,
  ): Promise<DashboardsResponse>;
}

/** @public */
export const observabilityApiRef = createApiRef<ObservabilityApi>({
  id: 'plugin.observability.service',
});
