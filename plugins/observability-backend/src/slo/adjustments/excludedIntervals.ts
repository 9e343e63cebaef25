import {
  SloAdjustment,
  SloAdjustmentDeclaration,
} from '@sightline/plugin-observability-common';
import { Frequency, Options, RRule } from 'rrule';

/** An excluded period, epoch milliseconds, `[startMs, endMs)`. */
export interface Interval {
  startMs: number;
  endMs: number;
}

/**
 * Occurrences expanded per adjustment and range. A window of 30 days plus
 * the burn-rate look-back holds 34 daily occurrences; beyond this many the
 * later occurrences are not excluded (the evaluation names the adjustment in
 * `adjusted.truncated`), which keeps every evaluation's queries bounded.
 */
export const MAX_OCCURRENCES = 100;

/**
 * Recurrences more frequent than hourly would be expanded from their first
 * occurrence on every evaluation (the engine walks from DTSTART), and
 * exclude more than a budget should lose to adjustments anyway.
 */
const REFUSED_FREQUENCIES = new Set([Frequency.SECONDLY, Frequency.MINUTELY]);

/**
 * The RRULE as the recurrence engine reads it, starting at `start`, or why
 * it cannot be expanded (the engine accepts some malformed parts silently,
 * leaving them undefined: those are refused here).
 */
export function recurrence(
  rrule: string,
  start: string,
): { rule: RRule } | { problem: string } {
  let options: Partial<Options>;
  try {
    options = RRule.parseString(rrule.replace(/^RRULE:/, ''));
  } catch (error) {
    return {
      problem: `"${rrule}" is not an RRULE: ${
        error instanceof Error ? error.message : String(error)
      }`,
    };
  }
  const bad = Object.entries(options).find(
    ([, v]) =>
      v === undefined ||
      (Array.isArray(v) && (v as unknown[]).includes(undefined)),
  );
  if (bad || options.freq === undefined) {
    return {
      problem: `"${rrule}" has an invalid ${
        bad ? bad[0].toUpperCase() : 'FREQ'
      } value`,
    };
  }
  if (REFUSED_FREQUENCIES.has(options.freq)) {
    return {
      problem: `"${rrule}" recurs more often than hourly; declare a longer period instead`,
    };
  }
  return { rule: new RRule({ ...options, dtstart: new Date(start) }) };
}

/**
 * The periods of one declaration that overlap `[fromMs, toMs)`, clipped to
 * it, and whether a recurrence had more than MAX_OCCURRENCES there.
 */
export function occurrences(
  declaration: SloAdjustmentDeclaration,
  fromMs: number,
  toMs: number,
): { intervals: Interval[]; truncated: boolean } {
  const startMs = Date.parse(declaration.start);
  const { durationMs } = declaration;
  const starts: number[] = [];
  let truncated = false;
  if (!declaration.rrule) {
    starts.push(startMs);
  } else {
    const parsed = recurrence(declaration.rrule, declaration.start);
    // Declarations are validated when read; one that is not expands to nothing.
    if ('rule' in parsed) {
      // An occurrence that starts up to durationMs before the range still overlaps it.
      parsed.rule.between(
        new Date(fromMs - durationMs),
        new Date(toMs),
        true,
        date => {
          if (starts.length === MAX_OCCURRENCES) {
            truncated = true;
            return false;
          }
          starts.push(date.getTime());
          return true;
        },
      );
    }
  }
  const intervals = starts
    .map(s => ({
      startMs: Math.max(s, fromMs),
      endMs: Math.min(s + durationMs, toMs),
    }))
    .filter(i => i.endMs > i.startMs);
  return { intervals, truncated };
}

/** Overlapping or touching intervals joined, by start. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.startMs - b.startMs);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.startMs <= last.endMs) {
      last.endMs = Math.max(last.endMs, interval.endMs);
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}

/** The parts of `intervals` inside `[fromMs, toMs)`. */
export function clip(
  intervals: Interval[],
  fromMs: number,
  toMs: number,
): Interval[] {
  return intervals
    .map(i => ({
      startMs: Math.max(i.startMs, fromMs),
      endMs: Math.min(i.endMs, toMs),
    }))
    .filter(i => i.endMs > i.startMs);
}

/** What an SLO excludes over a range: merged periods, and from which adjustments. */
export interface Exclusions {
  intervals: Interval[];
  adjustmentIds: string[];
  /** Their reasons, in the same order. */
  reasons: string[];
  /** Adjustments with more occurrences in the range than MAX_OCCURRENCES. */
  truncated: string[];
}

/** The merged periods the adjustments exclude from one SLO over `[fromMs, toMs)`. */
export function exclusionsFor(
  adjustments: SloAdjustment[],
  sloId: string,
  fromMs: number,
  toMs: number,
): Exclusions {
  const all: Interval[] = [];
  const adjustmentIds: string[] = [];
  const reasons: string[] = [];
  const truncated: string[] = [];
  for (const adjustment of adjustments) {
    if (adjustment.sloIds && !adjustment.sloIds.includes(sloId)) continue;
    const found = occurrences(adjustment, fromMs, toMs);
    if (found.truncated) truncated.push(adjustment.id);
    if (found.intervals.length === 0) continue;
    adjustmentIds.push(adjustment.id);
    reasons.push(adjustment.reason);
    all.push(...found.intervals);
  }
  return {
    intervals: mergeIntervals(all),
    adjustmentIds,
    reasons,
    truncated,
  };
}
