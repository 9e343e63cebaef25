import {
  formatDuration,
  OBSERVABILITY_ANNOTATIONS as A,
  renderMatchers,
} from '@sightline/plugin-observability-common';
import { formatNumber, sortedMap } from './naming';
import { GeneratorTarget } from './target';
import { MonitoringInput } from './types';

/**
 * The `sightline.dev/*` annotations that make the catalog entity read the
 * telemetry exactly as the generated monitoring records it: the PromQL
 * selector and dialect the rules were built for, the SLOs (as the short
 * annotations when they fit, else the OpenSLO file) and the dashboard uid.
 *
 * @public
 */
export function buildCatalogAnnotations(
  target: GeneratorTarget,
  input: MonitoringInput,
  refs: { dashboardUid?: string; openSloPath?: string },
  warnings: string[],
): Record<string, string> {
  const out: Record<string, string> = {
    [A.prometheusSelector]: renderMatchers(target.matchers),
    [A.metricsDialect]: target.dialect.id,
  };
  const { dialect } = target;
  if (dialect.id === 'custom') {
    out[A.requestMetric] = dialect.requestMetric;
    if (dialect.errorMatchers.length === 1) {
      out[A.errorMatcher] = renderMatchers(dialect.errorMatchers[0]);
    } else if (dialect.errorMatchers.length > 1) {
      warnings.push(
        `${A.errorMatcher} takes one matcher list; the custom dialect has ${dialect.errorMatchers.length} alternatives, so only the first is written.`,
      );
      out[A.errorMatcher] = renderMatchers(dialect.errorMatchers[0]);
    }
    if (dialect.durationMetric) out[A.durationMetric] = dialect.durationMetric;
  }
  if (input.alertMatchers) {
    out[A.alertMatchers] = renderMatchers(input.alertMatchers);
  }
  if (input.logMatchers) {
    out[A.logSelector] = `{${renderMatchers(input.logMatchers)}}`;
  }
  if (input.traceService) out[A.traceService] = input.traceService;

  const availability = target.slos.filter(s => s.kind === 'availability');
  const latency = target.slos.filter(s => s.kind === 'latency');
  const windows = new Set(target.slos.map(s => s.windowMs));
  const fitsShortForm =
    availability.length <= 1 &&
    latency.length <= 1 &&
    windows.size <= 1 &&
    availability.every(s => s.name === 'availability') &&
    latency.every(s => s.name === 'latency');
  if (target.slos.length && fitsShortForm) {
    if (availability[0]) {
      out[A.sloAvailability] = formatNumber(availability[0].objective * 100);
    }
    if (latency[0]) {
      out[A.sloLatency] = `${formatNumber(
        latency[0].objective * 100,
      )}% < ${formatNumber(
        (latency[0].latencyThresholdSeconds ?? 0) * 1000,
      )}ms`;
    }
    out[A.sloWindow] = formatDuration(target.slos[0].windowMs);
  } else if (target.slos.length && refs.openSloPath) {
    out[A.sloFile] = refs.openSloPath;
  }
  if (refs.dashboardUid) out[A.grafanaDashboards] = refs.dashboardUid;
  return sortedMap(out);
}
