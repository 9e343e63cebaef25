// The subset of TraceQL (https://grafana.com/docs/tempo/latest/traceql/) the
// Tempo stand-in evaluates: one spanset filter `{ cond && cond ... }` whose
// conditions compare an attribute (`resource.x`, `span.x`, `.x`) or an
// intrinsic (name, status, kind, duration, statusMessage, rootServiceName,
// rootName, traceDuration) with a literal (string, number, duration, bool,
// status or kind). `||`, pipelines, structural operators, aggregates and
// everything else are refused the way Tempo words a parse error.

import { re2, unquoteGo } from './lib.mjs';

export class TraceQLError extends Error {}

const DURATION_NS = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 3.6e12,
};
const STATUS = new Set(['error', 'ok', 'unset']);
const KINDS = new Set([
  'server',
  'client',
  'internal',
  'producer',
  'consumer',
  'unspecified',
]);
const INTRINSICS = {
  name: 'name',
  'span:name': 'name',
  status: 'status',
  'span:status': 'status',
  statusMessage: 'statusMessage',
  'span:statusMessage': 'statusMessage',
  kind: 'kind',
  'span:kind': 'kind',
  duration: 'duration',
  'span:duration': 'duration',
  rootServiceName: 'rootServiceName',
  'trace:rootService': 'rootServiceName',
  rootName: 'rootName',
  'trace:rootName': 'rootName',
  traceDuration: 'traceDuration',
  'trace:duration': 'traceDuration',
};

function fail(query, pos, what) {
  const before = query.slice(0, pos).split('\n');
  return new TraceQLError(
    `invalid TraceQL query: parse error at line ${before.length}, col ${
      before[before.length - 1].length + 1
    }: ${what}`,
  );
}

