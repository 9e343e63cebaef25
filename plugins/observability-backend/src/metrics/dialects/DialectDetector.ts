import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { createHash } from 'node:crypto';
import {
  DialectDetection,
  escapeRegex,
  formatDuration,
  LabelMatcher,
  metricSelector,
  ResolvedMetricDialect,
} from '@sightline/plugin-observability-common';
import { MetricDialect } from '@sightline/plugin-observability-node';
import { PrometheusClient } from '../../upstreams/clients/PrometheusClient';
import { toResolved } from './DialectRegistry';
import {
  identityKey,
  identityLabels,
  matcherValues,
  unionMatchers,
} from '../identityLabels';

/**
 * Detection results are cached per selector and look-back for instants this
 * close to the one probed: which series exist changes rarely. In this
 * process, and in the CacheService for the other replicas.
 */
const DETECTION_TTL_MS = 5 * 60_000;
/** Look back at least this far, so a service idle right now is still recognised. */
const LOOKBACK_MS = 3_600_000;

/** Entities detected in one query at most (the query names each one's label values). */
const MAX_BATCH = 500;

/** Which dialects to probe for, and what to call the dialect found. */
export interface DetectionOptions {
  among: MetricDialect[];
  source: ResolvedMetricDialect['source'];
}

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
  private readonly cache = new Map<string, Remembered>();

  /**
   * `shared`: the plugin's CacheService, through which replicas reuse each
   * other's detections instead of each probing Prometheus again.
   */
  constructor(
    private readonly logger: LoggerService,
    private readonly shared?: CacheService,
  ) {}

  async detect(
    prometheus: PrometheusClient,
    cluster: string,
    selector: string,
    options: DetectionOptions,
    probe: DetectionProbe,
  ): Promise<DetectionResult> {
    const { key, lookbacks, candidates, probed } = this.plan(
      cluster,
      selector,
      options,
      probe,
    );
    const cached =
      this.cache.get(key) ??
      ((await this.shared?.get(sharedKey(key))) as Remembered | undefined);
    if (cached && Math.abs(probe.atMs - cached.atMs) < DETECTION_TTL_MS) {
      this.cache.set(key, cached);
      return cached.result;
    }
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
    return this.remember(cluster, selector, key, probe, {
      match,
      tried,
      probed,
      source: options.source,
    });
  }

  /**
   * Detects many entities' dialects over the hour before `atMs` in one query per
   * set of identity labels (`count by (__name__, namespace, service)`),
   * for entities whose selectors are label equalities. What it finds is
   * cached as `detect` would have cached it, so their `detect` costs no
   * query; the others (other selectors, nothing in the last hour) are left
   * to `detect`.
   */
  async detectMany(
    prometheus: PrometheusClient,
    cluster: string,
    items: Array<{
      matchers: LabelMatcher[];
      selector: string;
      options: DetectionOptions;
      lookbackMs?: number;
    }>,
    atMs: number,
  ): Promise<void> {
    const groups = new Map<string, typeof items>();
    for (const item of items) {
      const labels = identityLabels(item.matchers);
      if (!labels) continue;
      const group = groups.get(labels.join(',')) ?? [];
      group.push(item);
      groups.set(labels.join(','), group);
    }
    const lookback = formatDuration(LOOKBACK_MS);
    for (const [labels, group] of groups) {
      const by = labels.split(',');
      for (let i = 0; i < group.length; i += MAX_BATCH) {
        const chunk = group.slice(i, i + MAX_BATCH);
        const plans = chunk.map(item => ({
          item,
          probe: { atMs, lookbackMs: item.lookbackMs },
          plan: this.plan(cluster, item.selector, item.options, {
            atMs,
            lookbackMs: item.lookbackMs,
          }),
        }));
        const probed = [...new Set(plans.flatMap(p => p.plan.probed))];
        const samples = await prometheus.instant(
          `count by (${['__name__', ...by].join(
            ', ',
          )}) (last_over_time(${metricSelector('', [
            {
              name: '__name__',
              op: '=~',
              value: probed.map(escapeRegex).join('|'),
            },
            ...unionMatchers(chunk.map(c => c.matchers)),
          ])}[${lookback}]))`,
          atMs,
        );
        const found = new Map<string, Set<string>>();
        for (const { metric } of samples) {
          const tuple = identityKey(by, metric);
          const names = found.get(tuple) ?? new Set<string>();
          names.add(metric.__name__);
          found.set(tuple, names);
        }
        for (const { item, plan, probe } of plans) {
          const names = found.get(identityKey(by, matcherValues(item)));
          const match =
            names && plan.candidates.find(d => names.has(d.requestMetric));
          if (!match) continue;
          await this.remember(cluster, item.selector, plan.key, probe, {
            match,
            tried: [lookback],
            probed: plan.probed,
            source: item.options.source,
          });
        }
      }
    }
  }

  /** What `detect` probes for a selector, and its cache key. */
  private plan(
    cluster: string,
    selector: string,
    options: DetectionOptions,
    probe: DetectionProbe,
  ) {
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
    const candidates = options.among.flatMap(dialect => [
      dialect,
      ...(dialect.nameVariants ?? []).map(names => ({ ...dialect, ...names })),
    ]);
    const probed = [...new Set(candidates.map(d => d.requestMetric))];
    return { key, lookbacks, candidates, probed };
  }

  private async remember(
    cluster: string,
    selector: string,
    key: string,
    probe: DetectionProbe,
    {
      match,
      tried,
      probed,
      source,
    }: {
      match?: MetricDialect;
      tried: string[];
      probed: string[];
      source: ResolvedMetricDialect['source'];
    },
  ): Promise<DetectionResult> {
    const at = new Date(probe.atMs).toISOString();
    const result: DetectionResult = {
      dialect: match && toResolved(match, source),
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
    const remembered: Remembered = { atMs: probe.atMs, result };
    this.cache.set(key, remembered);
    // Plain data: it reads back from the store as it was.
    await this.shared?.set(
      sharedKey(key),
      remembered as unknown as JsonObject,
      { ttl: DETECTION_TTL_MS },
    );
    this.logger.debug('Detected metric dialect', {
      cluster,
      selector,
      at,
      dialect: match ? `${match.id} (${match.requestMetric})` : 'none',
    });
    return result;
  }
}

/** A detection and the instant it was made at. */
type Remembered = { atMs: number; result: DetectionResult };

/** Short and free of the selector's characters, as memcache wants keys. */
function sharedKey(key: string): string {
  return `dialect-detection:${createHash('sha256').update(key).digest('hex')}`;
}
