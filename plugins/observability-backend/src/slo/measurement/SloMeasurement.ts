import {
  SloDailyCount,
  SloDaySpan,
  SloDefinition,
  SloMeasurementSource,
  SloMeasurements,
  SloPeriod,
  SloProblem,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { PrometheusClient } from '../../upstreams/clients/PrometheusClient';
import { PART_LABEL, sampleValue, tagged } from '../SloQueries';
import { Interval } from '../adjustments/excludedIntervals';

/**
 * One day of an SLO's window as measured: its counts and its bounds. The
 * window's first and last days are cut at its start and at the instant.
 */
export type MeasuredDay = SloDailyCount & {
  startMs: number;
  endMs: number;
  normalised?: boolean;
};

/** The window's days, the last cut at the instant. */
export interface MeasuredWindow {
  period: SloPeriod;
  /** The days from the period's start to the instant. */
  spans: SloDaySpan[];
  /** The period so far as a PromQL range (`30d` for a rolling 30 days); absent when nothing of it has passed. */
  range?: string;
}

/** Every measurement reads Prometheus with instant queries only, each at the instant evaluated. */
export type InstantQueries = Pick<PrometheusClient, 'instant'>;

/** One SLO to measure at one instant. */
export interface MeasurementRequest {
  prometheus: InstantQueries;
  definition: SloDefinition;
  target: TelemetryTarget;
  atMs: number;
  window: MeasuredWindow;
  /**
   * Periods excluded by budget adjustments (merged, by start), anywhere
   * in the window or the burn-rate windows: taken out of the window's
   * events, each day's and each burn-rate window's that overlaps one.
   */
  excluded?: Interval[];
}

/** An SLO's numbers, or why it could not be measured. */
export type Measured =
  | {
      /** When every figure came from elsewhere than the measurement's `source`. */
      source?: SloMeasurementSource;
      /** When the window came from elsewhere than the measurement's `source`. */
      windowSource?: SloMeasurementSource;
      note?: string;
      countsNormalised: boolean;
      measurements: SloMeasurements;
      days: MeasuredDay[];
      /** With periods excluded: the figures without the exclusions, as the generated rules see them. */
      unadjusted?: Pick<SloMeasurements, 'window' | 'errorRatios'>;
    }
  | { problem: Omit<SloProblem, 'sloId'> };

/**
 * Where an SLO's numbers come from: the raw request and histogram series,
 * Sloth's recording rules or Pyrra's. Each source answers differently;
 * behind this interface all give the window's events, the burn-rate
 * windows' error ratios and the window's days, so the evaluation (status,
 * history, burn-down) does not depend on the source.
 */
export interface SloMeasurement {
  /** Where the numbers come from, as the evaluation names it. */
  readonly source: SloMeasurementSource;
  measure(request: MeasurementRequest): Promise<Measured>;
}

/**
 * The parts' values at the instant, from one query (see `tagged`); no query
 * when there is nothing to ask.
 */
export async function instantParts(
  prometheus: InstantQueries,
  parts: Record<string, string>,
  atMs: number,
): Promise<Record<string, number | undefined>> {
  if (Object.keys(parts).length === 0) return {};
  const values: Record<string, number | undefined> = {};
  for (const s of await prometheus.instant(tagged(parts), atMs)) {
    values[s.metric[PART_LABEL]] = sampleValue(s.value[1]);
  }
  return values;
}
