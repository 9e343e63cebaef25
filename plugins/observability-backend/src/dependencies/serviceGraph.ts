import {
  DependencyEdge,
  DependencyHealth,
} from '@sightline/plugin-observability-common';
import { PromInstantSample } from '../upstreams/clients/PrometheusClient';
import { ServiceGraphSource } from './serviceGraphSources';

/** Error ratios at or above these make a node degraded, then failing. */
const DEGRADED_ERROR_RATIO = 0.01;
const FAILING_ERROR_RATIO = 0.05;

/** A service's health from the error ratio of what it served. */
export function healthOf(errorRatio: number | undefined): DependencyHealth {
  if (errorRatio === undefined) return 'unknown';
  if (errorRatio >= FAILING_ERROR_RATIO) return 'failing';
  if (errorRatio >= DEGRADED_ERROR_RATIO) return 'degraded';
  return 'healthy';
}

const edgeKey = (client: string, server: string) =>
  JSON.stringify([client, server]);

/**
 * Edges from the three per-edge answers of one source: request rates,
 * failure rates and p95 latencies (each one sample per client/server pair).
 * An edge exists where requests do; a pair with failures or latency but no
 * requests over the range is left out. Sorted by client, then server.
 */
export function edgesFromSamples(
  source: ServiceGraphSource,
  answers: {
    requests: PromInstantSample[];
    failures: PromInstantSample[];
    latencyP95: PromInstantSample[];
  },
): DependencyEdge[] {
  const ends = (sample: PromInstantSample) => ({
    client: sample.metric[source.clientLabel] ?? '',
    server: sample.metric[source.serverLabel] ?? '',
  });
  const byPair = (samples: PromInstantSample[]) => {
    const values = new Map<string, number>();
    for (const sample of samples) {
      const { client, server } = ends(sample);
      const value = Number(sample.value[1]);
      const key = edgeKey(client, server);
      // Several connection types of one pair (Tempo) add up.
      values.set(key, (values.get(key) ?? 0) + value);
    }
    return values;
  };
  const failures = byPair(answers.failures);
  const latency = new Map(
    answers.latencyP95.map(s => [
      edgeKey(ends(s).client, ends(s).server),
      Number(s.value[1]),
    ]),
  );
  const edges = new Map<string, DependencyEdge>();
  for (const sample of answers.requests) {
    const { client, server } = ends(sample);
    if (!client || !server) continue;
    const key = edgeKey(client, server);
    const edge = edges.get(key) ?? {
      client,
      server,
      requestRate: 0,
      errorRatio: 0,
    };
    edge.requestRate += Number(sample.value[1]);
    const connectionType = sample.metric.connection_type;
    if (connectionType) edge.connectionType = connectionType;
    edges.set(key, edge);
  }
  const out: DependencyEdge[] = [];
  for (const [key, edge] of edges) {
    if (!(edge.requestRate > 0)) continue;
    edge.errorRatio = Math.min(1, (failures.get(key) ?? 0) / edge.requestRate);
    const p95 = latency.get(key);
    if (p95 !== undefined && Number.isFinite(p95)) edge.latencyP95 = p95;
    out.push(edge);
  }
  return out.sort(
    (a, b) =>
      a.client.localeCompare(b.client) || a.server.localeCompare(b.server),
  );
}

/** What each node served over the range: request rate and error ratio, from the edges into it. */
export function servedBy(
  edges: DependencyEdge[],
): Map<string, { requestRate: number; errorRatio: number }> {
  const totals = new Map<string, { requests: number; errors: number }>();
  for (const edge of edges) {
    const total = totals.get(edge.server) ?? { requests: 0, errors: 0 };
    total.requests += edge.requestRate;
    total.errors += edge.requestRate * edge.errorRatio;
    totals.set(edge.server, total);
  }
  return new Map(
    [...totals].map(([node, { requests, errors }]) => [
      node,
      {
        requestRate: requests,
        errorRatio: requests > 0 ? errors / requests : 0,
      },
    ]),
  );
}
