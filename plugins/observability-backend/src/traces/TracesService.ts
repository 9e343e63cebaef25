import { InputError, NotFoundError } from '@backstage/errors';
import {
  buildSpanTree,
  TelemetryTarget,
  TraceResponse,
  TracesResponse,
  traceStats,
} from '@sightline/plugin-observability-common';
import { exploreUrl } from '../dashboards/DashboardsService';
import { UpstreamClients } from '../upstreams/UpstreamClients';
import { TraceSearch } from './TraceBackend';

const MAX_SERVICE_NAME = 253;

/** An entity's traces: searches scoped to its service, and whole traces that involve it. */
export class TracesService {
  constructor(
    private readonly options: {
      clients: UpstreamClients;
      /** `observability.traces.logsMargin`. */
      logsMarginMs: number;
      now?: () => number;
    },
  ) {}

  async search(
    target: TelemetryTarget,
    search: Omit<TraceSearch, 'serviceName'>,
  ): Promise<TracesResponse> {
    const backend = this.options.clients.forCluster(target.cluster).traces();
    const serviceName = target.traces.serviceName;
    // Service names are short; a huge one only makes a URL upstreams refuse (HTTP 431).
    if (serviceName.length > MAX_SERVICE_NAME) {
      throw new InputError(
        `Annotation sightline.dev/trace-service is longer than ${MAX_SERVICE_NAME} characters`,
      );
    }
    const result = await backend.search({ ...search, serviceName });
    return {
      entityRef: target.entityRef,
      cluster: target.cluster,
      backend: backend.kind,
      serviceName,
      range: search.range,
      limit: search.limit,
      traces: result.traces,
      queries: result.queries,
      notes: result.notes,
    };
  }

  /**
   * The whole trace with its tree. A trace without a single span of the
   * entity's service is not the entity's telemetry: it answers the very 404
   * an unknown trace does, so the route can neither read other services'
   * traces by id nor tell the caller that such a trace exists.
   * With the cluster's Grafana, the answer links to the trace in Explore.
   */
  async trace(
    target: TelemetryTarget,
    traceId: string,
  ): Promise<TraceResponse> {
    const clients = this.options.clients.forCluster(target.cluster);
    const backend = clients.traces();
    const grafana = clients.has('grafana') ? clients.grafana() : undefined;
    const serviceName = target.traces.serviceName;
    const notFound = () =>
      new NotFoundError(
        `Trace ${traceId} was not found among the spans of service '${serviceName}' (sightline.dev/trace-service of ${target.entityRef}) in ${backend.name}`,
      );
    const spans = await backend.trace(traceId).catch(error => {
      throw error instanceof NotFoundError ? notFound() : error;
    });
    if (!spans.some(s => s.service === serviceName)) throw notFound();
    const tree = buildSpanTree(spans);
    const stats = traceStats(spans);
    const now = (this.options.now ?? Date.now)();
    const margin = this.options.logsMarginMs;
    const logs = {
      traceId,
      from: Math.floor(stats.startMs - margin),
      to: Math.min(Math.ceil(stats.endMs + margin), now),
      marginMs: margin,
    };
    return {
      entityRef: target.entityRef,
      cluster: target.cluster,
      backend: backend.kind,
      traceId,
      serviceName,
      startMs: stats.startMs,
      endMs: stats.endMs,
      durationMs: stats.durationMs,
      services: stats.services,
      ...tree,
      logs,
      ...(backend.uiTraceUrl && { jaegerUrl: backend.uiTraceUrl(traceId) }),
      ...(grafana && {
        exploreUrl: exploreUrl(
          grafana.externalUrl,
          {
            type: backend.kind,
            uid: grafana.datasources[backend.kind],
          },
          // Both data sources open a trace when the query is its id.
          backend.kind === 'tempo'
            ? { queryType: 'traceql', query: traceId }
            : { query: traceId },
          { from: String(logs.from), to: String(logs.to) },
        ),
      }),
    };
  }
}
