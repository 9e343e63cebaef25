/**
 * SLOs: definitions from annotations, OpenSLO v1 and Sloth files, and the
 * error-budget maths. Pure functions, no I/O.
 *
 * Modules exported by name also hold helpers that other modules of this
 * package use but no other package does; those stay out of the public API.
 */
export * from './types';
export * from './status';
export * from './verdict';
export * from './responses';
export * from './parseSpecs';
export {
  formatHumanDuration,
  formatLatency,
  formatSloNumber,
  formatSloPercent,
} from './format';
export {
  MIN_SLO_WINDOW_MS,
  sloDefinitionsFromAnnotations,
} from './parseAnnotations';
export type { SloAnnotationsResult } from './parseAnnotations';
export {
  badEvents,
  burnRate,
  errorBudget,
  errorRatio,
  timeToExhaustionMs,
} from './budget';
export { BURN_RATE_WINDOWS } from './burnRateAlerts';
export type { BurnRateAlertWindow } from './burnRateAlerts';
export { explainSloStatus } from './explain';
export { burnDownSeries, sloReportMarkdown, sloReportRow } from './burnDown';
export { daySpans, sloPeriod, timeZoneOffsetMs } from './calendar';
export type { SloDaySpan, SloPeriod } from './calendar';
export { findBucketBoundary } from './latency';
export { sloSignalChannel } from './signals';
export { parseSloAdjustmentList, readSloAdjustmentFields } from './adjustments';
export type {
  ListedSloAdjustment,
  NamedSloAdjustmentDeclaration,
  SloAdjustedEvaluation,
  SloAdjustment,
  SloAdjustmentDeclaration,
  SloAdjustmentProblem,
  SloAdjustmentSource,
  SloAdjustmentsResponse,
  SloExcludedPeriod,
} from './adjustments';
export type { BucketBoundaryResult, HistogramOptions } from './latency';
export * from './composite/types';
export { parseCompositeSlos } from './composite/parseComposites';
export type { CompositeSlosResult } from './composite/parseComposites';
export { evaluateCompositeCounts } from './composite/combine';
export type {
  CompositeComponentCounts,
  CompositeShare,
} from './composite/combine';
