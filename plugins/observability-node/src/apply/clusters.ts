import type { Config } from '@backstage/config';
import type {
  DashboardDelivery,
  MonitoringOptions,
} from '../generators/options';
import { isDnsLabel, isLabelKey, isLabelValue } from '../generators/naming';

/**
 * What apply-to-cluster needs of one `observability.clusters[]` entry, read
 * the same way the observability backend reads it.
 *
 * @public
 */
export interface MonitoringCluster {
  name: string;
  prometheusOperator: NonNullable<MonitoringOptions['prometheusOperator']>;
  /**
   * Base URL of the runbooks that generated alerts link to
   * (`prometheusOperator.runbookBaseUrl`), without a trailing slash.
   */
  runbookBaseUrl?: string;
  /**
   * How generated dashboards reach this cluster's Grafana
   * (`grafanaDashboards`); absent when not configured, and the generators
   * then write a sidecar ConfigMap.
   */
  dashboardDelivery?: DashboardDelivery;
  /** Absent when the cluster has no `kubernetes` block. */
  kubernetes?: {
    /** API server URL without a trailing slash. */
    url: string;
    authProvider: 'serviceAccount' | 'inCluster' | 'kubeconfig';
    token?: string;
    caData?: string;
    /** Namespaces apply may write to; empty means none. */
    allowedNamespaces: string[];
  };
}

/** @public */
export interface MonitoringClusters {
  defaultCluster: string;
  clusters: Map<string, MonitoringCluster>;
}

function invalid(key: string, message: string): Error {
  return new Error(`Invalid config at ${key}: ${message}`);
}

function stringMap(config: Config | undefined): Record<string, string> {
  if (!config) return {};
  return Object.fromEntries(config.keys().map(k => [k, config.getString(k)]));
}

const DELIVERIES = ['configmap', 'grafana-operator', 'none'];

function labelMap(
  config: Config | undefined,
  key: string,
): Record<string, string> {
  if (!config) return {};
  const labels = stringMap(config);
  for (const [name, value] of Object.entries(labels)) {
    if (!isLabelKey(name)) {
      throw invalid(`${key}.${name}`, `'${name}' is not a label key`);
    }
    if (!isLabelValue(value)) {
      throw invalid(`${key}.${name}`, `'${value}' is not a label value`);
    }
  }
  return labels;
}

/** `observability.clusters[].grafanaDashboards`, as generator options. */
function readDashboardDelivery(
  config: Config | undefined,
  path: string,
): DashboardDelivery | undefined {
  if (!config) return undefined;
  const key = `${path}.grafanaDashboards`;
  const type = config.getOptionalString('delivery') ?? 'configmap';
  if (!DELIVERIES.includes(type)) {
    throw invalid(
      `${key}.delivery`,
      `'${type}' is not one of ${DELIVERIES.join(', ')}`,
    );
  }
  const namespace = config.getOptionalString('namespace');
  if (namespace !== undefined && !isDnsLabel(namespace)) {
    throw invalid(`${key}.namespace`, `'${namespace}' is not a namespace name`);
  }
  const folder = config.getOptionalString('folder');
  const configMapLabels = config.getOptionalConfig('configMapLabels');
  const instanceSelector = config.getOptionalConfig('instanceSelector');
  const allowCrossNamespaceImport = config.getOptionalBoolean(
    'allowCrossNamespaceImport',
  );
  if (type === 'configmap') {
    if (instanceSelector || allowCrossNamespaceImport !== undefined) {
      throw invalid(
        key,
        'instanceSelector and allowCrossNamespaceImport are for delivery: grafana-operator',
      );
    }
    return {
      type,
      ...(namespace ? { namespace } : {}),
      ...(configMapLabels
        ? { labels: labelMap(configMapLabels, `${key}.configMapLabels`) }
        : {}),
      ...(folder ? { folder } : {}),
    };
  }
  if (type === 'grafana-operator') {
    if (configMapLabels) {
      throw invalid(
        `${key}.configMapLabels`,
        'configMapLabels are for delivery: configmap',
      );
    }
    const selector = labelMap(instanceSelector, `${key}.instanceSelector`);
    if (Object.keys(selector).length === 0) {
      throw invalid(
        `${key}.instanceSelector`,
        'required for delivery: grafana-operator — the labels of the Grafana instance(s) that load the dashboards, e.g. { dashboards: grafana }',
      );
    }
    return {
      type,
      ...(namespace ? { namespace } : {}),
      instanceSelector: selector,
      ...(folder ? { folder } : {}),
      ...(allowCrossNamespaceImport !== undefined
        ? { allowCrossNamespaceImport }
        : {}),
    };
  }
  return { type: 'none' };
}

/**
 * Reads `observability.clusters` (name, `prometheusOperator`,
 * `grafanaDashboards`, `kubernetes`) and `observability.defaultCluster`.
 * Throws naming the key on bad config.
 *
 * @public
 */
export function readMonitoringClusters(root: Config): MonitoringClusters {
  const config = root.getOptionalConfig('observability');
  const clusters = new Map<string, MonitoringCluster>();
  (config?.getOptionalConfigArray('clusters') ?? []).forEach((c, index) => {
    const path = `observability.clusters[${index}]`;
    const name = c.getString('name');
    const k8s = c.getOptionalConfig('kubernetes');
    let kubernetes: MonitoringCluster['kubernetes'];
    if (k8s) {
      const url = k8s.getString('url');
      if (!/^https?:\/\//.test(url)) {
        throw invalid(
          `${path}.kubernetes.url`,
          `'${url}' is not an http(s) URL`,
        );
      }
      const authProvider =
        k8s.getOptionalString('authProvider') ?? 'serviceAccount';
      if (
        !['serviceAccount', 'inCluster', 'kubeconfig'].includes(authProvider)
      ) {
        throw invalid(
          `${path}.kubernetes.authProvider`,
          `'${authProvider}' is not one of serviceAccount, inCluster, kubeconfig`,
        );
      }
      kubernetes = {
        url: url.replace(/\/+$/, ''),
        authProvider: authProvider as 'serviceAccount',
        token: k8s.getOptionalString('token'),
        caData: k8s.getOptionalString('caData'),
        allowedNamespaces:
          k8s.getOptionalStringArray('allowedNamespaces') ?? [],
      };
    }
    const operator = c.getOptionalConfig('prometheusOperator');
    const runbookBaseUrl = operator?.getOptionalString('runbookBaseUrl');
    if (
      runbookBaseUrl !== undefined &&
      !/^https?:\/\/\S+$/.test(runbookBaseUrl)
    ) {
      throw invalid(
        `${path}.prometheusOperator.runbookBaseUrl`,
        `'${runbookBaseUrl}' is not an http(s) URL`,
      );
    }
    const dashboardDelivery = readDashboardDelivery(
      c.getOptionalConfig('grafanaDashboards'),
      path,
    );
    clusters.set(name, {
      name,
      kubernetes,
      prometheusOperator: {
        ruleLabels: stringMap(operator?.getOptionalConfig('ruleLabels')),
        monitorLabels: stringMap(operator?.getOptionalConfig('monitorLabels')),
      },
      ...(runbookBaseUrl
        ? { runbookBaseUrl: runbookBaseUrl.replace(/\/+$/, '') }
        : {}),
      ...(dashboardDelivery ? { dashboardDelivery } : {}),
    });
  });
  const defaultCluster =
    config?.getOptionalString('defaultCluster') ??
    (clusters.size === 1 ? [...clusters.keys()][0] : '');
  return { defaultCluster, clusters };
}
