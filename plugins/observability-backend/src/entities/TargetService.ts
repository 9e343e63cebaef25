import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  OBSERVABILITY_ANNOTATIONS,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import {
  ClusterConfig,
  ObservabilityConfig,
} from '../config/ObservabilityConfig';
import {
  DetectionProbe,
  DialectDetector,
} from '../metrics/dialects/DialectDetector';
import { DialectRegistry } from '../metrics/dialects/DialectRegistry';
import { UpstreamClients } from '../upstreams/UpstreamClients';
import { EntityCatalog, EntityRefParts } from './EntityCatalog';
import {
  clusterFromAnnotation,
  targetFromAnnotations,
} from './targetFromAnnotations';

/** An entity as its telemetry routes need it. */
export interface EntityTelemetry {
  entity: Entity;
  target: TelemetryTarget;
}

export interface TargetServiceOptions {
  catalog: EntityCatalog;
  config: ObservabilityConfig;
  dialects: DialectRegistry;
  detector: DialectDetector;
  clients: UpstreamClients;
}

/**
 * Entity in, telemetry target out: reads the entity with the caller's
 * credentials, resolves its cluster and annotations, and detects the metric
 * dialect when it is `auto`.
 */
export class TargetService {
  constructor(private readonly options: TargetServiceOptions) {}

  async forEntity(
    ref: EntityRefParts,
    credentials: BackstageCredentials,
    probe?: Partial<DetectionProbe>,
  ): Promise<EntityTelemetry> {
    const entity = await this.options.catalog.getEntity(ref, credentials);
    return { entity, target: await this.resolve(entity, probe) };
  }

  /**
   * As `forEntity`, without probing Prometheus for the metric dialect: for
   * what reads no metrics (logs, traces, alerts), so that a Prometheus
   * outage cannot break it. `target.metrics.dialect` is only set when an
   * annotation or the default names it.
   */
  async forEntityWithoutDetection(
    ref: EntityRefParts,
    credentials: BackstageCredentials,
  ): Promise<EntityTelemetry> {
    const entity = await this.options.catalog.getEntity(ref, credentials);
    return { entity, target: this.resolveWithoutDetection(entity) };
  }

  /** The entity's cluster; a 400 naming the annotation when it is not configured. */
  cluster(entity: Entity): ClusterConfig {
    return clusterFromAnnotation(entity, this.options.config);
  }

  /** The entity's target from its annotations alone (see `forEntityWithoutDetection`). */
  resolveWithoutDetection(entity: Entity): TelemetryTarget {
    const { detect: _detect, ...target } = this.annotated(entity);
    return target;
  }

  private annotated(entity: Entity, cluster = this.cluster(entity).name) {
    return targetFromAnnotations(entity, cluster, this.options);
  }

  /**
   * The entity's target, its metric dialect detected when it is `auto`:
   * from the series before `probe.atMs` (now by default), over the last
   * hour and then `probe.lookbackMs`. When detection leaves no dialect, the
   * target's problems say what the probe looked for and where.
   */
  async resolve(
    entity: Entity,
    probe: Partial<DetectionProbe> = {},
  ): Promise<TelemetryTarget> {
    const { detect, ...target } = this.annotated(entity);
    const clients = this.options.clients.forCluster(target.cluster);
    if (detect && target.metrics && clients.has('prometheus')) {
      const { dialect, detection } = await this.options.detector.detect(
        clients.prometheus(),
        target.cluster,
        target.metrics.selector,
        detect,
        { atMs: probe.atMs ?? Date.now(), lookbackMs: probe.lookbackMs },
      );
      target.metrics.dialect = dialect ?? target.metrics.dialect;
      target.metrics.detection = detection;
      if (!target.metrics.dialect && detection.failure) {
        target.problems = [
          ...target.problems,
          {
            annotation: OBSERVABILITY_ANNOTATIONS.metricsDialect,
            value:
              entity.metadata.annotations?.[
                OBSERVABILITY_ANNOTATIONS.metricsDialect
              ] ?? 'auto',
            message: detection.failure,
            example: 'prometheus-http',
          },
        ];
      }
    }
    return target;
  }

  /**
   * As `resolve` for many entities at one probe, detecting their dialects
   * over the last hour in a few batched queries per cluster rather than one
   * each (see `DialectDetector.detectMany`). An entity whose cluster is not
   * configured is answered with the error `resolve` would throw.
   */
  async resolveMany(
    entities: Array<{ entity: Entity; lookbackMs?: number }>,
    atMs: number,
  ): Promise<Array<TelemetryTarget | Error>> {
    const byCluster = new Map<
      string,
      Parameters<DialectDetector['detectMany']>[2]
    >();
    for (const { entity, lookbackMs } of entities) {
      try {
        const cluster = this.cluster(entity).name;
        const { detect, metrics } = this.annotated(entity, cluster);
        if (!detect || !metrics) continue;
        const items = byCluster.get(cluster) ?? [];
        items.push({ ...metrics, options: detect, lookbackMs });
        byCluster.set(cluster, items);
      } catch {
        // Left to `resolve` below, which answers with the same error.
      }
    }
    for (const [cluster, items] of byCluster) {
      const clients = this.options.clients.forCluster(cluster);
      if (!clients.has('prometheus')) continue;
      // Unanswered, each entity's own detection below says why.
      await this.options.detector
        .detectMany(clients.prometheus(), cluster, items, atMs)
        .catch(() => undefined);
    }
    const out: Array<TelemetryTarget | Error> = [];
    for (const { entity, lookbackMs } of entities) {
      out.push(
        await this.resolve(entity, { atMs, lookbackMs }).catch(
          (error: unknown) =>
            error instanceof Error ? error : new Error(String(error)),
        ),
      );
    }
    return out;
  }
}
