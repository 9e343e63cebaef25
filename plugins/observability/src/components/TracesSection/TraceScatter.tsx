import { Link } from '@backstage/core-components';
import {
  Box,
  makeStyles,
  Theme,
  Typography,
  useTheme,
} from '@material-ui/core';
import { TraceSummary } from '@sightline/plugin-observability-common';
import { MouseEvent, useRef } from 'react';
import { timeAxis } from '../OverviewSection/redChartData';
import { valueTicks } from '../OverviewSection/valueAxis';
import { formatMs } from '../shared';
import { useTimeFormat } from '../shared/timeFormat';
import { useDragZoom } from '../shared/useDragZoom';

const PLOT_HEIGHT = 180;
const Y_AXIS_WIDTH = 64;
const DOT = 9;
/** Room around the plot for the halves of edge ticks' labels (and dots) that stick out. */
const TOP_MARGIN = 8;
const RIGHT_MARGIN = 40;

/** How a dot is drawn and named: by the root span, with failures under an ok root apart. */
export type TraceOutcome = 'error' | 'has-errors' | 'ok' | 'unknown';

export function traceOutcome(trace: TraceSummary): TraceOutcome {
  if (trace.status === 'ok' && trace.errorCount) return 'has-errors';
  return trace.status;
}

export const OUTCOME_LABELS: Record<TraceOutcome, string> = {
  error: 'error',
  'has-errors': 'ok, has failed spans',
  ok: 'ok',
  unknown: 'unknown',
};

function outcomeColours(theme: Theme): Record<TraceOutcome, string> {
  return {
    error: theme.palette.error.main,
    'has-errors': theme.palette.warning.main,
    ok: theme.palette.primary.main,
    unknown: theme.palette.text.disabled,
  };
}

const useStyles = makeStyles(theme => ({
  root: {
    overflow: 'hidden',
    paddingTop: TOP_MARGIN,
    paddingRight: RIGHT_MARGIN,
  },
  chart: { display: 'flex', userSelect: 'none' },
  yAxis: { position: 'relative', width: Y_AXIS_WIDTH, flexShrink: 0 },
  plot: {
    position: 'relative',
    flexGrow: 1,
    height: PLOT_HEIGHT,
    borderLeft: `1px solid ${theme.palette.divider}`,
    borderBottom: `1px solid ${theme.palette.divider}`,
    cursor: 'crosshair',
  },
  gridLine: {
    position: 'absolute',
    left: 0,
    right: 0,
    borderTop: `1px dashed ${theme.palette.divider}`,
  },
  tick: {
    position: 'absolute',
    fontSize: 12,
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  yTick: { right: 6, transform: 'translateY(50%)' },
  xAxis: { position: 'relative', height: 20, marginLeft: Y_AXIS_WIDTH },
  xTick: { top: 2, transform: 'translateX(-50%)' },
  selection: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    background: theme.palette.action.selected,
    pointerEvents: 'none',
  },
  dot: {
    position: 'absolute',
    width: DOT,
    height: DOT,
    marginLeft: -DOT / 2,
    marginBottom: -DOT / 2,
    borderRadius: '50%',
    opacity: 0.75,
    '&:hover, &:focus-visible': {
      opacity: 1,
      outline: `2px solid ${theme.palette.text.primary}`,
    },
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginLeft: Y_AXIS_WIDTH,
    marginTop: theme.spacing(0.5),
  },
  swatch: {
    display: 'inline-block',
    width: DOT,
    height: DOT,
    borderRadius: '50%',
    marginRight: 4,
  },
}));

const percent = (fraction: number) =>
  `${Math.min(100, Math.max(0, fraction * 100))}%`;

/**
 * The traces' durations over the whole range, one dot each (as Tempo,
 * Jaeger and Datadog draw them). A dot opens its trace; a drag across the
 * plot zooms the shared range to the dragged times, where the search
 * samples again, densely.
 */
