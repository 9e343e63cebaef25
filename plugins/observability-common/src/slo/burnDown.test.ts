import { errorBudgetFromSegments } from './budget';
import { computeSloStatus } from './status';
import {
  burnDownSeries,
  normaliseDailyCounts,
  sloReportMarkdown,
  sloReportRow,
} from './burnDown';
import { SloDailyCount } from './types';

const DAY = 86_400_000;

// Five days at 99.9%, 1,000,000 requests a day, with 100, 200, 0, 1,500 and
// 200 errors. Allowed over the five days: 5 × 0.001 × 1,000,000 = 5,000.
// Spent so far: 100, 300, 300, 1,800, 2,000 → remaining 1 − spent / 5,000 =
// 0.98, 0.94, 0.94, 0.64, 0.6. Each day used bad / 5,000 = 0.02, 0.04, 0,
// 0.3, 0.04.
const errors = [100, 200, 0, 1_500, 200];
const week: SloDailyCount[] = errors.map((bad, i) => ({
  day: `2026-11-0${i + 1}`,
  good: 1_000_000 - bad,
  total: 1_000_000,
  objective: 0.999,
}));

describe('burnDownSeries', () => {
  it('gives the budget left after each day', () => {
    const series = burnDownSeries(week);
    expect(series.map(p => p.day)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
    ]);
    expect(series.map(p => p.remaining)).toEqual(
      [0.98, 0.94, 0.94, 0.64, 0.6].map(v => expect.closeTo(v, 9)),
    );
    expect(series.map(p => p.consumed)).toEqual(
      [0.02, 0.04, 0, 0.3, 0.04].map(v => expect.closeTo(v, 9)),
    );
    // Day 4: 1 − 1,500 / 1,000,000 = 0.9985.
    expect(series[3].sli).toBeCloseTo(0.9985, 12);
  });

  it('ends at the remaining budget of the whole window, and only goes down (property)', () => {
    const series = burnDownSeries(week);
    const { remaining } = errorBudgetFromSegments(week, 5 * DAY);
    expect(series[series.length - 1].remaining).toBeCloseTo(remaining!, 12);
    for (let i = 1; i < series.length; i++) {
      expect(series[i].remaining!).toBeLessThanOrEqual(
        series[i - 1].remaining!,
      );
    }
    const used = series.reduce((sum, p) => sum + p.consumed!, 0);
    expect(used + remaining!).toBeCloseTo(1, 12);
  });

  it('sorts the days', () => {
    const series = burnDownSeries([...week].reverse());
    expect(series.map(p => p.day)[0]).toBe('2026-11-01');
    expect(series[4].remaining).toBeCloseTo(0.6, 9);
  });

  it('uses the objective in force each day', () => {
    // Two days at 99% then one at 99.9%, 100,000 requests a day;
    // errors 500, 500, 50. Allowed = 1,000 + 1,000 + 100 = 2,100.
    // remaining: 1 − 500 / 2,100 = 0.7619…, 1 − 1,000 / 2,100 = 0.5238…,
    // 1 − 1,050 / 2,100 = 0.5.
    const days = [
      { day: '2026-01-01', good: 99_500, total: 100_000, objective: 0.99 },
      { day: '2026-01-02', good: 99_500, total: 100_000, objective: 0.99 },
      { day: '2026-01-03', good: 99_950, total: 100_000, objective: 0.999 },
    ];
    expect(burnDownSeries(days).map(p => p.remaining)).toEqual([
      expect.closeTo(0.761904762, 9),
      expect.closeTo(0.523809524, 9),
      expect.closeTo(0.5, 9),
    ]);
  });

  it('fills the days the history lacks when given a range', () => {
    const series = burnDownSeries(week, {
      from: '2026-10-31',
      to: '2026-11-06',
    });
    expect(series).toHaveLength(7);
    expect(series[0]).toEqual({
      day: '2026-10-31',
      consumed: 0,
      remaining: 1,
      sli: undefined,
    });
    expect(series[6]).toMatchObject({ day: '2026-11-06', consumed: 0 });
    expect(series[6].remaining).toBeCloseTo(0.6, 9);
  });

  it('has no budget figures when the window had no traffic', () => {
    expect(
      burnDownSeries([
        { day: '2026-11-01', good: 0, total: 0, objective: 0.999 },
      ]),
    ).toEqual([{ day: '2026-11-01', sli: undefined }]);
    expect(burnDownSeries([])).toEqual([]);
  });

  it('refuses duplicate and malformed days', () => {
    expect(() => burnDownSeries([week[0], week[0]])).toThrow(
      'Day 2026-11-01 appears more than once',
    );
    expect(() =>
      normaliseDailyCounts([{ ...week[0], day: '1 Nov 2026' }]),
    ).toThrow(/not a day in the form YYYY-MM-DD/);
    expect(() =>
      normaliseDailyCounts([{ ...week[0], day: '2026-02-30' }]),
    ).toThrow(RangeError);
  });
});

