import { formatDuration, parseDuration } from '../duration';
import { burnRate } from './budget';
import {
  BurnRateAlertCondition,
  BurnRateAlertSeverity,
  BurnRateReading,
  EvaluatedBurnRateCondition,
} from './types';

const HOUR_MS = 3_600_000;

/**
 * One row of the multi-window multi-burn-rate table: which windows, and what
 * share of the whole SLO window's budget may burn in the long window before
 * the condition fires.
 *
 * @public
 */
export interface BurnRateAlertWindow {
  id: string;
  severity: BurnRateAlertSeverity;
  shortWindow: string;
  longWindow: string;
  budgetShare: number;
}

/**
 * The Google SRE workbook's recommended conditions (chapter "Alerting on
 * SLOs", table 5-8), with Sloth's names. These are the numbers of Sloth's
 * built-in catalog (`internal/alert/windows/google-30d.yaml` and
 * `google-28d.yaml`: `errorBudgetPercent` 2, 5, 10, 10 with the same short and
 * long windows for both periods) and its factor formula
 * (`internal/alert/window.go`, `getBurnRateFactor`: budget percent × period
 * hours ÷ long-window hours), which give 14.4, 6, 3 and 1 for 30 days.
 *
 * Sloth only ships 30d and 28d; for other windows it asks for a custom
 * catalog, and its 7-day example (`examples/windows/7d.yaml`) picks larger
 * shares (8, 12.5, 20, 42%). Sightline keeps these shares for every window,
 * as DESIGN.md says, and recomputes the factor; pass other shares to
 * `burnRateAlertConditions` to follow a different catalog.
 */
export const DEFAULT_BURN_RATE_ALERT_WINDOWS: readonly BurnRateAlertWindow[] = [
  {
    id: 'page-quick',
    severity: 'page',
    shortWindow: '5m',
    longWindow: '1h',
    budgetShare: 0.02,
  },
  {
    id: 'page-slow',
    severity: 'page',
    shortWindow: '30m',
    longWindow: '6h',
    budgetShare: 0.05,
  },
  {
    id: 'ticket-quick',
    severity: 'ticket',
    shortWindow: '2h',
    longWindow: '1d',
    budgetShare: 0.1,
  },
  {
    id: 'ticket-slow',
    severity: 'ticket',
    shortWindow: '6h',
    longWindow: '3d',
    budgetShare: 0.1,
  },
];

/**
 * The look-back windows Sightline reports burn rates for: every window the
 * default alert conditions use.
 *
 * @public
 */
export const BURN_RATE_WINDOWS: readonly string[] = [
  '5m',
  '30m',
  '1h',
  '2h',
  '6h',
  '1d',
  '3d',
];

function round(value: number) {
  return Number(value.toPrecision(12));
}

function durationMs(window: string): number {
  const ms = parseDuration(window);
  if (ms === undefined) {
    throw new RangeError(`"${window}" is not a duration`);
  }
  return ms;
}

/**
 * The burn-rate factor of one condition: the speed at which `budgetShare` of
 * the whole window's budget burns in `longWindowMs`:
 * `budgetShare × window hours ÷ long-window hours`.
 * 2% of a 30-day budget in 1 hour: 0.02 × 720 ÷ 1 = 14.4.
 */
export function burnRateFactor(
  budgetShare: number,
  sloWindowMs: number,
  longWindowMs: number,
): number {
  return round(
    (budgetShare * (sloWindowMs / HOUR_MS)) / (longWindowMs / HOUR_MS),
  );
}

/**
 * The multi-window multi-burn-rate alert conditions for an SLO: severity,
 * short and long window, factor and the error-ratio threshold
 * (`factor × (1 − objective)`) both windows must exceed.
 *
 * Conditions whose long window is longer than the SLO window are left out:
 * they would measure more than the budget covers.
 */
export function burnRateAlertConditions(
  slo: { objective: number; windowMs: number },
  windows: readonly BurnRateAlertWindow[] = DEFAULT_BURN_RATE_ALERT_WINDOWS,
): BurnRateAlertCondition[] {
  return windows
    .map(w => {
      const shortWindowMs = durationMs(w.shortWindow);
      const longWindowMs = durationMs(w.longWindow);
      const factor = burnRateFactor(w.budgetShare, slo.windowMs, longWindowMs);
      return {
        id: w.id,
        severity: w.severity,
        shortWindow: w.shortWindow,
        shortWindowMs,
        longWindow: w.longWindow,
        longWindowMs,
        budgetShare: w.budgetShare,
        factor,
        errorRatioThreshold: round(factor * (1 - slo.objective)),
      };
    })
    .filter(c => c.longWindowMs <= slo.windowMs);
}

/**
 * Error ratios per look-back window, keyed by any spelling of the duration
 * (`1d` and `24h` are the same window). Normalises the keys to milliseconds.
 */
function byWindowMs(
  errorRatios: Record<string, number | undefined>,
): Map<number, number | undefined> {
  const out = new Map<number, number | undefined>();
  for (const [key, value] of Object.entries(errorRatios)) {
    const ms = parseDuration(key);
    if (ms !== undefined && !Number.isNaN(value ?? 0)) {
      out.set(ms, value);
    }
  }
  return out;
}

/**
 * Which conditions hold now, given the error ratio per look-back window
 * (`{ '5m': 0.02, '1h': 0.016, … }`, from Sloth's
 * `slo:sli_error:ratio_rate<window>` or computed from increases). A
 * condition fires when both its short and its long window's error ratio are
 * strictly above the threshold, as in Sloth's rules; a window without data
 * cannot fire.
 */
export function evaluateBurnRateAlerts(
  conditions: BurnRateAlertCondition[],
  errorRatios: Record<string, number | undefined>,
): EvaluatedBurnRateCondition[] {
  const ratios = byWindowMs(errorRatios);
  return conditions.map(condition => {
    const shortErrorRatio = ratios.get(condition.shortWindowMs);
    const longErrorRatio = ratios.get(condition.longWindowMs);
    const missingWindows = [
      shortErrorRatio === undefined ? condition.shortWindow : undefined,
      longErrorRatio === undefined ? condition.longWindow : undefined,
    ].filter((w): w is string => w !== undefined);
    const firing =
      shortErrorRatio !== undefined &&
      longErrorRatio !== undefined &&
      shortErrorRatio > condition.errorRatioThreshold &&
      longErrorRatio > condition.errorRatioThreshold;
    return {
      ...condition,
      shortErrorRatio,
      longErrorRatio,
      firing,
      missingWindows,
    };
  });
}

/**
 * Error ratio and burn rate for each look-back window, in the order of
 * `windows` (default `BURN_RATE_WINDOWS`). Windows without data keep their
 * place with no values.
 */
export function burnRateReadings(
  objective: number,
  errorRatios: Record<string, number | undefined>,
  windows: readonly string[] = BURN_RATE_WINDOWS,
): BurnRateReading[] {
  const ratios = byWindowMs(errorRatios);
  return windows.map(window => {
    const windowMs = durationMs(window);
    const ratio = ratios.get(windowMs);
    return {
      window: formatDuration(windowMs),
      windowMs,
      errorRatio: ratio,
      burnRate: burnRate(ratio, objective),
    };
  });
}
