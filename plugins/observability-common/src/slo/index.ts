/**
 * SLOs: definitions from annotations, OpenSLO v1 and Sloth files, and the
 * error-budget maths. Pure functions, no I/O.
 */
export * from './types';
export * from './format';
export * from './parseAnnotations';
export * from './parseSpecs';
export * from './budget';
export * from './burnRateAlerts';
export * from './status';
export * from './verdict';
export * from './explain';
export * from './burnDown';
export * from './calendar';
export * from './latency';
export * from './responses';
