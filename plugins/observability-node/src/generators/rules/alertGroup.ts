import { LabelMatcher } from '@sightline/plugin-observability-common';
import { formatNumber, sortedMap } from '../naming';
import { DialectQueries, selector } from '../promql';
import { latencyBoundary } from '../slo';
import { GeneratorTarget } from '../target';
import { alertPrefix, AlertText } from './alertText';
import { redRecordingRuleNames } from './redGroup';
import {
  filterOf,
  GeneratedRule,
  GeneratedRuleGroup,
  withInterval,
} from './ruleGroup';
import { RuleSettings } from './ruleSettings';

/** Keeps interpolated text from being read as a Go template by Prometheus. */
function templateSafe(text: string): string {
  return text.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
}

/** The plain alerts: error rate, p99 latency, scrape target down or missing. */
export function alertGroup(
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
