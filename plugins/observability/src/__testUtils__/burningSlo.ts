import {
  computeSloStatus,
  explainSloStatus,
  SloDefinition,
  SloEvaluation,
} from '@sightline/plugin-observability-common';

const DAY_MS = 86_400_000;

/** Availability at 99.9% over 30 days, as the demo's payments declares it. */
const availabilityDefinition: SloDefinition = {
  id: 'availability',
  name: 'Availability',
  sli: 'availability',
  objective: 0.999,
  objectivePercent: 99.9,
  windowMs: 30 * DAY_MS,
  window: '30d',
  indicator: { type: 'dialect' },
  source: 'annotation',
  declaredAt: { annotation: 'sightline.dev/slo-availability' },
  budgetingMethod: 'Occurrences',
};

/**
 * The demo's payments six hours into its incident, as the backend evaluates
 * it: 1,460 of 10,000,000 requests failed in 30 days, so 85.4% of the
 * budget is left (1 − 1,460 / 10,000), while 4% of requests fail now (40×
 * the sustainable rate), so every burn-rate condition holds: 5m, 30m, 1h, 2h
 * and 6h at 4%, 1d at 1.03%, 3d at 0.36%. At 40× the rest lasts
 * 0.854 × 30 d / 40 = 15.372 h, i.e. 15 h 22 min.
 */
export function burningAvailability(
  burnDown: SloEvaluation['burnDown'] = [],
): SloEvaluation {
  const status = computeSloStatus(availabilityDefinition, {
    window: { good: 9_998_540, total: 10_000_000 },
    errorRatios: {
      '5m': 0.04,
      '30m': 0.04,
      '1h': 0.04,
      '2h': 0.04,
      '6h': 0.04,
      '1d': 0.0103,
      '3d': 0.0036,
    },
  });
  return {
    definition: availabilityDefinition,
    source: 'raw',
    status,
    explanations: explainSloStatus(availabilityDefinition, status),
    burnDown,
    problems: [],
  };
}
