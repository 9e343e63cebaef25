import { SloCalendar, SloStatusSummary } from '../types';

/**
 * One part of a composite SLO: an SLO of another entity, and how much its
 * events count.
 *
 * @public
 */
export interface CompositeSloComponent {
  /** The entity, as a full ref: `component:default/checkout`. */
  entityRef: string;
  /** The SLO's id on that entity (as `GET …/slos` lists it), or its name. */
  slo: string;
  /**
   * How many times each of its events counts in the composite, > 0
   * (default 1): with weight 2 every request and every failure of this
   * component counts twice.
   */
  weight: number;
}

/**
 * A system's or user journey's SLO made of its services' SLOs, declared in
 * the `sightline.dev/slo-composites` annotation.
 *
 * @public
 */
export interface CompositeSloDefinition {
  /** Unique among the entity's composites: `checkout-journey`. */
  id: string;
  /** Human name: `displayName`, else the id. */
  name: string;
  description?: string;
  /** The objective as a ratio in (0, 1), e.g. `0.995`. */
  objective: number;
  objectivePercent: number;
  /** The window as written (`30d`, `calendar-month`); every component is measured over it. */
  window: string;
  windowMs: number;
  calendar?: SloCalendar;
  components: CompositeSloComponent[];
}

/**
 * What a bad composite declaration gets: the field, what was wrong and a
 * right example. Other composites of the annotation are unaffected.
 *
 * @public
 */
export interface CompositeSloProblem {
  /** The composite's id, once the declaration got far enough to have one. */
  compositeId?: string;
  /** Path inside the annotation's YAML: `[0].components[1].weight`. */
  field: string;
  message: string;
  example?: string;
}

/**
 * One component's share of a composite at one instant. Figures are over the
 * composite's window; `weighted…` are its counts times its weight, the
 * numbers the composite adds up.
 *
 * - `measured`: counted in the composite.
 * - `missing`: the caller can read the entity, but it declares no such SLO,
 *   or the SLO could not be measured (`message` says why). Not counted.
 * - `hidden`: the entity does not exist or the caller may not read it (the
 *   two look the same, so existence does not leak). Not counted, no figures.
 *
 * @public
 */
export type CompositeSloContribution = CompositeSloComponent & {
  state: 'measured' | 'missing' | 'hidden';
  /** Why it is not counted (`missing`, `hidden`). */
  message?: string;
  /** The SLO's own name and objective, when found. */
  sloName?: string;
  objective?: number;
  /** The component's own SLI over the composite's window; absent without traffic. */
  sli?: number;
  good?: number;
  total?: number;
  weightedGood?: number;
  weightedTotal?: number;
  weightedBad?: number;
  /** Its weighted events over all weighted events of the composite. */
  trafficShare?: number;
  /** Its weighted bad events over all weighted bad events of the composite (who burned the budget). */
  badShare?: number;
  /**
   * Its weighted bad events over the composite's allowed bad events: the
   * share of the composite's budget it consumed. The components' shares add
   * up to the composite's `budget.consumed`.
   */
  budgetConsumed?: number;
};

/**
 * A composite SLO at one instant.
 *
 * @public
 */
export interface CompositeSloEvaluation {
  definition: CompositeSloDefinition;
  /**
   * From the measured components' weighted counts:
   * SLI = Σ wᵢ·goodᵢ / Σ wᵢ·totalᵢ, the budget and the burn rates over the
   * same windows likewise. Absent when no component could be measured.
   */
  status?: SloStatusSummary;
  contributions: CompositeSloContribution[];
  /** False when a component is missing or hidden: the figures cover only the others. */
  complete: boolean;
  /** Burn-rate windows some measured component had no event counts for, so they leave it out. */
  partialBurnRateWindows?: string[];
}

/**
 * `GET /api/observability/entities/{kind}/{namespace}/{name}/slos/composite`.
 *
 * @public
 */
export type CompositeSlosResponse = {
  entityRef: string;
  at: string;
  composites: CompositeSloEvaluation[];
  problems: CompositeSloProblem[];
};
