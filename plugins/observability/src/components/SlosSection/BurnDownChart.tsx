import { Box, useTheme } from '@material-ui/core';
import {
  BurnDownPoint,
  daySpans,
  formatSloPercent,
  SloDefinition,
  SloPeriod,
  sloPeriod,
} from '@sightline/plugin-observability-common';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTimeFormat } from '../shared/timeFormat';
import { DeploymentMarkers } from '../shared/DeploymentMarkers';
import { AdjustmentBands } from '../shared/AdjustmentBands';

const DAY_MS = 86_400_000;

/** One row of the chart: an instant (epoch ms) and the budget left then, in percent. */
export type BurnDownRow = {
  t: number;
  remaining: number | null;
  even: number;
};

/**
 * Each day's remaining budget beside an even spend, on a time axis over the
 * SLO's period (`sloPeriod`: the rolling window up to the instant, or the
 * calendar month or week containing it), so a cliff (an incident) and a
 * slope steeper than even (a slow leak) both stand out, and the chart
 * reaches as far as the headline figures do.
 *
 * A day's point sits where its span ends (`daySpans`, in the period's time
 * zone), the last at its `until`, the instant evaluated; a day outside the
 * spans (stored history keeps whole UTC days) at its UTC end. The line
 * starts at 100% where the period starts, as nothing is spent before it.
 * The even spend runs from 100% there to 0% where the period ends; rows run
 * to that end, without a budget figure after the last point. At 0 the SLI
 * equals the objective.
 */
export function burnDownRows(
  points: BurnDownPoint[],
  period: Pick<SloPeriod, 'startMs' | 'endMs' | 'timeZone'>,
  atMs: number,
): BurnDownRow[] {
  if (points.length === 0) return [];
  const { startMs, endMs } = period;
  const spanEnds = new Map(
    daySpans(startMs, atMs, period.timeZone).map(d => [d.day, d.endMs]),
  );
  const at = (point: BurnDownPoint) => {
    if (point.until) return Date.parse(point.until);
    const utcEnd = Date.parse(`${point.day}T00:00:00Z`) + DAY_MS;
    return spanEnds.get(point.day) ?? Math.min(Math.max(utcEnd, startMs), atMs);
  };
  const even = (t: number) =>
    Math.max(0, (1 - (t - startMs) / (endMs - startMs)) * 100);
  const rows: BurnDownRow[] = [
    {
      t: startMs,
      remaining: points[0].remaining === undefined ? null : 100,
      even: 100,
    },
    ...points.map(point => ({
      t: at(point),
      remaining: point.remaining === undefined ? null : point.remaining * 100,
      even: even(at(point)),
    })),
  ];
  if (rows[rows.length - 1].t < endMs) {
    rows.push({ t: endMs, remaining: null, even: 0 });
  }
  return rows;
}

/** Where the period's local days begin, at most about ten of them, as ticks. */
function dayTicks(period: SloPeriod): Array<{ t: number; day: string }> {
  const days = daySpans(period.startMs, period.endMs, period.timeZone).slice(1);
  const step = Math.max(1, Math.ceil(days.length / 10));
  return days
    .filter((_, i) => i % step === 0)
    .map(d => ({ t: d.startMs, day: d.day }));
}

export function BurnDownChart(props: {
  points: BurnDownPoint[];
  definition: Pick<SloDefinition, 'name' | 'windowMs' | 'calendar'>;
  /** The evaluation instant, ISO 8601. */
  at: string;
}) {
  const theme = useTheme();
  const timeFormat = useTimeFormat();
  const atMs = Date.parse(props.at);
  const period = sloPeriod(props.definition, atMs);
  const rows = burnDownRows(props.points, period, atMs);
  const ticks = dayTicks(period);
  // The SLO's days are days of its own zone; noon UTC of one falls on that
  // same date in every zone within ±12 h, so the viewer's formatter names it.
  const tickLabels = new Map(
    ticks.map(tick => [
      tick.t,
      timeFormat.date(Date.parse(`${tick.day}T12:00:00Z`)),
    ]),
  );
  const axis = { fill: theme.palette.text.secondary, fontSize: 12 };
  const lowest = Math.min(0, ...rows.map(r => r.remaining ?? 0));
  return (
    <Box
      height={260}
      role="img"
      aria-label={`Burn-down of ${props.definition.name}: budget remaining per day`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={rows}
          margin={{ top: 8, right: 24, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke={theme.palette.divider} strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[period.startMs, period.endMs]}
            ticks={ticks.map(tick => tick.t)}
            tickFormatter={(t: number) => tickLabels.get(t) ?? ''}
            tick={axis}
            minTickGap={16}
          />
          <YAxis
            tick={axis}
            domain={[Math.floor(lowest / 25) * 25, 100]}
            tickFormatter={v => `${v}%`}
            width={48}
          />
          <Tooltip
            labelFormatter={(t: unknown) =>
              typeof t === 'number'
                ? `${timeFormat.dateTime(t)}${t === atMs ? ' (evaluated)' : ''}`
                : ''
            }
            formatter={(value: unknown, name: unknown) => [
              typeof value === 'number'
                ? formatSloPercent(value / 100, 1)
                : '–',
              String(name),
            ]}
            contentStyle={{
              background: theme.palette.background.paper,
              borderColor: theme.palette.divider,
              color: theme.palette.text.primary,
            }}
          />
          <Legend wrapperStyle={{ color: theme.palette.text.primary }} />
          <ReferenceLine
            y={0}
            stroke={theme.palette.error.main}
            strokeDasharray="4 4"
            label={{
              value: 'Objective (budget spent)',
              position: 'insideBottomLeft',
              fill: theme.palette.error.main,
              fontSize: 12,
            }}
          />
          <AdjustmentBands />
          <DeploymentMarkers />
          {atMs < period.endMs && (
            // A calendar period goes on after the instant: mark where it is.
            <ReferenceLine
              x={atMs}
              stroke={theme.palette.text.secondary}
              label={{
                value: 'Evaluated',
                position: 'insideTopRight',
                fill: theme.palette.text.secondary,
                fontSize: 12,
              }}
            />
          )}
          <Line
            type="monotone"
            dataKey="even"
            name="Even spend"
            stroke={theme.palette.text.secondary}
            strokeDasharray="6 4"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="remaining"
            name="Budget remaining"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}
