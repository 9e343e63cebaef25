/**
 * SLO periods: the rolling window before an instant, or the calendar month
 * or week that contains it, with its boundaries at local midnight in the
 * SLO's time zone; and the days such a period is cut into for burn-downs and
 * reports. Time zones are IANA names resolved with `Intl` (no date library:
 * every runtime Backstage supports ships the time-zone database).
 */
import { SloCalendar, SloDefinition } from './types';

const DAY_MS = 86_400_000;

/** The zone of SLOs that declare none. */
export const DEFAULT_SLO_TIME_ZONE = 'UTC';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter costs far more than using one: one per zone. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Whether `Intl` knows the IANA time zone (`Europe/Berlin`, `UTC`).
 */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** A local calendar date: month 1–12. */
interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** The wall-clock time in the zone at an instant, as if it were UTC (ms). */
function wallClock(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
    ms - Math.floor(ms / 1000) * 1000,
  );
}

/**
 * How far the zone's clocks are ahead of UTC at an instant (ms; negative
 * west of Greenwich), daylight saving included.
 *
 * @public
 */
export function timeZoneOffsetMs(ms: number, timeZone: string): number {
  return wallClock(ms, timeZone) - ms;
}

function localDate(ms: number, timeZone: string): LocalDate {
  const wall = new Date(wallClock(ms, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
  };
}

/** The date `days` after `date` (negative: before), on the calendar alone. */
function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
  };
}

function dateLabel({ year, month, day }: LocalDate): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * The instant a local date begins in the zone: its midnight, or, where the
 * clocks jump over midnight (DST switching at 00:00, as in Chile), the
 * instant of the jump. Where midnight happens twice, the first.
 */
function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  // The zone's offsets a day either side: a day holds at most one change.
  const offsets = [wall - DAY_MS, wall + DAY_MS].map(t =>
    timeZoneOffsetMs(t, timeZone),
  );
  const candidates = [...new Set(offsets.map(o => wall - o))].sort(
    (a, b) => a - b,
  );
  for (const c of candidates) {
    if (wallClock(c, timeZone) === wall) return c;
  }
  // Midnight does not exist: the day starts at the jump, the first instant
  // between the candidates whose wall clock is on the day (to the second).
  let before = candidates[0] - 1000;
  let after = candidates[candidates.length - 1];
  while (after - before > 1000) {
    const mid = before + Math.floor((after - before) / 2000) * 1000;
    if (wallClock(mid, timeZone) >= wall) after = mid;
    else before = mid;
  }
  return after;
}

/**
 * An instant as the wall-clock time in a zone, `2026-12-01 00:00`, for
 * sentences that name a period's boundary.
 */
export function formatLocalTime(ms: number, timeZone: string): string {
  return new Date(wallClock(ms, timeZone))
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');
}

/**
 * The calendar period that contains an instant: from its first local
 * midnight up to (not including) the next period's. Months start on the
 * 1st; weeks on `calendar.weekStart` (ISO weekday, Monday = 1, the default).
 */
export function calendarPeriod(
  calendar: SloCalendar,
  atMs: number,
): { startMs: number; endMs: number } {
  const { timeZone } = calendar;
  const today = localDate(atMs, timeZone);
  let first: LocalDate;
  let next: LocalDate;
  if (calendar.unit === 'month') {
    first = { ...today, day: 1 };
    next =
      today.month === 12
        ? { year: today.year + 1, month: 1, day: 1 }
        : { year: today.year, month: today.month + 1, day: 1 };
  } else {
    const isoWeekday =
      ((new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() +
        6) %
        7) +
      1;
    const back = (isoWeekday - (calendar.weekStart ?? 1) + 7) % 7;
    first = addDays(today, -back);
    next = addDays(first, 7);
  }
  return {
    startMs: startOfLocalDay(first, timeZone),
    endMs: startOfLocalDay(next, timeZone),
  };
}

/**
 * What an SLO is judged over at an instant.
 *
 * @public
 */
export interface SloPeriod {
  /** Where the period (rolling: the window) starts, epoch ms. */
  startMs: number;
  /** Where it ends: the instant itself for rolling windows, the next boundary for calendar ones. */
  endMs: number;
  /** `endMs − startMs`: what the budget's time equivalents and the burn-rate factors are based on. */
  lengthMs: number;
  /** The zone its days are cut in. */
  timeZone: string;
  /** Set for calendar windows: the budget resets at `endMs`. */
  calendar?: SloCalendar;
}

/**
 * The period an SLO is judged over at `atMs`: the rolling window
 * `(atMs − window, atMs]`, or the calendar month or week containing `atMs`
 * (of which `[startMs, atMs]` has happened so far).
 *
 * @public
 */
export function sloPeriod(
  slo: Pick<SloDefinition, 'windowMs' | 'calendar'>,
  atMs: number,
): SloPeriod {
  if (!slo.calendar) {
    return {
      startMs: atMs - slo.windowMs,
      endMs: atMs,
      lengthMs: slo.windowMs,
      timeZone: DEFAULT_SLO_TIME_ZONE,
    };
  }
  const { startMs, endMs } = calendarPeriod(slo.calendar, atMs);
  return {
    startMs,
    endMs,
    lengthMs: endMs - startMs,
    timeZone: slo.calendar.timeZone,
    calendar: slo.calendar,
  };
}

/**
 * One day of a period, cut at the period's start and at the instant of
 * evaluation: `day` is the local date it belongs to.
 *
 * @public
 */
export interface SloDaySpan {
  /** `YYYY-MM-DD` in the period's time zone. */
  day: string;
  startMs: number;
  endMs: number;
}

/**
 * The days of `[fromMs, toMs)` in the zone, oldest first: whole local days
 * between local midnights (23 or 25 hours where the clocks change), the
 * first and last cut at `fromMs` and `toMs`. Empty when `toMs ≤ fromMs`.
 *
 * @public
 */
export function daySpans(
  fromMs: number,
  toMs: number,
  timeZone: string = DEFAULT_SLO_TIME_ZONE,
): SloDaySpan[] {
  const out: SloDaySpan[] = [];
  let date = localDate(fromMs, timeZone);
  let startMs = fromMs;
  while (startMs < toMs) {
    const next = addDays(date, 1);
    const endMs = Math.min(toMs, startOfLocalDay(next, timeZone));
    out.push({ day: dateLabel(date), startMs, endMs });
    startMs = endMs;
    date = next;
  }
  return out;
}
