import {
  LabelMatcher,
  metricSelector,
  ResolvedMetricDialect,
} from '@sightline/plugin-observability-common';
import { formatNumber } from './naming';

// Shorthand for -common's metricSelector, used throughout the query builders.
export const selector = metricSelector;

/**
 * The `le` matcher of a histogram bucket. Prometheus 3 stores integral
 * bucket bounds as `1.0` where older servers and most clients wrote `1`, so
 * integral bounds match both spellings.
 */
export function leMatcher(boundary: number): LabelMatcher {
  const text = formatNumber(boundary);
  if (Number.isInteger(boundary)) {
    return { name: 'le', op: '=~', value: `${text}|${text}\\.0` };
  }
  return { name: 'le', op: '=', value: text };
}

/**
 * PromQL for one service in one metric dialect. Only metric and label names
 * from the (checked) dialect, escaped label values, numbers and durations
 * are ever interpolated.
 */
export class DialectQueries {
  constructor(
    readonly matchers: LabelMatcher[],
    readonly dialect: ResolvedMetricDialect,
  ) {}

  /** The request counter's selector. */
  requests(extra: LabelMatcher[] = []): string {
    return selector(
      this.dialect.requestMetric,
      this.matchers,
      this.dialect.requestMatchers,
      extra,
    );
  }

  /** `sum(rate(requests[window]))` */
  requestRate(window: string): string {
    return `sum(rate(${this.requests()}[${window}]))`;
  }

  /**
   * Failed requests per second. The dialect's alternatives are tried in
   * order (`or`); no error series at all means no errors, hence `vector(0)`.
   */
  errorRate(window: string): string {
    const alternatives = this.dialect.errorMatchers.map(
      matchers => `sum(rate(${this.requests(matchers)}[${window}]))`,
    );
    return `(${[...alternatives, 'vector(0)'].join(' or ')})`;
  }

  /** Counter form of {@link DialectQueries.errorRate}, without `rate`. */
  errorCount(): string {
    const alternatives = this.dialect.errorMatchers.map(
      matchers => `sum(${this.requests(matchers)})`,
    );
    return `(${[...alternatives, 'vector(0)'].join(' or ')})`;
  }

  /** The duration histogram's series with a suffix (`_bucket`, `_count`). */
  histogram(suffix: '_bucket' | '_count', extra: LabelMatcher[] = []): string {
    if (!this.dialect.durationMetric) {
      throw new Error(
        `The ${this.dialect.id} dialect has no duration histogram`,
      );
    }
    return selector(
      `${this.dialect.durationMetric}${suffix}`,
      this.matchers,
      this.dialect.requestMatchers,
      extra,
    );
  }

  /** Requests at most `boundary` (in the histogram's unit) per second. */
  fastRequestRate(boundary: number, window: string): string {
    return `sum(rate(${this.histogram('_bucket', [
      leMatcher(boundary),
    ])}[${window}]))`;
  }

  /** All requests the histogram saw, per second. */
  histogramRequestRate(window: string): string {
    return `sum(rate(${this.histogram('_count')}[${window}]))`;
  }

  /** The histogram's bucket rates by `le`. */
  bucketRates(window: string): string {
    return `sum by (le) (rate(${this.histogram('_bucket')}[${window}]))`;
  }

  /** Divides the histogram's unit into seconds. */
  get secondsDivisor(): number {
    return this.dialect.durationUnit === 'milliseconds' ? 1000 : 1;
  }
}
