/**
 * The telemetry upstreams a cluster can configure.
 *
 * @public
 */
export type UpstreamKind =
  | 'prometheus'
  | 'alertmanager'
  | 'loki'
  | 'tempo'
  | 'jaeger'
  | 'grafana'
  | 'kubernetes';

/**
 * The result of probing one upstream's readiness endpoint.
 *
 * @public
 */
export type UpstreamHealth = {
  kind: UpstreamKind;
  /** The upstream's base URL with any credentials removed. */
  url: string;
  status: 'up' | 'down';
  /** Round-trip time of the readiness probe. */
  latencyMs: number;
  /** Why the upstream is down: connection refused, timeout, HTTP status. */
  error?: string;
};

/**
 * Reachability of every upstream of one cluster.
 *
 * @public
 */
export type ClusterHealth = {
  cluster: string;
  upstreams: UpstreamHealth[];
};

/**
 * `GET /api/observability/entities/{kind}/{namespace}/{name}/health`.
 *
 * @public
 */
export type EntityHealthResponse = {
  entityRef: string;
  /** The cluster resolved from `sightline.dev/cluster` or the default. */
  cluster: ClusterHealth;
};

/**
 * `GET /api/observability/health`: every configured cluster.
 *
 * @public
 */
export type HealthResponse = {
  defaultCluster: string;
  clusters: ClusterHealth[];
};

/**
 * `GET /api/observability/dialects`: the metric dialects the backend knows,
 * for `sightline.dev/metrics-dialect`.
 *
 * @public
 */
export type MetricDialectsResponse = {
  defaultDialect: string;
  dialects: { id: string; title: string }[];
};
