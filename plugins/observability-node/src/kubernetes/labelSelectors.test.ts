import {
  formatLabelSelector,
  matchesLabelSelector,
  missingLabels,
} from './labelSelectors';

describe('label selectors', () => {
  const labels = { app: 'checkout', release: 'kube-prometheus-stack' };

  it('matches matchLabels and every expression operator as the API server does', () => {
    expect(matchesLabelSelector({}, labels)).toBe(true);
    expect(
      matchesLabelSelector({ matchLabels: { app: 'checkout' } }, labels),
    ).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: 'cart' } }, labels)).toBe(
      false,
    );
    const expr = (
      operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist',
      values?: string[],
    ) =>
      matchesLabelSelector(
        { matchExpressions: [{ key: 'app', operator, values }] },
        labels,
      );
    expect([
      expr('In', ['checkout', 'cart']),
      expr('In', ['cart']),
      expr('NotIn', ['cart']),
      expr('NotIn', ['checkout']),
      expr('Exists'),
      expr('DoesNotExist'),
    ]).toEqual([true, false, true, false, true, false]);
    expect(
      matchesLabelSelector({ matchLabels: { app: 'checkout' } }, undefined),
    ).toBe(false);
  });

  it('names the labels an object lacks for a selector', () => {
    expect(
      missingLabels(
        {
          matchLabels: { release: 'kube-prometheus-stack', prometheus: 'main' },
        },
        labels,
      ),
    ).toEqual({ prometheus: 'main' });
  });

  it('formats selectors in kubectl syntax', () => {
    expect(
      formatLabelSelector({
        matchLabels: { app: 'checkout' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['web', 'api'] },
          { key: 'canary', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=checkout,tier in (web,api),!canary');
    expect(formatLabelSelector({})).toBe('{} (everything)');
  });
});
