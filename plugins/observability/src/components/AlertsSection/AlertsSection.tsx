import { InfoCard, Link } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Button, FormControlLabel, Grid, Switch } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  EntitySilence,
  LabelMatcher,
  observabilitySilenceCreatePermission,
  renderMatchers,
} from '@sightline/plugin-observability-common';
import { useState } from 'react';
import { observabilityApiRef } from '../../api/ObservabilityApi';
import {
  describeError,
  PanelEmpty,
  PanelError,
  PanelLoading,
  usePanelData,
  useSharedTimeRange,
  useTimeFormat,
} from '../shared';
import { OpenSetupButton } from '../shared/OpenSetupButton';
import { useMissingEngineCapability } from '../UpstreamHealthCard';
import { AlertList } from './AlertList';
import { AlertRulesTable } from './AlertRulesTable';
import { SilenceDialog } from './SilenceDialog';
import { SilencesTable } from './SilencesTable';

const SOURCE_TITLES = {
  alertmanager: 'Alertmanager',
  prometheus: 'Prometheus',
};

type SilenceTarget = { title: string; extraMatchers: LabelMatcher[] };

/**
 * The entity's firing and pending alerts, its alert rules and every silence
 * that mutes them. Silencing, and expiring the entity's own silences, are
 * shown only to holders of `observability.silence.create` for this entity;
 * the backend checks both again.
 */
