import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import { UpstreamKind } from '@sightline/plugin-observability-common';
import { readMonitoringClusters } from '@sightline/plugin-observability-node';
import { readObservabilityConfig } from '../config/ObservabilityConfig';
import { UpstreamClients } from '../upstreams/UpstreamClients';
import { UpstreamHttpClient } from '../upstreams/UpstreamHttpClient';

type ClusterEntry = { name: string; [upstream: string]: unknown };

const cache = () =>
  CacheManager.fromConfig(new ConfigReader({})).forPlugin('observability');

/**
 * The upstream clients of one cluster exactly as the config reader makes
 * them from `observability.clusters[0]`, each with a cache of its own. For
 * tests of what the backend derives from configuration (links, headers).
 */
export function upstreamClients(
  cluster: ClusterEntry,
): (kind: UpstreamKind) => UpstreamHttpClient {
  const config = readObservabilityConfig(
    new ConfigReader({ observability: { clusters: [cluster] } } as any),
  );
  const { upstreams } = config.clusters.get(cluster.name)!;
  return kind =>
    new UpstreamHttpClient(upstreams[kind]!, cluster.name, {
      cache: cache(),
      timeoutMs: 2_000,
      maxConcurrency: 4,
      breaker: { failureThreshold: 3, coolDownMs: 60_000 },
    });
}

/**
 * The client factory plugin.ts builds, for one cluster from its config
 * entry: for tests of services, which get their clients from it.
 */
export function clusterClients(cluster: ClusterEntry): UpstreamClients {
  const root = new ConfigReader({
    observability: { clusters: [cluster] },
  } as any);
  return UpstreamClients.fromConfig(
    readObservabilityConfig(root),
    cache(),
    readMonitoringClusters(root),
  );
}
