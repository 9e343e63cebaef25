import { ObservabilityConfig } from '../config/ObservabilityConfig';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { resolveSeriesRange } from '../http/TimeRange';
import { RedService } from './RedService';

export interface MetricsRouteDeps {
  requests: EntityRequests;
  red: RedService;
  limits: ObservabilityConfig['limits'];
}

/**
 * The entity's resolved target and its RED metrics. openapi.yaml bounds
 * and defaults `by` and `limit`; TimeRange reads `from` and `to`.
 */
export function metricsRoutes(
  router: ObservabilityRouter,
  { requests, red, limits }: MetricsRouteDeps,
) {
  router.get(`${ENTITY_PATH}/target`, async (req, res) => {
    const { target } = await requests.target(req);
    res.json(target);
  });

  router.get(`${ENTITY_PATH}/red`, async (req, res) => {
    const range = resolveSeriesRange(req.query, limits);
    const { target } = await requests.target(req);
    res.json(await red.red(target, range));
  });

  router.get(`${ENTITY_PATH}/red/breakdown`, async (req, res) => {
    const range = resolveSeriesRange(req.query, limits);
    const { target } = await requests.target(req);
    res.json(await red.breakdown(target, range, req.query.by, req.query.limit));
  });
}
