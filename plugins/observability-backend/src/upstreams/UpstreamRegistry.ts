import { CacheService } from '@backstage/backend-plugin-api';
import { UpstreamKind } from '@sightline/plugin-observability-common';
import {
  ClusterConfig,
  ObservabilityConfig,
} from '../config/ObservabilityConfig';
import { UpstreamHttpClient } from './UpstreamHttpClient';

/** One HTTP client per configured upstream, created once at start-up. */
export class UpstreamRegistry {
  static fromConfig(
    config: ObservabilityConfig,
    cache: CacheService,
  ): UpstreamRegistry {
    const clients = new Map<string, Map<UpstreamKind, UpstreamHttpClient>>();
    for (const cluster of config.clusters.values()) {
      const byKind = new Map<UpstreamKind, UpstreamHttpClient>();
      for (const upstream of Object.values(cluster.upstreams)) {
        byKind.set(
          upstream.kind,
          new UpstreamHttpClient(upstream, cluster.name, {
            cache,
            timeoutMs: config.limits.queryTimeoutMs,
            maxConcurrency: config.limits.maxConcurrencyPerUpstream,
            maxQueuedPerCaller: config.limits.maxQueuedPerCaller,
            breaker: { failureThreshold: 5, coolDownMs: 15_000 },
          }),
        );
      }
      clients.set(cluster.name, byKind);
    }
    return new UpstreamRegistry(clients);
  }

  private constructor(
    private readonly clients: Map<
      string,
      Map<UpstreamKind, UpstreamHttpClient>
    >,
  ) {}

  /** Every client of a cluster, in configuration order. */
  forCluster(cluster: ClusterConfig): UpstreamHttpClient[] {
    return [...(this.clients.get(cluster.name)?.values() ?? [])];
  }

  /** The client for one upstream, or undefined when the cluster does not configure it. */
  get(cluster: string, kind: UpstreamKind): UpstreamHttpClient | undefined {
    return this.clients.get(cluster)?.get(kind);
  }
}
