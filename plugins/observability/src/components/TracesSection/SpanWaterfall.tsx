import { Box, IconButton, makeStyles, Typography } from '@material-ui/core';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import ErrorIcon from '@material-ui/icons/Error';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import WarningIcon from '@material-ui/icons/Warning';
import { TreeSpan } from '@sightline/plugin-observability-common';
import { KeyboardEvent, useMemo } from 'react';
import { formatMs } from '../shared';
import { useToggleSet } from '../shared/useToggleSet';
import {
  descendantCounts,
  durationLabelPlacement,
  serviceColour,
  timeTicks,
  visibleSpans,
} from './waterfall';

const NAME_COLUMN = '36%';
const INDENT_PX = 16;

const useStyles = makeStyles(theme => ({
  header: {
    display: 'flex',
    borderBottom: `1px solid ${theme.palette.divider}`,
    height: 28,
    alignItems: 'flex-end',
  },
  row: {
    display: 'flex',
    alignItems: 'center',
    minHeight: 30,
    cursor: 'pointer',
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:hover': { background: theme.palette.action.hover },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
  },
  selected: {
    background: theme.palette.action.selected,
    '&:hover': { background: theme.palette.action.selected },
  },
  name: {
    width: NAME_COLUMN,
    flexShrink: 0,
    display: 'flex',
    alignItems: 'center',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    paddingRight: theme.spacing(1),
    gap: 4,
  },
  toggleSpacer: { width: 30, flexShrink: 0 },
  swatch: { width: 10, height: 10, borderRadius: 2, flexShrink: 0 },
  service: { fontWeight: 600, fontSize: 13 },
  spanName: {
    fontSize: 13,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  timeline: {
    flex: 1,
    position: 'relative',
    alignSelf: 'stretch',
    borderLeft: `1px solid ${theme.palette.divider}`,
    // Nothing drawn on the timeline may spill onto the span names.
    overflow: 'hidden',
  },
  tick: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    borderLeft: `1px dashed ${theme.palette.divider}`,
  },
  tickLabel: {
    position: 'absolute',
    bottom: 2,
    transform: 'translateX(-50%)',
    fontSize: 11,
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  bar: {
    position: 'absolute',
    top: 8,
    height: 14,
    minWidth: 2,
    borderRadius: 2,
  },
  errorBar: {
    // Hatching as well as the red outline, so the mark does not rely on colour.
    outline: `2px solid ${theme.palette.error.main}`,
    backgroundImage:
      'repeating-linear-gradient(135deg, transparent 0 4px, rgba(0,0,0,0.35) 4px 6px)',
  },
  duration: {
    position: 'absolute',
    top: 7,
    fontSize: 12,
    whiteSpace: 'nowrap',
    color: theme.palette.text.primary,
  },
  durationInside: {
    top: 6,
    padding: '0 4px',
    borderRadius: 2,
    background: theme.palette.background.paper,
  },
  errorIcon: { color: theme.palette.error.main, fontSize: 18 },
  warningIcon: { color: theme.palette.warning.main, fontSize: 18 },
}));

const PROBLEM_TEXT: Record<NonNullable<TreeSpan['problem']>, string> = {
  'missing-parent':
    'Its parent span is not in the trace (not received or sampled away); shown as a root.',
  cycle: 'Its ancestry loops back to itself; shown as a root.',
  'duplicate-id': 'Another span has the same id; kept under a suffixed id.',
};

/** Percent of the trace's duration, for positioning on the time axis. */
function percent(ms: number, durationMs: number) {
  return durationMs > 0 ? (ms / durationMs) * 100 : 0;
}

function TimeAxis({ durationMs }: { durationMs: number }) {
  const classes = useStyles();
  return (
    <div className={classes.header} aria-hidden="true">
      <Box width={NAME_COLUMN} flexShrink={0} pl={1}>
        <Typography variant="caption" color="textSecondary">
          Service · span
        </Typography>
      </Box>
      <div className={classes.timeline}>
        {timeTicks(durationMs).map(t => (
          <span
            key={t}
            className={classes.tickLabel}
            style={{
              left: `${Math.min(percent(t, durationMs), 97)}%`,
              // Centred on its tick, `0 ms` would be cut by the timeline's edge.
              transform: t === 0 ? 'translateX(4px)' : undefined,
            }}
          >
            {formatMs(t)}
          </span>
        ))}
      </div>
    </div>
  );
}

/**
 * The trace's spans as a waterfall: nested by depth, bars placed on the
 * trace's time axis, coloured by service, errors marked with an icon and a
 * hatched, outlined bar. Subtrees collapse; a click selects a span.
 */
export function SpanWaterfall({
  spans,
  traceStartMs,
  durationMs,
  selectedSpanId,
  onSelect,
}: {
  spans: TreeSpan[];
  traceStartMs: number;
  durationMs: number;
  selectedSpanId?: string;
  onSelect(spanId: string): void;
}) {
  const classes = useStyles();
  const [collapsed, toggle] = useToggleSet();
  const hiddenCounts = useMemo(() => descendantCounts(spans), [spans]);
  const shown = useMemo(
    () => visibleSpans(spans, collapsed),
    [spans, collapsed],
  );
  const ticks = timeTicks(durationMs);

  const onKeyDown = (event: KeyboardEvent, span: TreeSpan) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(span.spanId);
    } else if (event.key === 'ArrowLeft' && span.childSpanIds.length > 0) {
      if (!collapsed.has(span.spanId)) toggle(span.spanId);
    } else if (event.key === 'ArrowRight' && collapsed.has(span.spanId)) {
      toggle(span.spanId);
    }
  };

  return (
    <div>
      <TimeAxis durationMs={durationMs} />
      <div role="tree" aria-label="Span waterfall">
        {shown.map(span => {
          const offset = span.startMs - traceStartMs;
          const left = percent(offset, durationMs);
          const width = percent(span.durationMs, durationMs);
          const isError = span.status.code === 'error';
          const hasChildren = span.childSpanIds.length > 0;
          const isCollapsed = collapsed.has(span.spanId);
          const colour = serviceColour(span.service);
          const labelPlacement = durationLabelPlacement(left, width);
          return (
            <div
              key={span.spanId}
              role="treeitem"
              aria-level={span.depth + 1}
              aria-expanded={hasChildren ? !isCollapsed : undefined}
              aria-selected={span.spanId === selectedSpanId}
              aria-label={`${span.service} ${span.name}, ${formatMs(
                span.durationMs,
              )}${isError ? ', error' : ''}`}
              data-testid="waterfall-row"
              data-depth={span.depth}
              tabIndex={0}
              className={`${classes.row} ${
                span.spanId === selectedSpanId ? classes.selected : ''
              }`}
              onClick={() => onSelect(span.spanId)}
              onKeyDown={e => onKeyDown(e, span)}
            >
              <div
                className={classes.name}
                style={{ paddingLeft: span.depth * INDENT_PX }}
              >
                {hasChildren ? (
                  <IconButton
                    size="small"
                    aria-label={
                      isCollapsed
                        ? `Expand ${span.name} (${hiddenCounts.get(
                            span.spanId,
                          )} spans hidden)`
                        : `Collapse ${span.name}`
                    }
                    onClick={e => {
                      e.stopPropagation();
                      toggle(span.spanId);
                    }}
                  >
                    {isCollapsed ? (
                      <ChevronRightIcon fontSize="small" />
                    ) : (
                      <ExpandMoreIcon fontSize="small" />
                    )}
                  </IconButton>
                ) : (
                  <span className={classes.toggleSpacer} />
                )}
                <span
                  className={classes.swatch}
                  style={{ background: colour }}
                />
                <span className={classes.service}>{span.service}</span>
                <span className={classes.spanName} title={span.name}>
                  {span.name}
                </span>
                {isError && (
                  <ErrorIcon
                    className={classes.errorIcon}
                    titleAccess={
                      span.status.message
                        ? `error: ${span.status.message}`
                        : 'error'
                    }
                  />
                )}
                {span.problem && (
                  <WarningIcon
                    className={classes.warningIcon}
                    titleAccess={PROBLEM_TEXT[span.problem]}
                  />
                )}
                {isCollapsed && (
                  <Typography variant="caption" color="textSecondary">
                    +{hiddenCounts.get(span.spanId)}
                  </Typography>
                )}
              </div>
              <div className={classes.timeline}>
                {ticks.map(t => (
                  <span
                    key={t}
                    className={classes.tick}
                    style={{ left: `${percent(t, durationMs)}%` }}
                  />
                ))}
                <span
                  className={`${classes.bar} ${
                    isError ? classes.errorBar : ''
                  }`}
                  style={{
                    left: `${left}%`,
                    width: `${width}%`,
                    backgroundColor: colour,
                  }}
                  data-testid="waterfall-bar"
                />
                <span
                  className={`${classes.duration} ${
                    labelPlacement === 'inside' ? classes.durationInside : ''
                  }`}
                  data-placement={labelPlacement}
                  style={
                    {
                      after: { left: `calc(${left + width}% + 6px)` },
                      before: { right: `calc(${100 - left}% + 6px)` },
                      inside: { right: `calc(${100 - left - width}% + 4px)` },
                    }[labelPlacement]
                  }
                >
                  {formatMs(span.durationMs)}
                </span>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
