import {
  Box,
  makeStyles,
  Paper,
  Typography,
  useTheme,
} from '@material-ui/core';
import {
  memo,
  MouseEvent,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  useXAxisScale,
  useYAxisScale,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMs } from '../shared/format';
import { TimeFormatter, useTimeFormat } from '../shared/timeFormat';
import { useDragZoom } from '../shared/useDragZoom';
import { zoomSelectionArea } from '../shared/zoomSelectionArea';
import { DeploymentMarkers } from '../shared/DeploymentMarkers';
import { AdjustmentBands } from '../shared/AdjustmentBands';
import {
  ChartRow,
  ChartSeries,
  highestValue,
  seriesWithValues,
  thinRows,
  timeAxis,
} from './redChartData';
import { valueTicks } from './valueAxis';

/**
 * A sampled request drawn over the latency lines (an exemplar): where it
 * sits, and what its tooltip tells about it.
 */
export type ChartMarker = {
  t: number;
  /** Its duration, in the chart's unit (ms). */
  value: number;
  traceId: string;
  labels: Record<string, string>;
};

/** Labels that name the trace, shown as the trace id already. */
const TRACE_ID_LABELS = new Set(['trace_id', 'traceID', 'traceId']);
/** Labels instrumentation libraries put a request's outcome in. */
const STATUS_LABELS = ['status', 'code', 'status_code', 'http_status_code'];

const useChartStyles = makeStyles({
  // Recharts makes parts of the chart focusable; a drag focuses one, and
  // Chromium then frames the plot. Keep the frame for keyboard focus only.
  chart: { '& :focus:not(:focus-visible)': { outline: 'none' } },
});

type TooltipEntry = {
  dataKey?: unknown;
  name?: unknown;
  value?: unknown;
  color?: string;
};

const useTooltipStyle = () => {
  const theme = useTheme();
  return {
    background: theme.palette.background.paper,
    border: `1px solid ${theme.palette.divider}`,
    color: theme.palette.text.primary,
    padding: theme.spacing(1, 1.5),
    fontSize: 13,
  };
};

/**
 * The tooltip of the series at one time: each line's or area's value there,
 * nothing else (not the markers, whose own tooltip tells about them).
 */
export function SeriesTooltip(props: {
  active?: boolean;
  label?: unknown;
  payload?: readonly TooltipEntry[];
  series: ChartSeries[];
  formatValue(value: number): string;
  timeFormat: Pick<TimeFormatter, 'dateTime'>;
}) {
  const style = useTooltipStyle();
  const keys = new Set(props.series.map(s => s.key));
  const entries = (props.payload ?? []).filter(
    e => keys.has(String(e.dataKey)) && typeof e.value === 'number',
  );
  if (!props.active || entries.length === 0) return null;
  return (
    <Box style={style}>
      <Typography variant="body2">
        <strong>{props.timeFormat.dateTime(Number(props.label))}</strong>
      </Typography>
      {entries.map(e => (
        <Typography
          key={String(e.dataKey)}
          variant="body2"
          style={{ color: e.color }}
        >
          {String(e.name)}: {props.formatValue(Number(e.value))}
        </Typography>
      ))}
    </Box>
  );
}

/** What one sampled request was: its trace, duration, outcome and labels. */
export function ExemplarTooltip({
  marker,
  timeFormat,
}: {
  marker: ChartMarker;
  timeFormat: Pick<TimeFormatter, 'dateTimeSeconds'>;
}) {
  const style = useTooltipStyle();
  const status = STATUS_LABELS.map(l => marker.labels[l]).find(Boolean);
  const labels = Object.entries(marker.labels).filter(
    ([name]) => !TRACE_ID_LABELS.has(name) && !STATUS_LABELS.includes(name),
  );
  return (
    <Paper role="tooltip" style={style} elevation={3}>
      <Typography variant="body2">
        <strong>Sampled request</strong> ·{' '}
        {timeFormat.dateTimeSeconds(marker.t)}
      </Typography>
      <Typography variant="body2">Trace {marker.traceId}</Typography>
      <Typography variant="body2">Duration {formatMs(marker.value)}</Typography>
      <Typography variant="body2">Status {status ?? 'not recorded'}</Typography>
      {labels.map(([name, value]) => (
        <Typography key={name} variant="body2" color="textSecondary">
          {name}={value}
        </Typography>
      ))}
      <Typography variant="caption" color="textSecondary">
        Click to open the trace
      </Typography>
    </Paper>
  );
}

