/**
 * Sightline: RED metrics, logs, traces, alerts and SLOs on Backstage's service page.
 *
 * The default export is the plugin for the new frontend system; the `Entity…`
 * components and `legacyObservabilityPlugin` are for apps on the legacy one.
 *
 * @packageDocumentation
 */
export { observabilityPlugin as default } from './plugin';
export {
  observabilityApi,
  observabilityEntityContent,
  observabilityFiringAlertsCard,
  observabilityRedSummaryCard,
  observabilitySloBudgetCard,
} from './plugin';
export {
  EntityCompositeSloCard,
  EntityFiringAlertsCard,
  EntityGroupSloRollupCard,
  EntityObservabilityContent,
  EntityProductionReadinessCard,
  EntityRedSummaryCard,
  EntitySloBudgetCard,
  EntitySystemDependenciesCard,
  EntitySystemSloRollupCard,
  legacyObservabilityPlugin,
} from './legacy';
export { observabilityCompositeSloCard } from './components/CompositeSloCard/extensions';
export { observabilityProductionReadinessCard } from './components/ProductionReadinessCard/extensions';
export { hasDeclaredSlos, isObservabilityAvailable } from './filters';
export { observabilityScaffolderFormFields } from './scaffolder';
export * from './api/ObservabilityApi';
export { ObservabilityClient } from './api/ObservabilityClient';
export {
  observabilitySearchResultListItem,
  observabilitySearchResultType,
  ObservabilitySearchResultListItem,
} from './components/SearchResultItem';
