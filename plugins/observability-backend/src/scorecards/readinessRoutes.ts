import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { ReadinessFactsService } from './ReadinessFactsService';

export interface ReadinessRouteDeps {
  requests: EntityRequests;
  readiness: ReadinessFactsService;
}

/** `GET .../readiness`: the facts production-readiness scorecards check. */
export function readinessRoutes(
  router: ObservabilityRouter,
  { requests, readiness }: ReadinessRouteDeps,
) {
  router.get(`${ENTITY_PATH}/readiness`, async (req, res) => {
    // Read with the caller's own credentials, as every entity route.
    const { entity, credentials } = await requests.entity(req);
    res.json(await readiness.facts(entity, credentials));
  });
}
