import express from 'express';
import Router from 'express-promise-router';
import { alertRoutes } from './routes/alertRoutes';
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
  return router;
}
