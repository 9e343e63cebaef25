import { escapePromQLLabelValue } from './escaping';
import { LabelMatcher } from './target';

/**
 * Renders matchers as a PromQL/LogQL matcher list, every value escaped:
 * `namespace="shop", service="checkout"`.
 *
 * @public
 */
export function renderMatchers(matchers: LabelMatcher[]): string {
  return matchers
    .map(m => `${m.name}${m.op}"${escapePromQLLabelValue(m.value)}"`)
    .join(', ');
}

/**
 * A PromQL series selector, `metric{a="b", c=~"d"}`, every value escaped.
 *
 * @public
 */
export function metricSelector(
  metric: string,
  ...matchers: LabelMatcher[][]
): string {
  return `${metric}{${renderMatchers(matchers.flat())}}`;
}

/**
 * Whether a label name is one every Prometheus-compatible store accepts.
 *
 * @public
 */
export function isValidLabelName(name: string): boolean {
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name);
}

/**
 * Whether a metric name is valid PromQL without quoting.
 *
 * @public
 */
export function isValidMetricName(name: string): boolean {
  return /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name);
}
