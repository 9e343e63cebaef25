import { formatNumber, pascalCase, sortedMap } from '../naming';
import { GENERATOR_LABEL_VALUE } from '../metadata';
import { DialectQueries } from '../promql';
import {
  burnRateConditions,
  sliWindows,
  sloErrorRatio,
  slothWindow,
} from '../slo';
import { GeneratorTarget } from '../target';
import { GeneratorSlo } from '../types';
import { alertPrefix, AlertText } from './alertText';
import {
  filterOf,
  GeneratedRule,
  GeneratedRuleGroup,
  withInterval,
} from './ruleGroup';
import { RuleSettings } from './ruleSettings';
import {
  SLOTH_LABELS,
  SLOTH_METRICS,
  slothId,
  slothIdLabels,
} from './slothConventions';

/**
 * Sloth's three groups for one SLO: SLI error ratios per window, metadata,
 * and the page/ticket multi-window multi-burn-rate alerts. Names, labels and
 * expressions follow slok/sloth `internal/prometheus/recording_rules.go`,
 * `alert_rules.go` and `storage.go` (group names
 * `sloth-slo-sli-recordings-<id>`, `sloth-slo-meta-recordings-<id>`,
 * `sloth-slo-alerts-<id>`).
 */
export function slothGroups(
  target: GeneratorTarget,
  slo: GeneratorSlo,
  queries: DialectQueries,
  settings: RuleSettings,
  text: AlertText,
): GeneratedRuleGroup[] {
  const service = settings.slothService;
  const id = slothId(service, slo);
  const idLabels = slothIdLabels(service, slo);
  const filter = filterOf(idLabels);
  const labels = sortedMap({ ...target.seriesLabels, ...idLabels });
  const windows = sliWindows(slo.windowMs);
  const shortest = windows[0];

  // SLI error ratios. The SLO-window one is Sloth's "optimized" rule: the
  // mean of the shortest window's ratios over the period, which keeps
  // Prometheus from reading 30 days of raw samples every evaluation. Sloth
  // sets only `sloth_window` on it and lets the rest come from the series;
  // we also set the (identical) id labels, which gives the same series but
  // keeps `promtool check rules` from flagging the period rules of two SLOs
  // in one file as duplicates.
  const sli: GeneratedRule[] = windows.map(window =>
    window === slo.windowMs
      ? {
          record: SLOTH_METRICS.sliError(window),
          expr: `sum_over_time(${SLOTH_METRICS.sliError(
            shortest,
          )}${filter}[${slothWindow(window)}])\n/ ignoring (${
            SLOTH_LABELS.window
          })\ncount_over_time(${SLOTH_METRICS.sliError(
            shortest,
          )}${filter}[${slothWindow(window)}])`,
          labels: sortedMap({
            ...labels,
            [SLOTH_LABELS.window]: slothWindow(window),
          }),
        }
      : {
          record: SLOTH_METRICS.sliError(window),
          expr: sloErrorRatio(slo, queries, slothWindow(window)),
          labels: sortedMap({
            ...labels,
            [SLOTH_LABELS.window]: slothWindow(window),
          }),
        },
  );

  const objective = formatNumber(slo.objective);
  const burnRate = (sliWindow: number) =>
    `${SLOTH_METRICS.sliError(sliWindow)}${filter}\n/ on(${SLOTH_LABELS.id}, ${
      SLOTH_LABELS.slo
    }, ${SLOTH_LABELS.service}) group_left\n${
      SLOTH_METRICS.errorBudget
    }${filter}`;
  const meta: GeneratedRule[] = [
    { record: SLOTH_METRICS.objective, expr: `vector(${objective})`, labels },
    {
      record: SLOTH_METRICS.errorBudget,
      expr: `vector(1-${objective})`,
      labels,
    },
    {
      record: SLOTH_METRICS.timePeriodDays,
      expr: `vector(${formatNumber(slo.windowMs / 86_400_000)})`,
      labels,
    },
    { record: SLOTH_METRICS.currentBurnRate, expr: burnRate(shortest), labels },
    {
      record: SLOTH_METRICS.periodBurnRate,
      expr: burnRate(slo.windowMs),
      labels,
    },
    {
      record: SLOTH_METRICS.periodErrorBudgetRemaining,
      expr: `1 - ${SLOTH_METRICS.periodBurnRate}${filter}`,
      labels,
    },
    {
      record: SLOTH_METRICS.info,
      expr: 'vector(1)',
      labels: sortedMap({
        ...labels,
        sloth_version: GENERATOR_LABEL_VALUE,
        sloth_mode: 'sightline-generator',
        sloth_spec: 'prometheus/v1',
        sloth_objective: formatNumber(slo.objective * 100),
      }),
    },
  ];

  const budget = formatNumber(1 - slo.objective);
  const conditions = burnRateConditions(slo.windowMs);
  const alertName = `${alertPrefix(target)}${pascalCase(
    slo.name,
  )}ErrorBudgetBurn`;
  const what =
    slo.kind === 'latency'
      ? `${formatNumber(
          slo.objective * 100,
        )}% of requests faster than ${formatNumber(
          (slo.latencyThresholdSeconds ?? 0) * 1000,
        )}ms`
      : `${formatNumber(slo.objective * 100)}% of requests succeed`;
  const alerts: GeneratedRule[] = (['page', 'ticket'] as const).map(
    severity => {
      const [quick, slow] = conditions.filter(c => c.severity === severity);
      const pair = (c: typeof quick) =>
        `(\n    (${SLOTH_METRICS.sliError(
          c.shortWindowMs,
        )}${filter} > (${formatNumber(
          c.factor,
        )} * ${budget}))\n    and ignoring (${
          SLOTH_LABELS.window
        })\n    (${SLOTH_METRICS.sliError(
          c.longWindowMs,
        )}${filter} > (${formatNumber(c.factor)} * ${budget}))\n)`;
      const explain = (c: typeof quick) =>
        `${formatNumber(c.factor)}x over ${slothWindow(
          c.shortWindowMs,
        )} and ${slothWindow(c.longWindowMs)} (${formatNumber(
          c.budgetShare * 100,
        )}% of the budget in ${slothWindow(c.longWindowMs)})`;
      return {
        alert: alertName,
        expr: `${pair(quick)}\nor ignoring (${SLOTH_LABELS.window})\n${pair(
          slow,
        )}`,
        labels: sortedMap({
          ...text.labels(severity === 'page' ? 'critical' : 'warning'),
          [SLOTH_LABELS.severity]: severity,
        }),
        annotations: text.annotations(
          alertName,
          `${target.entityName} is burning its ${slo.name} error budget too fast`,
          `SLO ${slo.name} of ${target.entityName} (${what} over ${slothWindow(
            slo.windowMs,
          )}) burns its error budget faster than ${explain(quick)} or ${explain(
            slow,
          )}.`,
          {
            title: `(${severity}) ${service} ${slo.name} SLO error budget burn rate is too fast.`,
          },
        ),
      };
    },
  );

  return [
    withInterval(
      { name: `sloth-slo-sli-recordings-${id}`, rules: sli },
      settings,
    ),
    withInterval(
      { name: `sloth-slo-meta-recordings-${id}`, rules: meta },
      settings,
    ),
    withInterval({ name: `sloth-slo-alerts-${id}`, rules: alerts }, settings),
  ];
}
