import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import {
  LabelMatcher,
  parseDuration,
  renderMatchers,
  ResolvedMetricDialect,
} from '@sightline/plugin-observability-common';
import { Problems } from './errors';
import {
  checkObjectLabels,
  GENERATOR_LABEL_VALUE,
  objectMetadata,
} from './metadata';
import { formatNumber, isDnsLabel, pascalCase, sortedMap } from './naming';
import { DialectQueries, selector } from './promql';
import {
  burnRateConditions,
  latencyBoundary,
  sliWindows,
  sloErrorRatio,
  slothWindow,
} from './slo';
import { GeneratorTarget } from './target';
import { MonitoringOptions } from './options';
import { GeneratorSlo } from './types';

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

/** A Prometheus rule as the generators write it. @public */
export interface GeneratedRule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A rule group as the generators write it. @public */
export interface GeneratedRuleGroup {
  name: string;
  interval?: string;
  rules: GeneratedRule[];
}

/** Rule options, defaults applied and checked. */
export interface RuleSettings {
  namespace?: string;
  runbookBaseUrl?: string;
  errorRatioThreshold: number;
  latencyThresholdSeconds: number;
  /** Sloth's `sloth_service`: the entity's name, never an option (it is the identity the SLO pages read by). */
  slothService: string;
  interval?: string;
  labels: Record<string, string>;
}

/** Names of the RED recording rules (`level:metric:operations`) for a dialect. @public */
export function redRecordingRuleNames(dialect: ResolvedMetricDialect): {
  requestRate: string;
  errorRate: string;
  errorRatio: string;
  bucketRate?: string;
  quantile?: (q: number) => string;
} {
  const requests = dialect.requestMetric.replace(/_total$/, '');
  const duration = dialect.durationMetric;
  return {
    requestRate: `service:${requests}:rate5m`,
    errorRate: `service:${requests}_errors:rate5m`,
    errorRatio: `service:${requests}_errors:ratio_rate5m`,
    ...(duration
      ? {
          bucketRate: `service:${duration}_bucket:rate5m`,
          quantile: (q: number) =>
            `service:${duration}:p${formatNumber(q * 100).replace(
              '.',
              '_',
            )}_rate5m`,
        }
      : {}),
  };
}

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

/** Alert names start with the entity name in PascalCase (`n8n-prod` → `N8nProd`). */
function alertPrefix(target: GeneratorTarget): string {
  const prefix = pascalCase(target.entityName);
  return /^[A-Za-z]/.test(prefix) ? prefix : `Service${prefix}`;
}

/** Keeps interpolated text from being read as a Go template by Prometheus. */
function templateSafe(text: string): string {
  return text.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
}

function filterOf(labels: Record<string, string>): string {
  return `{${renderMatchers(
    Object.keys(labels)
      .sort()
      .map(name => ({ name, op: '=', value: labels[name] } as LabelMatcher)),
  )}}`;
}

export function resolveRuleSettings(
  options: MonitoringOptions,
  target: GeneratorTarget,
  problems: Problems,
  warnings: string[],
): RuleSettings {
  const rules = options.rules ?? {};
  const labels = options.prometheusOperator?.ruleLabels ?? {};
  checkObjectLabels(labels, 'prometheusOperator.ruleLabels', problems);
  if (Object.keys(labels).length === 0) {
    warnings.push(
      'No prometheusOperator.ruleLabels are configured for the cluster. A Prometheus whose ruleSelector selects by label (kube-prometheus-stack selects release: <release name> by default) will ignore this PrometheusRule.',
    );
  }
  if (rules.namespace !== undefined && !isDnsLabel(rules.namespace)) {
    problems.add(
      `rules.namespace "${rules.namespace}" is not a namespace name`,
    );
  }
  if (
    rules.runbookBaseUrl !== undefined &&
    !/^https?:\/\/\S+$/.test(rules.runbookBaseUrl)
  ) {
    problems.add(
      `rules.runbookBaseUrl "${rules.runbookBaseUrl}" must be an http(s) URL`,
    );
  }
  if (rules.runbookBaseUrl === undefined) {
    warnings.push(
      'No rules.runbookBaseUrl is set, so alerts carry no runbook_url.',
    );
  }
  const errorRatioThreshold = rules.errorRatioThreshold ?? 0.05;
  if (!(errorRatioThreshold > 0 && errorRatioThreshold < 1)) {
    problems.add(
      `rules.errorRatioThreshold ${errorRatioThreshold} must be between 0 and 1`,
    );
  }
  const latencySlo = target.slos.find(s => s.kind === 'latency');
  const latencyThresholdSeconds =
    rules.latencyThresholdSeconds ?? latencySlo?.latencyThresholdSeconds ?? 1;
  if (!(latencyThresholdSeconds > 0)) {
    problems.add(
      `rules.latencyThresholdSeconds ${latencyThresholdSeconds} must be positive`,
    );
  }
  if (
    rules.interval !== undefined &&
    parseDuration(rules.interval) === undefined
  ) {
    problems.add(
      `rules.interval "${rules.interval}" is not a duration like 30s`,
    );
  }
  return {
    namespace: rules.namespace,
    runbookBaseUrl: rules.runbookBaseUrl?.replace(/\/+$/, ''),
    errorRatioThreshold,
    latencyThresholdSeconds,
    slothService: target.entityName,
    interval: rules.interval,
    labels,
  };
}

