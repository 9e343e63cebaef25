import { CacheService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ClusterMonitoringReader,
  KubernetesObjectClient,
  KubernetesReadClient,
  MonitoringApplier,
  MonitoringCluster,
  MonitoringClusters,
} from '@sightline/plugin-observability-node';
import {
  PromEngineInfo,
  UpstreamKind,
} from '@sightline/plugin-observability-common';
import { ObservabilityConfig } from '../config/ObservabilityConfig';
import { TraceBackend } from '../traces/TraceBackend';
import { JaegerTraceBackend } from '../traces/jaeger/JaegerTraceBackend';
import { TempoTraceBackend } from '../traces/tempo/TempoTraceBackend';
import { AlertmanagerClient } from './clients/AlertmanagerClient';
import { GrafanaClient } from './clients/GrafanaClient';
import { LokiClient } from './clients/LokiClient';
import { PrometheusClient } from './clients/PrometheusClient';
import { PromEngineDetector } from './PromEngineDetector';
import { UpstreamHttpClient } from './UpstreamHttpClient';

/** A cluster's Kubernetes API, as the doctor reads it and the monitoring routes write it. */
export interface KubernetesAccess {
  cluster: MonitoringCluster;
  /** Reads Services, Pods and monitors, each call bounded by `timeoutMs`. */
  reader(timeoutMs: number): ClusterMonitoringReader;
  /** Applies generated monitoring objects (server-side apply). */
  applier(): MonitoringApplier;
}

/**
 * Every API client of one cluster. Each accessor throws a 400 that says how
 * to configure the upstream when the cluster has none; `has` asks first.
 */
export interface ClusterClients {
  readonly cluster: string;
  has(kind: UpstreamKind | 'traces' | 'kubernetes'): boolean;
  prometheus(): PrometheusClient;
  /** The engine behind `prometheus.url` and the APIs it serves, detected once (cached). */
  prometheusEngine(): Promise<PromEngineInfo>;
  alertmanager(): AlertmanagerClient;
  loki(): LokiClient;
  /** Tempo when configured, else Jaeger. */
  traces(): TraceBackend;
  grafana(): GrafanaClient;
  kubernetes(): KubernetesAccess;
  /** The fetch-layer clients of every configured upstream, for health checks. */
  http(): UpstreamHttpClient[];
}

export interface UpstreamClientsOptions {
  /** Replaces the Kubernetes API client (tests: a stand-in API server's objects). */
  kubernetesClient?: (
    cluster: MonitoringCluster,
  ) => KubernetesObjectClient & KubernetesReadClient;
}

/**
 * The one place upstream clients are made: one set per configured cluster,
 * built once at start-up from config and shared by every service, so that
 * each upstream has one cache, one concurrency limit and one circuit breaker.
 */
export class UpstreamClients {
  static fromConfig(
    config: ObservabilityConfig,
    cache: CacheService,
    monitoring: MonitoringClusters,
    options: UpstreamClientsOptions = {},
  ): UpstreamClients {
    const byCluster = new Map<string, ClusterClients>();
    for (const cluster of config.clusters.values()) {
      const http = new Map<UpstreamKind, UpstreamHttpClient>();
      for (const upstream of Object.values(cluster.upstreams)) {
        http.set(
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
      byCluster.set(
        cluster.name,
        clusterClients(
          cluster.name,
          http,
          monitoring.clusters.get(cluster.name),
          options,
        ),
      );
    }
    return new UpstreamClients(byCluster);
  }

  private constructor(
    private readonly byCluster: Map<string, ClusterClients>,
  ) {}

  /** The clients of a configured cluster; a 400 naming the cluster otherwise. */
  forCluster(cluster: string): ClusterClients {
    const clients = this.byCluster.get(cluster);
    if (!clients) {
      throw new InputError(
        `Cluster '${cluster}' is not configured; add it to observability.clusters in app-config.yaml`,
      );
    }
    return clients;
  }
}

function notConfigured(cluster: string, what: string, keys: string): never {
  throw new InputError(
    `Cluster '${cluster}' has no ${what} configured; add ${keys} to app-config.yaml`,
  );
}

function clusterClients(
  cluster: string,
  http: Map<UpstreamKind, UpstreamHttpClient>,
  monitoring: MonitoringCluster | undefined,
  options: UpstreamClientsOptions,
): ClusterClients {
  const upstream = (kind: UpstreamKind) =>
    http.get(kind) ??
    notConfigured(cluster, kind, `observability.clusters[].${kind}.url`);
  // Each client is made on first use and kept: they hold no state of their
  // own beyond the shared fetch-layer client.
  const once = <T>(make: () => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };
  const prometheus = once(() => new PrometheusClient(upstream('prometheus')));
  const engineDetector = once(
    () => new PromEngineDetector(upstream('prometheus')),
  );
  const alertmanager = once(
    () => new AlertmanagerClient(upstream('alertmanager')),
  );
  const loki = once(() => new LokiClient(upstream('loki')));
  const grafana = once(() => new GrafanaClient(upstream('grafana')));
  const traces = once((): TraceBackend => {
    const tempo = http.get('tempo');
    if (tempo) return new TempoTraceBackend(tempo);
    const jaeger = http.get('jaeger');
    if (jaeger) return new JaegerTraceBackend(jaeger);
    return notConfigured(
      cluster,
      'trace store',
      'observability.clusters[].tempo.url or observability.clusters[].jaeger.url',
    );
  });
  const kubernetes = once((): KubernetesAccess => {
    if (!monitoring?.kubernetes) {
      return notConfigured(
        cluster,
        'Kubernetes API',
        'observability.clusters[].kubernetes.url',
      );
    }
    const client = options.kubernetesClient?.(monitoring);
    return {
      cluster: monitoring,
      reader: timeoutMs =>
        ClusterMonitoringReader.fromCluster(monitoring, { timeoutMs, client }),
      applier: () => MonitoringApplier.fromCluster(monitoring, { client }),
    };
  });
  return {
    cluster,
    has: kind => {
      if (kind === 'traces') return http.has('tempo') || http.has('jaeger');
      if (kind === 'kubernetes') return !!monitoring?.kubernetes;
      return http.has(kind);
    },
    prometheus,
    prometheusEngine: () => engineDetector().detect(),
    alertmanager,
    loki,
    traces,
    grafana,
    kubernetes,
    http: () => [...http.values()],
  };
}
