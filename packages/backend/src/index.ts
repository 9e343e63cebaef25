/*
 * The example Backstage backend: catalog, scaffolder, search and permissions,
 * with Sightline's backend plugin and its scaffolder and search modules.
 */
import { createBackend } from '@backstage/backend-defaults';
import { techInsightsModuleObservabilityFacts } from '@sightline/plugin-observability-backend';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Guest sign-in for local use; see https://backstage.io/docs/auth/guest/provider
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// A second sign-in, as a user who owns nothing, to try the policy with.
backend.add(import('./visitorSignIn'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
// Everything allowed, but silences and applying monitoring for owners only.
backend.add(import('./permissionPolicy'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-user-settings-backend'));
// User settings push updates to open tabs through signals.
backend.add(import('@backstage/plugin-signals-backend'));
// Notifications (the bell and /notifications): Sightline tells an entity's
// owners when one of its SLOs changes status.
backend.add(import('@backstage/plugin-notifications-backend'));

// Sightline
backend.add(import('@sightline/plugin-observability-backend'));
backend.add(
  import('@sightline/plugin-scaffolder-backend-module-observability'),
);
backend.add(import('@sightline/plugin-search-backend-module-observability'));
// Sightline's read-only actions (backend.actions.pluginSources) as MCP tools
// for AI agents, at /api/mcp-actions/v1.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Production-readiness scorecards: Tech Insights with Sightline's facts and
// the JSON rules engine checks of app-config (techInsights.factChecker).
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(techInsightsModuleObservabilityFacts);

backend.start();
