import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { alertRoutes, AlertRouteDeps } from './alerts/alertRoutes';
import {
  dashboardRoutes,
  DashboardRouteDeps,
} from './dashboards/dashboardRoutes';
import { healthRoutes, HealthRouteDeps } from './upstreams/healthRoutes';
import { logRoutes, LogRouteDeps } from './logs/logRoutes';
import { metricsRoutes, MetricsRouteDeps } from './metrics/metricsRoutes';
import { traceRoutes, TraceRouteDeps } from './traces/traceRoutes';
import { createOpenApiRouter } from './schema/openapi';
import { sloRoutes, SloRouteDeps } from './slo/sloRoutes';
import {
  adjustmentRoutes,
  AdjustmentRouteDeps,
} from './slo/adjustments/adjustmentRoutes';
import {
  compositeSloRoutes,
  CompositeSloRouteDeps,
} from './slo/composite/compositeRoutes';
import {
  sloNotificationRoutes,
  SloNotificationRouteDeps,
} from './slo/notifications/sloNotificationRoutes';
import {
  monitoringRoutes,
  MonitoringRouteDeps,
} from './monitoring/monitoringRoutes';
import {
  diagnosisRoutes,
  DiagnosisRouteDeps,
} from './diagnosis/diagnosisRoutes';
import {
  dependencyRoutes,
  DependencyRouteDeps,
} from './dependencies/dependencyRoutes';
import {
  deploymentRoutes,
  DeploymentRouteDeps,
} from './deployments/deploymentRoutes';
import {
  readinessRoutes,
  ReadinessRouteDeps,
} from './scorecards/readinessRoutes';
import { callerQueues } from './upstreams/callerContext';

/** What each feature's routes need, as plugin.ts builds it. */
export interface RouterOptions {
  health: HealthRouteDeps;
  metrics: MetricsRouteDeps;
  alerts: AlertRouteDeps;
  logs: LogRouteDeps;
  traces: TraceRouteDeps;
  dashboards: DashboardRouteDeps;
  slos: SloRouteDeps;
  sloAdjustments: AdjustmentRouteDeps;
  compositeSlos: CompositeSloRouteDeps;
  sloNotifications: SloNotificationRouteDeps;
  monitoring: MonitoringRouteDeps;
  diagnosis: DiagnosisRouteDeps;
  readiness: ReadinessRouteDeps;
  dependencies: DependencyRouteDeps;
  deployments: DeploymentRouteDeps;
}

/**
 * The observability API: every route is declared in openapi.yaml, which types
 * the handlers and refuses requests that do not match it (unknown query
 * parameters and wrongly typed body fields included) before a handler
 * runs. Handlers still validate meaning (ranges, durations, ids) with
 * specific messages.
 */
export async function createRouter(
  httpAuth: HttpAuthService,
  routes: RouterOptions,
): Promise<express.Router> {
  const queues = callerQueues(httpAuth);
  const router = await createOpenApiRouter({
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
  healthRoutes(router, routes.health);
  metricsRoutes(router, routes.metrics);
  alertRoutes(router, routes.alerts);
  logRoutes(router, routes.logs);
  traceRoutes(router, routes.traces);
  dashboardRoutes(router, routes.dashboards);
  sloRoutes(router, routes.slos);
  adjustmentRoutes(router, routes.sloAdjustments);
  compositeSloRoutes(router, routes.compositeSlos);
  sloNotificationRoutes(router, routes.sloNotifications);
  monitoringRoutes(router, routes.monitoring);
  diagnosisRoutes(router, routes.diagnosis);
  readinessRoutes(router, routes.readiness);
  dependencyRoutes(router, routes.dependencies);
  deploymentRoutes(router, routes.deployments);
  // A caller told to retry later is refused before its request is parsed.
  return express.Router().use(queues.refuseWhileTold, router, queues.refused);
}