class AlertText {
  constructor(
    private readonly target: GeneratorTarget,
    private readonly settings: RuleSettings,
  ) {}

  labels(severity: string): Record<string, string> {
    return sortedMap({
      severity,
      ...(this.target.owner ? { team: this.target.owner } : {}),
    });
  }

  annotations(
    alert: string,
    summary: string,
    description: string,
    extra: Record<string, string> = {},
  ): Record<string, string> {
    return sortedMap({
      ...extra,
      summary,
      description,
      ...(this.settings.runbookBaseUrl
        ? { runbook_url: `${this.settings.runbookBaseUrl}/${alert}` }
        : {}),
    });
  }
}

function redGroup(
  target: GeneratorTarget,
  queries: DialectQueries,
  settings: RuleSettings,
): GeneratedRuleGroup {
  const names = redRecordingRuleNames(target.dialect);
  const labels = sortedMap(target.seriesLabels);
  const filter = filterOf(target.seriesLabels);
  const rules: GeneratedRule[] = [
    { record: names.requestRate, expr: queries.requestRate('5m'), labels },
    { record: names.errorRate, expr: queries.errorRate('5m'), labels },
    {
      record: names.errorRatio,
      expr: `${names.errorRate}${filter}\n/\n${names.requestRate}${filter}`,
      labels,
    },
  ];
  if (names.bucketRate && names.quantile) {
    rules.push({
      record: names.bucketRate,
      expr: queries.bucketRates('5m'),
      labels,
    });
    for (const q of [0.5, 0.95, 0.99]) {
      rules.push({
        record: names.quantile(q),
        expr: `histogram_quantile(${q}, ${names.bucketRate}${filter})`,
        labels,
      });
    }
  }
  return withInterval(
    { name: `sightline-red-${target.baseName}`, rules },
    settings,
  );
}

function withInterval(
  group: GeneratedRuleGroup,
  settings: RuleSettings,
): GeneratedRuleGroup {
  return settings.interval
    ? { name: group.name, interval: settings.interval, rules: group.rules }
    : group;
}

/**
 * Sloth's three groups for one SLO: SLI error ratios per window, metadata,
 * and the page/ticket multi-window multi-burn-rate alerts. Names, labels and
 * expressions follow slok/sloth `internal/prometheus/recording_rules.go`,
 * `alert_rules.go` and `storage.go` (group names
 * `sloth-slo-sli-recordings-<id>`, `sloth-slo-meta-recordings-<id>`,
 * `sloth-slo-alerts-<id>`).
 */
