import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  observabilityDialectsExtensionPoint,
  readMonitoringClusters,
} from '@sightline/plugin-observability-node';
import { DialectRegistry } from './metrics/dialects/DialectRegistry';
import { observabilityPermissions } from '@sightline/plugin-observability-common';
import { readObservabilityConfig } from './config/ObservabilityConfig';
import { serveNotConfigured } from './config/notConfigured';
import { DialectDetector } from './metrics/dialects/DialectDetector';
import { EntityCatalog } from './entities/EntityCatalog';
import { TargetService } from './entities/TargetService';
import { EntityRequests } from './http/EntityRequests';
import { RedService } from './metrics/RedService';
import { AlertsService } from './alerts/AlertsService';
import { DashboardsService } from './dashboards/DashboardsService';
import { DiagnosisService } from './diagnosis/DiagnosisService';
import { LogsService } from './logs/LogsService';
import { TracesService } from './traces/TracesService';
import { createRouter } from './router';
import { DependenciesService } from './dependencies/DependenciesService';
import { DeploymentsService } from './deployments/DeploymentsService';
import { readVersionLabel } from './deployments/deploymentsConfig';
import { registerObservabilityActions } from './actions/registerObservabilityActions';
import { ReadinessFactsService } from './scorecards/ReadinessFactsService';
import { SloDefinitionReader } from './slo/SloDefinitions';
import { SloService } from './slo/SloService';
import { SloAdjustmentService } from './slo/adjustments/SloAdjustmentService';
import { SloAdjustmentStore } from './slo/adjustments/SloAdjustmentStore';
import { CompositeSloService } from './slo/composite/CompositeSloService';
import { SloHistoryStore } from './slo/SloHistoryStore';
import {
  SloHistoryRecorder,
  readHistoryRetentionDays,
} from './slo/SloHistoryRecorder';
import { FleetEvaluator } from './slo/fleet/FleetEvaluator';
import { SloSnapshotStore } from './slo/fleet/SloSnapshotStore';
import { SloNotificationStore } from './slo/notifications/SloNotificationStore';
import {
  SloTransitionNotifier,
  readNotificationsEnabled,
} from './slo/notifications/SloTransitionNotifier';
import { UpstreamClients } from './upstreams/UpstreamClients';
import { UpstreamHealthChecker } from './upstreams/UpstreamHealthChecker';

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
        notifications: notificationService,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
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
        notifications,
        signals,
        actionsRegistry,
      }) {
        if (!config.has('observability')) {
          serveNotConfigured({ logger, httpRouter });
          return;
        }
        const observabilityConfig = readObservabilityConfig(config);
        const { limits } = observabilityConfig;
        permissionsRegistry.addPermissions(observabilityPermissions);

        // Each service is built once, here, and shared by routes and tasks.
        const monitoringClusters = readMonitoringClusters(config);
        const clients = UpstreamClients.fromConfig(
          observabilityConfig,
          cache,
          monitoringClusters,
        );
        const entities = new EntityCatalog(catalog);
        const targets = new TargetService({
          catalog: entities,
          config: observabilityConfig,
          dialects,
          detector: new DialectDetector(logger, cache),
          clients,
        });
        const health = new UpstreamHealthChecker(clients);
        const sloHistory = await SloHistoryStore.create({ database });
        const sloDefinitions = new SloDefinitionReader(urlReader);
        const sloAdjustments = SloAdjustmentService.fromConfig(
          config,
          await SloAdjustmentStore.create({ database }),
        );
        const slos = SloService.create({
          definitions: sloDefinitions,
          logger,
          history: sloHistory,
          adjustments: sloAdjustments,
        });
        const sloSnapshots = await SloSnapshotStore.create({ database });
        const sloNotifications = await SloNotificationStore.create({
          database,
        });
        const notificationsEnabled = readNotificationsEnabled(config);
        const requests = new EntityRequests({
          httpAuth,
          catalog: entities,
          targets,
        });

        await new SloHistoryRecorder({
          catalog,
          auth,
          entities,
          targets,
          clients,
          slos,
          store: sloHistory,
          logger,
          retentionDays: readHistoryRetentionDays(config),
        }).schedule(scheduler);
        await new FleetEvaluator({
          catalog,
          auth,
          targets,
          clients,
          slos,
          store: sloSnapshots,
          history: sloHistory,
          transitions: new SloTransitionNotifier({
            store: sloNotifications,
            snapshots: sloSnapshots,
            notifications: notificationsEnabled ? notifications : undefined,
            signals,
            logger,
          }),
          logger,
        }).schedule(scheduler, config);

        const red = new RedService(clients);
        const alerts = new AlertsService(clients);
        const dashboards = new DashboardsService(clients);
        const traces = new TracesService({
          clients,
          logsMarginMs: observabilityConfig.traces.logsMarginMs,
        });
        const sloRouteDeps = {
          requests,
          entities,
          catalog,
          targets,
          clients,
          service: slos,
          snapshots: sloSnapshots,
        };
        const doctor = new DiagnosisService({
          targets,
          clients,
          health,
          slos,
          timeoutMs: limits.queryTimeoutMs,
        });
        registerObservabilityActions(actionsRegistry, {
          entities,
          targets,
          red,
          alerts,
          traces,
          doctor,
          slos: sloRouteDeps,
          limits,
        });

        httpRouter.use(
          await createRouter(httpAuth, {
            health: {
              requests,
              targets,
              health,
              config: observabilityConfig,
              dialects,
            },
            metrics: { requests, red, limits },
            alerts: {
              requests,
              alerts,
              httpAuth,
              permissions,
              logger,
            },
            logs: { requests, logs: new LogsService(clients), limits },
            traces: {
              requests,
              traces,
              limits,
            },
            dashboards: {
              requests,
              dashboards,
              limits,
            },
            slos: sloRouteDeps,
            sloAdjustments: {
              requests,
              definitions: sloDefinitions,
              adjustments: sloAdjustments,
              httpAuth,
              permissions,
              logger,
              limits,
            },
            compositeSlos: {
              requests,
              service: new CompositeSloService({
                entities,
                targets,
                clients,
                slos,
              }),
            },
            sloNotifications: {
              requests,
              httpAuth,
              store: sloNotifications,
              enabled: notificationsEnabled,
            },
            monitoring: {
              requests,
              clusters: monitoringClusters,
              clients,
              httpAuth,
              permissions,
              logger,
            },
            deployments: {
              requests,
              deployments: new DeploymentsService({
                clients,
                targets,
                red,
                versionLabel: readVersionLabel(config),
                timeoutMs: limits.queryTimeoutMs,
              }),
              limits,
            },
            dependencies: {
              requests,
              catalog: entities,
              dependencies: new DependenciesService({
                catalog,
                targets,
                clients,
              }),
              limits,
            },
            diagnosis: {
              requests,
              catalog: entities,
              doctor,
            },
            readiness: {
              requests,
              readiness: new ReadinessFactsService({
                entities,
                targets,
                clients,
                alerts,
                dashboards,
                doctor,
                slos: sloRouteDeps,
              }),
            },
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
