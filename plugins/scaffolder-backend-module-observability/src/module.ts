import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readMonitoringClusters } from '@sightline/plugin-observability-node';
import os from 'node:os';
import path from 'node:path';
import { observabilityActions } from './actions';

/**
 * Software-template actions that generate and apply a service's monitoring.
 *
 * @public
 */
export const scaffolderModuleObservability = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'observability',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, catalog, permissions, logger }) {
        // Read once at start-up, the way the observability backend reads it.
        const clusters = readMonitoringClusters(config);
        // Where observability:workspace:publish writes, for use without a Git
        // server; a throwaway directory unless configured.
        const publishDirectory = path.resolve(
          config.getOptionalString(
            'observability.scaffolder.publishDirectory',
          ) ?? path.join(os.tmpdir(), 'sightline-published'),
        );
        scaffolder.addActions(
          ...observabilityActions({
            catalog,
            clusters,
            permissions,
            logger,
            publishDirectory,
          }),
        );
      },
    });
  },
});
