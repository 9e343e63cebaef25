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
import { SeverityChip, StateChip } from '../AlertsSection/AlertChips';
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

function AlertList({ response }: { response: AlertsResponse }) {
  const alerts = activeAlerts(response);
  const now = Date.now();
  const timeFormat = useTimeFormat();
  return (
    <>
      {response.errors.map(e => (
        <Alert severity="warning" key={e.source}>
          Could not read{' '}
          {e.source === 'alertmanager' ? 'Alertmanager' : 'Prometheus'}:{' '}
          {e.message}
        </Alert>
      ))}
      {alerts.length === 0 ? (
        <Box py={1}>
          <StatusOK>No alerts firing or pending</StatusOK>
        </Box>
      ) : (
        <List dense disablePadding>
          {alerts.slice(0, 5).map(alert => (
            <ListItem key={`${alert.name}-${alert.startsAt}`} disableGutters>
              <ListItemText
                primary={
                  <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                    <SeverityChip severity={alert.severity} />
                    <StateChip state={alert.state} />
                    <Typography variant="body2" component="span">
                      <strong>{alert.name}</strong>
                    </Typography>
                  </Box>
                }
                secondary={
                  <>
                    {alert.summary ?? alert.description ?? ''}{' '}
                    {alert.runbookUrl && (
                      <Link to={alert.runbookUrl}>Runbook</Link>
                    )}
                    <br />
                    Since {formatSince(alert.startsAt, now, timeFormat)}
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
      )}
      {alerts.length > 5 && (
        <Typography variant="body2" color="textSecondary">
          and {alerts.length - 5} more
        </Typography>
      )}
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
        <PanelError error={alerts.error} onRetry={alerts.retry} />
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
