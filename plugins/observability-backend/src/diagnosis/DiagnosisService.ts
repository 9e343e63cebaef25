import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DiagnosisCheck,
  DiagnosisResponse,
} from '@sightline/plugin-observability-common';
import { TargetService } from '../entities/TargetService';
import { SloService } from '../slo/SloService';
import { UpstreamClients } from '../upstreams/UpstreamClients';
import { UpstreamHealthChecker } from '../upstreams/UpstreamHealthChecker';
import { DOCTOR_CHECKS } from './checks';
import { configCheck, unknownCluster } from './checks/configCheck';
import { resultOf, skipped } from './DoctorCheck';
import { ReadableNames } from './readableNames';
import { runChecks } from './runChecks';
import { workloadOf } from './workload';

export interface DiagnosisServiceOptions {
  targets: TargetService;
  clients: UpstreamClients;
  health: UpstreamHealthChecker;
  /** The entity's SLOs, for check 10; skipped without. */
  slos?: SloService;
  /** The whole diagnosis answers within this (the upstream query timeout). */
  timeoutMs: number;
}

/**
 * The monitoring doctor: why an entity has no data, and what to change.
 * Runs every check of DOCTOR_CHECKS against the entity's cluster, each
 * bounded by the same deadline (see runChecks).
 */
export class DiagnosisService {
  constructor(private readonly options: DiagnosisServiceOptions) {}

  /**
   * `readable` narrows the names of other services the checks found (closest
   * matches, lists of Services and monitors) to entities the caller can read.
   */
  async diagnose(
    entity: Entity,
    readable: ReadableNames,
    now = Date.now(),
  ): Promise<DiagnosisResponse> {
    const { targets, clients, health, slos, timeoutMs } = this.options;
    const deadline = Date.now() + timeoutMs;
    const entityRef = stringifyEntityRef(entity);
    let cluster;
    try {
      cluster = targets.cluster(entity);
    } catch (error) {
      return response(entityRef, '', [
        resultOf(configCheck, unknownCluster(entity, error as Error), 0),
        ...DOCTOR_CHECKS.filter(c => c !== configCheck).map(c =>
          resultOf(
            c,
            skipped('The entity names no configured cluster (check 1).'),
            0,
          ),
        ),
      ]);
    }
    const checks = await runChecks(DOCTOR_CHECKS, {
      entity,
      target: targets.resolveWithoutDetection(entity),
      cluster,
      clients: clients.forCluster(cluster.name),
      targets,
      health,
      slos,
      workload: workloadOf(entity),
      readable,
      now,
      deadline,
    });
    return response(entityRef, cluster.name, checks);
  }
}

function response(
  entityRef: string,
  cluster: string,
  checks: DiagnosisCheck[],
): DiagnosisResponse {
  return {
    entityRef,
    cluster,
    checkedAt: new Date().toISOString(),
    firstFailure: checks.find(c => c.status === 'fail')?.id,
    checks,
  };
}
