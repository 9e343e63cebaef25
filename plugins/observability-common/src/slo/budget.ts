import {
  BudgetPolicyLevel,
  ErrorBudget,
  SloCounts,
  SloSegment,
  SloStatus,
} from './types';

const DAY_MS = 86_400_000;

/**
 * Tolerance for comparing budget shares, so that binary noise
 * (`0.001 / 0.0010000000000000009`) does not flip a status.
 */
const EPSILON = 1e-9;

/** `1 − objective` without binary noise: 1 − 0.999 is 0.001, not 0.0010000000000000009. */
function allowedShare(objective: number): number {
  return Number((1 - objective).toPrecision(12));
}

function checkObjective(objective: number) {
  if (!(objective > 0 && objective < 1)) {
    throw new RangeError(
      `An objective must be a ratio between 0 and 1 (exclusive), got ${objective}`,
    );
  }
}

function checkCounts({ good, total }: SloCounts) {
  if (!Number.isFinite(good) || !Number.isFinite(total) || total < 0) {
    throw new RangeError(
      `Counts must be finite and total not negative, got good=${good} total=${total}`,
    );
  }
}

/**
 * Bad events in counts: `total − good`, clamped to [0, total]. Good and total
 * usually come from two separate queries whose increases can disagree by a
 * fraction of an event; clamping keeps the SLI within [0, 1].
 *
 * @public
 */
export function badEvents({ good, total }: SloCounts): number {
  checkCounts({ good, total });
  return Math.min(total, Math.max(0, total - good));
}

/**
 * The SLI: good / total. Undefined when there was no traffic (`total` is 0):
 * no traffic is "no data", not 100%.
 */
export function sliRatio(counts: SloCounts): number | undefined {
  if (counts.total <= 0) {
    checkCounts(counts);
    return undefined;
  }
  return 1 - badEvents(counts) / counts.total;
}

/**
 * The error ratio: bad / total, undefined without traffic.
 *
 * @public
 */
export function errorRatio(counts: SloCounts): number | undefined {
  if (counts.total <= 0) {
    checkCounts(counts);
    return undefined;
  }
  return badEvents(counts) / counts.total;
}

/**
 * The burn rate: how many times faster than the objective allows errors are
 * spending the budget, `errorRatio / (1 − objective)`. 1 spends exactly the
 * whole budget over one SLO window; 14.4 spends a 30-day budget in 50 hours.
 * Valid for any look-back window. Undefined when the error ratio is (no data).
 *
 * @public
 */
export function burnRate(
  errorRatioValue: number | undefined,
  objective: number,
): number | undefined {
  checkObjective(objective);
  if (errorRatioValue === undefined || Number.isNaN(errorRatioValue)) {
    return undefined;
  }
  return errorRatioValue / allowedShare(objective);
}

/**
 * The whole budget as time at the objective: `(1 − objective) × window`, the
 * minutes of full outage the objective allows at average traffic.
 * 99.9% over 30 days → 0.001 × 43,200 min = 43.2 min.
 */
export function errorBudgetMs(objective: number, windowMs: number): number {
  checkObjective(objective);
  return allowedShare(objective) * windowMs;
}

/**
 * The error budget over a window whose objective changed: each segment
 * (typically a day) carries its counts and the objective in force then.
 *
 * The budget is counted in events: each segment allows
 * `(1 − objective) × total` bad events; consumed = Σ bad / Σ allowed, so a day
 * at 99% allows ten times the errors of a day at 99.9% with the same traffic.
 * The allowed ratio is the traffic-weighted `Σ allowed / Σ total` (the
 * time-weighted mean of `1 − objective` when there was no traffic at all), and
 * the time equivalents are that ratio times the window.
 *
 * Counts are increases (see `counterIncrease`). Consumed and remaining are
 * absent without traffic.
 */
export function errorBudgetFromSegments(
  segments: SloSegment[],
  windowMs: number,
): ErrorBudget {
  if (segments.length === 0) {
    throw new RangeError('At least one segment is needed');
  }
  let total = 0;
  let bad = 0;
  let allowedEvents = 0;
  let weightedAllowed = 0;
  let duration = 0;
  for (const segment of segments) {
    checkObjective(segment.objective);
    const segmentBad = badEvents(segment);
    const segmentDuration = segment.durationMs ?? DAY_MS;
    total += segment.total;
    bad += segmentBad;
    allowedEvents += allowedShare(segment.objective) * segment.total;
    weightedAllowed += allowedShare(segment.objective) * segmentDuration;
    duration += segmentDuration;
  }
  const allowedRatio = Number(
    (total > 0
      ? allowedEvents / total
      : weightedAllowed / duration
    ).toPrecision(12),
  );
  const allowedMs = allowedRatio * windowMs;
  if (total <= 0) {
    return { allowedRatio, allowedMs, allowedEvents, badEvents: bad };
  }
  const consumed = bad / allowedEvents;
  const remaining = 1 - consumed;
  return {
    allowedRatio,
    allowedMs,
    allowedEvents,
    badEvents: bad,
    consumed,
    remaining,
    consumedMs: consumed * allowedMs,
    remainingMs: remaining * allowedMs,
  };
}

