import {
  ClusterHealth,
  UpstreamHealth,
} from '@sightline/plugin-observability-common';
import { ClusterConfig, UPSTREAM_KINDS } from '../config/ObservabilityConfig';
import { UpstreamClients } from './UpstreamClients';
import { UpstreamHttpClient } from './UpstreamHttpClient';

/** A health probe should tell "down" quickly; queries get the full timeout. */
const HEALTH_TIMEOUT_MS = 5_000;

/**
 * Probes each configured upstream's documented readiness endpoint and reports
 * reachability and latency. Never throws: a failing upstream is a result.
 */
export class UpstreamHealthChecker {
  constructor(private readonly clients: UpstreamClients) {}

  async checkCluster(cluster: ClusterConfig): Promise<ClusterHealth> {
    const clients = this.clients
      .forCluster(cluster.name)
      .http()
      .sort(
        (a, b) =>
          UPSTREAM_KINDS.indexOf(a.upstream.kind) -
          UPSTREAM_KINDS.indexOf(b.upstream.kind),
      );
    const upstreams = await Promise.all(
      clients.map(client => this.checkUpstream(client)),
    );
    return {
      cluster: cluster.name,
      upstreams: await Promise.all(
        upstreams.map(health => this.withEngine(cluster.name, health)),
      ),
    };
  }

  /** Prometheus' engine and capabilities, when it is up and they could be detected. */
  private async withEngine(
    cluster: string,
    health: UpstreamHealth,
  ): Promise<UpstreamHealth> {
    if (health.kind !== 'prometheus' || health.status !== 'up') return health;
    try {
      const engine = await this.clients.forCluster(cluster).prometheusEngine();
      return { ...health, engine };
    } catch {
      // Up a moment ago, unreachable now: the next probe reports it.
      return health;
    }
  }

  private async checkUpstream(
    client: UpstreamHttpClient,
  ): Promise<UpstreamHealth> {
    const { kind, baseUrl, healthPath } = client.upstream;
    const started = performance.now();
    const result = (
      status: UpstreamHealth['status'],
      error?: string,
    ): UpstreamHealth => ({
      kind,
      url: baseUrl,
      status,
      latencyMs: Math.round(performance.now() - started),
      ...(error ? { error } : {}),
    });
    try {
      const response = await client.request(healthPath, {
        timeoutMs: HEALTH_TIMEOUT_MS,
      });
      // Drain the body so the connection is released.
      await response.arrayBuffer();
      if (response.ok) {
        return result('up');
      }
      return result('down', `${healthPath} answered HTTP ${response.status}`);
    } catch (error) {
      return result('down', (error as Error).message);
    }
  }
}
