import {
  KubernetesListObject,
  KubernetesObject,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import type { MonitoringCluster } from '../apply/clusters';
import type { LabelSelector } from './labelSelectors';
import { describeKubernetesError, kubeConfigFor } from './kubeConfig';

/** The metadata the doctor reads of every object. @public */
export interface KubeMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
}

/** A core/v1 Service, as much of it as the doctor reads. @public */
export interface KubeService {
  metadata: KubeMetadata;
  spec?: {
    selector?: Record<string, string>;
    ports?: {
      name?: string;
      port: number;
      targetPort?: number | string;
      protocol?: string;
    }[];
  };
}

/** A core/v1 Pod, as much of it as the doctor reads. @public */
export interface KubePod {
  metadata: KubeMetadata;
  spec?: {
    containers?: {
      name: string;
      ports?: { name?: string; containerPort: number }[];
    }[];
  };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string }[];
  };
}

/** A core/v1 Namespace. @public */
export interface KubeNamespace {
  metadata: KubeMetadata;
}

/** A scrape endpoint of a ServiceMonitor (`endpoints[]`) or PodMonitor (`podMetricsEndpoints[]`). @public */
export interface MonitorEndpoint {
  port?: string;
  targetPort?: number | string;
  path?: string;
  scheme?: string;
  interval?: string;
}

/** A monitoring.coreos.com/v1 ServiceMonitor or PodMonitor. @public */
export interface KubeMonitor {
  kind: 'ServiceMonitor' | 'PodMonitor';
  metadata: KubeMetadata;
  spec: {
    selector?: LabelSelector;
    namespaceSelector?: { any?: boolean; matchNames?: string[] };
    endpoints?: MonitorEndpoint[];
    podMetricsEndpoints?: MonitorEndpoint[];
  };
}

/** A monitoring.coreos.com/v1 Prometheus: which monitors it loads. @public */
export interface KubePrometheus {
  metadata: KubeMetadata;
  spec?: {
    serviceMonitorSelector?: LabelSelector;
    serviceMonitorNamespaceSelector?: LabelSelector;
    podMonitorSelector?: LabelSelector;
    podMonitorNamespaceSelector?: LabelSelector;
    ruleSelector?: LabelSelector;
    ruleNamespaceSelector?: LabelSelector;
  };
}

/**
 * The `matchLabels` of a cluster's `Prometheus` resources' selectors: the
 * labels generated objects need to be loaded. A field is absent when no
 * `Prometheus` resource selects that kind by labels.
 *
 * @public
 */
export interface PrometheusSelectorLabels {
  /** `serviceMonitorSelector.matchLabels`, for ServiceMonitors. */
  serviceMonitor?: Record<string, string>;
  /** `podMonitorSelector.matchLabels`, for PodMonitors. */
  podMonitor?: Record<string, string>;
  /** `ruleSelector.matchLabels`, for PrometheusRules. */
  rule?: Record<string, string>;
}

/** An apps/v1 ReplicaSet, as much of it as rollout history reads. @public */
export interface KubeReplicaSet {
  metadata: KubeMetadata & {
    creationTimestamp?: string;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
  };
  spec?: {
    template?: {
      spec?: { containers?: { name: string; image?: string }[] };
    };
  };
}

/** The read calls the reader makes; `KubernetesObjectApi` in production. @public */
export interface KubernetesReadClient {
  read(spec: KubernetesObject): Promise<KubernetesObject>;
  list(
    apiVersion: string,
    kind: string,
    namespace?: string,
    pretty?: string,
    exact?: boolean,
    exportt?: boolean,
    fieldSelector?: string,
    labelSelector?: string,
  ): Promise<KubernetesListObject<KubernetesObject>>;
}

const MONITORING = 'monitoring.coreos.com/v1';
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Reads what decides whether Prometheus Operator scrapes a workload from
 * one configured cluster's Kubernetes API: Services, Pods, Namespaces,
 * ServiceMonitors, PodMonitors and `Prometheus` resources. Read only. Every
 * call is bounded by a timeout, and failures name the cluster, the call and
 * the API server's own message.
 *
 * @public
 */
export class ClusterMonitoringReader {
  static fromCluster(
    cluster: MonitoringCluster,
    options: { client?: KubernetesReadClient; timeoutMs?: number } = {},
  ): ClusterMonitoringReader {
    return new ClusterMonitoringReader(
      cluster.name,
      options.client ??
        KubernetesObjectApi.makeApiClient(kubeConfigFor(cluster)),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
  }

  private constructor(
    readonly cluster: string,
    private readonly client: KubernetesReadClient,
    private readonly timeoutMs: number,
  ) {}

  /** The Service, or undefined when the cluster has none of that name. */
  async service(
    namespace: string,
    name: string,
  ): Promise<KubeService | undefined> {
    return this.call(`read of Service ${namespace}/${name}`, async () => {
      try {
        return (await this.client.read({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name, namespace },
        })) as KubeService;
      } catch (error) {
        if ((error as { code?: number }).code === 404) return undefined;
        throw error;
      }
    });
  }

  /** Services of a namespace, optionally by label selector (`app=checkout`). */
  async services(
    namespace: string,
    labelSelector?: string,
  ): Promise<KubeService[]> {
    return this.list<KubeService>('v1', 'Service', namespace, labelSelector);
  }

