/**
 * The observability backend module for the scaffolder plugin.
 *
 * @packageDocumentation
 */

export { scaffolderModuleObservability as default } from './module';
