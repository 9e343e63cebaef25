// The subset of LogQL the Loki stand-in evaluates, parsed with Grafana's own
// grammar (@grafana/lezer-logql). Semantics follow the LogQL documentation
// (https://grafana.com/docs/loki/latest/query/): stream selectors, line
// filters (|= != |~ !~, with `or`), the json parser (all fields or
// `json a="path"`), logfmt, string label filters, `drop`, and the metric
// queries count_over_time / rate with optional `sum [by|without] (...)`.
// Anything else is refused with a 400 the way Loki words parse errors.

import { parser } from '@grafana/lezer-logql';
import { re2, unquoteGo } from './lib.mjs';

/** A query Loki would refuse (HTTP 400, plain-text body). */
export class LogQLError extends Error {}

function children(node) {
  const out = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function position(query, offset) {
  const before = query.slice(0, offset).split('\n');
  return `line ${before.length}, col ${before[before.length - 1].length + 1}`;
}

function syntaxError(query, node, what) {
  return new LogQLError(
    `parse error at ${position(query, node.from)}: ${what}`,
  );
}

function unsupported(query, node) {
  return new LogQLError(
    `parse error at ${position(query, node.from)}: ${
      node.name
    } (${JSON.stringify(
      query.slice(node.from, node.to).slice(0, 60),
    )}) is not supported by the Loki stand-in`,
  );
}

function str(query, node) {
  try {
    return unquoteGo(query.slice(node.from, node.to));
  } catch (e) {
    throw syntaxError(query, node, `syntax error: ${e.message}`);
  }
}

function matcher(query, node) {
  const [name, op, value] = children(node);
  const m = {
    name: query.slice(name.from, name.to),
    op: query.slice(op.from, op.to),
    value: str(query, value),
  };
  if (m.op === '=~' || m.op === '!~') {
    try {
      m.regex = re2(m.value, { anchored: true });
    } catch (e) {
      throw syntaxError(query, value, `error parsing regexp: ${e.message}`);
    }
  }
  return m;
}

function matchers(query, node) {
  const out = [];
  const walk = n => {
    for (const c of children(n)) {
      if (c.name === 'Matcher') out.push(matcher(query, c));
      else if (c.name === 'Matchers') walk(c);
    }
  };
  walk(node);
  return out;
}

function lineFilter(query, node) {
  const [filter, ...rest] = children(node);
  const op = query.slice(filter.from, filter.to);
  if (!['|=', '!=', '|~', '!~'].includes(op)) throw unsupported(query, filter);
  const values = [];
  for (const c of rest) {
    if (c.name === 'String') values.push(str(query, c));
    else if (c.name === 'OrFilter') {
      for (const s of children(c)) {
        if (s.name === 'String') values.push(str(query, s));
        else if (s.name !== 'Or') throw unsupported(query, s);
      }
    } else if (c.name !== 'Or') throw unsupported(query, c);
  }
  const f = { type: 'line', op, values };
  if (op === '|~' || op === '!~') {
    try {
      f.regexes = values.map(v => re2(v, { anchored: false }));
    } catch (e) {
      throw syntaxError(query, node, `error parsing regexp: ${e.message}`);
    }
  }
  return f;
}

function pipelineStages(query, node, out) {
  for (const c of children(node)) {
    if (c.name === 'PipelineExpr') pipelineStages(query, c, out);
    else if (c.name === 'PipelineStage') stage(query, c, out);
    else throw unsupported(query, c);
  }
}

function stage(query, node, out) {
  for (const c of children(node)) {
    switch (c.name) {
      case 'Pipe':
        break;
      case 'LineFilters': {
        const walk = n => {
          for (const f of children(n)) {
            if (f.name === 'LineFilters') walk(f);
            else if (f.name === 'LineFilter') out.push(lineFilter(query, f));
            else throw unsupported(query, f);
          }
        };
        walk(c);
        break;
      }
      case 'LabelParser': {
        const kind = c.firstChild?.name;
        if (kind === 'Json') out.push({ type: 'json' });
        else if (kind === 'Logfmt') out.push({ type: 'logfmt' });
        else throw unsupported(query, c);
        break;
      }
      case 'LogfmtParser':
        out.push({ type: 'logfmt' });
        break;
      case 'JsonExpressionParser': {
        const params = [];
        const walk = n => {
          for (const e of children(n)) {
            if (e.name === 'LabelExtractionExpressionList') walk(e);
            else if (e.name === 'LabelExtractionExpression') {
              const [id, , expr] = children(e);
              const label = query.slice(id.from, id.to);
              params.push({ label, path: expr ? str(query, expr) : label });
            } else if (e.name !== 'Json') throw unsupported(query, e);
          }
        };
        walk(c);
        out.push({ type: 'json', params });
        break;
      }
      case 'LabelFilter': {
        const inner = c.firstChild;
        if (inner?.name !== 'Matcher' || inner.nextSibling)
          throw unsupported(query, c);
        out.push({ type: 'label', matcher: matcher(query, inner) });
        break;
      }
      case 'DropLabelsExpr': {
        const labels = [];
        const walk = n => {
          for (const d of children(n)) {
            if (d.name === 'DropLabels') walk(d);
            else if (d.name === 'DropLabel') {
              const inner = d.firstChild;
              if (inner.name === 'Identifier')
                labels.push({ name: query.slice(inner.from, inner.to) });
              else labels.push(matcher(query, inner));
            } else if (d.name !== 'Drop') throw unsupported(query, d);
          }
        };
        walk(c);
        out.push({ type: 'drop', labels });
        break;
      }
      default:
        throw unsupported(query, c);
    }
  }
}

function logExpr(query, selectorNode, pipelineNode) {
  const selector = matchers(query, selectorNode);
  if (!selector.some(m => !matchesLabel(m, ''))) {
    throw new LogQLError(
      'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. ' +
        'For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    );
  }
  const pipeline = [];
  if (pipelineNode) pipelineStages(query, pipelineNode, pipeline);
  return { selector, pipeline };
}

const RANGE_OPS = { CountOverTime: 'count_over_time', Rate: 'rate' };

function durationMs(query, node) {
  const text = query.slice(node.from, node.to);
  const units = {
    ms: 1,
    s: 1e3,
    m: 6e4,
    h: 36e5,
    d: 864e5,
    w: 6048e5,
    y: 31536e6,
  };
  let total = 0;
  for (const [, n, u] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g))
    total += Number(n) * units[u];
  if (!total)
    throw syntaxError(
      query,
      node,
      `not a valid duration string: ${JSON.stringify(text)}`,
    );
  return total;
}

function rangeAggregation(query, node) {
  const [op, range] = children(node);
  const name = RANGE_OPS[op.firstChild?.name];
  if (!name || range?.name !== 'LogRangeExpr') throw unsupported(query, node);
  let selectorNode;
  let pipelineNode;
  let rangeMs;
  for (const c of children(range)) {
    if (c.name === 'Selector') selectorNode = c;
    else if (c.name === 'PipelineExpr') pipelineNode = c;
    else if (c.name === 'Range') rangeMs = durationMs(query, c.firstChild);
    else throw unsupported(query, c);
  }
  return {
    type: 'range',
    op: name,
    rangeMs,
    log: logExpr(query, selectorNode, pipelineNode),
  };
}

function metricExpr(query, node) {
  const inner = node.firstChild;
  if (inner.name === 'RangeAggregationExpr')
    return rangeAggregation(query, inner);
  if (inner.name !== 'VectorAggregationExpr') throw unsupported(query, inner);
  let op;
  let grouping;
  let arg;
  for (const c of children(inner)) {
    if (c.name === 'VectorOp') {
      op = c.firstChild?.name;
      if (op !== 'Sum') throw unsupported(query, c);
    } else if (c.name === 'Grouping') {
      const [mode, labels] = children(c);
      const names = [];
      const walk = n => {
        for (const l of children(n)) {
          if (l.name === 'Identifier') names.push(query.slice(l.from, l.to));
          else if (l.name === 'Labels') walk(l);
        }
      };
      if (labels) walk(labels);
      grouping = {
        mode: mode.name === 'Without' ? 'without' : 'by',
        labels: names,
      };
    } else if (c.name === 'MetricExpr') arg = metricExpr(query, c);
    else throw unsupported(query, c);
  }
  if (!arg || arg.type !== 'range') throw unsupported(query, inner);
  return { type: 'sum', grouping, arg };
}

/**
 * Parses a query into `{ type: 'log', selector, pipeline }` or a metric
 * expression (`range` / `sum`). Throws LogQLError for what Loki would refuse
 * and for what this stand-in does not implement.
 */
export function parseLogQL(query) {
  if (!query || !query.trim())
    throw new LogQLError('parse error : syntax error: unexpected $end');
  const tree = parser.parse(query);
  let error;
  tree.iterate({
    enter: n => {
      if (n.type.isError && !error) error = n.node;
    },
  });
  if (error) {
    const near = query.slice(error.from, error.from + 20);
    throw syntaxError(
      query,
      error,
      `syntax error: unexpected ${near ? JSON.stringify(near) : '$end'}`,
    );
  }
  const expr = tree.topNode.firstChild;
  const top = expr?.firstChild;
  if (!top || expr.nextSibling)
    throw new LogQLError('parse error : syntax error: unexpected $end');
  if (top.name === 'LogExpr') {
    const [selectorNode, pipelineNode, extra] = children(top);
    if (selectorNode?.name !== 'Selector' || extra)
      throw unsupported(query, top);
    if (pipelineNode && pipelineNode.name !== 'PipelineExpr')
      throw unsupported(query, pipelineNode);
    return { type: 'log', ...logExpr(query, selectorNode, pipelineNode) };
  }
  if (top.name === 'MetricExpr') return metricExpr(query, top);
  throw unsupported(query, top);
}

// ---------------------------------------------------------------------------
// Evaluation

export function matchesLabel(m, value) {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return m.regex.test(value);
    case '!~':
      return !m.regex.test(value);
    default:
      return false;
  }
}

