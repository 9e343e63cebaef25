import {
  DiagnosisCheckId,
  OBSERVABILITY_ANNOTATIONS,
  PromEngineInfo,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { ClusterMonitoringReader } from '@sightline/plugin-observability-node';
import { PrometheusClient } from '../../upstreams/clients/PrometheusClient';
import { ClusterClients } from '../../upstreams/UpstreamClients';
import {
  CheckOutcome,
  DiagnosisContext,
  DoctorCheck,
  Finding,
  FindingOf,
  skipped,
} from '../DoctorCheck';

export type MetricsTarget = NonNullable<TelemetryTarget['metrics']>;

/**
 * A check that queries the cluster's Prometheus with the entity's metric
 * selector: skipped when the cluster has no Prometheus or the selector
 * annotation is malformed (check 1 names why).
 */
export function prometheusCheck<Found>(check: {
  id: DiagnosisCheckId;
  title: string;
  run(
    context: DiagnosisContext,
    prometheus: PrometheusClient,
    metrics: MetricsTarget,
  ): Promise<Finding<Found>>;
  revise?(own: Finding<Found>, findingOf: FindingOf): CheckOutcome;
}): DoctorCheck<Found, never> {
  return {
    id: check.id,
    title: check.title,
    waitingOn: ({ target }) => `Prometheus of cluster '${target.cluster}'`,
    run: async context => {
      const { clients, target } = context;
      if (!clients.has('prometheus')) {
        return skipped(
          `Cluster '${target.cluster}' has no Prometheus (observability.clusters[].prometheus.url).`,
        );
      }
      if (!target.metrics) {
        return skipped(
          `${OBSERVABILITY_ANNOTATIONS.prometheusSelector} is malformed (check 1).`,
        );
      }
      return check.run(context, clients.prometheus(), target.metrics);
    },
    revise: check.revise,
  };
}

/**
 * Why the cluster's engine lacks an API a check reads (e.g. Mimir has no
 * targets API), so the check is skipped with that reason rather than failed
 * on a 404; undefined when it has it. An engine that could not be detected
 * counts as having it: the check's own request then says what is wrong.
 */
export async function missingCapability(
  clients: ClusterClients,
  capability: keyof PromEngineInfo['capabilities'],
): Promise<string | undefined> {
  const engine = await clients.prometheusEngine().catch(() => undefined);
  const found = engine?.capabilities[capability];
  return found && !found.available ? found.reason : undefined;
}

/**
 * A check that reads the cluster's Kubernetes API (checks 2–4): skipped
 * when the cluster has none configured.
 */
export function kubernetesCheck<Found, Needs = never>(check: {
  id: DiagnosisCheckId;
  title: string;
  after?: DoctorCheck<Needs, any>;
  run(
    context: DiagnosisContext,
    reader: ClusterMonitoringReader,
    previous: Needs | undefined,
  ): Promise<Finding<Found>>;
}): DoctorCheck<Found, Needs> {
  return {
    id: check.id,
    title: check.title,
    after: check.after,
    waitingOn: ({ target }) => `Kubernetes API of cluster '${target.cluster}'`,
    run: async (context, previous) => {
      const { clients, deadline, target } = context;
      if (!clients.has('kubernetes')) {
        return skipped(
          `No Kubernetes API is configured for cluster '${target.cluster}' (observability.clusters[].kubernetes).`,
        );
      }
      // Each request may take what is left of the diagnosis' time.
      const reader = clients
        .kubernetes()
        .reader(Math.max(1, deadline - Date.now()));
      return check.run(context, reader, previous);
    },
  };
}
