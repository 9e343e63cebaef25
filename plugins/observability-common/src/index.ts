/**
 * The shared model of Sightline's observability plugins: annotation keys,
 * permissions, request and response types and query-language escaping.
 * Isomorphic, no I/O.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './duration';
export * from './escaping';
export * from './health';
export * from './permissions';
export * from './matchers';
export * from './target';
export * from './metrics';
export * from './alerts';
export * from './labelMatching';
export * from './logs';
export * from './traces';
export * from './spanTree';
export * from './dashboards';
export * from './deployments';
export * from './slo';
export * from './monitoring';
export * from './diagnosis';
export * from './dependencies';
export * from './search';
export * from './notConfigured';
