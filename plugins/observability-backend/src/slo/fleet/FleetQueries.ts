import {
  BURN_RATE_WINDOWS,
  LabelMatcher,
  ResolvedMetricDialect,
} from '@sightline/plugin-observability-common';
import {
  identityKey,
  matcherValues,
  unionMatchers,
} from '../../metrics/identityLabels';
import {
  PART_LABEL,
  SliExpressions,
  availabilityExpressions,
  latencyExpressions,
  ratioFromSides,
  sampleValue,
  tagged,
  windowCounts,
} from '../SloQueries';

/** Members measured by one query at most (the query names each one's label values). */
export const MAX_BATCH_MEMBERS = 500;

/** One SLO of one entity, measured from the raw series within a batch. */
export interface FleetMember {
  /** Opaque to the batch: what the caller finds the answer by. */
  id: string;
  /** The entity's selector, equalities only (see `identityLabels`). */
  matchers: LabelMatcher[];
}

/**
 * SLOs measured by the same queries: same cluster, dialect (metric names and
 * matchers), identity labels, indicator (availability, or latency at one
 * bucket boundary) and window so far.
 */
export interface FleetBatch {
  cluster: string;
  dialect: ResolvedMetricDialect;
  /** The identity labels every member's selector pins, sorted. */
  labels: string[];
  sli: { type: 'availability' } | { type: 'latency'; le: string };
  /** The window so far as a PromQL range; absent when none of it has passed. */
  range?: string;
  members: FleetMember[];
}

/** What the batch key is made of: a batch holds members alike in all of it. */
export function fleetBatchKey(batch: Omit<FleetBatch, 'members'>): string {
  const { id, title, source, ...metrics } = batch.dialect;
  return JSON.stringify([
    batch.cluster,
    metrics,
    batch.labels,
    batch.sli,
    batch.range ?? '',
  ]);
}

function expressions(batch: FleetBatch): SliExpressions {
  const matchers = unionMatchers(batch.members.map(m => m.matchers));
  const { dialect, labels, sli } = batch;
  if (sli.type === 'availability') {
    return availabilityExpressions(matchers, dialect, labels);
  }
  if (!dialect.durationMetric) {
    throw new Error(`${dialect.id} has no duration histogram`);
  }
  return latencyExpressions(
    matchers,
    { ...dialect, durationMetric: dialect.durationMetric },
    sli.le,
    labels,
  );
}

/**
 * The batch's two instant queries, the per-entity ones of `SloService`
 * grouped by the identity labels: the window's bad and total events (absent
 * when none of the window has passed), and both sides of the error ratio
 * of every burn-rate window (divided by `readFleetAnswers`).
 */
export function fleetQueries(batch: FleetBatch): {
  counts?: string;
  ratios: string;
} {
  const e = expressions(batch);
  return {
    ...(batch.range
      ? {
          counts: tagged({
            bad: e.bad(batch.range),
            total: e.total(batch.range),
          }),
        }
      : {}),
    ratios: tagged(
      Object.fromEntries(
        BURN_RATE_WINDOWS.flatMap(w => {
          const sides = e.ratioSides!(w);
          return [
            [`${w} numerator`, sides.numerator],
            [`${w} denominator`, sides.denominator],
          ];
        }),
      ),
    ),
  };
}

type Samples = Array<{
  metric: Record<string, string>;
  value: [number, string];
}>;

/** Each member's measurements from the batch's answers. */
export function readFleetAnswers(
  batch: FleetBatch,
  answers: { counts: Samples; ratios: Samples },
): Map<
  string,
  {
    window: { good: number; total: number };
    errorRatios: Record<string, number | undefined>;
  }
> {
  const partsOf = (samples: Samples) => {
    const byIdentity = new Map<string, Record<string, number | undefined>>();
    for (const s of samples) {
      const key = identityKey(batch.labels, s.metric);
      const parts = byIdentity.get(key) ?? {};
      parts[s.metric[PART_LABEL]] = sampleValue(s.value[1]);
      byIdentity.set(key, parts);
    }
    return byIdentity;
  };
  const counts = partsOf(answers.counts);
  const ratios = partsOf(answers.ratios);
  const sides = expressions(batch).ratioSides!('5m');
  return new Map(
    batch.members.map(member => {
      const key = identityKey(batch.labels, matcherValues(member));
      const parts = ratios.get(key) ?? {};
      const errorRatios: Record<string, number | undefined> = {};
      for (const w of BURN_RATE_WINDOWS) {
        const numerator = `${w} numerator`;
        const denominator = `${w} denominator`;
        const ratio = ratioFromSides(
          sides,
          parts[numerator],
          parts[denominator],
          { numerator: numerator in parts, denominator: denominator in parts },
        );
        if (ratio.present) errorRatios[w] = ratio.value;
      }
      return [
        member.id,
        { window: windowCounts(counts.get(key) ?? {}), errorRatios },
      ];
    }),
  );
}