/**
 * The error budget over the window for one objective and the window's
 * counts (increases over the window): total, consumed and remaining as
 * shares of the budget and as time at the objective.
 *
 * @public
 */
export function errorBudget(
  objective: number,
  windowMs: number,
  counts: SloCounts,
): ErrorBudget {
  return errorBudgetFromSegments(
    [{ ...counts, objective, durationMs: windowMs }],
    windowMs,
  );
}

/**
 * How long the remaining budget lasts at a burn rate: `remaining × window /
 * burnRate`. 0 when the budget is already spent; undefined when the burn rate
 * is 0, negative or unknown (the budget is not being spent).
 *
 * This holds the burn rate constant and ignores old errors leaving the
 * rolling window, so it errs on the early side.
 *
 * @public
 */
export function timeToExhaustionMs(
  remaining: number | undefined,
  currentBurnRate: number | undefined,
  windowMs: number,
): number | undefined {
  if (remaining === undefined) return undefined;
  if (remaining <= EPSILON) return 0;
  if (currentBurnRate === undefined || !(currentBurnRate > 0)) {
    return undefined;
  }
  return (remaining * windowMs) / currentBurnRate;
}

/**
 * The budget-policy level for a remaining budget share: `healthy` above 50%,
 * `warning` from 25% to 50% (both included), `critical` below 25%, and
 * `exhausted` at or below 0. Undefined without data.
 */
export function budgetPolicyLevel(
  remaining: number | undefined,
): BudgetPolicyLevel | undefined {
  if (remaining === undefined) return undefined;
  if (remaining <= EPSILON) return 'exhausted';
  if (remaining < 0.25 - EPSILON) return 'critical';
  if (remaining <= 0.5 + EPSILON) return 'warning';
  return 'healthy';
}

/**
 * The remaining budget share below which an SLO is at risk (25%, where the
 * `critical` policy level starts).
 */
export const AT_RISK_REMAINING = 0.25;

/**
 * Whether the SLO holds:
 *
 * - `no-data` without traffic in the window (remaining undefined);
 * - `violated` when the budget is overspent (remaining below 0: the SLI over
 *   the window is below the objective). Exactly 0 left is not a violation;
 *   the SLI equals the objective;
 * - `at-risk` when not violated and either less than 25% of the budget
 *   remains, or a multi-window multi-burn-rate alert condition holds
 *   (`alertFiring`). The weakest of those (30-day window: 6h and 3d both above
 *   1×) means the budget is being spent at least as fast as the window can
 *   afford, on both a recent and a sustained look-back, so a blip in a
 *   quiet hour does not mark an SLO at risk, but a pace that would exhaust
 *   the budget within the window does;
 * - `met` otherwise.
 */
export function sloStatus(
  remaining: number | undefined,
  options: { alertFiring?: boolean } = {},
): SloStatus {
  if (remaining === undefined) return 'no-data';
  if (remaining < -EPSILON) return 'violated';
  if (remaining < AT_RISK_REMAINING - EPSILON || options.alertFiring) {
    return 'at-risk';
  }
  return 'met';
}

/**
 * The increase of a counter from a series of cumulative samples, the way
 * Prometheus's `increase()` treats counter resets, but without its
 * extrapolation to the edges of the range: every drop is a reset (the
 * process restarted and the counter began again from zero), so the value
 * after a drop counts in full. NaN samples (Prometheus stale markers) are
 * skipped. Undefined with fewer than two samples, as Prometheus returns no
 * value then.
 *
 * Everything else in `slo/` takes increases: pass this function's result, or
 * the result of `increase(...[window])`, never raw counter values.
 *
 * @example
 * counterIncrease([100, 150, 10, 40]) // 50 + 10 + 30 = 90
 */
export function counterIncrease(
  samples: Array<number | { value: number }>,
): number | undefined {
  const values = samples
    .map(s => (typeof s === 'number' ? s : s.value))
    .filter(v => !Number.isNaN(v));
  if (values.length < 2) return undefined;
  let increase = 0;
  for (let i = 1; i < values.length; i++) {
    const previous = values[i - 1];
    const current = values[i];
    increase += current >= previous ? current - previous : current;
  }
  return increase;
}
