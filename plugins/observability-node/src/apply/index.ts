/**
 * Server-side apply of generated monitoring to a configured cluster, shared
 * by the scaffolder module and the backend's apply route.
 */
export { readMonitoringClusters } from './clusters';
export type { MonitoringCluster, MonitoringClusters } from './clusters';
export { resolveClusterMonitoringOptions } from './clusterOptions';
export type { ClusterMonitoringOptions, LabelSource } from './clusterOptions';
export {
  MONITORING_FIELD_MANAGER,
  MonitoringApplier,
  changedFields,
} from './MonitoringApplier';
export type {
  AppliedMonitoringObject,
  KubernetesObjectClient,
  MonitoringApplyResult,
  MonitoringChange,
} from './MonitoringApplier';
