import { getCompoundEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Grid } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api/ObservabilityApi';
import { UpstreamHealthCard } from '../UpstreamHealthCard';

/** The entity page's "Observability" tab. */
export function ObservabilityContent() {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const entityRef = getCompoundEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getEntityHealth(entityRef),
    [api, entityRef.kind, entityRef.namespace, entityRef.name],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load the entity's telemetry"
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <UpstreamHealthCard health={value!.cluster} />
      </Grid>
    </Grid>
  );
}