function slothGroups(
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

function alertGroup(
  target: GeneratorTarget,
  settings: RuleSettings,
  upMatchers: LabelMatcher[],
  text: AlertText,
): GeneratedRuleGroup {
  const names = redRecordingRuleNames(target.dialect);
  const filter = filterOf(target.seriesLabels);
  const prefix = alertPrefix(target);
  const service = target.entityName;
  const seriesLabels = target.seriesLabels;
  const labels = (severity: string) =>
    sortedMap({ ...seriesLabels, ...text.labels(severity) });
  const up = selector('up', upMatchers);
  const threshold = formatNumber(settings.errorRatioThreshold);

  const rules: GeneratedRule[] = [
    {
      alert: `${prefix}HighErrorRate`,
      expr: `${names.errorRatio}${filter} > ${threshold}`,
      for: '10m',
      labels: labels('warning'),
      annotations: text.annotations(
        `${prefix}HighErrorRate`,
        `${service}: more than ${formatNumber(
          settings.errorRatioThreshold * 100,
        )}% of requests fail`,
        `{{ $value | humanizePercentage }} of ${service}'s requests failed over the last 5 minutes (threshold ${formatNumber(
          settings.errorRatioThreshold * 100,
        )}%).`,
      ),
    },
  ];
  if (names.quantile && target.dialect.durationMetric) {
    const queries = new DialectQueries(target.matchers, target.dialect);
    const nativeThreshold = latencyBoundary(
      {
        name: 'alert',
        kind: 'latency',
        objective: 0.99,
        windowMs: 0,
        latencyThresholdSeconds: settings.latencyThresholdSeconds,
      },
      queries,
    );
    const shown =
      target.dialect.durationUnit === 'milliseconds'
        ? '{{ $value | humanize }}ms'
        : '{{ $value | humanizeDuration }}';
    rules.push({
      alert: `${prefix}HighLatency`,
      expr: `${names.quantile(0.99)}${filter} > ${formatNumber(
        nativeThreshold,
      )}`,
      for: '10m',
      labels: labels('warning'),
      annotations: text.annotations(
        `${prefix}HighLatency`,
        `${service}: p99 latency above ${formatNumber(
          settings.latencyThresholdSeconds * 1000,
        )}ms`,
        `The 99th percentile latency of ${service} has been ${shown} over the last 5 minutes (threshold ${formatNumber(
          settings.latencyThresholdSeconds * 1000,
        )}ms).`,
      ),
    });
  }
  rules.push(
    {
      alert: `${prefix}TargetDown`,
      expr: `${up} == 0`,
      for: '5m',
      labels: labels('critical'),
      annotations: text.annotations(
        `${prefix}TargetDown`,
        `${service}: a metrics target is down`,
        `Prometheus cannot scrape ${service} at {{ $labels.instance }} (job {{ $labels.job }}) for 5 minutes.`,
      ),
    },
    {
      alert: `${prefix}MetricsMissing`,
      expr: `absent(${up})`,
      for: '15m',
      labels: labels('warning'),
      annotations: text.annotations(
        `${prefix}MetricsMissing`,
        `${service}: Prometheus has no scrape target`,
        `No target matches ${templateSafe(
          up,
        )}: check that the monitor's labels match the Prometheus selector, its selector matches the Service's labels, its port NAME exists and its namespaceSelector names the service's namespace.`,
      ),
    },
  );
  return withInterval(
    { name: `sightline-alerts-${target.baseName}`, rules },
    settings,
  );
}

/**
 * All rule groups for the entity: RED recording rules, Sloth-compatible SLO
 * recording rules and burn-rate alerts per SLO, and the plain availability,
 * latency and scrape-target alerts.
 *
 * @public
 */
export function buildRuleGroups(
  target: GeneratorTarget,
  settings: RuleSettings,
  upMatchers: LabelMatcher[],
): GeneratedRuleGroup[] {
  const queries = new DialectQueries(target.matchers, target.dialect);
  const text = new AlertText(target, settings);
  return [
    redGroup(target, queries, settings),
    ...target.slos.flatMap(slo =>
      slothGroups(target, slo, queries, settings, text),
    ),
    alertGroup(target, settings, upMatchers, text),
  ];
}

/**
 * The PrometheusRule holding {@link buildRuleGroups}, labelled for the
 * cluster's rule selector.
 *
 * @public
 */
export function buildPrometheusRule(
  target: GeneratorTarget,
  settings: RuleSettings,
  upMatchers: LabelMatcher[],
): IPrometheusRule {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: objectMetadata(
      target,
      target.baseName,
      settings.namespace ?? target.namespace,
      settings.labels,
    ),
    spec: { groups: buildRuleGroups(target, settings, upMatchers) },
  };
}
