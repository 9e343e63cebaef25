/**
 * The SLO model: definitions (from annotations, OpenSLO v1 or Sloth
 * `prometheus/v1` files) and the statuses computed from them.
 *
 * Conventions used everywhere in `slo/`:
 * - objectives, SLIs, error ratios and budget shares are ratios in [0, 1]
 *   (`0.999`), never percent, except in fields whose name says `Percent`;
 * - durations are milliseconds, except latency thresholds, which are seconds
 *   like Prometheus histograms;
 * - counts are increases over a period (good and total events that happened
 *   in it), never raw counter values: see `counterIncrease`.
 */

/**
 * What an SLI measures: the share of requests that succeed, or the share of
 * requests faster than a threshold.
 *
 * @public
 */
export type SloSliKind = 'availability' | 'latency';

/**
 * Where an SLO was declared: the shorthand annotations
 * (`sightline.dev/slo-availability`, `sightline.dev/slo-latency`), or an
 * OpenSLO v1 or Sloth `prometheus/v1` file named by `sightline.dev/slo-file`.
 *
 * @public
 */
export type SloSource = 'annotation' | 'openslo' | 'sloth';

/**
 * The place an SLO was declared, precise enough to point a developer at it.
 *
 * @public
 */
export interface SloDeclaredAt {
  /** The annotation key, for SLOs declared by annotation. */
  annotation?: string;
  /** The file, as the caller named it (the `sightline.dev/slo-file` value). */
  file?: string;
  /** 0-based index of the YAML document in the file. */
  documentIndex?: number;
  /** Path of the SLO inside the document, e.g. `slos[1]` or `spec.objectives[0]`. */
  path?: string;
}

/**
 * How the good and total events of an SLO are queried.
 *
 * - `dialect`: declared by annotation; the backend builds the queries from the
 *   entity's metrics dialect (errors = the dialect's error matcher, latency =
 *   the duration histogram's bucket at the threshold).
 * - `ratio`: custom queries. `good` or `bad` is the numerator, `total` the
 *   denominator (OpenSLO `ratioMetric`, Sloth `sli.events` gives `bad`).
 * - `raw`: one query that already returns a ratio per window: of successes or
 *   of failures (OpenSLO `ratioMetric.raw`, Sloth `sli.raw`).
 * - `threshold`: OpenSLO `thresholdMetric`: a query whose value is good when
 *   it compares to `value` with `op`.
 *
 * Queries are kept as opaque PromQL strings: the backend decides how to run
 * them. When `windowTemplate` is true they contain Sloth's `{{.window}}`
 * placeholder, to be replaced by a range such as `5m`.
 *
 * @public
 */
export type SloIndicator =
  | { type: 'dialect' }
  | {
      type: 'ratio';
      good?: string;
      bad?: string;
      total: string;
      /** OpenSLO `counter`: whether the queries return counters. */
      counter?: boolean;
      windowTemplate: boolean;
    }
  | {
      type: 'raw';
      query: string;
      rawType: 'success' | 'failure';
      windowTemplate: boolean;
    }
  | {
      type: 'threshold';
      query: string;
      op: 'lt' | 'lte' | 'gt' | 'gte';
      value: number;
      windowTemplate: boolean;
    };

/**
 * Alerting options declared with the SLO (Sloth `alerting`).
 *
 * @public
 */
export interface SloAlertingOptions {
  /** Sloth `alerting.name`: the name of the generated alerts. */
  name?: string;
  /** Sloth `alerting.page_alert.disable`. */
  pageDisabled?: boolean;
  /** Sloth `alerting.ticket_alert.disable`. */
  ticketDisabled?: boolean;
}

/**
 * A calendar-aligned window: the budget covers the current calendar month or
 * week and resets at each boundary, local midnight in `timeZone`.
 *
 * @public
 */
export interface SloCalendar {
  unit: 'month' | 'week';
  /** IANA time zone the boundaries are in, e.g. `Europe/Berlin`; `UTC` by default. */
  timeZone: string;
  /** For weeks: the ISO weekday they start on (Monday = 1, the default; Sunday = 7). */
  weekStart?: number;
}

/**
 * One SLO of an entity.
 *
 * @public
 */
