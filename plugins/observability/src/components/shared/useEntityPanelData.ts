import {
  CompoundEntityRef,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DependencyList } from 'react';
import {
  ObservabilityApi,
  observabilityApiRef,
} from '../../api/ObservabilityApi';
import { useSharedTimeRange } from './timeRange';
import { usePanelData } from './usePanelData';

/**
 * One panel's request about the current entity over the shared time range:
 * refetched when the entity, the range (or a refresh) or `deps` change.
 */
export function useEntityPanelData<T>(
  load: (
    api: ObservabilityApi,
    entityRef: CompoundEntityRef,
    range: { from: number; to: number },
  ) => Promise<T>,
  deps: DependencyList = [],
) {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const { from, to, refreshKey } = useSharedTimeRange();
  const entityRef = getCompoundEntityRef(entity);
  return usePanelData(
    () => load(api, entityRef, { from, to }),
    [
      api,
      entityRef.kind,
      entityRef.namespace,
      entityRef.name,
      refreshKey,
      ...deps,
    ],
  );
}
