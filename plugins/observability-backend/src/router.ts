import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityHealthResponse,
  HealthResponse,
  MetricDialectsResponse,
} from '@sightline/plugin-observability-common';
import express from 'express';
import Router from 'express-promise-router';
import { ObservabilityConfig } from './config/ObservabilityConfig';
import { DialectRegistry } from './dialects/DialectRegistry';
import { EntityResolver } from './entities/EntityResolver';
import { UpstreamHealthChecker } from './upstreams/UpstreamHealthChecker';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  config: ObservabilityConfig;
  dialects: DialectRegistry;
  entities: EntityResolver;
  health: UpstreamHealthChecker;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, config, dialects, entities, health } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const clusters = await Promise.all(
      [...config.clusters.values()].map(cluster =>
        health.checkCluster(cluster),
      ),
    );
    const body: HealthResponse = {
      defaultCluster: config.defaultCluster,
      clusters,
    };
    res.json(body);
  });

  router.get('/dialects', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const body: MetricDialectsResponse = {
      defaultDialect: config.defaults.dialect,
      dialects: dialects.list().map(({ id, title }) => ({ id, title })),
    };
    res.json(body);
  });

  router.get('/entities/:kind/:namespace/:name/health', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await entities.getEntity(req.params, credentials);
    const cluster = entities.resolveCluster(entity);
    const body: EntityHealthResponse = {
      entityRef: stringifyEntityRef(entity),
      cluster: await health.checkCluster(cluster),
    };
    res.json(body);
  });

  return router;
}
