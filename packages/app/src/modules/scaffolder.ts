import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { observabilityScaffolderFormFields } from '@sightline/plugin-observability';

/**
 * The "Add monitoring" template's SLO fields (examples/templates), which
 * check an objective as it is typed.
 */
export const scaffolderModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: observabilityScaffolderFormFields,
});