  /** Pods of a namespace selected by a label selector (`app=checkout`). */
  async pods(namespace: string, labelSelector: string): Promise<KubePod[]> {
    return this.list<KubePod>('v1', 'Pod', namespace, labelSelector);
  }

  /** ReplicaSets of a namespace: one per revision of each Deployment. */
  async replicaSets(namespace: string): Promise<KubeReplicaSet[]> {
    return this.list<KubeReplicaSet>('apps/v1', 'ReplicaSet', namespace);
  }

  /**
   * Objects of a custom resource (Argo CD `Application`, Flux
   * `HelmRelease`), or undefined when the cluster does not serve that kind:
   * a cluster without Argo CD or Flux is not an error.
   */
  async servedObjects<T>(
    apiVersion: string,
    kind: string,
    namespace?: string,
  ): Promise<T[] | undefined> {
    try {
      return await this.list<T>(apiVersion, kind, namespace);
    } catch (error) {
      if ((error as { notServed?: boolean }).notServed) return undefined;
      throw error;
    }
  }

  async namespaces(): Promise<KubeNamespace[]> {
    return this.list<KubeNamespace>('v1', 'Namespace');
  }

  /** ServiceMonitors and PodMonitors of every namespace. */
  async monitors(): Promise<KubeMonitor[]> {
    const [serviceMonitors, podMonitors] = await Promise.all([
      this.list<KubeMonitor>(MONITORING, 'ServiceMonitor'),
      this.list<KubeMonitor>(MONITORING, 'PodMonitor'),
    ]);
    return [
      ...serviceMonitors.map(m => ({ ...m, kind: 'ServiceMonitor' as const })),
      ...podMonitors.map(m => ({ ...m, kind: 'PodMonitor' as const })),
    ];
  }

  /** `Prometheus` resources of every namespace. */
  async prometheuses(): Promise<KubePrometheus[]> {
    return this.list<KubePrometheus>(MONITORING, 'Prometheus');
  }

  /**
   * The labels the cluster's Prometheus selects ServiceMonitors by (its
   * `serviceMonitorSelector.matchLabels`, e.g. `{ release: 'kube-prometheus-stack' }`),
   * for generating monitors it will load; undefined when none does. See
   * {@link ClusterMonitoringReader.selectorLabels}.
   */
  async serviceMonitorLabels(): Promise<Record<string, string> | undefined> {
    return (await this.selectorLabels()).serviceMonitor;
  }

  /**
   * The `matchLabels` of the `serviceMonitorSelector`, `podMonitorSelector`
   * and `ruleSelector` of the cluster's `Prometheus` resources, for
   * generating objects that Prometheus loads. Per selector, with several
   * Prometheus resources, the first (by namespace/name) whose selector has
   * `matchLabels` wins. Only `matchLabels` are read: `matchExpressions`
   * cannot be turned into labels to set.
   */
  async selectorLabels(): Promise<PrometheusSelectorLabels> {
    return prometheusSelectorLabels(await this.prometheuses());
  }

  private async list<T>(
    apiVersion: string,
    kind: string,
    namespace?: string,
    labelSelector?: string,
  ): Promise<T[]> {
    const where = namespace ? ` in namespace ${namespace}` : '';
    const list = await this.call(`list of ${kind}${where}`, () =>
      this.client.list(
        apiVersion,
        kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        labelSelector,
      ),
    );
    return (list.items ?? []) as unknown as T[];
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Error(
      `Kubernetes API of cluster '${this.cluster}' did not answer the ${what} within ${this.timeoutMs} ms`,
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOut), this.timeoutMs);
    });
    try {
      return await Promise.race([fn(), timeout]);
    } catch (error) {
      if (error === timedOut) throw error;
      throw Object.assign(
        new Error(
          `Kubernetes API of cluster '${
            this.cluster
          }' refused the ${what}: ${describeKubernetesError(error)}`,
        ),
        // The client's discovery knows no such kind (`Unrecognized API
        // version and kind`), or the server answers 404 for its group.
        { notServed: isNotServed(error) },
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The selector labels of `Prometheus` resources, as
 * {@link ClusterMonitoringReader.selectorLabels} reads them.
 *
 * @public
 */
export function prometheusSelectorLabels(
  prometheuses: KubePrometheus[],
): PrometheusSelectorLabels {
  const sorted = [...prometheuses].sort((a, b) =>
    `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
      `${b.metadata.namespace}/${b.metadata.name}`,
    ),
  );
  const first = (
    field: 'serviceMonitorSelector' | 'podMonitorSelector' | 'ruleSelector',
  ) => {
    const labels = sorted
      .map(p => p.spec?.[field]?.matchLabels)
      .find(l => l && Object.keys(l).length > 0);
    return labels ? { ...labels } : undefined;
  };
  const result: PrometheusSelectorLabels = {};
  const serviceMonitor = first('serviceMonitorSelector');
  const podMonitor = first('podMonitorSelector');
  const rule = first('ruleSelector');
  if (serviceMonitor) result.serviceMonitor = serviceMonitor;
  if (podMonitor) result.podMonitor = podMonitor;
  if (rule) result.rule = rule;
  return result;
}

function isNotServed(error: unknown): boolean {
  const { code, message } = error as { code?: number; message?: string };
  return (
    code === 404 || /Unrecognized API version and kind/.test(message ?? '')
  );
}
