import { Link } from '@backstage/core-components';
import {
  Box,
  IconButton,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableRow,
  useTheme,
} from '@material-ui/core';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { LogLine } from '@sightline/plugin-observability-common';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useSectionLink } from '../shared/sectionLink';
import { useTimeFormat } from '../shared/timeFormat';
import { useToggleSet } from '../shared/useToggleSet';
import { levelColour } from './logLevels';

const ROW_HEIGHT = 30;
const MESSAGE_FIELDS = ['msg', 'message', 'event'];

const useStyles = makeStyles(theme => ({
  scroller: {
    height: 560,
    overflowY: 'auto',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    fontSize: 13,
  },
  row: {
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  summary: {
    display: 'flex',
    alignItems: 'center',
    height: ROW_HEIGHT,
    gap: theme.spacing(1),
    paddingRight: theme.spacing(1),
    whiteSpace: 'nowrap',
  },
  expandSpacer: { width: 30, flexShrink: 0 },
  time: { color: theme.palette.text.secondary, flexShrink: 0 },
  level: {
    flexShrink: 0,
    width: 56,
    fontWeight: 600,
    textTransform: 'uppercase',
    fontSize: 12,
    paddingLeft: 6,
    borderLeft: '4px solid',
  },
  message: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    flex: 1,
    minWidth: 0,
  },
  rest: { color: theme.palette.text.secondary },
  trace: { flexShrink: 0 },
  fields: {
    margin: theme.spacing(0, 1, 1, 5),
    '& td': {
      fontFamily: 'inherit',
      fontSize: 12,
      padding: theme.spacing(0.25, 1),
      wordBreak: 'break-all',
    },
  },
  fieldKey: { color: theme.palette.text.secondary, width: 200 },
}));

/** The line's message, and its other fields as `key=value` to read at a glance. */
function summarise(line: LogLine): { message: string; rest: string } {
  if (line.format === 'text') return { message: line.line, rest: '' };
  const messageKey = MESSAGE_FIELDS.find(k => line.fields[k] !== undefined);
  const rest = Object.entries(line.fields)
    .filter(([k]) => k !== messageKey && k !== 'level' && k !== 'ts')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return { message: messageKey ? line.fields[messageKey] : '', rest };
}

function LogRow({
  line,
  expanded,
  onToggle,
}: {
  line: LogLine;
  expanded: boolean;
  onToggle(): void;
}) {
  const classes = useStyles();
  const theme = useTheme();
  const sectionLink = useSectionLink();
  const timeFormat = useTimeFormat();
  const { message, rest } = summarise(line);
  const fieldEntries = Object.entries(line.fields);
  return (
    <div className={classes.row} role="listitem" data-testid="log-line">
      <div className={classes.summary}>
        {fieldEntries.length > 0 ? (
          <IconButton
            size="small"
            aria-expanded={expanded}
            aria-label={expanded ? 'Hide fields' : 'Show fields'}
            onClick={onToggle}
          >
            {expanded ? (
              <ExpandMoreIcon fontSize="small" />
            ) : (
              <ChevronRightIcon fontSize="small" />
            )}
          </IconButton>
        ) : (
          <span className={classes.expandSpacer} />
        )}
        <span className={classes.time}>
          {timeFormat.preciseDateTime(line.timestamp)}
        </span>
        <span
          className={classes.level}
          style={{
            borderColor: levelColour(line.level, theme.palette.type),
            color: levelColour(line.level, theme.palette.type),
          }}
        >
          {line.level}
        </span>
        <span className={classes.message} title={line.line}>
          {message} {rest && <span className={classes.rest}>{rest}</span>}
        </span>
        {line.traceId && (
          <Link
            className={classes.trace}
            to={sectionLink('traces', {
              traceId: line.traceId,
              spanId: line.spanId,
            })}
            aria-label={`Open trace ${line.traceId}`}
          >
            trace {line.traceId.slice(0, 8)}
          </Link>
        )}
      </div>
      {expanded && (
        <Table size="small" className={classes.fields} aria-label="Fields">
          <TableBody>
            {fieldEntries.map(([key, value]) => (
              <TableRow key={key}>
                <TableCell className={classes.fieldKey}>{key}</TableCell>
                <TableCell>{value}</TableCell>
              </TableRow>
            ))}
            {Object.entries(line.labels).map(([key, value]) => (
              <TableRow key={`label:${key}`}>
                <TableCell className={classes.fieldKey}>label {key}</TableCell>
                <TableCell>{value}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

/**
 * Log lines in a virtualised list: only the rows in view (and a few either
 * side) are in the DOM, so 5,000 lines scroll as smoothly as 50. Rows grow
 * when their fields are expanded; the virtualiser measures them.
 */
export function LogList({ lines }: { lines: LogLine[] }) {
  const classes = useStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, toggle] = useToggleSet();
  const keyOf = (line: LogLine, index: number) =>
    `${line.timestampNs}:${index}`;
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: index => keyOf(lines[index], index),
    overscan: 10,
  });

  return (
    <div
      ref={scrollRef}
      className={classes.scroller}
      role="region"
      aria-label="Log lines, scrollable"
      // Keyboard users scroll a region by focusing it (WCAG 2.1.1); the
      // rule only knows tabpanels as focusable regions.
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      data-testid="log-scroller"
    >
      <Box
        position="relative"
        height={virtualizer.getTotalSize()}
        role="list"
        aria-label={`Log lines (${lines.length})`}
      >
        {virtualizer.getVirtualItems().map(item => {
          const line = lines[item.index];
          const key = String(item.key);
          return (
            <div
              key={key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                width: '100%',
                transform: `translateY(${item.start}px)`,
              }}
            >
              <LogRow
                line={line}
                expanded={expanded.has(key)}
                onToggle={() => toggle(key)}
              />
            </div>
          );
        })}
      </Box>
    </div>
  );
}
