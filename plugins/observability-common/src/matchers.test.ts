import { parser } from '@prometheus-io/lezer-promql';
import { metricSelector } from './matchers';

/**
 * Every word Prometheus' lexer (promql/parser/lex.go: `key`, plus the
 * numbers inf and nan) or lezer-promql (src/tokens.js, the duration
 * functions of promql.grammar) reads as other than an identifier.
 */
const KEYWORDS = [
  ...['inf', 'nan', 'and', 'or', 'unless', 'atan2'],
  ...['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar'],
  ...['topk', 'bottomk', 'count_values', 'quantile', 'limitk', 'limit_ratio'],
  ...['offset', 'smoothed', 'anchored', 'by', 'without', 'on', 'ignoring'],
  ...['group_left', 'group_right', 'fill', 'fill_left', 'fill_right', 'bool'],
  ...['start', 'end', 'step', 'range', 'min_of', 'max_of'],
];

/** Each keyword as written, capitalised and shouted: PromQL ignores case. */
const SPELLINGS = KEYWORDS.flatMap(k => [
  k,
  k[0].toUpperCase() + k.slice(1),
  k.toUpperCase(),
]);

const entity = [{ name: 'service', op: '=' as const, value: 'checkout' }];

/** The vector selectors of a query, or a throw when it does not parse. */
function vectorSelectors(query: string) {
  const selectors: { identifier?: string; matchers: string[] }[] = [];
  parser.parse(query).iterate({
    enter: ref => {
      if (ref.type.isError) throw new Error(`${query} does not parse`);
      if (ref.name !== 'VectorSelector') return;
      const identifier = ref.node.getChild('Identifier');
      const matchers = ref.node
        .getChild('LabelMatchers')!
        .getChildren('UnquotedLabelMatcher');
      selectors.push({
        identifier: identifier
          ? query.slice(identifier.from, identifier.to)
          : undefined,
        matchers: matchers.map(m => query.slice(m.from, m.to)),
      });
    },
  });
  return selectors;
}

describe('metricSelector', () => {
  it('names an ordinary metric as the identifier', () => {
    expect(metricSelector('http_requests_total', entity)).toBe(
      'http_requests_total{service="checkout"}',
    );
    expect(metricSelector('up')).toBe('up{}');
  });

  it.each(SPELLINGS)(
    'selects the metric %s by __name__, a plain vector selector wherever it stands',
    metric => {
      const selector = metricSelector(metric, entity, [
        { name: 'code', op: '=~', value: '5..' },
      ]);
      expect(selector).toBe(
        `{__name__="${metric}", service="checkout", code=~"5.."}`,
      );
      for (const query of [
        selector,
        `sum(rate(${selector}[5m]))`,
        `sum by (le) (rate(${selector}[5m])) / on() group_left ${selector}`,
        `${selector} offset 5m and ${selector} or vector(0)`,
      ]) {
        const selectors = vectorSelectors(query);
        expect(selectors.length).toBeGreaterThan(0);
        for (const s of selectors) {
          expect(s).toEqual({
            identifier: undefined,
            matchers: [
              `__name__="${metric}"`,
              'service="checkout"',
              'code=~"5.."',
            ],
          });
        }
      }
    },
  );

  it('selects a name that is no identifier by __name__ too, escaped', () => {
    expect(metricSelector('a"} or vector(1) or {"', entity)).toBe(
      '{__name__="a\\"} or vector(1) or {\\"", service="checkout"}',
    );
  });
});
