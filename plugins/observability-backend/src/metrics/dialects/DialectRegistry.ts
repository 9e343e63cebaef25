import {
  isValidMetricName,
  ResolvedMetricDialect,
} from '@sightline/plugin-observability-common';
import {
  BUILTIN_METRIC_DIALECTS,
  MetricDialect,
} from '@sightline/plugin-observability-node';
import { parsePromQLMatchers } from '../../entities/selectorParsers';

/** The metric dialects this backend knows: the built-ins plus those modules add. */
export class DialectRegistry {
  private readonly dialects = new Map<string, MetricDialect>();

  constructor() {
    BUILTIN_METRIC_DIALECTS.forEach(d => this.add(d));
  }

  add(dialect: MetricDialect): void {
    if (!/^[a-z][a-z0-9-]*$/.test(dialect.id)) {
      throw new Error(
        `Metric dialect id '${dialect.id}' must be lower-case letters, digits and '-'`,
      );
    }
    if (
      dialect.id === 'auto' ||
      dialect.id === 'custom' ||
      this.dialects.has(dialect.id)
    ) {
      throw new Error(`Metric dialect '${dialect.id}' is already defined`);
    }
    // Parse now, so a bad module dialect stops start-up instead of failing requests.
    try {
      toResolved(dialect, 'default');
    } catch (e) {
      throw new Error(
        `Metric dialect '${dialect.id}' is invalid: ${(e as Error).message}`,
      );
    }
    const names = [dialect.requestMetric, dialect.durationMetric];
    for (const name of names.filter((n): n is string => Boolean(n))) {
      if (!isValidMetricName(name)) {
        throw new Error(
          `Metric dialect '${dialect.id}' is invalid: '${name}' is not a metric name`,
        );
      }
    }
    this.dialects.set(dialect.id, dialect);
  }

  get(id: string): MetricDialect | undefined {
    return this.dialects.get(id);
  }

  /** In auto-detection order: built-ins first, then modules' in registration order. */
  list(): MetricDialect[] {
    return [...this.dialects.values()];
  }
}

const ADDED_MATCHERS = { requireExactMatch: false };

/** Turns a registered dialect into the resolved form with parsed matchers. */
export function toResolved(
  dialect: MetricDialect,
  source: ResolvedMetricDialect['source'],
): ResolvedMetricDialect {
  return {
    id: dialect.id,
    title: dialect.title,
    source,
    requestMetric: dialect.requestMetric,
    requestMatchers: dialect.requestMatchers
      ? parsePromQLMatchers(dialect.requestMatchers, ADDED_MATCHERS)
      : [],
    errorMatchers: dialect.errorMatchers.map(m =>
      parsePromQLMatchers(m, ADDED_MATCHERS),
    ),
    durationMetric: dialect.durationMetric,
    durationUnit: dialect.durationUnit,
    routeLabel: dialect.routeLabel,
  };
}
