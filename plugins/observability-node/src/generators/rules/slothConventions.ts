import { slothWindow } from '../slo';
import { GeneratorSlo } from '../types';

/**
 * The label names Sloth puts on its recording rules and alerts, kept
 * identical so that anything reading Sloth rules (the SLO engine, Sloth's
 * Grafana dashboards) reads ours. Source: slok/sloth
 * `internal/prometheus/conventions.go` (`sloth_id`, `sloth_service`,
 * `sloth_slo`, `sloth_window`, `sloth_severity`, and for `sloth_slo_info`
 * `sloth_version`, `sloth_mode`, `sloth_spec`, `sloth_objective`).
 *
 * @public
 */
export const SLOTH_LABELS = {
  id: 'sloth_id',
  service: 'sloth_service',
  slo: 'sloth_slo',
  window: 'sloth_window',
  severity: 'sloth_severity',
} as const;

/**
 * Sloth's recording rule names (slok/sloth `internal/prometheus/conventions.go`
 * and `recording_rules.go`): `slo:sli_error:ratio_rate<window>` with the
 * window spelled as Prometheus' `model.Duration` does (`5m`, `1d`, `30d`,
 * `4w` for 28 days), and the metadata rules below.
 *
 * @public
 */
export const SLOTH_METRICS = {
  sliError: (windowMs: number) =>
    `slo:sli_error:ratio_rate${slothWindow(windowMs)}`,
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  timePeriodDays: 'slo:time_period:days',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  periodErrorBudgetRemaining: 'slo:period_error_budget_remaining:ratio',
  info: 'sloth_slo_info',
} as const;

/** Sloth's SLO id (`<service>-<slo>`, as its spec loader makes it). */
export function slothId(service: string, slo: GeneratorSlo): string {
  return `${service}-${slo.name}`;
}

/** The id labels of one SLO's Sloth series. @public */
export function slothIdLabels(
  service: string,
  slo: GeneratorSlo,
): Record<string, string> {
  return {
    [SLOTH_LABELS.id]: slothId(service, slo),
    [SLOTH_LABELS.service]: service,
    [SLOTH_LABELS.slo]: slo.name,
  };
}
