import {
  RedResponse,
  TimeSeries,
} from '@sightline/plugin-observability-common';
import { TimeFormatter } from '../shared/timeFormat';

/** One point in time of a chart, with a value per series key. */
export type ChartRow = { t: number } & Record<string, number | undefined>;

/** A series of a chart: where its values are in the rows, and how it is drawn. */
export type ChartSeries = { key: string; name: string; color: string };

/** Colours people already read status classes by; errors are red. */
const STATUS_CLASS_COLORS: Record<string, string> = {
  '1xx': '#9e9e9e',
  '2xx': '#2e7d32',
  '3xx': '#1976d2',
  '4xx': '#f9a825',
  '5xx': '#d32f2f',
  ok: '#2e7d32',
  error: '#d32f2f',
};
const OTHER_COLORS = ['#7b1fa2', '#00838f', '#6d4c41', '#5c6bc0'];

export const LATENCY_SERIES: ChartSeries[] = [
  { key: 'p50', name: 'p50', color: '#1976d2' },
  { key: 'p95', name: 'p95', color: '#f57c00' },
  { key: 'p99', name: 'p99', color: '#d32f2f' },
];

export const ERROR_RATIO_SERIES: ChartSeries[] = [
  { key: 'errorRatio', name: 'Error ratio', color: '#d32f2f' },
];

/**
 * Joins series into rows keyed by timestamp, the shape recharts draws;
 * a series without a point at some time leaves a gap there, not a zero.
 */
