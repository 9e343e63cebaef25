import {
  BurnDownPoint,
  SloDefinition,
  SloExplanation,
  SloReportRow,
  SloStatusSummary,
} from './types';
import { SloAdjustedEvaluation } from './adjustments';

/**
 * Where the numbers of an SLO came from: Sloth recording rules
 * (`slo:sli_error:ratio_rate<window>`), Pyrra recording rules
 * (`<metric>:burnrate<window>` and `<metric>:increase<window>` with
 * `slo=<name>`) — both cheap instant queries — or the raw request and
 * histogram series (bounded `increase`/`rate` queries).
 *
 * @public
 */
export type SloMeasurementSource =
  | 'recording-rules'
  | 'pyrra-recording-rules'
  | 'raw';

/**
 * A problem that stopped one SLO (or one part of it) from being computed.
 * Other SLOs of the entity are unaffected.
 *
 * @public
 */
export type SloProblem = {
  /** The SLO's id, when the problem belongs to one SLO. */
  sloId?: string;
  /** Where the SLO was declared: annotation key or file. */
  source?: string;
  /** The field or part that failed, e.g. `slos[1].objective` or `latency threshold`. */
  field?: string;
  message: string;
  example?: string;
};

/**
 * One SLO of an entity at one instant.
 *
 * @public
 */
export type SloEvaluation = {
  definition: SloDefinition;
  /** Absent when the SLO could not be measured (see `problems`). */
  source?: SloMeasurementSource;
  /**
   * Set when the window's budget came from elsewhere than `source`, e.g.
   * `raw` while recording rules do not yet cover the whole window (rules
   * only record from when they were loaded); `sourceNote` says why.
   */
  windowSource?: SloMeasurementSource;
  /** Plain-language note on where the numbers came from, when it is not obvious. */
  sourceNote?: string;
  /**
   * True when `status.good`/`status.total` are not event counts: the
   * recording-rule path only knows ratios, so the window is expressed as a
   * total of 1 and a good share (`sli`). Budget shares and burn rates are exact.
   */
  countsNormalised?: boolean;
  status?: SloStatusSummary;
  explanations: SloExplanation[];
  /** Budget left per day over the window (oldest first). */
  burnDown: BurnDownPoint[];
  /** Where the burn-down came from. */
  burnDownSource?: 'history' | 'prometheus';
  problems: SloProblem[];
  /** Upstream (Prometheus) time spent for this SLO, in milliseconds. */
  upstreamMs?: number;
  /** Present when budget adjustments excluded periods from the figures. */
  adjusted?: SloAdjustedEvaluation;
};

/**
 * `GET /api/observability/entities/{kind}/{namespace}/{name}/slos`.
 *
 * @public
 */
export type EntitySlosResponse = {
  entityRef: string;
  /** The instant of evaluation, ISO 8601. */
  at: string;
  slos: SloEvaluation[];
  /** Problems of declarations that gave no SLO (bad annotation, unreadable file). */
  problems: SloProblem[];
};

/**
 * One SLO in a group or system roll-up.
 *
 * @public
 */
export type SloRollupItem = SloEvaluation & {
  entityRef: string;
  /** The instant its figures are of (ISO 8601): the snapshot's, or the request's `at`. */
  evaluatedAt?: string;
  /** Whether the figures came from the stored fleet snapshot or were evaluated for the request. */
  evaluatedFrom?: SloEvaluatedFrom;
};

/**
 * Where SLO figures came from: `snapshot`, the fleet evaluation the backend
 * stores every few minutes; `live`, evaluated against Prometheus for the
 * request (no snapshot yet, or an instant other than now asked for).
 *
 * @public
 */
export type SloEvaluatedFrom = 'snapshot' | 'live';

/**
 * `GET /api/observability/entities/{kind}/{namespace}/{name}/slos/snapshot`:
 * the entity's SLOs as the fleet evaluation last stored them (no burn-down),
 * or evaluated live when it has no snapshot yet. What search indexes.
 *
 * @public
 */
export type EntitySloSnapshotResponse = EntitySlosResponse & {
  evaluatedFrom: SloEvaluatedFrom;
};

/**
 * `GET /api/observability/groups/{namespace}/{name}/slos` and
 * `GET /api/observability/systems/{namespace}/{name}/slos`: every SLO of the
 * Components the group owns or the system contains, most urgent first (see
 * `compareSloUrgency`; SLOs without data last).
 *
 * @public
 */
export type SloRollupResponse = {
  entityRef: string;
  at: string;
  slos: SloRollupItem[];
  /** Entities whose SLOs could not be read, each with why. */
  failures: Array<{ entityRef: string; message: string }>;
  problems: Array<SloProblem & { entityRef: string }>;
};

/**
 * `GET .../slos/report?format=json`.
 *
 * @public
 */
export type SloReportResponse = {
  entityRef: string;
  at: string;
  /** What the rows cover together (ISO 8601): the earliest row's start up to `at`. Each row has its own. */
  from: string;
  to: string;
  rows: Array<SloReportRow & { entityRef: string }>;
};
