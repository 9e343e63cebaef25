import { errorBudgetFromSegments, timeToExhaustionMs } from './budget';
import {
  BURN_RATE_WINDOWS,
  BurnRateAlertWindow,
  DEFAULT_BURN_RATE_ALERT_WINDOWS,
  burnRateAlertConditions,
  burnRateReadings,
  evaluateBurnRateAlerts,
} from './burnRateAlerts';
import {
  SloCounts,
  SloDefinition,
  SloSegment,
  SloStatusSummary,
} from './types';
import { sloVerdict } from './verdict';

/**
 * What the backend measured for one SLO at one instant.
 *
 * @public
 */
export interface SloMeasurements {
  /**
   * Good and total events over the whole window (increases), or, when the
   * objective changed within the window, segments (days) with the objective
   * in force in each.
   */
  window: SloCounts | SloSegment[];
  /**
   * Error ratio per look-back window, e.g. `{ '5m': 0.0004, '1h': 0.0002 }`.
   * Absent or undefined windows have no data.
   */
  errorRatios?: Record<string, number | undefined>;
  /** The look-back window whose burn rate counts as "now"; default `1h`. */
  currentWindow?: string;
  /** The look-back windows to report; default `BURN_RATE_WINDOWS`. */
  burnRateWindows?: readonly string[];
  /** Alert conditions to use instead of the workbook's. */
  alertWindows?: readonly BurnRateAlertWindow[];
  /**
   * For calendar windows: the period (epoch ms). The budget's time
   * equivalents, the time to exhaustion and the alert factors then use its
   * length instead of the definition's nominal window.
   */
  period?: { startMs: number; endMs: number };
}

/**
 * Everything a developer needs about one SLO, from what the backend measured:
 * the SLI, the error budget, burn rates, time to exhaustion at the current
 * burn rate, which alert conditions hold, the status and the policy level
 * (both decided by `sloVerdict`).
 *
 * When the objective changed within the window (segments), the budget is
 * combined per segment (see `errorBudgetFromSegments`) and the alert
 * conditions use the definition's, i.e. the current, objective.
 *
 * @public
 */
export function computeSloStatus(
  definition: Pick<SloDefinition, 'objective' | 'windowMs'>,
  measurements: SloMeasurements,
): SloStatusSummary {
  const { period } = measurements;
  const slo = period
    ? {
        objective: definition.objective,
        windowMs: period.endMs - period.startMs,
      }
    : definition;
  const segments: SloSegment[] = Array.isArray(measurements.window)
    ? measurements.window
    : [
        {
          ...measurements.window,
          objective: slo.objective,
          durationMs: slo.windowMs,
        },
      ];
  const good = segments.reduce((sum, s) => sum + s.good, 0);
  const total = segments.reduce((sum, s) => sum + s.total, 0);
  const budget = errorBudgetFromSegments(segments, slo.windowMs);
  const errorRatios = measurements.errorRatios ?? {};
  const burnRates = burnRateReadings(
    slo.objective,
    errorRatios,
    measurements.burnRateWindows ?? BURN_RATE_WINDOWS,
  );
  const current = burnRateReadings(slo.objective, errorRatios, [
    measurements.currentWindow ?? '1h',
  ])[0];
  const alerts = evaluateBurnRateAlerts(
    burnRateAlertConditions(
      slo,
      measurements.alertWindows ?? DEFAULT_BURN_RATE_ALERT_WINDOWS,
    ),
    errorRatios,
  );
  const exhaustionMs = timeToExhaustionMs(
    budget.remaining,
    current.burnRate,
    slo.windowMs,
  );
  const verdict = sloVerdict({
    budget,
    alerts,
    timeToExhaustionMs: exhaustionMs,
  });
  return {
    sli: total > 0 ? 1 - budget.badEvents / total : undefined,
    good,
    total,
    objective: Array.isArray(measurements.window)
      ? 1 - budget.allowedRatio
      : slo.objective,
    windowMs: slo.windowMs,
    ...(period
      ? {
          period: {
            start: new Date(period.startMs).toISOString(),
            end: new Date(period.endMs).toISOString(),
          },
        }
      : {}),
    budget,
    burnRates,
    currentWindow: current.window,
    currentBurnRate: current.burnRate,
    timeToExhaustionMs: exhaustionMs,
    alerts,
    status: verdict.status,
    policy: verdict.policy,
  };
}
