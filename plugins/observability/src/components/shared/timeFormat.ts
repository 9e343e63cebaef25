import { storageApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useCallback, useMemo } from 'react';
import useObservable from 'react-use/esm/useObservable';
import { timeZoneOffsetMs } from '@sightline/plugin-observability-common';

/**
 * The one way this plugin writes an instant. Every axis, tooltip, table and
 * log line goes through a `TimeFormatter`, so a page never mixes `08:15 PM`
 * with `21:06:04.919` and never leaves the reader guessing the time zone:
 * the zone is named once, in the time picker, and applies everywhere.
 */

/** Whose clock the page reads: the viewer's own, or UTC (for incident notes across zones). */
export type TimeZoneMode = 'local' | 'utc';

export type TimeFormatter = {
  mode: TimeZoneMode;
  /** The IANA zone the times are in, e.g. `Europe/Paris` or `UTC`. */
  timeZone: string;
  /** Clock time, `08:15 PM`: axis ticks within a day or two. */
  time(ms: number): string;
  /** Day and clock time to the millisecond, `Dec 6, 08:15:04.919 PM`: log lines. */
  preciseDateTime(ms: number): string;
  /** The day, `Dec 6`: axis ticks over longer ranges. */
  date(ms: number): string;
  /** Day and clock time, `Dec 6, 08:15 PM`: tooltips, tables, headers. */
  dateTime(ms: number): string;
  /** Day and clock time with seconds, `Dec 6, 08:15:04 PM`: when a check ran. */
  dateTimeSeconds(ms: number): string;
  /**
   * How far the zone's wall clock is ahead of UTC at `ms`, in ms; round
   * ticks (every hour, every day) fall on the zone's round times with it.
   */
  offsetMs(ms: number): number;
};

/** The browser's zone by name, `Europe/Paris`: what "local" means. */
export function browserTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const CLOCK: Intl.DateTimeFormatOptions = {
  hour: '2-digit',
  minute: '2-digit',
};
const DAY: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' };

/**
 * A formatter for `mode`. `locale` and `localTimeZone` default to the
 * browser's; tests pass them to pin the output.
 */
export function createTimeFormatter(
  mode: TimeZoneMode,
  options: { locale?: string; localTimeZone?: string } = {},
): TimeFormatter {
  const timeZone =
    mode === 'utc' ? 'UTC' : options.localTimeZone ?? browserTimeZone();
  const make = (parts: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(options.locale, { ...parts, timeZone });
  const time = make(CLOCK);
  const preciseDateTime = make({
    ...DAY,
    ...CLOCK,
    second: '2-digit',
    fractionalSecondDigits: 3,
  });
  const date = make(DAY);
  const dateTime = make({ ...DAY, ...CLOCK });
  const dateTimeSeconds = make({ ...DAY, ...CLOCK, second: '2-digit' });
  return {
    mode,
    timeZone,
    time: ms => time.format(ms),
    preciseDateTime: ms => preciseDateTime.format(ms),
    date: ms => date.format(ms),
    dateTime: ms => dateTime.format(ms),
    dateTimeSeconds: ms => dateTimeSeconds.format(ms),
    offsetMs: ms => (mode === 'utc' ? 0 : timeZoneOffsetMs(ms, timeZone)),
  };
}

/**
 * The page's formatter for each mode, built once: each is five
 * Intl.DateTimeFormats, which cost far more to build than to use, and every
 * chart, marker and row asks for one.
 */
const pageFormatters = new Map<TimeZoneMode, TimeFormatter>();

function pageFormatter(mode: TimeZoneMode): TimeFormatter {
  let formatter = pageFormatters.get(mode);
  if (!formatter) {
    formatter = createTimeFormatter(mode);
    pageFormatters.set(mode, formatter);
  }
  return formatter;
}

const STORAGE_BUCKET = 'observability';
const STORAGE_KEY = 'timeZone';

/**
 * The viewer's formatter and the switch between local time and UTC. The
 * choice is kept in the app's StorageApi, so it outlives the page and every
 * panel (also the cards outside the tab) follows a change at once.
 */
export function useTimeFormat(): TimeFormatter & {
  setMode(mode: TimeZoneMode): void;
} {
  const storageApi = useApi(storageApiRef);
  const storage = useMemo(
    () => storageApi.forBucket(STORAGE_BUCKET),
    [storageApi],
  );
  // One observable per bucket: a new one each render would resubscribe each render.
  const changes = useMemo(
    () => storage.observe$<TimeZoneMode>(STORAGE_KEY),
    [storage],
  );
  const snapshot = useObservable(
    changes,
    storage.snapshot<TimeZoneMode>(STORAGE_KEY),
  );
  const mode: TimeZoneMode = snapshot.value === 'utc' ? 'utc' : 'local';
  const formatter = pageFormatter(mode);
  const setMode = useCallback(
    (next: TimeZoneMode) => storage.set(STORAGE_KEY, next),
    [storage],
  );
  // One object per choice: hooks that depend on it re-run only when it changes.
  return useMemo(() => ({ ...formatter, setMode }), [formatter, setMode]);
}
