import { Entity } from '@backstage/catalog-model';
import {
  ClusterHealth,
  DiagnosisEvidence,
  OBSERVABILITY_ANNOTATIONS,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { renderYaml } from '@sightline/plugin-observability-node';
import { CheckOutcome, DoctorCheck } from '../DoctorCheck';

/** Check 1: the annotations parse, and the cluster's upstreams answer. */
export const configCheck: DoctorCheck<never, never> = {
  id: 'config',
  title: 'Annotations, cluster and upstreams',
  waitingOn: () => 'An upstream readiness probe',
  async run({ cluster, health, target }) {
    const probed = await health.checkCluster(cluster);
    const evidence = [
      ...target.problems.map(p => ({
        label: `${p.annotation}: ${p.value}`,
        detail: p.message,
      })),
      ...probed.upstreams.map(u => ({
        label: `${u.kind} ${u.url}`,
        detail:
          u.status === 'up' ? `up (${u.latencyMs} ms)` : `down: ${u.error}`,
      })),
    ];
    if (target.problems.length > 0) return malformed(target, evidence);
    const down = probed.upstreams.filter(u => u.status === 'down');
    if (down.length > 0) return upstreamsDown(cluster.name, down, evidence);
    return {
      status: 'pass',
      message: `Annotations parse; cluster '${cluster.name}' is configured and its ${probed.upstreams.length} upstream(s) answer.`,
      evidence,
    };
  },
};

/** Check 1 when the entity names no configured cluster: nothing else can run. */
export function unknownCluster(entity: Entity, error: Error): CheckOutcome {
  return {
    status: 'fail',
    message: error.message,
    evidence: [
      {
        label: OBSERVABILITY_ANNOTATIONS.cluster,
        detail:
          entity.metadata.annotations?.[OBSERVABILITY_ANNOTATIONS.cluster] ??
          '(unset)',
      },
    ],
    fix: {
      summary: `Name a configured cluster in ${OBSERVABILITY_ANNOTATIONS.cluster}.`,
    },
  };
}

function malformed(
  target: TelemetryTarget,
  evidence: DiagnosisEvidence[],
): CheckOutcome {
  return {
    status: 'fail',
    message: target.problems
      .map(p => `${p.annotation}: ${p.message}`)
      .join(' '),
    evidence,
    fix: {
      summary: 'Correct the malformed annotations, as in these examples.',
      yaml: renderYaml([
        {
          metadata: {
            annotations: Object.fromEntries(
              target.problems.map(p => [p.annotation, p.example]),
            ),
          },
        },
      ]),
    },
  };
}

function upstreamsDown(
  cluster: string,
  down: ClusterHealth['upstreams'],
  evidence: DiagnosisEvidence[],
): CheckOutcome {
  return {
    status: 'fail',
    message: down
      .map(
        u =>
          `${u.kind} of cluster '${cluster}' (${u.url}) does not answer: ${u.error}`,
      )
      .join('; '),
    evidence,
    fix: {
      summary: `Check the URL, credentials and network path of ${down
        .map(u => `observability.clusters[].${u.kind}`)
        .join(', ')}.`,
    },
  };
}
