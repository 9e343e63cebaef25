import { ObservabilityConfig } from '../config/ObservabilityConfig';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { resolveSeriesRange } from '../http/TimeRange';
import { DeploymentsService } from './DeploymentsService';

export interface DeploymentRouteDeps {
  requests: EntityRequests;
  deployments: DeploymentsService;
  limits: ObservabilityConfig['limits'];
}

/** The entity's rollouts in a range, with their before/after figures. */
export function deploymentRoutes(
  router: ObservabilityRouter,
  { requests, deployments, limits }: DeploymentRouteDeps,
) {
  router.get(`${ENTITY_PATH}/deployments`, async (req, res) => {
    const range = resolveSeriesRange(req.query, limits);
    const { entity } = await requests.entity(req);
    res.json(await deployments.deployments(entity, range));
  });
}
