/**
 * Pure, deterministic generators of an entity's monitoring: ServiceMonitor
 * or PodMonitor, PrometheusRule (RED, Sloth-compatible SLO rules and
 * burn-rate alerts, plain alerts), Grafana dashboard (ConfigMap or
 * GrafanaDashboard), OpenSLO export and catalog annotations.
 */
export {
  generateMonitoring,
  generateMonitor,
  generatePrometheusRule,
  generateDashboard,
  generateOpenSlo,
} from './generateMonitoring';
export * from './types';
export { monitoringOptionsSchema, parseMonitoringOptions } from './options';
export type { DashboardDelivery, MonitoringOptions } from './options';
export { MonitoringInputError } from './errors';
export {
  ENTITY_LABEL,
  ENTITY_REF_ANNOTATION,
  GENERATOR_LABEL,
  GENERATOR_LABEL_VALUE,
} from './metadata';
export { entityRefLabelValue, prometheusDuration } from './naming';
export {
  DEFAULT_MONITOR_SELECTOR_LABEL,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  resolveMetricDialect,
} from './target';
export type { KubernetesLabelSelector } from './target';
export {
  SLOTH_LABELS,
  SLOTH_METRICS,
  slothIdLabels,
} from './rules/slothConventions';
export { redRecordingRuleNames } from './rules/redGroup';
export type { GeneratedRule, GeneratedRuleGroup } from './rules/ruleGroup';
export { burnRateConditions } from './slo';
export type { BurnRateCondition } from './slo';
export { dashboardUid } from './dashboard';
export type { OpenSloDocument, OpenSloMetricSource } from './openslo';
export { renderYaml } from './yaml';
