import {
  SloDaySpan,
  formatDuration,
} from '@sightline/plugin-observability-common';
import { offsetBy } from '../SloQueries';
import { Interval, clip } from './excludedIntervals';

/** Joins a part's key and the index of an excluded interval inside its span. */
const MINUS = ' minus ';

/**
 * Parts that measure `expression` (an `increase`) over each excluded
 * interval inside `span`, each evaluated at the interval's own end (see
 * `offsetBy`), so `withoutExcluded` can take them from the span's own
 * part `key`: Prometheus' increase over the span minus its increases over
 * the excluded parts of it.
 */
export function excludedParts(
  key: string,
  expression: (range: string) => string,
  span: Interval,
  atMs: number,
  excluded: Interval[],
): Record<string, string> {
  return Object.fromEntries(
    clip(excluded, span.startMs, span.endMs).map((interval, j) => [
      `${key}${MINUS}${j}`,
      offsetBy(
        expression(formatDuration(interval.endMs - interval.startMs)),
        atMs - interval.endMs,
      ),
    ]),
  );
}

/**
 * Part `key` less its excluded intervals' parts (see `excludedParts`);
 * an excluded interval without samples took nothing away.
 */
export function withoutExcluded(
  values: Record<string, number | undefined>,
  key: string,
): number | undefined {
  const whole = values[key];
  if (whole === undefined) return undefined;
  let rest = whole;
  for (const [k, v] of Object.entries(values)) {
    if (k.startsWith(`${key}${MINUS}`)) rest -= v ?? 0;
  }
  return rest;
}

/** The excluded parts of every day of the window (keys as `dailyParts` names the days). */
export function excludedDailyParts(
  spans: SloDaySpan[],
  atMs: number,
  expressions: Record<string, (range: string) => string>,
  excluded: Interval[],
): Record<string, string> {
  if (excluded.length === 0) return {};
  return Object.assign(
    {},
    ...spans.flatMap((span, i) =>
      Object.entries(expressions).map(([key, expression]) =>
        excludedParts(`day ${i} ${key}`, expression, span, atMs, excluded),
      ),
    ),
  );
}