function tokenize(query) {
  const tokens = [];
  let i = 0;
  while (i < query.length) {
    const rest = query.slice(i);
    const ws = /^\s+/.exec(rest);
    if (ws) {
      i += ws[0].length;
      continue;
    }
    let m;
    if (
      (m =
        /^(&&|\|\||>>|<<|!>>|!<<|~|!~|=~|!=|>=|<=|=|>|<|\{|\}|\(|\)|\||,|!)/.exec(
          rest,
        ))
    ) {
      tokens.push({ type: 'punct', value: m[0], pos: i });
    } else if (rest[0] === '"' || rest[0] === '`') {
      const quote = rest[0];
      let j = 1;
      while (j < rest.length && rest[j] !== quote)
        j += quote === '"' && rest[j] === '\\' ? 2 : 1;
      if (j >= rest.length)
        throw fail(query, i, 'syntax error: unterminated string');
      const literal = rest.slice(0, j + 1);
      let value;
      try {
        value = unquoteGo(literal);
      } catch (e) {
        throw fail(query, i, `syntax error: ${e.message}`);
      }
      tokens.push({ type: 'string', value, pos: i });
      m = [literal];
    } else if ((m = /^-?\d+(\.\d+)?(ns|us|µs|ms|s|m|h)(?![\w.])/.exec(rest))) {
      let ns = 0;
      for (const [, n, u] of m[0].matchAll(
        /(-?\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g,
      ))
        ns += Number(n) * DURATION_NS[u];
      tokens.push({ type: 'duration', value: ns, pos: i });
    } else if ((m = /^-?\d+(\.\d+)?(?![\w.])/.exec(rest))) {
      tokens.push({ type: 'number', value: Number(m[0]), pos: i });
    } else if ((m = /^[.a-zA-Z_][a-zA-Z0-9_.:/-]*/.exec(rest))) {
      tokens.push({ type: 'ident', value: m[0], pos: i });
    } else {
      throw fail(
        query,
        i,
        `syntax error: unexpected ${JSON.stringify(rest[0])}`,
      );
    }
    i += m[0].length;
  }
  return tokens;
}

function attribute(query, tok) {
  const name = tok.value;
  if (INTRINSICS[name]) return { intrinsic: INTRINSICS[name] };
  if (name.startsWith('resource.') && name.length > 9)
    return { scope: 'resource', key: name.slice(9) };
  if (name.startsWith('span.') && name.length > 5)
    return { scope: 'span', key: name.slice(5) };
  if (name.startsWith('.') && name.length > 1)
    return { scope: 'any', key: name.slice(1) };
  throw fail(
    query,
    tok.pos,
    `syntax error: unexpected IDENTIFIER ${JSON.stringify(name)}`,
  );
}

function literal(query, tok) {
  if (!tok) throw fail(query, query.length, 'syntax error: unexpected $end');
  switch (tok.type) {
    case 'string':
      return { type: 'string', value: tok.value };
    case 'number':
      return { type: 'number', value: tok.value };
    case 'duration':
      return { type: 'duration', value: tok.value };
    case 'ident':
      if (tok.value === 'true' || tok.value === 'false')
        return { type: 'bool', value: tok.value === 'true' };
      if (tok.value === 'nil') return { type: 'nil' };
      if (STATUS.has(tok.value)) return { type: 'status', value: tok.value };
      if (KINDS.has(tok.value)) return { type: 'kind', value: tok.value };
      break;
    default:
      break;
  }
  throw fail(
    query,
    tok.pos,
    `syntax error: unexpected ${JSON.stringify(String(tok.value))}`,
  );
}

const OPS = new Set(['=', '!=', '=~', '!~', '>', '>=', '<', '<=']);

/** Parses `{ cond && ... }` into a list of conditions (empty = every span). */
export function parseTraceQL(query) {
  if (!query || !query.trim())
    throw fail(query ?? '', 0, 'syntax error: unexpected $end');
  const tokens = tokenize(query);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const expect = value => {
    const t = next();
    if (!t || t.value !== value || t.type !== 'punct') {
      throw fail(
        query,
        t?.pos ?? query.length,
        `syntax error: unexpected ${
          t ? JSON.stringify(String(t.value)) : '$end'
        }, expecting ${JSON.stringify(value)}`,
      );
    }
  };
  expect('{');
  const conditions = [];
  if (peek()?.value !== '}') {
    for (;;) {
      const left = next();
      if (!left)
        throw fail(query, query.length, 'syntax error: unexpected $end');
      if (
        left.type === 'ident' &&
        left.value === 'true' &&
        (peek()?.value === '}' || peek()?.value === '&&')
      ) {
        // `{ true }` selects every span.
      } else {
        if (left.type !== 'ident') {
          throw fail(
            query,
            left.pos,
            `syntax error: unexpected ${JSON.stringify(String(left.value))}`,
          );
        }
        const attr = attribute(query, left);
        const op = next();
        if (!op || op.type !== 'punct' || !OPS.has(op.value)) {
          throw fail(
            query,
            op?.pos ?? query.length,
            `syntax error: unexpected ${
              op ? JSON.stringify(String(op.value)) : '$end'
            }`,
          );
        }
        const value = literal(query, next());
        const cond = { attr, op: op.value, value };
        if (op.value === '=~' || op.value === '!~') {
          if (value.type !== 'string')
            throw fail(query, op.pos, 'regex operators need a string');
          try {
            cond.regex = re2(value.value, { anchored: true });
          } catch (e) {
            throw fail(query, op.pos, `error parsing regexp: ${e.message}`);
          }
        }
        conditions.push(cond);
      }
      const sep = peek();
      if (sep?.value === '&&') {
        i++;
        continue;
      }
      if (sep?.value === '}') break;
      if (sep?.value === '||' || sep?.value === '(' || sep?.value === ')') {
        throw fail(
          query,
          sep.pos,
          `${JSON.stringify(
            sep.value,
          )} is not supported by the Tempo stand-in (only conditions joined with &&)`,
        );
      }
      throw fail(
        query,
        sep?.pos ?? query.length,
        `syntax error: unexpected ${
          sep ? JSON.stringify(String(sep.value)) : '$end'
        }`,
      );
    }
  }
  expect('}');
  if (i < tokens.length) {
    const t = tokens[i];
    throw fail(
      query,
      t.pos,
      `${JSON.stringify(
        String(t.value),
      )} after the spanset filter is not supported by the Tempo stand-in`,
    );
  }
  return conditions;
}

function lookup(attr, span, trace, root) {
  if (attr.intrinsic) {
    switch (attr.intrinsic) {
      case 'name':
        return { type: 'string', value: span.name };
      case 'status':
        return { type: 'status', value: span.status };
      case 'statusMessage':
        return { type: 'string', value: span.statusMessage };
      case 'kind':
        return { type: 'kind', value: span.kind };
      case 'duration':
        return { type: 'duration', value: Number(span.durationNs) };
      case 'rootServiceName':
        return root && { type: 'string', value: root.service };
      case 'rootName':
        return root && { type: 'string', value: root.name };
      case 'traceDuration':
        return { type: 'duration', value: Number(trace.endNs - trace.startNs) };
      default:
        return undefined;
    }
  }
  let v;
  if (attr.scope === 'resource') v = span.resource[attr.key];
  else if (attr.scope === 'span') v = span.attributes[attr.key];
  else v = span.attributes[attr.key] ?? span.resource[attr.key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return { type: 'number', value: v };
  if (typeof v === 'boolean') return { type: 'bool', value: v };
  return { type: 'string', value: String(v) };
}

function compare(op, a, b) {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    default:
      return false;
  }
}

/** Whether one span satisfies every condition. */
export function spanMatches(conditions, span, trace, root) {
  return conditions.every(c => {
    const actual = lookup(c.attr, span, trace, root);
    if (c.value.type === 'nil')
      return c.op === '=' ? actual === undefined : actual !== undefined;
    if (!actual) return false;
    if (c.regex)
      return (
        actual.type === 'string' &&
        (c.op === '=~') === c.regex.test(actual.value)
      );
    const numeric = t => t === 'number' || t === 'duration';
    if (numeric(actual.type) && numeric(c.value.type))
      return compare(c.op, actual.value, c.value.value);
    if (actual.type !== c.value.type) return c.op === '!=';
    return compare(c.op, actual.value, c.value.value);
  });
}

/** The attribute names a query refers to, for the search response's span attributes. */
export function referencedAttributes(conditions) {
  return conditions.map(c => c.attr);
}
