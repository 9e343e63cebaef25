// Types of model.mjs (the demo workload's traffic model).

export declare const MINUTE_MS: number;
export declare const HOUR_MS: number;
export declare const DAY_MS: number;
export declare const NAMESPACE: 'shop';
export declare const HISTORY_DAYS: number;
export declare const HTTP_BUCKETS: readonly number[];
export declare const OTEL_HTTP_BUCKETS: readonly number[];
export declare const KBOT_BUCKETS: readonly number[];

export type ServiceName = 'checkout' | 'payments' | 'kbot';
export type LatencyDist = { readonly median: number; readonly sigma: number };
export type RouteModel = {
  readonly key: string;
  readonly method: string;
  readonly route: string;
  readonly rps?: number;
  readonly drivenBy?: { readonly service: ServiceName; readonly route: string };
  readonly ok: LatencyDist;
  readonly error: LatencyDist;
};
export type ServiceModel = {
  readonly name: ServiceName;
  readonly index: number;
  readonly library: string;
  readonly version: string;
  readonly pod: string;
  readonly okStatus: string;
  readonly errorStatus: string;
  readonly baselineErrorRatio: number;
  readonly buckets: readonly number[];
  readonly routes: readonly RouteModel[];
};

export declare const SERVICES: Readonly<Record<ServiceName, ServiceModel>>;
export declare const SERVICE_NAMES: readonly ServiceName[];
export declare const PAYMENTS_RESOURCE: Readonly<Record<string, string>>;
export declare const PAYMENTS_SCOPE: Readonly<{
  name: string;
  version: string;
}>;

export type Incident = { startMs: number; endMs: number; errorRatio: number };
export declare function incidentWindows(anchorMs: number): {
  checkout: Incident;
  payments: Incident;
};
export declare function errorRatioAt(
  service: ServiceName,
  tMs: number,
  anchorMs: number,
): number;
export declare function servicePort(
  service: ServiceName,
  portBase?: number,
): number;
export declare function diurnal(tMs: number): number;
export declare function liveRps(
  service: ServiceName,
  routeKey: string,
  tMs: number,
): number;
export declare function latencyCdf(dist: LatencyDist, le: number): number;
export declare function latencyMean(dist: LatencyDist): number;
export declare function hashUniform(
  a: number,
  b: number,
  c: number,
  d: number,
): number;
export declare function mulberry32(seed: number): () => number;
export declare function decide(
  service: ServiceName,
  routeKey: string,
  tMs: number,
  anchorMs: number,
  rng: () => number,
): { error: boolean; status: string; latencySeconds: number };

export type OutcomeHistogram = {
  count: number;
  buckets: number[];
  sum: number;
};
export type RouteMinute = {
  key: string;
  method: string;
  route: string;
  requests: number;
  errors: number;
  ok: OutcomeHistogram;
  error: OutcomeHistogram;
};
export declare function minuteStats(
  service: ServiceName,
  minute: number,
  anchorMs: number,
): RouteMinute[];

export type ExpectedCounts = {
  service: ServiceName;
  fromMs: number;
  toMs: number;
  requests: number;
  errors: number;
  errorRatio: number;
  routes: {
    key: string;
    method: string;
    route: string;
    requests: number;
    errors: number;
  }[];
  latency: {
    buckets: { le: string; count: number }[];
    count: number;
    sum: number;
  };
};
/** Exactly the increase of the backfilled counters between samples at fromMs and toMs (whole minutes). */
export declare function expectedCounts(
  service: ServiceName,
  fromMs: number,
  toMs: number,
  opts: { anchorMs: number },
): ExpectedCounts;

export type SeriesDefinition = {
  family: string;
  type: 'counter' | 'histogram' | 'gauge';
  labels: Record<string, string>;
  sources: [number, 'ok' | 'error'][];
};
export type HistogramValue = { buckets: number[]; count: number; sum: number };
export declare function seriesDefinitions(
  service: ServiceName,
): SeriesDefinition[];
export declare function createAccumulator(
  service: ServiceName,
  anchorMs: number,
): {
  service: ServiceName;
  definitions: SeriesDefinition[];
  /** Adds the minute; returns its minuteStats. */
  addMinute(minute: number): RouteMinute[];
  values(): (number | HistogramValue)[];
};
export declare function historyWindow(anchorMs: number): {
  startMs: number;
  endMs: number;
};
export declare function cumulativeAt(
  service: ServiceName,
  startMs: number,
  atMs: number,
  opts: { anchorMs: number },
): (SeriesDefinition & { value: number | HistogramValue })[];
export declare function targetLabels(
  service: ServiceName,
  port: number,
): Record<string, string>;

export declare function latencyFactorAt(
  service: ServiceName,
  tMs: number,
  anchorMs: number,
): number;

