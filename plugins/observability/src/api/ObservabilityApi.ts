import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AlertsResponse,
  CompositeSlosResponse,
  CreateSilenceRequest,
  DashboardsResponse,
  DependenciesResponse,
  DeploymentsResponse,
  DiagnosisResponse,
  EntitySlosResponse,
  EntityHealthResponse,
  EntitySilence,
  HealthResponse,
  LogLevel,
  LogsResponse,
  MonitoringApplyResponse,
  MonitoringPreviewResponse,
  MonitoringRequest,
  MetricDialectsResponse,
  RedBreakdownBy,
  RedBreakdownResponse,
  RedResponse,
  SilencesResponse,
  SloAdjustment,
  SloAdjustmentsResponse,
  SloReportResponse,
  SloRollupResponse,
  TelemetryTarget,
  TraceResponse,
  TracesResponse,
} from '@sightline/plugin-observability-common';

/**
 * A period to exclude from an entity's SLO budgets: `start` with `end`
 * (one-off) or `duration` (one-off, or each occurrence of `rrule`), ISO 8601
 * instants with a time zone and durations such as `2h`.
 *
 * @public
 */
export interface CreateSloAdjustmentRequest {
  /** Why the period does not count. */
  reason: string;
  /** The (first) excluded period's start, ISO 8601 with a time zone. */
  start: string;
  /** Its end (one-off), ISO 8601 with a time zone; or give `duration`. */
  end?: string;
  /** How long each period lasts, e.g. `2h`. */
  duration?: string;
  /** An RFC 5545 RRULE without DTSTART, e.g. `FREQ=WEEKLY;BYDAY=SU`. */
  rrule?: string;
  /** SLO ids; every SLO of the entity when absent. */
  slos?: string[];
}

/**
 * A time range: epoch milliseconds or ISO strings; the backend bounds it.
 * Each query type here is the browser's view of an operation's parameters in
 * the backend's openapi.yaml, which holds their limits; the client only
 * compiles while these fit the spec.
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
  /** Case-sensitive text. */
  contains?: string;
  /** 16 or 32 hex digits. */
  traceId?: string;
  /** Most lines to answer. */
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
  /** Most traces to answer. */
  limit?: number;
}

/**
 * The instant SLOs are evaluated at: epoch milliseconds or an ISO string;
 * now when absent.
 *
 * @public
 */
export interface SloQuery {
  at?: number | string;
}

/**
 * The calling user's mute of an entity's SLO notifications (sent to its
 * owner group when an SLO changes status).
 *
 * @public
 */
export interface SloNotificationMute {
  /** The entity, e.g. `component:default/checkout`. */
  entityRef: string;
  /** True when the caller gets no notifications of this entity's SLOs. */
  muted: boolean;
  /** False when the backend sends no SLO notifications at all (`observability.slo.notifications.enabled`). */
  notificationsEnabled: boolean;
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
    /** `by` left out: the first breakdown the entity's metrics support. */
    options: TimeRangeQuery & { by?: RedBreakdownBy; limit?: number },
  ): Promise<RedBreakdownResponse>;
  /** Firing and pending alerts and the entity's alert rules. */
  getAlerts(entity: CompoundEntityRef): Promise<AlertsResponse>;
  getSilences(entity: CompoundEntityRef): Promise<SilencesResponse>;
  createSilence(
    entity: CompoundEntityRef,
    request: CreateSilenceRequest,
  ): Promise<EntitySilence>;
  expireSilence(entity: CompoundEntityRef, silenceId: string): Promise<void>;
  /** The entity's SLO budget adjustments, with their periods in the range. */
  getSloAdjustments(
    entity: CompoundEntityRef,
    range?: TimeRangeQuery,
  ): Promise<SloAdjustmentsResponse>;
  /** Excludes a period from the entity's SLO budgets (needs `observability.slo.adjust`). */
  createSloAdjustment(
    entity: CompoundEntityRef,
    request: CreateSloAdjustmentRequest,
  ): Promise<SloAdjustment>;
  /** Deletes a stored adjustment (needs `observability.slo.adjust`). */
  deleteSloAdjustment(entity: CompoundEntityRef, id: string): Promise<void>;
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
  /** The rollouts of the entity's Deployment in the range, with before/after figures and a verdict. */
  getDeployments(
    entity: CompoundEntityRef,
    range?: TimeRangeQuery,
  ): Promise<DeploymentsResponse>;
  /** The entity's SLOs: status, budget, burn rates, alert conditions, burn-down, explanations. */
  getSlos(
    entity: CompoundEntityRef,
    query?: SloQuery,
  ): Promise<EntitySlosResponse>;
  /** Every SLO of the Components the group owns, most urgent first (`compareSloUrgency`). */
  getGroupSlos(
    group: { namespace: string; name: string },
    query?: SloQuery,
  ): Promise<SloRollupResponse>;
  /** Every SLO of the Components the system contains, most urgent first (`compareSloUrgency`). */
  getSystemSlos(
    system: { namespace: string; name: string },
    query?: SloQuery,
  ): Promise<SloRollupResponse>;
  /**
   * The composite SLOs the entity (a System, a user journey) declares, from
   * its components' weighted counts, with each component's contribution.
   */
  getCompositeSlos(
    entity: CompoundEntityRef,
    query?: SloQuery,
  ): Promise<CompositeSlosResponse>;
  /**
   * The SLO report (target, actual, status, budget used and remaining, worst
   * day) of an entity, or of every Component of a Group or System when
   * `entity.kind` is `group` or `system`: JSON, or the Markdown table.
   */
  getSloReport(
    entity: CompoundEntityRef,
    query?: SloQuery & { format?: 'json' },
  ): Promise<SloReportResponse>;
  getSloReport(
    entity: CompoundEntityRef,
    query: SloQuery & { format: 'markdown' },
  ): Promise<string>;
  /** Whether the calling user muted the entity's SLO notifications. */
  getSloNotificationMute(
    entity: CompoundEntityRef,
  ): Promise<SloNotificationMute>;
  /** Mutes or unmutes the entity's SLO notifications for the calling user. */
  setSloNotificationMute(
    entity: CompoundEntityRef,
    muted: boolean,
  ): Promise<SloNotificationMute>;
  /** The entity's generated monitoring and, with a Kubernetes API, the diff against the cluster. */
  previewMonitoring(
    entity: CompoundEntityRef,
    request?: MonitoringRequest,
  ): Promise<MonitoringPreviewResponse>;
  /** Server-side-applies the generated monitoring; needs observability.monitoring.apply. */
  applyMonitoring(
    entity: CompoundEntityRef,
    request?: MonitoringRequest,
  ): Promise<MonitoringApplyResponse>;
  /** The monitoring doctor: why the entity has no data, check by check, with fixes. */
  getDiagnosis(entity: CompoundEntityRef): Promise<DiagnosisResponse>;
  /** The entity's callers and callees from the service graph, with its drift from the catalog. */
  getDependencies(
    entity: CompoundEntityRef,
    range?: TimeRangeQuery,
  ): Promise<DependenciesResponse>;
  /** The service graph of every Component the system contains and their outside peers. */
  getSystemDependencies(
    system: { namespace: string; name: string },
    range?: TimeRangeQuery,
  ): Promise<DependenciesResponse>;
}

/** @public */
export const observabilityApiRef = createApiRef<ObservabilityApi>({
  id: 'plugin.observability.service',
});