export function mergeSeries(
  series: { key: string; points: [number, number][] }[],
  scale = 1,
): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  for (const { key, points } of series) {
    for (const [t, value] of points) {
      const row = rows.get(t) ?? { t };
      row[key] = Number.isFinite(value) ? value * scale : undefined;
      rows.set(t, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** The status class a request-rate series stands for (`2xx`, `5xx`, `error`, …). */
function statusClassOf(series: TimeSeries): string {
  const { labels } = series;
  return labels.status ?? labels.code ?? labels.status_class ?? 'all';
}

/**
 * The series worth drawing: one that is zero (or missing) everywhere adds
 * nothing to a stack but a line along the top of the others, where it reads
 * as their total.
 */
export function seriesWithValues(
  rows: ChartRow[],
  series: ChartSeries[],
): ChartSeries[] {
  return series.filter(s => rows.some(row => (row[s.key] ?? 0) !== 0));
}

/** The highest value a chart draws: of the stack's totals, or of any series. */
export function highestValue(
  rows: ChartRow[],
  series: ChartSeries[],
  stacked: boolean,
): number {
  let highest = 0;
  for (const row of rows) {
    const values = series.map(s => row[s.key] ?? 0);
    const value = stacked
      ? values.reduce((sum, v) => sum + v, 0)
      : Math.max(0, ...values);
    highest = Math.max(highest, value);
  }
  return highest;
}

/** Request rate per status class, successes first so errors sit on top. */
export function requestRateChart(requestRate: TimeSeries[]): {
  rows: ChartRow[];
  series: ChartSeries[];
} {
  const classes = requestRate
    .map(s => ({ key: statusClassOf(s), points: s.points }))
    .sort((a, b) => a.key.localeCompare(b.key));
  let other = 0;
  const series = classes.map(({ key }) => ({
    key,
    name: key === 'all' ? 'Requests' : key,
    color:
      STATUS_CLASS_COLORS[key] ?? OTHER_COLORS[other++ % OTHER_COLORS.length],
  }));
  return { rows: mergeSeries(classes), series };
}

/** The error ratio over time (0–1). */
export function errorRatioChart(errorRatio: TimeSeries[]): ChartRow[] {
  return mergeSeries(
    errorRatio.slice(0, 1).map(s => ({ key: 'errorRatio', points: s.points })),
  );
}

/** p50/p95/p99 latency over time, in milliseconds. */
export function latencyChart(latency: RedResponse['latency']): ChartRow[] {
  if (!latency) return [];
  return mergeSeries(
    LATENCY_SERIES.map(({ key }) => ({
      key,
      points: latency[key as keyof typeof latency][0]?.points ?? [],
    })),
    1000,
  );
}

/** Whether a response holds any traffic at all. */
export function hasTraffic(red: RedResponse): boolean {
  return red.requestRate.some(s => s.points.some(([, v]) => v > 0));
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICK_STEPS_MS = [
  ...[1, 2, 5, 10, 15, 30].map(n => n * SECOND),
  ...[1, 2, 5, 10, 15, 30].map(n => n * MINUTE),
  ...[1, 2, 3, 6, 12].map(n => n * HOUR),
  ...[1, 2, 7].map(n => n * DAY),
];

/** The ticks of a time axis and how each one reads. */
export type TimeAxis = { ticks: number[]; format(t: number): string };

/**
 * A time axis over `range`: ticks at round times of the viewer's clock
 * (every 10 minutes, every hour, …), the smallest such step that cuts the
 * range into at most `maxSteps` pieces, labelled as briefly as keeps them
 * apart: clock times within a day, days for day steps, both in between (two
 * ticks 24 h apart must not both read `12:00 PM`). Given to every chart of a
 * range, so their ticks are the same times; left to itself, recharts picks
 * ticks from the data, and a chart with other points (the latency chart's
 * exemplars) gets other ticks.
 */
export function timeAxis(
  range: { start: number; end: number },
  timeFormat: Pick<TimeFormatter, 'offsetMs' | 'time' | 'date' | 'dateTime'>,
  maxSteps = 6,
): TimeAxis {
  const span = range.end - range.start;
  if (!(span > 0)) return { ticks: [], format: timeFormat.dateTime };
  const step =
    TICK_STEPS_MS.find(s => span / s <= maxSteps) ??
    Math.ceil(span / maxSteps / DAY) * DAY;
  // Round in the viewer's zone: a 1 h step ticks on the hour also in UTC+05:30.
  const offset = timeFormat.offsetMs(range.start);
  const ticks: number[] = [];
  for (
    let t = Math.ceil((range.start + offset) / step) * step - offset;
    t <= range.end;
    t += step
  ) {
    ticks.push(t);
  }
  let format = timeFormat.dateTime;
  if (step >= DAY) format = timeFormat.date;
  else if (ticks.length < 2 || ticks[ticks.length - 1] - ticks[0] < DAY) {
    format = timeFormat.time;
  }
  return { ticks, format };
}

/** A row's total, for picking the extremes of its pixels; a gap counts as lowest. */
function rowTotal(row: ChartRow, keys: string[]): number {
  let total = 0;
  for (const key of keys) {
    const value = row[key];
    if (value === undefined) return -Infinity;
    total += value;
  }
  return total;
}

/**
 * The rows a chart `width` pixels wide can show, at most one per pixel: of
 * the rows of every two pixels, the lowest and the highest (by the series'
 * total), in time order, so a one-step spike, drop or gap still shows; and
 * always the last row, the value at the range's end. Recharts renders every
 * row it is given, and a 7-day range has more steps than the chart has
 * pixels.
 */
export function thinRows(
  rows: ChartRow[],
  series: ChartSeries[],
  width: number,
): ChartRow[] {
  // Two pixels each, so that their lowest and highest row fit.
  const buckets = Math.max(1, Math.floor(width / 2));
  if (rows.length <= buckets * 2) return rows;
  const keys = series.map(s => s.key);
  const thinned: ChartRow[] = [];
  const perBucket = rows.length / buckets;
  for (let bucket = 0; bucket < buckets; bucket++) {
    const first = Math.floor(bucket * perBucket);
    const end = Math.floor((bucket + 1) * perBucket);
    let low = first;
    let high = first;
    for (let i = first + 1; i < end; i++) {
      const total = rowTotal(rows[i], keys);
      if (total < rowTotal(rows[low], keys)) low = i;
      if (total > rowTotal(rows[high], keys)) high = i;
    }
    thinned.push(rows[Math.min(low, high)]);
    if (low !== high) thinned.push(rows[Math.max(low, high)]);
  }
  const last = rows[rows.length - 1];
  if (thinned[thinned.length - 1] !== last) thinned.push(last);
  return thinned;
}
