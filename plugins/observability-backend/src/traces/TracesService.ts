import { InputError, NotFoundError } from '@backstage/errors';
import {
  buildSpanTree,
  TelemetryTarget,
  TraceResponse,
  TracesResponse,
  traceStats,
  TraceSummary,
} from '@sightline/plugin-observability-common';
import { exploreUrl } from '../dashboards/DashboardsService';
import { boundedFanOut } from '../upstreams/boundedFanOut';
import { UpstreamClients } from '../upstreams/UpstreamClients';
import { TraceSearch } from './TraceBackend';

const MAX_SERVICE_NAME = 253;

/**
 * A search asks the backend once per slice of the range: Tempo and Jaeger
 * each answer a `limit` with the newest (or any) traces of the range, which
 * for a busy service is the last few seconds of an hour. Slices spread the
 * answer over the whole range, as the scatter of durations over time needs.
 * Each slice answers its own newest traces, a column of dots at its end:
 * twelve slices (5 minutes of an hour) keep the columns close while one
 * search stays a dozen small upstream requests, three at a time (a wider
 * fan-out filled the caller's queue and answered other panels with 429s).
 */
const SAMPLE_SLICES = 12;
const SLICE_CONCURRENCY = 3;
/** Each slice may give twice its share, so quiet slices leave room for busy ones. */
const SLICE_OVERFETCH = 2;

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
    const slices = sliceRange(
      search.range,
      Math.min(SAMPLE_SLICES, search.limit),
    );
    const perSlice = Math.ceil(
      (search.limit / slices.length) * SLICE_OVERFETCH,
    );
    const settled = await boundedFanOut(slices, SLICE_CONCURRENCY, range =>
      backend.search({ ...search, serviceName, range, limit: perSlice }),
    );
    const results = settled.flatMap(r =>
      r.status === 'fulfilled' ? [r.value] : [],
    );
    const failed = settled.filter(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    // With no slice answered the upstream's own error stands (503, 429…);
    // with some, the traces found are worth more than a failed panel.
    if (!results.length) throw failed[0].reason;
    const sampled = takeEvenly(
      results.map(r => r.traces),
      search.limit,
    ).sort((a, b) => b.startMs - a.startMs);
    // Only the traces answered: root spans of those dropped are never read.
    const traces = backend.withRootStatus
      ? await backend.withRootStatus(sampled)
      : sampled;
    return {
      entityRef: target.entityRef,
      cluster: target.cluster,
      backend: backend.kind,
      serviceName,
      range: search.range,
      limit: search.limit,
      traces,
      queries: unique(
        results.flatMap(r => r.queries),
        q => q.query,
      ),
      notes: [
        ...unique(
          results.flatMap(r => r.notes),
          n => n,
        ),
        ...(failed.length
          ? [
              `${failed.length} of ${
                slices.length
              } slices of the range did not answer, so their traces are missing: ${errorMessage(
                failed[0].reason,
              )}`,
            ]
          : []),
        ...(slices.length > 1
          ? [
              `Sampled across the range: up to ${perSlice} traces from each of ${slices.length} equal slices, at most ${search.limit} in all.`,
            ]
          : []),
      ],
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

/** `count` adjacent slices of `range`, oldest first. */
function sliceRange(
  range: { start: number; end: number },
  count: number,
): { start: number; end: number }[] {
  const width = (range.end - range.start) / count;
  return Array.from({ length: count }, (_, i) => ({
    start: Math.round(range.start + i * width),
    end:
      i === count - 1 ? range.end : Math.round(range.start + (i + 1) * width),
  }));
}

/**
 * Up to `limit` traces, one from each slice in turn, so a busy slice cannot
 * crowd out the others. Slices overlap at their edges (Tempo searches whole
 * seconds): a trace is taken once.
 */
function takeEvenly(slices: TraceSummary[][], limit: number): TraceSummary[] {
  const taken = new Map<string, TraceSummary>();
  for (let i = 0; taken.size < limit; i++) {
    const round = slices.filter(s => i < s.length);
    if (!round.length) break;
    for (const slice of round) {
      if (taken.size >= limit) break;
      const trace = slice[i];
      if (!taken.has(trace.traceId)) taken.set(trace.traceId, trace);
    }
  }
  return [...taken.values()];
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map(item => [key(item), item])).values()];
}

function errorMessage(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
