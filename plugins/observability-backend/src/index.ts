/**
 * Sightline's observability backend plugin.
 *
 * @packageDocumentation
 */
export { observabilityPlugin as default } from './plugin';
