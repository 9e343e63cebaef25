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

/**
 * Each day's remaining budget beside an even spend, so a cliff (an incident)
 * and a slope steeper than even (a slow leak) both stand out. At 0 the SLI
 * equals the objective.
 */
export function burnDownRows(points: BurnDownPoint[]) {
  return points.map((point, index) => ({
    day: point.day.slice(5),
    remaining: point.remaining === undefined ? null : point.remaining * 100,
    even: (1 - (index + 1) / points.length) * 100,
  }));
}

export function BurnDownChart(props: {
  points: BurnDownPoint[];
  name: string;
}) {
  const theme = useTheme();
  const rows = burnDownRows(props.points);
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
          <XAxis dataKey="day" tick={axis} minTickGap={16} />
          <YAxis
            tick={axis}
            domain={[Math.floor(lowest / 25) * 25, 100]}
            tickFormatter={v => `${v}%`}
            width={48}
          />
          <Tooltip
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
