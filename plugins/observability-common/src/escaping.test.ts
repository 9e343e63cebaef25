import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { parser as logqlParser } from '@grafana/lezer-logql';
import {
  escapeLogQLString,
  escapePromQLLabelValue,
  escapeRegex,
} from './escaping';

// Values an attacker could put in an annotation or a query parameter.
const HOSTILE_VALUES = [
  'checkout',
  '"} or vector(1) or {"',
  '"} or vector(1) or {',
  'a\\"} or up{x="',
  'trailing backslash \\',
  'line\nbreak',
  'tab\tand\rreturn',
  '|~ ".*"',
  '`backtick`',
  "single'quote",
  'unicode ✓ 日本語 🚀',
  'x'.repeat(10_000),
];

/** Decodes a Go-style double-quoted literal the way the query engines do. */
function decodeGoString(literal: string): string {
  return JSON.parse(literal.replace(/\t/g, '\\t'));
}

function collect(tree: ReturnType<typeof promqlParser.parse>, source: string) {
  const nodes: { name: string; text: string }[] = [];
  tree.iterate({
    enter: node => {
      nodes.push({ name: node.name, text: source.slice(node.from, node.to) });
    },
  });
  return nodes;
}

describe('escapePromQLLabelValue', () => {
  it.each(HOSTILE_VALUES.map(v => [JSON.stringify(v).slice(0, 40), v]))(
    'keeps %s inside one matcher',
    (_label, value) => {
      const query = `up{service="${escapePromQLLabelValue(value)}"}`;
      const nodes = collect(promqlParser.parse(query), query);

      expect(nodes.filter(n => n.name === '⚠')).toEqual([]);
      expect(nodes.filter(n => n.name === 'VectorSelector')).toHaveLength(1);
      const matchers = nodes.filter(n => n.name === 'UnquotedLabelMatcher');
      expect(matchers).toHaveLength(1);
      const literal = nodes.find(n => n.name === 'StringLiteral')!.text;
      expect(decodeGoString(literal)).toBe(value);
    },
  );
});

describe('escapeLogQLString', () => {
  it.each(HOSTILE_VALUES.map(v => [JSON.stringify(v).slice(0, 40), v]))(
    'keeps %s inside one line filter',
    (_label, value) => {
      const query = `{app="checkout"} |= "${escapeLogQLString(value)}"`;
      const nodes = collect(logqlParser.parse(query), query);

      expect(nodes.filter(n => n.name === '⚠')).toEqual([]);
      expect(nodes.filter(n => n.name === 'Matcher')).toHaveLength(1);
      expect(nodes.filter(n => n.name === 'LineFilter')).toHaveLength(1);
    },
  );
});

describe('escapeRegex', () => {
  it('makes regex metacharacters literal', () => {
    const value = 'a.b*c(d)|e[f]^$\\';
    const regex = new RegExp(`^${escapeRegex(value)}$`);
    expect(regex.test(value)).toBe(true);
    expect(regex.test('aXb*c(d)|e[f]^$\\')).toBe(false);
  });
});
