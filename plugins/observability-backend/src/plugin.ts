import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  observabilityDialectsExtensionPoint,
  readMonitoringClusters,
} from '@sightline/plugin-observability-node';
import { DialectRegistry } from './metrics/dialects/DialectRegistry';
import { observabilityPermissions } from '@sightline/plugin-observability-common';
import { readObservabilityConfig } from './config/ObservabilityConfig';
import { serveNotConfigured } from './config/notConfigured';
import { DialectDetector } from './metrics/dialects/DialectDetector';
import { EntityResolver } from './entities/EntityResolver';
import { TargetResolver } from './entities/TargetResolver';
import { TargetService } from './entities/TargetService';
import { RedService } from './metrics/RedService';
import { AlertsService } from './alerts/AlertsService';
import { DashboardsService } from './dashboards/DashboardsService';
import { LogsService } from './logs/LogsService';
import { TracesService } from './traces/TracesService';
import { createRouter } from './router';
import { SloDefinitionReader } from './slo/SloDefinitions';
import { SloService } from './slo/SloService';
import { SloHistoryStore } from './slo/SloHistoryStore';
import {
  SloHistoryRecorder,
  readHistoryRetentionDays,
} from './slo/SloHistoryRecorder';
import { FleetEvaluator } from './slo/fleet/FleetEvaluator';
import { SloSnapshotStore } from './slo/fleet/SloSnapshotStore';
import { UpstreamHealthChecker } from './upstreams/UpstreamHealthChecker';
import { UpstreamRegistry } from './upstreams/UpstreamRegistry';

/**
 * Sightline's backend: entity-scoped telemetry from the cluster's
 * Prometheus, Alertmanager, Loki, Tempo/Jaeger, Grafana and Kubernetes API.
 *
 * @public
 */
export const observabilityPlugin = createBackendPlugin({
  pluginId: 'observability',
  register(env) {
    const dialects = new DialectRegistry();
    env.registerExtensionPoint(observabilityDialectsExtensionPoint, {
      addDialect: dialect => dialects.add(dialect),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        cache: coreServices.cache,
        permissions: coreServices.permissions,
        urlReader: coreServices.urlReader,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissionsRegistry,
        catalog,
        cache,
        permissions,
        urlReader,
        database,
        scheduler,
        auth,
      }) {
        if (!config.has('observability')) {
          serveNotConfigured({ logger, httpRouter });
          return;
        }
        const observabilityConfig = readObservabilityConfig(config);
        const upstreams = UpstreamRegistry.fromConfig(
          observabilityConfig,
          cache,
        );
        permissionsRegistry.addPermissions(observabilityPermissions);

        const entities = EntityResolver.create({
          catalog,
          config: observabilityConfig,
        });
        const targets = new TargetService(
          entities,
          new TargetResolver(observabilityConfig, dialects),
          new DialectDetector(logger, cache),
          upstreams,
        );
        const sloHistory = await SloHistoryStore.create({ database });
        const slos = SloService.create({
          definitions: new SloDefinitionReader(urlReader),
          logger,
          history: sloHistory,
        });
        await new SloHistoryRecorder({
          catalog,
          auth,
          entities,
          targets,
          slos,
          store: sloHistory,
          logger,
          retentionDays: readHistoryRetentionDays(config),
        }).schedule(scheduler);
        const sloSnapshots = await SloSnapshotStore.create({ database });
        await new FleetEvaluator({
          catalog,
          auth,
          targets,
          slos,
          store: sloSnapshots,
          history: sloHistory,
          logger,
        }).schedule(scheduler, config);
        httpRouter.use(
          await createRouter({
            httpAuth,
            config: observabilityConfig,
            dialects,
            entities,
            targets: new TargetService(
              entities,
              new TargetResolver(observabilityConfig, dialects),
              new DialectDetector(logger, cache),
              upstreams,
            ),
            health: UpstreamHealthChecker.create({
              clients: cluster => upstreams.forCluster(cluster),
            }),
            red: new RedService(),
            alerts: new AlertsService(),
            permissions,
            logger,
            logs: new LogsService(),
            traces: new TracesService({
              logsMarginMs: observabilityConfig.traces.logsMarginMs,
            }),
            dashboards: new DashboardsService(),
            targetResolver: new TargetResolver(observabilityConfig, dialects),
            slo: { service: slos, catalog, snapshots: sloSnapshots },
            monitoring: { clusters: readMonitoringClusters(config) },
          }),
        );
        logger.info('Observability backend ready', {
          clusters: [...observabilityConfig.clusters.keys()].join(', '),
          defaultCluster: observabilityConfig.defaultCluster,
        });
      },
    });
  },
});
