import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../../http/EntityRequests';
import { parseAt } from '../sloRoutes';
import { CompositeSloService } from './CompositeSloService';

export interface CompositeSloRouteDeps {
  requests: EntityRequests;
  service: CompositeSloService;
}

/** The composite SLOs an entity (a System, a user journey) declares. */
export function compositeSloRoutes(
  router: ObservabilityRouter,
  { requests, service }: CompositeSloRouteDeps,
) {
  router.get(`${ENTITY_PATH}/slos/composite`, async (req, res) => {
    const atMs = parseAt(req.query.at);
    // The declaring entity is read as the caller; so is every component.
    const { entity, credentials } = await requests.entity(req);
    res.json(await service.evaluate({ entity, credentials, atMs }));
  });
}
