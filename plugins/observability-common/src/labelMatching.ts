import { LabelMatcher } from './target';

/**
 * Whether a label set satisfies every matcher, with Prometheus semantics:
 * regexes are anchored and a missing label is the empty string.
 *
 * @public
 */
export function matchesLabels(
  matchers: LabelMatcher[],
  labels: Record<string, string>,
): boolean {
  return matchers.every(m => {
    const value = labels[m.name] ?? '';
    switch (m.op) {
      case '=':
        return value === m.value;
      case '!=':
        return value !== m.value;
      case '=~':
        return new RegExp(`^(?:${m.value})$`).test(value);
      case '!~':
        return !new RegExp(`^(?:${m.value})$`).test(value);
      default:
        return false;
    }
  });
}
