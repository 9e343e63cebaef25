import type { Config } from '@backstage/config';
import type { MonitoringOptions } from '../generators/types';

/**
 * What apply-to-cluster needs of one `observability.clusters[]` entry, read
 * the same way the observability backend reads it.
 *
 * @public
 */
export interface MonitoringCluster {
  name: string;
  prometheusOperator: NonNullable<MonitoringOptions['prometheusOperator']>;
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

/**
 * Reads `observability.clusters` (name, `prometheusOperator`, `kubernetes`)
 * and `observability.defaultCluster`. Throws naming the key on bad config.
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
    clusters.set(name, {
      name,
      kubernetes,
      prometheusOperator: {
        ruleLabels: stringMap(operator?.getOptionalConfig('ruleLabels')),
        monitorLabels: stringMap(operator?.getOptionalConfig('monitorLabels')),
      },
    });
  });
  const defaultCluster =
    config?.getOptionalString('defaultCluster') ??
    (clusters.size === 1 ? [...clusters.keys()][0] : '');
  return { defaultCluster, clusters };
}