export function AlertsSection() {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const alertApi = useApi(alertApiRef);
  const { refreshKey } = useSharedTimeRange();
  const timeFormat = useTimeFormat();
  const entityRef = getCompoundEntityRef(entity);
  const { allowed: canSilence } = usePermission({
    permission: observabilitySilenceCreatePermission,
    resourceRef: stringifyEntityRef(entity),
  });
  const rulesMissing = useMissingEngineCapability('rules');
  const [silenceTarget, setSilenceTarget] = useState<SilenceTarget>();
  const [showExpired, setShowExpired] = useState(false);
  const nowMs = Date.now();
  const entityKey = [entityRef.kind, entityRef.namespace, entityRef.name];

  const alerts = usePanelData(
    () => api.getAlerts(entityRef),
    [api, ...entityKey, refreshKey],
  );
  const silences = usePanelData(
    () => api.getSilences(entityRef),
    [api, ...entityKey, refreshKey],
  );

  const createSilence = async (request: {
    comment: string;
    durationMinutes: number;
    matchers: LabelMatcher[];
  }) => {
    const silence = await api.createSilence(entityRef, request);
    setSilenceTarget(undefined);
    alertApi.post({
      message: `Silenced ${renderMatchers(
        silence.matchers,
      )} until ${timeFormat.dateTime(Date.parse(silence.endsAt))}`,
      severity: 'success',
      display: 'transient',
    });
    silences.retry();
    alerts.retry();
  };

  const expireSilence = async (silence: EntitySilence) => {
    try {
      await api.expireSilence(entityRef, silence.id);
      alertApi.post({
        message: `Expired the silence "${silence.comment}"`,
        severity: 'success',
        display: 'transient',
      });
    } catch (e) {
      const problem = describeError(e as Error);
      alertApi.post({
        message: `Could not expire the silence: ${problem.message}`,
        severity: 'error',
      });
    }
    silences.retry();
    alerts.retry();
  };

  const visibleSilences = (silences.value?.silences ?? []).filter(
    s => showExpired || s.state !== 'expired',
  );
  const expiredCount = (silences.value?.silences ?? []).filter(
    s => s.state === 'expired',
  ).length;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Firing and pending alerts"
          action={
            <Box display="flex" alignItems="center" style={{ gap: 16 }} pr={1}>
              {alerts.value?.alertmanagerUrl && (
                <Link to={alerts.value.alertmanagerUrl}>
                  Open in Alertmanager
                </Link>
              )}
              {canSilence && alerts.value && (
                <Button
                  variant="outlined"
                  size="small"
                  onClick={() =>
                    setSilenceTarget({
                      title: `every alert of ${entity.metadata.name}`,
                      extraMatchers: [],
                    })
                  }
                >
                  Silence all
                </Button>
              )}
            </Box>
          }
        >
          {alerts.loading && <PanelLoading label="Loading alerts" />}
          {alerts.error && (
            <PanelError
              error={alerts.error}
              onRetry={alerts.retry}
              diagnose="rules"
            />
          )}
          {alerts.value?.errors.map(e => (
            <Box mb={2} key={e.source}>
              <Alert severity="warning">
                {SOURCE_TITLES[e.source]} could not be read: {e.message}. The
                rest comes from the other source.
              </Alert>
            </Box>
          ))}
          {alerts.value && alerts.value.alerts.length === 0 && (
            <PanelEmpty
              title="Nothing is firing"
              description={`No firing or pending alerts match {${renderMatchers(
                alerts.value.matchers,
              )}}. Alerts whose labels differ are not shown: set sightline.dev/alert-matchers if yours carry other labels.`}
            />
          )}
          {alerts.value && alerts.value.alerts.length > 0 && (
            <AlertList
              alerts={alerts.value.alerts}
              alertmanagerUrl={alerts.value.alertmanagerUrl}
              nowMs={nowMs}
              onSilence={
                canSilence
                  ? alert =>
                      setSilenceTarget({
                        title: alert.name,
                        extraMatchers: [
                          { name: 'alertname', op: '=', value: alert.name },
                        ],
                      })
                  : undefined
              }
            />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Silences"
          action={
            expiredCount > 0 ? (
              <FormControlLabel
                control={
                  <Switch
                    checked={showExpired}
                    onChange={e => setShowExpired(e.target.checked)}
                    color="primary"
                  />
                }
                label={`Show expired (${expiredCount})`}
              />
            ) : undefined
          }
          noPadding={visibleSilences.length > 0}
        >
          {silences.loading && <PanelLoading label="Loading silences" />}
          {silences.error && (
            <PanelError
              error={silences.error}
              onRetry={silences.retry}
              diagnose="config"
            />
          )}
          {silences.value && visibleSilences.length === 0 && (
            <PanelEmpty
              title="No silences"
              description={
                canSilence
                  ? 'Nothing of this service is muted. Use "Silence" on an alert to mute it during maintenance or while you fix it.'
                  : 'Nothing of this service is muted. Creating silences needs the observability.silence.create permission for this service, which policies usually grant to its owners.'
              }
            />
          )}
          {silences.value && visibleSilences.length > 0 && (
            <SilencesTable
              silences={visibleSilences}
              entityRef={silences.value.entityRef}
              nowMs={nowMs}
              onExpire={canSilence ? expireSilence : undefined}
            />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Alert rules"
          noPadding={Boolean(alerts.value?.rules.length)}
        >
          {alerts.loading && <PanelLoading label="Loading alert rules" />}
          {alerts.error && (
            <PanelError
              error={alerts.error}
              onRetry={alerts.retry}
              diagnose="rules"
            />
          )}
          {alerts.value && alerts.value.rules.length === 0 && (
            <PanelEmpty
              title="No alert rules"
              description={
                rulesMissing ??
                "Prometheus has no alerting rule for this service's labels. The Setup section generates RED and SLO burn-rate alerts for it."
              }
              action={<OpenSetupButton diagnose="rules" />}
            />
          )}
          {alerts.value && alerts.value.rules.length > 0 && (
            <AlertRulesTable rules={alerts.value.rules} />
          )}
        </InfoCard>
      </Grid>
      {silenceTarget && alerts.value && (
        <SilenceDialog
          title={silenceTarget.title}
          entityMatchers={alerts.value.matchers}
          extraMatchers={silenceTarget.extraMatchers}
          alerts={alerts.value.alerts}
          onSubmit={createSilence}
          onClose={() => setSilenceTarget(undefined)}
        />
      )}
    </Grid>
  );
}
