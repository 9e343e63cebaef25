import { Box, Typography, useTheme } from '@material-ui/core';
import { TimeSeries } from '@sightline/plugin-observability-common';
import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { timeAxis } from '../OverviewSection/redChartData';
import { useTimeFormat } from '../shared/timeFormat';
import { useDragZoom } from '../shared/useDragZoom';
import { zoomSelectionArea } from '../shared/zoomSelectionArea';
import { DeploymentMarkers } from '../shared/DeploymentMarkers';
import { levelColour, volumeBuckets } from './logLevels';

/** Log lines per time bucket, stacked by level. */
export function LogVolumeChart({
  series,
  range,
  stepMs,
  onZoom,
}: {
  series: TimeSeries[];
  range: { start: number; end: number };
  stepMs: number;
  /** Called with the range dragged across the chart. */
  onZoom?(from: number, to: number): void;
}) {
  const theme = useTheme();
  const { buckets, levels } = useMemo(
    () => volumeBuckets(series, range, stepMs),
    [series, range, stepMs],
  );
  const timeFormat = useTimeFormat();
  const axis = timeAxis(range, timeFormat);
  const zoom = useDragZoom(onZoom);
  const axisColour = theme.palette.text.secondary;

  if (levels.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No log lines in this range.
      </Typography>
    );
  }
  return (
    <Box height={180} aria-label="Log volume by level" role="img">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={buckets} barCategoryGap={1} {...zoom.handlers}>
          <CartesianGrid
            strokeDasharray="3 3"
            stroke={theme.palette.divider}
            vertical={false}
          />
          <XAxis
            dataKey="time"
            type="number"
            domain={[range.start, range.end]}
            ticks={axis.ticks}
            tickFormatter={axis.format}
            stroke={axisColour}
            tick={{ fill: axisColour, fontSize: 12 }}
            minTickGap={40}
          />
          <YAxis
            allowDecimals={false}
            stroke={axisColour}
            tick={{ fill: axisColour, fontSize: 12 }}
            width={48}
            label={{
              value: 'lines',
              angle: -90,
              position: 'insideLeft',
              fill: axisColour,
              fontSize: 12,
            }}
          />
          <Tooltip
            active={zoom.dragging ? false : undefined}
            labelFormatter={value => timeFormat.dateTime(Number(value))}
            contentStyle={{
              background: theme.palette.background.paper,
              border: `1px solid ${theme.palette.divider}`,
              color: theme.palette.text.primary,
            }}
            cursor={{ fill: theme.palette.action.hover }}
          />
          <Legend wrapperStyle={{ color: theme.palette.text.primary }} />
          {levels.map(level => (
            <Bar
              key={level}
              dataKey={level}
              name={level}
              stackId="level"
              fill={levelColour(level, theme.palette.type)}
              isAnimationActive={false}
            />
          ))}
          <DeploymentMarkers />
          {zoomSelectionArea(zoom.selection, theme)}
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}
