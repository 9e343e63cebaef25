import { LabelMatcher } from './target';

/**
 * A matcher's regex as Prometheus and Alertmanager apply it: anchored at both
 * ends. Their RE2 writes flags as a leading group (`(?i)checkout`), which
 * JavaScript has no syntax for; those become RegExp flags. Other RE2-only
 * syntax throws a SyntaxError.
 */
function anchoredRegex(value: string): RegExp {
  const inline = /^\(\?([is]+)\)/.exec(value);
  const source = inline ? value.slice(inline[0].length) : value;
  return new RegExp(`^(?:${source})$`, inline?.[1]);
}

/**
 * Whether a label set satisfies every matcher, with Prometheus and
 * Alertmanager semantics: regexes are anchored and a missing label is the
 * empty string. Throws a SyntaxError for a regex JavaScript cannot evaluate.
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
        return anchoredRegex(m.value).test(value);
      case '!~':
        return !anchoredRegex(m.value).test(value);
      default:
        return false;
    }
  });
}
