import {
  BURN_RATE_WINDOWS,
  SloDefinition,
  SloProblem,
  TelemetryTarget,
  findBucketBoundary,
  formatLatency,
  parseDuration,
} from '@sightline/plugin-observability-common';
import { Interval, clip } from '../adjustments/excludedIntervals';
import {
  excludedDailyParts,
  excludedParts,
  withoutExcluded,
} from '../adjustments/subtractExcluded';
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
 *
 * Periods excluded by budget adjustments come out exactly: a span's
 * events are Prometheus' `increase` over the span less its `increase`
 * over each excluded interval inside it, each evaluated at the interval's
 * end (see `excludedParts`); a burn-rate window that overlaps one is read
 * as bad and total events (a ratio of rates over one window is the ratio
 * of its increases) less the excluded ones.
 */
export async function measureRawSeries(
  {
    prometheus,
    definition,
    target,
    atMs,
    window,
    excluded = [],
  }: MeasurementRequest,
  known: KnownFromRules = {},
): Promise<Measured> {
  const built = await rawSliExpressions(prometheus, definition, target, atMs);
  if ('problem' in built) return built;
  const { expressions, countsNormalised } = built;
  // A ratio query has no events to take an excluded period's from.
  const exclude = countsNormalised ? [] : excluded;
  const { range, spans, period } = window;
  const events = { bad: expressions.bad, total: expressions.total };
  const knownRatios = known.ratios ?? {};
  const missing = BURN_RATE_WINDOWS.filter(w => !(w in knownRatios));
  const burnSpan = (w: string) => ({
    startMs: atMs - parseDuration(w)!,
    endMs: atMs,
  });
  const adjustedWindows = missing.filter(
    w => clip(exclude, burnSpan(w).startMs, atMs).length > 0,
  );
  const windowSpan = { startMs: period.startMs, endMs: atMs };
  const [counts, ratios, perDay] = await Promise.all([
    instantParts(
      prometheus,
      known.window || !range
        ? {}
        : {
            bad: expressions.bad(range),
            total: expressions.total(range),
            ...spanExcluded('', events, windowSpan, atMs, exclude),
          },
      atMs,
    ),
    instantParts(
      prometheus,
      Object.fromEntries(
        missing.flatMap(w =>
          adjustedWindows.includes(w)
            ? Object.entries({
                [`${w} bad`]: expressions.bad(w),
                [`${w} total`]: expressions.total(w),
                ...spanExcluded(`${w} `, events, burnSpan(w), atMs, exclude),
              })
            : [[w, expressions.errorRatio(w)]],
        ),
      ),
      atMs,
    ),
    instantParts(
      prometheus,
      {
        ...dailyParts(spans, atMs, events),
        ...excludedDailyParts(spans, atMs, events, exclude),
      },
      atMs,
    ),
  ]);
  const days = spans.map((span, i): MeasuredDay => {
    const day = windowCounts({
      bad: withoutExcluded(perDay, `day ${i} bad`),
      total: withoutExcluded(perDay, `day ${i} total`),
    });
    return { ...span, ...day, objective: definition.objective };
  });
  const ratiosOf = (adjusted: boolean) => ({
    ...knownRatios,
    ...ratios,
    ...Object.fromEntries(
      adjustedWindows.map(w => {
        const read = (key: string) =>
          adjusted ? withoutExcluded(ratios, key) : ratios[key];
        const { good, total } = windowCounts({
          bad: read(`${w} bad`),
          total: read(`${w} total`),
        });
        return [w, total > 0 ? (total - good) / total : undefined];
      }),
    ),
  });
  const measurements = {
    window:
      known.window ??
      windowCounts({
        bad: withoutExcluded(counts, 'bad'),
        total: withoutExcluded(counts, 'total'),
      }),
    errorRatios: ratiosOf(true),
  };
  const adjusted =
    exclude.length > 0 &&
    (adjustedWindows.length > 0 ||
      clip(exclude, windowSpan.startMs, atMs).length > 0);
  return {
    countsNormalised,
    measurements,
    days,
    ...(adjusted
      ? {
          unadjusted: {
            window: known.window ?? windowCounts(counts),
            errorRatios: ratiosOf(false),
          },
        }
      : {}),
  };
}

/** Parts `<prefix><key> minus <j>` for the excluded intervals inside `span` (see `excludedParts`). */
function spanExcluded(
  prefix: string,
  expressions: Record<string, (range: string) => string>,
  span: Interval,
  atMs: number,
  excluded: Interval[],
): Record<string, string> {
  return Object.assign(
    {},
    ...Object.entries(expressions).map(([key, expression]) =>
      excludedParts(`${prefix}${key}`, expression, span, atMs, excluded),
    ),
  );
}

/**
 * What a rule measurement answers instead of its rules while periods are
 * excluded: recording rules cannot know budget adjustments, so every
 * figure comes from the raw series, which can leave the periods out.
 */
export async function measureAdjustedFromRaw(
  request: MeasurementRequest,
  rules: string,
): Promise<Measured> {
  const raw = await measureRawSeries(request);
  if ('problem' in raw || !raw.unadjusted) return raw;
  return {
    ...raw,
    source: 'raw',
    note: `Budget adjustments exclude periods from this SLO's windows, which ${rules} cannot know, so its figures come from the raw series.`,
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
