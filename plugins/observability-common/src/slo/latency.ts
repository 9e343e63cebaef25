import { formatLatency } from './format';

/**
 * The bucket of a histogram that matches a latency threshold, or why none
 * does.
 *
 * @public
 */
export type BucketBoundaryResult =
  | {
      ok: true;
      /** The `le` label value exactly as the histogram spells it, for use in a query. */
      le: string;
      /** The boundary in seconds. */
      seconds: number;
    }
  | {
      ok: false;
      /** E.g. `300ms is not a bucket boundary of http_request_duration_seconds; the nearest are 250ms and 500ms`. */
      message: string;
      /** The nearest boundary below the threshold, in seconds. */
      below?: number;
      /** The nearest boundary above the threshold, in seconds. */
      above?: number;
    };

/**
 * Options for reading histogram boundaries.
 *
 * @public
 */
export interface HistogramOptions {
  /** The histogram's name, for messages. */
  metric?: string;
  /** The unit of the `le` values; `seconds` unless the dialect says otherwise. */
  unit?: 'seconds' | 'milliseconds';
}

/**
 * Reads an `le` label value: `0.25`, `1e-3`, `+Inf`. Undefined for anything
 * else.
 */
export function parseBucketBoundary(le: string | number): number | undefined {
  if (typeof le === 'number') return Number.isNaN(le) ? undefined : le;
  const text = le.trim();
  if (/^\+?inf$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (text === '' || !/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(text)) {
    return undefined;
  }
  return Number(text);
}

function sameBoundary(a: number, b: number) {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Finds the bucket boundary equal to a latency threshold. A latency SLI
 * counts the requests in the bucket at the threshold, so a threshold between
 * two boundaries cannot be measured exactly: it is refused with the nearest
 * boundaries named, rather than interpolated.
 *
 * @public
 */
export function findBucketBoundary(
  boundaries: Array<string | number>,
  thresholdSeconds: number,
  options: HistogramOptions = {},
): BucketBoundaryResult {
  const scale = options.unit === 'milliseconds' ? 0.001 : 1;
  const of = options.metric ? ` of ${options.metric}` : ' of the histogram';
  const finite: Array<{ le: string; seconds: number }> = [];
  for (const le of boundaries) {
    const value = parseBucketBoundary(le);
    if (value !== undefined && Number.isFinite(value)) {
      finite.push({ le: String(le), seconds: value * scale });
    }
  }
  finite.sort((a, b) => a.seconds - b.seconds);
  const exact = finite.find(b => sameBoundary(b.seconds, thresholdSeconds));
  if (exact) return { ok: true, ...exact };

  const threshold = formatLatency(thresholdSeconds);
  if (finite.length === 0) {
    return {
      ok: false,
      message: `${threshold} cannot be measured: the histogram${
        options.metric ? ` ${options.metric}` : ''
      } has no finite bucket boundaries`,
    };
  }
  const below = [...finite].reverse().find(b => b.seconds < thresholdSeconds);
  const above = finite.find(b => b.seconds > thresholdSeconds);
  let nearest: string;
  if (below && above) {
    nearest = `the nearest are ${formatLatency(
      below.seconds,
    )} and ${formatLatency(above.seconds)}`;
  } else if (above) {
    nearest = `the smallest is ${formatLatency(above.seconds)}`;
  } else {
    nearest = `the largest is ${formatLatency(below!.seconds)}`;
  }
  return {
    ok: false,
    message: `${threshold} is not a bucket boundary${of}; ${nearest}`,
    below: below?.seconds,
    above: above?.seconds,
  };
}

/**
 * One bucket of a cumulative Prometheus histogram: requests at or below
 * `le`. Counts are increases over a period.
 */
export interface HistogramBucket {
  le: string | number;
  count: number;
}

/**
 * Good events of a latency SLI: the count of the bucket at the threshold
 * (buckets are cumulative, so it holds every request at or below the
 * threshold). Also returns the total (the `+Inf` bucket) when present.
 */
export function latencyGoodEvents(
  buckets: HistogramBucket[],
  thresholdSeconds: number,
  options: HistogramOptions = {},
):
  | { ok: true; le: string; good: number; total?: number }
  | { ok: false; message: string } {
  const found = findBucketBoundary(
    buckets.map(b => b.le),
    thresholdSeconds,
    options,
  );
  if (!found.ok) return { ok: false, message: found.message };
  const bucket = buckets.find(b => String(b.le) === found.le)!;
  const inf = buckets.find(
    b => parseBucketBoundary(b.le) === Number.POSITIVE_INFINITY,
  );
  return { ok: true, le: found.le, good: bucket.count, total: inf?.count };
}

const BUCKET_SELECTOR =
  /([a-zA-Z_:][a-zA-Z0-9_:]*)_bucket\s*\{[^}]*?\ble\s*=\s*"([^"]+)"/;

/**
 * The latency threshold in seconds that a custom query selects with
 * `<histogram>_bucket{le="…"}`, when the histogram's name says its unit
 * (`_seconds` or `_milliseconds`). Used to describe Sloth and OpenSLO latency
 * SLOs; undefined when it cannot be told.
 */
export function latencyThresholdFromQuery(query: string): number | undefined {
  const match = BUCKET_SELECTOR.exec(query);
  if (!match) return undefined;
  const [, metric, le] = match;
  const value = parseBucketBoundary(le);
  if (value === undefined || !Number.isFinite(value) || value <= 0) {
    return undefined;
  }
  if (/_seconds$/.test(metric)) return value;
  if (/_(?:milliseconds|ms)$/.test(metric)) {
    return Number((value / 1000).toPrecision(15));
  }
  return undefined;
}
