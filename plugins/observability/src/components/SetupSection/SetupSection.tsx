import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Grid } from '@material-ui/core';
import { observabilityApiRef } from '../../api/ObservabilityApi';
import {
  PanelError,
  PanelLoading,
  usePanelData,
  useSharedTimeRange,
} from '../shared';
import { UpstreamHealthCard } from '../UpstreamHealthCard';

/** What is configured for the entity, and whether its upstreams answer. */
export function SetupSection() {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const { refreshKey } = useSharedTimeRange();
  const entityRef = getCompoundEntityRef(entity);
  const health = usePanelData(
    () => api.getEntityHealth(entityRef),
    [api, entityRef.kind, entityRef.namespace, entityRef.name, refreshKey],
  );
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        {health.loading && <PanelLoading label="Checking upstreams" />}
        {health.error && (
          <PanelError error={health.error} onRetry={health.retry} />
        )}
        {health.value && <UpstreamHealthCard health={health.value.cluster} />}
      </Grid>
    </Grid>
  );
}