export function TraceScatter({
  traces,
  range,
  traceLink,
  onZoom,
}: {
  traces: TraceSummary[];
  /** Epoch milliseconds: the range searched. */
  range: { start: number; end: number };
  traceLink(traceId: string): string;
  onZoom(from: number, to: number): void;
}) {
  const classes = useStyles();
  const colours = outcomeColours(useTheme());
  const timeFormat = useTimeFormat();
  const plot = useRef<HTMLDivElement>(null);
  const zoom = useDragZoom(onZoom);
  const span = range.end - range.start || 1;
  const xAxis = timeAxis(range, timeFormat);
  const yTicks = valueTicks(
    Math.max(0, ...traces.map(t => t.durationMs)),
    formatMs,
  );
  const yMax = yTicks[yTicks.length - 1] || 1;
  const x = (t: number) => (t - range.start) / span;
  const inPlot = (t: TraceSummary) =>
    t.startMs >= range.start && t.startMs <= range.end;

  // The drag logic is the charts' own; here the pointer's time comes from its place on the plot.
  const pointer = (event: MouseEvent) => {
    const box = plot.current!.getBoundingClientRect();
    const fraction = box.width ? (event.clientX - box.left) / box.width : 0;
    return {
      activeLabel: range.start + Math.min(1, Math.max(0, fraction)) * span,
    };
  };

  return (
    <Box className={classes.root}>
      <div className={classes.chart}>
        <div className={classes.yAxis} aria-hidden>
          {yTicks.map(v => (
            <span
              key={v}
              className={`${classes.tick} ${classes.yTick}`}
              style={{ bottom: percent(v / yMax) }}
            >
              {formatMs(v)}
            </span>
          ))}
        </div>
        {/* The drag is the pointer's shortcut to a custom range in the time picker, which keyboards use. */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions */}
        <div
          ref={plot}
          className={classes.plot}
          role="group"
          aria-label="Trace durations over time"
          title="Drag across the plot to zoom in; a dot opens its trace"
          data-testid="trace-scatter-plot"
          onMouseDown={e => zoom.handlers?.onMouseDown(pointer(e))}
          onMouseMove={e => zoom.handlers?.onMouseMove(pointer(e))}
          onMouseUp={() => zoom.handlers?.onMouseUp()}
          onMouseLeave={() => zoom.handlers?.onMouseLeave()}
        >
          {yTicks.slice(1).map(v => (
            <div
              key={v}
              className={classes.gridLine}
              style={{ bottom: percent(v / yMax) }}
            />
          ))}
          {zoom.selection && (
            <div
              className={classes.selection}
              data-testid="trace-scatter-selection"
              style={{
                left: percent(x(zoom.selection.x1)),
                width: percent((zoom.selection.x2 - zoom.selection.x1) / span),
              }}
            />
          )}
          {/* Only the traces inside the plotted range: an upstream may answer
              one that started a moment past its end, which would sit off
              the plot's edge where nobody can click it. */}
          {traces.filter(inPlot).map(t => {
            const outcome = traceOutcome(t);
            return (
              <Link
                key={t.traceId}
                to={traceLink(t.traceId)}
                className={classes.dot}
                style={{
                  background: colours[outcome],
                  left: percent(x(t.startMs)),
                  bottom: percent(t.durationMs / yMax),
                }}
                aria-label={`${t.rootName ?? t.traceId.slice(0, 8)}: ${formatMs(
                  t.durationMs,
                )}, ${
                  OUTCOME_LABELS[outcome]
                }, started ${timeFormat.dateTimeSeconds(t.startMs)}`}
                // A drag starting on a dot is still a drag of the plot.
                draggable={false}
              />
            );
          })}
        </div>
      </div>
      <div className={classes.xAxis} aria-hidden>
        {xAxis.ticks.map(t => (
          <span
            key={t}
            className={`${classes.tick} ${classes.xTick}`}
            style={{ left: percent(x(t)) }}
          >
            {xAxis.format(t)}
          </span>
        ))}
      </div>
      <div className={classes.legend}>
        {(Object.keys(OUTCOME_LABELS) as TraceOutcome[]).map(outcome => (
          <Typography key={outcome} variant="caption">
            <span
              className={classes.swatch}
              style={{ background: colours[outcome] }}
            />
            {OUTCOME_LABELS[outcome]}
          </Typography>
        ))}
      </div>
    </Box>
  );
}
