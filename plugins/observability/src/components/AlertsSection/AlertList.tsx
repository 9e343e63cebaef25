import { Link } from '@backstage/core-components';
import {
  Box,
  Button,
  Chip,
  Divider,
  List,
  ListItem,
  makeStyles,
  Typography,
} from '@material-ui/core';
import { EntityAlert } from '@sightline/plugin-observability-common';
import { Fragment } from 'react';
import { useTimeFormat } from '../shared/timeFormat';
import { alertmanagerAlertUrl, formatSince } from './alertFormat';
import { SeverityChip, StateChip } from './AlertChips';

const useStyles = makeStyles(theme => ({
  item: { display: 'block', paddingTop: theme.spacing(2) },
  links: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) },
  labels: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
}));

/** Firing alerts first, then pending and muted ones; oldest first within. */
const STATE_ORDER: EntityAlert['state'][] = [
  'firing',
  'pending',
  'silenced',
  'inhibited',
];

function byUrgency(a: EntityAlert, b: EntityAlert) {
  return (
    STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) ||
    a.startsAt.localeCompare(b.startsAt)
  );
}

/** Firing and pending alerts, each with what it means and where to go next. */
export function AlertList(props: {
  alerts: EntityAlert[];
  alertmanagerUrl?: string;
  nowMs: number;
  /** Present only for users who may create silences. */
  onSilence?: (alert: EntityAlert) => void;
}) {
  const { alerts, alertmanagerUrl, nowMs, onSilence } = props;
  const classes = useStyles();
  const timeFormat = useTimeFormat();
  return (
    <List disablePadding aria-label="Alerts">
      {[...alerts].sort(byUrgency).map((alert, index) => (
        <Fragment key={`${alert.name}-${JSON.stringify(alert.labels)}`}>
          {index > 0 && <Divider component="li" />}
          <ListItem className={classes.item}>
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <SeverityChip severity={alert.severity} />
              <StateChip state={alert.state} />
              <Typography variant="h6" component="h3">
                {alert.name}
              </Typography>
              <Box flexGrow={1} />
              {onSilence && alert.state !== 'silenced' && (
                <Button
                  size="small"
                  variant="outlined"
                  onClick={() => onSilence(alert)}
                  aria-label={`Silence ${alert.name}`}
                >
                  Silence
                </Button>
              )}
            </Box>
            {alert.summary && (
              <Typography variant="body1">{alert.summary}</Typography>
            )}
            {alert.description && (
              <Typography variant="body2" color="textSecondary">
                {alert.description}
              </Typography>
            )}
            <Typography variant="body2">
              {alert.state === 'pending' ? 'Pending since' : 'Since'}{' '}
              {formatSince(alert.startsAt, nowMs, timeFormat)}
              {alert.silencedBy.length > 0 &&
                ` · muted by ${alert.silencedBy.length} silence(s)`}
            </Typography>
            <Box className={classes.labels} my={1}>
              {Object.entries(alert.labels).map(([name, value]) => (
                <Chip
                  key={name}
                  size="small"
                  variant="outlined"
                  label={`${name}=${value}`}
                />
              ))}
            </Box>
            <Box className={classes.links}>
              {alert.runbookUrl && <Link to={alert.runbookUrl}>Runbook</Link>}
              {alertmanagerUrl && alert.source === 'alertmanager' && (
                <Link to={alertmanagerAlertUrl(alertmanagerUrl, alert.labels)}>
                  Open in Alertmanager
                </Link>
              )}
              {alert.generatorUrl && (
                <Link to={alert.generatorUrl}>Expression in Prometheus</Link>
              )}
            </Box>
          </ListItem>
        </Fragment>
      ))}
    </List>
  );
}
