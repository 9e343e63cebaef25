import { DAY_MS } from './__fixtures__/checkoutRules';
import { burnRateConditions } from './slo';

describe('burnRateConditions', () => {
  it('computes burn-rate factors as budget share × window ÷ long window', () => {
    expect(
      burnRateConditions(30 * DAY_MS).map(c => [c.severity, c.factor]),
    ).toEqual([
      ['page', 14.4],
      ['page', 6],
      ['ticket', 3],
      ['ticket', 1],
    ]);
    expect(burnRateConditions(28 * DAY_MS).map(c => c.factor)).toEqual([
      13.44, 5.6, 2.8, 0.933333333333,
    ]);
    expect(burnRateConditions(7 * DAY_MS).map(c => c.factor)).toEqual([
      3.36, 1.4, 0.7, 0.233333333333,
    ]);
  });
});
