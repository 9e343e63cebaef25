import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AlertsResponse,
  CreateSilenceRequest,
  EntityHealthResponse,
  EntitySilence,
  HealthResponse,
  MetricDialectsResponse,
  RedBreakdownResponse,
  RedResponse,
  SilencesResponse,
  TelemetryTarget,
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
}

/** @public */
export const observabilityApiRef = createApiRef<ObservabilityApi>({
  id: 'plugin.observability.service',
});
