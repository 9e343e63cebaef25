import { parseDuration } from '@sightline/plugin-observability-common';
import { Problems } from '../errors';
import { checkObjectLabels } from '../metadata';
import { isDnsLabel } from '../naming';
import { MonitoringOptions } from '../options';
import { GeneratorTarget } from '../target';

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
