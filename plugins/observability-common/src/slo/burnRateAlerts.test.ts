import {
  DEFAULT_BURN_RATE_ALERT_WINDOWS,
  burnRateAlertConditions,
  burnRateFactor,
  burnRateReadings,
  evaluateBurnRateAlerts,
} from './burnRateAlerts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

const table = (objective: number, windowMs: number) =>
  burnRateAlertConditions({ objective, windowMs }).map(c => [
    c.id,
    c.severity,
    c.shortWindow,
    c.longWindow,
    c.factor,
  ]);

describe('burnRateFactor', () => {
  it('is budget share × window hours ÷ long-window hours', () => {
    // 2% of 720 h in 1 h = 14.4; 5% of 720 h in 6 h = 6.
    expect(burnRateFactor(0.02, 30 * DAY, HOUR)).toBe(14.4);
    expect(burnRateFactor(0.05, 30 * DAY, 6 * HOUR)).toBe(6);
  });
});

describe('burnRateAlertConditions', () => {
  it('has the SRE workbook table for 30 days', () => {
    // 720 h: 0.02 × 720 / 1 = 14.4; 0.05 × 720 / 6 = 6;
    // 0.1 × 720 / 24 = 3; 0.1 × 720 / 72 = 1.
    expect(table(0.999, 30 * DAY)).toEqual([
      ['page-quick', 'page', '5m', '1h', 14.4],
      ['page-slow', 'page', '30m', '6h', 6],
      ['ticket-quick', 'ticket', '2h', '1d', 3],
      ['ticket-slow', 'ticket', '6h', '3d', 1],
    ]);
  });

  it('recomputes the factors for 28 days', () => {
    // 672 h: 0.02 × 672 = 13.44; 0.05 × 672 / 6 = 5.6;
    // 0.1 × 672 / 24 = 2.8; 0.1 × 672 / 72 = 0.9333…
    expect(table(0.999, 28 * DAY)).toEqual([
      ['page-quick', 'page', '5m', '1h', 13.44],
      ['page-slow', 'page', '30m', '6h', 5.6],
      ['ticket-quick', 'ticket', '2h', '1d', 2.8],
      ['ticket-slow', 'ticket', '6h', '3d', 0.933333333333],
    ]);
  });

  it('recomputes the factors for 7 days', () => {
    // 168 h: 0.02 × 168 = 3.36; 0.05 × 168 / 6 = 1.4;
    // 0.1 × 168 / 24 = 0.7; 0.1 × 168 / 72 = 0.2333…
    expect(table(0.999, 7 * DAY)).toEqual([
      ['page-quick', 'page', '5m', '1h', 3.36],
      ['page-slow', 'page', '30m', '6h', 1.4],
      ['ticket-quick', 'ticket', '2h', '1d', 0.7],
      ['ticket-slow', 'ticket', '6h', '3d', 0.233333333333],
    ]);
  });

  it('leaves out conditions whose long window exceeds the SLO window', () => {
    // 1-day window (24 h): 0.02 × 24 = 0.48; 0.05 × 24 / 6 = 0.2;
    // 0.1 × 24 / 24 = 0.1; the 3-day condition cannot apply.
    expect(table(0.999, DAY)).toEqual([
      ['page-quick', 'page', '5m', '1h', 0.48],
      ['page-slow', 'page', '30m', '6h', 0.2],
      ['ticket-quick', 'ticket', '2h', '1d', 0.1],
    ]);
  });

  it('gives each condition its error-ratio threshold', () => {
    // At 99.9%: 14.4 × 0.001 = 0.0144, 6 × 0.001 = 0.006, 0.003, 0.001.
    // At 99%: 14.4 × 0.01 = 0.144.
    expect(
      burnRateAlertConditions({ objective: 0.999, windowMs: 30 * DAY }).map(
        c => c.errorRatioThreshold,
      ),
    ).toEqual([0.0144, 0.006, 0.003, 0.001]);
    expect(
      burnRateAlertConditions({ objective: 0.99, windowMs: 30 * DAY })[0],
    ).toEqual({
      id: 'page-quick',
      severity: 'page',
      shortWindow: '5m',
      shortWindowMs: 300_000,
      longWindow: '1h',
      longWindowMs: HOUR,
      budgetShare: 0.02,
      factor: 14.4,
      errorRatioThreshold: 0.144,
    });
  });

  it("follows another catalog's shares, e.g. Sloth's 7-day example", () => {
    // slok/sloth examples/windows/7d.yaml: 8%, 12.5%, 20%, 42% of 168 h:
    // 0.08 × 168 = 13.44; 0.125 × 168 / 6 = 3.5; 0.2 × 168 / 24 = 1.4;
    // 0.42 × 168 / 72 = 0.98.
    const shares = [0.08, 0.125, 0.2, 0.42];
    const windows = DEFAULT_BURN_RATE_ALERT_WINDOWS.map((w, i) => ({
      ...w,
      budgetShare: shares[i],
    }));
    expect(
      burnRateAlertConditions(
        { objective: 0.999, windowMs: 7 * DAY },
        windows,
      ).map(c => c.factor),
    ).toEqual([13.44, 3.5, 1.4, 0.98]);
  });
});

