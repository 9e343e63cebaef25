import { Problems } from './errors';
import { formatNumber, prometheusDuration } from './naming';
import { DialectQueries, leMatcher } from './promql';
import { GeneratorTarget } from './target';
import { GeneratorSlo } from './types';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * One multi-window multi-burn-rate condition: it holds when the error ratio
 * over both windows exceeds `factor` × the error budget.
 *
 * @public
 */
export interface BurnRateCondition {
  severity: 'page' | 'ticket';
  speed: 'quick' | 'slow';
  shortWindowMs: number;
  longWindowMs: number;
  /** Share of the whole budget the condition allows to burn within its long window. */
  budgetShare: number;
  /** Burn-rate factor: `budgetShare × SLO window ÷ long window` (14.4, 6, 3, 1 for 30 days). */
  factor: number;
}

/**
 * The Google SRE workbook's recommended windows, as Sloth ships them for
 * 30 and 28 days (slok/sloth `internal/alert/windows/google-30d.yaml` and
 * `google-28d.yaml`): page 2 % of the budget in 1h (5m short window) or 5 %
 * in 6h (30m); ticket 10 % in 1d (2h) or 10 % in 3d (6h).
 */
const WORKBOOK_WINDOWS: Omit<BurnRateCondition, 'factor'>[] = [
  {
    severity: 'page',
    speed: 'quick',
    shortWindowMs: 5 * 60_000,
    longWindowMs: HOUR_MS,
    budgetShare: 0.02,
  },
  {
    severity: 'page',
    speed: 'slow',
    shortWindowMs: 30 * 60_000,
    longWindowMs: 6 * HOUR_MS,
    budgetShare: 0.05,
  },
  {
    severity: 'ticket',
    speed: 'quick',
    shortWindowMs: 2 * HOUR_MS,
    longWindowMs: DAY_MS,
    budgetShare: 0.1,
  },
  {
    severity: 'ticket',
    speed: 'slow',
    shortWindowMs: 6 * HOUR_MS,
    longWindowMs: 3 * DAY_MS,
    budgetShare: 0.1,
  },
];

/** Shortest SLO window the burn-rate alerts make sense for (the longest alert window is 3d). */
const MIN_SLO_WINDOW_MS = 7 * DAY_MS;

/**
 * The four burn-rate conditions for an SLO window, factors recomputed for
 * it: `factor = budget share × window hours ÷ long-window hours`.
 *
 * @public
 */
export function burnRateConditions(windowMs: number): BurnRateCondition[] {
  return WORKBOOK_WINDOWS.map(w => ({
    ...w,
    factor: Number(formatNumber((w.budgetShare * windowMs) / w.longWindowMs)),
  }));
}

/** Every window an SLO needs an SLI recording for: the alert windows, then the SLO window. */
export function sliWindows(windowMs: number): number[] {
  const windows = new Set<number>();
  for (const w of WORKBOOK_WINDOWS) {
    windows.add(w.shortWindowMs);
    windows.add(w.longWindowMs);
  }
  return [...[...windows].sort((a, b) => a - b), windowMs];
}

const SLO_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function describeBoundary(value: number, unit: 's' | 'ms'): string {
  return `${formatNumber(value)}${unit}`;
}

/**
 * The `le` bound (in the histogram's unit) that splits a latency SLO's good
 * requests from the rest.
 */
export function latencyBoundary(
  slo: GeneratorSlo,
  queries: DialectQueries,
): number {
  return Number(
    formatNumber((slo.latencyThresholdSeconds ?? 0) * queries.secondsDivisor),
  );
}

