import { Box, Typography, useTheme } from '@material-ui/core';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTimeFormat } from '../shared/timeFormat';
import { ChartRow, ChartSeries, timeAxis } from './redChartData';

/** A point drawn over the lines that opens something when clicked. */
export type ChartMarker = { t: number; value: number; label: string };

/**
 * One time-series chart in the page's theme: stacked areas or lines, a time
 * axis spanning exactly `range` with round-time ticks, units on the value
 * axis and tooltip.
 */
export function TimeSeriesChart(props: {
  /** Read by screen readers; the chart itself is a picture. */
  description: string;
  rows: ChartRow[];
  series: ChartSeries[];
  /**
   * The x axis, epoch ms: the range the backend queried (`RedResponse.range`),
   * so charts of one response line up whatever their data or markers hold.
   */
  range: { start: number; end: number };
  formatValue(value: number): string;
  stacked?: boolean;
  height?: number;
  /** Drawn as dots; clicking one calls `onMarkerClick`. */
  markers?: ChartMarker[];
  markersName?: string;
  onMarkerClick?(marker: ChartMarker): void;
  /** A sparkline: no axes, grid or legend. */
  compact?: boolean;
}) {
  const {
    description,
    rows,
    series,
    range,
    formatValue,
    stacked,
    height = 240,
    markers,
    markersName = 'Exemplars',
    onMarkerClick,
    compact,
  } = props;
  const theme = useTheme();
  const timeFormat = useTimeFormat();
  const axis = timeAxis(range, timeFormat);
  const axisColor = theme.palette.text.secondary;
  const tickFont = { fill: axisColor, fontSize: 12 };
  return (
    <Box role="img" aria-label={description} height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={rows}
          margin={
            compact
              ? { top: 2, right: 2, bottom: 2, left: 2 }
              : { top: 8, right: 16, bottom: 0, left: 8 }
          }
        >
          {!compact && (
            <CartesianGrid stroke={theme.palette.divider} vertical={false} />
          )}
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[range.start, range.end]}
            // Without this, recharts widens the domain to fit the data, so a
            // chart with an earlier point or marker would start earlier; with
            // it, anything outside the range is clipped.
            allowDataOverflow
            ticks={compact ? undefined : axis.ticks}
            hide={compact}
            tickFormatter={axis.format}
            tick={tickFont}
            stroke={axisColor}
            minTickGap={16}
          />
          <YAxis
            hide={compact}
            tickFormatter={formatValue}
            tick={tickFont}
            stroke={axisColor}
            width={80}
          />
          {!compact && (
            <Tooltip
              labelFormatter={t => timeFormat.dateTime(Number(t))}
              formatter={value => formatValue(Number(value))}
              contentStyle={{
                background: theme.palette.background.paper,
                border: `1px solid ${theme.palette.divider}`,
                color: theme.palette.text.primary,
              }}
            />
          )}
          {!compact && (
            <Legend wrapperStyle={{ color: theme.palette.text.primary }} />
          )}
          {series.map(s =>
            stacked ? (
              <Area
                key={s.key}
                dataKey={s.key}
                name={s.name}
                stackId="stack"
                type="monotone"
                stroke={s.color}
                fill={s.color}
                fillOpacity={0.35}
                isAnimationActive={false}
                connectNulls={false}
              />
            ) : (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.name}
                type="monotone"
                stroke={s.color}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
            ),
          )}
          {markers && markers.length > 0 && (
            <Scatter
              name={markersName}
              data={markers}
              dataKey="value"
              fill={theme.palette.primary.main}
              cursor={onMarkerClick ? 'pointer' : undefined}
              onClick={point =>
                onMarkerClick?.((point as { payload: ChartMarker }).payload)
              }
              isAnimationActive={false}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </Box>
  );
}

/** A chart with its heading, as one panel of a section. */
export function ChartPanel(props: {
  title: string;
  subtitle?: string;
  children: JSX.Element;
}) {
  return (
    <Box>
      <Typography variant="h6" component="h3">
        {props.title}
      </Typography>
      {props.subtitle && (
        <Typography variant="body2" color="textSecondary">
          {props.subtitle}
        </Typography>
      )}
      <Box mt={1}>{props.children}</Box>
    </Box>
  );
}
