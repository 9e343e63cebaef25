import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { observabilitySearchResultType } from '@sightline/plugin-observability';

/**
 * The search page's result-type filter offers Sightline's `observability`
 * documents (services' SLOs, alerts and dashboards) beside the catalog.
 */
export const searchModule = createFrontendModule({
  pluginId: 'search',
  extensions: [observabilitySearchResultType],
});
