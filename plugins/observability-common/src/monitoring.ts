// Requests and responses of the monitoring-as-code routes.

/**
 * Options of `POST .../monitoring/preview` and `.../monitoring/apply`.
 *
 * @public
 */
export interface MonitoringRequest {
  /** NAME of the Service port that serves metrics; default `metrics`. */
  port?: string;
  /** Further generator options (MonitoringOptions of the -node package). */
  options?: Record<string, unknown>;
  /** Apply only: ask the cluster what would change without persisting. */
  dryRun?: boolean;
  /** Apply only: take over fields another field manager owns. */
  force?: boolean;
}

/**
 * What applying one object did, or would do.
 *
 * @public
 */
export interface MonitoringObjectChange {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  change: 'created' | 'configured' | 'unchanged';
  /** Leaf fields (`.spec.endpoints`) that differ from the cluster's object. */
  changedFields: string[];
}

/**
 * `POST .../monitoring/preview`.
 *
 * @public
 */
export interface MonitoringPreviewResponse {
  entityRef: string;
  cluster: string;
  files: { path: string; content: string }[];
  objects: {
    apiVersion: string;
    kind: string;
    namespace: string;
    name: string;
  }[];
  annotations: Record<string, string>;
  warnings: string[];
  /** Present when the cluster's Kubernetes API answered a dry-run apply. */
  diff?: MonitoringObjectChange[];
  /** Why there is no diff. */
  diffProblem?: string;
}

/**
 * `POST .../monitoring/apply`.
 *
 * @public
 */
export interface MonitoringApplyResponse {
  entityRef: string;
  cluster: string;
  dryRun: boolean;
  objects: MonitoringObjectChange[];
}
