import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AlertsService } from '../alerts/AlertsService';
import { InputError } from '@backstage/errors';
import { ApiRouter } from '@backstage/backend-openapi-utils';
import express from 'express';
import { spec } from '../schema/openapi.generated';
import { z } from 'zod/v3';
import { ObservabilityConfig } from '../config/ObservabilityConfig';
import { DialectRegistry } from '../metrics/dialects/DialectRegistry';
import { EntityResolver } from '../entities/EntityResolver';
import { EntityTelemetry, TargetService } from '../entities/TargetService';
import { RedService } from '../metrics/RedService';
import { LogsService } from '../logs/LogsService';
import { TracesService } from '../traces/TracesService';
import { DashboardsService } from '../dashboards/DashboardsService';
import { TargetResolver } from '../entities/TargetResolver';
import { TelemetryTarget } from '@sightline/plugin-observability-common';
import { resolveTimeRange, TimeRange } from './TimeRange';
import { UpstreamHealthChecker } from '../upstreams/UpstreamHealthChecker';
import type { SloRouteDeps } from '../slo/sloRoutes';
import type { MonitoringRouteDeps } from '../monitoring/monitoringRoutes';

/** What every group of routes may use. */
export interface RouteContext {
  httpAuth: HttpAuthService;
  config: ObservabilityConfig;
  dialects: DialectRegistry;
  entities: EntityResolver;
  targets: TargetService;
  health: UpstreamHealthChecker;
  red: RedService;
  alerts: AlertsService;
  permissions: PermissionsService;
  logger: LoggerService;
  logs: LogsService;
  traces: TracesService;
  dashboards: DashboardsService;
  /** Annotations → target without the metric-dialect probe (see entityTarget). */
  targetResolver: TargetResolver;
  /** SLO service and catalog for the SLO routes; the routes are absent without it. */
  slo?: SloRouteDeps;
  /** Clusters for the monitoring preview/apply routes; the routes are absent without it. */
  monitoring?: MonitoringRouteDeps;
}

/** The router every route group registers on, typed and validated by openapi.yaml. */
export type ObservabilityRouter = ApiRouter<typeof spec>;

/**
 * A request to a route under ENTITY_PATH. Only the path parameters matter
 * here; body, query and response stay as each typed route declares them.
 */
export type EntityRequest = express.Request<
  { kind: string; namespace: string; name: string },
  any,
  any,
  any
>;

/** Routes under `/entities/:kind/:namespace/:name`. */
export const ENTITY_PATH = '/entities/:kind/:namespace/:name';

/** The entity of the request, read with the caller's own credentials. */
export async function entityTelemetry(
  ctx: RouteContext,
  req: EntityRequest,
): Promise<EntityTelemetry> {
  const credentials = await ctx.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  return ctx.targets.forEntity(req.params, credentials);
}

/**
 * The entity of the request and its target, without probing Prometheus for
 * the metric dialect: for routes that read no metrics (logs, traces), so
 * that a Prometheus outage cannot break them. `target.metrics.dialect` is
 * only set when an annotation names it.
 */
export async function entityTarget(
  ctx: RouteContext,
  req: EntityRequest,
): Promise<EntityTelemetry> {
  const credentials = await ctx.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const entity = await ctx.entities.getEntity(req.params, credentials);
  const cluster = ctx.entities.resolveCluster(entity);
  const resolved = ctx.targetResolver.resolve(entity, cluster.name);
  // Only the TelemetryTarget fields: the resolver's extras are internal.
  const target: TelemetryTarget = {
    entityRef: resolved.entityRef,
    cluster: resolved.cluster,
    metrics: resolved.metrics,
    logs: resolved.logs,
    traces: resolved.traces,
    alerts: resolved.alerts,
    dashboards: resolved.dashboards,
    problems: resolved.problems,
  };
  return { entity, target };
}

/** Validates query parameters, answering 400 with every problem named. */
export function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  query: unknown,
): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      i => `'${i.path.join('.')}' ${i.message.toLowerCase()}`,
    );
    throw new InputError(`Invalid query parameters: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** `from`/`to` as strings; TimeRange does the parsing so errors name the parameter. */
export const timeRangeParams = {
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
};

export function timeRange(
  ctx: RouteContext,
  params: { from?: string; to?: string },
): TimeRange {
  return resolveTimeRange(params, ctx.config.limits);
}
