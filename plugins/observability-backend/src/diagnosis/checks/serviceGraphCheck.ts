import {
  detectionMetrics,
  graphName,
  missingServiceGraph,
  namingAnnotation,
  pickSource,
  queryableNames,
  ServiceGraphQueries,
} from '../../dependencies/serviceGraphSources';
import { DoctorCheck, skipped } from '../DoctorCheck';
import { LOOKBACK, LOOKBACK_MS } from './telemetry';

/**
 * Check 11: the cluster's Prometheus has a service graph (Tempo
 * metrics-generator / OTel servicegraph connector, or Istio) with edges of
 * the entity, which its Dependencies section and the system map need.
 * Without one the rest of the telemetry still works: a warning, not a failure.
 */
export const serviceGraphCheck: DoctorCheck<never, never> = {
  id: 'service-graph',
  title: 'Service-graph metrics exist',
  waitingOn: ({ target }) => `Prometheus of cluster '${target.cluster}'`,
  async run({ clients, target, entity, now }) {
    if (!clients.has('prometheus')) {
      return skipped(
        `Cluster '${target.cluster}' has no Prometheus (observability.clusters[].prometheus).`,
      );
    }
    const prometheus = clients.prometheus();
    // `__name__!=""` only because the probe takes a selector; it narrows nothing.
    const existing = await prometheus.existingMetrics(
      detectionMetrics(),
      '__name__!=""',
      LOOKBACK,
      now,
    );
    const detected = pickSource(existing);
    if (!detected) {
      const help = missingServiceGraph(target.cluster);
      return {
        status: 'warn',
        message: `${help.message} The Dependencies section and the system map stay empty.`,
        evidence: [
          {
            label: `${prometheus.name}: metrics looked for (last hour)`,
            detail: detectionMetrics().join(', '),
          },
        ],
        fix: { summary: help.howToEnable.join('\n') },
      };
    }
    const name = graphName(entity, detected.source);
    const edges = queryableNames([name]).length
      ? await prometheus.instant(
          new ServiceGraphQueries(detected, [name], LOOKBACK).requestRate(),
          now,
        )
      : [];
    const evidence = [
      {
        label: `${prometheus.name}: ${detected.source.title}`,
        detail: `${detected.source.requestMetric}${
          detected.bucketMetric ? `, ${detected.bucketMetric}` : ''
        }`,
      },
      {
        label: `Edges of '${name}' (last ${LOOKBACK_MS / 60_000} minutes)`,
        detail: String(edges.length),
      },
    ];
    if (!edges.length) {
      return {
        status: 'warn',
        message: `${detected.source.title} writes a service graph, but it has no calls from or to '${name}' in the last hour.`,
        evidence,
        fix: {
          summary:
            detected.source.naming === 'trace-service'
              ? `The graph names services by their trace service.name: set ${namingAnnotation(
                  detected.source,
                )} if '${name}' is not it.`
              : `The graph names workloads: set ${namingAnnotation(
                  detected.source,
                )} if '${name}' is not the workload's name.`,
        },
      };
    }
    return {
      status: 'pass',
      message: `${detected.source.title} has ${edges.length} edge(s) of '${name}' in the last hour.`,
      evidence,
    };
  },
};
