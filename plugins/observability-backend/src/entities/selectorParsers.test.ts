import {
  parseLogQLSelector,
  parsePromQLMatchers,
  unquoteString,
} from './selectorParsers';

describe('parsePromQLMatchers', () => {
  it('parses plain matcher lists, with or without braces', () => {
    expect(
      parsePromQLMatchers('namespace="shop", service=~"checkout|cart"'),
    ).toEqual([
      { name: 'namespace', op: '=', value: 'shop' },
      { name: 'service', op: '=~', value: 'checkout|cart' },
    ]);
    expect(parsePromQLMatchers(`{job='kbot', pod!=""}`)).toEqual([
      { name: 'job', op: '=', value: 'kbot' },
      { name: 'pod', op: '!=', value: '' },
    ]);
  });

  it('decodes escapes the way Prometheus does', () => {
    expect(parsePromQLMatchers('a="q\\"uote\\\\ \\u00e9"')).toEqual([
      { name: 'a', op: '=', value: 'q"uote\\ é' },
    ]);
  });

  it.each([
    // Parses as a quoted (UTF-8) label name, which is refused as well.
    ['"} or vector(1) or {"', 'quoted label names are not supported'],
    [
      'service="x"} or vector(1) or {a="b"',
      'not a plain list of label matchers',
    ],
    ['sum(up)', 'not a plain list of label matchers'],
    ['up{service="x"}', 'not a plain list of label matchers'],
    ['service="x" offset 5m', 'not a plain list of label matchers'],
    ['service=~".*"', 'at least one matcher must be an exact match'],
    ['service=""', 'at least one matcher must be an exact match'],
    ['', 'it has no matchers'],
    ['service=~"(", job="x"', 'does not compile'],
    ['"utf8.label"="x"', 'quoted label names are not supported'],
  ])('refuses %j', (input, message) => {
    expect(() => parsePromQLMatchers(input)).toThrow(message);
  });
});

describe('parseLogQLSelector', () => {
  it('parses a stream selector', () => {
    expect(parseLogQLSelector('{namespace="shop", app!~"test-.*"}')).toEqual([
      { name: 'namespace', op: '=', value: 'shop' },
      { name: 'app', op: '!~', value: 'test-.*' },
    ]);
  });

  it.each([
    ['{app="x"} |= "error"', 'not a plain stream selector'],
    ['{app="x"} | json', 'not a plain stream selector'],
    ['rate({app="x"}[5m])', 'not a plain stream selector'],
    ['app="x"', 'not a plain stream selector'],
    ['{app=~".+"}', 'at least one matcher must be an exact match'],
  ])('refuses %j', (input, message) => {
    expect(() => parseLogQLSelector(input)).toThrow(message);
  });
});

describe('unquoteString', () => {
  it('handles the three quote styles', () => {
    expect(unquoteString('"a\\nb"')).toBe('a\nb');
    expect(unquoteString("'it\\'s'")).toBe("it's");
    expect(unquoteString('`raw \\n`')).toBe('raw \\n');
  });
});
