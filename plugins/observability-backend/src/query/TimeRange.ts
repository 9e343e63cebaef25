import { InputError } from '@backstage/errors';
import { formatDuration } from '@sightline/plugin-observability-common';

/** A validated, step-aligned query range. Times in epoch milliseconds. */
export interface TimeRange {
  start: number;
  end: number;
  stepMs: number;
}

/** Steps people read easily; the smallest that keeps points under the limit is used. */
const NICE_STEPS_S = [
  15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200,
  86400,
];

/** Accepts epoch seconds, epoch milliseconds or an ISO-8601 timestamp. */
export function parseTime(value: string, name: string): number {
  const trimmed = value.trim();
  if (/^\d{9,11}(\.\d+)?$/.test(trimmed))
    return Math.round(Number(trimmed) * 1000);
  if (/^\d{12,14}$/.test(trimmed)) return Number(trimmed);
  if (/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new InputError(
    `'${name}' must be epoch seconds or an ISO-8601 time such as 2026-11-21T10:00:00Z, not ${JSON.stringify(
      value.slice(0, 40),
    )}`,
  );
}

/**
 * Validates a requested range against the configured limits and chooses a
 * step so that no series has more than `maxPoints` points. Start and end are
 * aligned to the step, so the same view asked twice builds the same queries
 * (and hits the cache).
 */
export function resolveTimeRange(
  params: { from?: string; to?: string },
  limits: { maxRangeMs: number; maxPointsPerSeries: number },
  now = Date.now(),
  defaultRangeMs = 3_600_000,
): TimeRange {
  const end = params.to ? parseTime(params.to, 'to') : now;
  const start = params.from
    ? parseTime(params.from, 'from')
    : end - defaultRangeMs;
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
  return {
    start: Math.floor(start / stepMs) * stepMs,
    end: Math.ceil(end / stepMs) * stepMs,
    stepMs,
  };
}
