import { BurnRateAlertSeverity } from './types';
import { compareSloUrgency, sloVerdict, SloVerdictInput } from './verdict';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const SEVERITY: Record<string, BurnRateAlertSeverity> = {
  'page-quick': 'page',
  'page-slow': 'page',
  'ticket-quick': 'ticket',
  'ticket-slow': 'ticket',
};

/** An evaluation with `remaining` budget and the named conditions holding. */
function evaluation(
  remaining: number | undefined,
  holding: string[] = [],
  timeToExhaustionMs?: number,
): SloVerdictInput {
  return {
    budget: { remaining },
    alerts: Object.entries(SEVERITY).map(([id, severity]) => ({
      id,
      severity,
      firing: holding.includes(id),
    })),
    timeToExhaustionMs,
  };
}

describe('sloVerdict', () => {
  // remaining, holding, time to exhaustion → status, label, tone, policy, reason.
  it.each([
    [
      'plenty left, nothing burning',
      evaluation(0.8, [], 40 * DAY),
      [
        'met',
        'Met',
        'success',
        'healthy',
        '80% of the budget left; at this pace the budget runs out in 40 d',
      ],
    ],
    [
      'a third left, nothing burning',
      evaluation(0.3, []),
      [
        'met',
        'Met',
        'success',
        'warning',
        '30% of the budget left; not burning',
      ],
    ],
    [
      // The payments: 85.4% left while a page condition holds.
      'plenty left while a page condition holds',
      evaluation(0.854, ['page-quick', 'page-slow'], 13 * HOUR),
      [
        'at-risk',
        'At risk',
        'error',
        'critical',
        'Page condition page-quick, page-slow hold; at this pace the budget runs out in 13 h',
      ],
    ],
    [
      'plenty left while a ticket condition holds',
      evaluation(0.7, ['ticket-slow'], 12 * DAY),
      [
        'at-risk',
        'At risk',
        'warning',
        'warning',
        'Ticket condition ticket-slow holds; at this pace the budget runs out in 12 d',
      ],
    ],
    [
      'a page and a ticket condition: the page is the reason',
      evaluation(0.4, ['page-slow', 'ticket-quick'], 2 * DAY),
      [
        'at-risk',
        'At risk',
        'error',
        'critical',
        'Page condition page-slow holds; at this pace the budget runs out in 2 d',
      ],
    ],
    [
      'below 25% left, nothing burning',
      evaluation(0.12, []),
      [
        'at-risk',
        'At risk',
        'warning',
        'critical',
        'Only 12% of the budget left; not burning',
      ],
    ],
    [
      'overspent, nothing burning',
      evaluation(-0.5, [], 0),
      [
        'violated',
        'Violated',
        'error',
        'exhausted',
        'Budget overspent: 150% used',
      ],
    ],
    [
      'overspent while a page condition holds',
      evaluation(-0.1, ['page-quick'], 0),
      [
        'violated',
        'Violated',
        'error',
        'exhausted',
        'Page condition page-quick holds; the budget is spent',
      ],
    ],
    [
      'no traffic',
      evaluation(undefined),
      ['no-data', 'No data', 'neutral', undefined, 'No traffic in the window'],
    ],
  ] as const)('%s', (_, input, expected) => {
    const v = sloVerdict(input);
    expect([v.status, v.label, v.tone, v.policy, v.reason]).toEqual(expected);
  });

  it('reads an SLO that could not be measured as no data', () => {
    expect(sloVerdict(undefined)).toEqual({
      status: 'no-data',
      label: 'No data',
      tone: 'neutral',
      reason: 'No traffic in the window',
      holding: { page: [], ticket: [] },
    });
  });

  it.each([
    [
      evaluation(0.8),
      'Budget policy: healthy (more than 50% of the budget left): release as usual.',
    ],
    [
      evaluation(0.4),
      'Budget policy: warning (25–50% left): prefer low-risk releases and watch the burn rate.',
    ],
    [
      evaluation(0.1),
      'Budget policy: critical (less than 25% left): put reliability work before new features.',
    ],
    [
      evaluation(0),
      'Budget policy: exhausted (nothing left): hold risky releases until the budget recovers.',
    ],
    [
      evaluation(0.854, ['page-quick']),
      'Budget policy: critical (more than 50% of the budget left; page condition page-quick holds): hold releases until the burn stops, then put reliability work before new features.',
    ],
    [
      evaluation(0.7, ['ticket-quick', 'ticket-slow']),
      'Budget policy: warning (more than 50% of the budget left; ticket condition ticket-quick, ticket-slow hold): prefer low-risk releases and watch the burn rate.',
    ],
    [
      evaluation(-0.2, ['page-slow']),
      'Budget policy: exhausted (nothing left; page condition page-slow holds): hold releases until the burn stops and the budget recovers.',
    ],
  ])('writes the policy line for %j', (input, line) => {
    expect(sloVerdict(input).policyLine).toBe(line);
  });

  it('never reads healthy or "release as usual" while a page condition holds', () => {
    for (const remaining of [1, 0.9, 0.51, 0.5, 0.3, 0.1, 0, -1]) {
      for (const page of ['page-quick', 'page-slow']) {
        const verdict = sloVerdict(evaluation(remaining, [page]));
        expect(verdict.policy).not.toBe('healthy');
        expect(verdict.policy).not.toBe('warning');
        expect(verdict.policyLine).not.toMatch(/release as usual/);
        expect(verdict.tone).toBe('error');
        expect(verdict.status).not.toBe('met');
      }
    }
  });
});

describe('compareSloUrgency', () => {
  it('puts page conditions first, then tickets, then the sooner exhaustion, then the lower budget, unmeasured last', () => {
    const slos: Record<string, SloVerdictInput | undefined> = {
      'not measured': undefined,
      'no traffic': evaluation(undefined),
      'calm, 34 d left': evaluation(0.6, [], 34 * DAY),
      'calm, not burning, lowest budget': evaluation(0.2),
      'calm, 3 d left': evaluation(0.9, [], 3 * DAY),
      'overspent, calm': evaluation(-0.2, [], 0),
      'ticket, 9 d left': evaluation(0.5, ['ticket-slow'], 9 * DAY),
      'page, 2 d left': evaluation(0.95, ['page-slow'], 2 * DAY),
      'page, 5 h left, more budget': evaluation(0.97, ['page-quick'], 5 * HOUR),
      'page, 5 h left, less budget': evaluation(0.3, ['page-quick'], 5 * HOUR),
    };
    const sorted = Object.keys(slos).sort((a, b) =>
      compareSloUrgency(slos[a], slos[b]),
    );
    expect(sorted).toEqual([
      'page, 5 h left, less budget',
      'page, 5 h left, more budget',
      'page, 2 d left',
      'ticket, 9 d left',
      'overspent, calm',
      'calm, 3 d left',
      'calm, 34 d left',
      'calm, not burning, lowest budget',
      'not measured',
      'no traffic',
    ]);
  });
});
