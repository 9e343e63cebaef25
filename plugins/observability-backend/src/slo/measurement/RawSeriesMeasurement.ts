import {
  BURN_RATE_WINDOWS,
  SloDefinition,
  SloProblem,
  TelemetryTarget,
  findBucketBoundary,
  formatLatency,
} from '@sightline/plugin-observability-common';
import {
  SliExpressions,
  availabilityExpressions,
  bucketBoundariesQuery,
  customExpressions,
  dailyParts,
  latencyExpressions,
  windowCounts,
} from '../SloQueries';
import {
  InstantQueries,
  Measured,
  MeasuredDay,
  MeasurementRequest,
  SloMeasurement,
  instantParts,
} from './SloMeasurement';

/** The SLI expressions from the raw series, or why there are none. */
export async function rawSliExpressions(
  prometheus: InstantQueries,
  definition: SloDefinition,
  target: TelemetryTarget,
  atMs: number,
): Promise<
  | { expressions: SliExpressions; countsNormalised: boolean }
  | { problem: Omit<SloProblem, 'sloId'> }
> {
  if (definition.indicator.type !== 'dialect') {
    const custom = customExpressions(definition);
    return custom.ok
      ? custom
      : { problem: { field: 'indicator', message: custom.message } };
  }
  const metrics = target.metrics;
  if (!metrics?.dialect) {
    return {
      problem: {
        field: 'metrics',
        message:
          metrics?.detection?.failure ??
          'the entity has no usable metrics selector or dialect; see the target problems',
      },
    };
  }
  const { dialect, matchers } = metrics;
  if (definition.sli === 'availability') {
    return {
      expressions: availabilityExpressions(matchers, dialect),
      countsNormalised: false,
    };
  }
  const durationMetric = dialect.durationMetric;
  if (!durationMetric || definition.latencyThresholdSeconds === undefined) {
    return {
      problem: {
        field: 'latency',
        message: `the ${dialect.title} dialect has no duration histogram, so a latency SLO cannot be measured`,
      },
    };
  }
  const histogram = { ...dialect, durationMetric };
  const boundaries = await prometheus.instant(
    bucketBoundariesQuery(matchers, histogram),
    atMs,
  );
  const found = findBucketBoundary(
    boundaries.map(b => b.metric.le).filter(Boolean),
    definition.latencyThresholdSeconds,
    { metric: `${durationMetric}_bucket`, unit: dialect.durationUnit },
  );
  if (!found.ok) {
    return {
      problem: {
        field: 'latency threshold',
        message: found.message,
        ...nearestThresholdExample(definition, found),
      },
    };
  }
  return {
    expressions: latencyExpressions(matchers, histogram, found.le),
    countsNormalised: false,
  };
}

/**
 * What recording rules have already answered, so the raw series are not
 * asked again: error ratios of some burn-rate windows, the window's events.
 */
export interface KnownFromRules {
  ratios?: Record<string, number | undefined>;
  window?: { good: number; total: number };
}

/**
 * From the raw series: bounded `increase`/`rate` queries, at most three
 * instant queries (the window's events, the burn-rate windows' error
 * ratios, the days of the window, each day's counts evaluated at its own
 * end), plus one for the bucket boundaries of a latency SLO. The rule
 * measurements take from here what their rules do not record.
 */
export async function measureRawSeries(
  { prometheus, definition, target, atMs, window }: MeasurementRequest,
  known: KnownFromRules = {},
): Promise<Measured> {
  const built = await rawSliExpressions(prometheus, definition, target, atMs);
  if ('problem' in built) return built;
  const { expressions, countsNormalised } = built;
  const { range, spans } = window;
  const knownRatios = known.ratios ?? {};
  const missing = BURN_RATE_WINDOWS.filter(w => !(w in knownRatios));
  const [counts, ratios, perDay] = await Promise.all([
    instantParts(
      prometheus,
      known.window || !range
        ? {}
        : { bad: expressions.bad(range), total: expressions.total(range) },
      atMs,
    ),
    instantParts(
      prometheus,
      Object.fromEntries(missing.map(w => [w, expressions.errorRatio(w)])),
      atMs,
    ),
    instantParts(
      prometheus,
      dailyParts(spans, atMs, {
        bad: expressions.bad,
        total: expressions.total,
      }),
      atMs,
    ),
  ]);
  const days = spans.map((span, i): MeasuredDay => {
    const day = windowCounts({
      bad: perDay[`day ${i} bad`],
      total: perDay[`day ${i} total`],
    });
    return { ...span, ...day, objective: definition.objective };
  });
  return {
    countsNormalised,
    measurements: {
      window: known.window ?? windowCounts(counts),
      errorRatios: { ...knownRatios, ...ratios },
    },
    days,
  };
}

/** Every SLO can be measured from its raw series: the path when Prometheus has no rules for it. */
export class RawSeriesMeasurement implements SloMeasurement {
  readonly source = 'raw';

  measure(request: MeasurementRequest): Promise<Measured> {
    return measureRawSeries(request);
  }
}

/**
 * For a latency annotation whose threshold is no bucket boundary: the
 * annotation at the nearest boundary (files name no single value to show).
 */
function nearestThresholdExample(
  definition: SloDefinition,
  boundaries: { below?: number; above?: number },
): { example?: string } {
  const threshold = definition.latencyThresholdSeconds!;
  const nearest = [boundaries.below, boundaries.above]
    .filter((b): b is number => b !== undefined)
    .sort((a, b) => Math.abs(a - threshold) - Math.abs(b - threshold))[0];
  if (definition.source !== 'annotation' || nearest === undefined) return {};
  return {
    example: `${definition.objectivePercent}% < ${formatLatency(nearest)}`,
  };
}
