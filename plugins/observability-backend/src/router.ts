import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import express from 'express';
import { alertRoutes } from './alerts/alertRoutes';
import { dashboardRoutes } from './dashboards/dashboardRoutes';
import { healthRoutes } from './upstreams/healthRoutes';
import { logRoutes } from './logs/logRoutes';
import { metricsRoutes } from './metrics/metricsRoutes';
import { RouteContext } from './http/RouteContext';
import { traceRoutes } from './traces/traceRoutes';
import { spec } from './schema/openapi.generated';
import { sloRoutes } from './slo/sloRoutes';
import { monitoringRoutes } from './monitoring/monitoringRoutes';
import { diagnosisRoutes } from './diagnosis/diagnosisRoutes';
import { DiagnosisService } from './diagnosis/DiagnosisService';
import { callerQueues } from './upstreams/callerContext';

export type RouterOptions = RouteContext;

/**
 * The observability API: every route is declared in openapi.yaml, which types
 * the handlers and refuses requests that do not match it (unknown query
 * parameters and wrongly typed body fields included) before a handler
 * runs. Handlers still validate meaning (ranges, durations, ids) with
 * specific messages.
 */
export async function createRouter(
  ctx: RouterOptions,
): Promise<express.Router> {
  const queues = callerQueues(ctx.httpAuth);
  const router = createValidatedOpenApiRouter<typeof spec>(spec, {
    middleware: [express.json({ limit: '100kb' })],
    validatorOptions: {
      validateRequests: {
        // Bodies keep their JSON types: `"durationMinutes": "5"` or
        // `"dryRun": 0` is a 400 naming the field, not a silent conversion.
        // (The validator coerces path and query parameters regardless.)
        coerceTypes: false,
        allowUnknownQueryParameters: false,
      },
    },
  });
  // Each caller's upstream requests wait in a queue of their own.
  router.use(queues.identify);
  healthRoutes(router, ctx);
  metricsRoutes(router, ctx);
  alertRoutes(router, ctx);
  logRoutes(router, ctx);
  traceRoutes(router, ctx);
  dashboardRoutes(router, ctx);
  if (ctx.slo) sloRoutes(router, ctx, ctx.slo);
  if (ctx.monitoring) monitoringRoutes(router, ctx, ctx.monitoring);
  diagnosisRoutes(
    router,
    ctx,
    new DiagnosisService({
      entities: ctx.entities,
      targetResolver: ctx.targetResolver,
      targets: ctx.targets,
      health: ctx.health,
      clusters: ctx.monitoring?.clusters,
      slos: ctx.slo?.service,
      timeoutMs: ctx.config.limits.queryTimeoutMs,
    }),
  );
  // A caller told to retry later is refused before its request is parsed.
  return express.Router().use(queues.refuseWhileTold, router, queues.refused);
}
