import { Entity } from '@backstage/catalog-model';
import {
  DiagnosisCheck,
  DiagnosisCheckId,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { ClusterConfig } from '../config/ObservabilityConfig';
import { TargetService } from '../entities/TargetService';
import { SloService } from '../slo/SloService';
import { ClusterClients } from '../upstreams/UpstreamClients';
import { UpstreamHealthChecker } from '../upstreams/UpstreamHealthChecker';
import { ReadableNames } from './readableNames';
import { Workload } from './workload';

/** What a check decides; the runner adds id, title and duration. */
export type CheckOutcome = Omit<DiagnosisCheck, 'id' | 'title' | 'durationMs'>;

/** A check's outcome with what it found, for the checks that build on it. */
export type Finding<Found> = CheckOutcome & { found?: Found };

/** Everything a check may read about the entity being diagnosed. */
export interface DiagnosisContext {
  entity: Entity;
  /**
   * The target from the annotations alone: the checks that need the metric
   * dialect detect it themselves (`targets.resolve`), so that a slow
   * Prometheus delays only them.
   */
  target: TelemetryTarget;
  cluster: ClusterConfig;
  clients: ClusterClients;
  targets: TargetService;
  health: UpstreamHealthChecker;
  /** The entity's SLOs; check 10 is skipped without. */
  slos?: SloService;
  workload: Workload;
  /** Narrows names of other services a check found to those the caller can read. */
  readable: ReadableNames;
  /** The instant the telemetry is read at. */
  now: number;
  /** Every check answers by then (epoch ms), the upstream query timeout. */
  deadline: number;
}

/** Another check's finding, once every check has answered. */
export type FindingOf = <Found>(
  check: DoctorCheck<Found, any>,
) => Finding<Found>;

/**
 * One check of the monitoring doctor. The runner bounds `run` by the
 * context's deadline and fails the check when it throws or runs out of time
 * (naming `waitingOn`), so one hanging upstream never blanks the others.
 */
export interface DoctorCheck<Found = unknown, Needs = unknown> {
  readonly id: DiagnosisCheckId;
  readonly title: string;
  /** The upstream the check waits on, named when it does not answer in time. */
  waitingOn(context: DiagnosisContext): string;
  /**
   * The check whose findings this one needs: this one runs once that one has
   * answered, and is skipped with the same reason when that one was skipped.
   */
  readonly after?: DoctorCheck<Needs, any>;
  run(
    context: DiagnosisContext,
    previous: Needs | undefined,
  ): Promise<Finding<Found>>;
  /** Reconsiders the outcome given what other checks found. */
  revise?(own: Finding<Found>, findingOf: FindingOf): CheckOutcome;
}

export function skipped(reason: string): CheckOutcome {
  return {
    status: 'skipped',
    skippedReason: reason,
    message: 'Not checked.',
    evidence: [],
  };
}

/** The check's answer in the response. */
export function resultOf(
  check: DoctorCheck<any, any>,
  outcome: CheckOutcome,
  durationMs: number,
): DiagnosisCheck {
  return { id: check.id, title: check.title, ...outcome, durationMs };
}
