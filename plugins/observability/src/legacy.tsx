// Exports for Backstage apps still on the legacy frontend system
// (`createApp` from @backstage/app-defaults, routes in EntityPage.tsx).
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { observabilityApiRef } from './api/ObservabilityApi';
import { ObservabilityClient } from './api/ObservabilityClient';

const rootRouteRef = createRouteRef({ id: 'observability' });

/**
 * Sightline for apps on the legacy frontend system.
 *
 * @public
 */
export const legacyObservabilityPlugin = createPlugin({
  id: 'observability',
  apis: [
    createApiFactory({
      api: observabilityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ObservabilityClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The Observability tab: `<EntityLayout.Route path="/observability"
 * title="Observability"><EntityObservabilityContent /></EntityLayout.Route>`.
 *
 * @public
 */
export const EntityObservabilityContent = legacyObservabilityPlugin.provide(
  createRoutableExtension({
    name: 'EntityObservabilityContent',
    mountPoint: rootRouteRef,
    component: () =>
      import('./components/ObservabilityContent').then(
        m => m.ObservabilityContent,
      ),
  }),
);

/** @public */
export const EntityRedSummaryCard = legacyObservabilityPlugin.provide(
  createComponentExtension({
    name: 'EntityRedSummaryCard',
    component: {
      lazy: () =>
        import('./components/RedSummaryCard').then(m => m.RedSummaryCard),
    },
  }),
);

/** @public */
export const EntityFiringAlertsCard = legacyObservabilityPlugin.provide(
  createComponentExtension({
    name: 'EntityFiringAlertsCard',
    component: {
      lazy: () =>
        import('./components/FiringAlertsCard').then(m => m.FiringAlertsCard),
    },
  }),
);

/** @public */
export const EntitySloBudgetCard = legacyObservabilityPlugin.provide(
  createComponentExtension({
    name: 'EntitySloBudgetCard',
    component: {
      lazy: () =>
        import('./components/SloBudgetCard').then(m => m.SloBudgetCard),
    },
  }),
);

/**
 * For Group pages: every SLO of the Components the group owns.
 *
 * @public
 */
export const EntityGroupSloRollupCard = legacyObservabilityPlugin.provide(
  createComponentExtension({
    name: 'EntityGroupSloRollupCard',
    component: {
      lazy: () =>
        import('./components/SloRollupCard').then(m => m.GroupSloRollupCard),
    },
  }),
);

/**
 * For System pages: every SLO of the Components the system contains.
 *
 * @public
 */
export const EntitySystemSloRollupCard = legacyObservabilityPlugin.provide(
  createComponentExtension({
    name: 'EntitySystemSloRollupCard',
    component: {
      lazy: () =>
        import('./components/SloRollupCard').then(m => m.SystemSloRollupCard),
    },
  }),
);

/**
 * For System pages: the composite SLOs the system declares, with each
 * component's share of the budget.
 *
 * @public
 */
export const EntityCompositeSloCard = legacyObservabilityPlugin.provide(
  createComponentExtension({
    name: 'EntityCompositeSloCard',
    component: {
      lazy: () =>
        import('./components/CompositeSloCard').then(m => m.CompositeSloCard),
    },
  }),
);

/**
 * For System pages: the service graph of the system's services and their
 * peers, with its drift from the catalog.
 *
 * @public
 */
export const EntitySystemDependenciesCard = legacyObservabilityPlugin.provide(
  createComponentExtension({
    name: 'EntitySystemDependenciesCard',
    component: {
      lazy: () =>
        import('./components/DependenciesSection').then(
          m => m.SystemDependenciesCard,
        ),
    },
  }),
);

/**
 * For Component pages: the production-readiness checks over Sightline's
 * Tech Insights facts (monitoring, SLOs, alerts with runbooks, dashboards,
 * the doctor), each passed or failed with how to fix it.
 *
 * @public
 */
export const EntityProductionReadinessCard = legacyObservabilityPlugin.provide(
  createComponentExtension({
    name: 'EntityProductionReadinessCard',
    component: {
      lazy: () =>
        import('./components/ProductionReadinessCard').then(
          m => m.ProductionReadinessCard,
        ),
    },
  }),
);
