/**
 * Sightline's observability backend plugin.
 *
 * @packageDocumentation
 */
export { observabilityPlugin as default } from './plugin';
export { observabilityFactRetriever } from './scorecards/observabilityFactRetriever';
export { techInsightsModuleObservabilityFacts } from './scorecards/techInsightsModuleObservabilityFacts';