describe('evaluateBurnRateAlerts', () => {
  const conditions = burnRateAlertConditions({
    objective: 0.999,
    windowMs: 30 * DAY,
  });
  const firing = (ratios: Record<string, number | undefined>) =>
    evaluateBurnRateAlerts(conditions, ratios)
      .filter(c => c.firing)
      .map(c => c.id);

  it('fires everything one hour into a 20% incident over a 0.03% baseline', () => {
    // 5m, 30m, 1h: all inside the incident: 0.2.
    // 2h:  (1 h × 0.0003 + 1 h × 0.2) / 2 = 0.10015
    // 6h:  (5 × 0.0003 + 0.2) / 6 = 0.0335833…
    // 1d:  (23 × 0.0003 + 0.2) / 24 = 0.0086208…
    // 3d:  (71 × 0.0003 + 0.2) / 72 = 0.0030736…
    // page-quick 0.2 & 0.2 > 0.0144; page-slow 0.2 & 0.0336 > 0.006;
    // ticket-quick 0.10015 & 0.00862 > 0.003; ticket-slow 0.0336 & 0.00307 > 0.001.
    const ratios = {
      '5m': 0.2,
      '30m': 0.2,
      '1h': 0.2,
      '2h': 0.10015,
      '6h': 0.0335833,
      '1d': 0.0086208,
      '3d': 0.0030736,
    };
    expect(firing(ratios)).toEqual([
      'page-quick',
      'page-slow',
      'ticket-quick',
      'ticket-slow',
    ]);
  });

  it('stops paging quickly once the incident is over (the short window)', () => {
    // 30 min after the incident ended: 5m back at 0.0003 < 0.0144, though
    // 1h = (0.5 × 0.2 + 0.5 × 0.0003) = 0.10015 is still far above it.
    // 30m: 0.0003 < 0.006. 2h: (1.5 × 0.2 + 0.5 × 0.0003) / 2 = 0.150075.
    const ratios = {
      '5m': 0.0003,
      '30m': 0.0003,
      '1h': 0.10015,
      '2h': 0.150075,
      '6h': 0.0668,
      '1d': 0.0169,
      '3d': 0.0059,
    };
    expect(firing(ratios)).toEqual(['ticket-quick', 'ticket-slow']);
  });

  it('stays quiet at the baseline', () => {
    // 0.0003 is below every threshold (the lowest is 0.001).
    const ratios = Object.fromEntries(
      ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map(w => [w, 0.0003]),
    );
    expect(firing(ratios)).toEqual([]);
  });

  it('needs both windows strictly above the threshold', () => {
    expect(firing({ '5m': 0.0144, '1h': 0.5 })).toEqual([]);
    expect(firing({ '5m': 0.5, '1h': 0.0144 })).toEqual([]);
    expect(firing({ '5m': 0.01441, '1h': 0.01441 })).toEqual(['page-quick']);
  });

  it('cannot fire on a window without data, and says which', () => {
    const [pageQuick] = evaluateBurnRateAlerts(conditions, { '1h': 0.5 });
    expect(pageQuick).toMatchObject({
      firing: false,
      missingWindows: ['5m'],
      longErrorRatio: 0.5,
    });
  });

  it('accepts any spelling of a window', () => {
    // 24h is 1d and 72h is 3d.
    expect(
      firing({ '2h': 0.01, '24h': 0.01, '6h': 0.01, '72h': 0.01 }),
    ).toEqual(['ticket-quick', 'ticket-slow']);
  });
});

describe('burnRateReadings', () => {
  it('gives each window its error ratio and burn rate, in order', () => {
    // 0.0005 / 0.001 = 0.5; 0.002 / 0.001 = 2.
    expect(
      burnRateReadings(0.999, { '1h': 0.002, '5m': 0.0005 }, [
        '5m',
        '1h',
        '1d',
      ]),
    ).toEqual([
      {
        window: '5m',
        windowMs: 300_000,
        errorRatio: 0.0005,
        burnRate: expect.closeTo(0.5, 9),
      },
      {
        window: '1h',
        windowMs: HOUR,
        errorRatio: 0.002,
        burnRate: expect.closeTo(2, 9),
      },
      {
        window: '1d',
        windowMs: DAY,
        errorRatio: undefined,
        burnRate: undefined,
      },
    ]);
  });

  it('reports the seven standard windows by default', () => {
    expect(burnRateReadings(0.99, {}).map(r => r.window)).toEqual([
      '5m',
      '30m',
      '1h',
      '2h',
      '6h',
      '1d',
      '3d',
    ]);
  });
});
