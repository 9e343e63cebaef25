import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { observabilityApiRef } from './api/ObservabilityApi';
import { ObservabilityClient } from './api/ObservabilityClient';
import { hasDeclaredSlos, isObservabilityAvailable } from './filters';
import { observabilitySearchResultListItem } from './components/SearchResultItem';
import {
  observabilityGroupSloRollupCard,
  observabilitySystemSloRollupCard,
} from './components/SloRollupCard/extensions';
import { observabilitySystemDependenciesCard } from './components/DependenciesSection/extensions';
import { observabilityCompositeSloCard } from './components/CompositeSloCard/extensions';
import { observabilityProductionReadinessCard } from './components/ProductionReadinessCard/extensions';

/** @public */
export const observabilityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: observabilityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ObservabilityClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The "Observability" tab on service pages. Defaults come from the entity's
 * Kubernetes annotations, so any Component may show it; without them its
 * Setup section says what to add.
 *
 * @public
 */
export const observabilityEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'observability',
    title: 'Observability',
    filter: { kind: 'component' },
    loader: () =>
      import('./components/ObservabilityContent').then(m => (
        <m.ObservabilityContent />
      )),
  },
});

/**
 * Overview card: the last hour's request rate, error ratio and p95 latency
 * with sparklines.
 *
 * @public
 */
export const observabilityRedSummaryCard = EntityCardBlueprint.make({
  name: 'red-summary',
  params: {
    filter: isObservabilityAvailable,
    loader: () =>
      import('./components/RedSummaryCard').then(m => <m.RedSummaryCard />),
  },
});

/**
 * Overview card: firing and pending alerts.
 *
 * @public
 */
export const observabilityFiringAlertsCard = EntityCardBlueprint.make({
  name: 'firing-alerts',
  params: {
    filter: isObservabilityAvailable,
    loader: () =>
      import('./components/FiringAlertsCard').then(m => <m.FiringAlertsCard />),
  },
});

/**
 * Overview card: each SLO's status and remaining error budget.
 *
 * @public
 */
export const observabilitySloBudgetCard = EntityCardBlueprint.make({
  name: 'slo-budget',
  params: {
    filter: hasDeclaredSlos,
    loader: () =>
      import('./components/SloBudgetCard').then(m => <m.SloBudgetCard />),
  },
});

/**
 * Sightline for Backstage's new frontend system.
 *
 * @public
 */
export const observabilityPlugin = createFrontendPlugin({
  pluginId: 'observability',
  // One extension per line, so adding one is a one-line change.
  extensions: [
    observabilityApi,
    observabilityEntityContent,
    observabilityRedSummaryCard,
    observabilityFiringAlertsCard,
    observabilitySloBudgetCard,
    observabilitySearchResultListItem,
    observabilityGroupSloRollupCard,
    observabilitySystemSloRollupCard,
    observabilitySystemDependenciesCard,
    observabilityCompositeSloCard,
    observabilityProductionReadinessCard,
  ],
});
