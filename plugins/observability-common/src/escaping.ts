/**
 * Escaping of values placed inside double-quoted strings of the query languages
 * the backend builds. All three share Go's string-literal rules for the
 * characters that matter: a value can never close the string it sits in.
 */

const GO_STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function escapeGoString(value: string): string {
  return value.replace(/[\\"\n\r\t]/g, ch => GO_STRING_ESCAPES[ch]);
}

/**
 * Escapes a label value for a PromQL matcher: `service="${escapePromQLLabelValue(v)}"`.
 *
 * @public
 */
export const escapePromQLLabelValue = escapeGoString;

/**
 * Escapes a value for a LogQL double-quoted string: stream matchers and line
 * filters (`|= "${escapeLogQLString(v)}"`).
 *
 * @public
 */
export const escapeLogQLString = escapeGoString;

/**
 * Escapes a value for a TraceQL double-quoted attribute value:
 * `{ resource.service.name = "${escapeTraceQLString(v)}" }`.
 *
 * @public
 */
export const escapeTraceQLString = escapeGoString;

/**
 * Escapes a literal for use inside a RE2 regular expression (`=~`), so that
 * user text matches itself only. The result still needs string escaping.
 *
 * @public
 */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
