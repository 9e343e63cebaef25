import { explainSloStatus, formatWindow } from './explain';
import { computeSloStatus } from './status';
import { SloExplanation } from './types';

const MINUTE = 60_000;
const DAY = 86_400_000;
const slo30d = { objective: 0.999, windowMs: 30 * DAY };

const text = (explanations: SloExplanation[], topic: string, key?: string) =>
  explanations.find(e => e.topic === topic && e.key === key)?.text;

describe('computeSloStatus', () => {
  // 10,000,000 requests in 30 days at 99.9%, 5,000 of them failed:
  // allowed = 0.001 × 10,000,000 = 10,000 → consumed 0.5, remaining 0.5,
  // each 0.5 × 43.2 min = 21.6 min.
  // Now an incident: 10% errors over 5m, 30m and 1h (burn 0.1 / 0.001 = 100),
  // 6% over 2h (60×), 2% over 6h (20×), 0.5% over 1d (5×), 0.17% over 3d (1.7×).
  // Time to exhaustion at the 1h burn: 0.5 × 43,200 min / 100 = 216 min.
  const summary = computeSloStatus(slo30d, {
    window: { good: 9_995_000, total: 10_000_000 },
    errorRatios: {
      '5m': 0.1,
      '30m': 0.1,
      '1h': 0.1,
      '2h': 0.06,
      '6h': 0.02,
      '1d': 0.005,
      '3d': 0.0017,
    },
  });

  it('computes the SLI, the budget and the time to exhaustion', () => {
    expect(summary.sli).toBeCloseTo(0.9995, 12);
    expect(summary.objective).toBe(0.999);
    expect(summary.budget.allowedMs / MINUTE).toBeCloseTo(43.2, 9);
    expect(summary.budget.consumed).toBeCloseTo(0.5, 9);
    expect(summary.budget.remainingMs! / MINUTE).toBeCloseTo(21.6, 6);
    expect(summary.currentWindow).toBe('1h');
    expect(summary.currentBurnRate).toBeCloseTo(100, 9);
    expect(summary.timeToExhaustionMs! / MINUTE).toBeCloseTo(216, 6);
  });

  it('gives a burn rate per window', () => {
    expect(summary.burnRates.map(r => [r.window, r.burnRate])).toEqual([
      ['5m', expect.closeTo(100, 9)],
      ['30m', expect.closeTo(100, 9)],
      ['1h', expect.closeTo(100, 9)],
      ['2h', expect.closeTo(60, 9)],
      ['6h', expect.closeTo(20, 9)],
      ['1d', expect.closeTo(5, 9)],
      ['3d', expect.closeTo(1.7, 9)],
    ]);
  });

  it('fires the alert conditions and is at risk with half the budget left', () => {
    // page-quick 0.1 & 0.1 > 0.0144; page-slow 0.1 & 0.02 > 0.006;
    // ticket-quick 0.06 & 0.005 > 0.003; ticket-slow 0.02 & 0.0017 > 0.001.
    expect(summary.alerts.map(a => [a.id, a.firing])).toEqual([
      ['page-quick', true],
      ['page-slow', true],
      ['ticket-quick', true],
      ['ticket-slow', true],
    ]);
    expect(summary.status).toBe('at-risk');
    // 50% remaining alone is "warning" (25–50% inclusive), but a holding
    // page condition raises the policy to critical.
    expect(summary.policy).toBe('critical');
  });

  it('is met with the same budget when nothing burns now', () => {
    const calm = computeSloStatus(slo30d, {
      window: { good: 9_995_000, total: 10_000_000 },
      errorRatios: { '5m': 0, '30m': 0.0002, '1h': 0.0004, '6h': 0.0005 },
    });
    expect(calm.status).toBe('met');
    expect(calm.alerts.some(a => a.firing)).toBe(false);
    // Burn 0.0004 / 0.001 = 0.4 over 1h: 0.5 × 30 d / 0.4 = 37.5 d.
    expect(calm.timeToExhaustionMs! / DAY).toBeCloseTo(37.5, 9);
  });

  it('uses another window as "now" when asked', () => {
    const sixHours = computeSloStatus(slo30d, {
      window: { good: 9_995_000, total: 10_000_000 },
      errorRatios: { '6h': 0.02 },
      currentWindow: '6h',
    });
    // 0.5 × 43,200 min / 20 = 1,080 min.
    expect(sixHours.currentBurnRate).toBeCloseTo(20, 9);
    expect(sixHours.timeToExhaustionMs! / MINUTE).toBeCloseTo(1080, 6);
  });

  it('reports no data without traffic, not 100%', () => {
    const quiet = computeSloStatus(slo30d, {
      window: { good: 0, total: 0 },
    });
    expect(quiet).toMatchObject({
      sli: undefined,
      status: 'no-data',
      policy: undefined,
      currentBurnRate: undefined,
      timeToExhaustionMs: undefined,
    });
    expect(quiet.alerts.every(a => !a.firing)).toBe(true);
  });

  it('combines days when the objective changed within the window', () => {
    // 10 days at 99% then 20 at 99.9%, 100,000 requests a day, 200 errors a day.
    // allowed = 10 × 1,000 + 20 × 100 = 12,000; bad = 30 × 200 = 6,000
    // → remaining 0.5. Allowed ratio = 12,000 / 3,000,000 = 0.004, so the
    // effective objective is 99.6%. Alerts use the current 99.9%.
    const days = Array.from({ length: 30 }, (_, i) => ({
      good: 99_800,
      total: 100_000,
      objective: i < 10 ? 0.99 : 0.999,
    }));
    const mixed = computeSloStatus(slo30d, {
      window: days,
      errorRatios: { '6h': 0.002, '3d': 0.002 },
    });
    expect(mixed.budget.remaining).toBeCloseTo(0.5, 9);
    expect(mixed.objective).toBeCloseTo(0.996, 12);
    // ticket-slow: 0.002 > 1 × 0.001 on both windows.
    expect(mixed.alerts.filter(a => a.firing).map(a => a.id)).toEqual([
      'ticket-slow',
    ]);
    expect(mixed.status).toBe('at-risk');
  });
});

