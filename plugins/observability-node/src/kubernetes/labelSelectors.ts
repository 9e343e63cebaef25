import type { KubernetesLabelSelector } from '../generators/target';

/**
 * A Kubernetes `LabelSelector` (meta/v1), as Services, ServiceMonitors and
 * Prometheus resources use it.
 *
 * @public
 */
export type LabelSelector = KubernetesLabelSelector;

/**
 * Whether labels satisfy a selector, with the API server's semantics: every
 * `matchLabels` pair and every expression must hold; an empty selector
 * (`{}`) selects everything. A missing (`undefined`) selector is NOT handled
 * here, because its meaning differs per field (the Prometheus Operator reads
 * a nil `serviceMonitorSelector` as "none" but a nil namespace selector as
 * "own namespace only").
 *
 * @public
 */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const actual = labels ?? {};
  const pairs = Object.entries(selector.matchLabels ?? {});
  if (pairs.some(([k, v]) => actual[k] !== v)) return false;
  return (selector.matchExpressions ?? []).every(e => {
    const has = Object.prototype.hasOwnProperty.call(actual, e.key);
    switch (e.operator) {
      case 'In':
        return has && (e.values ?? []).includes(actual[e.key]);
      case 'NotIn':
        return !has || !(e.values ?? []).includes(actual[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/**
 * A selector in `kubectl` syntax: `app=checkout,tier in (web)`; `{}` is
 * "everything".
 *
 * @public
 */
export function formatLabelSelector(selector: LabelSelector): string {
  const parts = [
    ...Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(selector.matchExpressions ?? []).map(e => {
      switch (e.operator) {
        case 'Exists':
          return e.key;
        case 'DoesNotExist':
          return `!${e.key}`;
        default:
          return `${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(
            ',',
          )})`;
      }
    }),
  ];
  return parts.length > 0 ? parts.join(',') : '{} (everything)';
}

/**
 * The `matchLabels` pairs that labels lack or hold with another value:
 * what to add to an object so that the selector selects it.
 *
 * @public
 */
export function missingLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(selector.matchLabels ?? {}).filter(
      ([k, v]) => labels?.[k] !== v,
    ),
  );
}