export interface SloDefinition {
  /**
   * Unique among the entity's SLOs and stable across reads: `availability`
   * and `latency` for annotations, `<service>-<name>` for Sloth (Sloth's own
   * `sloth_id`), the OpenSLO `metadata.name` (with `-<n>` per extra objective).
   */
  id: string;
  /** Human name, e.g. `requests-availability` or `Availability`. */
  name: string;
  description?: string;
  /** The service the file declared (Sloth `service`, OpenSLO `spec.service`). */
  service?: string;
  sli: SloSliKind;
  /** The objective as a ratio in (0, 1), e.g. `0.999`. */
  objective: number;
  /** The objective in percent, as written (`99.9`), or derived from an OpenSLO `target`. */
  objectivePercent: number;
  /**
   * The rolling window in milliseconds (30 days unless declared). For
   * calendar windows the nominal length (31 days for a month, 7 for a week);
   * each period's own length comes from `sloPeriod`.
   */
  windowMs: number;
  /** The window as written, e.g. `30d`, or `calendar-month`. */
  window: string;
  /** Set for calendar windows (the period containing the instant, not the time before it). */
  calendar?: SloCalendar;
  /** For latency SLIs: the threshold in seconds (`300ms` → `0.3`), when known. */
  latencyThresholdSeconds?: number;
  /** For latency SLIs: the percentile (`p95` → `95`, `99% < 300ms` → `99`). */
  latencyPercentile?: number;
  indicator: SloIndicator;
  source: SloSource;
  declaredAt: SloDeclaredAt;
  /** OpenSLO `budgetingMethod`; only `Occurrences` (events) is supported. */
  budgetingMethod: 'Occurrences';
  alerting?: SloAlertingOptions;
}

/**
 * A specific reason why one SLO in a file could not be read: which document,
 * which SLO, which field and why, with an example of a right value when there
 * is one. The other SLOs of the file are unaffected.
 *
 * @public
 */
export interface SloSpecProblem {
  /** The file, as the caller named it. */
  file?: string;
  /** 0-based index of the YAML document in the file. */
  documentIndex: number;
  /**
   * The SLO's name, when the document got far enough to have one; for a
   * budget adjustment document, `BudgetAdjustment <name>`.
   */
  slo?: string;
  /** Path of the offending field inside the document, e.g. `slos[1].objective`. */
  field: string;
  message: string;
  example?: string;
}

/**
 * Good and total events over a period: increases, not raw counter values.
 *
 * @public
 */
export interface SloCounts {
  good: number;
  total: number;
}

/**
 * Counts over part of the window with the objective that was in force then.
 * Used when the objective changed within the window.
 *
 * @public
 */
export interface SloSegment extends SloCounts {
  objective: number;
  /** How long the segment lasted; one day when absent. */
  durationMs?: number;
}

/**
 * One day of an SLO's history, as the backend stores it.
 *
 * @public
 */
export interface SloDailyCount extends SloSegment {
  /** The day, `YYYY-MM-DD`: UTC, or local to a calendar window's time zone. */
  day: string;
}

/**
 * The error budget over the window.
 *
 * Budget is counted in events: the objective allows `(1 − objective) × total`
 * bad events. `consumed` is the share of that allowance the bad events used;
 * it equals the burn rate over the whole window. The `…Ms` fields express
 * the same shares as time at the objective: the minutes of full outage (at
 * average traffic) the budget is worth; 99.9% over 30 days is 43.2 minutes.
 *
 * @public
 */
export interface ErrorBudget {
  /** The error ratio the objective allows, e.g. `0.001` (traffic-weighted when the objective changed). */
  allowedRatio: number;
  /** The budget as time: `allowedRatio × window`. */
  allowedMs: number;
  /** Bad events allowed by the objective(s) over the counted events. */
  allowedEvents: number;
  /** Bad events (total − good) over the window. */
  badEvents: number;
  /** Share of the budget used; above 1 when overspent. Absent without traffic. */
  consumed?: number;
  /** `1 − consumed`; negative when overspent. Absent without traffic. */
  remaining?: number;
  consumedMs?: number;
  /** Negative when overspent. */
  remainingMs?: number;
}

/**
 * The error ratio and burn rate over one look-back window.
 *
 * @public
 */
export interface BurnRateReading {
  /** The window as a Prometheus duration, e.g. `5m`, `1d`. */
  window: string;
  windowMs: number;
  /** Absent when there was no traffic in the window. */
  errorRatio?: number;
  /** `errorRatio / (1 − objective)`; 1 spends exactly the budget over the SLO window. */
  burnRate?: number;
}

/**
 * Alert severity of a multi-window multi-burn-rate condition.
 *
 * @public
 */
export type BurnRateAlertSeverity = 'page' | 'ticket';

/**
 * One multi-window multi-burn-rate alert condition for an SLO (Google SRE
 * workbook, chapter 5, as Sloth generates them).
 *
 * @public
 */
export interface BurnRateAlertCondition {
  /** Sloth's names: `page-quick`, `page-slow`, `ticket-quick`, `ticket-slow`. */
  id: string;
  severity: BurnRateAlertSeverity;
  shortWindow: string;
  shortWindowMs: number;
  longWindow: string;
  longWindowMs: number;
  /** Share of the whole window's budget the condition allows to burn in the long window, e.g. `0.02`. */
  budgetShare: number;
  /** The burn-rate factor, e.g. `14.4`. */
  factor: number;
  /** `factor × (1 − objective)`: both windows' error ratios must exceed it. */
  errorRatioThreshold: number;
}

/**
 * A condition together with the current error ratios of its windows.
 *
 * @public
 */
