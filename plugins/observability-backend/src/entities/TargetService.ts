import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  OBSERVABILITY_ANNOTATIONS,
  TelemetryTarget,
  UpstreamKind,
} from '@sightline/plugin-observability-common';
import { PrometheusClient } from '../upstreams/clients/PrometheusClient';
import {
  DetectionProbe,
  DialectDetector,
} from '../metrics/dialects/DialectDetector';
import { UpstreamRegistry } from '../upstreams/UpstreamRegistry';
import { EntityRefParts, EntityResolver } from './EntityResolver';
import { TargetResolver } from './TargetResolver';

/** An entity as its telemetry routes need it. */
export interface EntityTelemetry {
  entity: Entity;
  target: TelemetryTarget;
}

/**
 * Entity in, telemetry target out: reads the entity with the caller's
 * credentials, resolves its cluster and annotations, and detects the metric
 * dialect when it is `auto`.
 */
export class TargetService {
  constructor(
    private readonly entities: EntityResolver,
    private readonly targets: TargetResolver,
    private readonly detector: DialectDetector,
    private readonly upstreams: UpstreamRegistry,
  ) {}

  async forEntity(
    ref: EntityRefParts,
    credentials: BackstageCredentials,
    probe?: Partial<DetectionProbe>,
  ): Promise<EntityTelemetry> {
    const entity = await this.entities.getEntity(ref, credentials);
    return { entity, target: await this.resolve(entity, probe) };
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
    const cluster = this.entities.resolveCluster(entity);
    const { detect, ...target } = this.targets.resolve(entity, cluster.name);
    const prometheus = this.upstreams.get(cluster.name, 'prometheus');
    if (detect && target.metrics && prometheus) {
      const { dialect, detection } = await this.detector.detect(
        new PrometheusClient(prometheus),
        cluster.name,
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
        const cluster = this.entities.resolveCluster(entity).name;
        const { detect, metrics } = this.targets.resolve(entity, cluster);
        if (!detect || !metrics) continue;
        const items = byCluster.get(cluster) ?? [];
        items.push({ ...metrics, options: detect, lookbackMs });
        byCluster.set(cluster, items);
      } catch {
        // Left to `resolve` below, which answers with the same error.
      }
    }
    for (const [cluster, items] of byCluster) {
      const prometheus = this.upstreams.get(cluster, 'prometheus');
      if (!prometheus) continue;
      // Unanswered, each entity's own detection below says why.
      await this.detector
        .detectMany(new PrometheusClient(prometheus), cluster, items, atMs)
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

  /** The named upstream of the target's cluster, if configured. */
  optionalUpstream(target: TelemetryTarget, kind: UpstreamKind) {
    return this.upstreams.get(target.cluster, kind);
  }

  /** The named upstream of the target's cluster; a 400 that says how to configure it when absent. */
  upstream(target: TelemetryTarget, kind: UpstreamKind) {
    const client = this.upstreams.get(target.cluster, kind);
    if (!client) {
      throw new InputError(
        `Cluster '${target.cluster}' has no ${kind} configured; add observability.clusters[].${kind}.url to app-config.yaml`,
      );
    }
    return client;
  }
}
