import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { LabelMatcher } from '@sightline/plugin-observability-common';
import { MonitoringInputError } from '../errors';
import { MonitoringOptions } from '../options';
import { GeneratedRule, GeneratedRuleGroup } from '../rules/ruleGroup';
import { resolveMetricDialect } from '../target';
import { GeneratorSlo, MonitoringInput } from '../types';

/*
 * The input of the PrometheusRule tests: a checkout service in namespace
 * shop with a 99.9 % availability and a 99 % / 300 ms latency SLO, and
 * readers of the rule groups the generator makes of it.
 */
export const DAY_MS = 86_400_000;
export const shop: LabelMatcher[] = [
  { name: 'namespace', op: '=', value: 'shop' },
  { name: 'service', op: '=', value: 'checkout' },
];
export const availability: GeneratorSlo = {
  name: 'availability',
  kind: 'availability',
  objective: 0.999,
  windowMs: 30 * DAY_MS,
};
export const latency: GeneratorSlo = {
  name: 'latency',
  kind: 'latency',
  objective: 0.99,
  windowMs: 30 * DAY_MS,
  latencyThresholdSeconds: 0.3,
};
export const rulesOptions: MonitoringOptions = {
  prometheusOperator: { ruleLabels: { prometheus: 'main' } },
  rules: { runbookBaseUrl: 'https://runbooks.example.com/' },
};

export function checkout(
  overrides: Partial<MonitoringInput> = {},
): MonitoringInput {
  return {
    entityRef: 'component:default/checkout',
    namespace: 'shop',
    owner: 'payments',
    metrics: {
      matchers: shop,
      dialect: resolveMetricDialect('prometheus-http'),
    },
    slos: [availability],
    ...overrides,
  };
}

export function groups(rule: IPrometheusRule): GeneratedRuleGroup[] {
  return rule.spec.groups as GeneratedRuleGroup[];
}

export function rulesOf(rule: IPrometheusRule): GeneratedRule[] {
  return groups(rule).flatMap(g => g.rules);
}

export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof MonitoringInputError) return e.problems;
    throw e;
  }
  throw new Error('expected the generator to refuse the input');
}
