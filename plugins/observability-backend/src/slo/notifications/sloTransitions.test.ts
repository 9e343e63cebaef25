import {
  SloDefinition,
  SloEvaluation,
  computeSloStatus,
} from '@sightline/plugin-observability-common';
import {
  describeTransitions,
  sloTransitions,
  transitionsKey,
} from './sloTransitions';

const definition = {
  id: 'availability',
  name: 'Availability',
  sli: 'availability',
  objective: 0.999,
  objectivePercent: 99.9,
  windowMs: 30 * 86_400_000,
  source: 'annotation',
  indicator: { type: 'dialect' },
} as SloDefinition;

/**
 * An evaluation with `bad` of 1,000,000 requests failed over the window and
 * `recent` as the error ratio of every burn-rate window.
 */
function evaluation(bad: number, recent = 0): SloEvaluation {
  const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
  return {
    definition,
    source: 'raw',
    status: computeSloStatus(definition, {
      window: { good: 1_000_000 - bad, total: 1_000_000 },
      errorRatios: Object.fromEntries(windows.map(w => [w, recent])),
    }),
    explanations: [],
    burnDown: [],
    problems: [],
  };
}

const met = evaluation(100);
/** 80% of the budget used: under 25% left. */
const atRisk = evaluation(800);
const violated = evaluation(2000);
/** Met by the budget, but 2% errors now: every page and ticket condition holds. */
const paging = evaluation(100, 0.02);
/** 0.2% errors now: 2× the budget's pace, only the slowest ticket condition (1×) holds. */
const ticketing = evaluation(100, 0.002);
const noData: SloEvaluation = {
  definition,
  explanations: [],
  burnDown: [],
  problems: [{ sloId: 'availability', message: 'No traffic in the window' }],
};

describe('sloTransitions', () => {
  it('is empty while nothing changes', () => {
    expect(sloTransitions(met, evaluation(120))).toEqual([]);
    expect(sloTransitions(violated, evaluation(2500))).toEqual([]);
  });

  it('names a status change, both ways', () => {
    expect(sloTransitions(met, atRisk)).toEqual([
      { kind: 'status', from: 'met', to: 'at-risk' },
    ]);
    expect(sloTransitions(atRisk, violated)).toEqual([
      { kind: 'status', from: 'at-risk', to: 'violated' },
    ]);
    expect(transitionsKey(sloTransitions(violated, met))).toBe(
      'status:violated>met',
    );
  });

  it('names burn-rate conditions that start or stop holding, with the status they bring', () => {
    expect(transitionsKey(sloTransitions(met, paging))).toBe(
      'status:met>at-risk,page:started,ticket:started',
    );
    expect(transitionsKey(sloTransitions(paging, ticketing))).toBe(
      'page:stopped',
    );
    expect(transitionsKey(sloTransitions(ticketing, met))).toBe(
      'status:at-risk>met,ticket:stopped',
    );
  });

  it('sees no transition into or out of a gap in the data', () => {
    expect(sloTransitions(met, noData)).toEqual([]);
    expect(sloTransitions(noData, violated)).toEqual([]);
  });
});

describe('describeTransitions', () => {
  it('titles a status change and rates it by the new state', () => {
    const words = describeTransitions({
      entityTitle: 'checkout',
      evaluation: violated,
      transitions: sloTransitions(met, violated),
    });
    expect(words).toEqual({
      title: 'checkout: SLO "Availability" is violated (was met)',
      description: expect.stringMatching(
        /^Budget overspent: 200% used\. Budget policy: exhausted/,
      ),
      severity: 'high',
    });
  });

  it('says which conditions changed with the status, critical while paging', () => {
    const words = describeTransitions({
      entityTitle: 'Checkout',
      evaluation: paging,
      transitions: sloTransitions(met, paging),
    });
    expect(words.title).toBe(
      'Checkout: SLO "Availability" is at risk (was met)',
    );
    expect(words.description).toContain(
      'The page burn-rate condition started holding. The ticket burn-rate condition started holding.',
    );
    expect(words.severity).toBe('critical');
  });

  it('titles a condition change on its own, low once the SLO is met again', () => {
    expect(
      describeTransitions({
        entityTitle: 'checkout',
        evaluation: ticketing,
        transitions: sloTransitions(paging, ticketing),
      }),
    ).toMatchObject({
      title:
        'checkout: SLO "Availability": page burn-rate condition stopped holding',
      severity: 'normal',
    });
    expect(
      describeTransitions({
        entityTitle: 'checkout',
        evaluation: met,
        transitions: sloTransitions(ticketing, met),
      }).severity,
    ).toBe('low');
  });
});