type HoveredMarker = { marker: ChartMarker; x: number; y: number };

/**
 * The pixel heights of the value ticks over a plot whose value axis runs
 * linearly from 0 at its bottom to the last tick at its top.
 */
export function gridLines(
  ticks: number[],
  plot: { top?: number; height?: number },
): number[] {
  const top = plot.top ?? 0;
  const height = plot.height ?? 0;
  const highest = ticks[ticks.length - 1];
  if (!highest) return [];
  return ticks.map(tick => top + height * (1 - tick / highest));
}

const noGridLines = () => [];

/** The legend's height under a chart, in px (about what recharts' own took). */
const LEGEND_HEIGHT = 18;

/**
 * The series' names under the chart, each after a swatch of its colour; the
 * names in the text colour, which (unlike a series colour) reads on both
 * themes. HTML of our own: recharts measures its legend after drawing the
 * chart, then draws the whole chart again to make room for it.
 */
function ChartLegend({ series }: { series: ChartSeries[] }) {
  return (
    <Box
      component="ul"
      className="chart-legend"
      display="flex"
      justifyContent="center"
      alignItems="center"
      flexWrap="wrap"
      height={LEGEND_HEIGHT}
      m={0}
      p={0}
      style={{ listStyle: 'none', fontSize: 14, lineHeight: 1, gap: 10 }}
    >
      {series.map(s => (
        <Box
          component="li"
          key={s.key}
          display="flex"
          alignItems="center"
          style={{ gap: 4 }}
        >
          <svg width={14} height={14} viewBox="0 0 32 32" aria-hidden>
            <path
              d="M0,16h10.667A5.333,5.333,0,1,1,21.333,16H32M21.333,16A5.333,5.333,0,1,1,10.667,16"
              stroke={s.color}
              strokeWidth={4}
              fill="none"
            />
          </svg>
          {s.name}
        </Box>
      ))}
    </Box>
  );
}

/**
 * The sampled requests over the lines: plain circles in one group, whose
 * pointer events the group handles. A recharts Scatter drew each as a symbol
 * in layers of its own with a store subscription per dot, and a few hundred
 * of them made mounting the latency chart a long task.
 */
function ExemplarDots({
  markers,
  color,
  onHover,
  onClick,
}: {
  markers: ChartMarker[];
  color: string;
  onHover(hovered: HoveredMarker | undefined): void;
  onClick?(marker: ChartMarker): void;
}) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  const dots = markers.map(marker => ({
    marker,
    x: x(marker.t) ?? 0,
    y: y(marker.value) ?? 0,
  }));
  const dotOf = (event: MouseEvent<SVGGElement>) => {
    const index = (event.target as SVGElement).dataset.index;
    return index === undefined ? undefined : dots[Number(index)];
  };
  return (
    <g
      cursor={onClick ? 'pointer' : undefined}
      onMouseOver={event => onHover(dotOf(event))}
      onMouseOut={() => onHover(undefined)}
      onClick={event => {
        const dot = dotOf(event);
        if (dot) onClick?.(dot.marker);
      }}
    >
      {dots.map((dot, index) => (
        <circle
          key={`${dot.marker.traceId}-${dot.marker.t}`}
          className="exemplar-dot"
          data-index={index}
          cx={dot.x}
          cy={dot.y}
          r={4.5}
          fill={color}
        />
      ))}
    </g>
  );
}

/**
 * One time-series chart in the page's theme: stacked areas or lines, a time
 * axis spanning exactly `range` with round-time ticks, round values on the
 * value axis, a tooltip for the series and another for the markers. With
 * `onZoom`, a drag across the chart picks a narrower range. Memoised: it
 * redraws only when its props change, not whenever the page renders.
 */
