import { parser } from '@prometheus-io/lezer-promql';
import { BUILTIN_METRIC_DIALECTS, MetricDialect } from './dialects';

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

  it.each(
    BUILTIN_METRIC_DIALECTS.flatMap((d): [string, MetricDialect][] => [
      [d.id, d],
      ...(d.nameVariants ?? []).map((names): [string, MetricDialect] => [
        `${d.id} as ${names.requestMetric}`,
        { ...d, ...names },
      ]),
    ]),
  )(
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

  it('know the spanmetrics connector under its old names and its traces.span.metrics namespace', () => {
    const connector = BUILTIN_METRIC_DIALECTS.find(
      d => d.id === 'spanmetrics-connector',
    )!;
    const names = [connector, ...(connector.nameVariants ?? [])].map(d => [
      d.requestMetric,
      d.durationMetric,
    ]);
    expect(names).toEqual([
      ['calls_total', 'duration_milliseconds'],
      [
        'traces_span_metrics_calls_total',
        'traces_span_metrics_duration_milliseconds',
      ],
    ]);
    expect(connector).toMatchObject({
      durationUnit: 'milliseconds',
      errorMatchers: ['status_code="STATUS_CODE_ERROR"'],
      routeLabel: 'span_name',
    });
  });

  it('give every name variant names of its own', () => {
    const requestMetrics = BUILTIN_METRIC_DIALECTS.flatMap(d => [
      d.requestMetric,
      ...(d.nameVariants ?? []).map(v => v.requestMetric),
    ]);
    // Detection tells dialects apart by the request metric alone.
    expect(new Set(requestMetrics).size).toBe(requestMetrics.length);
  });
});
