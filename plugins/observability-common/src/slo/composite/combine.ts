/**
 * The maths of a composite SLO: its components' weighted event counts added
 * up, never their percentages averaged.
 *
 * With weights wᵢ, good events gᵢ and events tᵢ over the composite's window:
 *
 *   SLI = Σ wᵢ·gᵢ / Σ wᵢ·tᵢ
 *
 * i.e. every event of a component counts wᵢ times. This is the share of the
 * (weighted) user events that went well, so a component serving ten requests
 * cannot move the composite as much as one serving ten million, which an
 * average of percentages would let it do. The error budget, the burn rates
 * (each window's error ratio Σ wᵢ·tᵢ(w)·rᵢ(w) / Σ wᵢ·tᵢ(w), with rᵢ(w) the
 * component's error ratio over w) and the status follow from these counts
 * exactly as for any SLO (`computeSloStatus`).
 */
import { badEvents } from '../budget';
import { BURN_RATE_WINDOWS } from '../burnRateAlerts';
import { SloMeasurements, computeSloStatus } from '../status';
import { SloStatusSummary } from '../types';

/**
 * What the composite needs of one measured component, over the composite's
 * window and its burn-rate windows.
 *
 * @public
 */
export interface CompositeComponentCounts {
  weight: number;
  good: number;
  total: number;
  /** The component's error ratio per burn-rate window (`5m` → 0.002); absent without data. */
  errorRatios: Record<string, number | undefined>;
  /** The component's events per burn-rate window; absent when unknown. */
  windowTotals: Record<string, number | undefined>;
}

/**
 * One component's part of the composite: its weighted counts and how much
 * of the composite's budget and bad events they are.
 *
 * @public
 */
export interface CompositeShare {
  weightedGood: number;
  weightedTotal: number;
  weightedBad: number;
  /** Of all weighted events. Absent when the composite had none. */
  trafficShare?: number;
  /** Of all weighted bad events; 0 when there were none. */
  badShare: number;
  /** Of the composite's allowed bad events; the shares add up to its `budget.consumed`. */
  budgetConsumed?: number;
}

/**
 * The composite's status from its measured components' counts, with each
 * component's share (in the order given), and the burn-rate windows some
 * component had no counts for (left out of those windows' ratios).
 *
 * @public
 */
export function evaluateCompositeCounts(
  slo: { objective: number; windowMs: number },
  components: CompositeComponentCounts[],
  options: {
    /** For calendar windows, as in `SloMeasurements.period`. */
    period?: SloMeasurements['period'];
    windows?: readonly string[];
  } = {},
): {
  status: SloStatusSummary;
  shares: CompositeShare[];
  partialBurnRateWindows: string[];
} {
  const windows = options.windows ?? BURN_RATE_WINDOWS;
  const weighted = components.map(c => ({
    good: c.weight * c.good,
    total: c.weight * c.total,
    bad: c.weight * badEvents(c),
  }));
  const good = sum(weighted.map(w => w.good));
  const total = sum(weighted.map(w => w.total));
  const partialBurnRateWindows: string[] = [];
  const errorRatios: Record<string, number | undefined> = {};
  for (const window of windows) {
    let bad = 0;
    let events = 0;
    for (const c of components) {
      const t = c.windowTotals[window];
      const r = c.errorRatios[window];
      if (t === undefined || (t > 0 && r === undefined)) {
        partialBurnRateWindows.push(window);
        continue;
      }
      if (t > 0) {
        bad += c.weight * t * r!;
        events += c.weight * t;
      }
    }
    errorRatios[window] = events > 0 ? bad / events : undefined;
  }
  const status = computeSloStatus(slo, {
    window: { good, total },
    errorRatios,
    burnRateWindows: windows,
    ...(options.period ? { period: options.period } : {}),
  });
  const allBad = sum(weighted.map(w => w.bad));
  const allowed = status.budget.allowedEvents;
  const shares = weighted.map(
    (w): CompositeShare => ({
      weightedGood: w.good,
      weightedTotal: w.total,
      weightedBad: w.bad,
      ...(total > 0 ? { trafficShare: w.total / total } : {}),
      badShare: allBad > 0 ? w.bad / allBad : 0,
      ...(allowed > 0 ? { budgetConsumed: w.bad / allowed } : {}),
    }),
  );
  return {
    status,
    shares,
    partialBurnRateWindows: [...new Set(partialBurnRateWindows)],
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
