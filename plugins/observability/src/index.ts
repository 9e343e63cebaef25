/**
 * Sightline: RED metrics, logs, traces, alerts and SLOs on Backstage's service page.
 *
 * @packageDocumentation
 */
export { observabilityPlugin as default } from './plugin';
export { observabilityApi, observabilityEntityContent } from './plugin';
export * from './api/ObservabilityApi';
export { ObservabilityClient } from './api/ObservabilityClient';
