import { getCompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Button, Grid, Typography } from '@material-ui/core';
import { MonitoringRequest } from '@sightline/plugin-observability-common';
import { useState } from 'react';
import { PanelError, PanelLoading } from '../shared';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { DiagnosisPanel } from '../DiagnosisPanel';
import { UpstreamHealthCard } from '../UpstreamHealthCard';
import { ConfigurationCard } from './ConfigurationCard';
import { GenerateMonitoringDialog } from './GenerateMonitoringDialog';

function GenerateMonitoringCard(props: { onGenerate(): void }) {
  return (
    <InfoCard title="Monitoring as code">
      <Typography variant="body2" paragraph>
        Generate this service's ServiceMonitor, PrometheusRule (RED recording
        rules, SLO burn-rate alerts) and Grafana dashboard from its annotations,
        to commit through GitOps or apply to the cluster.
      </Typography>
      <Button variant="contained" color="primary" onClick={props.onGenerate}>
        Generate monitoring
      </Button>
    </InfoCard>
  );
}

/**
 * What is configured for the entity, whether its upstreams answer, and how
 * to generate the monitoring it lacks.
 */
export function SetupSection() {
  const { entity } = useEntity();
  const entityRef = getCompoundEntityRef(entity);
  const target = useEntityPanelData((api, ref) => api.getTarget(ref));
  const health = useEntityPanelData((api, ref) => api.getEntityHealth(ref));
  // The generator options of the open dialog; undefined while it is closed.
  const [generating, setGenerating] = useState<MonitoringRequest>();
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={7}>
        {target.loading && <PanelLoading label="Resolving the configuration" />}
        {target.error && (
          <PanelError error={target.error} onRetry={target.retry} />
        )}
        {target.value && <ConfigurationCard target={target.value} />}
      </Grid>
      <Grid item xs={12} lg={5}>
        <GenerateMonitoringCard onGenerate={() => setGenerating({})} />
      </Grid>
      <Grid item xs={12}>
        <DiagnosisPanel onGenerateMonitoring={setGenerating} />
      </Grid>
      <Grid item xs={12}>
        {health.loading && <PanelLoading label="Checking upstreams" />}
        {health.error && (
          <PanelError error={health.error} onRetry={health.retry} />
        )}
        {health.value && <UpstreamHealthCard health={health.value.cluster} />}
      </Grid>
      {generating && (
        <GenerateMonitoringDialog
          entityRef={entityRef}
          request={generating}
          onClose={() => setGenerating(undefined)}
        />
      )}
    </Grid>
  );
}
