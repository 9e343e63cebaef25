import {
  SloDailyCount,
  SloDefinition,
  SloMeasurements,
} from '@sightline/plugin-observability-common';
import { MeasuredDay } from './SloMeasurement';
import { Interval, clip } from '../adjustments/excludedIntervals';

const DAY_MS = 86_400_000;

/** Where daily history comes from when a store is configured. */
export interface SloHistoryReader {
  dailyCounts(
    entityRef: string,
    sloId: string,
    fromDay: string,
    toDay: string,
  ): Promise<Array<SloDailyCount & { normalised?: boolean }>>;
}

/** A whole UTC day: what the history store keeps. */
export function isWholeUtcDay(day: { startMs: number; endMs: number }) {
  return day.startMs % DAY_MS === 0 && day.endMs - day.startMs === DAY_MS;
}

/**
 * The measured days and window with stored days standing in for the whole
 * UTC days of the window (history outlives Prometheus' retention); only
 * days measured the same way (event counts or normalised ratios: the two
 * do not add up). The window's cut first and last days always come from
 * Prometheus. Undefined when the store has none of the days.
 */
export async function withStoredDays(options: {
  history: SloHistoryReader;
  entityRef: string;
  definition: SloDefinition;
  days: MeasuredDay[];
  measurements: SloMeasurements;
  countsNormalised: boolean;
  /** From the period's start to the instant. */
  spanMs: number;
  /**
   * Periods budget adjustments exclude: days with one keep Prometheus'
   * figures, which leave it out (stored days are measured without
   * adjustments).
   */
  excluded?: Interval[];
}): Promise<
  { days: MeasuredDay[]; measurements: SloMeasurements } | undefined
> {
  const { definition, days, countsNormalised } = options;
  const excluded = options.excluded ?? [];
  const whole = days.filter(
    d => isWholeUtcDay(d) && clip(excluded, d.startMs, d.endMs).length === 0,
  );
  if (whole.length === 0) return undefined;
  const inWindow = new Set(whole.map(d => d.day));
  const stored = (
    await options.history.dailyCounts(
      options.entityRef,
      definition.id,
      whole[0].day,
      whole[whole.length - 1].day,
    )
  ).filter(d => inWindow.has(d.day) && !!d.normalised === countsNormalised);
  if (stored.length === 0) return undefined;
  const byDay = new Map(stored.map(d => [d.day, d]));
  return {
    days: days.map(d => {
      const found = inWindow.has(d.day) && byDay.get(d.day);
      return found ? { ...found, startMs: d.startMs, endMs: d.endMs } : d;
    }),
    measurements: withObjectiveChanges(
      options.measurements,
      stored,
      definition,
      options.spanMs,
      countsNormalised,
    ),
  };
}

/**
 * When the stored days of the window were measured against another
 * objective than today's, the window's budget is combined per segment: each
 * stored (whole, UTC) day with the objective it had, the rest of the
 * window's events (its cut first and last days) with today's. Only for
 * event counts: normalised days and windows do not add up.
 */
function withObjectiveChanges(
  measurements: SloMeasurements,
  stored: Array<SloDailyCount & { normalised?: boolean }>,
  definition: Pick<SloDefinition, 'objective'>,
  spanMs: number,
  countsNormalised: boolean,
): SloMeasurements {
  const { window } = measurements;
  if (
    countsNormalised ||
    Array.isArray(window) ||
    stored.some(d => d.normalised) ||
    stored.every(d => d.objective === definition.objective)
  ) {
    return measurements;
  }
  const days = stored.map(d => ({
    good: d.good,
    total: d.total,
    objective: d.objective,
    durationMs: DAY_MS,
  }));
  const storedTotal = days.reduce((sum, d) => sum + d.total, 0);
  const storedGood = days.reduce((sum, d) => sum + d.good, 0);
  const restTotal = Math.max(0, window.total - storedTotal);
  const rest = {
    total: restTotal,
    good: Math.min(restTotal, Math.max(0, window.good - storedGood)),
    objective: definition.objective,
    durationMs: Math.max(0, spanMs - days.length * DAY_MS),
  };
  return { ...measurements, window: [...days, rest] };
}
