import { matchesLabels } from './labelMatching';

describe('matchesLabels', () => {
  const labels = { namespace: 'shop', service: 'checkout', severity: 'page' };

  it('applies every operator with anchored regexes', () => {
    expect(
      matchesLabels([{ name: 'service', op: '=', value: 'checkout' }], labels),
    ).toBe(true);
    expect(
      matchesLabels([{ name: 'service', op: '=~', value: 'check' }], labels),
    ).toBe(false);
    expect(
      matchesLabels([{ name: 'service', op: '=~', value: 'check.*' }], labels),
    ).toBe(true);
    expect(
      matchesLabels([{ name: 'severity', op: '!=', value: 'page' }], labels),
    ).toBe(false);
    expect(
      matchesLabels([{ name: 'team', op: '!~', value: '.+' }], labels),
    ).toBe(true);
  });

  it('treats a missing label as empty', () => {
    expect(matchesLabels([{ name: 'team', op: '=', value: '' }], labels)).toBe(
      true,
    );
    expect(
      matchesLabels([{ name: 'team', op: '=', value: 'shop' }], labels),
    ).toBe(false);
  });

  it('requires all matchers', () => {
    expect(
      matchesLabels(
        [
          { name: 'namespace', op: '=', value: 'shop' },
          { name: 'service', op: '=', value: 'payments' },
        ],
        labels,
      ),
    ).toBe(false);
  });

  it("reads RE2's leading flags, as Alertmanager does", () => {
    expect(
      matchesLabels(
        [{ name: 'service', op: '=~', value: '(?i)CHECK.*' }],
        labels,
      ),
    ).toBe(true);
    expect(
      matchesLabels(
        [{ name: 'service', op: '!~', value: '(?i)CHECKOUT' }],
        labels,
      ),
    ).toBe(false);
    expect(
      matchesLabels([{ name: 'service', op: '=~', value: 'CHECK.*' }], labels),
    ).toBe(false);
  });

  it('anchors every alternative, not only the first and last', () => {
    expect(
      matchesLabels(
        [{ name: 'service', op: '=~', value: 'pay|check' }],
        labels,
      ),
    ).toBe(false);
    expect(
      matchesLabels(
        [{ name: 'service', op: '=~', value: 'payments|checkout' }],
        labels,
      ),
    ).toBe(true);
  });

  it('throws on a regex JavaScript cannot evaluate', () => {
    expect(() =>
      matchesLabels([{ name: 'service', op: '=~', value: '(?P<x>a)' }], labels),
    ).toThrow(SyntaxError);
  });
});