describe('sloReportRow', () => {
  const definition = {
    id: 'availability',
    name: 'Availability',
    objectivePercent: 99.9,
  };
  const covered = {
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-11-05T12:00:00.000Z',
  };
  // The status as GET …/slos gave it at the instant (not recomputed here):
  // 99.96% with 40% of the budget used, and at risk because a page
  // condition holds.
  const status = computeSloStatus(
    { objective: 0.999, windowMs: 5 * DAY },
    {
      window: { good: 4_998_000, total: 5_000_000 },
      errorRatios: { '5m': 0.02, '1h': 0.02 },
    },
  );

  it('carries the evaluation’s figures and status, and the worst day of the days', () => {
    expect(status.status).toBe('at-risk');
    // Worst day 2026-11-04: 1,500 of the 5,000 errors the days allow, 0.3.
    expect(
      sloReportRow({ definition, status, problems: [] }, week, covered),
    ).toEqual({
      sloId: 'availability',
      name: 'Availability',
      targetPercent: 99.9,
      ...covered,
      actualPercent: 99.96,
      status: 'at-risk',
      budgetUsed: expect.closeTo(0.4, 9),
      budgetRemaining: expect.closeTo(0.6, 9),
      worstDay: {
        day: '2026-11-04',
        sli: expect.closeTo(0.9985, 12),
        budgetConsumed: expect.closeTo(0.3, 9),
      },
    });
  });

  it('has no worst day without errors', () => {
    const perfect = week.map(d => ({ ...d, good: d.total }));
    const row = sloReportRow(
      { definition, status, problems: [] },
      perfect,
      covered,
    );
    expect(row.worstDay).toBeUndefined();
  });

  it('says why an SLO could not be measured instead of a bare no-data', () => {
    expect(
      sloReportRow(
        {
          definition,
          problems: [{ message: '320ms is not a bucket boundary' }],
        },
        [],
        covered,
      ),
    ).toEqual({
      sloId: 'availability',
      name: 'Availability',
      targetPercent: 99.9,
      ...covered,
      status: 'no-data',
      reason: '320ms is not a bucket boundary',
    });
  });

  it('is a plain no-data without traffic', () => {
    const quiet = computeSloStatus(
      { objective: 0.999, windowMs: 5 * DAY },
      { window: { good: 0, total: 0 } },
    );
    expect(
      sloReportRow({ definition, status: quiet, problems: [] }, [], covered),
    ).toEqual({
      sloId: 'availability',
      name: 'Availability',
      targetPercent: 99.9,
      ...covered,
      status: 'no-data',
    });
  });
});

describe('sloReportMarkdown', () => {
  it('renders a table and escapes pipes', () => {
    const covered = {
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-06T00:00:00Z',
    };
    const status = computeSloStatus(
      { objective: 0.999, windowMs: 5 * DAY },
      { window: { good: 4_998_000, total: 5_000_000 } },
    );
    const rows = [
      sloReportRow(
        {
          definition: {
            id: 'a',
            name: 'Checkout | availability',
            objectivePercent: 99.9,
          },
          status,
          problems: [],
        },
        week,
        covered,
      ),
      sloReportRow(
        {
          definition: { id: 'b', name: 'Odd', objectivePercent: 99 },
          problems: [{ message: '320ms is not a | boundary' }],
        },
        [],
        covered,
      ),
    ];
    expect(sloReportMarkdown(rows)).toBe(
      [
        '| SLO | Target | Actual | Status | Budget used | Budget remaining | Worst day |',
        '| --- | ---: | ---: | --- | ---: | ---: | --- |',
        '| Checkout \\| availability | 99.9% | 99.96% | met | 40% | 60% | 2026-11-04 (30% of the budget) |',
        '| Odd | 99% | – | no-data: 320ms is not a \\| boundary | – | – | – |',
        '',
      ].join('\n'),
    );
  });
});
