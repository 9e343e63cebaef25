import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  EntityHealthResponse,
  HealthResponse,
} from '@sightline/plugin-observability-common';

/**
 * The browser's view of the observability backend. Every query is built
 * server-side from the entity; the browser only names the entity.
 *
 * @public
 */
export interface ObservabilityApi {
  /** Reachability of every upstream of every configured cluster. */
  getHealth(): Promise<HealthResponse>;
  /** The entity's cluster and the reachability of its upstreams. */
  getEntityHealth(entity: CompoundEntityRef): Promise<EntityHealthResponse>;
}

/** @public */
export const observabilityApiRef = createApiRef<ObservabilityApi>({
  id: 'plugin.observability.service',
});