describe('formatWindow', () => {
  it.each([
    [30 * DAY, {}, '30 days'],
    [DAY, {}, '1 day'],
    [3_600_000, {}, '1 hour'],
    [300_000, {}, '5 minutes'],
    [28 * DAY, { adjective: true }, '28-day'],
    [90 * MINUTE, {}, '90 minutes'],
  ])('writes %d ms as %j', (ms, options, expected) => {
    expect(formatWindow(ms, options)).toBe(expected);
  });
});

describe('explainSloStatus', () => {
  const summary = computeSloStatus(slo30d, {
    window: { good: 9_995_000, total: 10_000_000 },
    errorRatios: {
      '5m': 0.1,
      '1h': 0.1,
      '30m': 0.001,
      '6h': 0.0005,
      '3d': 0,
    },
  });
  const explained = explainSloStatus({ sli: 'availability' }, summary);

  it('explains the SLI and the budget', () => {
    expect(text(explained, 'sli')).toBe(
      'Over the last 30 days, 99.95% of requests succeeded (9,995,000 of 10,000,000); the objective is 99.9%.',
    );
    expect(text(explained, 'budget')).toBe(
      'The 99.9% objective over 30 days lets 0.1% of requests fail: 10,000 of the 10,000,000 so far, the equivalent of 43.2 min of complete outage.',
    );
    expect(text(explained, 'remaining')).toBe(
      'Errors have used 50% of the budget (21.6 min); 50% (21.6 min) remains.',
    );
  });

  it('explains each burn rate', () => {
    // 0.1 / 0.001 = 100×; a 30-day budget at 100× lasts 720 h / 100 = 7.2 h.
    expect(text(explained, 'burn-rate', '1h')).toBe(
      'Over the last hour errors burned the budget at 100× the sustainable rate (10% of requests failed where 0.1% is allowed); at that pace a whole 30-day budget lasts 7 h 12 min.',
    );
    expect(text(explained, 'burn-rate', '3d')).toBe(
      'No errors in the last 3 days: the budget is not burning.',
    );
    expect(text(explained, 'burn-rate', '1d')).toBe(
      'No requests in the last day: no burn rate.',
    );
  });

  it('explains the time to exhaustion', () => {
    // 21.6 min left at 100×: 0.5 × 43,200 min / 100 = 216 min = 3 h 36 min.
    expect(text(explained, 'time-to-exhaustion')).toBe(
      'At the current rate (100× over the last hour) the remaining 21.6 min of budget last 3 h 36 min.',
    );
  });

  it('explains the status, the policy and each alert condition', () => {
    expect(text(explained, 'status')).toBe(
      'At risk: the budget is burning fast enough to run out within the window (page-quick: 5m & 1h at 14.4×).',
    );
    expect(text(explained, 'policy')).toBe(
      'Budget policy: critical (25–50% left; page condition page-quick holds): hold releases until the burn stops, then put reliability work before new features.',
    );
    expect(text(explained, 'alert', 'page-quick')).toBe(
      'page-quick pages when more than 1.44% of requests fail over both the last 5 minutes and the last hour (a 14.4× burn: 2% of the 30-day budget in 1 hour). Now 10% and 10%: firing.',
    );
    expect(text(explained, 'alert', 'page-slow')).toBe(
      'page-slow pages when more than 0.6% of requests fail over both the last 30 minutes and the last 6 hours (a 6× burn: 5% of the 30-day budget in 6 hours). Now 0.1% and 0.05%: not firing.',
    );
    expect(text(explained, 'alert', 'ticket-quick')).toMatch(
      /No data for 2h and 1d, so it cannot fire\.$/,
    );
  });

  it('has one sentence per number', () => {
    // sli, budget, remaining, 7 burn rates, time to exhaustion, status,
    // policy and 4 alert conditions.
    expect(explained).toHaveLength(3 + 7 + 1 + 1 + 1 + 4);
  });

  it('explains a latency SLO that is violated', () => {
    // 1,500 slow of 1,000,000 at 99.9%: 150% of the budget used, 0.5 × 43.2 =
    // 21.6 min over.
    const violated = computeSloStatus(slo30d, {
      window: { good: 998_500, total: 1_000_000 },
      errorRatios: { '1h': 0 },
    });
    const out = explainSloStatus(
      { sli: 'latency', latencyThresholdSeconds: 0.3 },
      violated,
    );
    expect(text(out, 'sli')).toBe(
      'Over the last 30 days, 99.85% of requests completed within 300ms (998,500 of 1,000,000); the objective is 99.9%.',
    );
    expect(text(out, 'budget')).toMatch(
      /lets 0\.1% of requests take longer than 300ms/,
    );
    expect(text(out, 'remaining')).toBe(
      'Errors have used 150% of the budget, 21.6 min more than the objective allows; the SLO stays violated until enough of those errors leave the 30-day window.',
    );
    expect(text(out, 'time-to-exhaustion')).toBe(
      'The budget is already exhausted.',
    );
    expect(text(out, 'status')).toBe(
      'Violated: the SLI over the last 30 days (99.85%) is below the objective (99.9%).',
    );
  });

  it('explains no traffic as no data', () => {
    const quiet = computeSloStatus(
      { objective: 0.99, windowMs: 7 * DAY },
      { window: { good: 0, total: 0 } },
    );
    const out = explainSloStatus({ sli: 'availability' }, quiet);
    expect(text(out, 'sli')).toBe(
      'No requests were counted in the last 7 days, so there is no SLI: no traffic is no data, not 100%.',
    );
    // 0.01 × 7 × 1,440 min = 100.8 min = 1 h 41 min.
    expect(text(out, 'budget')).toBe(
      'The 99% objective over 7 days lets 1% of requests fail, the equivalent of 1 h 41 min of complete outage.',
    );
    expect(text(out, 'status')).toBe(
      'No data: no requests in the last 7 days.',
    );
    expect(out.some(e => e.topic === 'policy')).toBe(false);
  });

  it('says when the current pace is sustainable', () => {
    const calm = computeSloStatus(slo30d, {
      window: { good: 9_995_000, total: 10_000_000 },
      errorRatios: { '1h': 0.0005 },
    });
    // Burn 0.5: 0.5 × 30 d / 0.5 = 30 d.
    expect(
      text(
        explainSloStatus({ sli: 'availability' }, calm),
        'time-to-exhaustion',
      ),
    ).toBe(
      'At the current rate (0.5× over the last hour) the remaining 21.6 min of budget last 30 d. A burn rate of 1× or less is sustainable in the long run: kept up for a whole window, it spends no more than the budget.',
    );
  });
});
