import { createBackendModule } from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { observabilityFactRetriever } from './observabilityFactRetriever';

/**
 * Adds `observabilityFactRetriever` to the tech-insights backend. It runs
 * on the cadence of `techInsights.factRetrievers.observabilityFactRetriever`
 * in app-config (without that entry tech-insights does not schedule it).
 *
 * @public
 */
export const techInsightsModuleObservabilityFacts = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'observability-facts',
  register(env) {
    env.registerInit({
      deps: { retrievers: techInsightsFactRetrieversExtensionPoint },
      async init({ retrievers }) {
        retrievers.addFactRetrievers({ observabilityFactRetriever });
      },
    });
  },
});
