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
 * Words PromQL reads as something other than a metric name, in any case:
 * number literals, operators, aggregations, modifiers and preprocessors, as
 * Prometheus' lexer (`promql/parser/lex.go`) and lezer-promql
 * (`src/tokens.js`) list them. Some still parse as a metric name in one
 * position or one parser (`sum{}` does in both, `atan2{}` only in lezer), so
 * all of them are quoted rather than only those that break today.
 */
const PROMQL_KEYWORDS = new Set([
  'inf',
  'nan',
  'and',
  'or',
  'unless',
  'atan2',
  'sum',
  'avg',
  'count',
  'min',
  'max',
  'group',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'count_values',
  'quantile',
  'limitk',
  'limit_ratio',
  'offset',
  'smoothed',
  'anchored',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'fill',
  'fill_left',
  'fill_right',
  'bool',
  'start',
  'end',
  'step',
  'range',
  'min_of',
  'max_of',
]);

/**
 * A PromQL series selector, `metric{a="b", c=~"d"}`, every value escaped. A
 * metric name PromQL would read as a keyword (`NaN`, `on`, `bool`, ...) or
 * that is no identifier at all is selected by `{__name__="..."}` instead.
 *
 * @public
 */
export function metricSelector(
  metric: string,
  ...matchers: LabelMatcher[][]
): string {
  // No metric at all (`{__name__=~"a|b", ...}`) stays a bare matcher list.
  const quote =
    metric !== '' &&
    (!isValidMetricName(metric) || PROMQL_KEYWORDS.has(metric.toLowerCase()));
  if (quote) {
    return `{${renderMatchers([
      { name: '__name__', op: '=', value: metric },
      ...matchers.flat(),
    ])}}`;
  }
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
