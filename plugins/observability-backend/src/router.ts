import express from 'express';
import Router from 'express-promise-router';
import { alertRoutes } from './routes/alertRoutes';
import { dashboardRoutes } from './routes/dashboardRoutes';
import { logRoutes } from './routes/logRoutes';
import { traceRoutes } from './routes/traceRoutes';
import { healthRoutes } from './routes/healthRoutes';
import { metricsRoutes } from './routes/metricsRoutes';
import { RouteContext } from './routes/RouteContext';

export type RouterOptions = RouteContext;

export async function createRouter(
  ctx: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '100kb' }));
  router.use(healthRoutes(ctx));
  router.use(metricsRoutes(ctx));
  router.use(alertRoutes(ctx));
  router.use(logRoutes(ctx));
  router.use(traceRoutes(ctx));
  router.use(dashboardRoutes(ctx));
  return router;
}
