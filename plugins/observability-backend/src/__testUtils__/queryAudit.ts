import { parser } from '@prometheus-io/lezer-promql';
import { LabelMatcher } from '@sightline/plugin-observability-common';
import { unquoteString } from '../entities/selectorParsers';

/**
 * Every vector selector of a PromQL query, with its matchers, as Prometheus
 * itself would parse it. Used to prove from what an upstream received that a
 * query never selects outside an entity's matchers.
 */
export function promqlSelectors(
  query: string,
): { metric?: string; matchers: LabelMatcher[] }[] {
  const tree = parser.parse(query);
  const selectors: { metric?: string; matchers: LabelMatcher[] }[] = [];
  let parseError = false;
  tree.iterate({
    enter: ref => {
      if (ref.type.isError) parseError = true;
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const metricNode = node.getChild('Identifier');
      const matchers: LabelMatcher[] = [];
      const list = node.getChild('LabelMatchers');
      for (let child = list?.firstChild; child; child = child.nextSibling) {
        if (
          child.name !== 'UnquotedLabelMatcher' &&
          child.name !== 'QuotedLabelMatcher'
        )
          continue;
        const name = child.firstChild!;
        const op = name.nextSibling!;
        const value = op.nextSibling!;
        matchers.push({
          name:
            child.name === 'QuotedLabelMatcher'
              ? unquoteString(query.slice(name.from, name.to))
              : query.slice(name.from, name.to),
          op: query.slice(op.from, op.to) as LabelMatcher['op'],
          value: unquoteString(query.slice(value.from, value.to)),
        });
      }
      selectors.push({
        metric: metricNode
          ? query.slice(metricNode.from, metricNode.to)
          : undefined,
        matchers,
      });
    },
  });
  if (parseError)
    throw new Error(`Upstream received a query that does not parse: ${query}`);
  return selectors;
}

/** Whether every one of `required` appears, exactly, among `matchers`. */
export function includesAll(
  matchers: LabelMatcher[],
  required: LabelMatcher[],
): boolean {
  return required.every(r =>
    matchers.some(
      m => m.name === r.name && m.op === r.op && m.value === r.value,
    ),
  );
}
