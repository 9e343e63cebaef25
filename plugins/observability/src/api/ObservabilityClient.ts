import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  AlertsResponse,
  CreateSilenceRequest,
  DashboardsResponse,
  DiagnosisResponse,
  EntitySlosResponse,
  EntityHealthResponse,
  EntitySilence,
  HealthResponse,
  LogsResponse,
  MonitoringApplyResponse,
  MonitoringPreviewResponse,
  MonitoringRequest,
  MetricDialectsResponse,
  RedBreakdownResponse,
  RedResponse,
  SilencesResponse,
  SloReportResponse,
  SloRollupResponse,
  TelemetryTarget,
  TraceResponse,
  TracesResponse,
} from '@sightline/plugin-observability-common';
import {
  LogsQuery,
  ObservabilityApi,
  SloQuery,
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

function parentPath(
  kind: 'groups' | 'systems',
  { namespace, name }: { namespace: string; name: string },
): string {
  return `/${kind}/${[namespace, name].map(encodeURIComponent).join('/')}`;
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

  previewMonitoring(
    entity: CompoundEntityRef,
    request: MonitoringRequest = {},
  ): Promise<MonitoringPreviewResponse> {
    return this.request(`${entityPath(entity)}/monitoring/preview`, {
      method: 'POST',
      body: request,
    });
  }

  applyMonitoring(
    entity: CompoundEntityRef,
    request: MonitoringRequest = {},
  ): Promise<MonitoringApplyResponse> {
    return this.request(`${entityPath(entity)}/monitoring/apply`, {
      method: 'POST',
      body: request,
    });
  }

  getDiagnosis(entity: CompoundEntityRef): Promise<DiagnosisResponse> {
    return this.request(`${entityPath(entity)}/diagnosis`);
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

  getSlos(
    entity: CompoundEntityRef,
    query?: SloQuery,
  ): Promise<EntitySlosResponse> {
    return this.request(`${entityPath(entity)}/slos`, {
      query: { at: toTime(query?.at) },
    });
  }

  getGroupSlos(
    group: { namespace: string; name: string },
    query?: SloQuery,
  ): Promise<SloRollupResponse> {
    return this.request(`${parentPath('groups', group)}/slos`, {
      query: { at: toTime(query?.at) },
    });
  }

  getSystemSlos(
    system: { namespace: string; name: string },
    query?: SloQuery,
  ): Promise<SloRollupResponse> {
    return this.request(`${parentPath('systems', system)}/slos`, {
      query: { at: toTime(query?.at) },
    });
  }

  getSloReport(
    entity: CompoundEntityRef,
    query?: SloQuery & { format?: 'json' },
  ): Promise<SloReportResponse>;
  getSloReport(
    entity: CompoundEntityRef,
    query: SloQuery & { format: 'markdown' },
  ): Promise<string>;
  getSloReport(
    entity: CompoundEntityRef,
    query: SloQuery & { format?: 'json' | 'markdown' } = {},
  ): Promise<SloReportResponse | string> {
    const kind = entity.kind.toLocaleLowerCase('en-US');
    let path = entityPath(entity);
    if (kind === 'group') path = parentPath('groups', entity);
    if (kind === 'system') path = parentPath('systems', entity);
    return this.request(`${path}/slos/report`, {
      query: { at: toTime(query.at), format: query.format },
      text: query.format === 'markdown',
    });
  }

  private async request<T>(
    path: string,
    options: {
      method?: string;
      query?: Query;
      body?: unknown;
      /** Read the body as text (Markdown) rather than JSON. */
      text?: boolean;
    } = {},
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
    if (options.text) return (await response.text()) as T;
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}
