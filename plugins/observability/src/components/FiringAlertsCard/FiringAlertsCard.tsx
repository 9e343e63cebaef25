import { InfoCard, Link, StatusOK } from '@backstage/core-components';
import {
  Box,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  AlertsResponse,
  EntityAlert,
} from '@sightline/plugin-observability-common';
import { SeverityChip } from '../AlertsSection/AlertChips';
import { formatSince } from '../AlertsSection/alertFormat';
import {
  PanelError,
  PanelLoading,
  TimeRangeProvider,
  useTimeFormat,
} from '../shared';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { useObservabilityTabLink } from '../shared/useObservabilityTabLink';

const SEVERITY_ORDER = [
  'critical',
  'page',
  'error',
  'warning',
  'ticket',
  'info',
];

/** Firing before pending, then the most severe first. */
function byUrgency(a: EntityAlert, b: EntityAlert): number {
  const firing = Number(b.state === 'firing') - Number(a.state === 'firing');
  if (firing !== 0) return firing;
  const rank = (alert: EntityAlert) => {
    const i = SEVERITY_ORDER.indexOf(alert.severity?.toLowerCase() ?? '');
    return i === -1 ? SEVERITY_ORDER.length : i;
  };
  return rank(a) - rank(b);
}

/** The alerts that want attention: firing or about to (pending), not silenced ones. */
export function activeAlerts(response: AlertsResponse): EntityAlert[] {
  return response.alerts
    .filter(a => a.state === 'firing' || a.state === 'pending')
    .sort(byUrgency);
}

/** How many alerts of each state the card lists before "and N more". */
const SHOWN_PER_STATE = 5;

function AlertItem({ alert, nowMs }: { alert: EntityAlert; nowMs: number }) {
  const timeFormat = useTimeFormat();
  return (
    <ListItem disableGutters>
      <ListItemText
        primary={
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <SeverityChip severity={alert.severity} />
            <Typography variant="body2" component="span">
              <strong>{alert.name}</strong>
            </Typography>
          </Box>
        }
        secondary={
          <>
            {alert.summary ?? alert.description ?? ''}{' '}
            {alert.runbookUrl && <Link to={alert.runbookUrl}>Runbook</Link>}
            <br />
            {alert.state === 'pending' ? 'Pending since' : 'Since'}{' '}
            {formatSince(alert.startsAt, nowMs, timeFormat)}
          </>
        }
      />
    </ListItem>
  );
}

/**
 * One state's alerts under a heading with their count: firing ones page
 * someone now, pending ones only will if their condition holds.
 */
function AlertGroup(props: {
  title: string;
  hint: string;
  alerts: EntityAlert[];
  nowMs: number;
}) {
  const { title, hint, alerts, nowMs } = props;
  const id = `firing-alerts-card-${title.toLowerCase()}`;
  return (
    <Box mt={1}>
      <Typography variant="subtitle2" component="h3" id={id}>
        {title} ({alerts.length})
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {hint}
      </Typography>
      <List dense disablePadding aria-labelledby={id}>
        {alerts.slice(0, SHOWN_PER_STATE).map(alert => (
          <AlertItem
            key={`${alert.name}-${JSON.stringify(alert.labels)}`}
            alert={alert}
            nowMs={nowMs}
          />
        ))}
      </List>
      {alerts.length > SHOWN_PER_STATE && (
        <Typography variant="body2" color="textSecondary">
          and {alerts.length - SHOWN_PER_STATE} more {title.toLowerCase()}
        </Typography>
      )}
    </Box>
  );
}

/** The states the card lists, most urgent first, each under its own heading. */
const STATE_GROUPS = [
  {
    state: 'firing',
    title: 'Firing',
    hint: 'Active in Alertmanager and not silenced',
  },
  {
    state: 'pending',
    title: 'Pending',
    hint: 'Condition true, not yet for as long as its rule requires: fires if it holds',
  },
] as const;

function AlertList({ response }: { response: AlertsResponse }) {
  const alerts = activeAlerts(response);
  const nowMs = Date.now();
  return (
    <>
      {response.errors.map(e => (
        <Alert severity="warning" key={e.source}>
          Could not read{' '}
          {e.source === 'alertmanager' ? 'Alertmanager' : 'Prometheus'}:{' '}
          {e.message}
        </Alert>
      ))}
      {alerts.length === 0 && (
        <Box py={1}>
          <StatusOK>No alerts firing or pending</StatusOK>
        </Box>
      )}
      {STATE_GROUPS.map(({ state, title, hint }) => {
        const inState = alerts.filter(a => a.state === state);
        return (
          inState.length > 0 && (
            <AlertGroup
              key={state}
              title={title}
              hint={hint}
              alerts={inState}
              nowMs={nowMs}
            />
          )
        );
      })}
    </>
  );
}

function FiringAlertsCardContent() {
  const tabLink = useObservabilityTabLink();
  const alerts = useEntityPanelData((api, entityRef) =>
    api.getAlerts(entityRef),
  );
  return (
    <InfoCard
      title="Firing alerts"
      deepLink={{ title: 'All alerts and rules', link: tabLink('alerts') }}
    >
      {alerts.loading && <PanelLoading label="Loading alerts" />}
      {alerts.error && (
        <PanelError
          error={alerts.error}
          onRetry={alerts.retry}
          diagnose="rules"
          linkTo={tabLink}
        />
      )}
      {alerts.value && <AlertList response={alerts.value} />}
    </InfoCard>
  );
}

/** Entity overview card: the entity's firing and pending alerts. */
export function FiringAlertsCard() {
  return (
    <TimeRangeProvider>
      <FiringAlertsCardContent />
    </TimeRangeProvider>
  );
}
