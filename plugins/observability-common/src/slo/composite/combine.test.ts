import { evaluateCompositeCounts } from './combine';

const slo = { objective: 0.99, windowMs: 30 * 86_400_000 };

describe('evaluateCompositeCounts', () => {
  it('adds weighted counts, which an average of percentages does not equal', () => {
    // A busy component at 99.9% and a quiet one at 90%.
    const busy = { good: 99_900, total: 100_000 };
    const quiet = { good: 900, total: 1_000 };
    const { status, shares } = evaluateCompositeCounts(slo, [
      { weight: 2, ...busy, errorRatios: {}, windowTotals: {} },
      { weight: 1, ...quiet, errorRatios: {}, windowTotals: {} },
    ]);
    // Σ w·good / Σ w·total = (2·99,900 + 900) / (2·100,000 + 1,000)
    expect(status.sli).toBeCloseTo(200_700 / 201_000, 12);
    expect(status.good).toBe(200_700);
    expect(status.total).toBe(201_000);
    // The weighted average of the percentages would say (2·99.9 + 90) / 3 = 96.6%: violated.
    expect((2 * 0.999 + 0.9) / 3).toBeCloseTo(0.966, 3);
    expect(status.status).toBe('met');
    // Allowed: 1% of 201,000 = 2,010 bad events; the busy one spent 200 of them, the quiet one 100.
    expect(status.budget.allowedEvents).toBeCloseTo(2_010, 6);
    expect(shares.map(s => s.weightedBad)).toEqual([200, 100]);
    expect(shares[0].budgetConsumed).toBeCloseTo(200 / 2_010, 12);
    expect(shares[1].budgetConsumed).toBeCloseTo(100 / 2_010, 12);
    expect(shares[0].budgetConsumed! + shares[1].budgetConsumed!).toBeCloseTo(
      status.budget.consumed!,
      12,
    );
    expect(shares.map(s => s.badShare)).toEqual([2 / 3, 1 / 3]);
    expect(shares[0].trafficShare).toBeCloseTo(200_000 / 201_000, 12);
  });

  it('weights each burn-rate window by its own events and says which windows lack a component', () => {
    const { status, partialBurnRateWindows } = evaluateCompositeCounts(
      slo,
      [
        {
          weight: 2,
          good: 1,
          total: 1,
          errorRatios: { '5m': 0.01, '1h': 0.02 },
          windowTotals: { '5m': 300, '1h': 3_600 },
        },
        {
          weight: 1,
          good: 1,
          total: 1,
          errorRatios: { '5m': 0.5 },
          windowTotals: { '5m': 100, '1h': 0 },
        },
        {
          weight: 1,
          good: 1,
          total: 1,
          errorRatios: { '5m': 0 },
          windowTotals: { '5m': 100 },
        },
      ],
      { windows: ['5m', '1h'] },
    );
    // 5m: (2·300·0.01 + 100·0.5 + 0) / (600 + 100 + 100)
    expect(status.burnRates[0].errorRatio).toBeCloseTo(56 / 800, 12);
    expect(status.burnRates[0].burnRate).toBeCloseTo(56 / 800 / 0.01, 9);
    // 1h: the second had no events; the third no count, so it is left out.
    expect(status.burnRates[1].errorRatio).toBeCloseTo(0.02, 12);
    expect(partialBurnRateWindows).toEqual(['1h']);
  });

  it('has no SLI and no shares of a budget without traffic', () => {
    const { status, shares } = evaluateCompositeCounts(slo, [
      { weight: 1, good: 0, total: 0, errorRatios: {}, windowTotals: {} },
    ]);
    expect(status.status).toBe('no-data');
    expect(shares[0]).toEqual({
      weightedGood: 0,
      weightedTotal: 0,
      weightedBad: 0,
      badShare: 0,
    });
  });
});
