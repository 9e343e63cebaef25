import { unquoteString } from '../entities/selectorParsers';

export interface TraceQLCondition {
  attribute: string;
  op: string;
  /** Strings decoded as Tempo decodes them; other literals as written. */
  value: string;
  quoted: boolean;
}

const TOKEN =
  /\s*(?:("(?:[^"\\\n]|\\.)*")|(&&|\|\||!=|=~|!~|>=|<=|=|>|<|\{|\}|\(|\)|\|)|([.a-zA-Z_][\w.:-]*|\d+(?:\.\d+)?(?:ns|us|ms|s|m|h)?))/y;

/**
 * Reads a TraceQL query the way Tempo's lexer splits it (strings with Go
 * escapes, operators, identifiers) and accepts only one spanset filter of
 * conditions joined by `&&`: `{ a = "x" && b > 1 }`. Throws on anything
 * else — a second spanset, `||`, a pipeline, an unterminated string — since
 * such a query could select outside the entity.
 */
export function auditTraceQL(query: string): TraceQLCondition[] {
  const tokens: { kind: 'string' | 'op' | 'word'; text: string }[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < query.length) {
    if (/^\s*$/.test(query.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(query);
    if (!m)
      throw new Error(
        `TraceQL does not tokenize at ${TOKEN.lastIndex}: ${query}`,
      );
    if (m[1]) tokens.push({ kind: 'string', text: m[1] });
    else if (m[2]) tokens.push({ kind: 'op', text: m[2] });
    else tokens.push({ kind: 'word', text: m[3] });
  }
  const fail = (why: string) => new Error(`${why}: ${query}`);
  if (tokens[0]?.text !== '{' || tokens[tokens.length - 1]?.text !== '}') {
    throw fail('not one spanset filter');
  }
  const inner = tokens.slice(1, -1);
  const conditions: TraceQLCondition[] = [];
  for (let i = 0; i < inner.length; i += 4) {
    const [attribute, op, value, joiner] = inner.slice(i, i + 4);
    if (
      attribute?.kind !== 'word' ||
      op?.kind !== 'op' ||
      !value ||
      value.kind === 'op'
    ) {
      throw fail('not a condition');
    }
    if (!['=', '!=', '>', '>=', '<', '<=', '=~', '!~'].includes(op.text))
      throw fail('not a comparison');
    if (joiner && joiner.text !== '&&')
      throw fail(`conditions joined by ${joiner.text}`);
    conditions.push({
      attribute: attribute.text,
      op: op.text,
      value: value.kind === 'string' ? unquoteString(value.text) : value.text,
      quoted: value.kind === 'string',
    });
  }
  return conditions;
}
