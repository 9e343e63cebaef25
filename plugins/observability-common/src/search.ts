import { SloStatus } from './slo/types';

/**
 * The search document type Sightline's search collator indexes.
 *
 * @public
 */
export const OBSERVABILITY_SEARCH_TYPE = 'observability';

/**
 * One SLO of a service as search shows it.
 *
 * @public
 */
export interface ObservabilitySearchSlo {
  name: string;
  /** The objective in percent, e.g. `99.9`. */
  objectivePercent: number;
  status: SloStatus;
  /** Share of the error budget left when indexed; negative when overspent, absent without traffic. */
  budgetRemaining?: number;
}

/**
 * One alerting rule of a service as search shows it.
 *
 * @public
 */
export interface ObservabilitySearchAlertRule {
  name: string;
  summary?: string;
  severity?: string;
  /** The rule's state when indexed. */
  state: 'firing' | 'pending' | 'inactive';
}

/**
 * One Grafana dashboard of a service as search shows it.
 *
 * @public
 */
export interface ObservabilitySearchDashboard {
  title: string;
  /** The dashboard in the user's browser. */
  url: string;
}

/**
 * A service's SLOs, alert rules and dashboards as one search document
 * (type `observability`). Every text field is always present (empty when
 * unknown): Lunr takes its schema from the first document it indexes.
 *
 * @public
 */
export interface ObservabilitySearchDocument {
  title: string;
  /** Everything searchable, in words. */
  text: string;
  /** The entity's Observability tab at the section that matters most (`?section=slos`, ...). */
  location: string;
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  /** The owner's entity ref as written in `spec.owner`; empty when none. */
  owner: string;
  /** `spec.lifecycle`; empty when none. */
  lifecycle: string;
  /** The worst status among the SLOs (`violated` first); `no-data` without SLOs. */
  status: SloStatus;
  /** The lowest remaining budget among the SLOs, when any SLO had traffic. */
  budgetRemaining?: number;
  slos: ObservabilitySearchSlo[];
  alertRules: ObservabilitySearchAlertRule[];
  dashboards: ObservabilitySearchDashboard[];
  /**
   * The services that called this one in the hour before indexing (catalog
   * titles, else the service graph's names), so that "who calls payments"
   * finds checkout; empty without a service graph. Absent from documents of
   * collators older than the service map.
   */
  callers?: string[];
  /** The services this one called in the same hour. */
  callees?: string[];
}
