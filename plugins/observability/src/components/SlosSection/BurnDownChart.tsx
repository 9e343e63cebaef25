import { Box, useTheme } from '@material-ui/core';
import {
  BurnDownPoint,
  formatSloPercent,
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

const DAY_MS = 86_400_000;

/** One row of the chart: an instant (epoch ms) and the budget left then, in percent. */
export type BurnDownRow = {
  t: number;
  remaining: number | null;
  even: number;
};

/**
 * Each day's remaining budget beside an even spend, on a time axis that ends
 * at the evaluation instant `atMs`, so a cliff (an incident) and a slope
 * steeper than even (a slow leak) both stand out, and the chart reaches as
 * far as the headline figures do. A day's point sits at the day's end (UTC),
 * or at `atMs` for the day in progress; the line starts at 100% when the
 * first day begins, as nothing is spent before it. The even spend runs from
 * 100% there to 0% at `atMs`; when the points end before `atMs`, the chart
 * still reaches it, with no budget figure after the last point. At 0 the
 * SLI equals the objective.
 */
export function burnDownRows(
  points: BurnDownPoint[],
  atMs: number,
): BurnDownRow[] {
  if (points.length === 0) return [];
  const startMs = Date.parse(`${points[0].day}T00:00:00Z`);
  const even = (t: number) =>
    Math.max(0, (1 - (t - startMs) / (atMs - startMs)) * 100);
  const rows: BurnDownRow[] = [
    {
      t: startMs,
      remaining: points[0].remaining === undefined ? null : 100,
      even: 100,
    },
  ];
  for (const point of points) {
    const t = Math.min(Date.parse(`${point.day}T00:00:00Z`) + DAY_MS, atMs);
    rows.push({
      t,
      remaining: point.remaining === undefined ? null : point.remaining * 100,
      even: even(t),
    });
  }
  // Days still to come from the backend leave a gap, not a shorter chart.
  if (rows[rows.length - 1].t < atMs) {
    rows.push({ t: atMs, remaining: null, even: 0 });
  }
  return rows;
}

/** Midnights (UTC) from `startMs` to `endMs`, at most about ten of them. */
function dayTicks(startMs: number, endMs: number): number[] {
  const first = Math.ceil(startMs / DAY_MS) * DAY_MS;
  const step = Math.max(1, Math.ceil((endMs - first) / DAY_MS / 10)) * DAY_MS;
  const ticks: number[] = [];
  for (let t = first; t <= endMs; t += step) ticks.push(t);
  return ticks;
}

const utc = (ms: number) => new Date(ms).toISOString();

export function BurnDownChart(props: {
  points: BurnDownPoint[];
  name: string;
  /** The evaluation instant, ISO 8601: where the chart ends. */
  at: string;
}) {
  const theme = useTheme();
  const atMs = Date.parse(props.at);
  const rows = burnDownRows(props.points, atMs);
  const axis = { fill: theme.palette.text.secondary, fontSize: 12 };
  const lowest = Math.min(0, ...rows.map(r => r.remaining ?? 0));
  return (
    <Box
      height={260}
      role="img"
      aria-label={`Burn-down of ${props.name}: budget remaining per day`}
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
            domain={[rows[0]?.t ?? atMs, atMs]}
            ticks={dayTicks(rows[0]?.t ?? atMs, atMs)}
            tickFormatter={(t: number) => utc(t).slice(5, 10)}
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
                ? `${utc(t).slice(0, 16).replace('T', ' ')} UTC${
                    t === atMs ? ' (evaluated)' : ''
                  }`
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
