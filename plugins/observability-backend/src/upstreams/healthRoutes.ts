import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityHealthResponse,
  HealthResponse,
  MetricDialectsResponse,
} from '@sightline/plugin-observability-common';
import {
  ENTITY_PATH,
  ObservabilityRouter,
  RouteContext,
} from '../http/RouteContext';

/** Upstream reachability, and the dialects this backend knows. */
export function healthRoutes(router: ObservabilityRouter, ctx: RouteContext) {
  const { httpAuth, config, dialects, entities, health } = ctx;

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

  router.get(`${ENTITY_PATH}/health`, async (req, res) => {
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
}
