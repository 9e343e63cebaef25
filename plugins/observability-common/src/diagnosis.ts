// Requests and responses of the monitoring doctor
// (`GET /api/observability/entities/{kind}/{namespace}/{name}/diagnosis`).

import type { MonitoringRequest } from './monitoring';

/**
 * The doctor's checks, in the order they run and are shown: each one only
 * makes sense once the ones before it pass (seed 004's "No Data" checklist).
 *
 * @public
 */
export const DIAGNOSIS_CHECK_IDS = [
  'config',
  'kubernetes-service',
  'monitor',
  'prometheus-selects-monitor',
  'scrape-target',
  'series',
  'logs',
  'traces',
  'rules',
  'slo-objectives',
  'service-graph',
] as const;

/** @public */
export type DiagnosisCheckId = (typeof DIAGNOSIS_CHECK_IDS)[number];

/**
 * `pass`: nothing wrong here. `warn`: works, but probably not as meant.
 * `fail`: the cause of missing data (or an upstream that did not answer).
 * `skipped`: could not be checked; `skippedReason` says why.
 *
 * @public
 */
export type DiagnosisStatus = 'pass' | 'warn' | 'fail' | 'skipped';

/**
 * One thing a check looked at: an object, a query or an answer, summarised
 * (never credentials).
 *
 * @public
 */
export type DiagnosisEvidence = {
  /** What was looked at, e.g. `Service shop/checkout` or `GET /api/v1/targets`. */
  label: string;
  /** What was found, e.g. `ports: http (8080)`. */
  detail: string;
};

/**
 * The concrete change that fixes a failing check.
 *
 * @public
 */
export type DiagnosisFix = {
  /** One sentence: what to change, where. */
  summary: string;
  /** The exact YAML (or annotation) to apply, ready to copy. */
  yaml?: string;
  /**
   * When the fix is "generate a monitor": the request the Generate
   * monitoring dialog opens with.
   */
  fixAction?: {
    type: 'generate-monitoring';
    /** The generator options to prefill: the port NAME and further options. */
    request: Pick<MonitoringRequest, 'port' | 'options'>;
  };
};

/** @public */
export type DiagnosisCheck = {
  id: DiagnosisCheckId;
  title: string;
  status: DiagnosisStatus;
  /** What the check concluded, in one or two sentences. */
  message: string;
  /** Set when `status` is `skipped`. */
  skippedReason?: string;
  evidence: DiagnosisEvidence[];
  /** Set when `status` is `fail` or `warn` and there is a change to make. */
  fix?: DiagnosisFix;
  /** How long the check took, in milliseconds. */
  durationMs: number;
};

/**
 * `GET .../diagnosis`: every check, in `DIAGNOSIS_CHECK_IDS` order.
 *
 * @public
 */
export type DiagnosisResponse = {
  entityRef: string;
  cluster: string;
  /** ISO 8601. */
  checkedAt: string;
  /** The first failing check, which is usually the one to fix first. */
  firstFailure?: DiagnosisCheckId;
  checks: DiagnosisCheck[];
};