export const TimeSeriesChart = memo(function Chart(props: {
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
  onMarkerClick?(marker: ChartMarker): void;
  /** Called with the range dragged across; without it, dragging does nothing. */
  onZoom?(from: number, to: number): void;
  /** A sparkline: no axes, grid or legend. */
  compact?: boolean;
}) {
  const {
    description,
    rows,
    range,
    formatValue,
    stacked = false,
    height = 240,
    markers = [],
    onMarkerClick,
    onZoom,
    compact,
  } = props;
  const theme = useTheme();
  const classes = useChartStyles();
  const timeFormat = useTimeFormat();
  const [hovered, setHovered] = useState<HoveredMarker>();
  const zoom = useDragZoom(onZoom);
  const series = useMemo(
    () => (stacked ? seriesWithValues(rows, props.series) : props.series),
    [rows, props.series, stacked],
  );
  // Recharts draws only once it has measured the container; measuring it
  // first lets even that first drawing get no more rows than pixels.
  const container = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    setWidth(Math.round(container.current?.getBoundingClientRect().width ?? 0));
  }, []);
  const drawnRows = useMemo(
    () => (width > 0 ? thinRows(rows, series, width) : rows),
    [rows, series, width],
  );
  const axis = timeAxis(range, timeFormat);
  const yTicks = valueTicks(
    Math.max(highestValue(rows, series, stacked), ...markers.map(m => m.value)),
    formatValue,
  );
  const axisColor = theme.palette.text.secondary;
  const tickFont = { fill: axisColor, fontSize: 12 };
  return (
    <Box
      role="img"
      aria-label={description}
      className={classes.chart}
      height={height}
      position="relative"
      title={onZoom ? 'Drag across the chart to zoom in' : undefined}
    >
      <ResponsiveContainer
        ref={container}
        width="100%"
        height={compact ? '100%' : height - LEGEND_HEIGHT}
        onResize={containerWidth => setWidth(Math.round(containerWidth))}
      >
        <ComposedChart
          data={drawnRows}
          margin={
            compact
              ? { top: 2, right: 2, bottom: 2, left: 2 }
              : { top: 8, right: 16, bottom: 0, left: 8 }
          }
          {...zoom.handlers}
        >
          {!compact && (
            <CartesianGrid
              stroke={theme.palette.divider}
              vertical={false}
              // A line at each of our value ticks, placed here: recharts'
              // own placing first measures, in the DOM, the labels of ticks
              // of its own choosing (the axes' settings are not yet known
              // when the grid first draws).
              horizontalCoordinatesGenerator={({ offset }) =>
                gridLines(yTicks, offset)
              }
              verticalCoordinatesGenerator={noGridLines}
            />
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
            // Show every one of our round ticks (few enough not to collide):
            // hiding some would have recharts measure each label in the DOM
            // on every render.
            interval={0}
          />
          <YAxis
            hide={compact}
            domain={[0, yTicks[yTicks.length - 1]]}
            ticks={yTicks}
            interval={0}
            tickFormatter={formatValue}
            tick={tickFont}
            stroke={axisColor}
            width={80}
          />
          {!compact && (
            <Tooltip
              // A marker under the pointer has its own tooltip.
              active={hovered || zoom.dragging ? false : undefined}
              content={tooltip => (
                <SeriesTooltip
                  active={tooltip.active}
                  label={tooltip.label}
                  payload={tooltip.payload as readonly TooltipEntry[]}
                  series={series}
                  formatValue={formatValue}
                  timeFormat={timeFormat}
                />
              )}
            />
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
          {markers.length > 0 && (
            <ExemplarDots
              markers={markers}
              color={theme.palette.primary.main}
              onHover={setHovered}
              onClick={onMarkerClick}
            />
          )}
          <AdjustmentBands />
          <DeploymentMarkers />
          {zoomSelectionArea(zoom.selection, theme)}
        </ComposedChart>
      </ResponsiveContainer>
      {!compact && <ChartLegend series={series} />}
      {hovered && (
        <Box
          position="absolute"
          left={hovered.x + 12}
          top={hovered.y + 12}
          zIndex={1}
          style={{ pointerEvents: 'none' }}
        >
          <ExemplarTooltip marker={hovered.marker} timeFormat={timeFormat} />
        </Box>
      )}
    </Box>
  );
});

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
