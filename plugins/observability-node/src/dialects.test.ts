import { parser } from '@prometheus-io/lezer-promql';
import { BUILTIN_METRIC_DIALECTS } from './dialects';

function parseErrors(query: string): string[] {
  const errors: string[] = [];
  parser.parse(query).iterate({
    enter: node => {
      if (node.type.isError) errors.push(query.slice(node.from, node.to + 5));
    },
  });
  return errors;
}

describe('BUILTIN_METRIC_DIALECTS', () => {
  it('have unique ids', () => {
    const ids = BUILTIN_METRIC_DIALECTS.map(d => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(BUILTIN_METRIC_DIALECTS.map(d => [d.id, d]))(
    '%s yields valid PromQL for requests, errors and latency',
    (_id, dialect) => {
      const selector = ['namespace="shop"', dialect.requestMatchers]
        .filter(Boolean)
        .join(', ');
      const queries = [
        `sum(rate(${dialect.requestMetric}{${selector}}[5m]))`,
        ...dialect.errorMatchers.map(
          m => `sum(rate(${dialect.requestMetric}{${selector}, ${m}}[5m]))`,
        ),
        `histogram_quantile(0.99, sum by (le) (rate(${dialect.durationMetric}_bucket{${selector}}[5m])))`,
      ];
      for (const query of queries) {
        expect(parseErrors(query)).toEqual([]);
      }
    },
  );
});
