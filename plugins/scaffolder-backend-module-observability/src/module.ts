import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAnnotateCatalogAction } from './actions/annotateCatalog';

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
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createAnnotateCatalogAction());
      },
    });
  },
});
