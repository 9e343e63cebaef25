import { ServiceUnavailableError } from '@backstage/errors';
import { ObservabilityConfig } from '../config/ObservabilityConfig';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { resolveTimeRange } from '../http/TimeRange';
import { DashboardsService } from './DashboardsService';

export interface DashboardRouteDeps {
  requests: EntityRequests;
  dashboards: DashboardsService;
  limits: ObservabilityConfig['limits'];
}

/** The entity's Grafana dashboards and Explore links. */
export function dashboardRoutes(
  router: ObservabilityRouter,
  { requests, dashboards, limits }: DashboardRouteDeps,
) {
  router.get(`${ENTITY_PATH}/dashboards`, async (req, res) => {
    const { from, to } = req.query;
    const range =
      from || to ? resolveTimeRange({ from, to }, limits) : undefined;
    // The metric dialect makes a better metrics link; without Prometheus the
    // dashboards are still listed.
    const { target } = await requests.target(req).catch(error => {
      if (error instanceof ServiceUnavailableError)
        return requests.targetWithoutDetection(req);
      throw error;
    });
    res.json(await dashboards.dashboards(target, { range }));
  });
}
