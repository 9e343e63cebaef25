import { PromEngineInfo } from '@sightline/plugin-observability-common';
import { useEntityPanelData } from '../shared/useEntityPanelData';

/**
 * Why the entity's metrics engine lacks an API a panel reads (e.g.
 * VictoriaMetrics without vmalert has no rules), with how to enable it, so
 * the panel says so rather than looking empty; undefined when it has it or
 * the engine is not known (yet).
 */
export function useMissingEngineCapability(
  capability: keyof PromEngineInfo['capabilities'],
): string | undefined {
  const health = useEntityPanelData((api, entityRef) =>
    api.getEntityHealth(entityRef),
  );
  const found = health.value?.cluster.upstreams.find(
    u => u.kind === 'prometheus',
  )?.engine?.capabilities[capability];
  return found && !found.available ? found.reason : undefined;
}
