import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { observabilityApiRef } from '../../api/ObservabilityApi';
import { PanelError, PanelLoading, usePanelData } from '../shared';
import { DependencyMap, SOURCE_TITLES } from './DependencyMap';

/**
 * System page card: the service graph of every service the system contains
 * and the peers they call or are called by, over the last hour (the
 * backend's default range), with its drift from the catalog.
 */
export function SystemDependenciesCard() {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const system = {
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
  const graph = usePanelData(
    () => api.getSystemDependencies(system),
    [api, system.namespace, system.name],
  );
  const { value } = graph;
  return (
    <InfoCard
      title="Service map"
      subheader={
        value?.source
          ? `The system's services and their peers over the last hour, from ${
              SOURCE_TITLES[value.source]
            }`
          : "The system's services and their peers over the last hour"
      }
    >
      {graph.loading && <PanelLoading label="Loading the service map" />}
      {graph.error && <PanelError error={graph.error} onRetry={graph.retry} />}
      {value && (
        <DependencyMap
          value={value}
          label={`Service map of ${
            entity.metadata.title ?? entity.metadata.name
          }`}
        />
      )}
    </InfoCard>
  );
}
