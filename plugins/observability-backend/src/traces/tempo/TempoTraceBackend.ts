import { NotFoundError } from '@backstage/errors';
import {
  TraceSpan,
  TraceSummary,
} from '@sightline/plugin-observability-common';
import { buildTraceQL } from '../traceql';
import { UpstreamHttpClient } from '../../upstreams/UpstreamHttpClient';
import { boundedFanOut } from '../../upstreams/boundedFanOut';
import {
  TempoSearchJson,
  tempoSearchToSummaries,
  TempoTraceJson,
  tempoTraceToSpans,
} from './tempoJson';
import type {
  TraceBackend,
  TraceSearch,
  TraceSearchResult,
} from '../TraceBackend';

/** Spans per span set Tempo returns with each search hit. */
const SPANS_PER_SPANSET = 10;
/**
 * Traces per answer whose root span is read by id to learn their status:
 * each is a request, so an answer full of failures reads only the first few.
 */
const ROOT_STATUS_LOOKUPS = 25;
const ROOT_LOOKUP_CONCURRENCY = 3;

/**
 * Grafana Tempo (https://grafana.com/docs/tempo/latest/api_docs/): search
 * with TraceQL, traces by id from `/api/traces/{id}` (served by every Tempo
 * 1.x and 2.x; the v2 shape is read as well).
 */
export class TempoTraceBackend implements TraceBackend {
  readonly kind = 'tempo';

  constructor(private readonly http: UpstreamHttpClient) {}

  get name() {
    return this.http.name;
  }

  async search(search: TraceSearch): Promise<TraceSearchResult> {
    const q = buildTraceQL(search.serviceName, search);
    const json = await this.http.json<TempoSearchJson>('/api/search', {
      query: {
        q,
        start: Math.floor(search.range.start / 1000),
        end: Math.ceil(search.range.end / 1000),
        limit: search.limit,
        spss: SPANS_PER_SPANSET,
      },
      cacheTtlMs: 10_000,
    });
    return {
      traces: tempoSearchToSummaries(json).slice(0, search.limit),
      queries: [{ name: 'traceql', query: q }],
      notes: [],
    };
  }

  /**
   * A search answer says how many spans failed, not whether the root did: a
   * request that succeeded after a retried call is not a failed trace. The
   * root span of each trace with failures (and a received root) is read from
   * the trace itself; the rest keep `unknown`.
   */
  async withRootStatus(summaries: TraceSummary[]): Promise<TraceSummary[]> {
    const pending = summaries
      .filter(s => s.status === 'unknown' && s.rootService && s.errorCount)
      .slice(0, ROOT_STATUS_LOOKUPS);
    // A few at a time, and a root that cannot be read keeps `unknown`: the
    // search answer stands without it.
    const settled = await boundedFanOut(pending, ROOT_LOOKUP_CONCURRENCY, s =>
      this.trace(s.traceId),
    );
    const statuses = new Map(
      pending.map((s, i) => {
        const result = settled[i];
        const root =
          result.status === 'fulfilled'
            ? result.value.find(span => !span.parentSpanId)
            : undefined;
        return [s.traceId, root?.status.code] as const;
      }),
    );
    return summaries.map(s => {
      const code = statuses.get(s.traceId);
      if (!code) return s;
      return { ...s, status: code === 'error' ? 'error' : 'ok' };
    });
  }

  async serviceNames(): Promise<string[]> {
    const json = await this.http.json<{ tagValues?: unknown[] }>(
      '/api/search/tag/service.name/values',
      { cacheTtlMs: 30_000 },
    );
    return (json?.tagValues ?? []).filter(
      (v): v is string => typeof v === 'string',
    );
  }

  async trace(traceId: string): Promise<TraceSpan[]> {
    let json: TempoTraceJson;
    try {
      json = await this.http.json<TempoTraceJson>(
        `/api/traces/${encodeURIComponent(traceId)}`,
        { headers: { accept: 'application/json' }, cacheTtlMs: 30_000 },
      );
    } catch (e) {
      if (e instanceof NotFoundError) throw this.notFound(traceId);
      throw e;
    }
    const spans = tempoTraceToSpans(json);
    if (!spans.length) throw this.notFound(traceId);
    return spans;
  }

  private notFound(traceId: string) {
    return new NotFoundError(`Trace ${traceId} was not found in ${this.name}`);
  }
}
