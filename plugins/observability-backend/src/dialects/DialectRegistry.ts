import {
  BUILTIN_METRIC_DIALECTS,
  MetricDialect,
} from '@sightline/plugin-observability-node';

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
