import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useSignal } from '@backstage/plugin-signals-react';
import { sloSignalChannel } from '@sightline/plugin-observability-common';
import { Box, Grid, Paper, Typography } from '@material-ui/core';
import { observabilityApiRef } from '../../api/ObservabilityApi';
import {
  PanelEmpty,
  PanelError,
  PanelLoading,
  usePanelData,
  useSharedTimeRange,
  useTimeFormat,
} from '../shared';
import { OpenSetupButton } from '../shared/OpenSetupButton';
import { ProblemAlert, SloCard } from './SloCard';
import { SloNotificationToggle } from './SloNotificationToggle';
import { SloReportButtons } from './SloReportButtons';
import { useSloAdjustments } from './useSloAdjustments';

/**
 * The entity's SLOs over their own rolling windows. With a custom time range
 * they are evaluated at its end, so a shared link shows the budget as it was.
 */
export function SlosSection() {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const range = useSharedTimeRange();
  const timeFormat = useTimeFormat();
  const entityRef = getCompoundEntityRef(entity);
  const at =
    range.key === 'custom' ? Math.min(range.to, Date.now()) : undefined;
  // The fleet evaluation signals when one of the entity's SLOs changed
  // status: evaluate again, without a reload.
  const { lastSignal } = useSignal(
    sloSignalChannel(stringifyEntityRef(entity)),
  );
  const slos = usePanelData(
    () => api.getSlos(entityRef, { at }),
    [
      api,
      entityRef.kind,
      entityRef.namespace,
      entityRef.name,
      at,
      range.refreshKey,
      lastSignal,
    ],
  );
  const evaluated = slos.value;
  const adjustments = useSloAdjustments(entityRef, slos.retry);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Paper>
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
            flexWrap="wrap"
            px={2}
            py={1.5}
            style={{ gap: 8 }}
          >
            <Typography variant="body2" color="textSecondary">
              {slos.value
                ? `Evaluated at ${timeFormat.dateTime(
                    Date.parse(slos.value.at),
                  )}, each over its own rolling window.`
                : 'Service level objectives'}
            </Typography>
            <Box display="flex" alignItems="center" style={{ gap: 16 }}>
              <SloNotificationToggle entityRef={entityRef} />
              {adjustments.button}
              <SloReportButtons entityRef={entityRef} at={at} />
            </Box>
          </Box>
        </Paper>
      </Grid>
      {slos.loading && (
        <Grid item xs={12}>
          <PanelLoading label="Loading SLOs" />
        </Grid>
      )}
      {slos.error && (
        <Grid item xs={12}>
          <PanelError
            error={slos.error}
            onRetry={slos.retry}
            diagnose="slo-objectives"
          />
        </Grid>
      )}
      {slos.value?.problems.map(problem => (
        <Grid item xs={12} key={`${problem.source}-${problem.message}`}>
          <ProblemAlert problem={problem} />
        </Grid>
      ))}
      {slos.value &&
        slos.value.slos.length === 0 &&
        slos.value.problems.length === 0 && (
          <Grid item xs={12}>
            <PanelEmpty
              title="No SLOs declared"
              description={
                <>
                  Add <code>sightline.dev/slo-availability: "99.9"</code> (and
                  optionally{' '}
                  <code>sightline.dev/slo-latency: "99% &lt; 300ms"</code>) to
                  the entity's catalog-info.yaml, or point{' '}
                  <code>sightline.dev/slo-file</code> at an OpenSLO or Sloth
                  file.
                </>
              }
              action={<OpenSetupButton diagnose="slo-objectives" />}
            />
          </Grid>
        )}
      {evaluated?.slos.map(slo => (
        <Grid item xs={12} key={slo.definition.id}>
          <SloCard
            slo={slo}
            at={evaluated.at}
            adjustments={adjustments.context}
          />
        </Grid>
      ))}
      {adjustments.dialog}
    </Grid>
  );
}
