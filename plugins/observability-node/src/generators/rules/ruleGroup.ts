import {
  LabelMatcher,
  renderMatchers,
} from '@sightline/plugin-observability-common';
import { RuleSettings } from './ruleSettings';

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

/** A series selector's `{...}` that matches exactly these labels. */
export function filterOf(labels: Record<string, string>): string {
  return `{${renderMatchers(
    Object.keys(labels)
      .sort()
      .map(name => ({ name, op: '=', value: labels[name] } as LabelMatcher)),
  )}}`;
}

/** The group, evaluated at the configured rule interval if there is one. */
export function withInterval(
  group: GeneratedRuleGroup,
  settings: RuleSettings,
): GeneratedRuleGroup {
  return settings.interval
    ? { name: group.name, interval: settings.interval, rules: group.rules }
    : group;
}
