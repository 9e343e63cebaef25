import { InfoCard } from '@backstage/core-components';
import { PanelError, PanelLoading } from '../shared';
import { OpenSetupButton } from '../shared/OpenSetupButton';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { DependencyMap, SOURCE_TITLES } from './DependencyMap';

/**
 * The Dependencies section: the entity's callers and callees over the
 * range as a graph, from the service-graph metrics of its cluster, and
 * where the catalog's relations disagree with them.
 */
export function DependenciesSection() {
  const dependencies = useEntityPanelData((api, entityRef, range) =>
    api.getDependencies(entityRef, range),
  );
  const { value } = dependencies;
  return (
    <InfoCard
      title="Dependencies"
      subheader={
        value?.source
          ? `Callers and callees from ${
              SOURCE_TITLES[value.source]
            }, over the selected range`
          : 'Callers and callees from the service graph'
      }
    >
      {dependencies.loading && <PanelLoading label="Loading dependencies" />}
      {dependencies.error && (
        <PanelError
          error={dependencies.error}
          onRetry={dependencies.retry}
          diagnose="service-graph"
        />
      )}
      {value && (
        <DependencyMap
          value={value}
          label={`Callers and callees of ${value.focus.join(', ')}`}
          emptyAction={<OpenSetupButton diagnose="service-graph" />}
        />
      )}
    </InfoCard>
  );
}
