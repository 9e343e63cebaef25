import { NotFoundError } from '@backstage/errors';
import { TraceSpan } from '@sightline/plugin-observability-common';
import { buildTraceQL } from '../traceql';
import { UpstreamHttpClient } from '../../upstreams/UpstreamHttpClient';
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
