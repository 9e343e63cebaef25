import { BuiltQuery, TimeSeries } from './metrics';

/**
 * Log levels the logs route filters by, lowest first. Lines whose level
 * cannot be told are `unknown`.
 *
 * @public
 */
export const LOG_LEVELS = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
] as const;

/** @public */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * One log line with what could be read from it.
 *
 * @public
 */
export type LogLine = {
  /** Epoch milliseconds. */
  timestamp: number;
  /** The exact timestamp in nanoseconds since the epoch, as a decimal string. */
  timestampNs: string;
  /** The raw line as stored. */
  line: string;
  /** The stream's labels (and any the query extracted, such as `level`). */
  labels: Record<string, string>;
  /** How the line was parsed into fields. */
  format: 'json' | 'logfmt' | 'text';
  /** Fields parsed from a JSON (nested keys joined with `.`) or logfmt line; empty for plain text. */
  fields: Record<string, string>;
  /** The line's level, from its fields, its labels or its text. */
  level: LogLevel | 'unknown';
  /** A trace id found in the line (lower-case hex), to open the trace. */
  traceId?: string;
  spanId?: string;
};

/**
 * `GET /api/observability/entities/{kind}/{namespace}/{name}/logs`:
 * the entity's log lines and a histogram of their volume by level.
 *
 * @public
 */
export type LogsResponse = {
  entityRef: string;
  cluster: string;
  /** The entity's LogQL stream selector, e.g. `{namespace="shop", app="checkout"}`. */
  selector: string;
  /** The range queried, epoch milliseconds. */
  range: { start: number; end: number };
  direction: 'forward' | 'backward';
  limit: number;
  lines: LogLine[];
  /** True when `limit` lines came back: there are more in the range. */
  truncated: boolean;
  /**
   * Lines per bucket by level (`labels.level`; `unknown` when a line has
   * none), over the same selector and filters. Absent when the volume
   * query failed; `volumeError` then says why.
   */
  volume?: { stepMs: number; series: TimeSeries[] };
  volumeError?: string;
  /** The LogQL sent to Loki: `lines` and `volume`. */
  queries: BuiltQuery[];
};
