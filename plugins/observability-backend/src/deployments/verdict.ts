import { RolloutFigures } from '@sightline/plugin-observability-common';

/**
 * What counts as a change a rollout caused, and why these numbers:
 *
 * - p95 latency: 20% and at least 5 ms. A 30-minute p95 interpolated from
 *   histogram buckets wanders by about a tenth between two quiet half
 *   hours; twice that is the rollout, and 5 ms keeps a 2 ms → 3 ms service
 *   from reading "+50%".
 * - error ratio: doubled (or halved) and at least 0.1% on the worse side.
 *   Error ratios are small counts that jump by whole multiples; below 0.1%
 *   (1 request in 1000) a doubling is a handful of requests.
 * - request rate: halved or doubled. Traffic follows users, not rollouts;
 *   only a change that large suggests the rollout broke routing or made
 *   clients retry.
 */
const THRESHOLDS = {
  latencyRelative: 0.2,
  latencyAbsoluteSeconds: 0.005,
  errorRatioFactor: 2,
  errorRatioFloor: 0.001,
  rateFactor: 2,
} as const;

function percent(before: number, after: number): string {
  const change = Math.round(((after - before) / before) * 100);
  return `${change > 0 ? '+' : ''}${change}%`;
}

function factor(before: number, after: number): string {
  const f = after / before;
  return `×${f >= 10 ? Math.round(f) : Number(f.toPrecision(2))}`;
}

function percentOf(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(2))}%`;
}

/** A significant change between two windows: a short phrase, and whether it is for the worse. */
export type FigureChange = { text: string; worse: boolean };

/** The significant changes between two windows. */
export function significantChanges(
  before: RolloutFigures,
  after: RolloutFigures,
): FigureChange[] {
  const changes: FigureChange[] = [];
  const p95Before = before.latencyP95;
  const p95After = after.latencyP95;
  if (
    p95Before !== undefined &&
    p95After !== undefined &&
    p95Before > 0 &&
    Math.abs(p95After - p95Before) / p95Before >= THRESHOLDS.latencyRelative &&
    Math.abs(p95After - p95Before) >= THRESHOLDS.latencyAbsoluteSeconds
  ) {
    changes.push({
      text: `p95 ${percent(p95Before, p95After)}`,
      worse: p95After > p95Before,
    });
  }
  const errBefore = before.errorRatio;
  const errAfter = after.errorRatio;
  if (errBefore !== undefined && errAfter !== undefined) {
    const worse = Math.max(errBefore, errAfter);
    if (worse >= THRESHOLDS.errorRatioFloor) {
      if (errBefore === 0 || errAfter === 0) {
        changes.push({
          text: `error ratio ${percentOf(errBefore)} → ${percentOf(errAfter)}`,
          worse: errAfter > errBefore,
        });
      } else if (
        errAfter / errBefore >= THRESHOLDS.errorRatioFactor ||
        errBefore / errAfter >= THRESHOLDS.errorRatioFactor
      ) {
        changes.push({
          text: `error ratio ${factor(errBefore, errAfter)}`,
          worse: errAfter > errBefore,
        });
      }
    }
  }
  const rateBefore = before.requestRate;
  const rateAfter = after.requestRate;
  if (
    rateBefore !== undefined &&
    rateAfter !== undefined &&
    rateBefore > 0 &&
    (rateAfter / rateBefore >= THRESHOLDS.rateFactor ||
      rateBefore / rateAfter >= THRESHOLDS.rateFactor)
  ) {
    // Traffic falling away is the alarming direction.
    changes.push({
      text: `rate ${percent(rateBefore, rateAfter)}`,
      worse: rateAfter < rateBefore,
    });
  }
  return changes;
}

/** `2026-12-07 03:12 UTC`: the verdict is text, read the same by everyone. */
function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The plain sentence an on-call engineer reads, "p95 +42%, error ratio ×3
 * after the 2026-12-07 03:12 UTC rollout of v1.8.2"; the same without the
 * rollout's time and version ("p95 +42%, error ratio ×3"), for a page that
 * shows those beside it in the reader's time format; and whether any change
 * it names is for the worse.
 */
export function rolloutVerdict(
  rollout: { at: number; version?: string },
  figures: { before?: RolloutFigures; after?: RolloutFigures; why?: string },
): { verdict: string; change: string; regressed: boolean } {
  const what = `the ${utcMinute(rollout.at)} rollout${
    rollout.version ? ` of ${rollout.version}` : ''
  }`;
  const { before, after } = figures;
  if (!before || !after) {
    const change = `not compared: ${figures.why ?? 'no request figures'}`;
    return { verdict: `${change} (${what})`, change, regressed: false };
  }
  const changes = significantChanges(before, after);
  const change = changes.length
    ? changes.map(c => c.text).join(', ')
    : 'no significant change';
  return {
    verdict: `${change} after ${what}`,
    change,
    regressed: changes.some(c => c.worse),
  };
}
