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
  /** For Prometheus when up: which engine answers, and what it serves. */
  engine?: PromEngineInfo;
};

/**
 * The PromQL engines Sightline tells apart; `unknown` answers the
 * Prometheus API without saying what it is.
 *
 * @public
 */
export type PromEngineKind =
  | 'prometheus'
  | 'thanos'
  | 'mimir'
  | 'victoriametrics'
  | 'unknown';

/**
 * Whether the engine serves one API Sightline reads; without it, what is
 * missing and how to enable it.
 *
 * @public
 */
export type PromEngineCapability = {
  available: boolean;
  /** Why not, and how to enable it (only when not available). */
  reason?: string;
};

/**
 * The engine behind a cluster's `prometheus.url`, detected once per upstream.
 *
 * @public
 */
export type PromEngineInfo = {
  kind: PromEngineKind;
  /** As the engine reports it (`/api/v1/status/buildinfo`), when it does. */
  version?: string;
  capabilities: {
    /** `/api/v1/rules`: the Alerts section's rules, the doctor's rules check, SLO recording rules. */
    rules: PromEngineCapability;
    /** `/api/v1/query_exemplars`: trace links on charts. */
    exemplars: PromEngineCapability;
    /** `/api/v1/targets`: the doctor's scrape target check. */
    targets: PromEngineCapability;
  };
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
