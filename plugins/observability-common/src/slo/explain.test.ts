import { explainSloStatus } from './explain';
import { computeSloStatus } from './status';
import { SloExplanation } from './types';

const DAY = 86_400_000;

const text = (explanations: SloExplanation[], topic: string) =>
  explanations.find(e => e.topic === topic)?.text;

describe('explainSloStatus with ratios only', () => {
  // Recording rules give the window as a ratio: 0.063% errors is one
  // normalised event of which 0.99937 succeeded. 0.00063 / 0.001 = 63% of
  // the budget used.
  const summary = computeSloStatus(
    { objective: 0.999, windowMs: 30 * DAY },
    { window: { good: 0.99937, total: 1 }, errorRatios: { '1h': 0 } },
  );
  const out = explainSloStatus({ sli: 'availability' }, summary, {
    countsNormalised: true,
  });

  it('states the SLI as a share, with no "(1 of 1)"', () => {
    expect(text(out, 'sli')).toBe(
      'Over the last 30 days, 99.937% of requests succeeded; the objective is 99.9%.',
    );
  });

  it('states the budget as a share and as time, with no "of the 1 so far"', () => {
    expect(text(out, 'budget')).toBe(
      'The 99.9% objective over 30 days lets 0.1% of requests fail, the equivalent of 43.2 min of complete outage.',
    );
    expect(out.map(e => e.text).join(' ')).not.toMatch(/\b1 of 1\b|of the 1\b/);
  });

  it('still counts events when they exist', () => {
    const counted = computeSloStatus(
      { objective: 0.999, windowMs: 30 * DAY },
      { window: { good: 99_937, total: 100_000 } },
    );
    expect(
      text(explainSloStatus({ sli: 'availability' }, counted), 'sli'),
    ).toBe(
      'Over the last 30 days, 99.937% of requests succeeded (99,937 of 100,000); the objective is 99.9%.',
    );
  });
});

describe('explainSloStatus for a calendar window', () => {
  // December 2026 in Berlin: from 30 November 23:00 UTC to 31 December
  // 23:00 UTC, 31 days. 200 bad of 100,000 at 99.9%: 200% of the budget.
  const calendar = { unit: 'month', timeZone: 'Europe/Berlin' } as const;
  const summary = computeSloStatus(
    { objective: 0.999, windowMs: 31 * DAY },
    {
      window: { good: 99_800, total: 100_000 },
      period: {
        startMs: Date.parse('2026-11-30T23:00:00Z'),
        endMs: Date.parse('2026-12-31T23:00:00Z'),
      },
    },
  );
  const out = explainSloStatus({ sli: 'availability', calendar }, summary);

  it('names the period and its local start', () => {
    expect(text(out, 'sli')).toBe(
      'Over this calendar month (since 2026-12-01 00:00 Europe/Berlin), 99.8% of requests succeeded (99,800 of 100,000); the objective is 99.9%.',
    );
    // 0.001 × 31 × 1,440 min = 44.64 min.
    expect(text(out, 'budget')).toBe(
      'The 99.9% objective over this calendar month (31 days) lets 0.1% of requests fail: 100 of the 100,000 so far, the equivalent of 44.6 min of complete outage.',
    );
  });

  it('says the budget recovers when the period ends, not as errors age', () => {
    expect(text(out, 'remaining')).toMatch(
      /the SLO stays violated until the budget resets at 2027-01-01 00:00 Europe\/Berlin\.$/,
    );
  });
});
