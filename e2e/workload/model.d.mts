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
  addMinute(minute: number): void;
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
