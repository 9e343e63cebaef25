import { ServiceUnavailableError } from '@backstage/errors';
import { UpstreamHttpClient } from '../UpstreamHttpClient';

/** A log stream of `query_range` (https://grafana.com/docs/loki/latest/reference/loki-http-api/). */
export interface LokiStream {
  stream: Record<string, string>;
  /** `[nanoseconds as a decimal string, line]`, optionally with structured metadata. */
  values: [string, string, Record<string, unknown>?][];
}

/** A series of a metric query. */
export interface LokiMatrixSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

interface LokiEnvelope {
  status?: string;
  data?: { resultType?: string; result?: unknown };
  error?: string;
}

/** Answers about the recent past change as lines arrive: keep them briefly. */
const CACHE_TTL_MS = 10_000;

/**
 * Loki's query API. Times go out as nanoseconds, the unit Loki stores, so
 * nothing is rounded.
 */
export class LokiClient {
  constructor(private readonly http: UpstreamHttpClient) {}

  get name() {
    return this.http.name;
  }

  async streams(
    query: string,
    range: { start: number; end: number },
    limit: number,
    direction: 'forward' | 'backward',
  ): Promise<LokiStream[]> {
    return this.queryRange<LokiStream>('streams', {
      query,
      start: `${range.start}000000`,
      end: `${range.end}000000`,
      limit,
      direction,
    });
  }

  async matrix(
    query: string,
    range: { start: number; end: number },
    stepMs: number,
  ): Promise<LokiMatrixSeries[]> {
    return this.queryRange<LokiMatrixSeries>('matrix', {
      query,
      start: `${range.start}000000`,
      end: `${range.end}000000`,
      step: `${stepMs / 1000}`,
    });
  }

  /** Label sets of the streams matching a stream selector (`/loki/api/v1/series`). */
  async series(
    selector: string,
    range: { start: number; end: number },
  ): Promise<Record<string, string>[]> {
    return this.list<Record<string, string>>('/loki/api/v1/series', {
      'match[]': selector,
      start: `${range.start}000000`,
      end: `${range.end}000000`,
    });
  }

  /** Every label name of streams in the range. */
  async labelNames(range: { start: number; end: number }): Promise<string[]> {
    return this.list<string>('/loki/api/v1/labels', {
      start: `${range.start}000000`,
      end: `${range.end}000000`,
    });
  }

  /** Every value of one label in the range. */
  async labelValues(
    name: string,
    range: { start: number; end: number },
  ): Promise<string[]> {
    return this.list<string>(
      `/loki/api/v1/label/${encodeURIComponent(name)}/values`,
      { start: `${range.start}000000`, end: `${range.end}000000` },
    );
  }

  private async list<T>(path: string, query: Record<string, string>) {
    const envelope = await this.http.json<{ status?: string; data?: T[] }>(
      path,
      { query, cacheTtlMs: CACHE_TTL_MS },
    );
    if (envelope?.status !== 'success' || !Array.isArray(envelope.data)) {
      throw new ServiceUnavailableError(
        `${this.http.name} answered ${path} without status "success" and a list`,
      );
    }
    return envelope.data;
  }

  private async queryRange<T>(
    resultType: 'streams' | 'matrix',
    query: Record<string, string | number>,
  ): Promise<T[]> {
    const envelope = await this.http.json<LokiEnvelope>(
      '/loki/api/v1/query_range',
      { query, cacheTtlMs: CACHE_TTL_MS },
    );
    if (
      !envelope ||
      envelope.status !== 'success' ||
      envelope.data?.resultType !== resultType ||
      !Array.isArray(envelope.data.result)
    ) {
      throw new ServiceUnavailableError(
        `${this.http.name} answered ${
          envelope?.error ??
          `something other than a ${resultType} result (${
            envelope?.data?.resultType ?? 'no resultType'
          })`
        }`,
      );
    }
    return envelope.data.result as T[];
  }
}