/** Refuses SLOs the rules could not implement; warns about pointless ones. */
export function checkSlos(
  target: GeneratorTarget,
  problems: Problems,
  warnings: string[],
): void {
  const seen = new Set<string>();
  const { dialect } = target;
  for (const slo of target.slos) {
    const where = `SLO "${slo.name}"`;
    if (!SLO_NAME.test(slo.name ?? '') || slo.name.length > 40) {
      problems.add(
        `${where}: the name must be lower-case letters, digits and "-" (at most 40), e.g. availability`,
      );
    }
    if (seen.has(slo.name)) problems.add(`${where} is defined twice`);
    seen.add(slo.name);
    if (slo.kind !== 'availability' && slo.kind !== 'latency') {
      problems.add(`${where}: kind must be availability or latency`);
    }
    if (!(slo.objective > 0 && slo.objective < 1)) {
      problems.add(
        `${where}: objective ${slo.objective} must be a ratio between 0 and 1 (0.999 for 99.9 %)`,
      );
    }
    if (
      !Number.isInteger(slo.windowMs) ||
      slo.windowMs % HOUR_MS !== 0 ||
      slo.windowMs < MIN_SLO_WINDOW_MS ||
      slo.windowMs > 365 * DAY_MS
    ) {
      problems.add(
        `${where}: window must be whole hours between 7d and 365d (burn-rate alerts look back up to 3d), e.g. 30d`,
      );
    } else if (slo.objective > 0 && slo.objective < 1) {
      for (const c of burnRateConditions(slo.windowMs)) {
        if (c.factor * (1 - slo.objective) >= 1) {
          warnings.push(
            `${where}: with objective ${slo.objective}, the ${c.severity} ${c.speed} burn-rate condition needs an error ratio above 100 % and can never fire.`,
          );
        }
      }
    }
    if (slo.kind === 'availability') {
      if (
        !dialect.errorMatchers.length ||
        dialect.errorMatchers.some(alternative => !alternative.length)
      ) {
        problems.add(
          `${where}: the ${dialect.id} metric dialect has no error matcher to tell failed requests`,
        );
      }
    }
    if (slo.kind === 'latency') {
      checkLatencySlo(slo, target, problems);
    }
  }
}

function checkLatencySlo(
  slo: GeneratorSlo,
  target: GeneratorTarget,
  problems: Problems,
): void {
  const where = `SLO "${slo.name}"`;
  const { dialect } = target;
  const threshold = slo.latencyThresholdSeconds;
  if (!dialect.durationMetric) {
    problems.add(
      `${where}: the ${dialect.id} metric dialect has no duration histogram to measure latency`,
    );
    return;
  }
  if (threshold === undefined || !(threshold > 0)) {
    problems.add(`${where}: latencyThresholdSeconds must be a positive number`);
    return;
  }
  const buckets = target.histogramBuckets;
  if (!buckets?.length) return;
  const unit = dialect.durationUnit === 'milliseconds' ? 'ms' : 's';
  const native = threshold * (unit === 'ms' ? 1000 : 1);
  const finite = [...new Set(buckets.filter(b => Number.isFinite(b)))].sort(
    (a, b) => a - b,
  );
  const close = (a: number, b: number) =>
    Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (finite.some(b => close(b, native))) return;
  const below = finite.filter(b => b < native).pop();
  const above = finite.find(b => b > native);
  const nearest = [below, above]
    .filter((b): b is number => b !== undefined)
    .map(b => describeBoundary(b, unit));
  problems.add(
    `${where}: ${describeBoundary(native, unit)} is not a bucket boundary of ${
      dialect.durationMetric
    }, so the share of requests under it cannot be counted; the nearest boundaries are ${nearest.join(
      ' and ',
    )}`,
  );
}

/**
 * The SLI as Sloth's event-based form: `(errors) / (total)` over a window.
 */
export function sloErrorRatio(
  slo: GeneratorSlo,
  queries: DialectQueries,
  window: string,
): string {
  if (slo.kind === 'latency') {
    const total = queries.histogramRequestRate(window);
    const fast = queries.fastRequestRate(latencyBoundary(slo, queries), window);
    return `(\n  ${total}\n  -\n  ${fast}\n)\n/\n(\n  ${total}\n)`;
  }
  return `(\n  ${queries.errorRate(window)}\n)\n/\n(\n  ${queries.requestRate(
    window,
  )}\n)`;
}

/** Good and total events as counter expressions (for OpenSLO's `ratioMetric` with `counter: true`). */
export function sloGoodTotal(
  slo: GeneratorSlo,
  queries: DialectQueries,
): { good: string; total: string } {
  if (slo.kind === 'latency') {
    return {
      good: `sum(${queries.histogram('_bucket', [
        leMatcher(latencyBoundary(slo, queries)),
      ])})`,
      total: `sum(${queries.histogram('_count')})`,
    };
  }
  const total = `sum(${queries.requests()})`;
  return { good: `${total} - ${queries.errorCount()}`, total };
}

/** Sloth's window spelling (`prometheusDuration`), e.g. `30d`, `4w`, `5m`. */
export const slothWindow = prometheusDuration;
