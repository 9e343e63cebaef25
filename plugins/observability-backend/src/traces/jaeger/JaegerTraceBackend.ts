import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { TraceSpan } from '@sightline/plugin-observability-common';
import { uiLink } from '../../upstreams/uiLinks';
import { UpstreamHttpClient } from '../../upstreams/UpstreamHttpClient';
import {
  JaegerTraceJson,
  jaegerTracesToSummaries,
  jaegerTraceToSpans,
} from './jaegerJson';
import type {
  TraceBackend,
  TraceSearch,
  TraceSearchResult,
} from '../TraceBackend';

/** Jaeger's answer envelope. */
interface JaegerEnvelope<T> {
  data?: T | null;
  errors?: { code?: number; msg?: string }[] | null;
}

/** Jaeger cannot search for "no error"; ask for more and drop the failed ones. */
const OK_OVERFETCH = 3;

/**
 * The Jaeger query service's HTTP API as the Jaeger UI uses it
 * (`/api/traces?service=…`, `/api/traces/{id}`). Parameters are sent as
 * query parameters, never composed into a query language.
 */
export class JaegerTraceBackend implements TraceBackend {
  readonly kind = 'jaeger';

  constructor(private readonly http: UpstreamHttpClient) {}

  get name() {
    return this.http.name;
  }

  /** The Jaeger UI's trace page (`/trace/{id}`, under its base path). */
  uiTraceUrl(traceId: string): string {
    return uiLink(this.http.upstream, `/trace/${encodeURIComponent(traceId)}`);
  }

  async search(search: TraceSearch): Promise<TraceSearchResult> {
    const params: Record<string, string> = {
      service: search.serviceName,
      start: String(search.range.start * 1000),
      end: String(search.range.end * 1000),
      limit: String(
        search.status === 'ok' ? search.limit * OK_OVERFETCH : search.limit,
      ),
    };
    if (search.operation) params.operation = search.operation;
    if (search.minDurationMs !== undefined)
      params.minDuration = `${Math.round(search.minDurationMs)}ms`;
    if (search.status === 'error')
      params.tags = JSON.stringify({ error: 'true' });

    const traces = this.unwrap(
      await this.http.json<JaegerEnvelope<JaegerTraceJson[]>>('/api/traces', {
        query: params,
        cacheTtlMs: 10_000,
      }),
      '/api/traces',
    );
    const notes: string[] = [];
    let kept = traces ?? [];
    if (search.status === 'ok') {
      // Keep traces with a span of the service, matching the filters, that did not fail.
      kept = kept.filter(trace =>
        jaegerTraceToSpans(trace).some(
          s =>
            s.service === search.serviceName &&
            s.status.code !== 'error' &&
            (!search.operation || s.name === search.operation) &&
            (search.minDurationMs === undefined ||
              s.durationMs >= search.minDurationMs),
        ),
      );
      // No counts in the note: a search in slices gives one note, not one per slice.
      notes.push(
        `Jaeger cannot search for spans without errors: ${OK_OVERFETCH} times as many traces were fetched and those without such a span dropped.`,
      );
    }
    return {
      traces: jaegerTracesToSummaries(kept, search.serviceName).slice(
        0,
        search.limit,
      ),
      queries: [
        {
          name: 'jaeger',
          query: new URLSearchParams(params).toString(),
        },
      ],
      notes,
    };
  }

  async serviceNames(): Promise<string[]> {
    const envelope = await this.http.json<JaegerEnvelope<unknown[]>>(
      '/api/services',
      { cacheTtlMs: 30_000 },
    );
    return (envelope?.data ?? []).filter(
      (v): v is string => typeof v === 'string',
    );
  }

  async trace(traceId: string): Promise<TraceSpan[]> {
    let envelope: JaegerEnvelope<JaegerTraceJson[]>;
    try {
      envelope = await this.http.json(
        `/api/traces/${encodeURIComponent(traceId)}`,
        { cacheTtlMs: 30_000 },
      );
    } catch (e) {
      if (e instanceof NotFoundError) throw this.notFound(traceId);
      throw e;
    }
    const [trace] = this.unwrap(envelope, '/api/traces/{id}') ?? [];
    const spans = jaegerTraceToSpans(trace);
    if (!spans.length) throw this.notFound(traceId);
    return spans;
  }

  private unwrap<T>(
    envelope: JaegerEnvelope<T[]>,
    path: string,
  ): T[] | undefined {
    if (envelope?.errors?.length && !envelope.data) {
      throw new ServiceUnavailableError(
        `${this.name} answered ${path} with an error: ${envelope.errors
          .map(e => e.msg)
          .join('; ')
          .slice(0, 300)}`,
      );
    }
    if (
      envelope?.data !== null &&
      envelope?.data !== undefined &&
      !Array.isArray(envelope.data)
    ) {
      throw new ServiceUnavailableError(
        `${this.name} answered ${path} with something other than a list`,
      );
    }
    return envelope?.data ?? undefined;
  }

  private notFound(traceId: string) {
    return new NotFoundError(`Trace ${traceId} was not found in ${this.name}`);
  }
}
