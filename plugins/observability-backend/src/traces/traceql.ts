import { escapeTraceQLString } from '@sightline/plugin-observability-common';

/** What the traces route searches by. */
export interface TraceFilters {
  status?: 'ok' | 'error';
  /** Whole milliseconds. */
  minDurationMs?: number;
  /** Span name. */
  operation?: string;
}

/**
 * One TraceQL spanset filter: spans of the entity's service, with every
 * condition on the same span. Values are escaped strings or numbers, so the
 * query can never widen beyond `resource.service.name`.
 */
export function buildTraceQL(
  serviceName: string,
  filters: TraceFilters,
): string {
  const conditions = [
    `resource.service.name = "${escapeTraceQLString(serviceName)}"`,
  ];
  if (filters.status === 'error') conditions.push('status = error');
  if (filters.status === 'ok') conditions.push('status != error');
  if (filters.minDurationMs !== undefined) {
    conditions.push(`duration >= ${Math.round(filters.minDurationMs)}ms`);
  }
  if (filters.operation) {
    conditions.push(`name = "${escapeTraceQLString(filters.operation)}"`);
  }
  return `{ ${conditions.join(' && ')} }`;
}
