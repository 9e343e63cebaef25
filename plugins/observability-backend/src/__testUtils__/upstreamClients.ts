import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import { UpstreamKind } from '@sightline/plugin-observability-common';
import { readObservabilityConfig } from '../config/ObservabilityConfig';
import { UpstreamHttpClient } from '../upstreams/UpstreamHttpClient';

/**
 * The upstream clients of one cluster exactly as the config reader makes
 * them from `observability.clusters[0]`, each with a cache of its own. For
 * tests of what the backend derives from configuration (links, headers).
 */
export function upstreamClients(cluster: {
  name: string;
  [upstream: string]: unknown;
}): (kind: UpstreamKind) => UpstreamHttpClient {
  const config = readObservabilityConfig(
    new ConfigReader({ observability: { clusters: [cluster] } } as any),
  );
  const { upstreams } = config.clusters.get(cluster.name)!;
  return kind =>
    new UpstreamHttpClient(upstreams[kind]!, cluster.name, {
      cache: CacheManager.fromConfig(new ConfigReader({})).forPlugin(
        'observability',
      ),
      timeoutMs: 2_000,
      maxConcurrency: 4,
      breaker: { failureThreshold: 3, coolDownMs: 60_000 },
    });
}
