import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityHealthResponse,
  HealthResponse,
  MetricDialectsResponse,
} from '@sightline/plugin-observability-common';
import { ObservabilityConfig } from '../config/ObservabilityConfig';
import { TargetService } from '../entities/TargetService';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { DialectRegistry } from '../metrics/dialects/DialectRegistry';
import { UpstreamHealthChecker } from './UpstreamHealthChecker';

export interface HealthRouteDeps {
  requests: EntityRequests;
  targets: TargetService;
  health: UpstreamHealthChecker;
  config: ObservabilityConfig;
  dialects: DialectRegistry;
}

/** Upstream reachability, and the dialects this backend knows. */
export function healthRoutes(
  router: ObservabilityRouter,
  { requests, targets, health, config, dialects }: HealthRouteDeps,
) {
  router.get('/health', async (req, res) => {
    await requests.credentials(req);
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
    await requests.credentials(req);
    const body: MetricDialectsResponse = {
      defaultDialect: config.defaults.dialect,
      dialects: dialects.list().map(({ id, title }) => ({ id, title })),
    };
    res.json(body);
  });

  router.get(`${ENTITY_PATH}/health`, async (req, res) => {
    const { entity } = await requests.entity(req);
    const body: EntityHealthResponse = {
      entityRef: stringifyEntityRef(entity),
      cluster: await health.checkCluster(targets.cluster(entity)),
    };
    res.json(body);
  });
}
