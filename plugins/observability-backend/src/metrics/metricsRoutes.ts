import { z } from 'zod/v3';
import { ObservabilityConfig } from '../config/ObservabilityConfig';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { parseQuery, timeRangeParams } from '../http/parseQuery';
import { resolveTimeRange } from '../http/TimeRange';
import { RedService } from './RedService';

const breakdownParams = z.object({
  ...timeRangeParams,
  by: z.enum(['route', 'status']).default('route'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export interface MetricsRouteDeps {
  requests: EntityRequests;
  red: RedService;
  limits: ObservabilityConfig['limits'];
}

/** The entity's resolved target and its RED metrics. */
export function metricsRoutes(
  router: ObservabilityRouter,
  { requests, red, limits }: MetricsRouteDeps,
) {
  router.get(`${ENTITY_PATH}/target`, async (req, res) => {
    const { target } = await requests.target(req);
    res.json(target);
  });

  router.get(`${ENTITY_PATH}/red`, async (req, res) => {
    const params = parseQuery(z.object(timeRangeParams), req.query);
    const range = resolveTimeRange(params, limits);
    const { target } = await requests.target(req);
    res.json(await red.red(target, range));
  });

  router.get(`${ENTITY_PATH}/red/breakdown`, async (req, res) => {
    const params = parseQuery(breakdownParams, req.query);
    const range = resolveTimeRange(params, limits);
    const { target } = await requests.target(req);
    res.json(await red.breakdown(target, range, params.by, params.limit));
  });
}
