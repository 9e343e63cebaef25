import { ServiceUnavailableError } from '@backstage/errors';
import {
  escapePromQLLabelValue,
  escapeRegex,
} from '@sightline/plugin-observability-common';
import { UpstreamHttpClient } from '../UpstreamHttpClient';
import { TimeRange } from '../../http/TimeRange';
import { browserLink } from '../uiLinks';

export interface PromInstantSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PromRangeSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

export interface PromExemplarSeries {
  seriesLabels: Record<string, string>;
  exemplars: {
    labels: Record<string, string>;
    value: string;
    timestamp: number;
  }[];
}

export interface PromRuleGroup {
  name: string;
  file: string;
  rules: PromRule[];
}

export interface PromRule {
  type: 'alerting' | 'recording';
  name: string;
  query: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  state?: 'firing' | 'pending' | 'inactive';
  health: string;
  lastError?: string;
  duration?: number;
  alerts?: {
    labels: Record<string, string>;
    annotations: Record<string, string>;
    state: 'firing' | 'pending';
    activeAt: string;
    value: string;
  }[];
}

export interface PromTarget {
  labels: Record<string, string>;
  discoveredLabels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
  lastScrape: string;
}

interface PromEnvelope<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
  warnings?: string[];
}

/** Cache answers about the past for a while; "now" moves, so keep those short. */
const CACHE_TTL_MS = 30_000;

/**
 * The Prometheus HTTP API (also served by Thanos Query, Mimir and
 * VictoriaMetrics). Queries are POSTed form-encoded so long selectors never
 * hit URL length limits.
 */
export class PrometheusClient {
  constructor(private readonly http: UpstreamHttpClient) {}

  get name() {
    return this.http.name;
  }

  /**
   * A link Prometheus made to itself (an alert's `generatorURL`), as users
   * open it: at `externalUrl` when it points at the backend's `url`.
   */
  browserLink(link: string | undefined): string | undefined {
    return browserLink(link, this.http.upstream);
  }

  async instant(query: string, timeMs: number): Promise<PromInstantSample[]> {
    const data = await this.post<{
      resultType: string;
      result: PromInstantSample[];
    }>('/api/v1/query', { query, time: String(timeMs / 1000) });
    if (data.resultType !== 'vector') {
      throw this.unexpected(`a ${data.resultType} where a vector was expected`);
    }
    return data.result;
  }

  async range(query: string, range: TimeRange): Promise<PromRangeSeries[]> {
    const data = await this.post<{
      resultType: string;
      result: PromRangeSeries[];
    }>('/api/v1/query_range', {
      query,
      start: String(range.start / 1000),
      end: String(range.end / 1000),
      step: String(range.stepMs / 1000),
    });
    if (data.resultType !== 'matrix') {
      throw this.unexpected(`a ${data.resultType} where a matrix was expected`);
    }
    return data.result;
  }

  async exemplars(
    query: string,
    range: TimeRange,
  ): Promise<PromExemplarSeries[]> {
    return this.post<PromExemplarSeries[]>('/api/v1/query_exemplars', {
      query,
      start: String(range.start / 1000),
      end: String(range.end / 1000),
    });
  }

  /** Which of the given metric names had series matching the selector within `lookback`, in one request. */
  async existingMetrics(
    names: string[],
    selector: string,
    lookback: string,
    timeMs: number,
  ): Promise<Set<string>> {
    const pattern = escapePromQLLabelValue(names.map(escapeRegex).join('|'));
    const samples = await this.instant(
      `count by (__name__) (last_over_time({__name__=~"${pattern}", ${selector}}[${lookback}]))`,
      timeMs,
    );
    return new Set(samples.map(s => s.metric.__name__));
  }

  async rules(type?: 'alert' | 'record'): Promise<PromRuleGroup[]> {
    const data = await this.get<{ groups: PromRuleGroup[] }>(
      '/api/v1/rules',
      type ? { type } : {},
    );
    return data.groups ?? [];
  }

  async targets(): Promise<PromTarget[]> {
    const data = await this.get<{ activeTargets: PromTarget[] }>(
      '/api/v1/targets',
      {
        state: 'active',
      },
    );
    return data.activeTargets ?? [];
  }

  private async post<T>(
    path: string,
    form: Record<string, string>,
  ): Promise<T> {
    const body = new URLSearchParams(form).toString();
    return this.unwrap(
      await this.http.json<PromEnvelope<T>>(path, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        cacheTtlMs: CACHE_TTL_MS,
      }),
    );
  }

  private async get<T>(
    path: string,
    query: Record<string, string>,
  ): Promise<T> {
    return this.unwrap(
      await this.http.json<PromEnvelope<T>>(path, {
        query,
        cacheTtlMs: 10_000,
      }),
    );
  }

  private unwrap<T>(envelope: PromEnvelope<T>): T {
    if (
      !envelope ||
      typeof envelope !== 'object' ||
      envelope.status !== 'success' ||
      envelope.data === undefined
    ) {
      throw this.unexpected(
        envelope?.error ?? 'an answer without status "success" and data',
      );
    }
    return envelope.data;
  }

  private unexpected(what: string) {
    return new ServiceUnavailableError(`${this.http.name} answered ${what}`);
  }
}
