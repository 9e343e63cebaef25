/**
 * Backstage search module that indexes services' SLOs, alerts and dashboards.
 *
 * @packageDocumentation
 */
export { searchModuleObservabilityCollator as default } from './module';
export { ObservabilityCollatorFactory } from './collators/ObservabilityCollatorFactory';
export type {
  ObservabilityCollatorDeps,
  ObservabilityDocument,
} from './collators/ObservabilityCollatorFactory';