export function matchesSelector(selector, labels) {
  return selector.every(m => matchesLabel(m, labels[m.name] ?? ''));
}

const sanitize = key => key.replace(/[^a-zA-Z0-9_]/g, '_');

function addLabel(labels, stream, key, value) {
  const name = stream[key] !== undefined ? `${key}_extracted` : key;
  labels[name] = value;
}

function flattenJson(value, prefix, labels, stream) {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}_${sanitize(k)}` : sanitize(k);
    if (v && typeof v === 'object') {
      if (!Array.isArray(v)) flattenJson(v, key, labels, stream);
    } else addLabel(labels, stream, key, v === null ? '' : String(v));
  }
}

function jsonPath(value, path) {
  let current = value;
  for (const [, dotted, index, quoted] of path.matchAll(
    /(?:\.?([^.[\]]+))|\[(\d+)\]|\["([^"]*)"\]/g,
  )) {
    const key = dotted ?? (index !== undefined ? Number(index) : quoted);
    if (current === null || typeof current !== 'object') return undefined;
    current = current[key];
  }
  return current;
}

function logfmt(line) {
  const out = {};
  for (const [, key, quoted, bare] of line.matchAll(
    /([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g,
  )) {
    out[key] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : bare;
  }
  return out;
}

/**
 * Runs a pipeline over one entry. Returns the entry's labels after the
 * pipeline (stream labels plus extracted ones), or undefined if filtered out.
 */
export function runPipeline(pipeline, streamLabels, line) {
  let labels = streamLabels;
  let copied = false;
  const own = () => {
    if (!copied) {
      labels = { ...labels };
      copied = true;
    }
    return labels;
  };
  for (const st of pipeline) {
    switch (st.type) {
      case 'line': {
        const hit =
          st.op === '|=' || st.op === '!='
            ? st.values.some(v => line.includes(v))
            : st.regexes.some(r => r.test(line));
        if (st.op.startsWith('|') ? !hit : hit) return undefined;
        break;
      }
      case 'json': {
        let parsed;
        try {
          parsed = JSON.parse(line);
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
            throw new Error('not an object');
        } catch (e) {
          own().__error__ = 'JSONParserErr';
          labels.__error_details__ = e.message;
          break;
        }
        if (st.params) {
          for (const { label, path } of st.params) {
            const v = jsonPath(parsed, path);
            if (v === undefined) continue;
            addLabel(
              own(),
              streamLabels,
              label,
              v !== null && typeof v === 'object'
                ? JSON.stringify(v)
                : String(v ?? ''),
            );
          }
        } else flattenJson(parsed, '', own(), streamLabels);
        break;
      }
      case 'logfmt':
        for (const [k, v] of Object.entries(logfmt(line)))
          addLabel(own(), streamLabels, sanitize(k), v);
        break;
      case 'label':
        if (!matchesLabel(st.matcher, labels[st.matcher.name] ?? ''))
          return undefined;
        break;
      case 'drop':
        for (const d of st.labels) {
          if (labels[d.name] === undefined) continue;
          if (d.op === undefined || matchesLabel(d, labels[d.name]))
            delete own()[d.name];
        }
        break;
      default:
        throw new LogQLError(`unsupported stage ${st.type}`);
    }
  }
  return labels;
}

/** `{a="b", c="d"}` as Loki prints a label set (sorted). */
export function labelsString(labels) {
  return `{${Object.keys(labels)
    .sort()
    .map(k => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ')}}`;
}
