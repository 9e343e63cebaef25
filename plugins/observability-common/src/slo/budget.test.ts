import {
  badEvents,
  budgetPolicyLevel,
  burnRate,
  counterIncrease,
  errorBudget,
  errorBudgetFromSegments,
  errorBudgetMs,
  errorRatio,
  sliRatio,
  sloStatus,
  timeToExhaustionMs,
} from './budget';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const DAYS_30 = 30 * DAY;

/** A small deterministic generator, so property checks are repeatable. */
function lcg(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

describe('sliRatio and errorRatio', () => {
  it('divides good by total', () => {
    // 999,500 good of 1,000,000 → 0.9995; errors 500 / 1,000,000 = 0.0005.
    expect(sliRatio({ good: 999_500, total: 1_000_000 })).toBeCloseTo(
      0.9995,
      12,
    );
    expect(errorRatio({ good: 999_500, total: 1_000_000 })).toBeCloseTo(
      0.0005,
      12,
    );
  });

  it('is undefined without traffic: no data, not 100%', () => {
    expect(sliRatio({ good: 0, total: 0 })).toBeUndefined();
    expect(errorRatio({ good: 0, total: 0 })).toBeUndefined();
  });

  it('clamps good to [0, total] when two queries disagree slightly', () => {
    expect(sliRatio({ good: 100.4, total: 100 })).toBe(1);
    expect(badEvents({ good: 100.4, total: 100 })).toBe(0);
    expect(badEvents({ good: -3, total: 100 })).toBe(100);
  });

  it('refuses impossible counts', () => {
    expect(() => sliRatio({ good: 1, total: -1 })).toThrow(RangeError);
    expect(() => sliRatio({ good: Number.NaN, total: 10 })).toThrow(RangeError);
  });
});

describe('errorBudgetMs', () => {
  it('is 43.2 minutes for 99.9% over 30 days', () => {
    // (1 − 0.999) × 30 d × 24 h × 60 min = 0.001 × 43,200 min = 43.2 min.
    expect(errorBudgetMs(0.999, DAYS_30) / MINUTE).toBeCloseTo(43.2, 9);
  });

  it('is 3.6 hours for 99.5% over 30 days and 10.08 minutes for 99.9% over 7 days', () => {
    // 0.005 × 720 h = 3.6 h; 0.001 × 7 × 1,440 min = 10.08 min.
    expect(errorBudgetMs(0.995, DAYS_30) / HOUR).toBeCloseTo(3.6, 9);
    expect(errorBudgetMs(0.999, 7 * DAY) / MINUTE).toBeCloseTo(10.08, 9);
  });

  it('refuses objectives outside (0, 1)', () => {
    expect(() => errorBudgetMs(1, DAYS_30)).toThrow(RangeError);
    expect(() => errorBudgetMs(99.9, DAYS_30)).toThrow(RangeError);
    expect(() => errorBudgetMs(0, DAYS_30)).toThrow(RangeError);
  });
});

describe('errorBudget', () => {
  it('accounts for a 2-hour 20% incident in 30 days at a 0.03% baseline', () => {
    // 100 req/s → 360,000 requests an hour; 720 h → 259,200,000 requests.
    // bad = 718 h × 360,000 × 0.0003 + 2 h × 360,000 × 0.2
    //     = 77,544 + 144,000 = 221,544.
    // allowed at 99.9% = 0.001 × 259,200,000 = 259,200 bad requests.
    // consumed = 221,544 / 259,200 = 0.8547222…, remaining = 0.1452777…
    // as time: 43.2 min × 0.8547222 = 36.924 min used, 6.276 min left.
    const total = 259_200_000;
    const bad = 221_544;
    const budget = errorBudget(0.999, DAYS_30, { good: total - bad, total });
    expect(budget.allowedRatio).toBeCloseTo(0.001, 12);
    expect(budget.allowedEvents).toBeCloseTo(259_200, 6);
    expect(budget.badEvents).toBe(221_544);
    expect(budget.consumed).toBeCloseTo(0.8547222222, 9);
    expect(budget.remaining).toBeCloseTo(0.1452777778, 9);
    expect(budget.consumedMs! / MINUTE).toBeCloseTo(36.924, 6);
    expect(budget.remainingMs! / MINUTE).toBeCloseTo(6.276, 6);
    expect(budgetPolicyLevel(budget.remaining)).toBe('critical');
    expect(sloStatus(budget.remaining)).toBe('at-risk');
  });

  it('goes negative when overspent', () => {
    // 1,500 bad of 1,000,000 at 99.9%: allowed 1,000 → consumed 1.5,
    // remaining −0.5 = −21.6 min of the 43.2 min budget.
    const budget = errorBudget(0.999, DAYS_30, {
      good: 998_500,
      total: 1_000_000,
    });
    expect(budget.consumed).toBeCloseTo(1.5, 9);
    expect(budget.remaining).toBeCloseTo(-0.5, 9);
    expect(budget.remainingMs! / MINUTE).toBeCloseTo(-21.6, 6);
    expect(sloStatus(budget.remaining)).toBe('violated');
    expect(budgetPolicyLevel(budget.remaining)).toBe('exhausted');
  });

  it('has no consumed or remaining share without traffic', () => {
    const budget = errorBudget(0.999, DAYS_30, { good: 0, total: 0 });
    expect(budget).toEqual({
      allowedRatio: expect.closeTo(0.001, 12),
      allowedMs: expect.closeTo(2_592_000, 3),
      allowedEvents: 0,
      badEvents: 0,
    });
    expect(sloStatus(budget.remaining)).toBe('no-data');
    expect(budgetPolicyLevel(budget.remaining)).toBeUndefined();
  });

  it('keeps remaining + consumed = 1 and the time shares adding up (property)', () => {
    const random = lcg(42);
    for (let i = 0; i < 500; i++) {
      const objective = [0.9, 0.99, 0.995, 0.999, 0.9999][i % 5];
      const total = Math.floor(random() * 10_000_000) + 1;
      const good = total - Math.floor(random() * random() * total * 0.01);
      const budget = errorBudget(objective, DAYS_30, { good, total });
      expect(budget.consumed! + budget.remaining!).toBeCloseTo(1, 9);
      expect(budget.consumedMs! + budget.remainingMs!).toBeCloseTo(
        budget.allowedMs,
        3,
      );
      // The budget consumed over the window is the burn rate over the window.
      expect(burnRate(errorRatio({ good, total }), objective)).toBeCloseTo(
        budget.consumed!,
        9,
      );
      // The SLI is the objective exactly when remaining is 0:
      // sli − objective = remaining × (1 − objective).
      expect(sliRatio({ good, total })! - objective).toBeCloseTo(
        budget.remaining! * (1 - objective),
        12,
      );
    }
  });

  it('spends the budget monotonically as errors grow (property)', () => {
    let previous = Number.POSITIVE_INFINITY;
    for (let bad = 0; bad <= 3_000; bad += 150) {
      const { remaining } = errorBudget(0.999, DAYS_30, {
        good: 1_000_000 - bad,
        total: 1_000_000,
      });
      expect(remaining!).toBeLessThan(previous);
      previous = remaining!;
    }
  });
});

describe('errorBudgetFromSegments', () => {
  it('combines an objective changed mid-window segment by segment', () => {
    // 15 days at 99% then 15 days at 99.9%, 1,000,000 requests a day;
    // 2,000 errors a day, then 500 a day.
    // allowed = 15 × 0.01 × 1,000,000 + 15 × 0.001 × 1,000,000
    //         = 150,000 + 15,000 = 165,000; bad = 30,000 + 7,500 = 37,500.
    // consumed = 37,500 / 165,000 = 0.2272727…, remaining = 0.7727272…
    // allowed ratio = 165,000 / 30,000,000 = 0.0055 → 0.0055 × 43,200 min
    // = 237.6 min.
    const segments = [
      ...Array.from({ length: 15 }, () => ({
        good: 998_000,
        total: 1_000_000,
        objective: 0.99,
      })),
      ...Array.from({ length: 15 }, () => ({
        good: 999_500,
        total: 1_000_000,
        objective: 0.999,
      })),
    ];
    const budget = errorBudgetFromSegments(segments, DAYS_30);
    expect(budget.allowedEvents).toBeCloseTo(165_000, 6);
    expect(budget.badEvents).toBe(37_500);
    expect(budget.consumed).toBeCloseTo(0.2272727273, 9);
    expect(budget.remaining).toBeCloseTo(0.7727272727, 9);
    expect(budget.allowedRatio).toBeCloseTo(0.0055, 12);
    expect(budget.allowedMs / MINUTE).toBeCloseTo(237.6, 6);

    // Judged by today's 99.9% alone, the same errors would be a violation:
    // allowed 0.001 × 30,000,000 = 30,000 < 37,500 → consumed 1.25.
    const naive = errorBudget(0.999, DAYS_30, {
      good: 30_000_000 - 37_500,
      total: 30_000_000,
    });
    expect(naive.consumed).toBeCloseTo(1.25, 9);
  });

  it('equals the single-objective budget however the window is split (property)', () => {
    const random = lcg(7);
    for (let run = 0; run < 50; run++) {
      const days = Array.from({ length: 30 }, () => {
        const total = Math.floor(random() * 100_000);
        return {
          good: total - Math.floor(random() * total * 0.002),
          total,
          objective: 0.999,
        };
      });
      const good = days.reduce((s, d) => s + d.good, 0);
      const total = days.reduce((s, d) => s + d.total, 0);
      const split = errorBudgetFromSegments(days, DAYS_30);
      const whole = errorBudget(0.999, DAYS_30, { good, total });
      expect(split.remaining).toBeCloseTo(whole.remaining!, 9);
      expect(split.remainingMs).toBeCloseTo(whole.remainingMs!, 3);
    }
  });

  it('weights the allowed ratio by time when there was no traffic', () => {
    // No requests at all: (0.01 × 1 d + 0.001 × 3 d) / 4 d = 0.00325.
    const budget = errorBudgetFromSegments(
      [
        { good: 0, total: 0, objective: 0.99 },
        { good: 0, total: 0, objective: 0.999, durationMs: 3 * DAY },
      ],
      4 * DAY,
    );
    expect(budget.allowedRatio).toBeCloseTo(0.00325, 12);
    expect(budget.remaining).toBeUndefined();
  });

  it('needs at least one segment', () => {
    expect(() => errorBudgetFromSegments([], DAYS_30)).toThrow(RangeError);
  });
});

describe('burnRate', () => {
  it('divides the error ratio by the allowed ratio', () => {
    // 1.44% errors at 99.9%: 0.0144 / 0.001 = 14.4.
    expect(burnRate(0.0144, 0.999)).toBeCloseTo(14.4, 9);
    // 0.05% errors at 99.9%: 0.0005 / 0.001 = 0.5.
    expect(burnRate(0.0005, 0.999)).toBeCloseTo(0.5, 9);
    expect(burnRate(0, 0.999)).toBe(0);
  });

  it('is undefined without data', () => {
    expect(burnRate(undefined, 0.999)).toBeUndefined();
    expect(burnRate(Number.NaN, 0.999)).toBeUndefined();
  });
});

describe('timeToExhaustionMs', () => {
  it('divides what remains by the burn rate', () => {
    // Half the 30-day budget left at burn rate 2: 0.5 × 30 d / 2 = 7.5 d.
    expect(timeToExhaustionMs(0.5, 2, DAYS_30)).toBeCloseTo(7.5 * DAY, 3);
    // 21 min of a 43.2 min budget left (0.4861…) at 14.4×:
    // 0.48611 × 43,200 min / 14.4 = 1,458.33 min.
    expect(timeToExhaustionMs(21 / 43.2, 14.4, DAYS_30)! / MINUTE).toBeCloseTo(
      1458.3333,
      3,
    );
  });

  it('is 0 when the budget is already spent, whatever the burn rate', () => {
    expect(timeToExhaustionMs(0, 3, DAYS_30)).toBe(0);
    expect(timeToExhaustionMs(-0.2, 0, DAYS_30)).toBe(0);
  });

  it('is undefined when nothing burns or there is no data', () => {
    expect(timeToExhaustionMs(0.5, 0, DAYS_30)).toBeUndefined();
    expect(timeToExhaustionMs(0.5, -1, DAYS_30)).toBeUndefined();
    expect(timeToExhaustionMs(0.5, undefined, DAYS_30)).toBeUndefined();
    expect(timeToExhaustionMs(undefined, 2, DAYS_30)).toBeUndefined();
  });
});

describe('budgetPolicyLevel', () => {
  it.each([
    [1, 'healthy'],
    [0.5000001, 'healthy'],
    [0.5, 'warning'],
    [0.3, 'warning'],
    [0.25, 'warning'],
    [0.2499, 'critical'],
    [0.0001, 'critical'],
    [0, 'exhausted'],
    [-0.4, 'exhausted'],
  ])('%d remaining is %s', (remaining, level) => {
    expect(budgetPolicyLevel(remaining)).toBe(level);
  });

  it('is undefined without data', () => {
    expect(budgetPolicyLevel(undefined)).toBeUndefined();
  });
});

describe('sloStatus', () => {
  it.each([
    [0.8, false, 'met'],
    [0.25, false, 'met'],
    [0.8, true, 'at-risk'],
    [0.2, false, 'at-risk'],
    [0, false, 'at-risk'],
    [-0.01, false, 'violated'],
    [-0.01, true, 'violated'],
  ])(
    'remaining %d with an alert firing: %s is %s',
    (remaining, alertFiring, status) => {
      expect(sloStatus(remaining, { alertFiring })).toBe(status);
    },
  );

  it('is no-data without traffic', () => {
    expect(sloStatus(undefined, { alertFiring: true })).toBe('no-data');
  });

  it('is not flipped by binary noise at exactly the objective', () => {
    // 1 bad in 1,000 at 99.9% spends exactly the whole budget.
    const { remaining } = errorBudget(0.999, DAYS_30, {
      good: 999,
      total: 1_000,
    });
    expect(sloStatus(remaining)).toBe('at-risk');
    expect(budgetPolicyLevel(remaining)).toBe('exhausted');
  });
});

describe('counterIncrease', () => {
  it('adds the rises of a counter', () => {
    // 100 → 130 → 180: 30 + 50 = 80.
    expect(counterIncrease([100, 130, 180])).toBe(80);
  });

  it('treats every drop as a reset, as increase() does', () => {
    // 100 → 150 (+50), reset to 10 (+10), → 40 (+30) = 90.
    expect(counterIncrease([100, 150, 10, 40])).toBe(90);
    // A reset to 0: 5 → 8 (+3), → 0 (+0), → 4 (+4) = 7.
    expect(counterIncrease([5, 8, 0, 4])).toBe(7);
  });

  it('reads samples as objects and skips stale markers', () => {
    expect(
      counterIncrease([{ value: 10 }, { value: Number.NaN }, { value: 25 }]),
    ).toBe(15);
  });

  it('does not extrapolate', () => {
    // Two samples one minute apart in a 5-minute range: exactly their difference.
    expect(counterIncrease([10, 70])).toBe(60);
    expect(counterIncrease([7, 7, 7])).toBe(0);
  });

  it('is undefined with fewer than two samples', () => {
    expect(counterIncrease([])).toBeUndefined();
    expect(counterIncrease([42])).toBeUndefined();
    expect(counterIncrease([42, Number.NaN])).toBeUndefined();
  });

  it('never goes negative (property)', () => {
    const random = lcg(3);
    for (let i = 0; i < 200; i++) {
      const samples = Array.from({ length: 20 }, () =>
        Math.floor(random() * 1_000),
      );
      expect(counterIncrease(samples)!).toBeGreaterThanOrEqual(0);
    }
  });
});
