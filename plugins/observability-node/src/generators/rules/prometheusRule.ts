import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { LabelMatcher } from '@sightline/plugin-observability-common';
import { objectMetadata } from '../metadata';
import { DialectQueries } from '../promql';
import { GeneratorTarget } from '../target';
import { alertGroup } from './alertGroup';
import { AlertText } from './alertText';
import { redGroup } from './redGroup';
import { GeneratedRuleGroup } from './ruleGroup';
import { RuleSettings } from './ruleSettings';
import { slothGroups } from './slothGroups';

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
