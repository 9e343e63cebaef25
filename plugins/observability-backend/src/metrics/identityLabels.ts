import {
  escapeRegex,
  LabelMatcher,
} from '@sightline/plugin-observability-common';

/**
 * The label names an entity's selector pins (sorted), when every matcher is
 * an equality: `namespace="shop", service="checkout"` → `[namespace,
 * service]`. Such entities can share one query grouped by those labels,
 * each answer's label values naming its entity. Undefined for any other
 * selector (regexes, negations), which only a query of its own measures
 * exactly.
 */
export function identityLabels(matchers: LabelMatcher[]): string[] | undefined {
  if (matchers.length === 0 || matchers.some(m => m.op !== '=')) {
    return undefined;
  }
  const names = matchers.map(m => m.name).sort();
  // A label pinned twice (to different values, or the same) is no identity.
  return new Set(names).size === names.length ? names : undefined;
}

/** The matchers' values by label name. */
export function matcherValues(item: {
  matchers: LabelMatcher[];
}): Record<string, string> {
  return Object.fromEntries(item.matchers.map(m => [m.name, m.value]));
}

/** One entity's identity as a map key: its values of `labels`, in order. */
export function identityKey(
  labels: readonly string[],
  values: Record<string, string>,
): string {
  return JSON.stringify(labels.map(l => values[l] ?? ''));
}

/**
 * One matcher per label selecting every value the entities pin, e.g.
 * `service=~"checkout|payments"`. Across labels this selects the cross
 * product (payments in a namespace of checkout's too): answers whose values
 * name no entity of the batch are ignored by the caller, so each entity
 * still gets exactly its own series.
 */
export function unionMatchers(entities: LabelMatcher[][]): LabelMatcher[] {
  const values = new Map<string, Set<string>>();
  for (const matchers of entities) {
    for (const m of matchers) {
      const set = values.get(m.name) ?? new Set<string>();
      set.add(m.value);
      values.set(m.name, set);
    }
  }
  return [...values.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, set]) =>
      set.size === 1
        ? { name, op: '=' as const, value: [...set][0] }
        : {
            name,
            op: '=~' as const,
            value: [...set].sort().map(escapeRegex).join('|'),
          },
    );
}
