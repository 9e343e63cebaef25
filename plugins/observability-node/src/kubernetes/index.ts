/**
 * Reading a cluster's Prometheus Operator setup: which Services, monitors and
 * `Prometheus` resources decide whether a workload is scraped.
 */
export {
  ClusterMonitoringReader,
  prometheusSelectorLabels,
} from './ClusterMonitoringReader';
export type {
  KubeMetadata,
  KubeMonitor,
  KubeNamespace,
  KubePod,
  KubePrometheus,
  KubeReplicaSet,
  PrometheusSelectorLabels,
  KubeService,
  KubernetesReadClient,
  MonitorEndpoint,
} from './ClusterMonitoringReader';
export {
  formatLabelSelector,
  matchesLabelSelector,
  missingLabels,
} from './labelSelectors';
export type { LabelSelector } from './labelSelectors';
