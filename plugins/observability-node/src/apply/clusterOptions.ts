import type { MonitoringOptions } from '../generators/options';
import {
  ClusterMonitoringReader,
  PrometheusSelectorLabels,
} from '../kubernetes/ClusterMonitoringReader';
import { describeKubernetesError } from '../kubernetes/kubeConfig';
import type { MonitoringCluster } from './clusters';

/** What {@link resolveClusterMonitoringOptions} returns. @public */
export interface ClusterMonitoringOptions {
  /** The options to generate with. */
  options: MonitoringOptions;
  /** Why something could not be looked up (an unreadable Kubernetes API). */
  warnings: string[];
  /** Where the Prometheus Operator labels came from, per field. */
  labelSources: {
    ruleLabels: LabelSource;
    monitorLabels: LabelSource;
  };
}

/**
 * `options` (the caller said so), `config` (`observability.clusters[].prometheusOperator`),
 * `prometheus` (the cluster's `Prometheus` resource) or `none`.
 *
 * @public
 */
export type LabelSource = 'options' | 'config' | 'prometheus' | 'none';

function nonEmpty(
  labels: Record<string, string> | undefined,
): Record<string, string> | undefined {
  return labels && Object.keys(labels).length > 0 ? labels : undefined;
}

/**
 * The generator options for a cluster, shared by the scaffolder actions and
 * the backend's preview and apply routes. Per field, what the caller's
 * `options` say wins; otherwise the cluster's config; otherwise, for the
 * Prometheus Operator labels, what the cluster's `Prometheus` resource
 * selects on:
 *
 * - `prometheusOperator.ruleLabels`: options, then config `ruleLabels`
 *   (when not empty), then the Prometheus' `ruleSelector.matchLabels`;
 * - `prometheusOperator.monitorLabels`: options, then config
 *   `monitorLabels` (when not empty), then the Prometheus'
 *   `serviceMonitorSelector.matchLabels` (or `podMonitorSelector` when
 *   `monitor.kind` is `PodMonitor`);
 * - `rules.runbookBaseUrl`: options, then config
 *   `prometheusOperator.runbookBaseUrl`;
 * - `dashboard.delivery`: options, then config `grafanaDashboards`.
 *
 * The `Prometheus` resources are read only when the cluster has a
 * Kubernetes API configured and a label field is still open; when that
 * read fails, generation goes on with the configured labels and the
 * failure is returned as a warning.
 *
 * @public
 */
export async function resolveClusterMonitoringOptions(
  options: MonitoringOptions,
  cluster: MonitoringCluster | undefined,
  deps: {
    /** For tests: reads the selector labels of the cluster's `Prometheus` resources. */
    selectorLabels?: (
      cluster: MonitoringCluster,
    ) => Promise<PrometheusSelectorLabels>;
  } = {},
): Promise<ClusterMonitoringOptions> {
  const warnings: string[] = [];
  const given = options.prometheusOperator ?? {};
  const configured = cluster?.prometheusOperator ?? {};
  let ruleLabels = given.ruleLabels;
  let ruleSource: LabelSource = ruleLabels ? 'options' : 'none';
  if (!ruleLabels && nonEmpty(configured.ruleLabels)) {
    ruleLabels = configured.ruleLabels;
    ruleSource = 'config';
  }
  let monitorLabels = given.monitorLabels;
  let monitorSource: LabelSource = monitorLabels ? 'options' : 'none';
  if (!monitorLabels && nonEmpty(configured.monitorLabels)) {
    monitorLabels = configured.monitorLabels;
    monitorSource = 'config';
  }

  if (cluster?.kubernetes && (!ruleLabels || !monitorLabels)) {
    try {
      const read = await (deps.selectorLabels
        ? deps.selectorLabels(cluster)
        : ClusterMonitoringReader.fromCluster(cluster).selectorLabels());
      const fromMonitor =
        options.monitor?.kind === 'PodMonitor'
          ? read.podMonitor
          : read.serviceMonitor;
      if (!ruleLabels && nonEmpty(read.rule)) {
        ruleLabels = read.rule;
        ruleSource = 'prometheus';
      }
      if (!monitorLabels && nonEmpty(fromMonitor)) {
        monitorLabels = fromMonitor;
        monitorSource = 'prometheus';
      }
    } catch (error) {
      warnings.push(
        `Could not read the Prometheus resources of cluster '${
          cluster.name
        }', so the generated objects carry only the configured Prometheus Operator labels: ${
          error instanceof Error
            ? error.message
            : describeKubernetesError(error)
        }`,
      );
    }
  }

  const resolved: MonitoringOptions = {
    ...options,
    prometheusOperator: {
      ruleLabels: ruleLabels ?? {},
      monitorLabels: monitorLabels ?? {},
    },
  };
  const runbookBaseUrl =
    options.rules?.runbookBaseUrl ?? cluster?.runbookBaseUrl;
  if (runbookBaseUrl !== undefined) {
    resolved.rules = { ...options.rules, runbookBaseUrl };
  }
  const delivery = options.dashboard?.delivery ?? cluster?.dashboardDelivery;
  if (delivery) {
    resolved.dashboard = { ...options.dashboard, delivery };
  }
  return {
    options: resolved,
    warnings,
    labelSources: { ruleLabels: ruleSource, monitorLabels: monitorSource },
  };
}
