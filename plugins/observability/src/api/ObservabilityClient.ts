import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  AlertsResponse,
  CreateSilenceRequest,
  DashboardsResponse,
  EntityHealthResponse,
  EntitySilence,
  HealthResponse,
  LogsResponse,
  MetricDialectsResponse,
  RedBreakdownResponse,
  RedResponse,
  SilencesResponse,
  TelemetryTarget,
  TraceResponse,
  TracesResponse,
} from '@sightline/plugin-observability-common';
import {
  LogsQuery,
  ObservabilityApi,
  TimeRangeQuery,
  TraceSearchQuery,
} from './ObservabilityApi';

type Query = Record<string, string | number | undefined>;

function toTime(value: number | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? String(value / 1000) : value;
}

function rangeQuery(range?: TimeRangeQuery): Query {
  return { from: toTime(range?.from), to: toTime(range?.to) };
}

function entityPath({ kind, namespace, name }: CompoundEntityRef): string {
  return `/entities/${[kind, namespace, name]
    .map(encodeURIComponent)
    .join('/')}`;
}

/**
 * Calls `/api/observability` with the user's Backstage token (through fetchApi).
 *
 * @public
 */
export class ObservabilityClient implements ObservabilityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getHealth(): Promise<HealthResponse> {
    return this.request('/health');
  }

  getDialects(): Promise<MetricDialectsResponse> {
    return this.request('/dialects');
  }

  getEntityHealth(entity: CompoundEntityRef): Promise<EntityHealthResponse> {
    return this.request(`${entityPath(entity)}/health`);
  }

  getTarget(entity: CompoundEntityRef): Promise<TelemetryTarget> {
    return this.request(`${entityPath(entity)}/target`);
  }

  getRed(
    entity: CompoundEntityRef,
    range?: TimeRangeQuery,
  ): Promise<RedResponse> {
    return this.request(`${entityPath(entity)}/red`, {
      query: rangeQuery(range),
    });
  }

  getRedBreakdown(
    entity: CompoundEntityRef,
    options: TimeRangeQuery & { by: 'route' | 'status'; limit?: number },
  ): Promise<RedBreakdownResponse> {
    return this.request(`${entityPath(entity)}/red/breakdown`, {
      query: { ...rangeQuery(options), by: options.by, limit: options.limit },
    });
  }

  getAlerts(entity: CompoundEntityRef): Promise<AlertsResponse> {
    return this.request(`${entityPath(entity)}/alerts`);
  }

  getSilences(entity: CompoundEntityRef): Promise<SilencesResponse> {
    return this.request(`${entityPath(entity)}/silences`);
  }

  createSilence(
    entity: CompoundEntityRef,
    request: CreateSilenceRequest,
  ): Promise<EntitySilence> {
    return this.request(`${entityPath(entity)}/silences`, {
      method: 'POST',
      body: request,
    });
  }

  async expireSilence(
    entity: CompoundEntityRef,
    silenceId: string,
  ): Promise<void> {
    await this.request(
      `${entityPath(entity)}/silences/${encodeURIComponent(silenceId)}`,
      {
        method: 'DELETE',
      },
    );
  }

  getLogs(
    entity: CompoundEntityRef,
    query: LogsQuery = {},
  ): Promise<LogsResponse> {
    const level = Array.isArray(query.level)
      ? query.level.join(',')
      : query.level;
    return this.request(`${entityPath(entity)}/logs`, {
      query: {
        ...rangeQuery(query),
        level: level || undefined,
        contains: query.contains || undefined,
        traceId: query.traceId,
        limit: query.limit,
        direction: query.direction,
      },
    });
  }

  searchTraces(
    entity: CompoundEntityRef,
    query: TraceSearchQuery = {},
  ): Promise<TracesResponse> {
    return this.request(`${entityPath(entity)}/traces`, {
      query: {
        ...rangeQuery(query),
        status: query.status,
        minDuration: query.minDuration,
        operation: query.operation || undefined,
        limit: query.limit,
      },
    });
  }

  getTrace(entity: CompoundEntityRef, traceId: string): Promise<TraceResponse> {
    return this.request(
      `${entityPath(entity)}/traces/${encodeURIComponent(traceId)}`,
    );
  }

  getDashboards(
    entity: CompoundEntityRef,
    range?: TimeRangeQuery,
  ): Promise<DashboardsResponse> {
    return this.request(`${entityPath(entity)}/dashboards`, {
      query: rangeQuery(range),
    });
  }

  private async request<T>(
    path: string,
    options: { method?: string; query?: Query; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('observability');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${search ? `?${search}` : ''}`,
      {
        method: options.method ?? 'GET',
        ...(options.body !== undefined
          ? {
              body: JSON.stringify(options.body),
              headers: { 'Content-Type': 'application/json' },
            }
          : {}),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}
