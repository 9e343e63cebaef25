import { InfoCard } from '@backstage/core-components';
import {
  Box,
  Button,
  Chip,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import ErrorIcon from '@material-ui/icons/Error';
import {
  AttributeValue,
  TreeSpan,
} from '@sightline/plugin-observability-common';
import { Fragment } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { formatMs } from '../shared';
import { ServiceChip } from './ServiceChip';

const useStyles = makeStyles(theme => ({
  table: {
    '& td': {
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      fontSize: 12,
      wordBreak: 'break-all',
      verticalAlign: 'top',
    },
  },
  key: {
    color: theme.palette.text.secondary,
    width: '35%',
    // Names wrap where <wbr> allows (after `.`, `_`, …), not mid-word.
    '$table &': { wordBreak: 'normal', overflowWrap: 'break-word' },
  },
  errorText: { color: theme.palette.error.main },
}));

/** `http.response.status_code`, allowed to wrap after each separator only. */
function AttributeName({ name }: { name: string }) {
  const parts = name.split(/(?<=[._/-])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}

function valueText(value: AttributeValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function AttributeTable({
  title,
  values,
}: {
  title: string;
  values: Record<string, AttributeValue>;
}) {
  const classes = useStyles();
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">{title}</Typography>
      {entries.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None
        </Typography>
      ) : (
        <Table size="small" className={classes.table} aria-label={title}>
          <TableBody>
            {entries.map(([key, value]) => (
              <TableRow key={key}>
                <TableCell className={classes.key}>
                  <AttributeName name={key} />
                </TableCell>
                <TableCell>{valueText(value)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}

/** Everything about one span: status, timing, attributes, events, resource. */
export function SpanDetails({
  span,
  traceStartMs,
  logsLink,
}: {
  span: TreeSpan;
  traceStartMs: number;
  logsLink: string;
}) {
  const classes = useStyles();
  const isError = span.status.code === 'error';
  return (
    <InfoCard
      title={span.name}
      subheader={`Span ${span.spanId}`}
      action={
        <Button
          variant="outlined"
          component={RouterLink}
          to={logsLink}
          role="link"
          style={{ marginTop: 8 }}
        >
          Logs for this span
        </Button>
      }
    >
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 8 }}
      >
        <ServiceChip service={span.service} />
        <Chip size="small" variant="outlined" label={`kind: ${span.kind}`} />
        {isError ? (
          <Chip
            size="small"
            icon={<ErrorIcon className={classes.errorText} />}
            label={`error${
              span.status.message ? `: ${span.status.message}` : ''
            }`}
            variant="outlined"
          />
        ) : (
          <Chip
            size="small"
            variant="outlined"
            label={`status: ${span.status.code}`}
          />
        )}
        <Typography variant="body2">
          starts at +{formatMs(span.startMs - traceStartMs)}, lasts{' '}
          {formatMs(span.durationMs)}
        </Typography>
      </Box>
      <AttributeTable title="Attributes" values={span.attributes} />
      <Box mt={2}>
        <Typography variant="subtitle2">Events</Typography>
        {span.events.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            None
          </Typography>
        ) : (
          span.events.map((event, i) => (
            <Box key={`${event.timeMs}:${i}`} mt={1}>
              <Typography variant="body2">
                +{formatMs(event.timeMs - span.startMs)} · {event.name}
              </Typography>
              {Object.keys(event.attributes).length > 0 && (
                <AttributeTable
                  title={`Attributes of ${event.name}`}
                  values={event.attributes}
                />
              )}
            </Box>
          ))
        )}
      </Box>
      <AttributeTable title="Resource" values={span.resource} />
    </InfoCard>
  );
}
