import { ServiceUnavailableError } from '@backstage/errors';
import { z } from 'zod/v3';
import { GrafanaClient } from '../upstreams/clients/GrafanaClient';
import {
  ENTITY_PATH,
  entityTarget,
  entityTelemetry,
  parseQuery,
  RouteContext,
  timeRange,
  timeRangeParams,
  ObservabilityRouter,
} from '../http/RouteContext';

/** The entity's Grafana dashboards and Explore links. */
export function dashboardRoutes(
  router: ObservabilityRouter,
  ctx: RouteContext,
) {
  router.get(`${ENTITY_PATH}/dashboards`, async (req, res) => {
    const params = parseQuery(z.object(timeRangeParams), req.query);
    const range = params.from || params.to ? timeRange(ctx, params) : undefined;
    // The metric dialect makes a better metrics link; without Prometheus the
    // dashboards are still listed.
    const { target } = await entityTelemetry(ctx, req).catch(error => {
      if (error instanceof ServiceUnavailableError)
        return entityTarget(ctx, req);
      throw error;
    });
    const grafana = new GrafanaClient(ctx.targets.upstream(target, 'grafana'));
    let traceBackend: 'tempo' | 'jaeger' | undefined;
    if (ctx.targets.optionalUpstream(target, 'tempo')) traceBackend = 'tempo';
    else if (ctx.targets.optionalUpstream(target, 'jaeger'))
      traceBackend = 'jaeger';
    res.json(
      await ctx.dashboards.dashboards(grafana, target, { traceBackend, range }),
    );
  });
}