export interface EvaluatedBurnRateCondition extends BurnRateAlertCondition {
  shortErrorRatio?: number;
  longErrorRatio?: number;
  /** True when both windows' error ratios exceed the threshold. */
  firing: boolean;
  /** Windows for which no error ratio was given (no data): the condition cannot fire. */
  missingWindows: string[];
}

/**
 * Whether the SLO holds.
 *
 * - `violated`: the budget is overspent: the SLI over the window is below the
 *   objective (remaining budget < 0).
 * - `at-risk`: not violated, but less than 25% of the budget remains, or a
 *   multi-window multi-burn-rate condition (page or ticket) holds now, i.e.
 *   at the current pace the budget runs out within the window.
 * - `met`: neither.
 * - `no-data`: no traffic in the window: no SLI, rather than a made-up 100%.
 *
 * @public
 */
export type SloStatus = 'met' | 'at-risk' | 'violated' | 'no-data';

/**
 * Budget-policy level by remaining budget: `healthy` above 50%, `warning`
 * 25–50% (both ends included), `critical` below 25%, `exhausted` at or below 0;
 * raised to at least `critical` while a page burn-rate condition holds and at
 * least `warning` while a ticket condition holds (see `sloVerdict`).
 *
 * @public
 */
export type BudgetPolicyLevel =
  | 'healthy'
  | 'warning'
  | 'critical'
  | 'exhausted';

/**
 * Everything computed for one SLO at one instant.
 *
 * @public
 */
export interface SloStatusSummary {
  /** Good / total over the window; absent without traffic. */
  sli?: number;
  good: number;
  total: number;
  /**
   * The objective the SLI is compared with: the definition's, or, when the
   * objective changed within the window, `1 − budget.allowedRatio`.
   */
  objective: number;
  /** The window, or for calendar windows the whole period's length (e.g. 31 days for January). */
  windowMs: number;
  /**
   * Set for calendar windows: the period evaluated (ISO 8601). The counts
   * run from `start` to the instant; the budget resets at `end`.
   */
  period?: { start: string; end: string };
  budget: ErrorBudget;
  /** Error ratios and burn rates per look-back window, in the order given. */
  burnRates: BurnRateReading[];
  /** The look-back window taken as "now" for the time to exhaustion (default `1h`). */
  currentWindow: string;
  currentBurnRate?: number;
  /** Time until the remaining budget is spent at the current burn rate: 0 when already spent, absent when not burning. */
  timeToExhaustionMs?: number;
  alerts: EvaluatedBurnRateCondition[];
  status: SloStatus;
  /** Absent without traffic. */
  policy?: BudgetPolicyLevel;
}

/**
 * One sentence explaining one number to a developer.
 *
 * @public
 */
export interface SloExplanation {
  topic:
    | 'sli'
    | 'budget'
    | 'remaining'
    | 'burn-rate'
    | 'time-to-exhaustion'
    | 'status'
    | 'policy'
    | 'alert';
  /** The look-back window for `burn-rate`, the condition id for `alert`. */
  key?: string;
  text: string;
}

/**
 * One point of a burn-down chart: the share of the window's budget left at
 * the end of a day. The window's first and last days are cut at its start
 * and at the instant of evaluation, so the last point is the budget left now.
 *
 * @public
 */
export interface BurnDownPoint {
  /** `YYYY-MM-DD` in the SLO's time zone (UTC unless a calendar window names one). */
  day: string;
  /** Set on the last point: the instant evaluated (ISO 8601), where its day is cut. */
  until?: string;
  /** Share of the window's budget left after this day; negative when overspent. Absent when the window had no traffic. */
  remaining?: number;
  /** Share of the window's budget this day used. Absent when the window had no traffic. */
  consumed?: number;
  /** The day's SLI; absent without traffic. */
  sli?: number;
}

/**
 * One row of an SLO report (quarterly review, export).
 *
 * @public
 */
export interface SloReportRow {
  sloId: string;
  name: string;
  /** The objective in percent. */
  targetPercent: number;
  /**
   * What the row covers, ISO 8601: exactly the window (or calendar period
   * so far) the SLO's status is evaluated over, up to the instant.
   */
  from: string;
  to: string;
  /** The SLI over the period in percent; absent without traffic. */
  actualPercent?: number;
  /** The SLO's status at the instant, as `GET …/slos` gives it. */
  status: SloStatus;
  /** Why the SLO could not be measured, when it could not (`status` is then `no-data`). */
  reason?: string;
  /** Share of the budget used (1 = all). */
  budgetUsed?: number;
  /** Share of the budget left; negative when overspent. */
  budgetRemaining?: number;
  /** The day that used the most budget, when any day had errors. */
  worstDay?: { day: string; sli?: number; budgetConsumed: number };
  /** What budget adjustments excluded from the period: why, how often, how long in all. */
  excluded?: { reasons: string[]; periods: number; excludedMs: number };
}
