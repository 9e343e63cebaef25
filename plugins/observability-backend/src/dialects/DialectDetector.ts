import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DialectDetection,
  formatDuration,
  ResolvedMetricDialect,
} from '@sightline/plugin-observability-common';
import { MetricDialect } from '@sightline/plugin-observability-node';
import { PrometheusClient } from '../clients/PrometheusClient';
import { toResolved } from '../entities/TargetResolver';

/**
 * Detection results are cached per selector and look-back for instants this
 * close to the one probed: which series exist changes rarely.
 */
const DETECTION_TTL_MS = 5 * 60_000;
/** Look back at least this far, so a service idle right now is still recognised. */
const LOOKBACK_MS = 3_600_000;

/** Where and how far back to probe. */
export interface DetectionProbe {
  /** The instant evaluated: detection looks at the series before it. */
  atMs: number;
  /**
   * How far back the series may have been seen, when further than an hour
   * (e.g. an SLO's window): probed only when the last hour has none.
   */
  lookbackMs?: number;
}

/** The dialect found, if any, and what the probe saw. */
export interface DetectionResult {
  dialect?: ResolvedMetricDialect;
  detection: DialectDetection;
}

/**
 * Finds which metric dialect an entity's series are in with one instant
 * query (`count by (__name__)` over every dialect's request metric) over the
 * hour before the instant evaluated, and a second over a longer look-back
 * only when that hour has none.
 */
export class DialectDetector {
  private readonly cache = new Map<
    string,
    { atMs: number; result: DetectionResult }
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
    probe: DetectionProbe,
  ): Promise<DetectionResult> {
    const lookbacks = [
      LOOKBACK_MS,
      ...(probe.lookbackMs && probe.lookbackMs > LOOKBACK_MS
        ? [probe.lookbackMs]
        : []),
    ].map(formatDuration);
    const key = [
      cluster,
      selector,
      options.source,
      ...options.among.map(d => d.id),
      ...lookbacks,
    ].join('\n');
    const cached = this.cache.get(key);
    if (cached && Math.abs(probe.atMs - cached.atMs) < DETECTION_TTL_MS) {
      return cached.result;
    }

    // Each dialect under its main names first, then its variants.
    const candidates = options.among.flatMap(dialect => [
      dialect,
      ...(dialect.nameVariants ?? []).map(names => ({ ...dialect, ...names })),
    ]);
    const probed = [...new Set(candidates.map(d => d.requestMetric))];
    const tried: string[] = [];
    let match: (typeof candidates)[number] | undefined;
    for (const lookback of lookbacks) {
      tried.push(lookback);
      const found = await prometheus.existingMetrics(
        probed,
        selector,
        lookback,
        probe.atMs,
      );
      match = candidates.find(d => found.has(d.requestMetric));
      if (match) break;
    }
    const at = new Date(probe.atMs).toISOString();
    const result: DetectionResult = {
      dialect: match && toResolved(match, options.source),
      detection: {
        at,
        lookbacks: tried,
        probed,
        ...(match
          ? { found: match.requestMetric }
          : {
              failure: `No series of ${probed.join(
                ', ',
              )} match {${selector}} in the ${tried.join(
                ' or the ',
              )} before ${at}, so no metric dialect was detected. Set sightline.dev/metrics-dialect (custom with sightline.dev/request-metric for other names), or correct sightline.dev/prometheus-selector.`,
            }),
      },
    };
    this.cache.set(key, { atMs: probe.atMs, result });
    this.logger.debug('Detected metric dialect', {
      cluster,
      selector,
      at,
      dialect: match ? `${match.id} (${match.requestMetric})` : 'none',
    });
    return result;
  }
}
