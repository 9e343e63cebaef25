import {
  LabelMatcher,
  matchesLabels,
  metricSelector,
  ResolvedMetricDialect,
} from '@sightline/plugin-observability-common';

// Shorthand for -common's metricSelector, used throughout the query builders.
export const selector = metricSelector;

/**
 * The PromQL for an entity's request rate, errors and latency in its metric
 * dialect. Every selector carries the entity's matchers; nothing else is
 * interpolated but numbers, durations and label names from the dialect.
 */
export class RedQueries {
  constructor(
    private readonly entityMatchers: LabelMatcher[],
    private readonly dialect: ResolvedMetricDialect,
  ) {}

  private requests(extra: LabelMatcher[] = []): string {
    return selector(
      this.dialect.requestMetric,
      this.entityMatchers,
      this.dialect.requestMatchers,
      extra,
    );
  }

  /** Label names whose values tell a request's outcome, e.g. `status` or `code`. */
  get statusLabels(): string[] {
    return [
      ...new Set(
        this.dialect.errorMatchers
          .map(alternative => alternative[0]?.name)
          .filter(Boolean),
      ),
    ];
  }

  /** Whether a series with these labels counts failed requests. */
  isError(labels: Record<string, string>): boolean {
    return this.dialect.errorMatchers.some(matchers =>
      matchesLabels(matchers, labels),
    );
  }

  requestRate(window: string, by: string[] = []): string {
    const grouping = by.length ? ` by (${by.join(', ')})` : '';
    return `sum${grouping} (rate(${this.requests()}[${window}]))`;
  }

  errorRate(window: string, by: string[] = []): string {
    const grouping = by.length ? ` by (${by.join(', ')})` : '';
    const alternatives = this.dialect.errorMatchers.map(
      matchers =>
        `sum${grouping} (rate(${this.requests(matchers)}[${window}]))`,
    );
    // No error series at all means no errors, not "no data" (only for the ungrouped total).
    return `(${[...alternatives, ...(by.length ? [] : ['vector(0)'])].join(
      ' or ',
    )})`;
  }

  errorRatio(window: string): string {
    return `${this.errorRate(window)} / ${this.requestRate(window)}`;
  }

  /** Latency quantile in seconds, or undefined when the dialect has no histogram. */
  latencyQuantile(
    quantile: number,
    window: string,
    by: string[] = [],
  ): string | undefined {
    if (!this.dialect.durationMetric) return undefined;
    const buckets = selector(
      `${this.dialect.durationMetric}_bucket`,
      this.entityMatchers,
      this.dialect.requestMatchers,
    );
    const query = `histogram_quantile(${quantile}, sum by (${['le', ...by].join(
      ', ',
    )}) (rate(${buckets}[${window}])))`;
    return this.dialect.durationUnit === 'milliseconds'
      ? `${query} / 1000`
      : query;
  }

  /** Divides the histogram's native unit into seconds. */
  get durationDivisor(): number {
    return this.dialect.durationUnit === 'milliseconds' ? 1000 : 1;
  }

  /** The histogram's bucket series, for exemplar look-ups. */
  bucketSelector(): string | undefined {
    if (!this.dialect.durationMetric) return undefined;
    return selector(
      `${this.dialect.durationMetric}_bucket`,
      this.entityMatchers,
      this.dialect.requestMatchers,
    );
  }
}