/** Registry and repository prefix of the demo images (tag = version). */
export declare const IMAGE_REPOSITORY: string;
/** One ReplicaSet of a demo Deployment (a release). */
export type Release = {
  readonly service: ServiceName;
  readonly namespace: 'shop';
  readonly deployment: ServiceName;
  readonly version: string;
  /** `deployment.kubernetes.io/revision` (= the Deployment's generation once rolled out). */
  readonly revision: number;
  readonly replicaSet: string;
  readonly podTemplateHash: string;
  readonly pod: string;
  readonly podUid: string;
  readonly container: ServiceName;
  /** `<IMAGE_REPOSITORY>/<service>:<version>` */
  readonly image: string;
  /** `<IMAGE_REPOSITORY>/<service>@sha256:<64 hex>` */
  readonly imageId: string;
  /** `containerd://<64 hex>` */
  readonly containerId: string;
  /** creationTimestamp of the ReplicaSet = the rollout instant (ms). */
  readonly createdMs: number;
  readonly errorFactor: number;
  readonly latencyFactor: number;
};
/** Every ReplicaSet of `service`, oldest first. */
export declare function releases(
  service: ServiceName,
  anchorMs: number,
): readonly Release[];
export declare function releaseAt(
  service: ServiceName,
  tMs: number,
  anchorMs: number,
): Release;
/** 30 minutes: the window before and after a rollout. */
export declare const ROLLOUT_WINDOW_MS: number;
export type Window = { fromMs: number; toMs: number };
export type Rollout = {
  service: ServiceName;
  namespace: 'shop';
  deployment: ServiceName;
  /** The new ReplicaSet's creation (ms, a multiple of 5 minutes). */
  atMs: number;
  from: Release;
  to: Release;
  before: Window;
  after: Window;
};
/** The rollouts inside the history of a stack started at anchorMs, oldest first. */
export declare function rollouts(anchorMs: number): Rollout[];

/** histogram_quantile as Prometheus computes it; buckets cumulative, without +Inf. */
export declare function histogramQuantile(
  q: number,
  buckets: readonly { le: string; count: number }[],
  count: number,
): number;
export type ExpectedRed = {
  service: ServiceName;
  fromMs: number;
  toMs: number;
  requests: number;
  errors: number;
  /** requests per second over the window */
  rate: number;
  errorRatio: number;
  /** histogram_quantile(0.95) of the increase of every latency bucket (s) */
  p95: number;
};
export declare function expectedRed(
  service: ServiceName,
  fromMs: number,
  toMs: number,
  opts: { anchorMs: number },
): ExpectedRed;
export declare function expectedRollouts(
  anchorMs: number,
): (Rollout & { red: { before: ExpectedRed; after: ExpectedRed } })[];

/** target_info labels (OTel resource) of `service` at `tMs`. */
export declare function targetInfoAt(
  service: ServiceName,
  tMs: number,
  anchorMs: number,
): {
  service_name: string;
  service_namespace: string;
  service_version: string;
  service_instance_id: string;
};

export declare const KUBE_STATE_METRICS_JOB: 'kube-state-metrics';
export type GaugeSample = {
  name: string;
  labels: Record<string, string>;
  value: number;
};
/** Every kube-state-metrics series at `tMs` (all gauges). */
export declare function kubeStateMetricsAt(
  tMs: number,
  anchorMs: number,
): GaugeSample[];

export declare const SERVICE_GRAPH_BUCKETS: readonly number[];
export declare const SERVICE_GRAPH_JOB: 'tempo-metrics-generator';
export type ServiceGraphEdge = {
  readonly client: string;
  readonly server: string;
  /** '' (a client/server span pair) or 'virtual_node' */
  readonly connectionType: '' | 'virtual_node';
  /** span attributes naming the uninstrumented peer (virtual server nodes) */
  readonly peerAttributes?: Readonly<Record<string, string>>;
};
export declare const SERVICE_GRAPH_EDGES: readonly ServiceGraphEdge[];
/** { client, server[, connection_type] } (connection_type absent when ''). */
export declare function serviceGraphLabels(
  edge: ServiceGraphEdge,
): Record<string, string>;
export type EdgeMinute = {
  client: string;
  server: string;
  connectionType: '' | 'virtual_node';
  requests: number;
  failed: number;
  serverLatency: HistogramValue;
  clientLatency: HistogramValue;
};
export declare function serviceGraphMinute(
  minute: number,
  anchorMs: number,
  stats?: Partial<Record<ServiceName, RouteMinute[]>>,
): EdgeMinute[];
export declare function createServiceGraphAccumulator(anchorMs: number): {
  edges: readonly ServiceGraphEdge[];
  addMinute(
    minute: number,
    stats?: Partial<Record<ServiceName, RouteMinute[]>>,
  ): void;
  values(): Omit<EdgeMinute, 'client' | 'server' | 'connectionType'>[];
};
export type ExpectedEdge = {
  client: string;
  server: string;
  connectionType: '' | 'virtual_node';
  requests: number;
  failed: number;
  /** requests per second over the window */
  rate: number;
  /** failed / requests */
  errorRatio: number;
  serverLatency: {
    buckets: { le: string; count: number }[];
    count: number;
    sum: number;
  };
  clientLatency: {
    buckets: { le: string; count: number }[];
    count: number;
    sum: number;
  };
  p95Server: number;
  p95Client: number;
};
/** The service graph's increases over [fromMs, toMs) (whole minutes), per edge. */
export declare function expectedServiceGraph(
  fromMs: number,
  toMs: number,
  opts: { anchorMs: number },
): ExpectedEdge[];
export declare function decideCall(
  client: string,
  server: string,
  rng: () => number,
  failed?: boolean,
): { failed: boolean; latencySeconds: number };

export declare const EXPORTER_JOBS: readonly (
  | 'kube-state-metrics'
  | 'tempo-metrics-generator'
)[];
export declare function exporterPort(
  job: 'kube-state-metrics' | 'tempo-metrics-generator',
  portBase?: number,
): number;
export declare function exporterTargetLabels(
  job: 'kube-state-metrics' | 'tempo-metrics-generator',
  port: number,
): { job: string; instance: string };

export declare const GITOPS_REPO_URL: string;
/**
 * The demo Deployments' ReplicaSets (apps/v1, as the Kubernetes API returns
 * them) and checkout's Argo CD Application, for the Kubernetes stand-in.
 */
export declare function kubernetesObjects(
  anchorMs: number,
): Record<string, any>[];
export declare function releaseCommit(
  service: ServiceName,
  version: string,
  anchorMs: number,
): string;
