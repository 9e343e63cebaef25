import type { DiagnosisCheckId } from './diagnosis';
import { ResolvedMetricDialect } from './target';

/**
 * One series: its labels and `[epoch ms, value]` points.
 *
 * @public
 */
export type TimeSeries = {
  labels: Record<string, string>;
  points: [number, number][];
};

/**
 * Figures over a whole range; undefined where there was no traffic
 * (an error ratio of "no requests" is not 0%).
 *
 * @public
 */
export type RedSummary = {
  /** Requests per second. */
  requestRate?: number;
  /** Failed requests / all requests, 0–1. */
  errorRatio?: number;
  /** Seconds. */
  latencyP50?: number;
  latencyP95?: number;
  latencyP99?: number;
};

/**
 * A latency sample that links to a trace.
 *
 * @public
 */
export type Exemplar = {
  timestamp: number;
  /** Seconds. */
  value: number;
  traceId?: string;
  /** Whether the request failed, by the dialect's error matchers on its series. */
  error: boolean;
  /** The exemplar's own labels (trace id) and its series' (route, status…). */
  labels: Record<string, string>;
};

/**
 * A query the backend built, shown so users can take it to Grafana Explore.
 *
 * @public
 */
export type BuiltQuery = {
  name: string;
  query: string;
};

/**
 * `GET .../red?from&to`: rate, errors and duration of an entity.
 *
 * @public
 */
export type RedResponse = {
  entityRef: string;
  cluster: string;
  dialect: ResolvedMetricDialect;
  range: { start: number; end: number; stepMs: number };
  /** The PromQL range-vector window used for rates. */
  rateWindow: string;
  /** Requests per second, one series per status class (`2xx`, `5xx`, `error`, …). */
  requestRate: TimeSeries[];
  errorRatio: TimeSeries[];
  /** Seconds; absent when the dialect has no duration histogram. */
  latency?: { p50: TimeSeries[]; p95: TimeSeries[]; p99: TimeSeries[] };
  summary: RedSummary;
  /** The same figures over the period just before, for "change since". */
  previous: RedSummary;
  exemplars: Exemplar[];
  queries: BuiltQuery[];
};

/**
 * What `GET .../red/breakdown` can break requests down by.
 *
 * @public
 */
export type RedBreakdownBy = 'route' | 'status';

/**
 * Why the backend has no metrics to show for an entity, as `reason` in the
 * error body of `GET .../red` and `.../red/breakdown`: a panel says which,
 * rather than guessing from the status code.
 *
 * @public
 */
export type MetricsProblemReason =
  /** An annotation the metrics need is malformed. */
  | 'invalid-annotation'
  /** Prometheus answers but has no request series for the selector. */
  | 'no-series'
  /** The selector's scrape targets exist and are all down (`up == 0`). */
  | 'target-down'
  /** Prometheus itself did not answer (a 5xx from the backend). */
  | 'upstream-unreachable';

/**
 * The Setup → Diagnose check that examines each reason, to open beside the
 * panel's message.
 *
 * @public
 */
export const DIAGNOSIS_CHECK_FOR_REASON: Record<
  MetricsProblemReason,
  DiagnosisCheckId
> = {
  'invalid-annotation': 'config',
  'no-series': 'series',
  'target-down': 'scrape-target',
  'upstream-unreachable': 'scrape-target',
};

/**
 * One row of `GET .../red/breakdown?by=route|status`.
 *
 * @public
 */
export type RedBreakdownRow = {
  key: string;
  requestRate: number;
  errorRatio?: number;
  latencyP95?: number;
};

/** @public */
export type RedBreakdownResponse = {
  entityRef: string;
  /** Asked for, or the first of `breakdowns` when the request named none. */
  by: RedBreakdownBy;
  label: string;
  rows: RedBreakdownRow[];
  /** The breakdowns the dialect has a label for: kbot's messages have no route. */
  breakdowns: RedBreakdownBy[];
};
