import { z } from 'zod/v3';
import { PrometheusClient } from '../upstreams/clients/PrometheusClient';
import {
  ENTITY_PATH,
  entityTelemetry,
  parseQuery,
  RouteContext,
  timeRange,
  timeRangeParams,
  ObservabilityRouter,
} from '../http/RouteContext';

const breakdownParams = z.object({
  ...timeRangeParams,
  by: z.enum(['route', 'status']).default('route'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** The entity's resolved target and its RED metrics. */
export function metricsRoutes(router: ObservabilityRouter, ctx: RouteContext) {
  router.get(`${ENTITY_PATH}/target`, async (req, res) => {
    const { target } = await entityTelemetry(ctx, req);
    res.json(target);
  });

  router.get(`${ENTITY_PATH}/red`, async (req, res) => {
    const params = parseQuery(z.object(timeRangeParams), req.query);
    const range = timeRange(ctx, params);
    const { target } = await entityTelemetry(ctx, req);
    const prometheus = new PrometheusClient(
      ctx.targets.upstream(target, 'prometheus'),
    );
    res.json(await ctx.red.red(prometheus, target, range));
  });

  router.get(`${ENTITY_PATH}/red/breakdown`, async (req, res) => {
    const params = parseQuery(breakdownParams, req.query);
    const range = timeRange(ctx, params);
    const { target } = await entityTelemetry(ctx, req);
    const prometheus = new PrometheusClient(
      ctx.targets.upstream(target, 'prometheus'),
    );
    res.json(
      await ctx.red.breakdown(
        prometheus,
        target,
        range,
        params.by,
        params.limit,
      ),
    );
  });
}
