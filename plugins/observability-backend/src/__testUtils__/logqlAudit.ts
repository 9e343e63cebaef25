import { parser } from '@grafana/lezer-logql';
import { LabelMatcher } from '@sightline/plugin-observability-common';
import { unquoteString } from '../entities/selectorParsers';

type Node = NonNullable<
  ReturnType<typeof parser.parse>['topNode']['firstChild']
>;

export interface LogQLAudit {
  /** Matchers of every stream selector, as Loki would parse them. */
  selectors: LabelMatcher[][];
  /** Line filters (`|= "x"` …) with their decoded values. */
  lineFilters: { op: string; values: string[] }[];
  /** Label filters (`| level=~"…"`) as matchers. */
  labelFilters: LabelMatcher[];
  /** Every pipeline stage by node name, in order (`LineFilters`, `JsonExpressionParser`, …). */
  stages: string[];
  /** Metric functions and aggregations used. */
  functions: string[];
}

function kids(node: Node): Node[] {
  const out: Node[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function matcherOf(query: string, node: Node): LabelMatcher {
  const [name, op, value] = kids(node);
  return {
    name: query.slice(name.from, name.to),
    op: query.slice(op.from, op.to) as LabelMatcher['op'],
    value: unquoteString(query.slice(value.from, value.to)),
  };
}

/**
 * Parses LogQL with Grafana's own grammar (the one Loki's query editor uses)
 * and lists what the query selects and filters, with string values decoded
 * as Loki decodes them. Throws if the query does not parse: a query an
 * upstream received must always be well-formed.
 */
export function auditLogQL(query: string): LogQLAudit {
  const tree = parser.parse(query);
  const audit: LogQLAudit = {
    selectors: [],
    lineFilters: [],
    labelFilters: [],
    stages: [],
    functions: [],
  };
  let error = false;
  tree.iterate({
    enter: ref => {
      if (ref.type.isError) error = true;
      const node = ref.node as Node;
      switch (ref.name) {
        case 'Selector': {
          const matchers: LabelMatcher[] = [];
          const collect = (n: Node) => {
            for (const c of kids(n)) {
              if (c.name === 'Matcher') matchers.push(matcherOf(query, c));
              else if (c.name === 'Matchers') collect(c);
            }
          };
          collect(node);
          audit.selectors.push(matchers);
          return false;
        }
        case 'LineFilter': {
          const [filter, ...rest] = kids(node);
          const values: string[] = [];
          for (const c of rest) {
            if (c.name === 'String')
              values.push(unquoteString(query.slice(c.from, c.to)));
            if (c.name === 'OrFilter') {
              for (const s of kids(c)) {
                if (s.name === 'String')
                  values.push(unquoteString(query.slice(s.from, s.to)));
              }
            }
          }
          audit.lineFilters.push({
            op: query.slice(filter.from, filter.to),
            values,
          });
          return false;
        }
        case 'PipelineStage': {
          const stage = kids(node).find(c => c.name !== 'Pipe');
          if (stage) audit.stages.push(stage.name);
          if (stage?.name === 'LabelFilter') {
            const inner = stage.firstChild!;
            if (inner.name === 'Matcher')
              audit.labelFilters.push(matcherOf(query, inner));
          }
          return undefined;
        }
        case 'RangeOp':
        case 'VectorOp':
          audit.functions.push(query.slice(node.from, node.to));
          return false;
        default:
          return undefined;
      }
    },
  });
  if (error) throw new Error(`LogQL does not parse: ${query}`);
  return audit;
}
