import { LoggerService } from '@backstage/backend-plugin-api';
import { ResolvedMetricDialect } from '@sightline/plugin-observability-common';
import { MetricDialect } from '@sightline/plugin-observability-node';
import { PrometheusClient } from '../clients/PrometheusClient';
import { toResolved } from '../entities/TargetResolver';

/** Detection results are cached per selector: which series exist changes rarely. */
const DETECTION_TTL_MS = 5 * 60_000;
/** Look back this far, so a service idle right now is still recognised. */
const LOOKBACK = '1h';

/**
 * Finds which metric dialect an entity's series are in with one instant
 * query (`count by (__name__)` over every dialect's request metric).
 */
export class DialectDetector {
  private readonly cache = new Map<
    string,
    { at: number; dialect?: ResolvedMetricDialect }
  >();

  constructor(private readonly logger: LoggerService) {}

  async detect(
    prometheus: PrometheusClient,
    cluster: string,
    selector: string,
    options: {
      among: MetricDialect[];
      source: ResolvedMetricDialect['source'];
    },
    now = Date.now(),
  ): Promise<ResolvedMetricDialect | undefined> {
    const key = [
      cluster,
      selector,
      options.source,
      ...options.among.map(d => d.id),
    ].join('\n');
    const cached = this.cache.get(key);
    if (cached && now - cached.at < DETECTION_TTL_MS) return cached.dialect;

    // Each dialect under its main names first, then its variants.
    const candidates = options.among.flatMap(dialect => [
      dialect,
      ...(dialect.nameVariants ?? []).map(names => ({ ...dialect, ...names })),
    ]);
    const found = await prometheus.existingMetrics(
      [...new Set(candidates.map(d => d.requestMetric))],
      selector,
      LOOKBACK,
      now,
    );
    const match = candidates.find(d => found.has(d.requestMetric));
    const dialect = match && toResolved(match, options.source);
    this.cache.set(key, { at: now, dialect });
    this.logger.debug('Detected metric dialect', {
      cluster,
      selector,
      dialect: dialect ? `${dialect.id} (${dialect.requestMetric})` : 'none',
    });
    return dialect;
  }
}
