import { ObservabilityConfig } from '../config/ObservabilityConfig';
import { EntityCatalog } from '../entities/EntityCatalog';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { resolveSeriesRange } from '../http/TimeRange';
import { DependenciesService } from './DependenciesService';

export interface DependencyRouteDeps {
  requests: EntityRequests;
  catalog: EntityCatalog;
  dependencies: DependenciesService;
  limits: ObservabilityConfig['limits'];
}

/**
 * The service map: an entity's callers and callees, and a system's whole
 * graph. The system's is a route of its own, beside its SLO roll-up, rather
 * than the entity route for kind `system`: a System has no telemetry of its
 * own to resolve, only the Components it contains.
 */
export function dependencyRoutes(
  router: ObservabilityRouter,
  { requests, catalog, dependencies, limits }: DependencyRouteDeps,
) {
  router.get(`${ENTITY_PATH}/dependencies`, async (req, res) => {
    const range = resolveSeriesRange(req.query, limits);
    const credentials = await requests.credentials(req);
    // The graph reads no metric dialect: no probe for one.
    const focus = await requests.targetWithoutDetection(req);
    res.json(await dependencies.forEntity(focus, range, credentials));
  });

  router.get('/systems/:namespace/:name/dependencies', async (req, res) => {
    const range = resolveSeriesRange(req.query, limits);
    const credentials = await requests.credentials(req);
    // The system must exist and be readable by the caller.
    const system = await catalog.getEntity(
      { kind: 'system', ...req.params },
      credentials,
    );
    res.json(await dependencies.forSystem(system, range, credentials));
  });
}
