import { InputError } from '@backstage/errors';
import { formatDuration } from '@sightline/plugin-observability-common';

/** A validated, step-aligned query range. Times in epoch milliseconds. */
export interface TimeRange {
  start: number;
  end: number;
  stepMs: number;
}

/** The range a request asks for, as its query parameters give it. */
type RangeParams = { from?: string; to?: string };

/** The configured limits every requested range is checked against. */
type RangeLimits = { maxRangeMs: number; maxPointsPerSeries: number };

/** Steps people read easily; the smallest that keeps points under the limit is used. */
const NICE_STEPS_S = [
  15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200,
  86400,
];

/** What a request without `from` shows. */
const DEFAULT_RANGE_MS = 3_600_000;

/** Epoch seconds from 1973 to 5138, to the nanosecond (`1763726400.123`). */
const EPOCH_SECONDS = /^\d{9,11}(\.\d{1,9})?$/;
/** Epoch milliseconds over the same years. */
const EPOCH_MILLISECONDS = /^\d{12,14}$/;
/** RFC 3339 date-time: seconds and an offset required, `T`/`Z` in either case. */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * The one parser of every time parameter (`from`, `to`, `at`): epoch seconds,
 * epoch milliseconds or an RFC 3339 date-time, in epoch milliseconds.
 * Anything else is a 400 naming the parameter: `Date.parse` alone would read
 * `' OR '1'='1` as 2001-01-01 and roll 2026-02-30 over to March 2, so a
 * mistyped or hostile value would silently show some other time. Relative
 * forms (`now-1h`) are not accepted: the frontend resolves its presets itself.
 */
export function parseTime(value: string, name: string): number {
  if (EPOCH_SECONDS.test(value)) return Math.round(Number(value) * 1000);
  if (EPOCH_MILLISECONDS.test(value)) return Number(value);
  const rfc3339 = RFC3339.exec(value);
  if (!rfc3339) {
    throw new InputError(
      `'${name}' must be epoch seconds, epoch milliseconds or an RFC 3339 time such as 2026-11-21T10:00:00Z, not ${quoted(
        value,
      )}`,
    );
  }
  const [year, month, day, hour, minute, second] = rfc3339
    .slice(1, 7)
    .map(Number);
  const [fraction = '', sign, offsetHours, offsetMinutes] = rfc3339.slice(7);
  // Before Date.UTC, which reads years 0-99 as 1900-1999.
  if (year < 1970) {
    throw new InputError(
      `'${name}' must not be before 1970-01-01T00:00:00Z, not ${quoted(value)}`,
    );
  }
  const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls what does not exist (February 30, 24:00, a leap second
  // :60) into the next day or minute; a real time reads back field for field.
  const exists =
    utc.getUTCFullYear() === year &&
    utc.getUTCMonth() === month - 1 &&
    utc.getUTCDate() === day &&
    utc.getUTCHours() === hour &&
    utc.getUTCMinutes() === minute &&
    utc.getUTCSeconds() === second &&
    (sign === undefined ||
      (Number(offsetHours) <= 23 && Number(offsetMinutes) <= 59));
  if (!exists) {
    throw new InputError(
      `'${name}' is not a time that exists on the calendar: ${quoted(value)}`,
    );
  }
  const offsetMs =
    sign === undefined
      ? 0
      : (sign === '-' ? -1 : 1) *
        (Number(offsetHours) * 60 + Number(offsetMinutes)) *
        60_000;
  const ms =
    utc.getTime() + Number(fraction.padEnd(3, '0').slice(0, 3)) - offsetMs;
  if (ms < 0) {
    throw new InputError(
      `'${name}' must not be before 1970-01-01T00:00:00Z, not ${quoted(value)}`,
    );
  }
  return ms;
}

/** The value as given, quoted and escaped, cut short: it is the caller's, not ours. */
function quoted(value: string): string {
  return JSON.stringify(value.slice(0, 40));
}

/**
 * Validates a requested range against the configured limits and chooses a
 * step so that no series has more than `maxPoints` points. Start and end are
 * aligned to the step, so the same view asked twice builds the same queries
 * (and hits the cache). The end is rounded up: logs and traces up to the
 * requested end are all inside. Series evaluated per step take
 * `resolveSeriesRange` instead.
 */
export function resolveTimeRange(
  params: RangeParams,
  limits: RangeLimits,
  now = Date.now(),
): TimeRange {
  const range = requestedRange(params, limits, now);
  return {
    ...range,
    end: Math.ceil(range.end / range.stepMs) * range.stepMs,
  };
}

/**
 * The range of series Prometheus evaluates step by step (rates,
 * quantiles): it ends at the last step at or before both the requested end
 * and now. Each point covers the window that ends at its time, so a point
 * after now would be a rate over a window that is partly in the future:
 * a false drop at the right edge of every chart (7 days: 1.6 req/s where
 * the service served 5.4).
 */
export function resolveSeriesRange(
  params: RangeParams,
  limits: RangeLimits,
  now = Date.now(),
): TimeRange {
  const { start, end, stepMs } = requestedRange(params, limits, now);
  const lastWholeStep = Math.floor(Math.min(end, now) / stepMs) * stepMs;
  return {
    start,
    // A range starting after now (allowed within the clock-skew margin) is one point.
    end: Math.max(start, lastWholeStep),
    stepMs,
  };
}

/**
 * The requested range, checked against the limits, and its step. The start
 * is aligned down to the step; the end is as asked, for each resolver to
 * round its own way.
 */
function requestedRange(
  params: RangeParams,
  limits: RangeLimits,
  now: number,
): TimeRange {
  const end = params.to ? parseTime(params.to, 'to') : now;
  const start = params.from
    ? parseTime(params.from, 'from')
    : end - DEFAULT_RANGE_MS;
  if (end <= start) {
    throw new InputError(`'from' must be before 'to'`);
  }
  // Tempo and Loki refuse negative times; nothing is stored before 1970.
  if (start < 0) {
    throw new InputError(
      `The range must not start before 1970-01-01T00:00:00Z`,
    );
  }
  if (end > now + 300_000) {
    throw new InputError(`'to' is in the future`);
  }
  if (end - start > limits.maxRangeMs) {
    throw new InputError(
      `The range ${formatDuration(
        end - start,
      )} is longer than the limit of ${formatDuration(
        limits.maxRangeMs,
      )} (observability.limits.maxRange)`,
    );
  }
  const minimumStepS = (end - start) / 1000 / (limits.maxPointsPerSeries - 1);
  const stepS =
    NICE_STEPS_S.find(s => s >= minimumStepS) ??
    Math.ceil(minimumStepS / 86400) * 86400;
  const stepMs = stepS * 1000;
  return { start: Math.floor(start / stepMs) * stepMs, end, stepMs };
}
