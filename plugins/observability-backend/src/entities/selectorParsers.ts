import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import {
  isValidLabelName,
  LabelMatcher,
} from '@sightline/plugin-observability-common';

/** Why a selector was refused; the caller adds which annotation it came from. */
export class SelectorError extends Error {}

type SyntaxNode = NonNullable<
  ReturnType<typeof promqlParser.parse>['topNode']['firstChild']
>;

function children(node: SyntaxNode): SyntaxNode[] {
  const result: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    result.push(child);
  }
  return result;
}

function hasError(tree: ReturnType<typeof promqlParser.parse>): boolean {
  let error = false;
  tree.iterate({
    enter: node => {
      if (node.type.isError) error = true;
    },
  });
  return error;
}

const GO_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Decodes a PromQL/LogQL string literal ("…", '…' or `…`) as Go does. */
export function unquoteString(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g,
    (_match, escape: string) => {
      if (/^[xuU]/.test(escape))
        return String.fromCodePoint(parseInt(escape.slice(1), 16));
      if (/^[0-7]{3}$/.test(escape))
        return String.fromCodePoint(parseInt(escape, 8));
      const decoded = GO_ESCAPES[escape];
      if (decoded === undefined)
        throw new SelectorError(`unknown escape \\${escape}`);
      return decoded;
    },
  );
}

export interface MatcherRules {
  /**
   * Entity selectors must pin a service down with at least one exact match;
   * matchers added to them (error matchers, dialect matchers) need not.
   */
  requireExactMatch: boolean;
}

const ENTITY_SELECTOR: MatcherRules = { requireExactMatch: true };

/** Checks names, regexes and (for entity selectors) that the matchers pin a service down. */
export function validateMatchers(
  matchers: LabelMatcher[],
  rules: MatcherRules,
): LabelMatcher[] {
  if (matchers.length === 0) {
    throw new SelectorError('it has no matchers');
  }
  for (const m of matchers) {
    if (!isValidLabelName(m.name)) {
      throw new SelectorError(`'${m.name}' is not a plain label name`);
    }
    if (m.op === '=~' || m.op === '!~') {
      try {
        // RE2 and JavaScript agree on everything a label regex needs; this catches typos.
        RegExp(`^(?:${m.value})$`);
      } catch (e) {
        throw new SelectorError(
          `the regex of ${m.name} does not compile: ${(e as Error).message}`,
        );
      }
    }
  }
  // A selector must pin the service down, not match everything.
  if (
    rules.requireExactMatch &&
    !matchers.some(m => m.op === '=' && m.value !== '')
  ) {
    throw new SelectorError(
      'at least one matcher must be an exact match (label="value")',
    );
  }
  return matchers;
}

/**
 * Parses a PromQL label-matcher list such as `namespace="shop", service=~"checkout|cart"`
 * (braces optional). Anything but plain matchers — functions, operators, a
 * metric name, a second selector — is refused.
 */
export function parsePromQLMatchers(
  text: string,
  rules: MatcherRules = ENTITY_SELECTOR,
): LabelMatcher[] {
  const trimmed = text.trim().replace(/^\{([\s\S]*)\}$/, '$1');
  const query = `sightline_probe{${trimmed}}`;
  const tree = promqlParser.parse(query);
  const top = tree.topNode.firstChild;
  if (
    hasError(tree) ||
    !top ||
    top.name !== 'VectorSelector' ||
    top.to !== query.length
  ) {
    throw new SelectorError('it is not a plain list of label matchers');
  }
  const list = children(top).find(n => n.name === 'LabelMatchers');
  const matchers = (list ? children(list) : [])
    .filter(n => n.name !== ',' && n.name !== '{' && n.name !== '}')
    .map(node => {
      if (node.name !== 'UnquotedLabelMatcher') {
        throw new SelectorError('quoted label names are not supported');
      }
      const [name, op, value] = children(node);
      return {
        name: query.slice(name.from, name.to),
        op: query.slice(op.from, op.to) as LabelMatcher['op'],
        value: unquoteString(query.slice(value.from, value.to)),
      };
    });
  return validateMatchers(matchers, rules);
}

/**
 * Parses a LogQL stream selector such as `{namespace="shop", app="checkout"}`.
 * Pipelines, line filters and metric queries are refused.
 */
export function parseLogQLSelector(text: string): LabelMatcher[] {
  const query = text.trim();
  const tree = logqlParser.parse(query);
  let selector: SyntaxNode | undefined;
  let extra = false;
  tree.iterate({
    enter: node => {
      if (node.name === 'Selector' && !selector) selector = node.node;
      if (
        [
          'PipelineExpr',
          'MetricExpr',
          'RangeAggregationExpr',
          'VectorAggregationExpr',
          'BinOpExpr',
        ].includes(node.name)
      ) {
        extra = true;
      }
    },
  });
  if (
    hasError(tree) ||
    extra ||
    !selector ||
    selector.from !== 0 ||
    selector.to !== query.length
  ) {
    throw new SelectorError(
      'it is not a plain stream selector like {namespace="shop", app="checkout"}',
    );
  }
  const matchers: LabelMatcher[] = [];
  tree.iterate({
    enter: node => {
      if (node.name !== 'Matcher') return;
      const [name, op, value] = children(node.node);
      matchers.push({
        name: query.slice(name.from, name.to),
        op: query.slice(op.from, op.to) as LabelMatcher['op'],
        value: unquoteString(query.slice(value.from, value.to)),
      });
    },
  });
  return validateMatchers(matchers, ENTITY_SELECTOR);
}
